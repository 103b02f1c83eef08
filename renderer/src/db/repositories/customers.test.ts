import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { mutationSchema } from '@shared/contract';
import { PermissionDeniedError } from '@shared/staff/roles';
import { makeProduct } from '../../testing/fixtures';
import { manualClock, seededDb, STORE } from '../../testing/staff';
import type { LinliDb } from '../database';
import { metaKey, setMeta } from '../meta';
import { applyPushResults } from '../../sync/apply';
import {
  CustomerNoteError,
  DELETED_TEXT,
  deleteNote,
  noteCustomer,
  notesOf,
  openWishes,
  recordNotesRead,
  resolveWish,
  wishFor,
} from './customers';
import { grantApproval } from './staff';

const dbs: LinliDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map(async (db) => (db.close(), Dexie.delete(db.name))));
});

const LI = { customerRef: 'CU00001234', maskedName: '李*', phoneLast4: '6688' };
const clerk = { staffId: 'C01' };
const manager = { staffId: 'M01' };

async function db(policy: 'manager' | 'anyone' | undefined = undefined) {
  const d = await seededDb();
  dbs.push(d);
  await d.products.bulkPut([makeProduct(1), { ...makeProduct(2), category: '乳品' }]);
  await setMeta(d, metaKey.storePolicy(STORE), {
    storeId: STORE,
    pickupGraceHours: 2,
    dueSoonMinutes: 30,
    cashDifferenceThresholdFen: 500,
    refundApprovalThresholdFen: 10_000,
    rounding: 'none',
    ...(policy ? { customerNoteDeletion: policy } : {}),
  });
  return d;
}

async function written(d: LinliDb) {
  return {
    notes: await d.customerNotes.count(),
    outbox: await d.outbox.count(),
    audit: await d.audit.count(),
  };
}

describe('notes and wishes on a customer', () => {
  it('a note writes the row, its customer.noted mutation and an audit row without the text, together', async () => {
    const d = await db();
    const row = await noteCustomer(d, LI, '  对乳糖不耐受 ', clerk, { clock: manualClock() });
    expect(row).toMatchObject({
      kind: 'note',
      text: '对乳糖不耐受',
      status: 'open',
      createdBy: 'C01',
      storeId: STORE,
    });
    expect(await notesOf(d, LI.customerRef)).toEqual([row]);
    const [m] = await d.outbox.toArray();
    expect(m).toMatchObject({ type: 'customer.noted', affects: [`customerNote:${row.id}`] });
    // what goes to HQ is a valid contract mutation
    expect(mutationSchema.safeParse({ ...m, affects: undefined }).success).toBe(true);
    const [audit] = await d.audit.toArray();
    expect(audit).toMatchObject({ action: 'customer.noted', mutationId: m!.id });
    expect(JSON.stringify(audit)).not.toContain('乳糖');
  });

  it('a wish names a product or a category the catalogue knows', async () => {
    const d = await db();
    const wish = await wishFor(d, LI, '想试试无糖酸奶', { sku: makeProduct(1).sku }, clerk);
    expect(wish).toMatchObject({ kind: 'wish', sku: makeProduct(1).sku, status: 'open' });
    const byCategory = await wishFor(d, LI, '乳品有新的告诉我', { category: '乳品' }, clerk);
    expect(byCategory.category).toBe('乳品');
    expect((await openWishes(d)).map((w) => w.id).sort()).toEqual([wish.id, byCategory.id].sort());
    expect((await d.outbox.toArray()).map((m) => m.type)).toEqual(['customer.wished', 'customer.wished']);
  });

  it('bad input: too long, empty, unknown product or category, no customer — a clear refusal, nothing written', async () => {
    const d = await db();
    const before = await written(d);
    await expect(noteCustomer(d, LI, '字'.repeat(201), clerk)).rejects.toMatchObject({
      refusal: { kind: 'text', refusal: { reason: 'tooLong', length: 201, max: 200 } },
    });
    await expect(noteCustomer(d, LI, '   ', clerk)).rejects.toMatchObject({
      refusal: { kind: 'text', refusal: { reason: 'empty' } },
    });
    await expect(wishFor(d, LI, '想要', { sku: 'NOPE' }, clerk)).rejects.toMatchObject({
      refusal: { kind: 'target', refusal: { reason: 'unknownProduct', sku: 'NOPE' } },
    });
    await expect(wishFor(d, LI, '想要', { category: '火箭' }, clerk)).rejects.toMatchObject({
      refusal: { kind: 'target', refusal: { reason: 'unknownCategory' } },
    });
    await expect(noteCustomer(d, { customerRef: '' }, '周三来', clerk)).rejects.toBeInstanceOf(
      CustomerNoteError,
    );
    expect(await written(d)).toEqual(before);
  });

  it('a wish is marked done or declined once; a note cannot be', async () => {
    const d = await db();
    const wish = await wishFor(d, LI, '想试试无糖酸奶', { sku: makeProduct(1).sku }, clerk);
    const note = await noteCustomer(d, LI, '周三下午来', clerk);
    const done = await resolveWish(d, wish.id, 'done', clerk);
    expect(done).toMatchObject({ status: 'done', resolvedBy: 'C01' });
    expect(await openWishes(d)).toEqual([]);
    const before = await written(d);
    await expect(resolveWish(d, wish.id, 'declined', clerk)).rejects.toMatchObject({
      refusal: { kind: 'resolution', refusal: { reason: 'alreadyResolved', status: 'done' } },
    });
    await expect(resolveWish(d, note.id, 'done', clerk)).rejects.toMatchObject({
      refusal: { kind: 'resolution', refusal: { reason: 'notAWish' } },
    });
    expect(await written(d)).toEqual(before);
  });
});

