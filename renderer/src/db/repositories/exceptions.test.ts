import { afterEach, describe, expect, it } from 'vitest';
import { applyPushResults } from '../../sync/apply';
import { makeOrder } from '../../testing/fixtures';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { demoStaff } from '../../testing/staff';
import { acknowledgeException, ExceptionActionError, retryException } from './exceptions';
import { handOver } from './orders';
import { grantApproval } from './staff';

afterEach(deleteTestDbs);
const clock = { now: () => Date.parse('2026-11-24T06:00:00.000Z') };

async function refusedHandOver() {
  const db = await openTestDb();
  const order = makeOrder(1);
  await seedFromHq(db, [order]);
  await db.staff.bulkPut(await demoStaff());
  const row = await handOver(db, order.id, { verifiedBy: 'code' }, { staffId: 'C01' });
  await applyPushResults(
    db,
    [row],
    [{ id: row.id, status: 'rejected', code: 'forbidden_role', reason: '无权限' }],
    clock,
  );
  return { db, row };
}

describe('exceptions inbox actions', () => {
  it('a clerk alone cannot resolve; with a manager approval it can acknowledge', async () => {
    const { db, row } = await refusedHandOver();
    await expect(acknowledgeException(db, row.id, { staffId: 'C01' })).rejects.toMatchObject({
      reason: 'manager-required',
    });
    // Naming a manager is not an approval: the guard checks a granted, unspent one.
    await expect(
      acknowledgeException(db, row.id, { staffId: 'C01', approvedBy: 'M01' }),
    ).rejects.toMatchObject({
      reason: 'manager-required',
    });
    const approval = await grantApproval(db, 'M01', 'C01', 'resolveException', { clock });
    await acknowledgeException(db, row.id, { staffId: 'C01', approval }, clock);
    expect(await db.exceptions.get(row.id)).toMatchObject({ state: 'acknowledged', resolvedBy: 'M01' });
    expect((await db.audit.where('action').equals('exception.acknowledged').toArray())[0]?.staffId).toBe(
      'C01',
    );
    await expect(acknowledgeException(db, row.id, { staffId: 'M01' })).rejects.toBeInstanceOf(
      ExceptionActionError,
    );
  });

  it('an approval resolves one exception only', async () => {
    const { db, row } = await refusedHandOver();
    const approval = await grantApproval(db, 'M01', 'C01', 'resolveException', { clock });
    await acknowledgeException(db, row.id, { staffId: 'C01', approval }, clock);
    await db.exceptions.put({ ...(await db.exceptions.get(row.id))!, id: 'other', state: 'open' });
    await expect(
      acknowledgeException(db, 'other', { staffId: 'C01', approval }, clock),
    ).rejects.toMatchObject({
      reason: 'manager-required',
    });
  });

  it('retry queues a new mutation (new id, next seq) with the same payload', async () => {
    const { db, row } = await refusedHandOver();
    const retried = await retryException(db, row.id, { staffId: 'M01' }, clock);
    expect(retried.id).not.toBe(row.id);
    expect(retried.seq).toBe(row.seq + 1);
    expect(retried.payload).toEqual(row.payload);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.exceptions.get(row.id))?.state).toBe('retried');
  });
});
