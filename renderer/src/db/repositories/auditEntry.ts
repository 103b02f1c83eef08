import type { Transaction } from 'dexie';
import type { AuditRow, EntityRef } from '../types';

/** One audit entry; `id` defaults to a new uuid, `mutationId` to none. */
export interface AuditEntry {
  id?: string;
  at: string;
  staffId: string;
  action: string;
  refs: EntityRef[];
  mutationId?: string | null;
  detail: unknown;
}

/**
 * The one place an audit row is written, inside the caller's `rw` transaction
 * (append-only: nothing updates or deletes one). Kept apart from audit.ts only
 * so the outbox (which audits every mutation) and audit.ts (which records
 * events as mutations) need not import each other; use it through audit.ts.
 */
export async function appendAudit(tx: Transaction, entry: AuditEntry): Promise<AuditRow> {
  const row: AuditRow = {
    id: entry.id ?? crypto.randomUUID(),
    at: entry.at,
    staffId: entry.staffId,
    action: entry.action,
    refs: entry.refs,
    mutationId: entry.mutationId ?? null,
    detail: entry.detail,
  };
  await tx.table<AuditRow, string>('audit').add(row);
  return row;
}
