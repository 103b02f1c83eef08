import type { Transaction } from 'dexie';
import { verifyPin } from '@shared/staff/pin';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutPolicy,
  type LockoutRecord,
  type LockoutStatus,
  lockoutStatus,
  parseLockoutRecord,
  recordFailure,
  recordSuccess,
} from '@shared/staff/lockout';
import {
  type Approval,
  type Authorization,
  PermissionDeniedError,
  type PrivilegedAction,
  requireRole,
} from '@shared/staff/roles';
import { autoLockMsFromPolicy } from '@shared/staff/autolock';
import { type Clock, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta, metaKey, setMeta } from '../meta';
import type { Actor, StaffRow } from '../types';
import { logAuditEvent, recordAuditEvent } from './audit';
import { writeAction } from './outbox';

/**
 * Staff sign-in and the privileged-action guard, over the staff records HQ
 * sent (PIN hashes only). Lockout state lives in the `meta` table under
 * `staff:lockout:<id>` so a reload does not reset it; a spent approval under
 * `staff:approval:<id>` so it approves one action only.
 */

/** An actor that may carry a manager's approval for one privileged action. */
export interface PrivilegedActor extends Actor {
  approval?: Approval;
}

export interface StaffOptions {
  clock?: Clock;
  policy?: LockoutPolicy;
}

/** Active staff of the terminal's store, managers last, then by id (the sign-in list). */
export async function listSignInStaff(db: LinliDb): Promise<StaffRow[]> {
  const terminal = await getMeta(db, 'terminal');
  const rows = await db.staff.toArray();
  return rows
    .filter((s) => s.active && (!terminal || s.storeId === terminal.storeId))
    .sort((a, b) => (a.role === b.role ? a.id.localeCompare(b.id) : a.role === 'clerk' ? -1 : 1));
}

export const findStaffByBadge = (db: LinliDb, badge: string): Promise<StaffRow | undefined> =>
  db.staff.where('badge').equals(badge.trim().toUpperCase()).first();

export async function readLockout(
  db: LinliDb,
  staffId: string,
  options: StaffOptions = {},
): Promise<LockoutStatus> {
  const record = parseLockoutRecord(await getMeta(db, metaKey.lockout(staffId)));
  return lockoutStatus(record, (options.clock ?? systemClock).now(), options.policy);
}

/** The idle time before auto-lock, from HQ's store policy (meta `entity:storePolicy:<store>`). */
export async function readAutoLockMs(db: LinliDb): Promise<number> {
  const terminal = await getMeta(db, 'terminal');
  if (!terminal) return autoLockMsFromPolicy(undefined);
  return autoLockMsFromPolicy(await getMeta(db, metaKey.storePolicy(terminal.storeId)));
}

export type PinCheck =
  | { ok: true; staff: StaffRow }
  | { ok: false; reason: 'unknown-staff' | 'inactive' }
  | { ok: false; reason: 'locked'; until: number }
  | { ok: false; reason: 'wrong-pin'; failuresLeft: number };

export interface PinCheckOptions extends StaffOptions {
  /** What the PIN was entered for: sign-in (audited as such) or a manager's approval. */
  purpose?: 'signIn' | 'approve';
}

/**
 * Checks a PIN offline against the stored slow hash, honouring and updating
 * the lockout; a wrong PIN and a lockout are audited, and so is a sign-in.
 * The PIN itself is never stored or logged. The hash is computed outside any
 * transaction (IndexedDB transactions do not survive an await on WebCrypto);
 * the lockout record is re-read in the writing transaction.
 */
export async function checkPin(
  db: LinliDb,
  staffId: string,
  pin: string,
  options: PinCheckOptions = {},
): Promise<PinCheck> {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? DEFAULT_LOCKOUT_POLICY;
  const purpose = options.purpose ?? 'signIn';
  const staff = await db.staff.get(staffId);
  if (!staff) return { ok: false, reason: 'unknown-staff' };
  if (!staff.active) return { ok: false, reason: 'inactive' };
  const before = await readLockout(db, staffId, { clock, policy });
  if (before.locked) return { ok: false, reason: 'locked', until: before.until };

  const right = /^\d{4,8}$/.test(pin) && (await verifyPin(pin, staff.pin));

  return writeAction(db, ['staff'], async (tx): Promise<PinCheck> => {
    const now = clock.now();
    const record: LockoutRecord = parseLockoutRecord(await getMeta(tx, metaKey.lockout(staffId)));
    const status = lockoutStatus(record, now, policy);
    // Another window may have locked this member while the hash was computed.
    if (status.locked) return { ok: false, reason: 'locked', until: status.until };
    if (right) {
      await setMeta(tx, metaKey.lockout(staffId), recordSuccess());
      if (purpose === 'signIn') {
        await recordAuditEvent(tx, 'staff.signedIn', staffId, { detail: { role: staff.role }, clock });
      }
      return { ok: true, staff };
    }
    const next = recordFailure(record, now, policy);
    await setMeta(tx, metaKey.lockout(staffId), next.record);
    await recordAuditEvent(tx, 'staff.pinRejected', staffId, {
      subject: purpose,
      detail: { failures: next.record.failures },
      clock,
    });
    if (next.locked) {
      await recordAuditEvent(tx, 'staff.lockedOut', staffId, {
        subject: purpose,
        detail: { until: new Date(now + policy.lockMs).toISOString(), failures: next.record.failures },
        clock,
      });
      return { ok: false, reason: 'locked', until: now + policy.lockMs };
    }
    const after = lockoutStatus(next.record, now, policy);
    return { ok: false, reason: 'wrong-pin', failuresLeft: after.locked ? 0 : after.failuresLeft };
  });
}

