import type { Transaction } from 'dexie';
import type { CustomerNote, MutationPayload, NoteCustomer } from '@shared/contract';
import {
  cleanNoteText,
  noteDeletionNeedsManager,
  noteTextRefusal,
  wishResolutionRefusal,
  wishTargetRefusal,
  type NoteTextRefusal,
  type WishResolutionRefusal,
  type WishTarget,
  type WishTargetRefusal,
} from '@shared/customers';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta, metaKey } from '../meta';
import type { Actor, CustomerNoteRow, OutboxBaseRow, OutboxRow, ProductRow, StaffRow } from '../types';
import { entityRef } from '../types';
import { recordAuditEvent } from './audit';
import { recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * Notes and wishes on a customer (issue #17): written at the pickup card or
 * the till, synced to HQ, shown on every terminal of the store. The audit log
 * never holds a note's text (a deletion must leave none behind); it records
 * who wrote, resolved, deleted and read a customer's notes.
 */

/** The customer a note is about: HQ's reference plus what the order showed. */
export interface NoteSubject extends NoteCustomer {
  customerRef: string;
}

export type CustomerNoteRefusal =
  | { kind: 'text'; refusal: NoteTextRefusal }
  | { kind: 'target'; refusal: WishTargetRefusal }
  | { kind: 'noCustomer' }
  | { kind: 'unknownNote'; noteId: string }
  | { kind: 'resolution'; refusal: WishResolutionRefusal };

/** A note action refused; nothing was written. */
export class CustomerNoteError extends Error {
  readonly kind = 'customer-note-refused' as const;
  constructor(readonly refusal: CustomerNoteRefusal) {
    super(`customer note refused: ${refusal.kind}`);
    this.name = 'CustomerNoteError';
  }
}

export interface NoteOptions {
  clock?: Clock;
}

/** Replaces a deleted note's text wherever it still waits to upload. */
export const DELETED_TEXT = '（已删除）';

const customerOf = (subject: NoteSubject): { customer?: NoteCustomer } => {
  const customer = {
    ...(subject.maskedName ? { maskedName: subject.maskedName } : {}),
    ...(subject.phoneLast4 ? { phoneLast4: subject.phoneLast4 } : {}),
  };
  return Object.keys(customer).length > 0 ? { customer } : {};
};

function checkSubject(subject: NoteSubject): void {
  if (!subject.customerRef) throw new CustomerNoteError({ kind: 'noCustomer' });
}

function checkText(text: string): string {
  const refusal = noteTextRefusal(text);
  if (refusal) throw new CustomerNoteError({ kind: 'text', refusal });
  return cleanNoteText(text);
}

async function storeIdOf(tx: Transaction): Promise<string> {
  return (await getMeta(tx, 'terminal'))?.storeId ?? '';
}

/** A free note on a customer ("对乳糖不耐受", "周三下午来"). */
export async function noteCustomer(
  db: LinliDb,
  subject: NoteSubject,
  text: string,
  actor: Actor,
  options: NoteOptions = {},
): Promise<CustomerNoteRow> {
  checkSubject(subject);
  const clean = checkText(text);
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['customerNotes'], async (tx) => {
    const terminal = await getMeta(tx, 'terminal');
    const row: CustomerNoteRow = {
      id: crypto.randomUUID(),
      storeId: terminal?.storeId ?? '',
      customerRef: subject.customerRef,
      ...customerOf(subject),
      kind: 'note',
      text: clean,
      status: 'open',
      createdAt: isoAt(clock),
      createdBy: actor.staffId,
      ...(terminal?.terminalId ? { terminalId: terminal.terminalId } : {}),
    };
    await tx.table<CustomerNoteRow, string>('customerNotes').add(row);
    const payload: MutationPayload<'customer.noted'> = {
      noteId: row.id,
      customerRef: row.customerRef,
      ...customerOf(subject),
      text: clean,
    };
    await recordMutation(tx, 'customer.noted', payload, actor, {
      affects: [{ entity: 'customerNote', key: row.id, before: null }],
      detail: { noteId: row.id, customerRef: row.customerRef, kind: 'note', length: clean.length },
      clock,
    });
    return row;
  });
}

/** A wish tied to a product or a category ("想试试无糖酸奶"); the catalogue must know it. */
export async function wishFor(
  db: LinliDb,
  subject: NoteSubject,
  text: string,
  target: WishTarget,
  actor: Actor,
  options: NoteOptions = {},
): Promise<CustomerNoteRow> {
  checkSubject(subject);
  const clean = checkText(text);
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['customerNotes', 'products'], async (tx) => {
    const products = tx.table<ProductRow, string>('products');
    const known = 'sku' in target ? await products.get(target.sku) : undefined;
    const hasCategory =
      'category' in target ? (await products.where('category').equals(target.category).count()) > 0 : false;
    const refusal = wishTargetRefusal(target, { product: () => known, hasCategory: () => hasCategory });
    if (refusal) throw new CustomerNoteError({ kind: 'target', refusal });
    const terminal = await getMeta(tx, 'terminal');
    const row: CustomerNoteRow = {
      id: crypto.randomUUID(),
      storeId: terminal?.storeId ?? '',
      customerRef: subject.customerRef,
      ...customerOf(subject),
      kind: 'wish',
      text: clean,
      ...target,
      status: 'open',
      createdAt: isoAt(clock),
      createdBy: actor.staffId,
      ...(terminal?.terminalId ? { terminalId: terminal.terminalId } : {}),
    };
    await tx.table<CustomerNoteRow, string>('customerNotes').add(row);
    await recordMutation(
      tx,
      'customer.wished',
      { noteId: row.id, customerRef: row.customerRef, ...customerOf(subject), text: clean, ...target },
      actor,
      {
        affects: [{ entity: 'customerNote', key: row.id, before: null }],
        detail: {
          noteId: row.id,
          customerRef: row.customerRef,
          kind: 'wish',
          ...target,
          length: clean.length,
        },
        clock,
      },
    );
    return row;
  });
}

