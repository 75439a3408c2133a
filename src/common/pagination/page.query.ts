import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Orders a dated list may take: newest first (by creation), or by due date (the latest first). */
export const LIST_SORTS = ['newest', 'due'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** `limit`, `cursor` and `withTotal`, shared by every list route. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Also count all matching rows (costs a COUNT)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  withTotal?: boolean;
}

/** Builds the OpenAPI schema of a page of T. */
export function pageOf<T>(
  item: new () => T,
): new () => { items: T[]; nextCursor: string | null; total?: number } {
  class PageResponse {
    @ApiProperty({ type: item, isArray: true }) items!: T[];
    @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
    @ApiPropertyOptional() total?: number;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  return PageResponse;
}

export const booleanQuery = toBool;
