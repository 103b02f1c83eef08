/**
 * 定时送达 — scheduled delivery: the one definition of which orders wait for a
 * rider, how their delivery windows stand (late / next / later), which orders
 * make up a rider's run, which bag scans are refused, when a run may be
 * handed over, and what is out with riders now (late once its window passed). The dispatch board, the rider handover (repository and screen),
 * the reference central and the tests call these. Pure: plain data in, a plain
 * answer out.
 */
import type { Order, PickupWindow } from '../contract/entities';
import type { Rider } from '../contract/dispatch';
import { RIDER_BADGE_RE } from '../codes/formats';
import { handOverRefusal, isReadyForHandOver, type OrderRefusal } from '../orders/state';
import { formatStoreTime } from '../time/storeTime';

/** The fields of an order the dispatch rules read. */
export type DispatchOrder = Pick<
  Order,
  | 'id'
  | 'orderNo'
  | 'fulfilment'
  | 'status'
  | 'bags'
  | 'slotAssignments'
  | 'pickupWindow'
  | 'delivery'
  | 'collection'
  | 'cancelReason'
>;

/** A delivery window is the order's `pickupWindow`; its key compares instants, not spellings. */
export function windowKey(window: PickupWindow): string {
  return `${Date.parse(window.start)}-${Date.parse(window.end)}`;
}

/**
 * Whether the order waits at the store for a rider: a scheduled delivery whose
 * bags are here (arrived or shelved) and that has not come back from a failed
 * delivery (that one is put away again and waits for HQ's next word).
 */
export function awaitsDispatch(order: DispatchOrder): boolean {
  return (
    order.fulfilment === 'scheduled_delivery' &&
    isReadyForHandOver(order) &&
    order.delivery?.outcome !== 'failed'
  );
}

/** Where a delivery window stands against the store clock. */
export type WindowTiming = 'late' | 'next' | 'later';

/**
 * A window is late once it has begun with its orders still in the store (the
 * rider must leave before the window opens to deliver in it); of the others,
 * the earliest is next and the rest are later.
 */
export function windowTimings(windows: readonly PickupWindow[], now: number): Map<string, WindowTiming> {
  const sorted = [...windows].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const timings = new Map<string, WindowTiming>();
  let nextTaken = false;
  for (const w of sorted) {
    const key = windowKey(w);
    if (timings.has(key)) continue;
    if (now >= Date.parse(w.start)) timings.set(key, 'late');
    else {
      timings.set(key, nextTaken ? 'later' : 'next');
      nextTaken = true;
    }
  }
  return timings;
}

export interface BoardWindow<T extends DispatchOrder> {
  key: string;
  window: PickupWindow;
  timing: WindowTiming;
  /** Orders of the window, by order number. */
  orders: T[];
}

/** The dispatch board: orders waiting for a rider, by delivery window, earliest window first. */
export function dispatchBoard<T extends DispatchOrder>(orders: Iterable<T>, now: number): BoardWindow<T>[] {
  const byWindow = new Map<string, { window: PickupWindow; orders: T[] }>();
  for (const order of orders) {
    if (!awaitsDispatch(order)) continue;
    const key = windowKey(order.pickupWindow);
    const entry = byWindow.get(key) ?? { window: order.pickupWindow, orders: [] };
    entry.orders.push(order);
    byWindow.set(key, entry);
  }
  const timings = windowTimings(
    [...byWindow.values()].map((e) => e.window),
    now,
  );
  return [...byWindow.entries()]
    .map(([key, e]) => ({
      key,
      window: e.window,
      timing: timings.get(key) ?? 'later',
      orders: e.orders.sort((a, b) => a.orderNo.localeCompare(b.orderNo)),
    }))
    .sort((a, b) => Date.parse(a.window.start) - Date.parse(b.window.start));
}

