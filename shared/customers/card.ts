import type { CustomerNote, Product, StockLevel } from '../contract';
import { arrivedOn, wishArrival, type WishArrival } from './arrival';

/**
 * What the pickup card and the till show of a customer, and the manager's
 * list of today's arrivals that match wishes.
 */

export interface CardEntry {
  note: CustomerNote;
  /** Open wishes whose product arrived since the wish. */
  arrival: WishArrival | null;
  /** The arrival is today (store business day): the 今天刚到 badge. */
  arrivedToday: boolean;
}

export interface CatalogueView {
  bySku(sku: string): Product | undefined;
  byCategory(category: string): readonly Product[];
  stockOf(sku: string): Pick<StockLevel, 'qty' | 'restockedAt' | 'receivedAt'> | undefined;
}

/** A catalogue view over plain lists (the screens read products and stock from Dexie). */
export function catalogueView(
  products: readonly Product[],
  stock: readonly Pick<StockLevel, 'sku' | 'qty' | 'restockedAt' | 'receivedAt'>[],
): CatalogueView {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byCategory = new Map<string, Product[]>();
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  const stockBySku = new Map(stock.map((s) => [s.sku, s]));
  return {
    bySku: (sku) => bySku.get(sku),
    byCategory: (category) => byCategory.get(category) ?? [],
    stockOf: (sku) => stockBySku.get(sku),
  };
}

const newestFirst = (a: string, b: string) => Date.parse(b) - Date.parse(a);

/**
 * A customer's notes and open wishes as the card shows them: wishes that have
 * arrived first (today's before earlier ones, latest first), then the other
 * open wishes, then notes, each newest first. Resolved wishes are not shown.
 */
export function customerCard(
  notes: readonly CustomerNote[],
  catalogue: CatalogueView,
  today: string,
  timeZone: string,
): CardEntry[] {
  const entries = notes
    .filter((n) => n.kind === 'note' || n.status === 'open')
    .map((note): CardEntry => {
      const arrival = wishArrival(note, catalogue, catalogue.stockOf);
      return { note, arrival, arrivedToday: arrival !== null && arrivedOn(arrival, today, timeZone) };
    });
  const rank = (e: CardEntry) => (e.arrivedToday ? 0 : e.arrival ? 1 : e.note.kind === 'wish' ? 2 : 3);
  return entries.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.arrival && b.arrival ? newestFirst(a.arrival.at, b.arrival.at) : 0) ||
      newestFirst(a.note.createdAt, b.note.createdAt),
  );
}

export interface ArrivalsForCustomer {
  customerRef: string;
  maskedName: string | null;
  phoneLast4: string | null;
  wishes: { note: CustomerNote; arrival: WishArrival; productName: string }[];
}

/**
 * 今日到货·顾客心愿: open wishes whose product arrived today, grouped by
 * customer (customers in order of their latest arrival, newest first).
 */
export function todaysWishArrivals(
  notes: readonly CustomerNote[],
  catalogue: CatalogueView,
  today: string,
  timeZone: string,
): ArrivalsForCustomer[] {
  const byCustomer = new Map<string, ArrivalsForCustomer>();
  for (const note of notes) {
    const arrival = wishArrival(note, catalogue, catalogue.stockOf);
    if (!arrival || !arrivedOn(arrival, today, timeZone)) continue;
    const entry = byCustomer.get(note.customerRef) ?? {
      customerRef: note.customerRef,
      maskedName: null,
      phoneLast4: null,
      wishes: [],
    };
    entry.maskedName ??= note.customer?.maskedName ?? null;
    entry.phoneLast4 ??= note.customer?.phoneLast4 ?? null;
    entry.wishes.push({ note, arrival, productName: catalogue.bySku(arrival.sku)?.name ?? arrival.sku });
    byCustomer.set(note.customerRef, entry);
  }
  const latest = (c: ArrivalsForCustomer) => Math.max(...c.wishes.map((w) => Date.parse(w.arrival.at)));
  for (const c of byCustomer.values()) c.wishes.sort((a, b) => newestFirst(a.arrival.at, b.arrival.at));
  return [...byCustomer.values()].sort((a, b) => latest(b) - latest(a));
}

/** The ready message for the community group: the clerk copies it; nothing is sent automatically. */
export function arrivalMessage(
  customer: Pick<ArrivalsForCustomer, 'maskedName' | 'phoneLast4' | 'wishes'>,
  storeName: string,
): string {
  // Nothing known of the customer: the plain 您好 (not 您您好).
  const who = customer.maskedName
    ? `${customer.maskedName}${customer.phoneLast4 ? `（尾号${customer.phoneLast4}）` : ''}`
    : customer.phoneLast4
      ? `尾号${customer.phoneLast4}的顾客`
      : '';
  const names = [...new Set(customer.wishes.map((w) => w.productName))].map((n) => `「${n}」`).join('、');
  return `${who}您好，您上次想要的${names}今天到货了，欢迎来${storeName}看看！`;
}

/** A CSV cell that Excel neither splits nor runs as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Digits Excel must keep as text (a phone's last 4 may start with 0: 0123 would open as 123):
 * written as the formula ="0123", which is only ever those digits. Anything else is a plain cell.
 */
function digitsCell(value: string): string {
  return /^\d+$/.test(value) ? `"=""${value}"""` : cell(value);
}

/**
 * The list as CSV for Excel on a Chinese Windows: UTF-8 with a byte-order mark,
 * CRLF, one row per wish. `formatTime` gives the store-local arrival time.
 */
export function wishArrivalsCsv(
  list: readonly ArrivalsForCustomer[],
  header: readonly string[],
  storeName: string,
  formatTime: (iso: string) => string,
): string {
  const rows: string[][] = [header.map(cell)];
  for (const c of list)
    for (const w of c.wishes)
      rows.push([
        cell(c.maskedName ?? ''),
        digitsCell(c.phoneLast4 ?? ''),
        cell(w.note.text),
        cell(w.productName),
        cell(formatTime(w.arrival.at)),
        cell(arrivalMessage(c, storeName)),
      ]);
  return `\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}
