import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handOver } from '../db/repositories/orders';
import { deleteTestDbs, openTestDb, seedFromHq } from '../testing/db';
import { CLERK, makeOrder } from '../testing/fixtures';
import { createFakeHq } from '../testing/fakeHq';
import { rigEngine } from '../testing/syncRig';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(deleteTestDbs);
afterAll(() => server.close());

const until = async (check: () => boolean | Promise<boolean>, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A minimal exclusive Web Locks implementation (jsdom has none): one holder, FIFO waiters, abortable. */
function fakeLocks() {
  let held = false;
  const queue: (() => void)[] = [];
  return {
    request(
      _name: string,
      options: { signal?: AbortSignal },
      callback: () => Promise<unknown>,
    ): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const run = () => {
          held = true;
          callback()
            .then(resolve, reject)
            .finally(() => {
              held = false;
              queue.shift()?.();
            });
        };
        if (!held) return run();
        queue.push(run);
        options.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(run);
          if (i >= 0) queue.splice(i, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
  } as unknown as LockManager;
}

describe('one sync loop per profile (Web Locks)', () => {
  it('only the lock holder syncs; another window takes over when it stops', async () => {
    const db = await openTestDb();
    const hq = createFakeHq();
    const locks = fakeLocks();
    const first = rigEngine(server, db, { locks, broadcastChannel: null }, hq);
    const second = rigEngine(server, db, { locks, broadcastChannel: null }, hq);
    first.engine.start();
    second.engine.start();
    await until(() => first.status.getState().lastSuccessAt !== null);
    expect(first.status.getState().role).toBe('leader');
    expect(second.status.getState().role).toBe('follower');
    expect(second.events.some((e) => e.type === 'sync-started')).toBe(false);

    await first.engine.stop();
    await until(() => second.status.getState().lastSuccessAt !== null);
    expect(second.status.getState().role).toBe('leader');
    await second.engine.stop();
  });

  it('followers see the leader’s status and forward “sync now” over a BroadcastChannel', async () => {
    const db = await openTestDb();
    const hq = createFakeHq();
    const locks = fakeLocks();
    const channel = `test-${crypto.randomUUID()}`;
    const leader = rigEngine(server, db, { locks, broadcastChannel: channel }, hq);
    const follower = rigEngine(server, db, { locks, broadcastChannel: channel }, hq);
    leader.engine.start();
    await until(() => leader.status.getState().lastSuccessAt !== null);
    follower.engine.start();
    await until(() => follower.status.getState().role === 'follower');

    hq.seedOrders([makeOrder(1)]);
    const outcome = await follower.engine.syncNow();
    expect(outcome).toMatchObject({ delegated: true });
    await until(async () => (await db.orders.count()) === 1);
    await until(() => follower.events.some((e) => e.type === 'pull-progress' && e.changes === 1));
    expect(follower.status.getState().phase).toBe('online');
    await follower.engine.stop();
    await leader.engine.stop();
  });

  it('without Web Locks (jsdom, old browsers) the window leads on its own', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { locks: null });
    rig.engine.start();
    await until(() => rig.status.getState().lastSuccessAt !== null);
    expect(rig.status.getState().role).toBe('leader');
    await rig.engine.stop();
    expect(rig.status.getState().role).toBe('stopped');
  });
});

