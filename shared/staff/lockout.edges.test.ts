/** PIN lockout edges that mutation testing showed no test held. */
import { describe, expect, it } from 'vitest';
import { lockoutStatus, NO_LOCKOUT, parseLockoutRecord, recordFailure, recordSuccess } from './lockout';

const t0 = Date.parse('2026-11-24T08:00:00Z');

describe('PIN lockout edges', () => {
  // HQ may lower maxFailures while a count is running: "tries left" never goes negative.
  it('shows no tries left, not a negative count, when failures exceed the policy', () => {
    expect(lockoutStatus({ failures: 7, lockedAt: null }, t0)).toEqual({ locked: false, failuresLeft: 0 });
  });

  // A store's own policy (3 tries, 1 minute) is the one applied, in both the count and the lock.
  it('applies the policy it is given', () => {
    const policy = { maxFailures: 3, lockMs: 60_000 };
    let state = recordFailure(NO_LOCKOUT, t0, policy);
    state = recordFailure(state.record, t0, policy);
    expect(lockoutStatus(state.record, t0, policy)).toEqual({ locked: false, failuresLeft: 1 });
    state = recordFailure(state.record, t0, policy);
    expect(state).toEqual({ record: { failures: 3, lockedAt: t0 }, locked: true });
    expect(recordFailure(state.record, t0 + 59_999, policy)).toEqual({ record: state.record, locked: false });
    expect(lockoutStatus(state.record, t0 + 60_000, policy)).toEqual({ locked: false, failuresLeft: 3 });
  });

  // A right PIN forgives the earlier wrong ones.
  it('clears the count on success', () => {
    expect(recordSuccess()).toEqual({ failures: 0, lockedAt: null });
  });

  // Whatever is stored (null, fractions, Infinity) must not crash sign-in or lock someone forever.
  it('reads null, fractional counts and non-finite times as no lockout', () => {
    expect(parseLockoutRecord(null)).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord('3')).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord({ failures: 2.5, lockedAt: Number.POSITIVE_INFINITY })).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord({ failures: '2', lockedAt: `${t0}` })).toEqual(NO_LOCKOUT);
    expect(parseLockoutRecord({ failures: 0, lockedAt: 0 })).toEqual({ failures: 0, lockedAt: 0 });
  });
});
