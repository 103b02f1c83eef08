import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handOver, putAway } from '../db/repositories/orders';
import { deleteTestDbs, openTestDb, seedFromHq } from '../testing/db';
import type { LinliDb } from '../db/database';
import { CLERK, makeOrder, makeProduct } from '../testing/fixtures';
import { advance, rigEngine } from '../testing/syncRig';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  vi.useRealTimers();
  await deleteTestDbs();
});
afterAll(() => server.close());

const pushes = (rig: ReturnType<typeof rigEngine>) => rig.hq.requests.filter((r) => r.method === 'POST');
const pulls = (rig: ReturnType<typeof rigEngine>) =>
  rig.hq.requests.filter((r) => r.path.includes('/changes'));

/** A database holding `n` arrived orders (also known to the fake HQ) with each handed over offline. */
async function handedOverOffline(db: LinliDb, n: number, hq = rigEngine(server, db).hq) {
  const orders = Array.from({ length: n }, (_, i) => makeOrder(i + 1));
  hq.seedOrders(orders);
  await seedFromHq(db, orders);
  for (const order of orders) await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
  return orders;
}

describe('push', () => {
  it('sends the outbox in sequence order, in batches read after the last acknowledged seq', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { pushBatchSize: 10 });
    await handedOverOffline(db, 25, rig.hq);

    const outcome = await rig.engine.syncNow();

    expect(outcome).toMatchObject({ ok: true, pushed: 25 });
    const batches = pushes(rig).map((r) =>
      (r.body as { mutations: { seq: number }[] }).mutations.map((m) => m.seq),
    );
    expect(batches).toEqual([
      Array.from({ length: 10 }, (_, i) => i + 1),
      Array.from({ length: 10 }, (_, i) => i + 11),
      Array.from({ length: 5 }, (_, i) => i + 21),
    ]);
    expect(pushes(rig).every((r) => r.authorization === 'Bearer test-key-T1')).toBe(true);
    expect(rig.hq.applied.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await db.outbox.count()).toBe(0);
    expect(rig.status.getState()).toMatchObject({ phase: 'online', push: { applied: 25 }, lastError: null });
  });

  it('handles every result status; refused mutations go to the inbox and never block later ones', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    const orders = await handedOverOffline(db, 5, rig.hq);
    const rows = await db.outbox.orderBy('seq').toArray();
    rig.hq.cancelOrder(orders[0]!.id); // → rejected order_cancelled
    rig.hq.knobs.forceResult[rows[1]!.id] = {
      status: 'conflict',
      code: 'already_collected',
      reason: '订单已取货',
    };
    rig.hq.knobs.forceResult[rows[2]!.id] = { status: 'duplicate', originalStatus: 'applied' };
    rig.hq.knobs.forceResult[rows[3]!.id] = {
      status: 'duplicate',
      originalStatus: 'rejected',
      code: 'forbidden_role',
    };

    const outcome = await rig.engine.syncNow();

    expect(outcome.ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    const inbox = await db.exceptions.orderBy('receivedAt').toArray();
    expect(inbox.map((e) => [e.mutation.seq, e.status, e.code, e.state]).sort()).toEqual([
      [1, 'rejected', 'order_cancelled', 'open'],
      [2, 'conflict', 'already_collected', 'open'],
      [4, 'rejected', 'forbidden_role', 'open'],
    ]);
    expect(inbox.find((e) => e.mutation.seq === 1)?.reason).toBe('订单已取消');
    expect(inbox.find((e) => e.mutation.seq === 4)?.reason).toMatch(/refused this earlier/);
    // The mutation after the refused ones was applied by HQ.
    expect(rig.hq.applied.map((m) => m.seq)).toEqual([5]);
    expect(rig.status.getState().push).toEqual({
      pushed: 5,
      applied: 1,
      duplicate: 2,
      rejected: 1,
      conflict: 1,
    });
    // The cancelled order shows HQ's state again (the pull after the push brought it).
    expect((await db.orders.get(orders[0]!.id))?.status).toBe('cancelled');
  });

  it('a dropped response is retried and HQ applies the mutation exactly once', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    const [order] = await handedOverOffline(db, 1, rig.hq);
    rig.hq.knobs.dropNextPushResponses = 1;

    const first = await rig.engine.syncNow();
    expect(first).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(await db.outbox.count()).toBe(1);
    expect(rig.status.getState()).toMatchObject({ phase: 'offline', retryAt: expect.any(Number) });

    const second = await rig.engine.syncNow();
    expect(second.ok).toBe(true);
    expect(rig.hq.deliveries).toHaveLength(2);
    expect(rig.hq.applied).toHaveLength(1);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.exceptions.count()).toBe(0);
    expect((await db.orders.get(order!.id))?.status).toBe('collected');
  });

  it('never sends a row that breaks the contract: it is parked in the inbox and the rest goes', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    await handedOverOffline(db, 2, rig.hq);
    await db.outbox.update(1, { staffId: 'not a staff id' });

    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(rig.hq.deliveries.map((m) => m.seq)).toEqual([2]);
    expect(await db.exceptions.get((await db.exceptions.toArray())[0]!.id)).toMatchObject({
      status: 'rejected',
      code: 'invalid_local',
    });
  });
});

