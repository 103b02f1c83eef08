import { afterEach, describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '@shared/staff/roles';
import type { LinliDb } from '../database';
import { manualClock, seededDb } from '../../testing/staff';
import { makeShelvedOrder, orderRow } from '../../testing/fixtures';
import { auditActions, queryAudit } from './audit';
import { returnToStock } from './returns';
import { checkPin, grantApproval, readLockout } from './staff';
import { LinliDb as Db } from '../database';

let db: LinliDb;
afterEach(async () => {
  db?.close();
});

/** Everything written, with generated ids removed (they are random hex and could contain any digits). */
async function writtenText(database: LinliDb): Promise<string> {
  const strip = (rows: object[]) =>
    rows.map((r) =>
      JSON.stringify(r, (k, v: unknown) => (['id', 'mutationId', 'entryId'].includes(k) ? undefined : v)),
    );
  return [...strip(await database.outbox.toArray()), ...strip(await database.audit.toArray())].join('\n');
}

describe('PIN check and lockout (persisted, audited)', () => {
  it('signs in with the right PIN offline, audits it and never stores the PIN', async () => {
    db = await seededDb();
    const clock = manualClock();
    expect(await checkPin(db, 'C01', '1234', { clock })).toMatchObject({ ok: true, staff: { id: 'C01' } });
    const [entry] = await queryAudit(db);
    expect(entry).toMatchObject({ action: 'staff.signedIn', staffId: 'C01' });
    const [mutation] = await db.outbox.toArray();
    expect(mutation).toMatchObject({
      type: 'audit.recorded',
      staffId: 'C01',
      payload: { action: 'staff.signedIn' },
    });
    expect((mutation?.payload as { entryId: string }).entryId).toBe(entry?.id);
    expect(await writtenText(db)).not.toContain('1234');
  });

  it('locks after five wrong PINs for five minutes, across a reload, even for the right PIN', async () => {
    const name = `staff-test-${crypto.randomUUID()}`;
    db = await seededDb(name);
    const clock = manualClock();
    for (let i = 1; i <= 4; i++) {
      expect(await checkPin(db, 'C01', '0000', { clock })).toEqual({
        ok: false,
        reason: 'wrong-pin',
        failuresLeft: 5 - i,
      });
      clock.advance(1000);
    }
    const until = clock.now() + 5 * 60_000;
    expect(await checkPin(db, 'C01', '0000', { clock })).toEqual({ ok: false, reason: 'locked', until });
    expect(await checkPin(db, 'C01', '1234', { clock })).toEqual({ ok: false, reason: 'locked', until });
    // Another member is not affected.
    expect(await checkPin(db, 'M01', '9999', { clock })).toMatchObject({ ok: true });

    db.close();
    db = new Db(name);
    await db.open();
    clock.advance(5 * 60_000 - 1);
    expect(await readLockout(db, 'C01', { clock })).toMatchObject({ locked: true, remainingMs: 1 });
    expect(await checkPin(db, 'C01', '1234', { clock })).toMatchObject({ ok: false, reason: 'locked' });
    clock.advance(1);
    expect(await checkPin(db, 'C01', '1234', { clock })).toMatchObject({ ok: true });

    const actions = (await queryAudit(db, { staffId: 'C01' })).map((r) => r.action).reverse();
    // The fifth rejection and the lockout share a timestamp (one transaction).
    expect(actions.slice(0, 4)).toEqual(Array(4).fill('staff.pinRejected'));
    expect(actions.slice(4, 6).sort()).toEqual(['staff.lockedOut', 'staff.pinRejected']);
    expect(actions.slice(6)).toEqual(['staff.signedIn']);
    expect(await writtenText(db)).not.toMatch(/"(0000|1234)"/);
  });
});

describe('the guard below the UI: returnToStock called directly', () => {
  async function setup() {
    db = await seededDb();
    await db.orders.bulkPut([orderRow(makeShelvedOrder(1)), orderRow(makeShelvedOrder(2))]);
    await db.slotOccupancy.put({ slotId: 'C1-01', orderId: 'O000001', bagLabels: ['O000001-B1'], since: '' });
    return manualClock();
  }

  it('refuses a clerk session without an approval and writes nothing but the refusal', async () => {
    const clock = await setup();
    const refusal = returnToStock(db, 'O000001', '超时未取', { staffId: 'C01' }, { clock });
    await expect(refusal).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(refusal).rejects.toMatchObject({ reason: 'manager-required', action: 'returnToStock' });
    expect((await db.orders.get('O000001'))?.status).toBe('shelved');
    expect(await db.slotOccupancy.count()).toBe(1);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((m) => m.type)).toEqual(['audit.recorded']);
    expect(outbox[0]?.payload).toMatchObject({ action: 'staff.permissionDenied', subject: 'returnToStock' });
  });

  it('refuses a clerk claiming approvedBy without a manager approval, or approving themself', async () => {
    const clock = await setup();
    await expect(
      returnToStock(db, 'O000001', '超时未取', { staffId: 'C01', approvedBy: 'M01' }, { clock }),
    ).rejects.toMatchObject({ reason: 'manager-required' });
    const forged = {
      id: crypto.randomUUID(),
      by: 'C01',
      action: 'returnToStock' as const,
      at: new Date(clock.now()).toISOString(),
    };
    await expect(
      returnToStock(db, 'O000001', '超时未取', { staffId: 'C01', approval: forged }, { clock }),
    ).rejects.toMatchObject({ reason: 'approver-not-manager' });
    await expect(grantApproval(db, 'C01', 'C01', 'returnToStock', { clock })).rejects.toMatchObject({
      reason: 'approver-not-manager',
    });
    expect((await db.orders.get('O000001'))?.status).toBe('shelved');
  });

  it('passes with a manager approval, which travels in the mutation and the audit row, once', async () => {
    const clock = await setup();
    const approval = await grantApproval(db, 'M01', 'C01', 'returnToStock', { clock });
    clock.advance(5_000);
    const mutation = await returnToStock(db, 'O000001', '超时未取', { staffId: 'C01', approval }, { clock });
    expect(mutation).toMatchObject({
      type: 'order.returnToStock',
      staffId: 'C01',
      payload: { orderId: 'O000001', reason: '超时未取', approvedBy: 'M01' },
    });
    const order = await db.orders.get('O000001');
    expect(order).toMatchObject({ status: 'returned', slotIds: [] });
    expect(await db.slotOccupancy.count()).toBe(0);
    const [row] = await queryAudit(db, { action: 'order.returnToStock' });
    expect(row).toMatchObject({
      staffId: 'C01',
      mutationId: mutation.id,
      detail: {
        approvedBy: 'M01',
        approval: { by: 'M01', action: 'returnToStock', at: approval.at, id: approval.id },
      },
    });
    // The approval log and the action both show up under the manager.
    expect((await queryAudit(db, { staffId: 'M01' })).map((r) => r.action)).toEqual([
      'order.returnToStock',
      'staff.approved',
    ]);
    // One approval, one action.
    await expect(
      returnToStock(db, 'O000002', '超时未取', { staffId: 'C01', approval }, { clock }),
    ).rejects.toMatchObject({ reason: 'approval-used' });
    expect((await db.orders.get('O000002'))?.status).toBe('shelved');
  });

  it('refuses an approval for another action or one that has expired', async () => {
    const clock = await setup();
    const closeDay = await grantApproval(db, 'M01', 'C01', 'closeDay', { clock });
    await expect(
      returnToStock(db, 'O000001', 'x', { staffId: 'C01', approval: closeDay }, { clock }),
    ).rejects.toMatchObject({ reason: 'approval-mismatch' });
    const stale = await grantApproval(db, 'M01', 'C01', 'returnToStock', { clock });
    clock.advance(3 * 60_000);
    await expect(
      returnToStock(db, 'O000001', 'x', { staffId: 'C01', approval: stale }, { clock }),
    ).rejects.toMatchObject({
      reason: 'approval-expired',
    });
  });

  it('lets a manager act alone, without approvedBy', async () => {
    const clock = await setup();
    const mutation = await returnToStock(db, 'O000001', '超时未取', { staffId: 'M01' }, { clock });
    expect(mutation.payload).toEqual({ orderId: 'O000001', reason: '超时未取' });
  });
});

describe('audit log queries', () => {
  it('filters by staff, action and date, newest first', async () => {
    db = await seededDb();
    const clock = manualClock(Date.parse('2026-11-23T08:00:00Z'));
    await checkPin(db, 'C01', '1234', { clock });
    clock.advance(24 * 3600_000);
    await checkPin(db, 'M01', '0000', { clock });
    clock.advance(60_000);
    await checkPin(db, 'M01', '9999', { clock });
    expect((await queryAudit(db)).map((r) => [r.staffId, r.action])).toEqual([
      ['M01', 'staff.signedIn'],
      ['M01', 'staff.pinRejected'],
      ['C01', 'staff.signedIn'],
    ]);
    expect((await queryAudit(db, { action: 'staff.signedIn', staffId: 'C01' })).length).toBe(1);
    expect(
      (await queryAudit(db, { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' })).map(
        (r) => r.staffId,
      ),
    ).toEqual(['M01', 'M01']);
    expect(await auditActions(db)).toEqual(['staff.pinRejected', 'staff.signedIn']);
  });
});
