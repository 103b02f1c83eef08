import { fenToDecimal } from '../money/format';
import type { ZReport } from './zReport';

/**
 * The Z report as labelled lines, in the order the screen, the 80 mm print and
 * the CSV show them. Labels come from the caller (the UI's language).
 */

export type ZLineKind = 'fen' | 'count' | 'share';

export interface ZLine {
  section: 'sales' | 'tenders' | 'refunds' | 'cash' | 'stock' | 'pickups';
  key: string;
  kind: ZLineKind;
  /** fen, a count, or a share 0…1 (null: nothing to divide). */
  value: number | null;
}

export function zReportLines(r: ZReport): ZLine[] {
  const t = r.totals;
  const fen = (section: ZLine['section'], key: string, value: number | null): ZLine => ({
    section,
    key,
    kind: 'fen',
    value,
  });
  const count = (section: ZLine['section'], key: string, value: number | null): ZLine => ({
    section,
    key,
    kind: 'count',
    value,
  });
  const share = (section: ZLine['section'], key: string, value: number | null): ZLine => ({
    section,
    key,
    kind: 'share',
    value,
  });
  return [
    count('sales', 'salesCount', t.salesCount),
    fen('sales', 'salesFen', t.salesFen),
    fen('sales', 'discountFen', t.discountFen),
    fen('sales', 'netFen', r.netFen),
    fen('sales', 'averageSaleFen', r.averageSaleFen),
    count('sales', 'voidsCount', r.voidsCount),
    fen('sales', 'voidsFen', r.voidsFen),
    count('sales', 'afterCloseCount', t.afterCloseCount),
    fen('tenders', 'tenderCash', t.salesByTender.cash),
    fen('tenders', 'tenderCard', t.salesByTender.card),
    fen('tenders', 'tenderWechat', t.salesByTender.wechat),
    fen('tenders', 'tenderAlipay', t.salesByTender.alipay),
    count('refunds', 'refundsCount', t.refundsCount),
    fen('refunds', 'refundsFen', t.refundsFen),
    fen('refunds', 'refundCash', t.refundsByTender.cash),
    fen('refunds', 'refundCard', t.refundsByTender.card),
    fen('refunds', 'refundWechat', t.refundsByTender.wechat),
    fen('refunds', 'refundAlipay', t.refundsByTender.alipay),
    fen('cash', 'floatFen', r.cash.floatFen),
    fen('cash', 'payInsFen', t.payInsFen),
    fen('cash', 'payOutsFen', t.payOutsFen),
    fen('cash', 'expectedFen', r.cash.expectedFen),
    fen('cash', 'countedFen', r.cash.countedFen),
    fen('cash', 'differenceFen', r.cash.differenceFen),
    count('stock', 'stockCounts', r.stock.counts),
    count('stock', 'stockDiffering', r.stock.differing),
    count('stock', 'stockUnitsOver', r.stock.unitsOver),
    count('stock', 'stockUnitsShort', r.stock.unitsShort),
    fen('stock', 'stockValueFen', r.stock.valueFen),
    count('pickups', 'dueToday', r.pickups.dueToday),
    count('pickups', 'collected', r.pickups.collected),
    count('pickups', 'outstanding', r.pickups.outstanding),
    count('pickups', 'overdue', r.pickups.overdue),
    count('pickups', 'returned', r.pickups.returned),
    share('pickups', 'selfPickupShare', r.pickups.selfPickupShare),
    count('pickups', 'pickupCustomers', r.pickups.pickupCustomers),
    count('pickups', 'attachedCustomers', r.pickups.attachedCustomers),
    share('pickups', 'attachRate', r.pickups.attachRate),
  ];
}

/** A value as the CSV carries it: fen as yuan with two decimals, shares as percent with one. */
export function csvValue(line: ZLine): string {
  if (line.value === null) return '';
  if (line.kind === 'fen') return fenToDecimal(line.value);
  if (line.kind === 'share') return (Math.round(line.value * 1000) / 10).toFixed(1);
  return String(line.value);
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

export interface CsvLabels {
  header: readonly [string, string, string];
  section: (section: ZLine['section']) => string;
  line: (key: string) => string;
  /** Title rows above the table, e.g. the store, the date and "provisional". */
  title: readonly string[];
  hour: { header: readonly [string, string, string, string] };
}

/**
 * CSV that Excel on a Chinese Windows opens correctly: UTF-8 with a byte-order
 * mark (without it Excel reads GBK and the Chinese is garbled), CRLF line ends,
 * comma separators, amounts as plain decimals (no ¥, no grouping).
 */
export function zReportCsv(r: ZReport, labels: CsvLabels): string {
  const rows: string[][] = labels.title.map((t) => [t]);
  rows.push([...labels.header]);
  for (const line of zReportLines(r))
    rows.push([labels.section(line.section), labels.line(line.key), csvValue(line)]);
  rows.push([]);
  rows.push([...labels.hour.header]);
  for (const h of r.hourly)
    if (h.salesCount || h.pickups)
      rows.push([
        String(h.hour).padStart(2, '0'),
        String(h.salesCount),
        fenToDecimal(h.salesFen),
        String(h.pickups),
      ]);
  return `\uFEFF${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}