describe('responses that break the contract', () => {
  it('a push answer missing a result stores nothing and is retried later', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    await handedOverOffline(db, 2, rig.hq);
    const rows = await db.outbox.orderBy('seq').toArray();
    rig.hq.knobs.pushBodyOverride = { results: [{ id: rows[0]!.id, status: 'applied' }] };

    const outcome = await rig.engine.syncNow();
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    expect(await db.outbox.count()).toBe(2);
    expect(await db.exceptions.count()).toBe(0);
    expect(rig.status.getState()).toMatchObject({ phase: 'error', lastError: { kind: 'invalid-response' } });
    expect(rig.logs.some((l) => String(l.args[0]).includes('invalid-response'))).toBe(true);

    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a pull page with an invalid record is not stored and the cursor does not move', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    rig.hq.seedOrders([makeOrder(1)]);
    const { status: _dropped, ...broken } = makeOrder(2);
    rig.hq.knobs.pullBodyOverride = {
      changes: [
        { entity: 'order', op: 'upsert', key: 'O000001', data: makeOrder(1), version: 1 },
        { entity: 'order', op: 'upsert', key: 'O000002', data: broken, version: 2 },
      ],
      cursor: '2',
      hasMore: false,
    };

    expect(await rig.engine.syncNow()).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    expect(await db.orders.count()).toBe(0);
    expect(await db.meta.get('pullCursor')).toBeUndefined();

    expect(await rig.engine.syncNow()).toMatchObject({ ok: true, pulled: 1 });
    expect(await db.orders.count()).toBe(1);
  });

  it('a non-JSON body is an invalid response, not a crash', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    rig.hq.knobs.pullBodyOverride = 'not an object';
    expect(await rig.engine.syncNow()).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
  });
});

describe('pull', () => {
  it('pages with the cursor, one transaction per page, with progress, fetching ahead', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { pullPageSize: 1000 });
    for (let i = 1; i <= 2500; i++) rig.hq.publish('product', makeProduct(i).sku, makeProduct(i));
    const requestsAtProgress: number[] = [];
    rig.engine.subscribe((e) => {
      if (e.type === 'pull-progress') requestsAtProgress.push(pulls(rig).length);
    });

    const outcome = await rig.engine.syncNow();

    expect(outcome).toMatchObject({ ok: true, pulled: 2500 });
    expect(await db.products.count()).toBe(2500);
    expect(await db.products.where('barcodes').equals(makeProduct(1234).barcodes[0]!).first()).toMatchObject({
      sku: makeProduct(1234).sku,
    });
    expect(pulls(rig).map((r) => new URL(r.path, 'http://x').searchParams.get('cursor'))).toEqual([
      null,
      '1000',
      '2000',
    ]);
    const progress = rig.events.filter((e) => e.type === 'pull-progress');
    expect(progress.map((e) => [e.pages, e.changes, e.total, e.hasMore])).toEqual([
      [1, 1000, 2500, true],
      [2, 2000, 2500, true],
      [3, 2500, 2500, false],
    ]);
    // Only the first page asks HQ to count what follows.
    expect(pulls(rig).map((r) => new URL(r.path, 'http://x').searchParams.get('count'))).toEqual([
      'remaining',
      null,
      null,
    ]);
    // Page 2 was requested before page 1 finished writing.
    expect(requestsAtProgress[0]).toBe(2);
    expect((await db.meta.get('pullCursor'))?.value).toBe('2500');
    expect(rig.status.getState().pull).toMatchObject({ active: false, pages: 3, changes: 2500 });

    await rig.engine.syncNow();
    expect(pulls(rig).at(-1)?.path).toContain('cursor=2500');
  });

  it('progress never counts less than what arrived when HQ writes during the pull', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { pullPageSize: 100 });
    for (let i = 1; i <= 250; i++) rig.hq.publish('product', makeProduct(i).sku, makeProduct(i));
    let published = false;
    rig.engine.subscribe((e) => {
      if (e.type !== 'pull-progress' || published) return;
      published = true;
      for (let i = 251; i <= 350; i++) rig.hq.publish('product', makeProduct(i).sku, makeProduct(i));
    });

    expect(await rig.engine.syncNow()).toMatchObject({ ok: true, pulled: 350 });

    const progress = rig.events.filter((e) => e.type === 'pull-progress');
    expect(progress[0]).toMatchObject({ changes: 100, total: 250 });
    for (const e of progress) expect(e.total).toBeGreaterThanOrEqual(e.changes + (e.hasMore ? 1 : 0));
    expect(progress.at(-1)).toMatchObject({ changes: 350, total: 350, hasMore: false });
  });

  it('keeps a pending local change over pulled data, then takes HQ’s version once confirmed', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    const order = makeOrder(1);
    rig.hq.seedOrders([order]);
    await rig.engine.syncNow();
    await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
    // HQ edits the order meanwhile (a note): the pull carries status "arrived".
    const edited = { ...order, note: '放门口', version: 2 };
    rig.hq.orders.set(order.id, edited);
    rig.hq.publish('order', order.id, edited);
    // The push is answered 500; the pull still runs and brings the edit while the handover is pending.
    rig.hq.knobs.failNext = [500];
    expect(await rig.engine.syncNow()).toMatchObject({ ok: false, pulled: 1, error: { kind: 'server' } });
    expect((await db.orders.get(order.id))?.status).toBe('collected');
    expect((await db.shadows.get(`order:${order.id}`))?.data).toMatchObject({ note: '放门口' });

    expect((await rig.engine.syncNow()).ok).toBe(true);
    const local = await db.orders.get(order.id);
    expect(local).toMatchObject({ status: 'collected', collection: { terminalId: 'T1' } });
    expect(local?.version).toBe(rig.hq.orders.get(order.id)?.version);
    expect(await db.shadows.count()).toBe(0);
  });

  it('a refused put-away restores HQ’s version of the order and its slots', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    const order = makeOrder(1);
    rig.hq.seedOrders([order]);
    await seedFromHq(db, [order]);
    await putAway(db, order.id, [{ bagLabel: order.bags[0]!.label, slotId: 'C1-03' }], CLERK);
    const [row] = await db.outbox.toArray();
    rig.hq.knobs.forceResult[row!.id] = { status: 'rejected', code: 'slot_full', reason: '货位已满' };

    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect((await db.orders.get(order.id))?.status).toBe('arrived');
    expect(await db.slotOccupancy.count()).toBe(0);
    expect(await db.exceptions.count()).toBe(1);
  });
});

