import { describe, expect, it } from 'vitest';
import { MANAGER_MUTATIONS } from '../contract/mutations';
import {
  APPROVAL_TTL_MS,
  type Approval,
  PermissionDeniedError,
  PRIVILEGED_ACTION_MUTATION,
  requireRole,
  type StaffIdentity,
} from './roles';

const clerk: StaffIdentity = { id: 'C01', storeId: 'S001', role: 'clerk', active: true };
const manager: StaffIdentity = { id: 'M01', storeId: 'S001', role: 'manager', active: true };
const now = Date.parse('2026-11-24T08:00:00Z');
const approval: Approval = {
  id: 'a1',
  by: 'M01',
  action: 'returnToStock',
  at: new Date(now - 10_000).toISOString(),
};

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PermissionDeniedError) return error.reason;
    throw error;
  }
  return 'allowed';
}

describe('requireRole', () => {
  it('lets a manager act alone', () => {
    expect(requireRole('returnToStock', { staff: manager, now })).toEqual({
      action: 'returnToStock',
      staffId: 'M01',
      role: 'manager',
    });
  });

  it('refuses a clerk without an approval, and unknown or inactive staff', () => {
    expect(reason(() => requireRole('closeDay', { staff: clerk, now }))).toBe('manager-required');
    expect(reason(() => requireRole('closeDay', { staff: undefined, now }))).toBe('unknown-staff');
    expect(reason(() => requireRole('closeDay', { staff: { ...manager, active: false }, now }))).toBe(
      'inactive',
    );
  });

  it('lets a clerk act with a fresh approval for this action from a manager of the store', () => {
    const auth = requireRole('returnToStock', { staff: clerk, approver: manager, approval, now });
    expect(auth).toEqual({ action: 'returnToStock', staffId: 'C01', role: 'clerk', approval });
  });

  it('refuses approvals for another action, by a non-manager, another store, or stale ones', () => {
    const base = { staff: clerk, approver: manager, approval, now };
    expect(reason(() => requireRole('closeDay', base))).toBe('approval-mismatch');
    expect(
      reason(() =>
        requireRole('returnToStock', { ...base, approver: clerk, approval: { ...approval, by: 'C01' } }),
      ),
    ).toBe('approver-not-manager');
    expect(
      reason(() => requireRole('returnToStock', { ...base, approver: { ...manager, storeId: 'S002' } })),
    ).toBe('approver-not-manager');
    expect(
      reason(() => requireRole('returnToStock', { ...base, approver: { ...manager, active: false } })),
    ).toBe('approver-not-manager');
    expect(reason(() => requireRole('returnToStock', { ...base, approver: undefined }))).toBe(
      'approver-not-manager',
    );
    expect(reason(() => requireRole('returnToStock', { ...base, now: now + APPROVAL_TTL_MS }))).toBe(
      'approval-expired',
    );
    expect(reason(() => requireRole('returnToStock', { ...base, now: now - APPROVAL_TTL_MS - 20_000 }))).toBe(
      'approval-expired',
    );
    expect(
      reason(() => requireRole('returnToStock', { ...base, approval: { ...approval, at: 'garbage' } })),
    ).toBe('approval-expired');
  });
});

describe('privileged actions and HQ', () => {
  it('covers every mutation HQ always requires a manager for', () => {
    const guarded = new Set(Object.values(PRIVILEGED_ACTION_MUTATION));
    expect(MANAGER_MUTATIONS.filter((type) => !guarded.has(type))).toEqual([]);
  });
});
