/**
 * The sync engine against the real reference central, in-process: fastify +
 * PGlite listening on 127.0.0.1:0, demo data, admin faults (the fixture in
 * chaos/referenceHq.ts loads central/ by path at run time only).
 */
import type { AdminOrder, Order } from '@shared/contract';
import { API_PATHS } from '@shared/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOver } from '../db/repositories/orders';
import { deleteTestDbs, openTestDb } from '../testing/db';
import type { LinliDb } from '../db/database';
import { startTestCentral, type TestCentral } from './chaos/referenceHq';
import { createSyncEngine, type SyncEngine } from './engine';
import { createSyncStatusStore, readinessOf, type SyncReadiness } from './status';

let hq: TestCentral;
let hqUrl: string;

beforeAll(async () => {
  hq = await startTestCentral({ ordersS001: 40 });
  hqUrl = hq.url;
}, 120_000);

afterAll(async () => {
  await deleteTestDbs();
  await hq?.close();
});

const admin = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  hq.admin<T>(method, path, body);
const hqOrder = async (id: string) =>
  (await admin<{ orders: AdminOrder[] }>('GET', API_PATHS.adminOrders('S001'))).orders.find(
    (o) => o.id === id,
  );

function engineFor(db: LinliDb, extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}): SyncEngine {
  return createSyncEngine({
    db,
    hqUrl,
    storeId: 'S001',
    terminalId: 'T1',
    apiKey: 'demo-key-T1',
    status: createSyncStatusStore(),
    locks: null,
    connectivity: null,
    storage: null,
    logger: { warn: () => undefined, error: () => undefined },
    ...extra,
  });
}

