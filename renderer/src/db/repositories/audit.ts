import type { Transaction } from 'dexie';
import type { MutationPayload } from '@shared/contract';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { AuditRow, EntityRef, OutboxRow } from '../types';
export { type AuditEntry, appendAudit } from './auditEntry';
import { recordMutation, writeAction } from './outbox';

/**
 * The audit log — its one API. Rows are append-only and written only by
 * `appendAudit`: every domain action's through `recordMutation`; a local-only
 * entry (no mutation) directly; events that change no entity (sign-in, a wrong PIN, a
 * lockout, a manager's approval) are written here as an audit row plus an
 * `audit.recorded` mutation, so HQ receives them through the same outbox.
 */

/** Audit actions of the staff feature (mutation types are actions too). */
export const STAFF_AUDIT_ACTIONS = [
  'staff.signedIn',
  'staff.signedOut',
  'staff.pinRejected',
  'staff.lockedOut',
  'staff.autoLocked',
  'staff.approved',
  'staff.permissionDenied',
  'staff.auditViewed',
] as const;
export type StaffAuditAction = (typeof STAFF_AUDIT_ACTIONS)[number];

/** Every audit event written through `recordAuditEvent`: the staff feature's, the counter's, recovery's. */
export type AuditEventAction =
  | StaffAuditAction
  | 'counter.invalidToken'
  | 'counter.expiredOverride'
  | 'recovery.imported'
  | 'drawer.openedWithoutSale'
  /** A barcode scanned at the till that the catalogue does not know (for HQ to add). */
  | 'till.unknownBarcode'
  /** Staff saw a customer's notes (PIPL: who read them); the detail names the customer, never the text. */
  | 'customer.notesRead'
  /** The gateway's definite answer to an e-wallet refund: refunded (with its reference) or declined (with why). */
  | 'till.walletRefund'
  /** 整单作废: a cart voided at the till before payment (counted in the Z report's voids). */
  | 'sale.voided';

export interface AuditEventOptions {
  /** What the event is about, e.g. the approved action or an order ref. */
  subject?: string;
  detail?: Record<string, unknown>;
  refs?: EntityRef[];
  clock?: Clock;
}

/**
 * Appends an audit event and its `audit.recorded` mutation inside the caller's
 * `rw` transaction (which must include `MUTATION_TABLES`). The audit row's id
 * is the mutation's `entryId`, so HQ and the terminal name the same entry.
 */
export async function recordAuditEvent(
  tx: Transaction,
  action: AuditEventAction,
  staffId: string,
  options: AuditEventOptions = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  const entryId = crypto.randomUUID();
  const at = isoAt(clock);
  const payload: MutationPayload<'audit.recorded'> = {
    entryId,
    action,
    at,
    ...(options.subject !== undefined && { subject: options.subject.slice(0, 128) }),
    ...(options.detail !== undefined && { detail: options.detail }),
  };
  // Logged under the event (not `audit.recorded`), with the entry id HQ receives.
  return recordMutation(
    tx,
    'audit.recorded',
    payload,
    { staffId },
    {
      affects: [],
      detail: options.detail ?? null,
      audit: { id: entryId, action, refs: options.refs ?? [], at },
      clock,
    },
  );
}

/** Records one audit event in its own transaction. */
export function logAuditEvent(
  db: LinliDb,
  action: StaffAuditAction,
  staffId: string,
  options: AuditEventOptions = {},
): Promise<OutboxRow> {
  return writeAction(db, [], (tx) => recordAuditEvent(tx, action, staffId, options));
}

export interface AuditFilter {
  staffId?: string;
  action?: string;
  /** ISO 8601 bounds, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  limit?: number;
}

/** Audit entries newest first, filtered by staff (actor or approving manager), action and time. */
export async function queryAudit(db: LinliDb, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const range = db.audit.where('at').between(filter.from ?? '', filter.to ?? '\uffff', true, false);
  const { staffId, action } = filter;
  return range
    .reverse()
    .filter(
      (row) =>
        (!action || row.action === action) &&
        (!staffId || row.staffId === staffId || approverOf(row) === staffId),
    )
    .limit(filter.limit ?? 200)
    .toArray();
}

/** The manager who approved the entry's action, when there was one. */
export function approverOf(row: Pick<AuditRow, 'detail'>): string | undefined {
  const detail = row.detail as { approvedBy?: unknown; approval?: { by?: unknown } } | null | undefined;
  const by = detail?.approval?.by ?? detail?.approvedBy;
  return typeof by === 'string' ? by : undefined;
}

/** Every action that occurs in the log, for the viewer's filter. */
export async function auditActions(db: LinliDb): Promise<string[]> {
  return (await db.audit.orderBy('action').uniqueKeys()).map(String);
}
