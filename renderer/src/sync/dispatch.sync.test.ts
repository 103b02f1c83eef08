import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRun } from '../db/repositories/dispatch';
import { deleteTestDbs, openTestDb } from '../testing/db';
import { deliveryWindow, makeDelivery, RIDER_SUN } from '../testing/dispatch';
import { CLERK, makeLayout, TEST_STORE } from '../testing/fixtures';
import { rigEngine } from '../testing/syncRig';

/** 定时送达 through the sync engine: the run reaches HQ once; HQ's delivered / failed word comes back by pull. */

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => deleteTestDbs());
afterAll(() => server.close());

const NOW = Date.parse('2026-11-24T05:20:00.000Z');

describe('a rider’s run and HQ’s word on it', () => {
  it('pushes order.dispatched once; a failed delivery is back at the store, arrived, to be put away again', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { clock: { now: () => NOW } });
    const run = [1, 2, 3].map((n) => makeDelivery(n, 'R02', deliveryWindow(NOW, 1)));
    rig.hq.publish('shelfLayout', TEST_STORE, makeLayout());
    rig.hq.publish('rider', RIDER_SUN.id, RIDER_SUN);
    rig.hq.seedOrders(run);
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(await db.slotOccupancy.count()).toBe(6);

    await dispatchRun(
      db,
      {
        riderId: 'R02',
        orderIds: run.map((o) => o.id),
        bags: run.flatMap((o) => o.bags.map((b) => b.label)),
      },
      CLERK,
    );
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(rig.hq.applied.map((m) => m.type)).toEqual(['order.dispatched']);
    expect(await db.outbox.count()).toBe(0);
    expect(rig.hq.orders.get(run[0]!.id)?.status).toBe('collected');

    // HQ hears from the rider: one delivered, one failed (back at the store, off the shelf)
    const delivered = rig.hq.orders.get(run[0]!.id)!;
    rig.hq.publish('order', delivered.id, {
      ...delivered,
      delivery: { ...delivered.delivery!, outcome: 'delivered' },
    });
    const failed = rig.hq.orders.get(run[1]!.id)!;
    rig.hq.publish('order', failed.id, {
      ...failed,
      status: 'arrived',
      slotAssignments: [],
      collection: null,
      delivery: { ...failed.delivery!, outcome: 'failed', failReason: '顾客不在家' },
    });
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect((await db.orders.get(delivered.id))?.delivery?.outcome).toBe('delivered');
    const back = await db.orders.get(failed.id);
    expect(back).toMatchObject({ status: 'arrived', slotIds: [], delivery: { outcome: 'failed' } });
    // the shelf's put-away list reads arrived orders
    expect((await db.orders.where('status').equals('arrived').toArray()).map((o) => o.id)).toEqual([
      failed.id,
    ]);
    expect(await db.slotOccupancy.count()).toBe(0);
  });

  it('HQ refuses a run of a rider it does not know: the exceptions inbox, the orders restored', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { clock: { now: () => NOW } });
    const run = [makeDelivery(1, 'R02', deliveryWindow(NOW, 1))];
    rig.hq.publish('shelfLayout', TEST_STORE, makeLayout());
    rig.hq.publish('rider', RIDER_SUN.id, RIDER_SUN);
    rig.hq.seedOrders(run);
    expect((await rig.engine.syncNow()).ok).toBe(true);
    await dispatchRun(
      db,
      { riderId: 'R02', orderIds: [run[0]!.id], bags: run[0]!.bags.map((b) => b.label) },
      CLERK,
    );
    // meanwhile HQ withdrew the rider
    rig.hq.publish('rider', RIDER_SUN.id, { ...RIDER_SUN, active: false });
    expect((await rig.engine.syncNow()).ok).toBe(true);
    const exceptions = await db.exceptions.toArray();
    expect(exceptions.map((e) => [e.mutation.type, e.code])).toEqual([['order.dispatched', 'unknown_rider']]);
    expect((await db.orders.get(run[0]!.id))?.status).toBe('shelved');
  });
});
