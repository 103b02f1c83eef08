/**
 * A scale label → a cart line. The parser (shared/codes/parse.ts, layouts from
 * the store policy) reads the PLU and the embedded weight and/or amount; the
 * product is the weighed product with that PLU. The line is priced from the
 * catalogue's price per kg and the weight (HQ's formula); the label's printed
 * amount is kept when it agrees within 1 fen (the tolerance HQ allows), so the
 * customer pays what the label says. A price-only label (EAN-13 price layout)
 * gets its weight back from the price per kg.
 */
import type { ParsedCode } from '../codes/parse';
import { weighedAmountFen } from '../money/rounding';
import type { CartLine } from './cart';
import { checkWeight } from './validate';

export type ScaleCode = Extract<ParsedCode, { kind: 'scaleBarcode' }>;

export interface WeighedProduct {
  sku: string;
  name: string;
  unit: string;
  priceFen: number;
  weighed: boolean;
}

export type ScaleLineResult =
  { ok: true; line: Omit<CartLine, 'id'> } | { ok: false; reason: 'notWeighed' | 'noPrice' | 'badWeight' };

export function lineFromScale(code: ScaleCode, product: WeighedProduct): ScaleLineResult {
  if (!product.weighed) return { ok: false, reason: 'notWeighed' };
  const perKg = product.priceFen;
  let grams = code.weightGrams;
  if (grams === null) {
    if (code.priceFen === null || perKg <= 0) return { ok: false, reason: 'noPrice' };
    grams = Math.round((code.priceFen * 1000) / perKg);
  }
  if (!checkWeight(grams).ok) return { ok: false, reason: 'badWeight' };
  const computed = weighedAmountFen(perKg, grams);
  const agrees = code.priceFen !== null && Math.abs(code.priceFen - computed) <= 1;
  return {
    ok: true,
    line: {
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      weighed: true,
      qty: grams / 1000,
      weightGrams: grams,
      listPriceFen: perKg,
      unitPriceFen: perKg,
      ...(agrees && code.priceFen !== null ? { fixedAmountFen: code.priceFen } : {}),
      discountFen: 0,
    },
  };
}
