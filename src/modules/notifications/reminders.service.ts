import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import type { RequestOrigin } from '../../common/auth/actor';
import { isIsoDate, todayInJapan } from '../../common/clock';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { LeaseService } from '../../database/lease.service';
import { TransactionService } from '../../database/transaction.service';
import type { ReminderRunResponse, ReminderSourceResult } from './dto/notification.dto';
import { NotificationMailer } from './notification-mailer.service';
import { NotificationErrors } from './notifications.errors';
import { NotificationsService } from './notifications.service';
import { ReminderRegistry } from './reminder-registry';

type Origin = RequestOrigin & { userId?: string | null; role?: string | null };

const JOB_ORIGIN: Origin = { requestId: 'job:notification-reminders', ip: null };
/** One run at a time across instances: a second caller waits this long, then answers 409. */
const RUN_LEASE = { ttlMs: 120_000, waitMs: 60_000 };

/**
 * The daily reminders: every registered source plans what is due today, and all of it is stored in one
 * transaction with one audit row. Safe to run twice, or on two instances at once: a lease lets one run at a
 * time (the daily one once a day), and each reminder's dedupe key lets it be created (and e-mailed) once.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly registry: ReminderRegistry,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly tx: TransactionService,
    private readonly leases: LeaseService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  // 08:00 Japan time: after the night's assessment generation, before the working day starts.
  @Cron('0 0 8 * * *', { name: 'notification-reminders', timeZone: 'Asia/Tokyo' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      const today = todayInJapan();
      await this.leases.daily('notification-reminders', today, () => this.runReminders(today));
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'reminder run failed',
      );
    }
  }

  /** Creates the reminders due on `today` (YYYY-MM-DD, Japan time), then e-mails what is pending. */
  async runReminders(today: string, actor: Origin = JOB_ORIGIN): Promise<ReminderRunResponse> {
    if (!isIsoDate(today)) throw NotificationErrors.invalidDate();
    const leased = await this.leases.withLease('notification-reminders', RUN_LEASE, () =>
      this.createReminders(today, actor),
    );
    if (!leased) throw NotificationErrors.remindersRunning();
    const sources = leased.result;
    const created = sources.reduce((sum, r) => sum + r.created, 0);
    if (created > 0) this.logger.log({ today, created }, 'reminders created');
    const mail = await this.mailer.flush();
    return { today, created, sources, emailed: mail.sent };
  }

  private createReminders(today: string, actor: Origin): Promise<ReminderSourceResult[]> {
    return this.tx.run(async (t) => {
      const results: ReminderSourceResult[] = [];
      for (const source of this.registry.all()) {
        const planned = await source.collect(t.manager, today);
        const created = await this.notifications.notifyAll(t.manager, planned);
        results.push({ name: source.name, planned: planned.length, created });
      }
      await t.audit({
        actor,
        action: 'notification.reminders',
        entityType: 'notification',
        entityId: null,
        summary: {
          today,
          created: results.reduce((sum, r) => sum + r.created, 0),
          sources: results,
        },
      });
      return results;
    });
  }
}