describe('failures and backoff', () => {
  it('HQ answering 503 (down behind its gateway) reads as offline, a 500 as a sync error', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    rig.hq.knobs.failNext = [503];
    expect(await rig.engine.syncNow()).toMatchObject({
      ok: false,
      error: { kind: 'network', httpStatus: 503 },
    });
    expect(rig.status.getState()).toMatchObject({ phase: 'offline', online: false });
    rig.hq.knobs.failNext = [500];
    expect(await rig.engine.syncNow()).toMatchObject({
      ok: false,
      error: { kind: 'server', httpStatus: 500 },
    });
    expect(rig.status.getState().phase).toBe('error');
  });

  it('retries 5xx and network errors with exponential backoff and jitter', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const db = await openTestDb();
    const rig = rigEngine(server, db, { backoff: { baseMs: 1000, maxMs: 60_000 } });
    rig.hq.knobs.failNext = [503, 500, 0, 502];
    const t0 = Date.now();
    rig.engine.start();
    // random() = 0.5 → each delay is 3/4 of the ceiling: 750, 1500, 3000, 6000.
    await advance(750 + 1500 + 3000 + 6000 + 200);
    const times = pulls(rig).map((r) => r.at - t0);
    expect(times).toHaveLength(5);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    [750, 1500, 3000, 6000].forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay);
      expect(gaps[i]).toBeLessThan(delay + 100);
    });
    const failures = rig.events.filter((e) => e.type === 'sync-failed');
    expect(failures.map((e) => e.retryAt! - e.error.at)).toEqual([750, 1500, 3000, 6000]);
    expect(rig.events.filter((e) => e.type === 'sync-succeeded')).toHaveLength(1);
    expect(rig.status.getState()).toMatchObject({ phase: 'online', lastError: null, retryAt: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(11_250);
    await rig.engine.stop();
  });

  it('401 puts the terminal in the unauthorised state with no retries until re-authorised', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const db = await openTestDb();
    const rig = rigEngine(server, db, { apiKey: 'wrong-key' });
    await handedOverOffline(db, 1, rig.hq);
    rig.engine.start();
    await advance(200);
    expect(rig.status.getState()).toMatchObject({ phase: 'unauthorised', lastError: { httpStatus: 401 } });
    const seen = rig.hq.requests.length;
    await advance(10 * 60_000, 5_000);
    expect(rig.hq.requests.length).toBe(seen);
    expect(await db.outbox.count()).toBe(1);

    rig.engine.reauthorise('test-key-T1');
    await advance(200);
    expect(rig.status.getState().phase).toBe('online');
    expect(await db.outbox.count()).toBe(0);
    await rig.engine.stop();
  });

  it('a quota error while pulling is surfaced as a typed state and logged, never swallowed', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db);
    rig.hq.seedOrders([makeOrder(1)]);
    db.orders.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const outcome = await rig.engine.syncNow();
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(rig.status.getState()).toMatchObject({
      phase: 'error',
      storageFull: true,
      lastError: { kind: 'quota' },
    });
    expect(rig.logs.some((l) => l.level === 'error')).toBe(true);
    expect(await db.meta.get('pullCursor')).toBeUndefined();
  });
});
