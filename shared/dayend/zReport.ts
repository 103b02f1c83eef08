import type { DayTotals } from '../contract/dayTotals';
import type { Order } from '../contract/entities';
import type { MutationPayload } from '../contract/mutations';
import { isReadyForHandOver } from '../orders/state';
import { type DeadlinePolicy, overdueAt, pickupDeadline } from '../shelf/uncollected';
import { businessDayBounds } from '../time/storeTime';
import { type DayCloseMark, businessDayOfWork, zoneClock } from './businessDay';
import { type DayWorkTotals, mergeDayWork } from './dayWork';

/**
 * The end-of-day (Z) report: a pure function over plain rows, so the screen,
 * the print, the CSV, the benchmark and the tests all read the same numbers.
 */

export interface ZSale {
  id: string;
  createdAt: string;
  terminalId: string;
  sale: MutationPayload<'sale.completed'>;
  /** The pickup order this add-on sale was opened from. */
  orderId?: string | undefined;
  customerRef?: string | undefined;
}

export interface ZShift {
  id: string;
  openedAt: string;
  floatFen: number;
  closedAt?: string | undefined;
  countedFen?: number | undefined;
  expectedFen?: number | undefined;
  differenceFen?: number | undefined;
}

export interface ZStockCount {
  countId: string;
  scope: 'full' | 'category';
  category?: string | undefined;
  lines: number;
  differing: number;
  unitsOver: number;
  unitsShort: number;
  valueFen: number;
}

export type ZOrder = Pick<
  Order,
  | 'id'
  | 'status'
  | 'fulfilment'
  | 'pickupWindow'
  | 'extendedUntil'
  | 'collection'
  | 'returnedAt'
  | 'cancelledAt'
> & { customer: Pick<Order['customer'], 'customerRef' | 'phoneLast4'> };

export interface ZReportInput {
  businessDate: string;
  timeZone: string;
  /** When the report is made (ms): what is overdue or outstanding "now" (capped at the day's end). */
  now: number;
  closes: readonly DayCloseMark[];
  policy: DeadlinePolicy | null;
  /**
   * The day's running totals, a row per terminal (`DayWorkTotals`, kept as the
   * work is written; `recomputeDayWork` makes the same rows from sales,
   * refunds, cash movements and voids).
   */
  work: readonly DayWorkTotals[];
  shifts?: readonly ZShift[];
  stockCounts?: readonly ZStockCount[];
  orders: readonly ZOrder[];
}

export interface ZPickups {
  /**
   * Orders due for pickup that day (`isDueOn`): their pickup deadline falls in
   * the day, whatever became of them since — collected earlier that day, or
   * even the day before, returned, or not yet arrived. Cancelled ones left out.
   */
  dueToday: number;
  /** Orders collected during the day (whenever they were due). */
  collected: number;
  /** Due today and, at the report time, neither collected nor returned. */
  outstanding: number;
  /** At the report time, on the shelf past the deadline plus HQ's grace. */
  overdue: number;
  /** Returned to stock during the day. */
  returned: number;
  /** Collected orders whose fulfilment was 到店自提 (vs. leader or rider collecting). */
  selfPickup: number;
  /** selfPickup / collected; null when nothing was collected. */
  selfPickupShare: number | null;
  /** Distinct customers who collected during the day (see `customerKey`). */
  pickupCustomers: number;
  /** Of those, how many also bought at the till the same business day. */
  attachedCustomers: number;
  /** attachedCustomers / pickupCustomers; null when nobody collected. */
  attachRate: number | null;
}

export interface ZHour {
  hour: number;
  salesCount: number;
  salesFen: number;
  pickups: number;
}

export interface ZReport {
  businessDate: string;
  timeZone: string;
  totals: DayTotals;
  /** The same totals per terminal whose work this report holds (compared with HQ's lines). */
  terminals: { terminalId: string; totals: DayTotals }[];
  netFen: number;
  averageSaleFen: number;
  voidsCount: number;
  voidsFen: number;
  cash: {
    floatFen: number;
    countedFen: number | null;
    expectedFen: number | null;
    differenceFen: number | null;
    shifts: number;
  };
  stock: {
    counts: number;
    lines: number;
    differing: number;
    unitsOver: number;
    unitsShort: number;
    valueFen: number;
  };
  pickups: ZPickups;
  hourly: ZHour[];
}

/**
 * Who a pickup customer is, for the attach rate: HQ's customer reference when
 * the order has one; otherwise the order itself (a phone's last four digits
 * are shared by too many people to join on).
 */
export const customerKey = (order: Pick<ZOrder, 'id' | 'customer'>): string =>
  order.customer.customerRef ? `ref:${order.customer.customerRef}` : `order:${order.id}`;

/**
 * Attach rate, precisely: among the distinct customers who collected at least
 * one order this business day, the share with at least one till sale the same
 * business day that is linked to them — opened from one of their orders
 * (`orderId`), or carrying their customer reference. Refunded sales still
 * count (the customer did buy); voided carts never became sales.
 */
export function attachRate(
  collectedOrders: readonly Pick<ZOrder, 'id' | 'customer'>[],
  daySales: readonly Pick<ZSale, 'orderId' | 'customerRef'>[],
): { pickupCustomers: number; attachedCustomers: number; attachRate: number | null } {
  const keyOfOrder = new Map<string, string>();
  const customers = new Set<string>();
  for (const o of collectedOrders) {
    const key = customerKey(o);
    keyOfOrder.set(o.id, key);
    customers.add(key);
  }
  const attached = new Set<string>();
  for (const s of daySales) {
    const byOrder = s.orderId ? keyOfOrder.get(s.orderId) : undefined;
    if (byOrder) attached.add(byOrder);
    const byRef = s.customerRef ? `ref:${s.customerRef}` : undefined;
    if (byRef && customers.has(byRef)) attached.add(byRef);
  }
  return {
    pickupCustomers: customers.size,
    attachedCustomers: attached.size,
    attachRate: customers.size ? attached.size / customers.size : null,
  };
}