describe('sync engine ↔ reference central', () => {
  it('pulls the demo store: every record passes the contract and lands in its table', async () => {
    const db = await openTestDb();
    const outcome = await engineFor(db).syncNow();
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.pulled).toBeGreaterThan(300);
    expect(await db.orders.count()).toBeGreaterThanOrEqual(40);
    expect(await db.products.count()).toBeGreaterThan(300);
    expect(await db.slots.count()).toBeGreaterThan(0);
    expect(await db.staff.where('id').anyOf(['C01', 'M01']).count()).toBe(2);
    expect(await db.meta.get('entity:storePolicy:S001')).toBeDefined();
    // Shelved orders fill the slot occupancy derived from HQ's slot assignments.
    const shelved = await db.orders.where('status').equals('shelved').count();
    expect(shelved).toBeGreaterThan(0);
    expect(await db.slotOccupancy.count()).toBeGreaterThanOrEqual(shelved);
  });

  it('a handover is delivered exactly once through a dropped response and a duplicate push', async () => {
    const db = await openTestDb();
    const engine = engineFor(db);
    expect((await engine.syncNow()).ok).toBe(true);
    const order = (await db.orders.where('status').equals('shelved').first()) as Order;
    const mutation = await handOver(db, order.id, { verifiedBy: 'code' }, { staffId: 'C01' });

    // HQ applies it, the answer is lost on the way back.
    await hq.setFaults({ dropResponseRate: 1 });
    expect(await engine.syncNow()).toMatchObject({ ok: false, error: { kind: 'network' } });
    await hq.clearFaults();
    expect(await db.outbox.count()).toBe(1);
    expect((await db.orders.get(order.id))?.status).toBe('collected');

    // The retry is a duplicate: confirmed, not applied twice.
    const retry = await engine.syncNow();
    expect(retry.ok).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.exceptions.count()).toBe(0);

    // And pushing the same mutation once more by hand changes nothing either.
    const again = await fetch(new URL(API_PATHS.mutations('S001'), hqUrl), {
      method: 'POST',
      headers: { authorization: 'Bearer demo-key-T1', 'content-type': 'application/json' },
      body: JSON.stringify({
        terminalId: 'T1',
        mutations: [
          {
            id: mutation.id,
            seq: mutation.seq,
            type: mutation.type,
            payload: mutation.payload,
            staffId: mutation.staffId,
            createdAt: mutation.createdAt,
          },
        ],
      }),
    });
    expect(((await again.json()) as { results: { status: string }[] }).results[0]?.status).toBe('duplicate');

    const stored = await hq.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mutations WHERE id = $1',
      [mutation.id],
    );
    expect(stored.rows[0]?.n).toBe(1);
    const atHq = await hqOrder(order.id);
    expect(atHq?.status).toBe('collected');
    expect(atHq?.collection).toMatchObject({ staffId: 'C01', terminalId: 'T1' });
    // Locally the order now carries HQ's version.
    expect((await db.orders.get(order.id))?.version).toBe(atHq?.version);
  });

  it('a handover of an order HQ cancelled meanwhile lands in the exceptions inbox; the queue goes on', async () => {
    const db = await openTestDb();
    const engine = engineFor(db);
    expect((await engine.syncNow()).ok).toBe(true);
    const [first, second] = await db.orders.where('status').equals('shelved').limit(2).toArray();
    await admin('POST', API_PATHS.adminCancel('S001', first!.id), { reason: '顾客取消' });
    await handOver(db, first!.id, { verifiedBy: 'code' }, { staffId: 'C01' });
    await handOver(db, second!.id, { verifiedBy: 'code' }, { staffId: 'C01' });

    expect((await engine.syncNow()).ok).toBe(true);
    const inbox = await db.exceptions.toArray();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ status: 'rejected', mutation: { payload: { orderId: first!.id } } });
    expect((await db.orders.get(first!.id))?.status).toBe('cancelled');
    expect((await hqOrder(second!.id))?.status).toBe('collected');
    expect(await db.outbox.count()).toBe(0);
  });

  it('a first sync comes in priority order, says what is ready, and misses nothing HQ writes meanwhile', async () => {
    const db = await openTestDb();
    const status = createSyncStatusStore();
    const arrivals = new Map<string, number>();
    const created: string[] = [];
    let pages = 0;
    // HQ takes new orders while the terminal pulls: two after each page it serves.
    const fetchDuring: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/changes')) return response;
      const body = (await response.clone().json()) as { changes: { entity: string; key: string }[] };
      for (const c of body.changes)
        if (c.entity === 'order') arrivals.set(c.key, (arrivals.get(c.key) ?? 0) + 1);
      if (++pages <= 6) created.push(...(await hq.createArrivedOrders('S001', 2)).map((o) => o.id));
      return response;
    };
    const seen: SyncReadiness[] = [];
    status.subscribe((s) => {
      if (typeof s.firstSync === 'object' && s.firstSync !== null) seen.push(readinessOf(s.firstSync));
    });
    const engine = engineFor(db, { fetch: fetchDuring, pullPageSize: 40, status });
    expect((await engine.syncNow()).ok).toBe(true);
    // The feed went on after the snapshot: a second sync brings what the last page's writes added.
    expect((await engine.syncNow()).ok).toBe(true);

    expect(created).toHaveLength(12);
    for (const id of created) {
      expect(arrivals.get(id), id).toBe(1);
      expect(await db.orders.get(id)).toBeDefined();
    }
    // Everything HQ holds for the store is here, in HQ's version.
    const atHq = (await admin<{ orders: AdminOrder[] }>('GET', API_PATHS.adminOrders('S001'))).orders;
    for (const order of atHq) expect((await db.orders.get(order.id))?.version, order.id).toBe(order.version);
    // Pickup was ready before the catalog, the catalog before history; all of it in the end.
    const firstPickup = seen.findIndex((r) => r.pickupReady);
    const firstCatalog = seen.findIndex((r) => r.catalogPercent === 100);
    const firstComplete = seen.findIndex((r) => r.complete);
    expect(seen[0]).toMatchObject({ pickupReady: false, catalogPercent: 0, historyPercent: 0 });
    expect(firstPickup).toBeGreaterThan(0);
    expect(seen[firstPickup]!.catalogPercent).toBeLessThan(100);
    expect(firstCatalog).toBeGreaterThan(firstPickup);
    expect(seen[firstCatalog]!.historyPercent).toBeLessThan(100);
    expect(firstComplete).toBeGreaterThanOrEqual(firstCatalog);
    expect(readinessOf(status.getState().firstSync)).toMatchObject({ complete: true });
    // A restarted terminal knows it from its own database.
    const again = createSyncStatusStore();
    const restarted = engineFor(db, { status: again });
    restarted.start();
    await expect.poll(() => again.getState().firstSync).not.toBeNull();
    expect(readinessOf(again.getState().firstSync).complete).toBe(true);
    await restarted.stop();
  });
});
