/**
 * Order state rules: the one definition of "closed", "ready for handover",
 * "returnable", "due soon" and "overdue" that the counter, the shelf, the
 * repositories, the reference central and the fake HQ all call. Pure: plain
 * order data and the store's policy in, a plain answer out.
 */
import type { Order, OrderStatus, StorePolicy } from '../contract/entities';
import type { ConflictCode, RejectionCode } from '../contract/sync';

const HOUR = 3_600_000;
const MINUTE = 60_000;

// ---------------------------------------------------------------- status

/** Statuses after which nothing may change the order at the store any more. */
export const CLOSED_STATUSES = [
  'collected',
  'cancelled',
  'returned',
] as const satisfies readonly OrderStatus[];
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

/** The other statuses: on the way, arrived, on the shelf (for index queries; `isClosed` decides). */
export const OPEN_STATUSES = ['pending', 'arrived', 'shelved'] as const satisfies readonly OrderStatus[];

/** The open statuses the counter may hand over (for index queries; `isReadyForHandOver` decides). */
export const HANDOVER_STATUSES = ['arrived', 'shelved'] as const satisfies readonly OrderStatus[];

/** Whether the order is closed: collected, cancelled by HQ or returned to stock. */
export function isClosed(order: Pick<Order, 'status'>): boolean {
  return (CLOSED_STATUSES as readonly OrderStatus[]).includes(order.status);
}

/**
 * Why an order cannot be acted on, in the terms the counter shows a clerk:
 * collected (when, by whom, at which terminal), cancelled, returned, or not yet
 * at the store.
 */
export type OrderRefusal =
  | { reason: 'collected'; at: string | null; staffId: string | null; terminalId: string | null }
  | { reason: 'cancelled'; cancelReason: string | null }
  | { reason: 'returned' }
  | { reason: 'notArrived' };

type StateFields = Pick<Order, 'status' | 'collection' | 'cancelReason'>;

/** Why a closed order refuses every action (null: the order is open). */
export function closedRefusal(order: StateFields): OrderRefusal | null {
  switch (order.status) {
    case 'collected':
      return {
        reason: 'collected',
        at: order.collection?.at ?? null,
        staffId: order.collection?.staffId ?? null,
        terminalId: order.collection?.terminalId ?? null,
      };
    case 'cancelled':
      return { reason: 'cancelled', cancelReason: order.cancelReason ?? null };
    case 'returned':
      return { reason: 'returned' };
    default:
      return null;
  }
}

/**
 * Why the order cannot be handed over now (null: ready — arrived or shelved).
 * A closed order says why first; a pending one has not reached the store.
 */
export function handOverRefusal(order: StateFields): OrderRefusal | null {
  return closedRefusal(order) ?? (order.status === 'pending' ? { reason: 'notArrived' } : null);
}

/** Whether the counter may hand the order over now. */
export function isReadyForHandOver(order: StateFields): boolean {
  return handOverRefusal(order) === null;
}

/**
 * Why the order's goods cannot be returned to stock (null: they can). The
 * same states as handover: its goods must be at the store and not yet gone.
 * When to offer it (overdue) is `isOverdue`.
 */
export function returnRefusal(order: StateFields): OrderRefusal | null {
  return handOverRefusal(order);
}

/**
 * How HQ answers a mutation of a refused order: a state the terminal could not
 * have known (collected or returned elsewhere) is a `conflict`; an order HQ
 * cancelled or that has not arrived is `rejected`.
 */
export function refusalResult(
  refusal: OrderRefusal,
): { status: 'rejected'; code: RejectionCode } | { status: 'conflict'; code: ConflictCode } {
  switch (refusal.reason) {
    case 'collected':
      return { status: 'conflict', code: 'already_collected' };
    case 'returned':
      return { status: 'conflict', code: 'already_returned' };
    case 'cancelled':
      return { status: 'rejected', code: 'order_cancelled' };
    case 'notArrived':
      return { status: 'rejected', code: 'order_not_arrived' };
  }
}

// ---------------------------------------------------------------- timing

export type DeadlinePolicy = Pick<StorePolicy, 'pickupGraceHours' | 'dueSoonMinutes'>;

/** Used when HQ's policy has not arrived yet. */
export const FALLBACK_POLICY: DeadlinePolicy = { pickupGraceHours: 2, dueSoonMinutes: 30 };

type WindowFields = Pick<Order, 'pickupWindow' | 'extendedUntil'>;

/** The pickup deadline (ms): the window's end, or HQ's extension when later. */
export function pickupDeadline(order: WindowFields): number {
  const end = Date.parse(order.pickupWindow.end);
  const extended = order.extendedUntil ? Date.parse(order.extendedUntil) : Number.NaN;
  return Number.isFinite(extended) && extended > end ? extended : end;
}

/** When the order becomes overdue (ms): the deadline plus the store's grace hours. */
export function overdueAt(order: WindowFields, policy: DeadlinePolicy | null): number {
  return pickupDeadline(order) + (policy ?? FALLBACK_POLICY).pickupGraceHours * HOUR;
}

/** SPEC C2: overdue once the pickup deadline plus the store's grace hours have passed. */
export function isOverdue(order: WindowFields, now: number, policy: DeadlinePolicy | null): boolean {
  return now > overdueAt(order, policy);
}

/** Due soon: within `dueSoonMinutes` before the deadline, and not yet past it. */
export function isDueSoon(order: WindowFields, now: number, policy: DeadlinePolicy | null): boolean {
  const deadline = pickupDeadline(order);
  return now <= deadline && now >= deadline - (policy ?? FALLBACK_POLICY).dueSoonMinutes * MINUTE;
}

/**
 * Where an order stands against its pickup window, derived, never stored:
 * `upcoming` before the window opens, `open` in it, `dueSoon` near its end,
 * `late` after the deadline but within the grace hours, `overdue` after them.
 */
export type PickupTiming = 'upcoming' | 'open' | 'dueSoon' | 'late' | 'overdue';

/** The order's `PickupTiming` at `now` under the store's policy (the fallback when null). */
export function pickupTiming(order: WindowFields, now: number, policy: DeadlinePolicy | null): PickupTiming {
  if (isOverdue(order, now, policy)) return 'overdue';
  if (now > pickupDeadline(order)) return 'late';
  if (isDueSoon(order, now, policy)) return 'dueSoon';
  return now < Date.parse(order.pickupWindow.start) ? 'upcoming' : 'open';
}

/** The shelf's view of `PickupTiming`: before due soon it is all just waiting. */
export type ShelfTiming = 'waiting' | 'dueSoon' | 'late' | 'overdue';

/** The order's `ShelfTiming` at `now` (slot colours on the shelf map). */
export function shelfTiming(order: WindowFields, now: number, policy: DeadlinePolicy | null): ShelfTiming {
  const timing = pickupTiming(order, now, policy);
  return timing === 'upcoming' || timing === 'open' ? 'waiting' : timing;
}

/** The overdue orders among `orders`, the earliest overdue first: the shelf's uncollected list. */
export function overdueOrders<T extends WindowFields>(
  orders: Iterable<T>,
  now: number,
  policy: DeadlinePolicy | null,
): T[] {
  return [...orders]
    .filter((o) => isOverdue(o, now, policy))
    .sort((a, b) => overdueAt(a, policy) - overdueAt(b, policy));
}

/**
 * The new deadline an extension sets: `hours` after the later of now and the
 * current deadline (an overdue order gets `hours` from now, not from the past).
 */
export function extendedDeadline(order: WindowFields, now: number, hours: number): string {
  return new Date(Math.max(now, pickupDeadline(order)) + hours * HOUR).toISOString();
}
