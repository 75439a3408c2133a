import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import { TransactionService } from '../../database/transaction.service';
import {
  toNotificationResponse,
  type ListNotificationsQuery,
  type NotificationPage,
  type NotificationResponse,
  type ReadAllResponse,
} from './dto/notification.dto';
import { Notification } from './notification.entity';
import type { PlannedNotification } from './notification.types';
import { NotificationErrors } from './notifications.errors';
import { chunks, findActiveUsers, unique } from './recipients';
import { clipSubject } from './reminder-messages';

const INSERT_CHUNK = 200;
const IN_CHUNK = 500;
/** The column holds 200; the stored key adds `:` and the 36-character user id. */
const MAX_DEDUPE_KEY_LENGTH = 150;

/**
 * In-app notifications: creating them inside the caller's transaction (exactly once per dedupe key and user),
 * and each user's own list. E-mail goes out after the commit (NotificationMailer).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Stores one notification per active user under `${dedupeKey}:${userId}`, skipping the keys that exist, and
   * answers how many it created. Call it inside your own transaction (`t.manager`): the notifications commit
   * with your change. A key written meanwhile by another instance is skipped too (INSERT IGNORE / ON CONFLICT
   * DO NOTHING), so a duplicate never fails the caller's transaction. Then call `NotificationMailer.flushSoon()`
   * after the commit so that the e-mails go out without waiting for the poller.
   */
  notify(manager: EntityManager, notification: PlannedNotification): Promise<number> {
    return this.notifyAll(manager, [notification]);
  }

  /** `notify` for many at once, in a few queries whatever their number (the reminder run). */
  async notifyAll(manager: EntityManager, planned: PlannedNotification[]): Promise<number> {
    planned.forEach(assertPlanned);
    const active = new Set(
      (await findActiveUsers(manager, { ids: unique(planned.flatMap((p) => p.userIds)) })).map((u) => u.id),
    );
    const now = new Date();
    const candidates = new Map<string, Notification>();
    for (const p of planned) {
      for (const userId of p.userIds) {
        const dedupeKey = `${p.dedupeKey}:${userId}`;
        if (!active.has(userId) || candidates.has(dedupeKey)) continue;
        candidates.set(dedupeKey, {
          id: randomUUID(),
          userId,
          kind: p.kind,
          subject: clipSubject(p.subject),
          body: p.body,
          link: p.link ?? null,
          dedupeKey,
          readAt: null,
          emailedAt: null,
          createdAt: now,
        });
      }
    }
    const existing = new Set<string>();
    for (const keys of chunks([...candidates.keys()], IN_CHUNK)) {
      const rows = await manager.find(Notification, {
        select: { dedupeKey: true },
        where: { dedupeKey: In(keys) },
      });
      for (const row of rows) existing.add(row.dedupeKey);
    }
    // In key order, so that two instances inserting the same keys lock them in the same order (no deadlock).
    const rows = [...candidates.values()]
      .filter((n) => !existing.has(n.dedupeKey))
      .sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : 1));
    if (rows.length === 0) return 0;
    for (const chunk of chunks(rows, INSERT_CHUNK)) {
      // insertRows' insert, ignoring keys another instance wrote since the check above.
      await manager
        .createQueryBuilder()
        .insert()
        .into(Notification)
        .values(chunk)
        .orIgnore()
        .updateEntity(false)
        .execute();
    }
    let created = 0;
    for (const ids of chunks(
      rows.map((n) => n.id),
      IN_CHUNK,
    )) {
      created += await manager.count(Notification, { where: { id: In(ids) } });
    }
    return created;
  }

  async list(actor: Actor, query: ListNotificationsQuery): Promise<NotificationPage> {
    const manager = this.dataSource.manager;
    const qb = manager
      .createQueryBuilder(Notification, 'n')
      .where('n.userId = :userId', { userId: actor.userId });
    if (query.unread !== undefined) qb.andWhere(query.unread ? 'n.readAt IS NULL' : 'n.readAt IS NOT NULL');
    const page = await pageByCreatedAt(qb, query, 'DESC');
    return { ...mapPage(page, toNotificationResponse), unreadCount: await this.unreadCount(manager, actor) };
  }

  /** Own notifications only: another user's answers 404 exactly as a missing one does. */
  markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    return this.tx.run(async (t) => {
      const found = await t.manager.findOne(Notification, { where: { id, userId: actor.userId } });
      if (!found) throw NotificationErrors.notFound();
      if (found.readAt !== null) return toNotificationResponse(found);
      const now = new Date();
      const result = await t.manager.update(Notification, { id, readAt: IsNull() }, { readAt: now });
      if (result.affected) {
        await t.audit({ actor, action: 'notification.read', entityType: 'notification', entityId: id });
        return toNotificationResponse({ ...found, readAt: now });
      }
      const current = await t.manager.findOneOrFail(Notification, { where: { id } });
      return toNotificationResponse(current);
    });
  }

  markAllRead(actor: Actor): Promise<ReadAllResponse> {
    return this.tx.run(async (t) => {
      const result = await t.manager.update(
        Notification,
        { userId: actor.userId, readAt: IsNull() },
        { readAt: new Date() },
      );
      const updated = result.affected ?? 0;
      if (updated > 0) {
        await t.audit({
          actor,
          action: 'notification.read-all',
          entityType: 'user',
          entityId: actor.userId,
          summary: { updated },
        });
      }
      return { updated, unreadCount: await this.unreadCount(t.manager, actor) };
    });
  }

  private unreadCount(manager: EntityManager, actor: Actor): Promise<number> {
    return manager.count(Notification, { where: { userId: actor.userId, readAt: IsNull() } });
  }
}

/** A caller's mistake, not the user's: fail loudly rather than store a cut key (INSERT IGNORE would cut it). */
function assertPlanned(p: PlannedNotification): void {
  if (p.dedupeKey.length === 0 || p.dedupeKey.length > MAX_DEDUPE_KEY_LENGTH) {
    throw new Error(`notification dedupe key must be 1–${MAX_DEDUPE_KEY_LENGTH} characters: ${p.dedupeKey}`);
  }
  if (p.kind.length === 0 || p.kind.length > 40) throw new Error(`notification kind too long: ${p.kind}`);
  // A MySQL TEXT column holds 65,535 bytes.
  if (Buffer.byteLength(p.body, 'utf8') > 60_000) throw new Error('notification body too long');
  if (p.link !== undefined && (p.link.length > 300 || !p.link.startsWith('/'))) {
    throw new Error(`notification link must be an app path of at most 300 characters: ${p.link}`);
  }
}
