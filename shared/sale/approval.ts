/**
 * When a sale needs a manager: price overrides and discounts. The same rule at
 * the till (before the sale is written) and at HQ (when it is pushed).
 */
import type { MutationPayload } from '../contract';
import { weighedAmountFen } from '../money/rounding';

type SaleLinePayload = MutationPayload<'sale.completed'>['lines'][number];

/** What a line was reduced below its list price: the override's part plus its discount. */
export function lineReductionFen(line: SaleLinePayload): number {
  const gross = (price: number) =>
    line.weightGrams !== undefined ? weighedAmountFen(price, line.weightGrams) : Math.round(price * line.qty);
  const override = line.listPriceFen !== undefined ? gross(line.listPriceFen) - gross(line.unitPriceFen) : 0;
  return Math.max(0, override) + (line.discountFen ?? 0);
}

export interface ApprovalNeed {
  /** A price was changed (up or down) from the catalogue. */
  priceOverride: boolean;
  /** Total reduction in the sale: overrides below list, line and sale discounts. */
  reductionFen: number;
  needsManager: boolean;
}

/**
 * A changed price always needs a manager (a raised price is a mistake a manager
 * should see as much as a lowered one); discounts need one above the store's
 * threshold.
 */
export function saleApprovalNeed(
  sale: Pick<MutationPayload<'sale.completed'>, 'lines' | 'discountFen'>,
  discountApprovalThresholdFen: number,
): ApprovalNeed {
  const priceOverride = sale.lines.some(
    (l) => l.listPriceFen !== undefined && l.listPriceFen !== l.unitPriceFen,
  );
  const reductionFen = sale.lines.reduce((s, l) => s + lineReductionFen(l), 0) + (sale.discountFen ?? 0);
  return {
    priceOverride,
    reductionFen,
    needsManager: priceOverride || reductionFen > discountApprovalThresholdFen,
  };
}
