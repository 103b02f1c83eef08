import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinliDb } from '../../db/database';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { SyncFailure } from '../http';
import type { PullProgress, PullRequest } from './loop';
import { type PullWorkerRequest, type PullWorkerResponse, WORKER_TRANSACTION_ROWS } from './protocol';
import { createPullHost } from './workerSide';
import { createPullWorkerRunner, type PullWorkerLike } from './uiSide';
import { createFakeHq, type FakeHq } from '../../testing/fakeHq';
import { makeOrder, makeProduct, TEST_API_KEY, TEST_HQ, TEST_STORE } from '../../testing/fixtures';
import { rigEngine } from '../../testing/syncRig';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  vi.restoreAllMocks();
  await deleteTestDbs();
});
afterAll(() => server.close());

const REQUEST: PullRequest = {
  hqUrl: TEST_HQ,
  apiKey: TEST_API_KEY,
  storeId: TEST_STORE,
  pageSize: 100,
  requestTimeoutMs: 5000,
};

function fakeHqWith(products: number, orders = 0): FakeHq {
  const hq = createFakeHq();
  for (let i = 1; i <= products; i++) hq.publish('product', makeProduct(i).sku, makeProduct(i));
  hq.seedOrders(Array.from({ length: orders }, (_, i) => makeOrder(i + 1)));
  server.resetHandlers(...hq.handlers);
  return hq;
}

/**
 * A worker stand-in: the real host on this thread behind a message boundary
 * (every message structured-cloned, delivered in a later task, as postMessage does).
 */
class InProcessWorker implements PullWorkerLike {
  readonly posted: PullWorkerRequest[] = [];
  terminated = false;
  private readonly target = new EventTarget();
  private readonly host;

  /** `loadError`: the worker dies before it runs anything (a script that fails to load, memory). */
  constructor(
    db: LinliDb,
    private readonly loadError?: string,
  ) {
    this.host = createPullHost({
      post: (message) => this.deliver('message', structuredClone(message)),
      fetch: (input, init) => fetch(input, init),
      openDb: () => db,
    });
  }

  private deliver(type: 'message' | 'error', data: unknown, message?: string) {
    setTimeout(() => {
      if (this.terminated) return;
      const event =
        type === 'message'
          ? new MessageEvent('message', { data })
          : Object.assign(new Event('error'), { message: message ?? '' });
      this.target.dispatchEvent(event);
    }, 0);
  }

  postMessage(message: PullWorkerRequest): void {
    this.posted.push(message);
    if (this.loadError !== undefined) return this.deliver('error', null, this.loadError);
    void this.host.handle(structuredClone(message));
  }

  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    this.target.addEventListener(type, listener as unknown as EventListener);
  }

  terminate(): void {
    this.terminated = true;
  }
}

describe('pull host (the worker side)', () => {
  it('pulls every page into its database and reports progress, then the count', async () => {
    fakeHqWith(250);
    const db = await openTestDb();
    const posted: PullWorkerResponse[] = [];
    const host = createPullHost({ post: (m) => posted.push(m), fetch: globalThis.fetch, openDb: () => db });

    await host.handle({ type: 'pull', id: 7, dbName: db.name, request: REQUEST });

    expect(
      posted.filter((m) => m.type === 'progress').map((m) => m.type === 'progress' && m.progress.changes),
    ).toEqual([100, 200, 250]);
    expect(posted.at(-1)).toEqual({ type: 'done', id: 7, changes: 250 });
    expect(posted.every((m) => m.id === 7)).toBe(true);
    expect(await db.products.count()).toBe(250);
    expect((await db.meta.get('pullCursor'))?.value).toBe('250');
  });

  it('writes a page in transactions of WORKER_TRANSACTION_ROWS, the cursor with the last', async () => {
    fakeHqWith(WORKER_TRANSACTION_ROWS + 50);
    const db = await openTestDb();
    const real = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    const writes: boolean[] = [];
    vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
      if (args[0] === 'rw') writes.push((args[1] as { name: string }[]).some((t) => t.name === 'meta'));
      return real(...args);
    }) as never);
    const host = createPullHost({ post: () => undefined, fetch: globalThis.fetch, openDb: () => db });
    await host.handle({ type: 'pull', id: 1, dbName: db.name, request: { ...REQUEST, pageSize: 1000 } });
    expect(writes).toEqual([false, true]);
    expect(await db.products.count()).toBe(WORKER_TRANSACTION_ROWS + 50);
  });

  it('reports failures classified as the engine needs them: unauthorised, invalid answers', async () => {
    const hq = fakeHqWith(10);
    const db = await openTestDb();
    const posted: PullWorkerResponse[] = [];
    const host = createPullHost({ post: (m) => posted.push(m), fetch: globalThis.fetch, openDb: () => db });

    await host.handle({ type: 'pull', id: 1, dbName: db.name, request: { ...REQUEST, apiKey: 'stolen' } });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 1, kind: 'unauthorised', httpStatus: 401 });

    hq.knobs.pullBodyOverride = { changes: [{ entity: 'product', op: 'upsert', key: 'X' }], cursor: 'x' };
    await host.handle({ type: 'pull', id: 2, dbName: db.name, request: REQUEST });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 2, kind: 'invalid-response' });
    expect(await db.products.count()).toBe(0);
  });

  it('a full disk in the worker is reported as quota (the storage-full banner), not as a crash', async () => {
    fakeHqWith(10);
    const db = await openTestDb();
    vi.spyOn(db, 'transaction').mockRejectedValue(new DOMException('no space', 'QuotaExceededError'));
    const posted: PullWorkerResponse[] = [];
    const host = createPullHost({ post: (m) => posted.push(m), fetch: globalThis.fetch, openDb: () => db });

    await host.handle({ type: 'pull', id: 3, dbName: db.name, request: REQUEST });

    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 3, kind: 'quota' });
  });
});

