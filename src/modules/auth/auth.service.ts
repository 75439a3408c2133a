import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor, RequestOrigin } from '../../common/auth/actor';
import { isRetryableDbError } from '../../common/errors/db-errors';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { TransactionService, type Tx } from '../../database/transaction.service';
import { toUserResponse, type UserResponse } from '../users/dto/user.response';
import { Contractor } from '../contractors/contractor.entity';
import { User } from '../users/user.entity';
import { AuthErrors } from './auth.errors';
import type { LoginResponse } from './dto/login.dto';
import { LoginThrottle } from './login-throttle.entity';
import { afterFailure, secondsBlocked, THROTTLE } from './login-throttle';
import { burnPasswordCheck, verifyPassword } from './password';
import { Session } from './session.entity';
import { SessionCache, type ResolvedSession } from './session-cache';
import { insertRows } from '../../database/insert';

/** last_seen_at is written at most this often, so that reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly sessions: SessionCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Signs in. The attempt is counted before the password is checked, in one transaction that locks the counters:
   * parallel guesses queue there, so no more than the allowed number ever reach a password check, and every
   * failure is a 401, counted and audited, on any database. A success gives its provisional count back.
   */
  async login(emailInput: string, password: string, origin: RequestOrigin): Promise<LoginResponse> {
    const email = emailInput.trim().toLowerCase();
    const ip = origin.ip ?? 'unknown';
    const keys = { pair: `account:${email}|${ip}`, ip: `ip:${ip}` };
    const admitted = await this.tx.run((t) => this.admit(t, keys, email, origin));
    if (admitted.wait > 0) throw AuthErrors.tooManyAttempts(admitted.wait);
    const { user } = admitted;

    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await burnPasswordCheck(password), false);
    // Told only to whoever knows the password: the company is suspended or archived.
    const company =
      ok && user?.contractorId
        ? await this.dataSource.manager.findOne(Contractor, {
            select: { status: true },
            where: { id: user.contractorId },
          })
        : null;
    const companyStopped = company !== null && company.status !== 'ACTIVE';
    if (!user || !ok || !user.active || companyStopped) {
      const reason = !user
        ? 'unknown_account'
        : !ok
          ? 'wrong_password'
          : !user.active
            ? 'inactive'
            : 'company_not_active';
      await this.tx.run((t) =>
        t.audit({
          actor: origin,
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          summary: { email, reason },
        }),
      );
      throw user?.active && companyStopped ? AuthErrors.companyNotActive() : AuthErrors.badCredentials();
    }

    const now = new Date();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.session.absoluteHours * 3_600_000);
    await this.tx.run(async (t) => {
      await insertRows(t.manager, Session, {
        id: randomUUID(),
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        revokedAt: null,
        ip: origin.ip,
      });
      await t.manager.update(User, { id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
      await t.manager.delete(LoginThrottle, { key: keys.pair });
      // The address's count took this attempt provisionally; a success is not a failure.
      await t.manager
        .createQueryBuilder()
        .update(LoginThrottle)
        .set({ failures: () => 'failures - 1' })
        .where('key = :key AND failures > 0', { key: keys.ip })
        .execute();
      await t.audit({
        actor: { userId: user.id, role: user.role, ...origin },
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
    });
    user.lastLoginAt = now;
    return { token, expiresAt: expiresAt.toISOString(), user: toUserResponse(user) };
  }

  /**
   * Locks the counters of this account-and-address and of this address (always in that order, so two attempts
   * never deadlock), and the account's row; refuses while any is blocked (audited); otherwise counts the attempt
   * as a failure before the password is checked.
   */
  private async admit(
    t: Tx,
    keys: { pair: string; ip: string },
    email: string,
    origin: RequestOrigin,
  ): Promise<{ wait: number; user: User | null }> {
    const now = new Date();
    const pair = await lockCounter(t.manager, keys.pair, now);
    const byIp = await lockCounter(t.manager, keys.ip, now);
    const user = await lockRow(t.manager.createQueryBuilder(User, 'u').where('u.email = :email', { email }));
    const wait = Math.max(
      secondsBlocked(pair.blockedUntil, now),
      secondsBlocked(byIp.blockedUntil, now),
      secondsBlocked(user?.lockedUntil, now),
    );
    if (wait > 0) {
      await t.audit({
        actor: origin,
        action: 'auth.login_throttled',
        entityType: 'user',
        entityId: user?.id ?? null,
        summary: { email },
      });
      return { wait, user };
    }
    await t.manager.update(LoginThrottle, { key: keys.pair }, afterFailure(pair, now, 'pair'));
    await t.manager.update(LoginThrottle, { key: keys.ip }, afterFailure(byIp, now, 'ip'));
    if (user) {
      const failures = user.failedLogins + 1;
      const lock =
        failures >= THROTTLE.accountFailures ? new Date(now.getTime() + THROTTLE.accountLockMs) : null;
      await t.manager.update(
        User,
        { id: user.id },
        { failedLogins: lock ? 0 : failures, ...(lock ? { lockedUntil: lock } : {}) },
      );
    }
    return { wait: 0, user };
  }

  /** Resolves a bearer token to the caller, enforcing revocation, idle and absolute expiry and deactivation. */
  async authenticate(token: string, origin: { requestId: string; ip: string }): Promise<Actor> {
    if (token.length < 20 || token.length > 200) throw AuthErrors.sessionInvalid();
    const hash = hashToken(token);
    const now = Date.now();
    // A remembered session that is due for its last_seen_at touch is read again, so the touch and the idle
    // check always see the stored row.
    const remembered = this.sessions.get(hash);
    const session =
      remembered && now - remembered.lastSeenAt <= TOUCH_INTERVAL_MS
        ? remembered
        : await this.readSession(hash, now);
    if (this.ended(session, now)) throw AuthErrors.sessionExpired();
    return {
      userId: session.userId,
      role: session.role,
      contractorId: session.contractorId,
      sessionId: session.sessionId,
      ...origin,
    };
  }

  private async readSession(hash: string, now: number): Promise<ResolvedSession> {
    const readAt = this.sessions.begin();
    const row = await this.dataSource.manager
      .createQueryBuilder(Session, 's')
      .innerJoinAndSelect('s.user', 'u')
      .leftJoin('u.contractor', 'c')
      .addSelect('c.status')
      .where('s.tokenHash = :hash', { hash })
      .getOne();
    if (!row?.user || row.revokedAt || !row.user.active) throw AuthErrors.sessionInvalid();
    // A suspended or archived company's people stop, whichever process ended their sessions.
    if (row.user.contractor && row.user.contractor.status !== 'ACTIVE') throw AuthErrors.companyNotActive();
    const session: ResolvedSession = {
      sessionId: row.id,
      userId: row.user.id,
      role: row.user.role,
      contractorId: row.user.contractorId,
      lastSeenAt: row.lastSeenAt.getTime(),
      expiresAt: row.expiresAt.getTime(),
    };
    // An ended session is neither touched nor remembered; the caller refuses it.
    if (this.ended(session, now)) return session;
    if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) {
      try {
        await this.dataSource.manager.update(Session, { id: row.id }, { lastSeenAt: new Date(now) });
      } catch (error) {
        // Two requests of one session on two cluster nodes touched it at once: the other touch stands.
        if (!isRetryableDbError(error)) throw error;
      }
      session.lastSeenAt = now;
    }
    this.sessions.remember(hash, session, readAt);
    return session;
  }

  /**
   * Past its absolute expiry, or unused longer than the idle limit. last_seen_at is written at most once per
   * TOUCH_INTERVAL_MS, so the last request may have come up to that long after it: the idle limit counts from the
   * latest time it can have come, and a session never ends early (issue 13, item 14). It ends between
   * SESSION_IDLE_MINUTES and SESSION_IDLE_MINUTES plus one minute after its last request.
   */
  private ended(session: ResolvedSession, now: number): boolean {
    const idleMs = this.config.session.idleMinutes * 60_000;
    return session.expiresAt <= now || session.lastSeenAt + TOUCH_INTERVAL_MS + idleMs <= now;
  }

  async logout(actor: Actor): Promise<void> {
    await this.tx.run(async (t) => {
      await t.manager.update(Session, { id: actor.sessionId }, { revokedAt: new Date() });
      await t.audit({ actor, action: 'auth.logout', entityType: 'user', entityId: actor.userId });
    });
    this.sessions.forgetSession(actor.sessionId);
  }

  async me(actor: Actor): Promise<UserResponse> {
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: actor.userId });
    return toUserResponse(user);
  }
}

/** The row a query finds, locked until the transaction ends (MySQL/MariaDB; SQLite runs one writer at a time). */
function lockRow<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): Promise<T | null> {
  if (query.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  return query.getOne();
}

/**
 * A throttle counter, locked: created empty first when missing. Lock first, then create: taking a shared lock
 * through a duplicate-key insert and upgrading it would deadlock two first attempts.
 */
async function lockCounter(manager: EntityManager, key: string, now: Date): Promise<LoginThrottle> {
  const find = () => lockRow(manager.createQueryBuilder(LoginThrottle, 'c').where('c.key = :key', { key }));
  const found = await find();
  if (found) return found;
  await manager
    .createQueryBuilder()
    .insert()
    .into(LoginThrottle)
    .values({ key, failures: 0, windowStart: now, blockedUntil: null })
    .orIgnore()
    .updateEntity(false)
    .execute();
  const created = await find();
  if (!created) throw new Error(`login throttle counter ${key} could not be created`);
  return created;
}
