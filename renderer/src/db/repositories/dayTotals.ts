import type { Transaction } from 'dexie';
import { type DayCloseMark, workRange } from '@shared/dayend/businessDay';
import {
  type DayWork,
  type DayWorkTotals,
  clockAround,
  dayWorkKey,
  emptyDayWork,
  foldAll,
  foldDayWork,
  placeWork,
  saleWork,
} from '@shared/dayend/dayWork';
import { DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../database';
import { getMeta, metaKey } from '../meta';
import type { TableName } from '../schema';
import type {
  AuditRow,
  CashMovementRow,
  DayCloseRow,
  DayTotalsRow,
  RefundRow,
  SaleRow,
  TerminalIdentity,
} from '../types';

/**
 * The Z report's running totals (table `dayTotals`, schema v4): one row per
 * business day and terminal, folded by shared/dayend's `foldDayWork` inside
 * the transaction that writes each sale, refund, cash movement and void. A
 * recompute folds the stored rows with the same function; closing or reopening
 * a day (which moves later work between days) recomputes the days it touches.
 */

/** Tables a transaction that adds work must include (besides `meta`). */
export const DAY_TOTALS_TABLES = ['dayTotals', 'dayCloses'] as const satisfies readonly TableName[];
/** Tables a recompute reads and writes. */
export const RECOMPUTE_TABLES = [
  'dayTotals',
  'dayCloses',
  'sales',
  'refunds',
  'cashMovements',
  'audit',
  'meta',
] as const satisfies readonly TableName[];

type Source = Transaction;

const totalsTable = (tx: Pick<Transaction, 'table'>) => tx.table<DayTotalsRow, [string, string]>('dayTotals');

async function closeMarks(tx: Source): Promise<DayCloseMark[]> {
  const rows = await tx.table<DayCloseRow, string>('dayCloses').where('state').equals('closed').toArray();
  return rows.map((r) => ({ businessDate: r.businessDate, closedAt: r.closedAt }));
}

/**
 * Folds work into the running totals, in the caller's `rw` transaction (it must
 * include `DAY_TOTALS_TABLES`). `timeZone` is the store's.
 */
export async function addDayWork(tx: Source, work: readonly DayWork[], timeZone: string): Promise<void> {
  if (!work.length) return;
  const closes = await closeMarks(tx);
  const table = totalsTable(tx);
  const placed = work.map((item) => ({ item, place: placeWork(item.createdAt, timeZone, closes) }));
  const keys = new Map<string, [string, string]>();
  for (const { item, place } of placed)
    keys.set(dayWorkKey(place.businessDate, item.terminalId), [place.businessDate, item.terminalId]);
  const existing = await table.bulkGet([...keys.values()]);
  const rows = new Map<string, DayWorkTotals>();
  [...keys.keys()].forEach((key, i) => {
    const [date, terminal] = keys.get(key)!;
    rows.set(key, existing[i] ?? emptyDayWork(date, terminal));
  });
  for (const { item, place } of placed)
    foldDayWork(rows.get(dayWorkKey(place.businessDate, item.terminalId))!, item, place);
  await table.bulkPut([...rows.values()]);
}

/** What a void is worth, as its audit row records it. */
export const voidAmountOf = (row: Pick<AuditRow, 'detail'>): number =>
  Number((row.detail as { totalFen?: unknown } | null)?.totalFen ?? 0) || 0;

const terminalIn = (tx: Source): Promise<TerminalIdentity | undefined> => getMeta(tx, 'terminal');

async function timeZoneIn(tx: Source, terminal: TerminalIdentity): Promise<string> {
  return (await getMeta(tx, metaKey.store(terminal.storeId)))?.timeZone ?? DEFAULT_STORE_TIME_ZONE;
}

/** The stored work created in [from, to) (ISO; all of it when no bounds), as the fold takes it. */
async function storedWork(tx: Source, terminalId: string, from = '', to = '\uffff'): Promise<DayWork[]> {
  const range = <T>(name: string, index: string) =>
    tx.table<T, string>(name).where(index).between(from, to, true, false).toArray();
  const [sales, refunds, movements, audits] = await Promise.all([
    range<SaleRow>('sales', 'createdAt'),
    range<RefundRow>('refunds', 'createdAt'),
    range<CashMovementRow>('cashMovements', 'createdAt'),
    range<AuditRow>('audit', 'at'),
  ]);
  return [
    ...sales.map(saleWork),
    // refund rows are this terminal's (HQ's totals attribute them to the terminal that sent them)
    ...refunds.map((r) => ({
      kind: 'refund' as const,
      terminalId,
      createdAt: r.createdAt,
      refund: r.refund,
    })),
    ...movements.map((m) => ({
      kind: 'cash' as const,
      terminalId: m.terminalId,
      createdAt: m.createdAt,
      movement: {
        movementId: m.id,
        shiftId: m.shiftId,
        kind: m.kind,
        amountFen: m.amountFen,
        reason: m.reason,
      },
    })),
    ...audits
      .filter((a) => a.action === 'sale.voided')
      .map((a) => ({ kind: 'void' as const, terminalId, createdAt: a.at, amountFen: voidAmountOf(a) })),
  ];
}

/**
 * Recomputes running totals from the stored rows, in the caller's `rw`
 * transaction (`RECOMPUTE_TABLES`): the given business days, or every day when
 * `dates` is omitted (the v4 upgrade, or a repair).
 */
export async function recomputeDayTotalsIn(tx: Source, dates?: readonly string[]): Promise<void> {
  const table = totalsTable(tx);
  const terminal = await terminalIn(tx);
  if (!terminal) {
    if (!dates) await table.clear();
    return;
  }
  const timeZone = await timeZoneIn(tx, terminal);
  const closes = await closeMarks(tx);
  if (!dates) {
    const work = await storedWork(tx, terminal.terminalId);
    await table.clear();
    await table.bulkPut([...foldAll(work, timeZone, closes).values()]);
    return;
  }
  if (!dates.length) return;
  const ranges = dates.map((d) => workRange(d, timeZone, closes));
  const from = new Date(Math.min(...ranges.map((r) => r.start))).toISOString();
  const to = new Date(Math.max(...ranges.map((r) => r.end))).toISOString();
  const work = await storedWork(tx, terminal.terminalId, from, to);
  const only = new Set(dates);
  await table
    .where('businessDate')
    .anyOf([...only])
    .delete();
  const rows = foldAll(work, timeZone, closes, new Map(), only, clockAround(dates, timeZone));
  await table.bulkPut([...rows.values()]);
}

/** Recomputes running totals in a transaction of its own (see `recomputeDayTotalsIn`). */
export function recomputeDayTotals(db: LinliDb, dates?: readonly string[]): Promise<void> {
  return db.transaction(
    'rw',
    RECOMPUTE_TABLES.map((t) => db.table(t)),
    (tx) => recomputeDayTotalsIn(tx, dates),
  );
}

/**
 * After the day closes change (a close or a reopen at `since`), work stored
 * from `since` on may belong to another day than it was folded into: the days
 * it was in before (`before`: the marks then) and is in now are recomputed.
 * Normally nothing was stored after the moment of a close, so this reads a
 * few rows and stops.
 */
export async function replaceWorkSince(
  tx: Source,
  since: string,
  before: readonly DayCloseMark[],
): Promise<void> {
  const terminal = await terminalIn(tx);
  if (!terminal) return;
  const work = await storedWork(tx, terminal.terminalId, since);
  if (!work.length) return;
  const timeZone = await timeZoneIn(tx, terminal);
  const after = await closeMarks(tx);
  const dates = new Set<string>();
  for (const w of work) {
    dates.add(placeWork(w.createdAt, timeZone, before).businessDate);
    dates.add(placeWork(w.createdAt, timeZone, after).businessDate);
  }
  await recomputeDayTotalsIn(tx, [...dates]);
}

/** The running totals of a business day, one row per terminal that worked. */
export function readDayTotals(source: LinliDb | Source, businessDate: string): Promise<DayTotalsRow[]> {
  return (source as Pick<Transaction, 'table'>)
    .table<DayTotalsRow, [string, string]>('dayTotals')
    .where('businessDate')
    .equals(businessDate)
    .toArray();
}
