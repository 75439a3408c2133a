import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isRetryableDbError } from '../common/errors/db-errors';
import { AuditWriter, type AuditEntry } from '../modules/audit/audit.writer';

/** A conflicting transaction is tried this many times in all (the last pause is about 0.3 s). */
const MAX_ATTEMPTS = 6;

export interface Tx {
  manager: EntityManager;
  /** Writes the audit row in this same transaction: the change and its audit row commit or fail together. */
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * Runs a unit of work in one transaction. On SQLite there is a single connection, so transactions are queued
 * here (interleaved ones would nest by accident); on MySQL/MariaDB a deadlock, or a Galera certification
 * conflict, is retried a few times with a growing random pause, and what still conflicts then answers
 * 409 DB.WRITE_CONFLICT (db-errors.ts), never 500.
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

  /**
   * Runs a statement outside any unit of work: on SQLite after the queued transactions (its one connection would
   * otherwise run it inside whichever transaction is open), on MySQL/MariaDB at once.
   */
  serialised<T>(statement: () => Promise<T>): Promise<T> {
    if (!this.serial) return statement();
    const next = this.sqliteQueue.then(statement);
    this.sqliteQueue = next.catch(() => undefined);
    return next;
  }

  private async withRetry<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableDbError(error)) throw error;
        // Jittered and growing: two nodes' writers of the audit chain's head row must not collide again in step.
        const pause = Math.min(10 * 2 ** attempt, 320) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, pause));
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
