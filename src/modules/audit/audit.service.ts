import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '../../common/pagination/cursor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { rawInstant } from '../../database/raw-values';
import { AuditChainHead, AuditEvent } from './audit-event.entity';
import { GENESIS_HASH, hashAuditRecord } from './audit-chain';
import type { SignedCheckpoint } from './audit-checkpoint';
import { AuditCheckpointsService, type Anchor } from './audit-checkpoints.service';
import type { VerifyFrom } from './dto/audit.dto';
import {
  toAuditEventResponse,
  type AuditEventResponse,
  type AuditVerifyResponse,
  type CheckedCheckpoint,
  type ListAuditEventsQuery,
} from './dto/audit.dto';

const VERIFY_BATCH = 2000;
const RAW_COLUMNS = [
  'seq',
  'at',
  'actorId',
  'actorRole',
  'action',
  'entityType',
  'entityId',
  'summary',
  'requestId',
  'ip',
  'prevHash',
  'hash',
] as const;
type RawAuditRow = Record<Exclude<(typeof RAW_COLUMNS)[number], 'at' | 'seq'>, string> & {
  seq: string | number;
  at: Date | string;
  actorId: string | null;
  actorRole: string | null;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
};

/** The row's time, or null when the stored value is no valid instant (a zero date, text that is not a time). */
function readableInstant(value: Date | string | null): Date | null {
  if (value === null) return null;
  try {
    const at = rawInstant(value);
    return Number.isNaN(at.getTime()) ? null : at;
  } catch {
    return null;
  }
}

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  /** Newest first. */
  async list(query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.manager.createQueryBuilder(AuditEvent, 'e');
    if (query.entityType) qb.andWhere('e.entityType = :et', { et: query.entityType });
    if (query.entityId) qb.andWhere('e.entityId = :eid', { eid: query.entityId });
    if (query.actorId) qb.andWhere('e.actorId = :aid', { aid: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.at < :to', { to: new Date(query.to) });
    const total = query.withTotal ? await qb.clone().getCount() : undefined;
    const after = decodeCursor(query.cursor, ['integer']);
    if (after) qb.andWhere('e.seq < :seq', { seq: Number(after[0]) });
    const rows = await qb
      .orderBy('e.seq', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = toPage(rows, limit, toAuditEventResponse, (e) => [Number(e.seq)]);
    return total === undefined ? page : { ...page, total };
  }

  /**
   * Walks the chain in order and recomputes every hash, a page of VERIFY_BATCH rows at a time (keyset on seq), so
   * memory stays flat however long the log. Catches an edited row (hash), a reordered or replaced row (link), a
   * deleted row in the middle (gap) and a deleted last row (head); then checks the chain against a checkpoint:
   * the one given, or else the last ones the app knows (table and export directory). A checkpoint catches what
   * the chain alone cannot: the newest rows deleted with the head rewound, and rows re-signed with the HMAC key
   * (issue 13, item 4).
   *
   * `from: 'checkpoint'` is the everyday check: it starts at the oldest of the checkpoints it checks against
   * (their signatures verified first), whose row must still carry the signed hash, and walks from there to the
   * head — the rows written since the last checkpoint, not the whole log. The rows before it are not re-read:
   * an edit there that left the stored hashes as they were shows only in a full walk (`from: 'start'`, the
   * default), to run periodically and after a restore. With no checkpoint known it walks the whole chain.
   */
  async verify(given?: SignedCheckpoint, options: { from?: VerifyFrom } = {}): Promise<AuditVerifyResponse> {
    const anchors = given ? [this.checkpoints.given(given)] : await this.checkpoints.known();
    // A stored checkpoint that does not carry this installation's signature is itself a sign of tampering.
    const forged = anchors.find((a) => a.signature !== 'valid');
    if (forged) {
      return {
        ok: false,
        checked: 0,
        firstBrokenSeq: forged.checkpoint.seq,
        problem: 'checkpoint-signature',
        checkpoint: describeAnchor(forged),
      };
    }
    const bySeq = new Map(anchors.map((a) => [a.checkpoint.seq, a]));
    const newest = anchors.reduce<Anchor | undefined>(
      (best, a) => (!best || a.checkpoint.seq > best.checkpoint.seq ? a : best),
      undefined,
    );
    const startSeq =
      options.from === 'checkpoint' && anchors.length > 0
        ? Math.min(...anchors.map((a) => a.checkpoint.seq))
        : null;
    const withCheckpoint = (result: AuditVerifyResponse, anchor = newest): AuditVerifyResponse => {
      const started = startSeq === null ? result : { ...result, startSeq };
      return anchor ? { ...started, checkpoint: describeAnchor(anchor) } : started;
    };
    const key = this.config.auditHmacKey;
    let expectedSeq = startSeq ?? 1;
    // From a checkpoint, the first row's link is taken as stored: its own hash is then checked against the
    // signed one, which covers the link.
    let prevHash: string | null = startSeq === null ? GENESIS_HASH : null;
    let checked = 0;
    for (;;) {
      // Raw rows: a tampered summary that is no longer JSON must count as a broken row, not crash the check.
      const rows = await this.dataSource.manager
        .createQueryBuilder(AuditEvent, 'e')
        .select(RAW_COLUMNS.map((c) => `e.${c} AS "${c}"`))
        .where('e.seq >= :from', { from: expectedSeq })
        .orderBy('e.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getRawMany<RawAuditRow>();
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== expectedSeq)
          return withCheckpoint({ ok: false, checked, firstBrokenSeq: expectedSeq, problem: 'gap' });
        if (prevHash !== null && row.prevHash !== prevHash)
          return withCheckpoint({ ok: false, checked, firstBrokenSeq: seq, problem: 'link' });
        const summary = parseJson(row.summary);
        const at = readableInstant(row.at);
        // A value the database holds but no row could have been written with (no JSON, an impossible time): the
        // row is reported, never a 500.
        if (summary === null || at === null) {
          return withCheckpoint({ ok: false, checked, firstBrokenSeq: seq, problem: 'unreadable' });
        }
        const hash = hashAuditRecord(key, {
          seq: String(row.seq),
          at,
          actorId: row.actorId,
          actorRole: row.actorRole,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          summary,
          requestId: row.requestId,
          ip: row.ip,
          prevHash: row.prevHash,
        });
        if (hash !== row.hash)
          return withCheckpoint({ ok: false, checked, firstBrokenSeq: seq, problem: 'hash' });
        // The row a checkpoint anchors must still carry the hash the checkpoint was signed over: rows up to it
        // re-signed with the HMAC key give another one.
        const anchor = bySeq.get(seq);
        if (anchor && anchor.checkpoint.hash !== row.hash) {
          return withCheckpoint({ ok: false, checked, firstBrokenSeq: seq, problem: 'checkpoint' }, anchor);
        }
        checked++;
        expectedSeq++;
        prevHash = row.hash;
      }
      if (rows.length < VERIFY_BATCH) break;
      // Other requests run between pages: SQLite's driver is synchronous, and a walk over a long log would
      // otherwise hold the event loop for its whole length.
      await nextTurn();
    }
    const head = await this.dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    if (Number(head.lastSeq) !== expectedSeq - 1 || head.lastHash !== prevHash) {
      return withCheckpoint({ ok: false, checked, firstBrokenSeq: expectedSeq, problem: 'head' });
    }
    // Fewer rows than a checkpoint anchors: the newest rows were deleted and the head rewound to match.
    if (newest && newest.checkpoint.seq >= expectedSeq) {
      return withCheckpoint({ ok: false, checked, firstBrokenSeq: expectedSeq, problem: 'checkpoint' });
    }
    return withCheckpoint({ ok: true, checked });
  }
}

function describeAnchor(anchor: Anchor): CheckedCheckpoint {
  return {
    seq: anchor.checkpoint.seq,
    // A file that is no checkpoint states no time.
    at: anchor.checkpoint.at === '' ? null : anchor.checkpoint.at,
    source: anchor.source,
    ...(anchor.file ? { file: anchor.file } : {}),
  };
}
