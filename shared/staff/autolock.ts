/**
 * Auto-lock after idle time. HQ's store policy may carry `autoLockMinutes`;
 * without it (or with a nonsense value) the counter locks after 5 minutes.
 */

export const DEFAULT_AUTO_LOCK_MS = 5 * 60_000;
/** Never lock sooner than this, whatever a policy says: a counter needs time to work. */
export const MIN_AUTO_LOCK_MS = 30_000;
/** Nor later than this: a forgotten session must not stay open for the night. */
export const MAX_AUTO_LOCK_MS = 60 * 60_000;

/** The idle time from a store policy record (any shape), clamped to sane bounds. */
export function autoLockMsFromPolicy(policy: unknown): number {
  const minutes = (policy as { autoLockMinutes?: unknown } | null | undefined)?.autoLockMinutes;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return DEFAULT_AUTO_LOCK_MS;
  return Math.min(MAX_AUTO_LOCK_MS, Math.max(MIN_AUTO_LOCK_MS, Math.round(minutes * 60_000)));
}

/** When a session last active at `lastActivity` locks. */
export const lockDeadline = (lastActivity: number, idleMs: number): number => lastActivity + idleMs;

/** True when the session has been idle for `idleMs` or longer. */
export const isIdle = (lastActivity: number, now: number, idleMs: number): boolean =>
  now >= lockDeadline(lastActivity, idleMs);
