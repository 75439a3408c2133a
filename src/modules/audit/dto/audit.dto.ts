import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import type { AuditEvent } from '../audit-event.entity';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'contractor' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  entityType?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'contractor.update' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'From this time (inclusive, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Before this time (exclusive, UTC)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEventResponse {
  @ApiProperty({ description: 'Position in the chain, from 1' }) seq!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null when the stored time is unreadable (the verification reports that row)',
  })
  at!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) summary!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty() hash!: string;
}

export class AuditVerifyResponse {
  @ApiProperty({ description: 'true when every row and the chain head verify' }) ok!: boolean;
  @ApiProperty({ description: 'Rows checked' }) checked!: number;
  @ApiPropertyOptional({ description: 'The first position where the chain is broken' })
  firstBrokenSeq?: number;
  @ApiPropertyOptional({
    enum: ['hash', 'link', 'gap', 'head', 'unreadable'],
    description: 'What was found there (unreadable: a stored value no row could have been written with)',
  })
  problem?: string;
}

export function toAuditEventResponse(e: AuditEvent): AuditEventResponse {
  return {
    seq: Number(e.seq),
    at: Number.isNaN(e.at.getTime()) ? null : e.at.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    summary: e.summary,
    requestId: e.requestId,
    ip: e.ip,
    hash: e.hash,
  };
}
