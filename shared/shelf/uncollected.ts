/**
 * The shelf's names for the pickup-deadline rules. They are defined once, in
 * `shared/orders/state.ts` (with the counter's view of the same deadline);
 * this module only keeps the shelf's imports working.
 */
export {
  type DeadlinePolicy,
  extendedDeadline,
  FALLBACK_POLICY,
  overdueAt,
  pickupDeadline,
  shelfTiming,
  type ShelfTiming,
} from '../orders/state';
