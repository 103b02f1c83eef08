/**
 * Shelf-timing edges that mutation testing showed no test held: the store's
 * policy must be the one applied (the other test's policy equals the fallback),
 * and the fallback must still make orders overdue.
 */
import { describe, expect, it } from 'vitest';
import { isDueSoon } from '../orders/state';
import { FALLBACK_POLICY, overdueAt, pickupDeadline, shelfTiming } from './uncollected';

const order = { pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T10:00:00.000Z' } };
const end = Date.parse(order.pickupWindow.end);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('shelf timing policy', () => {
  // A store with 1 grace hour and 60 due-soon minutes sees its own rules, not the fallback's 2 h / 30 min.
  it('applies the store’s policy, not the fallback', () => {
    const policy = { pickupGraceHours: 1, dueSoonMinutes: 60 };
    expect(shelfTiming(order, end - 45 * MIN, policy)).toBe('dueSoon');
    expect(shelfTiming(order, end + 90 * MIN, policy)).toBe('overdue');
    expect(overdueAt(order, policy)).toBe(end + HOUR);
  });

  // Before HQ's policy arrives, orders still become due soon and overdue (2 h grace, 30 min).
  it('uses the fallback when the policy has not arrived', () => {
    expect(FALLBACK_POLICY).toEqual({ pickupGraceHours: 2, dueSoonMinutes: 30 });
    expect(shelfTiming(order, end - 31 * MIN, null)).toBe('waiting');
    expect(shelfTiming(order, end - 30 * MIN, null)).toBe('dueSoon');
    expect(shelfTiming(order, end + 2 * HOUR, null)).toBe('late');
    expect(shelfTiming(order, end + 2 * HOUR + 1, null)).toBe('overdue');
    expect(overdueAt(order, null)).toBe(end + 2 * HOUR);
  });

  // The boundaries, to the millisecond: due soon from exactly dueSoonMinutes before the
  // deadline, late from just after it, overdue just after deadline + grace.
  it('changes state exactly at each boundary', () => {
    const policy = { pickupGraceHours: 3, dueSoonMinutes: 20 };
    expect(shelfTiming(order, end - 20 * MIN - 1, policy)).toBe('waiting');
    expect(shelfTiming(order, end - 20 * MIN, policy)).toBe('dueSoon');
    expect(shelfTiming(order, end, policy)).toBe('dueSoon');
    expect(shelfTiming(order, end + 1, policy)).toBe('late');
    expect(shelfTiming(order, end + 3 * HOUR, policy)).toBe('late');
    expect(shelfTiming(order, end + 3 * HOUR + 1, policy)).toBe('overdue');
  });

  // A garbled or equal extension leaves the window's end as the deadline.
  it('ignores an unreadable extension', () => {
    expect(pickupDeadline({ ...order, extendedUntil: 'not a date' })).toBe(end);
    expect(pickupDeadline({ ...order, extendedUntil: order.pickupWindow.end })).toBe(end);
    expect(pickupDeadline({ ...order, extendedUntil: null } as never)).toBe(end);
  });
});

describe('due soon ends at the deadline', () => {
  // Past the deadline an order is late, never "due soon", also to callers asking only that.
  it('is not due soon after the deadline', () => {
    expect(isDueSoon(order, end, null)).toBe(true);
    expect(isDueSoon(order, end + 1, null)).toBe(false);
    expect(isDueSoon(order, end - 30 * MIN - 1, null)).toBe(false);
  });
});
