import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { CHECKPOINT_FORMAT } from '../audit-checkpoint';
import type { CheckpointKind } from '../audit-checkpoint.entity';
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

export class CheckedCheckpoint {
  @ApiProperty() seq!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'As the checkpoint states it; null for a file that is not a readable checkpoint',
  })
  at!: string | null;
  @ApiProperty({
    enum: ['given', 'table', 'file'],
    description:
      'given: the request body; table: the last one recorded; file: the last one in AUDIT_CHECKPOINT_DIR',
  })
  source!: 'given' | 'table' | 'file';
  @ApiPropertyOptional({ description: 'The file name, for source file' }) file?: string;
}

/** Where a verification starts: the chain's first row, or the oldest checkpoint it is checked against. */
export const VERIFY_FROM = ['start', 'checkpoint'] as const;
export type VerifyFrom = (typeof VERIFY_FROM)[number];

export class VerifyQuery {
  @ApiPropertyOptional({
    enum: VERIFY_FROM,
    default: 'start',
    description:
      'start: every row from the first (the full check, periodically and after a restore); checkpoint: from the ' +
      'last checkpoint (its signature and its row checked) to the head, the everyday check — the whole chain ' +
      'when no checkpoint exists',
  })
  @IsOptional()
  @IsIn(VERIFY_FROM)
  from?: VerifyFrom;
}

export class AuditVerifyResponse {
  @ApiProperty({ description: 'true when every row, the chain head and the checkpoints checked verify' })
  ok!: boolean;
  @ApiProperty({ description: 'Rows checked' }) checked!: number;
  @ApiPropertyOptional({
    description: 'The first row checked, when the check started at a checkpoint (from=checkpoint)',
  })
  startSeq?: number;
  @ApiPropertyOptional({ description: 'The first position where the chain is broken' })
  firstBrokenSeq?: number;
  @ApiPropertyOptional({
    enum: ['hash', 'link', 'gap', 'head', 'unreadable', 'checkpoint', 'checkpoint-signature'],
    description:
      'What was found there (unreadable: a stored value no row could have been written with; checkpoint: the ' +
      "chain is shorter than a checkpoint, or its row at the checkpoint's seq has another hash, i.e. rows up to " +
      "there were rewritten; checkpoint-signature: a stored checkpoint's signature does not verify)",
  })
  problem?: string;
  @ApiPropertyOptional({
    type: CheckedCheckpoint,
    description: 'The checkpoint the chain was checked against (the newest one known, or the one given)',
  })
  checkpoint?: CheckedCheckpoint;
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

/** A signed checkpoint as exported to its file: POST it back to /verify as it is. */
export class VerifyCheckpointRequest {
  @ApiPropertyOptional({ enum: [CHECKPOINT_FORMAT], description: "The file's format line (optional)" })
  @IsOptional()
  @IsIn([CHECKPOINT_FORMAT])
  format?: string;
  @ApiProperty({ minimum: 1, description: 'The position in the chain the checkpoint anchors' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'The hash of the row at seq' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  hash!: string;
  @ApiProperty({ format: 'date-time' })
  @IsString()
  @IsISO8601({ strict: true })
  @MaxLength(40)
  at!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the signing key's public key" })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature, base64 (88 characters)' })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{86}==$/)
  signature!: string;
}

export class AuditCheckpointResponse {
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty() signature!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'MANUAL'] }) kind!: CheckpointKind;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The file in AUDIT_CHECKPOINT_DIR (null when it could not be written: see the log)',
  })
  file!: string | null;
}
