import { afterEach, describe, expect, it } from 'vitest';
import { makeOrder } from '../../testing/fixtures';
import { OrderActionError } from '../errors';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { extendPickup, remindCustomer } from './shelf';

const clock = { now: () => Date.parse('2026-11-24T14:00:00.000Z') };
const CLERK = { staffId: 'C01' };

afterEach(deleteTestDbs);

async function seeded() {
  const db = await openTestDb();
  await seedFromHq(db, [
    makeOrder(1, {
      status: 'shelved',
      slotAssignments: [{ bagLabel: 'LL202611240001-B1', slotId: 'C1-01', at: '2026-11-24T03:00:00.000Z' }],
    }),
    makeOrder(2, { status: 'collected' }),
  ]);
  return db;
}

describe('uncollected-order actions', () => {
  it('remind records when, with an order.remind mutation and its audit row, in one go', async () => {
    const db = await seeded();
    const row = await remindCustomer(db, 'O000001', CLERK, { clock });
    expect(row.type).toBe('order.remind');
    expect(row.payload).toEqual({ orderId: 'O000001' });
    expect((await db.orders.get('O000001'))?.lastRemindedAt).toBe('2026-11-24T14:00:00.000Z');
    expect(await db.audit.where('action').equals('order.remind').count()).toBe(1);
    // The order stays on its slot.
    expect(await db.slotOccupancy.where('orderId').equals('O000001').count()).toBe(1);
  });

  it('extend moves the deadline, with an order.extend mutation', async () => {
    const db = await seeded();
    const row = await extendPickup(db, 'O000001', '2026-11-25T14:00:00.000Z', CLERK, { clock });
    expect(row.payload).toEqual({ orderId: 'O000001', until: '2026-11-25T14:00:00.000Z' });
    expect((await db.orders.get('O000001'))?.extendedUntil).toBe('2026-11-25T14:00:00.000Z');
  });

  it('refuses a collected or unknown order and writes nothing', async () => {
    const db = await seeded();
    await expect(remindCustomer(db, 'O000002', CLERK, { clock })).rejects.toBeInstanceOf(OrderActionError);
    await expect(
      extendPickup(db, 'nope', '2026-11-25T14:00:00.000Z', CLERK, { clock }),
    ).rejects.toMatchObject({
      refusal: { kind: 'order-not-found' },
    });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.audit.count()).toBe(0);
  });
});
