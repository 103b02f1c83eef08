import type { Change, Order } from '@shared/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handOver } from '../db/repositories/orders';
import { deleteTestDbs, openTestDb, seedFromHq } from '../testing/db';
import { applyPullPage, applyPushResults } from './apply';
import { CLERK, makeOrder, makeProduct } from '../testing/fixtures';

afterEach(deleteTestDbs);
const clock = { now: () => Date.parse('2026-11-24T06:00:00.000Z') };
const upsert = (order: Order, version = order.version + 1): Change => ({
  entity: 'order',
  op: 'upsert',
  key: order.id,
  data: { ...order, version },
  version,
});

describe('applyPullPage', () => {
  it('derives slot occupancy from shelved orders and releases it when HQ moves them on', async () => {
    const db = await openTestDb();
    const at = '2026-11-24T03:00:00.000Z';
    const order = makeOrder(1, {
      status: 'shelved',
      slotAssignments: [{ bagLabel: makeOrder(1).bags[0]!.label, slotId: 'C1-02', at }],
    });
    await seedFromHq(db, [order, makeOrder(2)]);
    expect(await db.slotOccupancy.toArray()).toEqual([
      { slotId: 'C1-02', orderId: order.id, bagLabels: [order.bags[0]!.label], since: at },
    ]);
    expect(await db.orders.where('slotIds').equals('C1-02').primaryKeys()).toEqual([order.id]);
    await applyPullPage(db, [upsert({ ...order, status: 'collected' }, 9)], '9');
    expect(await db.slotOccupancy.count()).toBe(0);
    expect((await db.meta.get('pullCursor'))?.value).toBe('9');
  });

  it('deletes, singletons to meta, later changes of one entity win', async () => {
    const db = await openTestDb();
    await seedFromHq(db, [makeOrder(1), makeOrder(2)]);
    await applyPullPage(
      db,
      [
        { entity: 'order', op: 'delete', key: 'O000001', data: null, version: 10 },
        upsert({ ...makeOrder(2), note: 'first' }, 11),
        upsert({ ...makeOrder(2), note: 'second' }, 12),
        {
          entity: 'store',
          op: 'upsert',
          key: 'S001',
          data: { id: 'S001', name: '邻里生鲜', timeZone: 'Asia/Shanghai' },
          version: 13,
        },
      ],
      '13',
    );
    expect(await db.orders.get('O000001')).toBeUndefined();
    expect((await db.orders.get('O000002'))?.note).toBe('second');
    expect((await db.meta.get('entity:store:S001'))?.value).toMatchObject({ timeZone: 'Asia/Shanghai' });
  });

  it.each([
    ['a small outbox (read whole)', 2],
    ['a large outbox (count per entity)', 6],
  ])('keeps pending local changes over pulled data with %s', async (_label, pending) => {
    const db = await openTestDb();
    const orders = Array.from({ length: 6 }, (_, i) => makeOrder(i + 1));
    await seedFromHq(db, orders);
    for (const order of orders.slice(0, pending)) await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
    const page = orders.slice(0, 3).map((o) => upsert({ ...o, note: 'HQ edit' }, 20));
    await applyPullPage(db, page, '20');
    for (const order of orders.slice(0, 2)) {
      expect((await db.orders.get(order.id))?.status).toBe('collected');
      expect((await db.shadows.get(`order:${order.id}`))?.data).toMatchObject({ note: 'HQ edit' });
    }
    const third = await db.orders.get(orders[2]!.id);
    expect(third?.status).toBe(pending > 2 ? 'collected' : 'arrived');
    expect(third?.note).toBe(pending > 2 ? undefined : 'HQ edit');
  });
});

