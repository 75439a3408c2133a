import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isRetryableDbError } from '../common/errors/db-errors';
import { AuditWriter, type AuditEntry } from '../modules/audit/audit.writer';

export interface Tx {
  manager: EntityManager;
  /** Writes the audit row in this same transaction: the change and its audit row commit or fail together. */
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * Runs a unit of work in one transaction. On SQLite there is a single connection, so transactions are queued
 * here (interleaved ones would nest by accident); on MySQL/MariaDB a deadlock is retried a few times.
 */
@Injectable()
export class TransactionService {
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;
  private committed = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly auditWriter: AuditWriter,
  ) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  /**
   * How many transactions this process has committed: a read-side cache keyed by it (the dashboard's) knows
   * that nothing was written here since it computed its value.
   */
  get commits(): number {
    return this.committed;
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.serial) return this.withRetry(work);
    const next = this.sqliteQueue.then(() => this.once(work));
    this.sqliteQueue = next.catch(() => undefined);
    return next;
  }

  private async withRetry<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        if (attempt >= 4 || !isRetryableDbError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
      }
    }
  }

  private async once<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, audit: (entry) => this.auditWriter.append(manager, entry).then(() => undefined) }),
    );
    this.committed++;
    return result;
  }
}
