import type { DayTotals, TenderTotals } from '../contract/dayTotals';
import type { MutationPayload } from '../contract/mutations';
import { type DayCloseMark, businessDayOfWork } from './businessDay';

/**
 * The day's comparable totals, computed the same way by the terminal (from
 * its rows) and by HQ (from the mutations it received): both feed this one
 * function, so a mismatch means different data, never a different rule.
 */

export type WorkItem =
  | { kind: 'sale'; terminalId: string; createdAt: string; sale: MutationPayload<'sale.completed'> }
  | { kind: 'refund'; terminalId: string; createdAt: string; refund: MutationPayload<'sale.refunded'> }
  | { kind: 'cash'; terminalId: string; createdAt: string; movement: MutationPayload<'cash.moved'> };

export const emptyTenders = (): TenderTotals => ({ cash: 0, card: 0, wechat: 0, alipay: 0 });

export const emptyTotals = (): DayTotals => ({
  salesCount: 0,
  salesFen: 0,
  refundsCount: 0,
  refundsFen: 0,
  discountFen: 0,
  salesByTender: emptyTenders(),
  refundsByTender: emptyTenders(),
  payInsFen: 0,
  payOutsFen: 0,
  afterCloseCount: 0,
});

/** Line discounts plus the cart discount of one sale. */
export const discountOf = (sale: MutationPayload<'sale.completed'>): number =>
  sale.lines.reduce((s, l) => s + (l.discountFen ?? 0), 0) + (sale.discountFen ?? 0);

export function addToTotals(totals: DayTotals, item: WorkItem, afterClose: boolean): void {
  if (afterClose) totals.afterCloseCount += 1;
  switch (item.kind) {
    case 'sale':
      totals.salesCount += 1;
      totals.salesFen += item.sale.totalFen;
      totals.discountFen += discountOf(item.sale);
      for (const t of item.sale.tenders) totals.salesByTender[t.method] += t.amountFen;
      return;
    case 'refund':
      totals.refundsCount += 1;
      totals.refundsFen += item.refund.totalFen;
      for (const t of item.refund.tenders) totals.refundsByTender[t.method] += t.amountFen;
      return;
    case 'cash':
      if (item.movement.kind === 'payIn') totals.payInsFen += item.movement.amountFen;
      else totals.payOutsFen += item.movement.amountFen;
      return;
  }
}

export interface DayTotalsResult {
  store: DayTotals;
  terminals: Map<string, DayTotals>;
}

/** Totals of `businessDate` over whatever work is given (work of other days is left out). */
export function dayTotals(
  work: Iterable<WorkItem>,
  businessDate: string,
  timeZone: string,
  closes: readonly DayCloseMark[],
): DayTotalsResult {
  const store = emptyTotals();
  const terminals = new Map<string, DayTotals>();
  for (const item of work) {
    const day = businessDayOfWork(item.createdAt, timeZone, closes);
    if (day.businessDate !== businessDate) continue;
    let t = terminals.get(item.terminalId);
    if (!t) terminals.set(item.terminalId, (t = emptyTotals()));
    addToTotals(store, item, day.afterClose);
    addToTotals(t, item, day.afterClose);
  }
  return { store, terminals };
}

export interface TotalsLine {
  /** Dotted key, e.g. `salesFen`, `salesByTender.cash`. */
  key: string;
  local: number;
  hq: number;
  match: boolean;
}

/** Every comparable line, local against HQ; the close is final only when all match. */
export function compareTotals(local: DayTotals, hq: DayTotals): TotalsLine[] {
  const lines: TotalsLine[] = [];
  for (const key of Object.keys(local) as (keyof DayTotals)[]) {
    const a = local[key];
    const b = hq[key];
    if (typeof a === 'number' && typeof b === 'number') {
      lines.push({ key, local: a, hq: b, match: a === b });
    } else if (typeof a === 'object' && typeof b === 'object') {
      for (const m of Object.keys(a) as (keyof TenderTotals)[])
        lines.push({ key: `${key}.${m}`, local: a[m], hq: b[m], match: a[m] === b[m] });
    }
  }
  return lines;
}

/** One part of the close's final check: a terminal's line, or the store's (`terminalId` null). */
export interface TotalsSection {
  terminalId: string | null;
  /** `local`: this terminal holds the work and compared it; `hq`: known only from HQ's answer. */
  source: 'local' | 'hq';
  lines: TotalsLine[];
}

/** Adds `b` into `a`, field by field (counts, amounts, tenders). */
export function addDayTotals(a: DayTotals, b: DayTotals): DayTotals {
  for (const key of Object.keys(a) as (keyof DayTotals)[]) {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') (a[key] as number) = x + y;
    else if (typeof x === 'object' && typeof y === 'object')
      for (const m of Object.keys(x) as (keyof TenderTotals)[]) x[m] += y[m];
  }
  return a;
}

/**
 * The close's final check, per terminal and for the store. Every terminal
 * whose work this terminal holds (`local`, its own) is compared line by line
 * with HQ's line for it (none at HQ: all zero). The other terminals that
 * worked that day are known only from HQ (listed, nothing to compare). The
 * store's totals HQ reports must equal the sum of the terminals' lines — the
 * local ones as this terminal counts them, the others as HQ has them — so a
 * store line that differs is work HQ counts for the store that no terminal's
 * line explains, or this terminal's own work differing.
 */
export function compareStoreTotals(
  local: ReadonlyMap<string, DayTotals>,
  hq: { store: DayTotals; terminals: readonly { terminalId: string; totals: DayTotals }[] },
): TotalsSection[] {
  const hqOf = new Map(hq.terminals.map((t) => [t.terminalId, t.totals]));
  const ids = [...new Set([...local.keys(), ...hqOf.keys()])].sort();
  const expectedStore = emptyTotals();
  const sections: TotalsSection[] = ids.map((terminalId) => {
    const mine = local.get(terminalId);
    const theirs = hqOf.get(terminalId) ?? emptyTotals();
    addDayTotals(expectedStore, mine ?? theirs);
    return mine
      ? { terminalId, source: 'local', lines: compareTotals(mine, theirs) }
      : { terminalId, source: 'hq', lines: compareTotals(theirs, theirs) };
  });
  sections.push({ terminalId: null, source: 'local', lines: compareTotals(expectedStore, hq.store) });
  return sections;
}
