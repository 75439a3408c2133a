import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { DataSource, In, IsNull } from 'typeorm';
import type { RequestOrigin } from '../../common/auth/actor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig, SmtpConfig } from '../../config/env';
import { TransactionService } from '../../database/transaction.service';
import { User } from '../users/user.entity';
import { composeMail, isPermanentMailFailure } from './notification-mail';
import { Notification } from './notification.entity';

const BATCH = 50;
/** One flush sends at most this many; the rest waits for the next one. */
const MAX_PER_FLUSH = 2000;
const ORIGIN: RequestOrigin = { requestId: 'job:notification-mail', ip: null };

export interface FlushResult {
  sent: number;
  /** Will be tried again on the next flush. */
  failed: number;
  /** Refused for good by the server (5xx on the recipient or message), or the user is no longer active. */
  dropped: number;
}

type Pending = Notification & { user: User };

/**
 * Sends notifications by e-mail after the transaction that created them has committed. Each is claimed first
 * with a conditional UPDATE (`emailed_at` from NULL to now), so that two instances flushing together never
 * send the same mail twice; a send that fails is released (`emailed_at` back to NULL) and retried on the next
 * flush. A crash between claim and send loses that one mail rather than sending it twice; the notification
 * stays in the app. Without SMTP_URL nothing is sent and `emailed_at` stays NULL.
 */
@Injectable()
export class NotificationMailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationMailer');
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options> | null;
  /** Flushes of this process run one after the other. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Flushes asked for and not finished. */
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    const smtp = config.smtp;
    // One transport for the process: a small pool of SMTP connections, reused between flushes.
    this.transport = smtp ? createTransport(poolOptions(smtp)) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Where jobs run, a poller sends what other code paths created (improvement orders, a failed send). */
  onApplicationBootstrap(): void {
    if (!this.transport || !this.config.jobsEnabled) return;
    this.timer = setInterval(() => {
      if (this.inFlight === 0) this.flushSoon();
    }, this.config.mailPollSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue;
    this.transport?.close();
  }

  /** Starts a flush without waiting for it (after a commit); errors are logged. */
  flushSoon(): void {
    void this.flush();
  }

  /** Sends every notification not yet e-mailed. Never throws: failures are logged and left for the next flush. */
  flush(): Promise<FlushResult> {
    const transport = this.transport;
    if (!transport) return Promise.resolve({ sent: 0, failed: 0, dropped: 0 });
    this.inFlight++;
    const run = this.queue.then(async () => {
      try {
        return await this.flushOnce(transport);
      } catch (error) {
        this.logger.error({ err: messageOf(error) }, 'e-mail flush failed');
        return { sent: 0, failed: 0, dropped: 0 };
      } finally {
        this.inFlight--;
      }
    });
    this.queue = run;
    return run;
  }

  private async flushOnce(
    transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>,
  ): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, failed: 0, dropped: 0 };
    // Keyset over (createdAt, id): a released failure is not picked again within the same flush.
    let after: Pending | null = null;
    for (let seen = 0; seen < MAX_PER_FLUSH; seen += BATCH) {
      const batch = await this.pending(after);
      if (batch.length === 0) break;
      after = batch[batch.length - 1];
      const claimed = await this.claim(batch);
      const released: string[] = [];
      const dropped: string[] = [];
      for (const n of claimed) {
        if (!n.user.active) {
          dropped.push(n.id);
          continue;
        }
        try {
          await transport.sendMail(
            composeMail(
              { ...n, email: n.user.email, displayName: n.user.displayName },
              {
                from: this.config.mailFrom,
                appUrl: this.config.appUrl,
                orgName: this.config.orgName,
                productName: this.config.productName,
              },
            ),
          );
          result.sent++;
        } catch (error) {
          const permanent = isPermanentMailFailure(error);
          (permanent ? dropped : released).push(n.id);
          this.logger.warn(
            { notificationId: n.id, err: messageOf(error), permanent },
            permanent ? 'e-mail refused for good' : 'e-mail failed; retried on the next flush',
          );
        }
      }
      result.failed += released.length;
      result.dropped += dropped.length;
      if (released.length + dropped.length > 0) await this.recordFailures(released, dropped);
      if (batch.length < BATCH) break;
    }
    if (result.sent + result.failed + result.dropped > 0) this.logger.log(result, 'notification e-mails');
    return result;
  }

  private pending(after: Pending | null): Promise<Pending[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(Notification, 'n')
      .innerJoinAndSelect('n.user', 'u')
      .where('n.emailedAt IS NULL');
    if (after) {
      qb.andWhere('(n.createdAt > :at OR (n.createdAt = :at AND n.id > :id))', {
        at: after.createdAt,
        id: after.id,
      });
    }
    return qb.orderBy('n.createdAt', 'ASC').addOrderBy('n.id', 'ASC').limit(BATCH).getMany() as Promise<
      Pending[]
    >;
  }

  /** Takes the rows no other flush has taken (another instance may be sending the same batch right now). */
  private claim(batch: Pending[]): Promise<Pending[]> {
    return this.tx.run(async (t) => {
      const now = new Date();
      const claimed: Pending[] = [];
      for (const n of batch) {
        const result = await t.manager.update(
          Notification,
          { id: n.id, emailedAt: IsNull() },
          { emailedAt: now },
        );
        if (result.affected) claimed.push(n);
      }
      if (claimed.length > 0) {
        await t.audit({
          actor: ORIGIN,
          action: 'notification.email',
          entityType: 'notification',
          entityId: null,
          summary: { claimed: claimed.map((n) => n.id) },
        });
      }
      return claimed;
    });
  }

  /** Gives the retryable ones back to the next flush; the dropped ones keep their mark (never retried). */
  private async recordFailures(released: string[], dropped: string[]): Promise<void> {
    await this.tx.run(async (t) => {
      if (released.length > 0)
        await t.manager.update(Notification, { id: In(released) }, { emailedAt: null });
      await t.audit({
        actor: ORIGIN,
        action: 'notification.email-failed',
        entityType: 'notification',
        entityId: null,
        summary: { retry: released, dropped },
      });
    });
  }
}

function poolOptions(smtp: SmtpConfig): SMTPPool.Options {
  return {
    pool: true,
    maxConnections: 2,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    // A server that stops answering must not hold a flush (and the next ones) for ever.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
