/**
 * Stock count against the book: variance in units (grams for weighed goods,
 * as stock levels are kept) and in value at the catalogue price.
 */

export interface CountedLine {
  sku: string;
  countedQty: number;
  expectedQty: number;
}

export interface PricedProduct {
  priceFen: number;
  /** Weighed goods: quantities are grams, the price is per kilogram. */
  weighed: boolean;
}

export interface VarianceLine extends CountedLine {
  /** counted − expected. */
  deltaQty: number;
  /** The delta at the catalogue price, fen (rounded half away from zero for weighed goods). */
  deltaFen: number;
}

export interface VarianceSummary {
  lines: VarianceLine[];
  /** Lines whose count differs from the book. */
  differing: number;
  unitsOver: number;
  unitsShort: number;
  valueFen: number;
}

const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

export function valueOfQty(qty: number, product: PricedProduct): number {
  return product.weighed ? roundHalfAway((qty * product.priceFen) / 1000) : qty * product.priceFen;
}

export function stockVariance(
  lines: readonly CountedLine[],
  products: ReadonlyMap<string, PricedProduct>,
): VarianceSummary {
  const out: VarianceLine[] = [];
  let unitsOver = 0;
  let unitsShort = 0;
  let valueFen = 0;
  let differing = 0;
  for (const line of lines) {
    const product = products.get(line.sku);
    const deltaQty = line.countedQty - line.expectedQty;
    const deltaFen = product ? valueOfQty(deltaQty, product) : 0;
    if (deltaQty > 0) unitsOver += deltaQty;
    if (deltaQty < 0) unitsShort -= deltaQty;
    if (deltaQty !== 0) differing += 1;
    valueFen += deltaFen;
    out.push({ ...line, deltaQty, deltaFen });
  }
  return { lines: out, differing, unitsOver, unitsShort, valueFen };
}

/** The adjustments a submitted count implies: one per differing line, with the reason given. */
export function adjustmentsFor(
  lines: readonly CountedLine[],
  reasonFor: (sku: string) => string,
): { sku: string; deltaQty: number; reason: string }[] {
  return lines
    .filter((l) => l.countedQty !== l.expectedQty)
    .map((l) => ({ sku: l.sku, deltaQty: l.countedQty - l.expectedQty, reason: reasonFor(l.sku) }));
}

export type CountedQtyParse = { ok: true; qty: number } | { ok: false; reason: 'not-a-number' | 'negative' };

/** A typed count: whole, non-negative (grams for weighed goods). */
export function parseCountedQty(text: string): CountedQtyParse {
  const t = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).trim();
  if (/^[-−－]\s*\d+$/.test(t)) return { ok: false, reason: 'negative' };
  if (!/^\d{1,9}$/.test(t)) return { ok: false, reason: 'not-a-number' };
  return { ok: true, qty: Number(t) };
}