/**
 * "Due today" (SPEC C4 pickups): the order's pickup deadline — the window's
 * end, or HQ's extension when later — falls within the business day's
 * [start, end). A deadline is a property of the order, not of what happened
 * to it: an order collected early (that morning, or the day before) was still
 * due that day. Cancelled orders are never due.
 */
export function isDueOn(
  order: Pick<ZOrder, 'status' | 'pickupWindow' | 'extendedUntil'>,
  bounds: { start: number; end: number },
): boolean {
  if (order.status === 'cancelled') return false;
  const deadline = pickupDeadline(order);
  return deadline >= bounds.start && deadline < bounds.end;
}

export function buildZReport(input: ZReportInput): ZReport {
  const { businessDate, timeZone, closes } = input;
  const bounds = businessDayBounds(businessDate, timeZone);
  // work of this day lies within a day or two of it; orders may be older (then Intl answers)
  const clock = zoneClock(timeZone, bounds.start - 2 * 86_400_000, bounds.end + 2 * 86_400_000);
  const dayOf = (at: string) => businessDayOfWork(at, timeZone, closes, clock);
  const localHour = (at: string) => clock.hourOf(Date.parse(at));
  const inDay = (at: string | null | undefined) => !!at && dayOf(at).businessDate === businessDate;

  const day = mergeDayWork(businessDate, input.work);
  const totals = day.totals;
  const hourly: ZHour[] = day.hourly.map((h, hour) => ({ hour, ...h, pickups: 0 }));
  const { voidsCount, voidsFen } = day;

  // ---- pickups ----
  const reportAt = Math.min(input.now, bounds.end);
  let dueToday = 0;
  let outstanding = 0;
  let overdue = 0;
  let returned = 0;
  const collectedOrders: ZOrder[] = [];
  for (const o of input.orders) {
    const collectedAt = o.collection?.at ?? null;
    const collectedToday = o.status === 'collected' && inDay(collectedAt);
    if (collectedToday) {
      collectedOrders.push(o);
      hourly[localHour(collectedAt!)]!.pickups += 1;
    }
    if (o.status === 'returned' && inDay(o.returnedAt)) returned += 1;
    if (o.status === 'cancelled') continue;
    const due = isDueOn(o, bounds);
    const settledBy = (at: string | null | undefined) => !!at && Date.parse(at) <= reportAt;
    const settled =
      (o.status === 'collected' && settledBy(collectedAt)) ||
      (o.status === 'returned' && settledBy(o.returnedAt));
    if (due) {
      dueToday += 1;
      if (!settled) outstanding += 1;
    }
    if (!settled && isReadyForHandOver(o) && overdueAt(o, input.policy) <= reportAt) overdue += 1;
  }
  const selfPickup = collectedOrders.filter((o) => o.fulfilment === 'store_pickup').length;
  const attach = attachRate(collectedOrders, [
    ...Object.keys(day.addOnOrders).map((orderId) => ({ orderId })),
    ...Object.keys(day.addOnCustomers).map((customerRef) => ({ customerRef })),
  ]);

  // ---- cash and stock ----
  const shifts = (input.shifts ?? []).filter((s) => inDay(s.openedAt));
  const closed = shifts.filter((s) => s.countedFen !== undefined);
  const sum = (xs: readonly ZShift[], f: (s: ZShift) => number | undefined) =>
    xs.reduce((a, s) => a + (f(s) ?? 0), 0);
  const counts = input.stockCounts ?? [];

  return {
    businessDate,
    timeZone,
    totals,
    terminals: input.work
      .map((w) => ({ terminalId: w.terminalId, totals: w.totals }))
      .sort((a, b) => a.terminalId.localeCompare(b.terminalId)),
    netFen: totals.salesFen - totals.refundsFen,
    averageSaleFen: totals.salesCount ? Math.round(totals.salesFen / totals.salesCount) : 0,
    voidsCount,
    voidsFen,
    cash: {
      floatFen: sum(shifts, (s) => s.floatFen),
      countedFen: closed.length ? sum(closed, (s) => s.countedFen) : null,
      expectedFen: closed.length ? sum(closed, (s) => s.expectedFen) : null,
      // a handover's count is the next shift's float, not the day's cash; its difference is the day's
      differenceFen: shifts.some((s) => s.differenceFen !== undefined)
        ? sum(shifts, (s) => s.differenceFen)
        : null,
      shifts: shifts.length,
    },
    stock: {
      counts: counts.length,
      lines: counts.reduce((a, c) => a + c.lines, 0),
      differing: counts.reduce((a, c) => a + c.differing, 0),
      unitsOver: counts.reduce((a, c) => a + c.unitsOver, 0),
      unitsShort: counts.reduce((a, c) => a + c.unitsShort, 0),
      valueFen: counts.reduce((a, c) => a + c.valueFen, 0),
    },
    pickups: {
      dueToday,
      collected: collectedOrders.length,
      outstanding,
      overdue,
      returned,
      selfPickup,
      selfPickupShare: collectedOrders.length ? selfPickup / collectedOrders.length : null,
      ...attach,
    },
    hourly,
  };
}
