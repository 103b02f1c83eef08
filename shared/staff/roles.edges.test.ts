/** Manager-approval edges that mutation testing showed no test held. */
import { describe, expect, it } from 'vitest';
import { MUTATION_TYPES } from '../contract/mutations';
import {
  APPROVAL_TTL_MS,
  canActAlone,
  isPrivilegedAction,
  PermissionDeniedError,
  PRIVILEGED_ACTIONS,
  PRIVILEGED_ACTION_MUTATION,
  requireRole,
  type Approval,
  type StaffIdentity,
} from './roles';

const clerk: StaffIdentity = { id: 'C01', storeId: 'S001', role: 'clerk', active: true };
const managerA: StaffIdentity = { id: 'M01', storeId: 'S001', role: 'manager', active: true };
const now = Date.parse('2026-11-24T08:00:00Z');
const approvalAt = (at: number, by = 'M01'): Approval => ({
  id: 'a1',
  by,
  action: 'returnToStock',
  at: new Date(at).toISOString(),
});

function denial(fn: () => unknown): PermissionDeniedError | 'allowed' {
  try {
    fn();
  } catch (error) {
    if (error instanceof PermissionDeniedError) return error;
    throw error;
  }
  return 'allowed';
}

describe('manager approval', () => {
  // The approval names the manager who gave it: manager B's approval is not
  // manager A's, even when A is a real manager of the store and presented.
  it('refuses an approval naming manager B when manager A is presented', () => {
    const err = denial(() =>
      requireRole('returnToStock', {
        staff: clerk,
        approver: managerA,
        approval: approvalAt(now, 'M02'),
        now,
      }),
    );
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err !== 'allowed' && err.reason).toBe('approver-not-manager');
  });

  // An approval is good for two minutes, to the millisecond, either side of the clock.
  it('accepts an approval exactly TTL old or TTL ahead, and refuses one a millisecond beyond', () => {
    const base = { staff: clerk, approver: managerA };
    const at = (ms: number) =>
      denial(() => requireRole('returnToStock', { ...base, approval: approvalAt(ms), now }));
    expect(at(now - APPROVAL_TTL_MS)).toBe('allowed');
    expect(at(now + APPROVAL_TTL_MS)).toBe('allowed');
    expect(at(now - APPROVAL_TTL_MS - 1)).toMatchObject({ reason: 'approval-expired' });
    expect(at(now + APPROVAL_TTL_MS + 1)).toMatchObject({ reason: 'approval-expired' });
    expect(APPROVAL_TTL_MS).toBe(120_000);
  });

  // The refusal says which action, whom and why: it is shown to the clerk and written to the audit log.
  it('names the action, the staff member and the reason in the refusal', () => {
    const err = denial(() => requireRole('closeDay', { staff: clerk, now }));
    expect(err).toMatchObject({
      name: 'PermissionDeniedError',
      kind: 'permission-denied',
      action: 'closeDay',
      staffId: 'C01',
      reason: 'manager-required',
      message: 'closeDay refused for C01: manager-required',
    });
    expect(denial(() => requireRole('closeDay', { staff: undefined, now }))).toMatchObject({ staffId: '?' });
    expect(denial(() => requireRole('closeDay', { staff: undefined, now }, 'C09'))).toMatchObject({
      staffId: 'C09',
    });
    expect(denial(() => requireRole('closeDay', { staff: { ...clerk, active: false }, now }))).toMatchObject({
      staffId: 'C01',
      reason: 'inactive',
    });
  });
});

describe('privileged actions', () => {
  // README/SPEC: these need a manager (or a manager's approval); a handover does not.
  it('includes the SPEC’s manager actions, each a distinct named action', () => {
    for (const action of [
      'priceOverride',
      'refundAboveThreshold',
      'returnToStock',
      'cashDifference',
      'closeDay',
      'resolveException',
      'importRecovery',
      'viewAuditLog',
    ])
      expect(isPrivilegedAction(action)).toBe(true);
    for (const action of PRIVILEGED_ACTIONS) expect(action).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(PRIVILEGED_ACTIONS).size).toBe(PRIVILEGED_ACTIONS.length);
    expect(isPrivilegedAction('handOver')).toBe(false);
    expect(isPrivilegedAction('')).toBe(false);
  });

  // HQ re-checks `approvedBy` on the mutation each action produces: it must be a
  // real contract mutation, and the SPEC's pairs must hold.
  it('pairs actions with contract mutations HQ re-checks', () => {
    for (const type of Object.values(PRIVILEGED_ACTION_MUTATION))
      if (type !== null) expect(MUTATION_TYPES).toContain(type);
    expect(PRIVILEGED_ACTION_MUTATION).toMatchObject({
      priceOverride: 'sale.completed',
      refundAboveThreshold: 'sale.refunded',
      returnToStock: 'order.returnToStock',
      cashDifference: 'shift.closed',
      closeDay: 'day.closed',
      stockAdjust: 'stock.adjusted',
      // Local-only actions: nothing goes to HQ but the audit row.
      resolveException: null,
      importRecovery: null,
      viewAuditLog: null,
    });
  });

  it('lets only a manager act alone (UI hint)', () => {
    expect(canActAlone('manager', 'closeDay')).toBe(true);
    expect(canActAlone('clerk', 'closeDay')).toBe(false);
    expect(canActAlone(undefined, 'closeDay')).toBe(false);
  });
});
