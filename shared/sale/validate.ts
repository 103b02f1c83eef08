/**
 * What a clerk may type into the cart: quantities, weights and prices. Zero,
 * negative, fractional units and absurd values are refused with a reason the
 * screen turns into a message; nothing reaches the cart or the database.
 */

/** More than this many of one item in one sale is a typing slip (a barcode typed into the qty). */
export const MAX_LINE_QTY = 999;
/** 100 kg: more than any scale at a till weighs. */
export const MAX_WEIGHT_GRAMS = 100_000;
/** ¥99,999.99: a larger price on one item is a typing slip. */
export const MAX_PRICE_FEN = 9_999_999;

export type QuantityRefusal = 'notANumber' | 'zero' | 'negative' | 'fractional' | 'tooLarge';
export type PriceRefusal = 'notANumber' | 'zero' | 'negative' | 'fractional' | 'tooLarge';

export type Checked<R> = { ok: true } | { ok: false; reason: R };

const ok = { ok: true } as const;

/** A quantity of units (piece goods): a whole number from 1 to MAX_LINE_QTY. */
export function checkQuantity(qty: number): Checked<QuantityRefusal> {
  if (!Number.isFinite(qty)) return { ok: false, reason: 'notANumber' };
  if (qty === 0) return { ok: false, reason: 'zero' };
  if (qty < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(qty)) return { ok: false, reason: 'fractional' };
  if (qty > MAX_LINE_QTY) return { ok: false, reason: 'tooLarge' };
  return ok;
}

/** A weight in grams: a whole number from 1 to MAX_WEIGHT_GRAMS. */
export function checkWeight(grams: number): Checked<QuantityRefusal> {
  if (!Number.isFinite(grams)) return { ok: false, reason: 'notANumber' };
  if (grams === 0) return { ok: false, reason: 'zero' };
  if (grams < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(grams)) return { ok: false, reason: 'fractional' };
  if (grams > MAX_WEIGHT_GRAMS) return { ok: false, reason: 'tooLarge' };
  return ok;
}

/** A price the clerk sets (override): integer fen from 1 fen to MAX_PRICE_FEN. */
export function checkPrice(fen: number | null): Checked<PriceRefusal> {
  if (fen === null || !Number.isFinite(fen)) return { ok: false, reason: 'notANumber' };
  if (fen === 0) return { ok: false, reason: 'zero' };
  if (fen < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(fen)) return { ok: false, reason: 'fractional' };
  if (fen > MAX_PRICE_FEN) return { ok: false, reason: 'tooLarge' };
  return ok;
}

/** A discount on an amount: from 1 fen up to the amount itself. */
export function checkDiscount(fen: number | null, ofAmountFen: number): Checked<PriceRefusal> {
  if (fen === null || !Number.isFinite(fen)) return { ok: false, reason: 'notANumber' };
  if (fen < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(fen)) return { ok: false, reason: 'fractional' };
  if (fen > ofAmountFen) return { ok: false, reason: 'tooLarge' };
  return ok;
}
