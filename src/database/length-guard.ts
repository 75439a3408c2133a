import {
  type EntityMetadata,
  EventSubscriber,
  type EntitySubscriberInterface,
  type InsertEvent,
  type ObjectLiteral,
  type UpdateEvent,
} from 'typeorm';
import { InvalidInputError } from '../common/errors/domain-error';

/**
 * One truth on both databases: MariaDB (strict mode) refuses a string longer than its VARCHAR column, counted in
 * characters (code points); SQLite stores it. This subscriber checks every insert and update against the
 * entities' declared lengths before either database sees it, so both refuse the same values, with the same
 * 400 `DB.VALUE_TOO_LONG` naming the column.
 */
@EventSubscriber()
export class LengthGuard implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    checkLengths(event.metadata, event.entity);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    checkLengths(event.metadata, event.entity);
  }
}

/** Code points, as MariaDB's utf8mb4 counts a VARCHAR's characters (an emoji is one, not two UTF-16 units). */
export function characterLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** The varchar columns of an entity with their declared lengths, by property name. */
export function limitedColumns(
  metadata: EntityMetadata,
): { property: string; column: string; length: number }[] {
  return metadata.columns
    .filter((c) => (c.type === 'varchar' || c.type === String) && Number(c.length) > 0)
    .map((c) => ({ property: c.propertyName, column: c.databaseName, length: Number(c.length) }));
}

export function checkLengths(metadata: EntityMetadata, values: ObjectLiteral | undefined): void {
  if (!values) return;
  const tooLong = limitedColumns(metadata).filter(({ property, length }) => {
    const value: unknown = values[property];
    return typeof value === 'string' && characterLength(value) > length;
  });
  if (tooLong.length === 0) return;
  throw new InvalidInputError('DB.VALUE_TOO_LONG', '入力値が長すぎます。', {
    fields: tooLong.map(({ property, length }) => ({
      field: property,
      rule: 'maxLength',
      message: `${property} must be at most ${length} characters long`,
    })),
  });
}
