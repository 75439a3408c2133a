import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Leases, type LeaseOptions } from './lease';
import { TransactionService } from './transaction.service';

/** A daily job's lease: longer than any run, so a crashed holder frees it within minutes. */
const JOB_LEASE: LeaseOptions = { ttlMs: 5 * 60_000, waitMs: 0 };

/** Leases for the app's jobs (see lease.ts): one run at a time, and each day's run once, across instances. */
@Injectable()
export class LeaseService {
  private readonly logger = new Logger('Leases');
  private readonly leases: Leases;

  constructor(dataSource: DataSource, tx: TransactionService) {
    this.leases = new Leases(dataSource, (statement) => tx.serialised(statement));
  }

  /** `work` under the lease `name`; null when another process held it for all of `options.waitMs`. */
  withLease<T>(name: string, options: LeaseOptions, work: () => Promise<T>): Promise<{ result: T } | null> {
    return this.leases.withLease(name, options, work);
  }

  /**
   * A scheduled job's run for `day`, once across instances: every instance's timer fires, the first to take the
   * lease runs it and records the day; the others find the lease taken, or the day done, and do nothing.
   * Returns whether this process ran it.
   */
  async daily(job: string, day: string, work: () => Promise<unknown>): Promise<boolean> {
    const leased = await this.leases.withLease(
      `job:${job}`,
      JOB_LEASE,
      async () => {
        if ((await this.leases.lastDone(`job:${job}`)) === day) return false;
        await work();
        return true;
      },
      () => day,
    );
    const ran = leased?.result ?? false;
    if (!ran) this.logger.log({ job, day }, 'job left to the instance that has run it or runs it now');
    return ran;
  }
}
