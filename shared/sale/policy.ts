/**
 * The till's reading of HQ's store policy, with the defaults for fields an
 * older HQ does not send (every one of them is optional in the contract).
 */
import type { StorePolicy } from '../contract';
import { DEFAULT_SCALE_LAYOUT, type ScaleLayout } from '../codes/parse';
import type { RoundingMode, RoundingScope } from '../money/rounding';

export interface TillPolicy {
  rounding: RoundingMode;
  roundingScope: RoundingScope;
  /** Price reductions per sale a clerk may give without a manager (0: none). */
  discountApprovalThresholdFen: number;
  /** Refunds above this need a manager. */
  refundApprovalThresholdFen: number;
  scaleLayout: ScaleLayout;
}

export const DEFAULT_TILL_POLICY: TillPolicy = {
  rounding: 'none',
  roundingScope: 'cash',
  discountApprovalThresholdFen: 0,
  refundApprovalThresholdFen: 0,
  scaleLayout: DEFAULT_SCALE_LAYOUT,
};

export function tillPolicyOf(policy: Partial<StorePolicy> | null | undefined): TillPolicy {
  if (!policy) return DEFAULT_TILL_POLICY;
  return {
    rounding: policy.rounding ?? DEFAULT_TILL_POLICY.rounding,
    roundingScope: policy.roundingScope ?? DEFAULT_TILL_POLICY.roundingScope,
    discountApprovalThresholdFen:
      policy.discountApprovalThresholdFen ?? DEFAULT_TILL_POLICY.discountApprovalThresholdFen,
    refundApprovalThresholdFen:
      policy.refundApprovalThresholdFen ?? DEFAULT_TILL_POLICY.refundApprovalThresholdFen,
    scaleLayout: policy.scaleLayout ?? DEFAULT_TILL_POLICY.scaleLayout,
  };
}