/** A window as the store reads it, in the store's zone: 14:00–15:00. */
export function windowLabel(window: PickupWindow, timeZone: string, language: string): string {
  return `${formatStoreTime(window.start, timeZone, language, 'time')}–${formatStoreTime(window.end, timeZone, language, 'time')}`;
}

// ---------------------------------------------------------------- out for delivery

/**
 * Whether the order is out with a rider now: a scheduled delivery the rider
 * took (collected, with its dispatch time) and HQ has not yet said how it went.
 * A delivered one is done; a failed one comes back `arrived` (see `awaitsDispatch`).
 */
export function isOutForDelivery(order: DispatchOrder): boolean {
  return (
    order.fulfilment === 'scheduled_delivery' &&
    order.status === 'collected' &&
    !!order.delivery?.dispatchedAt &&
    !order.delivery.outcome
  );
}

/** An order out for delivery is late once its window has passed (at its end) with no word of delivery. */
export function deliveryLate(order: Pick<DispatchOrder, 'pickupWindow'>, now: number): boolean {
  return now >= Date.parse(order.pickupWindow.end);
}

export interface OutOrder<T extends DispatchOrder> {
  order: T;
  late: boolean;
}

export interface RiderOut<T extends DispatchOrder> {
  /** null: HQ named no rider (the list still shows the order). */
  riderId: string | null;
  /** The rider's orders out now: by window, then when they left, then order number. */
  orders: OutOrder<T>[];
  /** How many of them are late. */
  late: number;
}

export interface OutForDelivery<T extends DispatchOrder> {
  /** By rider id (R01, R02, …; no rider last). */
  riders: RiderOut<T>[];
  count: number;
  late: number;
}

const byWindowThenLeft = (a: DispatchOrder, b: DispatchOrder) =>
  Date.parse(a.pickupWindow.start) - Date.parse(b.pickupWindow.start) ||
  Date.parse(a.pickupWindow.end) - Date.parse(b.pickupWindow.end) ||
  Date.parse(a.delivery?.dispatchedAt ?? '') - Date.parse(b.delivery?.dispatchedAt ?? '') ||
  a.orderNo.localeCompare(b.orderNo);

/**
 * What is out for delivery at `now`, as the clerk answers "where is my order?":
 * grouped by rider, each rider's orders by delivery window, each marked late
 * once its window has passed.
 */
export function outForDelivery<T extends DispatchOrder>(orders: Iterable<T>, now: number): OutForDelivery<T> {
  const byRider = new Map<string | null, T[]>();
  for (const order of orders) {
    if (!isOutForDelivery(order)) continue;
    const riderId = order.delivery?.riderId ?? null;
    byRider.set(riderId, [...(byRider.get(riderId) ?? []), order]);
  }
  const riders = [...byRider.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([riderId, mine]) => {
      const list = mine.sort(byWindowThenLeft).map((order) => ({ order, late: deliveryLate(order, now) }));
      return { riderId, orders: list, late: list.filter((o) => o.late).length };
    });
  return {
    riders,
    count: riders.reduce((n, r) => n + r.orders.length, 0),
    late: riders.reduce((n, r) => n + r.late, 0),
  };
}

// ---------------------------------------------------------------- riders

/** The rider a scanned code names: the badge (RD-R01, any case) or the rider's own QR token. Inactive riders are nobody. */
export function riderByCode<R extends Pick<Rider, 'id' | 'badge' | 'qrToken' | 'active'>>(
  riders: Iterable<R>,
  code: string,
): R | null {
  const text = code.trim();
  const badge = text.toUpperCase();
  const badgeId = RIDER_BADGE_RE.exec(badge)?.[1];
  for (const rider of riders) {
    if (!rider.active) continue;
    if (rider.qrToken === text) return rider;
    if (rider.badge.toUpperCase() === badge || (badgeId !== undefined && rider.id === badgeId)) return rider;
  }
  return null;
}

export interface RiderRun<T extends DispatchOrder> {
  riderId: string;
  window: PickupWindow;
  key: string;
  /** The rider's orders of that window, by order number. */
  orders: T[];
}

