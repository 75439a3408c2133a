import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import type { RequestOrigin } from '../../common/auth/actor';
import { AuditChainHead, AuditEvent } from './audit-event.entity';
import { hashAuditRecord, type AuditRecord } from './audit-chain';
import { insertRows } from '../../database/insert';

export interface AuditEntry {
  /** The signed-in user (an Actor fits), or only the request's origin for anonymous events (failed sign-ins). */
  actor: RequestOrigin & { userId?: string | null; role?: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  /** What changed: field names with their new values, never secrets. */
  summary?: Record<string, unknown>;
}

/**
 * Appends to the hash chain inside the caller's transaction. Locking the single head row orders concurrent
 * writers (MySQL: SELECT … FOR UPDATE; SQLite: writers are serialised anyway), so every row's prev_hash is the
 * hash of the row before it.
 */
@Injectable()
export class AuditWriter {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    const query = manager.createQueryBuilder(AuditChainHead, 'h').where('h.id = 1');
    // SQLite has no row locks (and needs none: its writers are serialised by TransactionService).
    if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    const head = await query.getOneOrFail();
    const seq = String(BigInt(head.lastSeq) + 1n);
    const record: AuditRecord = {
      seq,
      at: new Date(),
      actorId: entry.actor.userId ?? null,
      actorRole: entry.actor.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: entry.summary ?? {},
      requestId: entry.actor.requestId,
      ip: entry.actor.ip,
      prevHash: head.lastHash,
    };
    const hash = hashAuditRecord(this.config.auditHmacKey, record);
    const event = manager.create(AuditEvent, { ...record, hash });
    // summary is free-form JSON, which TypeORM's deep-partial typing cannot express.
    await insertRows(manager, AuditEvent, event as unknown as QueryDeepPartialEntity<AuditEvent>);
    await manager.update(AuditChainHead, { id: 1 }, { lastSeq: seq, lastHash: hash });
    return event;
  }
}
