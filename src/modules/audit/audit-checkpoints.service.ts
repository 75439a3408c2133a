import { createPublicKey, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import type { Actor, RequestOrigin } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { InvalidInputError } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/db-errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '../../common/pagination/cursor';
import type { PageQuery } from '../../common/pagination/page.query';
import { InjectConfig } from '../../config/config.module';
import { publicKeyId } from '../../config/audit-keys';
import type { AppConfig } from '../../config/env';
import { insertRows } from '../../database/insert';
import { LeaseService } from '../../database/lease.service';
import { TransactionService } from '../../database/transaction.service';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { findActiveUsers } from '../notifications/recipients';
import {
  checkCheckpointSignature,
  checkpointFileName,
  checkpointFileText,
  parseCheckpointFile,
  seqOfCheckpointFile,
  signCheckpoint,
  type SignatureCheck,
  type SignedCheckpoint,
} from './audit-checkpoint';
import { AuditCheckpoint, type CheckpointKind } from './audit-checkpoint.entity';
import { AuditChainHead } from './audit-event.entity';
import { AuditWriter } from './audit.writer';
import type { AuditCheckpointResponse, CheckedCheckpoint } from './dto/audit.dto';

type Origin = RequestOrigin & { userId?: string | null; role?: string | null };

const JOB_ORIGIN: Origin = { requestId: 'job:audit-checkpoint', ip: null };
/** The public key's file name in the export directory, so that a copy of the folder can be checked on its own. */
export const PUBLIC_KEY_FILE = 'audit-checkpoint.pub';

/** A checkpoint the verification checks the chain against, with where it came from. */
export interface Anchor {
  checkpoint: SignedCheckpoint;
  source: CheckedCheckpoint['source'];
  file?: string;
  /** Whether it carries this installation's valid signature; a given checkpoint is refused unless it does. */
  signature: SignatureCheck;
}

export const AuditCheckpointErrors = {
  signature: (reason: Exclude<SignatureCheck, 'valid'>) =>
    new InvalidInputError(
      'AUDIT.CHECKPOINT_SIGNATURE_INVALID',
      reason === 'unknown-key'
        ? 'チェックポイントは、このシステムの署名鍵で署名されたものではありません。'
        : 'チェックポイントの署名が一致しません（内容が書き換えられています）。',
      { reason },
    ),
};

/**
 * Signed checkpoints of the audit chain (issue 13, item 4): made by a daily job and on demand, each one recorded
 * with its own audit row, written as a file to AUDIT_CHECKPOINT_DIR (outside DATA_DIR) and sent to the active
 * administrators as a notification, e-mailed when SMTP is set.
 */
@Injectable()
export class AuditCheckpointsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditCheckpoints');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly writer: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly leases: LeaseService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Where the keys are and where checkpoints go: the operator finds them in the start-up log. */
  onApplicationBootstrap(): void {
    for (const notice of this.config.auditKeys.notices) this.logger.log(notice);
  }

  // 02:00 Japan time: after the night's jobs (01:30, 01:40), so that the checkpoint covers their rows.
  @Cron('0 0 2 * * *', { name: 'audit-checkpoint', timeZone: 'Asia/Tokyo' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      const today = todayInJapan();
      await this.leases.daily('audit-checkpoint', today, async () => {
        const made = await this.scheduled(today);
        if (made) this.logger.log({ seq: made.seq, file: made.file }, 'audit checkpoint made');
      });
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'audit checkpoint failed',
      );
    }
  }

  /**
   * The day's checkpoint. Nothing is made when nothing was written since the last checkpoint (its own row is
   * the chain's last), nor when another instance has already made the day's one.
   */
  async scheduled(today: string, origin: Origin = JOB_ORIGIN): Promise<AuditCheckpointResponse | null> {
    const [head, last] = await Promise.all([
      this.dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 }),
      this.lastRecorded(),
    ]);
    if (last && String(last.seq) === String(head.lastSeq)) return null;
    try {
      return await this.make(origin, 'SCHEDULED', today);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** A checkpoint now (ADMIN): before and after maintenance, or whenever the operator wants a fresh anchor. */
  create(actor: Actor): Promise<AuditCheckpointResponse> {
    return this.make(actor, 'MANUAL', null);
  }

  private async make(
    origin: Origin,
    kind: CheckpointKind,
    scheduledFor: string | null,
  ): Promise<AuditCheckpointResponse> {
    const { signingKey, keyId } = this.config.auditKeys.checkpoint;
    const signed = await this.tx.run(async (t) => {
      const id = randomUUID();
      // The checkpoint anchors its own audit row: the row that says a checkpoint was made is covered by it.
      const event = await this.writer.append(t.manager, {
        actor: origin,
        action: 'audit.checkpoint',
        entityType: 'audit_checkpoint',
        entityId: id,
        summary: { kind, ...(scheduledFor ? { scheduledFor } : {}), keyId },
      });
      const checkpoint = signCheckpoint(signingKey, keyId, {
        seq: Number(event.seq),
        hash: event.hash,
        at: event.at,
      });
      await insertRows(t.manager, AuditCheckpoint, {
        id,
        seq: event.seq,
        hash: event.hash,
        at: event.at,
        keyId,
        signature: checkpoint.signature,
        kind,
        scheduledFor,
        createdBy: origin.userId ?? null,
      });
      const admins = await findActiveUsers(t.manager, { roles: ['ADMIN'] });
      await this.notifications.notify(t.manager, {
        userIds: admins.map((a) => a.id),
        kind: 'audit-checkpoint',
        subject: `監査ログのチェックポイント（番号${checkpoint.seq}）`,
        body: mailBody(checkpoint),
        link: '/audit',
        dedupeKey: `audit-checkpoint:${checkpoint.seq}`,
      });
      return checkpoint;
    });
    const file = this.export(signed);
    this.mailer.flushSoon();
    return { ...signed, kind, file };
  }

  /**
   * Writes the checkpoint file (through a temporary name, so a reader never sees half of it) and the public key
   * beside it. A failure is logged, not thrown: the checkpoint is recorded and mailed all the same.
   */
  private export(checkpoint: SignedCheckpoint): string | null {
    const { dir, publicKeyPem } = this.config.auditKeys.checkpoint;
    const name = checkpointFileName(checkpoint.seq);
    try {
      mkdirSync(dir, { recursive: true });
      keepPublicKey(dir, publicKeyPem);
      const temporary = join(dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, checkpointFileText(checkpoint), { mode: 0o644, flag: 'wx' });
      renameSync(temporary, join(dir, name));
      return name;
    } catch (error) {
      this.logger.error(
        { dir, seq: checkpoint.seq, err: error instanceof Error ? error.message : String(error) },
        'audit checkpoint file could not be written',
      );
      return null;
    }
  }

  /** Newest first. */
  async list(query: PageQuery): Promise<Page<AuditCheckpointResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.manager.createQueryBuilder(AuditCheckpoint, 'c');
    const after = decodeCursor(query.cursor, ['integer']);
    if (after) qb.andWhere('c.seq < :seq', { seq: Number(after[0]) });
    const rows = await qb
      .orderBy('c.seq', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(
      rows,
      limit,
      (c) => this.toResponse(c),
      (c) => [Number(c.seq)],
    );
  }

  async latest(): Promise<AuditCheckpointResponse | null> {
    const last = await this.lastRecorded();
    return last ? this.toResponse(last) : null;
  }

  /** A checkpoint brought by the operator: refused unless this installation's key signed it. */
  given(checkpoint: SignedCheckpoint): Anchor {
    const { publicKey, keyId } = this.config.auditKeys.checkpoint;
    const signature = checkCheckpointSignature(publicKey, keyId, checkpoint);
    if (signature !== 'valid') throw AuditCheckpointErrors.signature(signature);
    return { checkpoint, source: 'given', signature };
  }

  /**
   * The checkpoints the app knows: the last one recorded in the table and the last file in the export
   * directory. Both are checked: whoever deletes rows can delete the table's checkpoints too, but not the file.
   */
  async known(): Promise<Anchor[]> {
    const { publicKey, keyId } = this.config.auditKeys.checkpoint;
    const anchors: Anchor[] = [];
    const last = await this.lastRecorded();
    if (last) {
      const checkpoint = toSigned(last);
      anchors.push({
        checkpoint,
        source: 'table',
        signature: checkCheckpointSignature(publicKey, keyId, checkpoint),
      });
    }
    const file = this.lastFile();
    if (file) {
      const read = file.checkpoint;
      const same =
        read !== null &&
        anchors.some((a) => a.checkpoint.seq === read.seq && a.checkpoint.hash === read.hash);
      if (!same) {
        anchors.push(
          read
            ? {
                checkpoint: read,
                source: 'file',
                file: file.name,
                signature: checkCheckpointSignature(publicKey, keyId, read),
              }
            : // A file named as a checkpoint that is not one: reported, never skipped (it may be a forged one).
              {
                checkpoint: { seq: file.seq, hash: '', at: '', keyId: '', signature: '' },
                source: 'file',
                file: file.name,
                signature: 'invalid',
              },
        );
      }
    }
    return anchors;
  }

  private lastRecorded(): Promise<AuditCheckpoint | null> {
    return this.dataSource.manager
      .createQueryBuilder(AuditCheckpoint, 'c')
      .orderBy('c.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The newest checkpoint file (by the seq in its name) in the export directory, read. */
  private lastFile(): { name: string; seq: number; checkpoint: SignedCheckpoint | null } | null {
    const { dir } = this.config.auditKeys.checkpoint;
    if (!existsSync(dir)) return null;
    let best: { name: string; seq: number } | null = null;
    for (const name of readdirSync(dir)) {
      const seq = seqOfCheckpointFile(name);
      if (seq !== null && (!best || seq > best.seq)) best = { name, seq };
    }
    if (!best) return null;
    let checkpoint: SignedCheckpoint | null;
    try {
      checkpoint = parseCheckpointFile(readFileSync(join(dir, best.name), 'utf8'));
    } catch {
      checkpoint = null;
    }
    return { ...best, checkpoint: checkpoint && checkpoint.seq === best.seq ? checkpoint : null };
  }

  private toResponse(c: AuditCheckpoint): AuditCheckpointResponse {
    const name = checkpointFileName(Number(c.seq));
    return {
      ...toSigned(c),
      kind: c.kind,
      file: existsSync(join(this.config.auditKeys.checkpoint.dir, name)) ? name : null,
    };
  }
}

function toSigned(c: AuditCheckpoint): SignedCheckpoint {
  return {
    seq: Number(c.seq),
    hash: c.hash,
    at: c.at.toISOString(),
    keyId: c.keyId,
    signature: c.signature,
  };
}

/** The notification (and e-mail) to the administrators: the checkpoint in words and as the JSON to verify with. */
/**
 * Writes the public key beside the checkpoints. After the signing key was replaced, the previous one is kept there
 * as `audit-checkpoint.<its key id>.pub`, so that the checkpoints it signed can still be checked from the folder.
 */
function keepPublicKey(dir: string, publicKeyPem: string): void {
  const keyFile = join(dir, PUBLIC_KEY_FILE);
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, publicKeyPem, { mode: 0o644 });
    return;
  }
  const existing = readFileSync(keyFile, 'utf8');
  if (existing === publicKeyPem) return;
  let previous: string;
  try {
    previous = publicKeyId(createPublicKey(existing));
  } catch {
    previous = 'unreadable';
  }
  renameSync(keyFile, join(dir, `audit-checkpoint.${previous}.pub`));
  writeFileSync(keyFile, publicKeyPem, { mode: 0o644 });
}

function mailBody(c: SignedCheckpoint): string {
  return [
    '監査ログのチェックポイントを作成しました。',
    'このお知らせは、監査ログの記録が後から削除され、又は書き換えられていないことを確かめるための控えです。削除せずに、このシステムとは別の場所に保管してください。',
    '',
    `番号：${c.seq}`,
    `日時：${c.at}`,
    `ハッシュ値：${c.hash}`,
    `署名鍵の識別子：${c.keyId}`,
    `署名：${c.signature}`,
    '',
    '検証するときは、次の内容を監査ログの検証（POST /api/audit-events/verify）に送信してください。',
    checkpointFileText(c).trimEnd(),
  ].join('\n');
}
