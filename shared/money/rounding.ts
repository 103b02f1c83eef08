/**
 * 抹零: the store's rounding of the amount due. The small change is wiped off in
 * the customer's favour (rounded down): to ¥0.1 (`jiao`) or to ¥1 (`yuan`).
 * Applies to cash tenders only (`cash`, the default) or to any tender (`all`).
 */
export type RoundingMode = 'none' | 'jiao' | 'yuan';
export type RoundingScope = 'cash' | 'all';

const STEP: Readonly<Record<RoundingMode, number>> = { none: 1, jiao: 10, yuan: 100 };

/** The amount due after 抹零 (never more than `fen`, idempotent). Negative amounts are not rounded. */
export function roundDue(fen: number, mode: RoundingMode): number {
  if (fen <= 0) return fen;
  const step = STEP[mode];
  return fen - (fen % step);
}

/** What rounding takes off (≤ 0), as the sale records it in `roundingFen`. */
export function roundingAdjustment(fen: number, mode: RoundingMode): number {
  return roundDue(fen, mode) - fen;
}

/** Whether 抹零 applies to a sale paid with these tenders. */
export function roundingApplies(scope: RoundingScope, methods: readonly string[]): boolean {
  return scope === 'all' || (methods.length > 0 && methods.every((m) => m === 'cash'));
}

/** Price of a weighed line: price per kg × grams, half up, in fen. */
export function weighedAmountFen(pricePerKgFen: number, grams: number): number {
  return Math.floor((pricePerKgFen * grams + 500) / 1000);
}

/** `percent` of an amount in fen, half up (for a 9.5 折 discount: percentOf(x, 5)). */
export function percentOf(fen: number, percent: number): number {
  return Math.floor((fen * percent + 50) / 100);
}
