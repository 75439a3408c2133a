import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { isRetryableDbError, isUniqueViolation } from '../common/errors/db-errors';

/**
 * Leases: one row per name in `job_lease`, held by one process until it releases it or `expires_at` passes.
 * They replace MySQL named locks (GET_LOCK), which Galera does not replicate: two instances on two nodes both
 * got "their" lock. A lease is an ordinary row, so every node sees the same holder, and it works the same on
 * SQLite, MariaDB/MySQL and Galera. Times are the app's clock in ms since the epoch (instances keep their clocks
 * by NTP; the lease lengths below are minutes, far above any skew).
 */
export const LEASE_TABLE = 'job_lease';

/** This process: the host, the pid and a random part (two processes on one host never collide). */
const PROCESS_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`.slice(0, 80);
let taken = 0;

/** A holder per acquisition: two callers in one process exclude each other as two instances do. */
function newHolder(): string {
  return `${PROCESS_ID}:${++taken}`;
}

/** Created by the JobLease migration, and by `migrate()` before any migration runs (it needs the lease). */
export async function ensureLeaseTable(runner: QueryRunner): Promise<void> {
  const mysql = runner.connection.options.type !== 'better-sqlite3';
  await runner.query(
    mysql
      ? `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (name varchar(100) NOT NULL, holder varchar(100) NOT NULL, ` +
          'expires_at bigint NOT NULL, last_done varchar(40) NULL, last_done_at bigint NULL, PRIMARY KEY (name)) ' +
          'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'
      : `CREATE TABLE IF NOT EXISTS "${LEASE_TABLE}" ("name" varchar(100) PRIMARY KEY NOT NULL, ` +
          '"holder" varchar(100) NOT NULL, "expires_at" bigint NOT NULL, "last_done" varchar(40), "last_done_at" bigint)',
  );
}

export interface LeaseOptions {
  /** How long the lease lasts without renewal; renewed every third of it while the work runs. */
  ttlMs: number;
  /** How long to keep trying when another process holds it (0: one try). */
  waitMs: number;
}

export class LeaseLostError extends Error {
  constructor(name: string) {
    super(`lease "${name}" was lost (expired and taken by another process) while its work ran`);
    this.name = 'LeaseLostError';
  }
}

/** Runs one lease statement; the app's passes SQLite statements through its queue of transactions. */
export type StatementRunner = <T>(statement: () => Promise<T>) => Promise<T>;

/** Takes, renews and gives back leases through a DataSource (the app's, or the migration's before Nest starts). */
export class Leases {
  constructor(
    private readonly dataSource: DataSource,
    /**
     * SQLite has one connection: a statement issued while another unit of work has a transaction open would
     * join (and roll back with) it. The app passes TransactionService.serialised; migrate() runs alone.
     */
    private readonly serialised: StatementRunner = (statement) => statement(),
  ) {}

  /**
   * One try: a new row, or the row of an expired lease. Returns the holder token that renews and releases it,
   * or null when someone holds it. A certification conflict on Galera (another node took it at the same
   * moment) counts as "held by someone else".
   */
  async tryAcquire(name: string, ttlMs: number): Promise<string | null> {
    const holder = newHolder();
    const now = Date.now();
    try {
      const took = await this.affected(
        `UPDATE ${LEASE_TABLE} SET holder = ?, expires_at = ? WHERE name = ? AND expires_at < ?`,
        [holder, now + ttlMs, name, now],
      );
      if (took > 0) return holder;
      await this.affected(`INSERT INTO ${LEASE_TABLE} (name, holder, expires_at) VALUES (?, ?, ?)`, [
        name,
        holder,
        now + ttlMs,
      ]);
      return holder;
    } catch (error) {
      if (isUniqueViolation(error) || isRetryableDbError(error)) return null;
      throw error;
    }
  }

  /** Polls until the lease is taken (its holder token) or `waitMs` has passed (null). */
  async acquire(name: string, { ttlMs, waitMs }: LeaseOptions): Promise<string | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const holder = await this.tryAcquire(name, ttlMs);
      if (holder !== null) return holder;
      if (Date.now() >= until) return null;
      await sleep(Math.min(250 + Math.random() * 250, Math.max(0, until - Date.now())));
    }
  }

  /** Pushes the expiry on; false when the lease is no longer this holder's. */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.affected(`UPDATE ${LEASE_TABLE} SET expires_at = ? WHERE name = ? AND holder = ?`, [
        Date.now() + ttlMs,
        name,
        holder,
      ])) > 0
    );
  }

  /** Gives the lease back at once; `done` records what the work finished (a job's day), for `lastDone`. */
  async release(name: string, holder: string, done?: string): Promise<void> {
    const at = Date.now();
    await this.affected(
      done === undefined
        ? `UPDATE ${LEASE_TABLE} SET expires_at = ? WHERE name = ? AND holder = ?`
        : `UPDATE ${LEASE_TABLE} SET expires_at = ?, last_done = ?, last_done_at = ? WHERE name = ? AND holder = ?`,
      done === undefined ? [at - 1, name, holder] : [at - 1, done, at, name, holder],
    );
  }

  /** What the last holder to finish recorded (`release(name, done)`), or null. */
  async lastDone(name: string): Promise<string | null> {
    const rows = await this.serialised(() =>
      this.dataSource.query<{ last_done: string | null }[]>(
        `SELECT last_done FROM ${LEASE_TABLE} WHERE name = ?`,
        [name],
      ),
    );
    return rows[0]?.last_done ?? null;
  }

  /**
   * Runs `work` holding the lease, renewing it meanwhile; null (work not run) when it could not be taken within
   * `waitMs`. A renewal that finds the lease gone makes the result a LeaseLostError: the work may have overlapped
   * another holder's, and the caller must know.
   */
  async withLease<T>(
    name: string,
    options: LeaseOptions,
    work: () => Promise<T>,
    done?: (result: T) => string | undefined,
  ): Promise<{ result: T } | null> {
    const holder = await this.acquire(name, options);
    if (holder === null) return null;
    let lost = false;
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(
      () => {
        renewing = this.renew(name, holder, options.ttlMs).then(
          (held) => (lost ||= !held),
          () => undefined, // A failed renewal is tried again; the lease still has two thirds of its time.
        );
      },
      Math.max(1000, Math.floor(options.ttlMs / 3)),
    );
    timer.unref();
    let result: T;
    try {
      result = await work();
    } catch (error) {
      clearInterval(timer);
      await renewing;
      await this.release(name, holder).catch(() => undefined);
      throw error;
    }
    clearInterval(timer);
    await renewing;
    if (lost) throw new LeaseLostError(name);
    await this.release(name, holder, done?.(result));
    return { result };
  }

  /** One statement on its own connection (autocommit): how many rows it changed. */
  private affected(sql: string, params: unknown[]): Promise<number> {
    return this.serialised(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return (await runner.query(sql, params, true)).affected ?? 0;
      } finally {
        await runner.release();
      }
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