/** The clerk marks an open wish done (bought) or declined. */
export async function resolveWish(
  db: LinliDb,
  noteId: string,
  resolution: 'done' | 'declined',
  actor: Actor,
  options: NoteOptions = {},
): Promise<CustomerNoteRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['customerNotes'], async (tx) => {
    const notes = tx.table<CustomerNoteRow, string>('customerNotes');
    const before = await notes.get(noteId);
    if (!before) throw new CustomerNoteError({ kind: 'unknownNote', noteId });
    const refusal = wishResolutionRefusal(before);
    if (refusal) throw new CustomerNoteError({ kind: 'resolution', refusal });
    const at = isoAt(clock);
    const after: CustomerNoteRow = {
      ...before,
      status: resolution,
      resolvedAt: at,
      resolvedBy: actor.staffId,
    };
    await notes.put(after);
    await recordMutation(tx, 'customer.wishResolved', { noteId, resolution }, actor, {
      affects: [{ entity: 'customerNote', key: noteId, before }],
      detail: { noteId, customerRef: before.customerRef, resolution },
      clock,
    });
    return after;
  });
}

/**
 * Deletes a note or wish on the customer's request (or a mistake). When the
 * store's policy says so a clerk needs a manager's approval (the guard
 * decides, nothing is written without it). The text leaves this terminal
 * with the row: a mutation still waiting to upload carries a placeholder
 * instead, and the audit row names the note, never its text.
 */
export async function deleteNote(
  db: LinliDb,
  noteId: string,
  reason: 'customerRequest' | 'mistake',
  actor: PrivilegedActor,
  options: NoteOptions = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['customerNotes', 'staff'], async (tx) => {
    const notes = tx.table<CustomerNoteRow, string>('customerNotes');
    const before = await notes.get(noteId);
    if (!before) throw new CustomerNoteError({ kind: 'unknownNote', noteId });
    const storeId = await storeIdOf(tx);
    const policy = await getMeta(tx, metaKey.storePolicy(storeId));
    const member = await tx.table<StaffRow, string>('staff').get(actor.staffId);
    if (!member?.active)
      throw new PermissionDeniedError('deleteCustomerNote', actor.staffId, 'unknown-staff');
    const auth = noteDeletionNeedsManager(policy, member.role)
      ? await authorize(tx, 'deleteCustomerNote', actor, clock)
      : null;
    await notes.delete(noteId);
    await scrubPendingText(tx, noteId);
    return recordMutation(
      tx,
      'customer.noteDeleted',
      { noteId, reason, ...(auth ? approvedByOf(auth) : {}) },
      { staffId: actor.staffId, ...(auth ? approvedByOf(auth) : {}) },
      {
        // what a refusal restores is HQ's copy (pulled), never the text kept here
        affects: [{ entity: 'customerNote', key: noteId, before: { ...before, text: DELETED_TEXT } }],
        detail: {
          noteId,
          customerRef: before.customerRef,
          kind: before.kind,
          reason,
          ...(auth ? approvalDetailOf(auth) : {}),
        },
        clock,
      },
    );
  });
}

/** The note's text in mutations not yet uploaded (and their bases) becomes a placeholder. */
async function scrubPendingText(tx: Transaction, noteId: string): Promise<void> {
  const ref = entityRef('customerNote', noteId);
  const outbox = tx.table<OutboxRow, number>('outbox');
  const pending = await outbox.where('affects').equals(ref).toArray();
  for (const row of pending) {
    const payload = row.payload as { text?: unknown };
    if (typeof payload.text === 'string')
      await outbox.put({ ...row, payload: { ...payload, text: DELETED_TEXT } });
  }
  const bases = tx.table<OutboxBaseRow, number>('outboxBases');
  for (const base of await bases.bulkGet(pending.map((r) => r.seq))) {
    if (!base) continue;
    await bases.put({
      ...base,
      entries: base.entries.map((e) =>
        e.ref === ref && e.data && typeof e.data === 'object'
          ? { ...e, data: { ...e.data, text: DELETED_TEXT } }
          : e,
      ),
    });
  }
}

/**
 * Records that a staff member saw a customer's notes (who read what, for
 * PIPL) as an audit event HQ receives too. Nothing is recorded when there
 * was nothing to read.
 */
export async function recordNotesRead(
  db: LinliDb,
  customerRef: string,
  shown: readonly Pick<CustomerNote, 'id'>[],
  surface: 'counter' | 'till' | 'managerList',
  actor: Actor,
  options: NoteOptions = {},
): Promise<void> {
  if (shown.length === 0) return;
  await writeAction(db, [], (tx) =>
    recordAuditEvent(tx, 'customer.notesRead', actor.staffId, {
      subject: customerRef,
      detail: { customerRef, surface, notes: shown.length },
      refs: shown.map((n) => entityRef('customerNote', n.id)),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
}

/** A customer's notes and wishes (all states), for the card and the till. */
export const notesOf = (db: LinliDb, customerRef: string): Promise<CustomerNoteRow[]> =>
  db.customerNotes.where('customerRef').equals(customerRef).toArray();

/** Every open wish of the store (the manager's list of today's arrivals). */
export const openWishes = (db: LinliDb): Promise<CustomerNoteRow[]> =>
  db.customerNotes.where('[kind+status]').equals(['wish', 'open']).toArray();
