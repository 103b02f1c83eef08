import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutRecord,
  lockoutStatus,
  NO_LOCKOUT,
  parseLockoutRecord,
  recordFailure,
} from './lockout';

const MIN = 60_000;

function fail(times: number, record: LockoutRecord, now: number) {
  let locked = false;
  for (let i = 0; i < times; i++) ({ record, locked } = recordFailure(record, now));
  return { record, locked };
}

describe('PIN lockout', () => {
  const t0 = Date.parse('2026-11-24T08:00:00Z');

  it('counts down four wrong PINs and locks on the fifth for five minutes', () => {
    const four = fail(4, NO_LOCKOUT, t0);
    expect(four.locked).toBe(false);
    expect(lockoutStatus(four.record, t0)).toEqual({ locked: false, failuresLeft: 1 });
    const fifth = recordFailure(four.record, t0 + 1000);
    expect(fifth.locked).toBe(true);
    expect(lockoutStatus(fifth.record, t0 + 1000)).toEqual({
      locked: true,
      until: t0 + 1000 + 5 * MIN,
      remainingMs: 5 * MIN,
    });
    expect(lockoutStatus(fifth.record, t0 + 1000 + 5 * MIN - 1).locked).toBe(true);
    expect(lockoutStatus(fifth.record, t0 + 1000 + 5 * MIN)).toEqual({ locked: false, failuresLeft: 5 });
  });

  it('does not extend the lock with tries while locked, and restarts the count after it', () => {
    const { record } = fail(5, NO_LOCKOUT, t0);
    const during = recordFailure(record, t0 + 2 * MIN);
    expect(during).toEqual({ record, locked: false });
    const after = recordFailure(record, t0 + 6 * MIN);
    expect(after.record).toEqual({ failures: 1, lockedAt: null });
    expect(lockoutStatus(after.record, t0 + 6 * MIN)).toEqual({ locked: false, failuresLeft: 4 });
  });

  it('keeps the full lock when the clock is set back', () => {
    const { record } = fail(5, NO_LOCKOUT, t0);
    expect(lockoutStatus(record, t0 - 60 * MIN)).toEqual({
      locked: true,
      until: t0 + DEFAULT_LOCKOUT_POLICY.lockMs,
      remainingMs: DEFAULT_LOCKOUT_POLICY.lockMs,
    });
  });

  it('reads malformed persisted records as no lockout', () => {
    expect(parseLockoutRecord(undefined)).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord({ failures: -2, lockedAt: 'x' })).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord({ failures: 3, lockedAt: t0 })).toEqual({ failures: 3, lockedAt: t0 });
  });
});
