import type { MutationType } from '../contract/mutations';
import type { StaffRole } from '../contract/common';

/**
 * Who may do what at the counter. Role checks live here, in the domain layer,
 * and every repository action that needs a manager calls `requireRole` with the
 * staff records it loaded itself — a hidden button is a convenience, not the
 * guard.
 */

/** Actions only a manager may perform, or a clerk with a manager's approval for that one action. */
export const PRIVILEGED_ACTIONS = [
  'priceOverride',
  'refundAboveThreshold',
  'returnToStock',
  'cashDifference',
  'closeDay',
  'resolveException',
  'importRecovery',
  'stockAdjust',
  'viewAuditLog',
  'expiredPickupOverride',
  'cashMovementAboveThreshold',
  'reopenDay',
  'resolveShelfAudit',
  /** Only when the store's policy says so (shared/customers/notes.ts `noteDeletionNeedsManager`). */
  'deleteCustomerNote',
] as const;
export type PrivilegedAction = (typeof PRIVILEGED_ACTIONS)[number];

export const isPrivilegedAction = (value: string): value is PrivilegedAction =>
  (PRIVILEGED_ACTIONS as readonly string[]).includes(value);

/** The mutation each privileged action produces (HQ checks `approvedBy` on it too). */
export const PRIVILEGED_ACTION_MUTATION: Readonly<Record<PrivilegedAction, MutationType | null>> = {
  priceOverride: 'sale.completed',
  refundAboveThreshold: 'sale.refunded',
  returnToStock: 'order.returnToStock',
  cashDifference: 'shift.closed',
  closeDay: 'day.closed',
  resolveException: null,
  importRecovery: null,
  stockAdjust: 'stock.adjusted',
  viewAuditLog: null,
  // Recorded as an audit.recorded event; HQ sees the approval in its detail.
  expiredPickupOverride: null,
  cashMovementAboveThreshold: 'cash.moved',
  reopenDay: 'day.reopened',
  resolveShelfAudit: 'shelf.auditResolved',
  deleteCustomerNote: 'customer.noteDeleted',
};

/** A manager's approval of one action for a clerk, given at the counter. */
export interface Approval {
  /** Unique: an approval is spent by the one action it was given for. */
  id: string;
  /** The approving manager's staff id. */
  by: string;
  action: PrivilegedAction;
  /** ISO 8601, when the manager approved. */
  at: string;
}

/** An approval is for the action at hand, not for later: it expires after this long. */
export const APPROVAL_TTL_MS = 2 * 60_000;

/** What the guard needs to know about a staff member (a subset of the HQ record). */
export interface StaffIdentity {
  id: string;
  storeId: string;
  role: StaffRole;
  active: boolean;
}

export type PermissionDeniedReason =
  | 'unknown-staff'
  | 'inactive'
  | 'manager-required'
  | 'approval-mismatch'
  | 'approver-not-manager'
  | 'approval-expired'
  /** The approval was already spent on another action. */
  | 'approval-used';

/** A privileged action refused by the guard; nothing was written. */
export class PermissionDeniedError extends Error {
  readonly kind = 'permission-denied' as const;
  constructor(
    readonly action: PrivilegedAction,
    readonly staffId: string,
    readonly reason: PermissionDeniedReason,
  ) {
    super(`${action} refused for ${staffId}: ${reason}`);
    this.name = 'PermissionDeniedError';
  }
}

/** The outcome of a successful check: what goes into the mutation (`approvedBy`) and the audit row. */
export interface Authorization {
  action: PrivilegedAction;
  staffId: string;
  role: StaffRole;
  /** Set when a clerk acted with a manager's approval. */
  approval?: Approval;
}

export interface RequireRoleInput {
  /** The acting staff member's record, as stored locally (undefined: not known here). */
  staff: StaffIdentity | undefined;
  /** The approving manager's record, when an approval is presented. */
  approver?: StaffIdentity | undefined;
  approval?: Approval | undefined;
  /** Epoch ms. */
  now: number;
}

/**
 * The guard: returns the authorization for `action` or throws
 * `PermissionDeniedError`. A manager acts alone; a clerk needs an unexpired
 * approval for this very action from an active manager of the same store.
 */
export function requireRole(
  action: PrivilegedAction,
  input: RequireRoleInput,
  staffId = input.staff?.id ?? '?',
): Authorization {
  const { staff, approver, approval, now } = input;
  if (!staff) throw new PermissionDeniedError(action, staffId, 'unknown-staff');
  if (!staff.active) throw new PermissionDeniedError(action, staff.id, 'inactive');
  if (staff.role === 'manager') return { action, staffId: staff.id, role: staff.role };
  if (!approval) throw new PermissionDeniedError(action, staff.id, 'manager-required');
  if (approval.action !== action) throw new PermissionDeniedError(action, staff.id, 'approval-mismatch');
  if (
    !approver ||
    approver.id !== approval.by ||
    approver.role !== 'manager' ||
    !approver.active ||
    approver.storeId !== staff.storeId
  ) {
    throw new PermissionDeniedError(action, staff.id, 'approver-not-manager');
  }
  const at = Date.parse(approval.at);
  // A future timestamp is as suspect as an old one (clock set back after approving).
  if (!Number.isFinite(at) || now - at > APPROVAL_TTL_MS || at - now > APPROVAL_TTL_MS) {
    throw new PermissionDeniedError(action, staff.id, 'approval-expired');
  }
  return { action, staffId: staff.id, role: staff.role, approval };
}

/** True when the staff member may do `action` alone (UI hint only; the guard decides). */
export const canActAlone = (role: StaffRole | undefined, _action: PrivilegedAction): boolean =>
  role === 'manager';
