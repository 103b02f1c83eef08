import type { Order, StorePolicy } from '../contract/entities';

/**
 * Where a shelved order stands against its pickup deadline. Derived, never
 * stored: the deadline is the pickup window's end (or HQ's extension); the
 * order is due soon `dueSoonMinutes` before it and overdue once the deadline
 * plus HQ's grace hours have passed — only then may it be returned to stock.
 */
export type ShelfTiming = 'waiting' | 'dueSoon' | 'late' | 'overdue';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type DeadlinePolicy = Pick<StorePolicy, 'pickupGraceHours' | 'dueSoonMinutes'>;

/** Used when HQ's policy has not arrived yet. */
export const FALLBACK_POLICY: DeadlinePolicy = { pickupGraceHours: 2, dueSoonMinutes: 30 };

/** The pickup deadline (ms): the window's end, or the extension when later. */
export function pickupDeadline(order: Pick<Order, 'pickupWindow' | 'extendedUntil'>): number {
  const end = Date.parse(order.pickupWindow.end);
  const extended = order.extendedUntil ? Date.parse(order.extendedUntil) : Number.NaN;
  return Number.isFinite(extended) && extended > end ? extended : end;
}

/** When the order becomes overdue (ms): deadline + grace hours. */
export function overdueAt(
  order: Pick<Order, 'pickupWindow' | 'extendedUntil'>,
  policy: DeadlinePolicy | null,
): number {
  return pickupDeadline(order) + (policy ?? FALLBACK_POLICY).pickupGraceHours * HOUR;
}

export function shelfTiming(
  order: Pick<Order, 'pickupWindow' | 'extendedUntil'>,
  now: number,
  policy: DeadlinePolicy | null,
): ShelfTiming {
  const p = policy ?? FALLBACK_POLICY;
  const deadline = pickupDeadline(order);
  if (now > overdueAt(order, p)) return 'overdue';
  if (now > deadline) return 'late';
  if (now >= deadline - p.dueSoonMinutes * MINUTE) return 'dueSoon';
  return 'waiting';
}

/**
 * The new deadline an extension sets: `hours` after the later of now and the
 * current deadline (an overdue order gets `hours` from now, not from the past).
 */
export function extendedDeadline(
  order: Pick<Order, 'pickupWindow' | 'extendedUntil'>,
  now: number,
  hours: number,
): string {
  return new Date(Math.max(now, pickupDeadline(order)) + hours * HOUR).toISOString();
}
