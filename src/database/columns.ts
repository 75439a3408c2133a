import { Column, type ColumnOptions } from 'typeorm';

/**
 * Portable column shapes shared by every entity, so that one migration set gives the same schema on SQLite
 * and MySQL/MariaDB. Timestamps are UTC with milliseconds and are always set by the application (never by a
 * database default): SQLite compares datetimes as text, so every stored value must have the same format.
 */
export const IdColumn = (): PropertyDecorator => Column({ type: 'varchar', length: 36, primary: true });
export const RefColumn = (options: Pick<ColumnOptions, 'nullable'> = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, nullable: options.nullable ?? false });
export const TimestampColumn = (options: Pick<ColumnOptions, 'nullable'> = {}): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, nullable: options.nullable ?? false });
/** A calendar date as a 'YYYY-MM-DD' string. */
export const DateColumn = (options: Pick<ColumnOptions, 'nullable'> = {}): PropertyDecorator =>
  Column({ type: 'date', nullable: options.nullable ?? false });
export const TextColumn = (
  length: number,
  options: Pick<ColumnOptions, 'nullable'> = {},
): PropertyDecorator => Column({ type: 'varchar', length, nullable: options.nullable ?? false });
export const VersionColumn = (): PropertyDecorator => Column({ type: 'int', default: 1 });
