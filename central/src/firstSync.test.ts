import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminOrdersResponseSchema,
  type Change,
  type ChangesPage,
  changesPageSchema,
  FIRST_SYNC_STAGES,
  type FirstSyncStage,
  type Order,
  orderLookupResponseSchema,
} from '../../shared/contract';
import { type Db, openPglite } from './db';
import { seedDemo } from './demo';
import { decodeSnapshotCursor } from './firstSync';
import { decodeCursor, loadEntities, lockStore, writeEntities } from './repo';
import { buildApp } from './server';

const NOW = new Date('2026-11-24T04:00:00.000Z');
const DAY = 86_400_000;
const AUTH = { authorization: 'Bearer demo-key-T1' };
const OPEN = new Set(['pending', 'arrived', 'shelved']);

let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openPglite();
  await seedDemo(db, { seed: 3, now: NOW, pinIterations: 1000, ordersS001: 120, ordersS002: 2 });
  // Closed orders older than the default 30-day window, and an open one as old.
  const [template] = [...(await loadEntities<Order>(db, 'S001', 'order')).values()];
  const old = (id: string, status: Order['status']): Order => ({
    ...template!,
    id,
    orderNo: `LL2026${id.slice(-4)}`,
    status,
    slotAssignments: [],
    updatedAt: new Date(NOW.getTime() - 40 * DAY).toISOString(),
  });
  await db.transaction(async (tx) => {
    await lockStore(tx, 'S001');
    await writeEntities(tx, 'S001', [
      { entity: 'order', key: 'OLD-C001', data: old('OLD-C001', 'collected') as never },
      { entity: 'order', key: 'OLD-X002', data: old('OLD-X002', 'cancelled') as never },
      { entity: 'order', key: 'OLD-P003', data: old('OLD-P003', 'pending') as never },
    ]);
  });
  app = buildApp({ db, enableAdmin: true, now: () => NOW });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function page(query: string): Promise<ChangesPage> {
  const res = await app.inject({ url: `/v1/stores/S001/changes?${query}`, headers: AUTH });
  expect(res.statusCode, res.body).toBe(200);
  return changesPageSchema.parse(res.json());
}

/** A first sync page by page; `between` runs after each page (HQ writing meanwhile). */
async function firstSync(limit: number, between?: (pageNo: number) => Promise<void>) {
  const pages: ChangesPage[] = [];
  let next = await page(`first=priority&count=remaining&limit=${limit}`);
  for (;;) {
    pages.push(next);
    if (!next.hasMore) return pages;
    await between?.(pages.length);
    next = await page(`cursor=${encodeURIComponent(next.cursor)}&limit=${limit}`);
  }
}

const stageOf = (c: Change): FirstSyncStage =>
  c.entity === 'product' || c.entity === 'stockLevel'
    ? 'catalog'
    : c.entity !== 'order'
      ? 'config'
      : OPEN.has(c.data!.status)
        ? 'open'
        : 'history';