describe('deleting a note (PIPL)', () => {
  it('a clerk without a manager is refused when the policy requires one — nothing written', async () => {
    const d = await db();
    const note = await noteCustomer(d, LI, '对乳糖不耐受', clerk);
    const before = await written(d);
    await expect(deleteNote(d, note.id, 'customerRequest', clerk)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    expect(await written(d)).toEqual(before);
    expect(await d.customerNotes.get(note.id)).toBeDefined();
  });

  it('with a manager’s approval: the row and every copy of its text go; the audit names the note, not the text', async () => {
    const d = await db();
    const clock = manualClock(Date.now());
    const note = await noteCustomer(d, LI, '对乳糖不耐受', clerk, { clock });
    const approval = await grantApproval(d, 'M01', 'C01', 'deleteCustomerNote', { clock });
    const m = await deleteNote(d, note.id, 'customerRequest', { ...clerk, approval }, { clock });
    expect(m.payload).toEqual({ noteId: note.id, reason: 'customerRequest', approvedBy: 'M01' });
    expect(await d.customerNotes.get(note.id)).toBeUndefined();
    // the note's own mutation, still waiting to upload, no longer carries the text
    const everything = JSON.stringify([
      await d.outbox.toArray(),
      await d.outboxBases.toArray(),
      await d.audit.toArray(),
      await d.customerNotes.toArray(),
    ]);
    expect(everything).not.toContain('乳糖');
    expect((await d.outbox.toArray())[0]?.payload).toMatchObject({ text: DELETED_TEXT });
    const deletion = (await d.audit.toArray()).find((a) => a.action === 'customer.noteDeleted');
    expect(deletion?.detail).toMatchObject({
      noteId: note.id,
      customerRef: LI.customerRef,
      reason: 'customerRequest',
    });
  });

  it('a manager deletes alone; under an "anyone" policy a clerk does too', async () => {
    const d = await db();
    const a = await noteCustomer(d, LI, '周三下午来', clerk);
    await deleteNote(d, a.id, 'mistake', manager);
    expect(await d.customerNotes.get(a.id)).toBeUndefined();
    const open = await db('anyone');
    const b = await noteCustomer(open, LI, '周三下午来', clerk);
    const m = await deleteNote(open, b.id, 'customerRequest', clerk);
    expect(m.payload).toEqual({ noteId: b.id, reason: 'customerRequest' });
  });

  it('when HQ refuses the deletion the note comes back as HQ has it, never with the text from here', async () => {
    const d = await db('anyone');
    const note = await noteCustomer(d, LI, '对乳糖不耐受', clerk);
    const [noted] = await d.outbox.toArray();
    await applyPushResults(d, [noted!], [{ id: noted!.id, status: 'applied' }], manualClock());
    const m = await deleteNote(d, note.id, 'customerRequest', clerk);
    await applyPushResults(d, [m], [{ id: m.id, status: 'rejected', code: 'forbidden_role' }], manualClock());
    expect((await d.customerNotes.get(note.id))?.text).toBe(DELETED_TEXT);
  });
});

describe('reads are audited', () => {
  it('who read which customer’s notes goes to the audit log and to HQ; nothing to read, nothing recorded', async () => {
    const d = await db();
    const note = await noteCustomer(d, LI, '对乳糖不耐受', clerk);
    const before = await written(d);
    await recordNotesRead(d, LI.customerRef, [], 'counter', clerk);
    expect(await written(d)).toEqual(before);
    await recordNotesRead(d, LI.customerRef, [note], 'counter', { staffId: 'C01' });
    const read = (await d.audit.toArray()).find((a) => a.action === 'customer.notesRead');
    expect(read).toMatchObject({ staffId: 'C01', refs: [`customerNote:${note.id}`] });
    expect(read?.detail).toEqual({ customerRef: LI.customerRef, surface: 'counter', notes: 1 });
    const event = (await d.outbox.toArray()).at(-1);
    expect(event).toMatchObject({ type: 'audit.recorded', payload: { action: 'customer.notesRead' } });
  });
});
