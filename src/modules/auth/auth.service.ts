import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, RequestOrigin } from '../../common/auth/actor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { TransactionService } from '../../database/transaction.service';
import { toUserResponse, type UserResponse } from '../users/dto/user.response';
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

  async login(emailInput: string, password: string, origin: RequestOrigin): Promise<LoginResponse> {
    const email = emailInput.trim().toLowerCase();
    const ip = origin.ip ?? 'unknown';
    const now = new Date();
    const keys = { pair: `account:${email}|${ip}`, ip: `ip:${ip}` };
    const [pair, byIp, user] = await Promise.all([
      this.dataSource.manager.findOneBy(LoginThrottle, { key: keys.pair }),
      this.dataSource.manager.findOneBy(LoginThrottle, { key: keys.ip }),
      this.dataSource.manager.findOneBy(User, { email }),
    ]);
    const wait = Math.max(
      secondsBlocked(pair?.blockedUntil, now),
      secondsBlocked(byIp?.blockedUntil, now),
      secondsBlocked(user?.lockedUntil, now),
    );
    if (wait > 0) {
      await this.tx.run((t) =>
        t.audit({
          actor: origin,
          action: 'auth.login_throttled',
          entityType: 'user',
          entityId: user?.id ?? null,
          summary: { email },
        }),
      );
      throw AuthErrors.tooManyAttempts(wait);
    }

    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await burnPasswordCheck(password), false);
    if (!user || !ok || !user.active) {
      await this.recordFailure(
        keys,
        email,
        user,
        origin,
        !user ? 'unknown_account' : !ok ? 'wrong_password' : 'inactive',
      );
      throw AuthErrors.badCredentials();
    }

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

  private async recordFailure(
    keys: { pair: string; ip: string },
    email: string,
    user: User | null,
    origin: RequestOrigin,
    reason: string,
  ): Promise<void> {
    const now = new Date();
    await this.tx.run(async (t) => {
      await this.bump(t.manager, keys.pair, 'pair', now);
      await this.bump(t.manager, keys.ip, 'ip', now);
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
      await t.audit({
        actor: origin,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        summary: { email, reason },
      });
    });
  }

  private async bump(manager: EntityManager, key: string, kind: 'pair' | 'ip', now: Date): Promise<void> {
    const current = await manager.findOneBy(LoginThrottle, { key });
    const next = afterFailure(current, now, kind);
    if (current) await manager.update(LoginThrottle, { key }, next);
    else await insertRows(manager, LoginThrottle, { key, ...next });
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
      .where('s.tokenHash = :hash', { hash })
      .getOne();
    if (!row?.user || row.revokedAt || !row.user.active) throw AuthErrors.sessionInvalid();
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
      await this.dataSource.manager.update(Session, { id: row.id }, { lastSeenAt: new Date(now) });
      session.lastSeenAt = now;
    }
    this.sessions.remember(hash, session, readAt);
    return session;
  }

  /** Past its absolute expiry, or unused longer than the idle limit. */
  private ended(session: ResolvedSession, now: number): boolean {
    return session.expiresAt <= now || session.lastSeenAt + this.config.session.idleMinutes * 60_000 <= now;
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
