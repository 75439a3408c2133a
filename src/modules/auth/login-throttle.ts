/**
 * Brute-force limits, all of which expire by themselves, so an attacker can slow a victim down but never lock
 * them out for good:
 * - per account and client address: after 5 failures, a block that doubles from 1 minute up to 15 minutes —
 *   a guesser from one address is stopped without locking out the account's owner elsewhere;
 * - per client address, whatever the account: 30 failures in 15 minutes block that address for 15 minutes;
 * - per account, from everywhere (a distributed guesser): 50 failures lock the account for 15 minutes.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  pairFreeFailures: 5,
  pairBaseBlockMs: 60_000,
  pairMaxBlockMs: 15 * 60_000,
  ipFailures: 30,
  ipBlockMs: 15 * 60_000,
  accountFailures: 50,
  accountLockMs: 15 * 60_000,
} as const;

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  blockedUntil: Date | null;
}

/** The state after one more failure under a key. Pure, for unit tests. */
export function afterFailure(state: ThrottleState | null, now: Date, kind: 'pair' | 'ip'): ThrottleState {
  const fresh = !state || now.getTime() - state.windowStart.getTime() > THROTTLE.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  let blockedUntil: Date | null = fresh ? null : state.blockedUntil;
  if (kind === 'pair' && failures >= THROTTLE.pairFreeFailures) {
    const exponent = failures - THROTTLE.pairFreeFailures;
    const ms = Math.min(THROTTLE.pairBaseBlockMs * 2 ** Math.min(exponent, 10), THROTTLE.pairMaxBlockMs);
    blockedUntil = new Date(now.getTime() + ms);
  }
  if (kind === 'ip' && failures >= THROTTLE.ipFailures)
    blockedUntil = new Date(now.getTime() + THROTTLE.ipBlockMs);
  return { failures, windowStart, blockedUntil };
}

export function secondsBlocked(blockedUntil: Date | null | undefined, now: Date): number {
  if (!blockedUntil) return 0;
  return Math.max(0, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}
