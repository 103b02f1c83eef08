import { describe, expect, it } from 'vitest';
import { extendedDeadline, overdueAt, pickupDeadline, shelfTiming } from './uncollected';

const order = { pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T10:00:00.000Z' } };
const policy = { pickupGraceHours: 2, dueSoonMinutes: 30 };
const at = (iso: string) => Date.parse(iso);

describe('shelf timing', () => {
  it('waiting, due soon, late (window over, within grace), overdue (past window + grace hours)', () => {
    expect(shelfTiming(order, at('2026-11-24T09:00:00Z'), policy)).toBe('waiting');
    expect(shelfTiming(order, at('2026-11-24T09:40:00Z'), policy)).toBe('dueSoon');
    expect(shelfTiming(order, at('2026-11-24T11:59:00Z'), policy)).toBe('late');
    expect(shelfTiming(order, at('2026-11-24T12:01:00Z'), policy)).toBe('overdue');
    expect(overdueAt(order, { ...policy, pickupGraceHours: 24 })).toBe(at('2026-11-25T10:00:00Z'));
  });

  it('an extension moves the deadline; an earlier "extension" does not shorten it', () => {
    expect(pickupDeadline({ ...order, extendedUntil: '2026-11-25T10:00:00.000Z' })).toBe(
      at('2026-11-25T10:00:00Z'),
    );
    expect(pickupDeadline({ ...order, extendedUntil: '2026-11-24T03:00:00.000Z' })).toBe(
      at('2026-11-24T10:00:00Z'),
    );
    expect(
      shelfTiming(
        { ...order, extendedUntil: '2026-11-25T10:00:00.000Z' },
        at('2026-11-24T13:00:00Z'),
        policy,
      ),
    ).toBe('waiting');
  });

  it('extends from now for an overdue order, from the deadline otherwise', () => {
    expect(extendedDeadline(order, at('2026-11-24T13:00:00Z'), 24)).toBe('2026-11-25T13:00:00.000Z');
    expect(extendedDeadline(order, at('2026-11-24T08:00:00Z'), 24)).toBe('2026-11-25T10:00:00.000Z');
  });
});
