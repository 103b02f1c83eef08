/**
 * PIN lockout as pure logic over a small persisted record: after
 * `maxFailures` wrong PINs in a row a staff member is locked for `lockMs`.
 * Times are epoch ms from the caller's clock.
 */

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

export interface LockoutRecord {
  /** Wrong PINs in a row since the last success or the end of the last lock. */
  failures: number;
  /** When the current lock started, or null. */
  lockedAt: number | null;
}

export const NO_LOCKOUT: LockoutRecord = { failures: 0, lockedAt: null };

export type LockoutStatus =
  { locked: true; until: number; remainingMs: number } | { locked: false; failuresLeft: number };

/**
 * A lock ends `lockMs` after it started. A clock that reads earlier than the
 * start (set back to escape the lock) keeps the full lock in force.
 */
export function lockoutStatus(
  record: LockoutRecord,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): LockoutStatus {
  if (record.lockedAt !== null) {
    const until = record.lockedAt + policy.lockMs;
    if (now < record.lockedAt) return { locked: true, until, remainingMs: policy.lockMs };
    if (now < until) return { locked: true, until, remainingMs: until - now };
    return { locked: false, failuresLeft: policy.maxFailures };
  }
  return { locked: false, failuresLeft: Math.max(0, policy.maxFailures - record.failures) };
}

/** The record after a wrong PIN; `locked` when this failure started a lock. */
export function recordFailure(
  record: LockoutRecord,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): { record: LockoutRecord; locked: boolean } {
  const status = lockoutStatus(record, now, policy);
  if (status.locked) return { record, locked: false };
  // An expired lock starts a fresh count.
  const failures = (record.lockedAt !== null ? 0 : record.failures) + 1;
  if (failures >= policy.maxFailures) return { record: { failures, lockedAt: now }, locked: true };
  return { record: { failures, lockedAt: null }, locked: false };
}

/** A right PIN clears the count (never called while locked: a locked member is not checked). */
export const recordSuccess = (): LockoutRecord => NO_LOCKOUT;

/** Reads a persisted value defensively: anything malformed counts as no lockout. */
export function parseLockoutRecord(value: unknown): LockoutRecord {
  if (typeof value !== 'object' || value === null) return NO_LOCKOUT;
  const { failures, lockedAt } = value as Record<string, unknown>;
  return {
    failures: typeof failures === 'number' && Number.isInteger(failures) && failures >= 0 ? failures : 0,
    lockedAt: typeof lockedAt === 'number' && Number.isFinite(lockedAt) ? lockedAt : null,
  };
}
