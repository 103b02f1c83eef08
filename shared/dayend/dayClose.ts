/**
 * When a business day may be closed, and when its close is final.
 */

export type DayCloseRefusal =
  | { reason: 'already-closed'; closedAt: string }
  | { reason: 'shift-open'; shiftIds: string[] }
  | { reason: 'held-sale'; count: number }
  | { reason: 'unsynced'; count: number }
  | { reason: 'future-day' };

export interface DayCloseCheck {
  businessDate: string;
  /** The store's business date now: a day not yet begun cannot be closed. */
  today: string;
  existingClose: { closedAt: string } | null;
  openShiftIds: readonly string[];
  heldSales: number;
  unsynced: number;
  /** A manager chose to close provisionally with unsynced work. */
  provisional: boolean;
}

/** Why the day cannot be closed, or null. Unsynced work only blocks a close that is not provisional. */
export function dayCloseRefusal(c: DayCloseCheck): DayCloseRefusal | null {
  if (c.existingClose) return { reason: 'already-closed', closedAt: c.existingClose.closedAt };
  if (c.businessDate > c.today) return { reason: 'future-day' };
  if (c.openShiftIds.length) return { reason: 'shift-open', shiftIds: [...c.openShiftIds] };
  if (c.heldSales > 0) return { reason: 'held-sale', count: c.heldSales };
  if (c.unsynced > 0 && !c.provisional) return { reason: 'unsynced', count: c.unsynced };
  return null;
}

export type CloseStatus = 'provisional' | 'awaiting-hq' | 'mismatch' | 'final';

/**
 * A close is final when nothing of the terminal is waiting to upload AND HQ's
 * totals for the day equal the terminal's line by line. Until then the report
 * says provisional on every page.
 */
export function closeStatus(input: {
  unsynced: number;
  hqChecked: boolean;
  mismatches: number;
}): CloseStatus {
  if (input.unsynced > 0) return 'provisional';
  if (!input.hqChecked) return 'awaiting-hq';
  return input.mismatches > 0 ? 'mismatch' : 'final';
}
