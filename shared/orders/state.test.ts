import { describe, expect, it } from 'vitest';
import { type Order, orderStatusSchema } from '../contract/entities';
import {
  CLOSED_STATUSES,
  closedRefusal,
  HANDOVER_STATUSES,
  OPEN_STATUSES,
  FALLBACK_POLICY,
  handOverRefusal,
  isClosed,
  isDueSoon,
  isOverdue,
  isReadyForHandOver,
  overdueAt,
  overdueOrders,
  pickupTiming,
  refusalResult,
  returnRefusal,
  shelfTiming,
} from './state';

const at = (iso: string) => Date.parse(iso);
const window = { pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T10:00:00.000Z' } };
// Grace differs from the fallback's so a rule that ignores the store's policy fails.
const policy = { pickupGraceHours: 3, dueSoonMinutes: 60 };

type StateFields = Pick<Order, 'status' | 'collection' | 'cancelReason'>;
const withStatus = (status: Order['status'], extra: Partial<StateFields> = {}): StateFields => ({
  status,
  ...extra,
});

describe('order status rules', () => {
  it('the status lists agree with the rules: open and closed split every status; handover is the ready ones', () => {
    const all = orderStatusSchema.options;
    expect(all.filter((s) => !isClosed(withStatus(s))).sort()).toEqual([...OPEN_STATUSES].sort());
    expect(all.filter((s) => isClosed(withStatus(s))).sort()).toEqual([...CLOSED_STATUSES].sort());
    expect(all.filter((s) => isReadyForHandOver(withStatus(s))).sort()).toEqual(
      [...HANDOVER_STATUSES].sort(),
    );
  });

  it('collected, cancelled and returned are closed; pending, arrived and shelved are open', () => {
    expect(
      ['collected', 'cancelled', 'returned'].map((s) => isClosed(withStatus(s as Order['status']))),
    ).toEqual([true, true, true]);
    expect(['pending', 'arrived', 'shelved'].map((s) => isClosed(withStatus(s as Order['status'])))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('a closed order says why: collected when, by whom and where; cancelled with HQ’s reason; returned', () => {
    const collection = {
      at: '2026-11-24T08:00:00.000Z',
      terminalId: 'T2',
      staffId: 'C01',
      verifiedBy: 'token' as const,
      partial: false,
    };
    expect(closedRefusal(withStatus('collected', { collection }))).toEqual({
      reason: 'collected',
      at: '2026-11-24T08:00:00.000Z',
      staffId: 'C01',
      terminalId: 'T2',
    });
    expect(closedRefusal(withStatus('collected'))).toEqual({
      reason: 'collected',
      at: null,
      staffId: null,
      terminalId: null,
    });
    expect(closedRefusal(withStatus('cancelled', { cancelReason: '缺货' }))).toEqual({
      reason: 'cancelled',
      cancelReason: '缺货',
    });
    expect(closedRefusal(withStatus('cancelled'))).toEqual({ reason: 'cancelled', cancelReason: null });
    expect(closedRefusal(withStatus('returned'))).toEqual({ reason: 'returned' });
    expect(closedRefusal(withStatus('pending'))).toBeNull();
    expect(closedRefusal(withStatus('shelved'))).toBeNull();
  });

  it('ready for handover: arrived or shelved; a pending order has not arrived', () => {
    expect(isReadyForHandOver(withStatus('arrived'))).toBe(true);
    expect(isReadyForHandOver(withStatus('shelved'))).toBe(true);
    expect(handOverRefusal(withStatus('pending'))).toEqual({ reason: 'notArrived' });
    expect(handOverRefusal(withStatus('returned'))).toEqual({ reason: 'returned' });
    expect(isReadyForHandOver(withStatus('collected'))).toBe(false);
    expect(returnRefusal(withStatus('shelved'))).toBeNull();
    expect(returnRefusal(withStatus('pending'))).toEqual({ reason: 'notArrived' });
    expect(returnRefusal(withStatus('cancelled'))?.reason).toBe('cancelled');
  });
});

describe('HQ’s answer to a refused order', () => {
  it('collected or returned elsewhere is a conflict; cancelled or not arrived is rejected', () => {
    expect(refusalResult({ reason: 'collected', at: null, staffId: null, terminalId: null })).toEqual({
      status: 'conflict',
      code: 'already_collected',
    });
    expect(refusalResult({ reason: 'returned' })).toEqual({ status: 'conflict', code: 'already_returned' });
    expect(refusalResult({ reason: 'cancelled', cancelReason: null })).toEqual({
      status: 'rejected',
      code: 'order_cancelled',
    });
    expect(refusalResult({ reason: 'notArrived' })).toEqual({
      status: 'rejected',
      code: 'order_not_arrived',
    });
  });
});

describe('pickup timing (SPEC C2: overdue = deadline + the store’s grace hours)', () => {
  const timing = (iso: string) => pickupTiming(window, at(iso), policy);

  it('upcoming, open, due soon, late within the grace hours, overdue after them', () => {
    expect(timing('2026-11-24T01:59:59.000Z')).toBe('upcoming');
    expect(timing('2026-11-24T02:00:00.000Z')).toBe('open');
    expect(timing('2026-11-24T08:59:59.000Z')).toBe('open');
    expect(timing('2026-11-24T09:00:00.000Z')).toBe('dueSoon');
    expect(timing('2026-11-24T10:00:00.000Z')).toBe('dueSoon');
    expect(timing('2026-11-24T10:00:01.000Z')).toBe('late');
    expect(timing('2026-11-24T13:00:00.000Z')).toBe('late');
    expect(timing('2026-11-24T13:00:01.000Z')).toBe('overdue');
  });

  it('overdue one second after deadline + grace, not one second before and not at the instant', () => {
    const edge = overdueAt(window, policy);
    expect(edge).toBe(at('2026-11-24T13:00:00.000Z'));
    expect(isOverdue(window, edge - 1000, policy)).toBe(false);
    expect(isOverdue(window, edge, policy)).toBe(false);
    expect(isOverdue(window, edge + 1000, policy)).toBe(true);
  });

  it('uses the store’s policy, and the fallback only when HQ has sent none', () => {
    const noon = at('2026-11-24T12:30:00.000Z');
    expect(isOverdue(window, noon, policy)).toBe(false);
    expect(isOverdue(window, noon, null)).toBe(true); // fallback grace 2 h
    expect(FALLBACK_POLICY.pickupGraceHours).toBe(2);
    expect(
      isOverdue(window, at('2026-11-24T10:00:01.000Z'), { pickupGraceHours: 0, dueSoonMinutes: 0 }),
    ).toBe(true);
    expect(isDueSoon(window, at('2026-11-24T09:20:00.000Z'), null)).toBe(false);
    expect(isDueSoon(window, at('2026-11-24T09:40:00.000Z'), null)).toBe(true);
  });

  it('an extension moves the deadline (only later, never earlier)', () => {
    const extended = { ...window, extendedUntil: '2026-11-25T10:00:00.000Z' };
    expect(pickupTiming(extended, at('2026-11-24T13:00:01.000Z'), policy)).toBe('open');
    expect(isOverdue(extended, at('2026-11-25T13:00:01.000Z'), policy)).toBe(true);
    const earlier = { ...window, extendedUntil: '2026-11-24T03:00:00.000Z' };
    expect(pickupTiming(earlier, at('2026-11-24T05:00:00.000Z'), policy)).toBe('open');
  });

  it('the shelf’s timing is the same timing with upcoming and open as waiting', () => {
    const instants = ['01:00', '05:00', '09:30', '11:00', '14:00'].map((t) => at(`2026-11-24T${t}:00.000Z`));
    expect(instants.map((t) => shelfTiming(window, t, policy))).toEqual([
      'waiting',
      'waiting',
      'dueSoon',
      'late',
      'overdue',
    ]);
  });

  it('the uncollected list holds the overdue orders only, the earliest overdue first', () => {
    const a = {
      id: 'a',
      pickupWindow: { start: window.pickupWindow.start, end: '2026-11-24T09:00:00.000Z' },
    };
    const b = { id: 'b', ...window };
    const c = { id: 'c', ...window, extendedUntil: '2026-11-25T10:00:00.000Z' };
    expect(overdueOrders([b, c, a], at('2026-11-24T13:00:01.000Z'), policy).map((o) => o.id)).toEqual([
      'a',
      'b',
    ]);
    expect(overdueOrders([b, c, a], at('2026-11-24T12:59:59.000Z'), policy).map((o) => o.id)).toEqual(['a']);
  });
});
