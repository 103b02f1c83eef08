import type { StorePolicy } from '../contract/entities';
import { DEFAULT_CASH_MOVEMENT_THRESHOLD_FEN } from './cash';

/** What closing the day reads from HQ's store policy, with the app's defaults where HQ says nothing. */
export interface DayEndPolicy {
  cashDifferenceThresholdFen: number;
  cashMovementThresholdFen: number;
  floatRequired: boolean;
  pickupGraceHours: number;
  dueSoonMinutes: number;
}

export const DEFAULT_DAYEND_POLICY: DayEndPolicy = {
  cashDifferenceThresholdFen: 500,
  cashMovementThresholdFen: DEFAULT_CASH_MOVEMENT_THRESHOLD_FEN,
  floatRequired: true,
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
};

export function dayEndPolicyOf(policy: Partial<StorePolicy> | null | undefined): DayEndPolicy {
  const d = DEFAULT_DAYEND_POLICY;
  return {
    cashDifferenceThresholdFen: policy?.cashDifferenceThresholdFen ?? d.cashDifferenceThresholdFen,
    cashMovementThresholdFen: policy?.cashMovementThresholdFen ?? d.cashMovementThresholdFen,
    floatRequired: policy?.floatRequired ?? d.floatRequired,
    pickupGraceHours: policy?.pickupGraceHours ?? d.pickupGraceHours,
    dueSoonMinutes: policy?.dueSoonMinutes ?? d.dueSoonMinutes,
  };
}
