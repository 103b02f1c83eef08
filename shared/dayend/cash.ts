import type { Tender } from '../contract/mutations';

/**
 * The cash a drawer should hold, fen exact:
 *   expected = float + cash sales − cash refunds + pay-ins − pay-outs.
 * A cash tender's `amountFen` is what the sale kept (tendered − change), so
 * change given is already out of it; a cash tender without `amountFen`
 * matching tendered − change is not ours to fix here (HQ refuses it).
 */

export interface CashSaleLike {
  tenders: readonly Pick<Tender, 'method' | 'amountFen'>[];
}

export interface CashMovementLike {
  kind: 'payIn' | 'payOut';
  amountFen: number;
}

export interface ExpectedCashInput {
  floatFen: number;
  sales: readonly CashSaleLike[];
  refunds: readonly CashSaleLike[];
  movements: readonly CashMovementLike[];
}

export interface ExpectedCash {
  floatFen: number;
  cashSalesFen: number;
  cashRefundsFen: number;
  payInsFen: number;
  payOutsFen: number;
  expectedFen: number;
}

/** The cash part of a sale's or refund's tenders. */
export const cashOf = (entry: CashSaleLike): number =>
  entry.tenders.reduce((sum, t) => (t.method === 'cash' ? sum + t.amountFen : sum), 0);

export function expectedCash(input: ExpectedCashInput): ExpectedCash {
  const cashSalesFen = input.sales.reduce((s, x) => s + cashOf(x), 0);
  const cashRefundsFen = input.refunds.reduce((s, x) => s + cashOf(x), 0);
  let payInsFen = 0;
  let payOutsFen = 0;
  for (const m of input.movements) {
    if (m.kind === 'payIn') payInsFen += m.amountFen;
    else payOutsFen += m.amountFen;
  }
  return {
    floatFen: input.floatFen,
    cashSalesFen,
    cashRefundsFen,
    payInsFen,
    payOutsFen,
    expectedFen: input.floatFen + cashSalesFen - cashRefundsFen + payInsFen - payOutsFen,
  };
}

export interface CashDifference {
  /** counted − expected: positive is over (more cash than expected), negative short. */
  differenceFen: number;
  /** |difference| above the store's threshold: the manager approves and writes a note. */
  needsManager: boolean;
}

export function cashDifference(
  countedFen: number,
  expectedFen: number,
  thresholdFen: number,
): CashDifference {
  const differenceFen = countedFen - expectedFen;
  return { differenceFen, needsManager: Math.abs(differenceFen) > thresholdFen };
}

/** Pay-ins and pay-outs above this need a manager (HQ's policy has no field for it yet). */
export const DEFAULT_CASH_MOVEMENT_THRESHOLD_FEN = 20_000;

export type CashMovementRefusal = 'not-positive' | 'reason-required' | 'exceeds-drawer';

/**
 * Why a pay-in or pay-out cannot be recorded, or null. A pay-out larger than
 * what the drawer should hold right now is refused: the cash is not there.
 */
export function cashMovementRefusal(
  kind: 'payIn' | 'payOut',
  amountFen: number,
  reason: string,
  drawerFen: number,
): CashMovementRefusal | null {
  if (!Number.isInteger(amountFen) || amountFen <= 0) return 'not-positive';
  if (reason.trim() === '') return 'reason-required';
  if (kind === 'payOut' && amountFen > drawerFen) return 'exceeds-drawer';
  return null;
}

export const cashMovementNeedsManager = (amountFen: number, thresholdFen: number): boolean =>
  amountFen > thresholdFen;