/** The rider's run: the orders HQ assigned to the rider in the rider's earliest waiting window (null: none). */
export function riderRun<T extends DispatchOrder>(orders: Iterable<T>, riderId: string): RiderRun<T> | null {
  const mine = [...orders].filter((o) => awaitsDispatch(o) && o.delivery?.riderId === riderId);
  if (mine.length === 0) return null;
  const first = mine.reduce((a, b) =>
    Date.parse(b.pickupWindow.start) < Date.parse(a.pickupWindow.start) ? b : a,
  );
  const key = windowKey(first.pickupWindow);
  return {
    riderId,
    window: first.pickupWindow,
    key,
    orders: mine
      .filter((o) => windowKey(o.pickupWindow) === key)
      .sort((a, b) => a.orderNo.localeCompare(b.orderNo)),
  };
}

// ---------------------------------------------------------------- bag scans

/** Why a scanned bag cannot join the rider's run. */
export type BagRefusal =
  | { reason: 'alreadyScanned'; bagLabel: string }
  | { reason: 'unknownBag'; bagLabel: string }
  | { reason: 'notDelivery'; bagLabel: string; orderNo: string }
  | { reason: 'closed'; bagLabel: string; orderNo: string; refusal: OrderRefusal }
  | { reason: 'notReady'; bagLabel: string; orderNo: string }
  | { reason: 'deliveryFailed'; bagLabel: string; orderNo: string }
  | { reason: 'otherRider'; bagLabel: string; orderNo: string; riderId: string | null }
  | { reason: 'otherWindow'; bagLabel: string; orderNo: string; window: PickupWindow };

/**
 * Why the bag `bagLabel` of `order` (undefined: no such order here) cannot join
 * `run` after the bags already `scanned` (null: it can). A bag scanned twice
 * says so first; then the order must be a scheduled delivery waiting here,
 * assigned to the run's rider, in the run's window.
 */
export function bagRefusal<T extends DispatchOrder>(
  run: Pick<RiderRun<T>, 'riderId' | 'key'>,
  scanned: readonly string[],
  bagLabel: string,
  order: T | undefined,
): BagRefusal | null {
  const label = bagLabel.toUpperCase();
  if (scanned.some((s) => s.toUpperCase() === label)) return { reason: 'alreadyScanned', bagLabel: label };
  if (!order || !order.bags.some((b) => b.label.toUpperCase() === label))
    return { reason: 'unknownBag', bagLabel: label };
  return orderRefusal(run, label, order);
}

/** Why `order` (whose bag `bagLabel` was scanned) is not part of `run`: the order-level half of `bagRefusal`. */
function orderRefusal<T extends DispatchOrder>(
  run: Pick<RiderRun<T>, 'riderId' | 'key'>,
  bagLabel: string,
  order: T,
): BagRefusal | null {
  const orderNo = order.orderNo;
  if (order.fulfilment !== 'scheduled_delivery') return { reason: 'notDelivery', bagLabel, orderNo };
  // The counter's handover rule: closed orders say why; a pending one is not at the store yet.
  const refusal = handOverRefusal(order);
  if (refusal?.reason === 'notArrived') return { reason: 'notReady', bagLabel, orderNo };
  if (refusal) return { reason: 'closed', bagLabel, orderNo, refusal };
  if (order.delivery?.outcome === 'failed') return { reason: 'deliveryFailed', bagLabel, orderNo };
  const riderId = order.delivery?.riderId ?? null;
  if (riderId !== run.riderId) return { reason: 'otherRider', bagLabel, orderNo, riderId };
  if (windowKey(order.pickupWindow) !== run.key)
    return { reason: 'otherWindow', bagLabel, orderNo, window: order.pickupWindow };
  return null;
}

