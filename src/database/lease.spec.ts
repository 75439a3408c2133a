import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../test/utils/test-db';
import { buildDataSourceOptions } from '../config/data-source';
import { parseDatabaseUrl } from '../config/env';
import { openDatabase } from './database.module';
import { LEASE_TABLE, LeaseLostError, Leases } from './lease';

// Leases on the suite's database (SQLite, or MariaDB with TEST_DATABASE_URL). Every acquisition has its own
// holder token, so two callers in one process exclude each other as two instances do; the cluster suite
// (test/cluster) runs the same code on three Galera nodes.
describe('leases (job_lease)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let leases: Leases;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir)));
    leases = new Leases(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const row = async (name: string) =>
    (
      await dataSource.query<{ holder: string; expires_at: string | number }[]>(
        `SELECT holder, expires_at FROM ${LEASE_TABLE} WHERE name = ?`,
        [name],
      )
    )[0];
  const take = async (name: string, ttlMs = 60_000): Promise<string> => {
    const holder = await leases.tryAcquire(name, ttlMs);
    if (holder === null) throw new Error(`lease ${name} not taken`);
    return holder;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('should have left the migrations lease released', async () => {
    expect(Number((await row('migrations')).expires_at)).toBeLessThan(Date.now());
  });

  it('should give a lease to one holder until that holder releases it, then to another', async () => {
    const one = await take('a');
    expect(await leases.tryAcquire('a', 60_000)).toBeNull();
    expect((await row('a')).holder).toBe(one);
    expect(await leases.renew('a', 'someone-else', 60_000)).toBe(false);
    await leases.release('a', 'someone-else');
    expect(await leases.tryAcquire('a', 60_000)).toBeNull();
    expect(await leases.renew('a', one, 60_000)).toBe(true);
    await leases.release('a', one);
    const two = await take('a');
    expect(two).not.toBe(one);
    expect((await row('a')).holder).toBe(two);
  });

  it('should let another holder take an expired lease, and tell the first one it lost it', async () => {
    const one = await take('b', 50);
    await sleep(80);
    const two = await take('b');
    expect(await leases.renew('b', one, 60_000)).toBe(false);
    expect(await leases.renew('b', two, 60_000)).toBe(true);
  });

  it('should wait for a held lease up to waitMs, and run the work once it is free', async () => {
    const one = await take('c');
    const work = () => Promise.resolve('ran');
    expect(await leases.withLease('c', { ttlMs: 60_000, waitMs: 300 }, work)).toBeNull();
    setTimeout(() => void leases.release('c', one), 200);
    const started = Date.now();
    expect(await leases.withLease('c', { ttlMs: 60_000, waitMs: 5_000 }, work)).toEqual({ result: 'ran' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Number((await row('c')).expires_at)).toBeLessThan(Date.now());
  });

  it('should release the lease when the work fails, and record what a finished run did', async () => {
    const fail = () => Promise.reject(new Error('job failed'));
    await expect(leases.withLease('d', { ttlMs: 60_000, waitMs: 0 }, fail)).rejects.toThrow('job failed');
    await leases.release('d', await take('d'));
    expect(await leases.lastDone('d')).toBeNull();
    const done = await leases.withLease(
      'd',
      { ttlMs: 60_000, waitMs: 0 },
      () => Promise.resolve(3),
      () => '2026-12-06',
    );
    expect(done).toEqual({ result: 3 });
    expect(await leases.lastDone('d')).toBe('2026-12-06');
    expect(await leases.lastDone('never-taken')).toBeNull();
  });

  it('should report a lease lost while its work ran (another holder took it after it expired)', async () => {
    const work = async (): Promise<string> => {
      // Taken over while the work runs; the renewal (every second of a 1.5 s lease) finds it gone.
      await dataSource.query(`UPDATE ${LEASE_TABLE} SET holder = ?, expires_at = ? WHERE name = ?`, [
        'another-instance',
        Date.now() + 60_000,
        'e',
      ]);
      await sleep(1_200);
      return 'done';
    };
    await expect(leases.withLease('e', { ttlMs: 1_500, waitMs: 0 }, work)).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect((await row('e')).holder).toBe('another-instance');
  });
});
