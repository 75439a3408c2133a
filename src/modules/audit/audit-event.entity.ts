import { Column, Entity, Index } from 'typeorm';
import { TextColumn, TimestampColumn } from '../../database/columns';

/**
 * One insert-only row of the audit trail. `seq` is assigned by the application (not auto-increment) so that a
 * deleted or reordered row breaks the chain; `hash` is HMAC-SHA-256 over the canonical row and `prevHash`.
 */
@Entity('audit_event')
@Index('idx_audit_entity', ['entityType', 'entityId'])
@Index('idx_audit_actor', ['actorId'])
@Index('idx_audit_at', ['at'])
export class AuditEvent {
  @Column({ type: 'bigint', primary: true }) seq!: string;
  @TimestampColumn() at!: Date;
  @TextColumn(36, { nullable: true }) actorId!: string | null;
  @TextColumn(20, { nullable: true }) actorRole!: string | null;
  @TextColumn(60) action!: string;
  @TextColumn(40) entityType!: string;
  @TextColumn(36, { nullable: true }) entityId!: string | null;
  @Column({ type: 'simple-json' }) summary!: Record<string, unknown>;
  @TextColumn(64, { nullable: true }) requestId!: string | null;
  @TextColumn(64, { nullable: true }) ip!: string | null;
  @TextColumn(64) prevHash!: string;
  @TextColumn(64) hash!: string;
}

/**
 * The chain's head, one row: every audit write locks it, which orders concurrent writers and lets verification
 * notice a deleted last row.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @Column({ type: 'int', primary: true }) id!: number;
  @Column({ type: 'bigint' }) lastSeq!: string;
  @TextColumn(64) lastHash!: string;
  /** The id of the HMAC key the chain is written with (audit-key.ts), recorded by the first start. */
  @TextColumn(64, { nullable: true }) keyId!: string | null;
  /** The id of the checkpoint signing key (SHA-256 of its public key), recorded by the first start. */
  @TextColumn(64, { nullable: true }) checkpointKeyId!: string | null;
}
