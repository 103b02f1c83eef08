import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Order, StorePolicy } from '@shared/contract';
import { handOver } from '../db/repositories/orders';
import { deleteTestDbs, openTestDb, seedFromHq } from '../testing/db';
import { pruneHistory } from './prune';
import { CLERK, makeOrder, TEST_STORE } from '../testing/fixtures';
import { rigEngine } from '../testing/syncRig';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => deleteTestDbs());
afterAll(() => server.close());

const NOW = new Date('2026-11-24T04:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const order = (serial: number, status: Order['status'], age: number): Order =>
  makeOrder(serial, { status, updatedAt: daysAgo(age), createdAt: daysAgo(age + 1) });

async function withPolicy(historyDays?: number) {
  const db = await openTestDb();
  const policy: StorePolicy = {
    storeId: TEST_STORE,
    pickupGraceHours: 24,
    dueSoonMinutes: 30,
    cashDifferenceThresholdFen: 1000,
    refundApprovalThresholdFen: 5000,
    rounding: 'none',
    ...(historyDays === undefined ? {} : { historyDays }),
  };
  await db.meta.put({ key: `entity:storePolicy:${TEST_STORE}`, value: policy });
  return db;
}

describe('pruneHistory', () => {
  it('deletes closed orders past the window (default 30 days), keeps recent and open ones', async () => {
    const db = await withPolicy();
    await seedFromHq(db, [
      order(1, 'collected', 31),
      order(2, 'cancelled', 45),
      order(3, 'returned', 400),
      order(4, 'collected', 29),
      order(5, 'arrived', 90),
      order(6, 'pending', 31),
    ]);
    expect(await pruneHistory(db, NOW)).toBe(3);
    expect((await db.orders.toCollection().primaryKeys()).sort()).toEqual(['O000004', 'O000005', 'O000006']);
  });

  it("follows the store's historyDays", async () => {
    const db = await withPolicy(7);
    await seedFromHq(db, [order(1, 'collected', 8), order(2, 'collected', 6)]);
    expect(await pruneHistory(db, NOW)).toBe(1);
    expect(await db.orders.toCollection().primaryKeys()).toEqual(['O000002']);
  });

  it('keeps an old closed order this terminal still has a pending mutation for', async () => {
    const db = await withPolicy(7);
    // handed over here long ago while offline: the handover has not reached HQ yet
    await seedFromHq(db, [order(1, 'arrived', 40), order(2, 'collected', 40)]);
    await handOver(db, 'O000001', { verifiedBy: 'code' }, CLERK);
    await db.orders.update('O000001', { updatedAt: daysAgo(40) });
    expect(await pruneHistory(db, NOW)).toBe(1);
    expect(await db.orders.get('O000001')).toBeDefined();
    expect(await db.orders.get('O000002')).toBeUndefined();
  });
});

describe('the engine prunes after a sync', () => {
  it('once the first sync is all in, and not again within the hour', async () => {
    const db = await withPolicy(7);
    const old = { ...order(1, 'collected', 10), updatedAt: daysAgo(10) };
    await seedFromHq(db, [old]);
    const rig = rigEngine(server, db, { clock: { now: () => NOW.getTime() } });
    rig.hq.seedOrders([old]);
    rig.status.getState().dispatch({ type: 'first-sync', progress: 'not-started' });
    expect((await rig.engine.syncNow()).ok).toBe(true);
    // The fake HQ serves the plain feed: nothing held back, so the window applies.
    expect(await db.orders.get('O000001')).toBeUndefined();
    await seedFromHq(db, [{ ...order(2, 'cancelled', 10) }]);
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(await db.orders.get('O000002')).toBeDefined();
  });
});