describe('applyPullPage in transactions of a few rows (the pull worker)', () => {
  const productChange = (i: number, version: number): Change => ({
    entity: 'product',
    op: 'upsert',
    key: makeProduct(i).sku,
    data: makeProduct(i),
    version,
  });

  /** The tables of every rw transaction opened on `db` while `run` runs. */
  async function scopes(db: Awaited<ReturnType<typeof openTestDb>>, run: () => Promise<void>) {
    const opened: string[][] = [];
    const real = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    const spy = vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
      const tables = args[1] as { name: string }[];
      if (args[0] === 'rw') opened.push(tables.map((t) => t.name).sort());
      return real(...args);
    }) as never);
    await run();
    spy.mockRestore();
    return opened;
  }

  it('splits a page; each transaction holds only what its rows touch, the cursor comes with the last', async () => {
    const db = await openTestDb();
    const page = [
      ...[1, 2, 3, 4, 5, 6].map((i) => productChange(i, i)),
      upsert(makeOrder(1), 7),
      upsert(makeOrder(2), 8),
    ];
    const opened = await scopes(db, () => applyPullPage(db, page, '8', { transactionRows: 3 }));
    expect(opened).toEqual([
      ['outbox', 'products', 'shadows'],
      ['outbox', 'products', 'shadows'],
      ['meta', 'orders', 'outbox', 'shadows', 'slotOccupancy'],
    ]);
    expect(await db.products.count()).toBe(6);
    expect(await db.orders.count()).toBe(2);
    expect((await db.meta.get('pullCursor'))?.value).toBe('8');
  });

  it('a failure after the first transaction leaves the cursor before the page; the page applied again is whole', async () => {
    const db = await openTestDb();
    await applyPullPage(db, [productChange(9, 1)], '1');
    const page = [1, 2, 3, 4].map((i) => productChange(i, i + 1));
    const real = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let calls = 0;
    const spy = vi
      .spyOn(db, 'transaction')
      .mockImplementation(((...args: unknown[]) =>
        ++calls === 2 ? Promise.reject(new Error('renderer killed')) : real(...args)) as never);
    await expect(applyPullPage(db, page, '5', { transactionRows: 2 })).rejects.toThrow('renderer killed');
    spy.mockRestore();
    expect((await db.meta.get('pullCursor'))?.value).toBe('1');
    expect(await db.products.count()).toBe(3);
    await applyPullPage(db, page, '5', { transactionRows: 2 });
    expect(await db.products.count()).toBe(5);
    expect((await db.meta.get('pullCursor'))?.value).toBe('5');
  });

  it('an empty page still moves the cursor', async () => {
    const db = await openTestDb();
    await applyPullPage(db, [], '42', { transactionRows: 200 });
    expect((await db.meta.get('pullCursor'))?.value).toBe('42');
  });
});

describe('applyPushResults', () => {
  it('a duplicate takes HQ data pulled meanwhile; an applied one drops it', async () => {
    const db = await openTestDb();
    const [a, b] = [makeOrder(1), makeOrder(2)];
    await seedFromHq(db, [a, b]);
    const ra = await handOver(db, a.id, { verifiedBy: 'code' }, CLERK);
    const rb = await handOver(db, b.id, { verifiedBy: 'code' }, CLERK);
    const hqCollected = (o: Order) => ({ ...o, status: 'collected' as const, note: 'HQ' });
    await applyPullPage(db, [upsert(hqCollected(a), 30), upsert({ ...b, note: 'stale' }, 31)], '31');
    const tally = await applyPushResults(
      db,
      [ra, rb],
      [
        { id: ra.id, status: 'duplicate', originalStatus: 'applied' },
        { id: rb.id, status: 'applied' },
      ],
      clock,
    );
    expect(tally).toEqual({ applied: 1, duplicate: 1, rejected: 0, conflict: 0 });
    expect(await db.orders.get(a.id)).toMatchObject({ status: 'collected', note: 'HQ', version: 30 });
    expect(await db.orders.get(b.id)).toMatchObject({ status: 'collected' });
    expect((await db.orders.get(b.id))?.note).toBeUndefined();
    expect(await db.shadows.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.outboxBases.count()).toBe(0);
  });

  it('a refusal restores the row as it was before when nothing was pulled meanwhile', async () => {
    const db = await openTestDb();
    const order = makeOrder(1);
    await seedFromHq(db, [order]);
    const row = await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
    await applyPushResults(db, [row], [{ id: row.id, status: 'conflict', code: 'already_collected' }], clock);
    expect((await db.orders.get(order.id))?.status).toBe('arrived');
    expect(await db.exceptions.get(row.id)).toMatchObject({ status: 'conflict', code: 'already_collected' });
  });

  it('an entity with another mutation still pending keeps its local state', async () => {
    const db = await openTestDb();
    const order = makeOrder(1);
    await seedFromHq(db, [order]);
    const first = await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
    await db.orders.update(order.id, { status: 'arrived' }); // let a second action through for the test
    await handOver(db, order.id, { verifiedBy: 'manual' }, CLERK);
    await applyPushResults(
      db,
      [first],
      [{ id: first.id, status: 'rejected', code: 'forbidden_role' }],
      clock,
    );
    expect((await db.orders.get(order.id))?.status).toBe('collected');
    expect(await db.outbox.count()).toBe(1);
  });
});