async function createOrders(count: number): Promise<string[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/_admin/stores/S001/orders',
    payload: { orders: Array.from({ length: count }, () => ({ status: 'arrived' })) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return adminOrdersResponseSchema.parse(res.json()).orders.map((o) => o.id);
}

describe('a prioritised first sync', () => {
  it('serves config, open orders, catalog, then closed history newest first; then the feed goes on', async () => {
    const pages = await firstSync(40);
    const snapshot = pages.filter((p) => p.firstSync);
    // Every snapshot page holds one stage, and the stages come in the store's order.
    const stages = snapshot.map((p) => p.firstSync!.stage);
    expect(stages).toEqual(
      [...stages].sort((a, b) => FIRST_SYNC_STAGES.indexOf(a) - FIRST_SYNC_STAGES.indexOf(b)),
    );
    for (const p of snapshot) for (const c of p.changes) expect(stageOf(c), c.key).toBe(p.firstSync!.stage);
    expect(new Set(stages)).toEqual(new Set(FIRST_SYNC_STAGES));
    // Staff, layout and policy come before the first order; the first page holds config only.
    expect(pages[0]!.changes.map((c) => c.entity)).toEqual(
      expect.arrayContaining(['store', 'terminal', 'staff', 'shelfLayout', 'storePolicy']),
    );
    // Closed history newest first.
    const history = snapshot.filter((p) => p.firstSync!.stage === 'history').flatMap((p) => p.changes);
    const versions = history.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
    // Each entity exactly once, and every entity the feed holds (but the old closed orders).
    const all = pages.flatMap((p) => p.changes);
    const keys = all.map((c) => `${c.entity}:${c.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    const feed = await page('limit=5000');
    const expected = feed.changes
      .filter((c) => c.op === 'upsert')
      .map((c) => `${c.entity}:${c.key}`)
      .filter((k) => k !== 'order:OLD-C001' && k !== 'order:OLD-X002');
    expect(new Set(keys)).toEqual(new Set(expected));
    // The counts say what came; the total HQ announced is what arrived.
    const last = snapshot.at(-1)!.firstSync!;
    expect(last.served).toEqual(last.totals);
    expect(pages[0]!.changes.length + pages[0]!.remaining!).toBe(all.length);
    // The last page hands over a feed cursor at the snapshot's version: nothing more to come.
    expect(decodeSnapshotCursor(pages.at(-1)!.cursor)).toBeNull();
    expect(decodeCursor(pages.at(-1)!.cursor)).toBe(Math.max(...feed.changes.map((c) => c.version)));
    expect((await page(`cursor=${pages.at(-1)!.cursor}`)).changes).toEqual([]);
  });

  it('leaves out closed orders older than historyDays, not old open ones', async () => {
    const keys = (await firstSync(500)).flatMap((p) => p.changes.map((c) => c.key));
    expect(keys).toContain('OLD-P003');
    expect(keys).not.toContain('OLD-C001');
    expect(keys).not.toContain('OLD-X002');
  });

  it('HQ writing orders during the first sync: every one arrives exactly once', async () => {
    const created: string[] = [];
    let handedOver: string | null = null;
    const pages = await firstSync(25, async (n) => {
      created.push(...(await createOrders(3)));
      if (n === 3 && !handedOver) {
        // an open order the terminal already has changes at HQ during the sync
        const served = (await page('limit=5000')).changes.find(
          (c) => c.entity === 'order' && c.data?.status === 'arrived',
        );
        handedOver = served!.key;
        const res = await app.inject({
          method: 'POST',
          url: `/v1/_admin/stores/S001/orders/${handedOver}/cancel`,
          payload: { reason: '测试' },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
    });
    const arrivals = pages.flatMap((p) => p.changes).filter((c) => c.entity === 'order');
    for (const id of created)
      expect(
        arrivals.filter((c) => c.key === id),
        id,
      ).toHaveLength(1);
    // The cancelled order's final state is the last one the terminal got.
    const latest = new Map(arrivals.map((c) => [c.key, c]));
    expect(latest.get(handedOver!)?.data?.status).toBe('cancelled');
    // Nothing at HQ the terminal lacks, nothing it has in an older version.
    const feed = (await page('limit=5000')).changes;
    for (const c of feed.filter((x) => x.entity === 'order' && x.op === 'upsert')) {
      if (c.key === 'OLD-C001' || c.key === 'OLD-X002') continue;
      expect(latest.get(c.key)?.version, c.key).toBe(c.version);
    }
  });

  it('an old terminal reading the feed as before gets no stages', async () => {
    const first = await page('limit=100');
    expect(first.firstSync).toBeUndefined();
    expect(decodeCursor(first.cursor)).not.toBeNull();
    // A snapshot cursor is refused nowhere and a made-up one is still a bad cursor.
    const bad = await app.inject({ url: `/v1/stores/S001/changes?cursor=${randomUUID()}`, headers: AUTH });
    expect(bad.statusCode).toBe(400);
  });
});

describe('order lookup at HQ (read-only, the terminal’s store only)', () => {
  async function lookup(query: string, auth: Record<string, string> = AUTH, store = 'S001') {
    return app.inject({ url: `/v1/stores/${store}/orders/lookup?${query}`, headers: auth });
  }
  const ids = async (query: string) =>
    orderLookupResponseSchema.parse((await lookup(query)).json()).orders.map((o) => o.id);

  it('finds an order past the history window by id, number, code hash and phone', async () => {
    const old = (await loadEntities<Order>(db, 'S001', 'order', ['OLD-C001'])).get('OLD-C001')!;
    expect(await ids('orderId=OLD-C001')).toEqual(['OLD-C001']);
    expect(await ids(`orderNo=${old.orderNo}`)).toContain('OLD-C001');
    expect(await ids(`codeHash=${old.pickupCodeHash}`)).toContain('OLD-C001');
    expect(await ids(`phoneLast4=${old.customer.phoneLast4}`)).toContain('OLD-C001');
    expect(await ids('orderNo=LL000000000000')).toEqual([]);
  });

  it("never answers with another store's orders, and changes nothing", async () => {
    const s2 = [...(await loadEntities<Order>(db, 'S002', 'order')).values()][0]!;
    expect(await ids(`orderId=${s2.id}`)).toEqual([]);
    expect((await lookup(`orderId=${s2.id}`, { authorization: 'Bearer demo-key-T3' })).statusCode).toBe(403);
    const before = await db.query<{ v: number }>("SELECT version AS v FROM stores WHERE id = 'S001'");
    await ids('orderId=OLD-C001');
    const after = await db.query<{ v: number }>("SELECT version AS v FROM stores WHERE id = 'S001'");
    expect(after.rows[0]!.v).toBe(before.rows[0]!.v);
    expect((await lookup('orderId=OLD-C001', {})).statusCode).toBe(401);
  });

  it('takes exactly one key', async () => {
    expect((await lookup('orderId=OLD-C001&phoneLast4=1234')).statusCode).toBe(400);
    expect((await lookup('')).statusCode).toBe(400);
  });
});