export interface RunProgress<T extends DispatchOrder> {
  /** Orders with every bag scanned: they leave with the rider. */
  complete: T[];
  /** Orders with some bags scanned and some not: the handover waits for them. */
  partial: { order: T; missing: string[] }[];
  /** Orders with no bag scanned: they stay in the store. */
  untouched: T[];
  /** At least one order complete and none half-scanned. */
  canHandOver: boolean;
}

/** How far the bag scans of a run have come. */
export function runProgress<T extends DispatchOrder>(
  orders: readonly T[],
  scanned: readonly string[],
): RunProgress<T> {
  const seen = new Set(scanned.map((s) => s.toUpperCase()));
  const progress: RunProgress<T> = { complete: [], partial: [], untouched: [], canHandOver: false };
  for (const order of orders) {
    const missing = order.bags.map((b) => b.label).filter((l) => !seen.has(l.toUpperCase()));
    if (missing.length === 0) progress.complete.push(order);
    else if (missing.length === order.bags.length) progress.untouched.push(order);
    else progress.partial.push({ order, missing });
  }
  progress.canHandOver = progress.complete.length > 0 && progress.partial.length === 0;
  return progress;
}

// ---------------------------------------------------------------- the handover

/** Why a whole handover (`order.dispatched`) is refused: the terminal's check and HQ's. */
export type DispatchRefusal =
  | { reason: 'unknownRider'; riderId: string }
  | { reason: 'unknownOrder'; orderId: string }
  | { reason: 'duplicateBag'; bagLabel: string }
  | { reason: 'foreignBag'; bagLabel: string }
  | { reason: 'incomplete'; orderId: string; missing: string[] }
  | { reason: 'mixedWindows'; orderId: string }
  | { reason: 'bag'; orderId: string; refusal: BagRefusal };

/**
 * Why the rider `riderId` may not take `orderIds` with `bags` (null: the run may
 * leave). Every order must be a waiting scheduled delivery of that rider, all
 * of one window; the bags must be exactly the orders' bags, each once.
 */
export function dispatchRefusal<T extends DispatchOrder>(input: {
  rider: Pick<Rider, 'id' | 'active'> | undefined;
  riderId: string;
  orderIds: readonly string[];
  bags: readonly string[];
  orderOf: (orderId: string) => T | undefined;
}): DispatchRefusal | null {
  if (!input.rider?.active) return { reason: 'unknownRider', riderId: input.riderId };
  const seen = new Set<string>();
  for (const bag of input.bags) {
    const label = bag.toUpperCase();
    if (seen.has(label)) return { reason: 'duplicateBag', bagLabel: label };
    seen.add(label);
  }
  const orders: T[] = [];
  for (const id of new Set(input.orderIds)) {
    const order = input.orderOf(id);
    if (!order) return { reason: 'unknownOrder', orderId: id };
    orders.push(order);
  }
  const key = orders[0] ? windowKey(orders[0].pickupWindow) : '';
  const run = { riderId: input.rider.id, key };
  for (const order of orders) {
    const refusal = orderRefusal(run, order.bags[0]?.label ?? order.orderNo, order);
    if (refusal?.reason === 'otherWindow') return { reason: 'mixedWindows', orderId: order.id };
    if (refusal) return { reason: 'bag', orderId: order.id, refusal };
    const missing = order.bags.map((b) => b.label).filter((l) => !seen.has(l.toUpperCase()));
    if (missing.length > 0) return { reason: 'incomplete', orderId: order.id, missing };
  }
  const ours = new Set(orders.flatMap((o) => o.bags.map((b) => b.label.toUpperCase())));
  for (const label of seen) if (!ours.has(label)) return { reason: 'foreignBag', bagLabel: label };
  return null;
}

/** The slots a run frees: every slot its shelved orders' bags sit in. */
export function slotsFreedBy(orders: readonly Pick<DispatchOrder, 'status' | 'slotAssignments'>[]): string[] {
  return [
    ...new Set(
      orders.filter((o) => o.status === 'shelved').flatMap((o) => o.slotAssignments.map((a) => a.slotId)),
    ),
  ];
}