describe('pull worker runner (the UI side)', () => {
  it('runs the engine’s pull in the worker with its own page size; progress reaches the status', async () => {
    const db = await openTestDb();
    const workers: InProcessWorker[] = [];
    const pullRunner = createPullWorkerRunner({
      dbName: db.name,
      pageSize: 40,
      createWorker: () => {
        const worker = new InProcessWorker(db);
        workers.push(worker);
        return worker;
      },
    });
    const rig = rigEngine(server, db, { pullRunner, pullPageSize: 1000 }, fakeHqWith(0, 100));

    expect(await rig.engine.syncNow()).toMatchObject({ ok: true, pulled: 100 });

    expect(await db.orders.count()).toBe(100);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted[0]).toMatchObject({
      type: 'pull',
      dbName: db.name,
      request: { pageSize: 40, apiKey: TEST_API_KEY, storeId: TEST_STORE },
    });
    const progress = rig.events.filter((e) => e.type === 'pull-progress');
    expect(progress.map((e) => e.changes)).toEqual([40, 80, 100]);
    expect(rig.status.getState().pull).toMatchObject({ active: false, pages: 3, changes: 100 });
    expect(rig.status.getState().pull!.fetchMs).toBeGreaterThan(0);

    // The same worker serves the next pull.
    await rig.engine.syncNow();
    expect(workers).toHaveLength(1);
  });

  it('warm() starts the worker and opens its database before the first pull, which then reuses both', async () => {
    fakeHqWith(30);
    const db = await openTestDb();
    db.close();
    const workers: InProcessWorker[] = [];
    const runner = createPullWorkerRunner({
      dbName: db.name,
      createWorker: () => {
        const worker = new InProcessWorker(db);
        workers.push(worker);
        return worker;
      },
    });
    runner.warm();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted).toEqual([{ type: 'warm', dbName: db.name }]);
    // The worker opens its connection at once, before anyone asks it to pull.
    await vi.waitFor(() => expect(db.isOpen()).toBe(true));

    expect(await runner(REQUEST, () => undefined)).toBe(30);
    expect(workers).toHaveLength(1);
    expect(await db.products.count()).toBe(30);
  });

  it('a failure in the worker reaches the engine with its kind: 401 → not authorised', async () => {
    const db = await openTestDb();
    const pullRunner = createPullWorkerRunner({
      dbName: db.name,
      createWorker: () => new InProcessWorker(db),
    });
    const hq = fakeHqWith(5);
    const rig = rigEngine(server, db, { pullRunner }, hq);
    hq.apiKey = 'rotated';

    expect(await rig.engine.syncNow()).toMatchObject({ ok: false, unauthorised: true });
    expect(rig.status.getState().phase).toBe('unauthorised');
  });

  it('a worker that dies fails its pull as a sync error and is replaced for the next one', async () => {
    const db = await openTestDb();
    const workers: InProcessWorker[] = [];
    const runner = createPullWorkerRunner({
      dbName: db.name,
      createWorker: () => {
        const worker = new InProcessWorker(db, workers.length === 0 ? 'out of memory' : undefined);
        workers.push(worker);
        return worker;
      },
    });
    fakeHqWith(3);
    const progress: PullProgress[] = [];
    const error = await runner(REQUEST, (p) => progress.push(p)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncFailure);
    expect(error).toMatchObject({ kind: 'unknown', message: expect.stringContaining('out of memory') });
    expect(workers[0]!.terminated).toBe(true);

    expect(await runner(REQUEST, () => undefined)).toBe(3);
    expect(workers).toHaveLength(2);
    expect(await db.products.count()).toBe(3);
  });

  it('terminate() ends the worker and fails a pull in flight', async () => {
    const db = await openTestDb();
    // The first worker takes the request and never answers (a pull still running).
    const stuck = { terminated: false, posted: 0 };
    const silent: PullWorkerLike = {
      postMessage: () => void stuck.posted++,
      addEventListener: () => undefined,
      terminate: () => void (stuck.terminated = true),
    };
    let created = 0;
    const runner = createPullWorkerRunner({
      dbName: db.name,
      createWorker: () => (created++ === 0 ? silent : new InProcessWorker(db)),
    });
    fakeHqWith(3);
    const pending = runner(REQUEST, () => undefined);
    expect(stuck.posted).toBe(1);
    runner.terminate();
    await expect(pending).rejects.toMatchObject({ kind: 'unknown' });
    expect(stuck.terminated).toBe(true);
    expect(await runner(REQUEST, () => undefined)).toBe(3);
    expect(created).toBe(2);
  });
});