/** Audits the end of a session (explicit sign-out, user switch or auto-lock). */
export function recordSignOut(
  db: LinliDb,
  staffId: string,
  how: 'signOut' | 'switchUser' | 'autoLock',
  options: StaffOptions = {},
): Promise<unknown> {
  return writeAction(db, [], (tx) =>
    recordAuditEvent(tx, how === 'autoLock' ? 'staff.autoLocked' : 'staff.signedOut', staffId, {
      subject: how,
      ...(options.clock && { clock: options.clock }),
    }),
  );
}

/**
 * A manager approves one privileged action for a clerk (after a badge scan or
 * PIN at the override dialog). The approval is audited under the manager.
 */
export async function grantApproval(
  db: LinliDb,
  managerId: string,
  forStaffId: string,
  action: PrivilegedAction,
  options: StaffOptions = {},
): Promise<Approval> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['staff'], async (tx) => {
    const staff = tx.table<StaffRow, string>('staff');
    const [manager, clerk] = await Promise.all([staff.get(managerId), staff.get(forStaffId)]);
    if (
      !manager ||
      manager.role !== 'manager' ||
      !manager.active ||
      (clerk && clerk.storeId !== manager.storeId)
    ) {
      await recordAuditEvent(tx, 'staff.permissionDenied', forStaffId, {
        subject: action,
        detail: { approver: managerId, reason: 'approver-not-manager' },
        clock,
      });
      throw new PermissionDeniedError(action, forStaffId, 'approver-not-manager');
    }
    const approval: Approval = {
      id: crypto.randomUUID(),
      by: managerId,
      action,
      at: new Date(clock.now()).toISOString(),
    };
    await recordAuditEvent(tx, 'staff.approved', managerId, {
      subject: action,
      detail: { approval, for: forStaffId },
      clock,
    });
    return approval;
  });
}

/**
 * The guard for repository actions, inside their `rw` transaction (which must
 * include `staff` and `meta`): loads the acting staff member and the approver
 * from the local staff table — never trusting a role the caller claims —
 * checks the role with `requireRole`, and spends the approval so it cannot
 * approve a second action. Throws `PermissionDeniedError`; the caller's
 * transaction then rolls back and nothing is written.
 */
export async function authorize(
  tx: Transaction,
  action: PrivilegedAction,
  actor: PrivilegedActor,
  clock: Clock = systemClock,
): Promise<Authorization> {
  const staff = tx.table<StaffRow, string>('staff');
  const approval = actor.approval;
  if (approval && actor.approvedBy !== undefined && actor.approvedBy !== approval.by) {
    throw new PermissionDeniedError(action, actor.staffId, 'approval-mismatch');
  }
  const [member, approver] = await Promise.all([
    staff.get(actor.staffId),
    approval ? staff.get(approval.by) : Promise.resolve(undefined),
  ]);
  const auth = requireRole(action, { staff: member, approver, approval, now: clock.now() }, actor.staffId);
  if (auth.approval) {
    const key = metaKey.spentApproval(auth.approval.id);
    if (await getMeta(tx, key)) throw new PermissionDeniedError(action, actor.staffId, 'approval-used');
    await setMeta(tx, key, { spentAt: new Date(clock.now()).toISOString(), by: actor.staffId });
  }
  return auth;
}

/** `approvedBy` for the mutation payload (absent when a manager acted alone). */
export const approvedByOf = (auth: Authorization): { approvedBy?: string } =>
  auth.approval ? { approvedBy: auth.approval.by } : {};

/** The approval (who, what, when) for the audit row's detail. */
export const approvalDetailOf = (auth: Authorization): { approval?: Approval } =>
  auth.approval ? { approval: auth.approval } : {};

/**
 * Opens the audit log for `actor` (a manager, or a clerk with a manager's
 * approval for `viewAuditLog`, which is spent and audited). Throws
 * `PermissionDeniedError`, audited, otherwise.
 */
export async function openAuditLog(
  db: LinliDb,
  actor: PrivilegedActor,
  options: StaffOptions = {},
): Promise<Authorization> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, ['staff'], async (tx) => {
      const auth = await authorize(tx, 'viewAuditLog', actor, clock);
      if (auth.approval) {
        await recordAuditEvent(tx, 'staff.auditViewed', actor.staffId, {
          subject: 'viewAuditLog',
          detail: { approvedBy: auth.approval.by, approval: auth.approval },
          clock,
        });
      }
      return auth;
    });
  } catch (error) {
    if (error instanceof PermissionDeniedError && (await db.staff.get(actor.staffId))) {
      await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
        subject: error.action,
        detail: { reason: error.reason },
        clock,
      });
    }
    throw error;
  }
}