describe('status from local writes and connectivity', () => {
  it('reports pending count and oldest pending, and pushes soon after a local write', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { outboxDebounceMs: 20 });
    const order = makeOrder(1);
    rig.hq.seedOrders([order]);
    await seedFromHq(db, [order]);
    rig.hq.knobs.down = true;
    rig.engine.start();
    await until(() => rig.status.getState().phase === 'offline');
    await handOver(db, order.id, { verifiedBy: 'code' }, CLERK);
    await until(() => rig.status.getState().pendingCount === 1);
    expect(rig.status.getState().oldestPendingAt).toEqual((await db.outbox.toArray())[0]!.createdAt);

    rig.hq.knobs.down = false;
    await rig.engine.syncNow();
    await until(() => rig.status.getState().pendingCount === 0);
    expect(rig.status.getState()).toMatchObject({ phase: 'online', oldestPendingAt: null });
    expect(rig.hq.applied).toHaveLength(1);

    // Online and idle: a new write is pushed without waiting for the poll interval.
    const next = makeOrder(2);
    rig.hq.seedOrders([next]);
    await seedFromHq(db, [next]);
    await handOver(db, next.id, { verifiedBy: 'code' }, CLERK);
    await until(() => rig.hq.applied.length === 2);

    // A write made while a push is in flight goes out right after it, not at the next poll (30 s).
    const [third, fourth] = [makeOrder(3), makeOrder(4)];
    rig.hq.seedOrders([third, fourth]);
    await seedFromHq(db, [third, fourth]);
    rig.hq.knobs.duringPush = async () => {
      await handOver(db, fourth.id, { verifiedBy: 'code' }, CLERK);
    };
    await handOver(db, third.id, { verifiedBy: 'code' }, CLERK);
    await until(() => rig.hq.applied.length === 4);
    await rig.engine.stop();
  });

  it('a write that lands with an acknowledgement (the pending count unchanged) is pushed soon', async () => {
    const db = await openTestDb();
    const rig = rigEngine(server, db, { outboxDebounceMs: 20 });
    const [first, second] = [makeOrder(1), makeOrder(2)];
    rig.hq.seedOrders([first, second]);
    await seedFromHq(db, [first, second]);
    rig.engine.start();
    await until(() => rig.status.getState().phase === 'online');
    // In the transaction that acknowledges the first handover, another mutation is queued:
    // the outbox holds one row before and one after — only its newest sequence moved.
    let queued = false;
    db.outbox.hook('deleting', (_seq, row, tx) => {
      if (queued) return;
      queued = true;
      void tx.table('outbox').add({
        ...row,
        seq: row.seq + 1,
        id: crypto.randomUUID(),
        payload: { ...(row.payload as object), orderId: second.id },
        affects: [`order:${second.id}`],
      });
    });
    await handOver(db, first.id, { verifiedBy: 'code' }, CLERK);
    await until(() => queued);
    await until(() => rig.hq.applied.length === 2);
    expect(rig.hq.applied.map((m) => (m.payload as { orderId: string }).orderId)).toEqual([
      first.id,
      second.id,
    ]);
    await rig.engine.stop();
  });

  it('goes offline on the offline event and syncs when the online event and health ping say so', async () => {
    const db = await openTestDb();
    const connectivity = new EventTarget();
    const rig = rigEngine(server, db, { connectivity });
    rig.engine.start();
    await until(() => rig.status.getState().phase === 'online');
    connectivity.dispatchEvent(new Event('offline'));
    expect(rig.status.getState()).toMatchObject({ phase: 'offline', online: false });

    const order = makeOrder(1);
    rig.hq.seedOrders([order]);
    connectivity.dispatchEvent(new Event('online'));
    await until(async () => (await db.orders.count()) === 1);
    expect(rig.status.getState()).toMatchObject({ phase: 'online', online: true });
    const healthPings = rig.hq.requests.filter((r) => r.path === '/v1/health');
    expect(healthPings.length).toBeGreaterThanOrEqual(2);
    await rig.engine.stop();
  });

  it('asks for persistent storage on start', async () => {
    const db = await openTestDb();
    let asked = 0;
    const rig = rigEngine(server, db, {
      storage: { persisted: async () => false, persist: async () => (++asked, false) },
    });
    rig.engine.start();
    await until(() => asked === 1);
    await until(() => rig.logs.some((l) => String(l.args[0]).includes('persistent storage not granted')));
    expect(rig.status.getState().storagePersisted).toBe(false);
    await rig.engine.stop();
  });
});
