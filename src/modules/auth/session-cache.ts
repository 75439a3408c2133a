import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import type { Role } from '../users/user.entity';

/** What a request needs from its session row and user, as read from the database. */
export interface ResolvedSession {
  sessionId: string;
  userId: string;
  role: Role;
  contractorId: string | null;
  /** Epoch milliseconds. */
  lastSeenAt: number;
  expiresAt: number;
}

interface Remembered {
  session: ResolvedSession;
  rememberedAt: number;
}

/** Sessions kept at most; the least recently used one goes first. */
const MAX_SESSIONS = 10_000;

/**
 * Resolved sessions by token hash, for SESSION_CACHE_SECONDS: without it every request pays a session ⋈ user
 * query before its own (profiled: a third of a primary-key read's time under load).
 *
 * Ending a session in this process (sign-out, or a user deactivated, re-roled or given a new password) forgets
 * it at once. A lookup that was already reading the database while that happened must not put the old row
 * back: every forget moves `epoch` on, and a row read under an older epoch is not stored. Another process
 * sharing the database learns of the end within the TTL.
 */
@Injectable()
export class SessionCache {
  private readonly entries: LRUCache<string, Remembered> | null;
  private readonly ttlMs: number;
  private epoch = 0;

  constructor(@InjectConfig() config: AppConfig) {
    this.ttlMs = config.session.cacheSeconds * 1000;
    this.entries = this.ttlMs > 0 ? new LRUCache({ max: MAX_SESSIONS }) : null;
  }

  get(tokenHash: string): ResolvedSession | undefined {
    const entry = this.entries?.get(tokenHash);
    if (!entry) return undefined;
    if (Date.now() - entry.rememberedAt < this.ttlMs) return entry.session;
    this.entries?.delete(tokenHash);
    return undefined;
  }

  /** Call before reading the session from the database; pass the result to `remember`. */
  begin(): number {
    return this.epoch;
  }

  remember(tokenHash: string, session: ResolvedSession, readAt: number): void {
    if (readAt === this.epoch) this.entries?.set(tokenHash, { session, rememberedAt: Date.now() });
  }

  /** Call after the transaction that ended the session has committed. */
  forgetSession(sessionId: string): void {
    this.forget((s) => s.sessionId === sessionId);
  }

  /** Call after the transaction that ended the user's sessions has committed. */
  forgetUser(userId: string): void {
    this.forget((s) => s.userId === userId);
  }

  private forget(match: (session: ResolvedSession) => boolean): void {
    this.epoch++;
    if (!this.entries) return;
    for (const [hash, entry] of this.entries.entries()) if (match(entry.session)) this.entries.delete(hash);
  }
}
