import type { DayTotals } from '../contract/dayTotals';
import type { MutationPayload } from '../contract/mutations';
import { businessDayBounds } from '../time/storeTime';
import { type DayCloseMark, type ZoneClock, businessDayOfWork, zoneClock } from './businessDay';
import { type WorkItem, addDayTotals, addToTotals, emptyTotals } from './totals';

/**
 * A business day's running totals per terminal: everything the Z report shows
 * that comes from the day's sales, refunds, cash movements and voids. The
 * terminal keeps one row per (day, terminal), folded in the same transaction
 * that writes each piece of work; a full recompute from the rows folds them
 * with the same `foldDayWork`, so the two can never disagree by rule.
 */

export interface DayWorkHour {
  salesCount: number;
  salesFen: number;
}

export interface DayWorkTotals {
  businessDate: string;
  terminalId: string;
  /** The totals HQ computes too (compared line by line when the day is closed). */
  totals: DayTotals;
  /** Carts voided at the till (never sales; HQ does not count them). */
  voidsCount: number;
  voidsFen: number;
  /** Sales by the store-local hour they were made, 0–23. */
  hourly: DayWorkHour[];
  /** Add-on sales per pickup order they were opened from, and per customer reference (attach rate). */
  addOnOrders: Record<string, number>;
  addOnCustomers: Record<string, number>;
}

/** A cart voided at the till before payment: what it held. */
export interface VoidWork {
  kind: 'void';
  terminalId: string;
  createdAt: string;
  amountFen: number;
}

/** One piece of a day's work, as the fold takes it (a sale may carry its pickup customer). */
export type DayWork =
  | (Extract<WorkItem, { kind: 'sale' }> & { orderId?: string | undefined; customerRef?: string | undefined })
  | Exclude<WorkItem, { kind: 'sale' }>
  | VoidWork;

/** Where a piece of work lands: its business day, whether after that day's close, its local hour. */
export interface WorkPlace {
  businessDate: string;
  afterClose: boolean;
  hour: number;
}

export function emptyDayWork(businessDate: string, terminalId: string): DayWorkTotals {
  return {
    businessDate,
    terminalId,
    totals: emptyTotals(),
    voidsCount: 0,
    voidsFen: 0,
    hourly: Array.from({ length: 24 }, () => ({ salesCount: 0, salesFen: 0 })),
    addOnOrders: {},
    addOnCustomers: {},
  };
}

/** The business day, after-close flag and local hour of work done at `createdAt`. */
export function placeWork(
  createdAt: string,
  timeZone: string,
  closes: readonly DayCloseMark[],
  clock?: ZoneClock,
): WorkPlace {
  const at = Date.parse(createdAt);
  const c = clock ?? zoneClock(timeZone, at, at);
  const day = businessDayOfWork(at, timeZone, closes, c);
  return { ...day, hour: c.hourOf(at) };
}

/**
 * THE fold: adds one piece of work, placed in `totals`' day, to the totals.
 * Running totals and the recompute both call only this.
 */
export function foldDayWork(totals: DayWorkTotals, item: DayWork, place: WorkPlace): void {
  if (item.kind === 'void') {
    totals.voidsCount += 1;
    totals.voidsFen += item.amountFen;
    return;
  }
  addToTotals(totals.totals, item, place.afterClose);
  if (item.kind !== 'sale') return;
  const h = totals.hourly[place.hour]!;
  h.salesCount += 1;
  h.salesFen += item.sale.totalFen;
  const orderId = item.orderId ?? item.sale.orderId;
  if (orderId) totals.addOnOrders[orderId] = (totals.addOnOrders[orderId] ?? 0) + 1;
  if (item.customerRef)
    totals.addOnCustomers[item.customerRef] = (totals.addOnCustomers[item.customerRef] ?? 0) + 1;
}

export const dayWorkKey = (businessDate: string, terminalId: string) => `${businessDate}|${terminalId}`;

/**
 * Folds work into per-(day, terminal) totals: `into` holds the rows already
 * there (changed in place, new ones added). With `only`, work of other days
 * is left out.
 */
export function foldAll(
  work: Iterable<DayWork>,
  timeZone: string,
  closes: readonly DayCloseMark[],
  into: Map<string, DayWorkTotals> = new Map(),
  only?: ReadonlySet<string>,
  clock?: ZoneClock,
): Map<string, DayWorkTotals> {
  for (const item of work) {
    const place = placeWork(item.createdAt, timeZone, closes, clock);
    if (only && !only.has(place.businessDate)) continue;
    const key = dayWorkKey(place.businessDate, item.terminalId);
    let row = into.get(key);
    if (!row) into.set(key, (row = emptyDayWork(place.businessDate, item.terminalId)));
    foldDayWork(row, item, place);
  }
  return into;
}

/** A fast clock for the instants around the given days (±2 days). */
export function clockAround(dates: readonly string[], timeZone: string): ZoneClock | undefined {
  if (!dates.length) return undefined;
  const sorted = [...dates].sort();
  const from = businessDayBounds(sorted[0]!, timeZone).start - 2 * 86_400_000;
  const to = businessDayBounds(sorted.at(-1)!, timeZone).end + 2 * 86_400_000;
  return zoneClock(timeZone, from, to);
}

/** The full recompute: the given days' totals from their rows (all days when `dates` is omitted). */
export function recomputeDayWork(
  work: Iterable<DayWork>,
  timeZone: string,
  closes: readonly DayCloseMark[],
  dates?: readonly string[],
): DayWorkTotals[] {
  const only = dates ? new Set(dates) : undefined;
  const clock = dates ? clockAround(dates, timeZone) : undefined;
  return [...foldAll(work, timeZone, closes, new Map(), only, clock).values()];
}

const addCounts = (a: Record<string, number>, b: Record<string, number>) => {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
};

/** Several terminals' rows of one day as one (the store's line). */
export function mergeDayWork(businessDate: string, rows: readonly DayWorkTotals[]): DayWorkTotals {
  const out = emptyDayWork(businessDate, '*');
  for (const r of rows) {
    addDayTotals(out.totals, r.totals);
    out.voidsCount += r.voidsCount;
    out.voidsFen += r.voidsFen;
    r.hourly.forEach((h, i) => {
      out.hourly[i]!.salesCount += h.salesCount;
      out.hourly[i]!.salesFen += h.salesFen;
    });
    addCounts(out.addOnOrders, r.addOnOrders);
    addCounts(out.addOnCustomers, r.addOnCustomers);
  }
  return out;
}

/** Work items from the rows the till stores (sale, refund, cash movement, void). */
export const saleWork = (s: {
  terminalId: string;
  createdAt: string;
  sale: MutationPayload<'sale.completed'>;
  orderId?: string | undefined;
  customerRef?: string | undefined;
}): DayWork => ({
  kind: 'sale',
  terminalId: s.terminalId,
  createdAt: s.createdAt,
  sale: s.sale,
  orderId: s.orderId,
  customerRef: s.customerRef,
});
