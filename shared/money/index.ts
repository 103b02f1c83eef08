export { fenToDecimal, formatFen, parseYuan } from './format';
export { allocateByLargestRemainder } from './allocate';
export {
  percentOf,
  roundDue,
  roundingAdjustment,
  roundingApplies,
  type RoundingMode,
  type RoundingScope,
  weighedAmountFen,
} from './rounding';
