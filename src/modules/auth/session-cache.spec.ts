import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/env';
import type { TransactionService } from '../../database/transaction.service';
import { AuthService, hashToken } from './auth.service';
import { SessionCache } from './session-cache';

const TOKEN = 'a'.repeat(43);
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 3, 0, 0);

interface StoredRow {
  id: string;
  tokenHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  user: { id: string; role: 'OFFICER'; contractorId: null; active: boolean };
}

/**
 * AuthService.authenticate over a stand-in for the session ⋈ user query: counts the reads, and lets a test
 * change the stored row or run code while a read is in flight.
 */
function setUp(cacheSeconds = 5): {
  auth: AuthService;
  cache: SessionCache;
  row: StoredRow;
  reads: () => number;
  duringNextRead: (work: () => void) => void;
} {
  const row: StoredRow = {
    id: 'session-1',
    tokenHash: hashToken(TOKEN),
    lastSeenAt: new Date(T0),
    expiresAt: new Date(T0 + 12 * 60 * MINUTE),
    revokedAt: null,
    user: { id: 'user-1', role: 'OFFICER', contractorId: null, active: true },
  };
  let reads = 0;
  let inFlight: (() => void) | null = null;
  const builder = {
    innerJoinAndSelect: () => builder,
    leftJoin: () => builder,
    addSelect: () => builder,
    where: () => builder,
    getOne: async () => {
      reads++;
      const snapshot = { ...row, user: { ...row.user } };
      const work = inFlight;
      inFlight = null;
      await Promise.resolve();
      work?.();
      return snapshot;
    },
  };
  const dataSource = {
    manager: {
      createQueryBuilder: () => builder,
      update: (_entity: unknown, _where: unknown, changes: { lastSeenAt: Date }) => {
        row.lastSeenAt = changes.lastSeenAt;
        return Promise.resolve({ affected: 1 });
      },
    },
  } as unknown as DataSource;
  const config = { session: { idleMinutes: 30, absoluteHours: 12, cacheSeconds } } as AppConfig;
  const cache = new SessionCache(config);
  const auth = new AuthService(dataSource, {} as TransactionService, cache, config);
  return {
    auth,
    cache,
    row,
    reads: () => reads,
    duringNextRead: (work) => (inFlight = work),
  };
}

const origin = { requestId: 'r', ip: '127.0.0.1' };

describe('AuthService.authenticate with the session cache', () => {
  let now = T0;
  beforeEach(() => {
    now = T0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('should read the session once, then answer from memory within the cache time', async () => {
    const { auth, reads } = setUp();
    for (let i = 0; i < 5; i++) {
      const actor = await auth.authenticate(TOKEN, origin);
      expect(actor).toMatchObject({ userId: 'user-1', role: 'OFFICER', sessionId: 'session-1' });
    }
    expect(reads()).toBe(1);
  });

  it('should read the database on every request when SESSION_CACHE_SECONDS is 0', async () => {
    const { auth, reads } = setUp(0);
    for (let i = 0; i < 3; i++) await auth.authenticate(TOKEN, origin);
    expect(reads()).toBe(3);
  });

  it('should see a session ended in this process at once (sign-out, deactivation)', async () => {
    const { auth, cache, row, reads } = setUp();
    await auth.authenticate(TOKEN, origin);
    row.revokedAt = new Date(now);
    cache.forgetSession('session-1');
    await expect(auth.authenticate(TOKEN, origin)).rejects.toMatchObject({ code: 'AUTH.SESSION_INVALID' });

    row.revokedAt = null;
    await auth.authenticate(TOKEN, origin);
    row.user.active = false;
    cache.forgetUser('user-1');
    await expect(auth.authenticate(TOKEN, origin)).rejects.toMatchObject({ code: 'AUTH.SESSION_INVALID' });
    expect(reads()).toBe(4);
  });

  it('should not keep a row that was read while the session was being ended', async () => {
    const { auth, cache, row, reads, duringNextRead } = setUp();
    // The read returns the row as it was before the sign-out committed; the forget happens mid-read.
    duringNextRead(() => {
      row.revokedAt = new Date(now);
      cache.forgetSession('session-1');
    });
    await auth.authenticate(TOKEN, origin);
    await expect(auth.authenticate(TOKEN, origin)).rejects.toMatchObject({ code: 'AUTH.SESSION_INVALID' });
    expect(reads()).toBe(2);
  });

  it('should read again once the cache time has passed', async () => {
    const { auth, reads } = setUp();
    await auth.authenticate(TOKEN, origin);
    now += 4_000;
    await auth.authenticate(TOKEN, origin);
    expect(reads()).toBe(1);
    now += 2_000;
    await auth.authenticate(TOKEN, origin);
    expect(reads()).toBe(2);
  });

  it('should end a remembered session at its absolute expiry', async () => {
    const { auth, row } = setUp(60);
    row.lastSeenAt = new Date(row.expiresAt.getTime() - 10_000);
    now = row.expiresAt.getTime() - 5_000;
    await auth.authenticate(TOKEN, origin);
    now = row.expiresAt.getTime();
    await expect(auth.authenticate(TOKEN, origin)).rejects.toMatchObject({ code: 'AUTH.SESSION_EXPIRED' });
  });

  it('should never end a session early: idle time counts from the last request, not from last_seen_at', async () => {
    const { auth, row } = setUp(0);
    await auth.authenticate(TOKEN, origin);
    // 59 seconds later: too soon to write last_seen_at again, so the row still says T0.
    now = T0 + 59_000;
    await auth.authenticate(TOKEN, origin);
    expect(row.lastSeenAt.getTime()).toBe(T0);
    // 30 minutes after the last request, less a millisecond: still signed in (it used to end at T0 + 30 min).
    now = T0 + 59_000 + 30 * MINUTE - 1;
    await expect(auth.authenticate(TOKEN, origin)).resolves.toMatchObject({ sessionId: 'session-1' });
  });

  it('should end an idle session at most a minute after the idle limit', async () => {
    const { auth } = setUp(0);
    await auth.authenticate(TOKEN, origin);
    now = T0 + 59_000;
    await auth.authenticate(TOKEN, origin);
    now = T0 + 30 * MINUTE + MINUTE;
    await expect(auth.authenticate(TOKEN, origin)).rejects.toMatchObject({ code: 'AUTH.SESSION_EXPIRED' });
  });

  it('should read again and touch last_seen_at once the remembered one is a minute old', async () => {
    const { auth, row, reads } = setUp(60);
    await auth.authenticate(TOKEN, origin);
    now += MINUTE + 1;
    await auth.authenticate(TOKEN, origin);
    expect(reads()).toBe(2);
    expect(row.lastSeenAt.getTime()).toBe(now);
  });
});
