import type { MutationPayload } from '@shared/contract';
import { parseCode } from '@shared/codes/parse';
import { auditShelf } from '@shared/dayend/shelfAudit';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { ShelfAuditRow, SlotOccupancyRow, SlotRow } from '../types';
import { logAuditEvent } from './audit';
import { refuse } from './dayendContext';
import { recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * Shelf audit: scan each occupied slot's label, then the bags in it. The scans
 * are kept as they come (the audit resumes after a restart); submitting
 * compares them with what the shelf should hold (shared/dayend/shelfAudit.ts)
 * and sends the result to HQ. A missing bag or one in the wrong slot is an
 * exception a manager resolves, each resolution audited and sent.
 */

export async function currentShelfAudit(db: LinliDb): Promise<ShelfAuditRow | undefined> {
  return db.shelfAudits.where('state').equals('auditing').first();
}

export async function latestShelfAudit(db: LinliDb): Promise<ShelfAuditRow | undefined> {
  return db.shelfAudits.orderBy('startedAt').last();
}

/** Starts an audit (or returns the one under way) with the shelf's occupancy as it is now. */
export async function startShelfAudit(
  db: LinliDb,
  actor: { staffId: string },
  options: { clock?: Clock } = {},
): Promise<ShelfAuditRow> {
  const clock = options.clock ?? systemClock;
  return db.transaction('rw', [db.shelfAudits, db.slotOccupancy], async () => {
    const current = await db.shelfAudits.where('state').equals('auditing').first();
    if (current) return current;
    const occupancy: SlotOccupancyRow[] = await db.slotOccupancy.toArray();
    const row: ShelfAuditRow = {
      id: crypto.randomUUID(),
      state: 'auditing',
      startedAt: isoAt(clock),
      staffId: actor.staffId,
      expected: occupancy.flatMap((o) =>
        o.bagLabels.map((bagLabel) => ({ slotId: o.slotId, orderId: o.orderId, bagLabel })),
      ),
      scans: [],
      auditedSlots: [],
      resolutions: [],
    };
    await db.shelfAudits.add(row);
    return row;
  });
}

export type AuditScan =
  | { kind: 'slot'; slotId: string }
  | { kind: 'bag'; slotId: string; bagLabel: string; expectedHere: boolean }
  | { kind: 'unrecognised'; text: string };

/**
 * One scan during the audit: a slot label makes that slot the current one; a
 * bag label is recorded in the current slot. A bag before any slot is refused.
 */
export async function auditScan(
  db: LinliDb,
  auditId: string,
  currentSlotId: string | null,
  text: string,
  options: { clock?: Clock } = {},
): Promise<AuditScan> {
  const clock = options.clock ?? systemClock;
  const parsed = parseCode(text);
  return db.transaction('rw', [db.shelfAudits, db.slots], async () => {
    const audit = await db.shelfAudits.get(auditId);
    if (!audit || audit.state !== 'auditing') return refuse({ reason: 'audit-not-open' });
    if (parsed.kind === 'slotLabel') {
      const slot: SlotRow | undefined = await db.slots.get(parsed.slotId);
      if (!slot) return { kind: 'unrecognised', text: text.trim() };
      if (!audit.auditedSlots.includes(slot.id))
        await db.shelfAudits.update(auditId, { auditedSlots: [...audit.auditedSlots, slot.id] });
      return { kind: 'slot', slotId: slot.id };
    }
    if (parsed.kind === 'bagLabel') {
      if (!currentSlotId) return refuse({ reason: 'no-slot-scanned' });
      const scans = audit.scans.filter((s) => s.bagLabel !== parsed.text);
      scans.push({ slotId: currentSlotId, bagLabel: parsed.text, at: isoAt(clock) });
      await db.shelfAudits.update(auditId, { scans });
      const expectedHere = audit.expected.some(
        (b) => b.bagLabel === parsed.text && b.slotId === currentSlotId,
      );
      return { kind: 'bag', slotId: currentSlotId, bagLabel: parsed.text, expectedHere };
    }
    return { kind: 'unrecognised', text: text.trim() };
  });
}

/** Submits the audit: every occupied slot is judged (an occupied slot never scanned: its bags are missing). */
export async function submitShelfAudit(
  db: LinliDb,
  auditId: string,
  actor: { staffId: string },
  options: { clock?: Clock } = {},
): Promise<ShelfAuditRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['shelfAudits'], async (tx) => {
    const audits = tx.table<ShelfAuditRow, string>('shelfAudits');
    const audit = await audits.get(auditId);
    if (!audit || audit.state !== 'auditing') return refuse({ reason: 'audit-not-open' });
    const occupied = new Set(audit.expected.map((b) => b.slotId));
    const judged = new Set([...occupied, ...audit.auditedSlots]);
    if (!judged.size) refuse({ reason: 'no-slot-scanned' });
    const result = auditShelf(audit.expected, audit.scans, judged);
    const payload: MutationPayload<'shelf.audited'> = {
      auditId,
      slots: [...judged].sort(),
      confirmed: result.confirmed,
      exceptions: result.exceptions,
    };
    await recordMutation(tx, 'shelf.audited', payload, { staffId: actor.staffId }, { affects: [], clock });
    const done: ShelfAuditRow = { ...audit, state: 'submitted', submittedAt: isoAt(clock), result };
    await audits.put(done);
    return done;
  });
}

/** A manager settles one exception: found (it was there), moved (put right) or lost; with a note. */
export async function resolveShelfException(
  db: LinliDb,
  auditId: string,
  input: { bagLabel: string; resolution: 'found' | 'moved' | 'lost'; note: string },
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<ShelfAuditRow> {
  const clock = options.clock ?? systemClock;
  const note = input.note.trim();
  try {
    return await writeAction(db, ['shelfAudits', 'staff'], async (tx) => {
      const audits = tx.table<ShelfAuditRow, string>('shelfAudits');
      const audit = await audits.get(auditId);
      if (!audit?.result) return refuse({ reason: 'audit-not-open' });
      if (!audit.result.exceptions.some((e) => e.bagLabel === input.bagLabel))
        refuse({ reason: 'not-an-exception', bagLabel: input.bagLabel });
      if (!note) refuse({ reason: 'reason-required' });
      const auth = await authorize(tx, 'resolveShelfAudit', actor, clock);
      const payload: MutationPayload<'shelf.auditResolved'> = {
        auditId,
        bagLabel: input.bagLabel,
        resolution: input.resolution,
        note: note.slice(0, 500),
        ...approvedByOf(auth),
      };
      await recordMutation(
        tx,
        'shelf.auditResolved',
        payload,
        { staffId: actor.staffId, ...approvedByOf(auth) },
        { affects: [], detail: { ...payload, ...approvalDetailOf(auth) }, clock },
      );
      const next: ShelfAuditRow = {
        ...audit,
        resolutions: [
          ...audit.resolutions.filter((r) => r.bagLabel !== input.bagLabel),
          {
            bagLabel: input.bagLabel,
            resolution: input.resolution,
            note,
            by: actor.staffId,
            at: isoAt(clock),
          },
        ],
      };
      await audits.put(next);
      return next;
    });
  } catch (error) {
    if (error instanceof PermissionDeniedError && (await db.staff.get(actor.staffId)))
      await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
        subject: error.action,
        detail: { reason: error.reason, auditId },
        clock,
      });
    throw error;
  }
}
