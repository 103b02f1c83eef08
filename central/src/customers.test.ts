import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminReceiveStockResponseSchema,
  changesPageSchema,
  pushResponseSchema,
  type Change,
  type CustomerNote,
  type EntityData,
  type Mutation,
  type MutationResult,
  type Product,
  type StockLevel,
} from '../../shared/contract';
import { wishArrival } from '../../shared/customers';
import type { Db } from './db';
import { seedDemo } from './demo';
import { DEMO_ARRIVING_PRODUCT } from './demoCustomers';
import { buildApp } from './server';
import { testBackends } from './testing';

/** Customer notes and wishes at HQ (issue #17): push rules, the feed, deletion, receiving stock, the demo. */

const NOW = new Date('2026-11-24T04:00:00.000Z');
const KEYS = { T1: 'demo-key-T1', T2: 'demo-key-T2' } as const;
const CU = 'CU-TEST-1';

describe.each(testBackends())('customer notes at HQ on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let seq = 0;
  let clock = NOW;

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 7, now: NOW, pinIterations: 1000, ordersS001: 40, ordersS002: 5 });
    app = buildApp({ db, enableAdmin: true, now: () => clock });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const mutation = (type: Mutation['type'], payload: unknown, extra: Partial<Mutation> = {}) =>
    ({
      id: randomUUID(),
      seq: ++seq,
      type,
      payload,
      staffId: 'C01',
      createdAt: clock.toISOString(),
      ...extra,
    }) as Mutation;

  async function push(mutations: Mutation[], terminal: 'T1' | 'T2' = 'T1'): Promise<MutationResult[]> {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stores/S001/mutations',
      headers: { authorization: `Bearer ${KEYS[terminal]}` },
      payload: { terminalId: terminal, mutations },
    });
    expect(res.statusCode, res.body).toBe(200);
    return pushResponseSchema.parse(res.json()).results;
  }

  async function pullAll(terminal: 'T1' | 'T2' = 'T2', cursor = '') {
    const changes: Change[] = [];
    for (;;) {
      const res = await app.inject({
        url: `/v1/stores/S001/changes?cursor=${encodeURIComponent(cursor)}&limit=5000`,
        headers: { authorization: `Bearer ${KEYS[terminal]}` },
      });
      const page = changesPageSchema.parse(res.json());
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { changes, cursor };
    }
  }
  const upserts = <E extends Change['entity']>(changes: Change[], e: E): EntityData<E>[] =>
    changes.filter((c) => c.entity === e && c.op === 'upsert').map((c) => c.data as EntityData<E>);

  it('the demo has regulars with notes and wishes, and a sold-out product a wish waits for', async () => {
    const { changes } = await pullAll();
    const notes = upserts(changes, 'customerNote');
    expect(notes.length).toBe(6);
    expect(new Set(notes.map((n) => n.customerRef)).size).toBe(3);
    const products = upserts(changes, 'product');
    const arriving = products.find((p) => p.name.includes(DEMO_ARRIVING_PRODUCT))!;
    const stock = upserts(changes, 'stockLevel');
    expect(stock.find((s) => s.sku === arriving.sku)?.qty).toBe(0);
    expect(notes.some((n) => n.kind === 'wish' && n.sku === arriving.sku)).toBe(true);
  });

  it('a note and a wish apply, reach the other terminal, and carry who wrote them and when', async () => {
    const { cursor } = await pullAll();
    const noteId = randomUUID();
    const wishId = randomUUID();
    const results = await push([
      mutation('customer.noted', {
        noteId,
        customerRef: CU,
        customer: { maskedName: '李*', phoneLast4: '6688' },
        text: '对乳糖不耐受',
      }),
      mutation('customer.wished', {
        noteId: wishId,
        customerRef: CU,
        text: '想试试无糖酸奶',
        category: '乳品',
      }),
    ]);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
    ]);
    const notes = upserts((await pullAll('T2', cursor)).changes, 'customerNote');
    expect(notes).toEqual([
      expect.objectContaining({
        id: noteId,
        kind: 'note',
        createdBy: 'C01',
        terminalId: 'T1',
        createdAt: clock.toISOString(),
      }),
      expect.objectContaining({ id: wishId, kind: 'wish', category: '乳品', status: 'open' }),
    ]);
  });

  it('bad input: too long, a wish for an unknown product or category — rejected with a reason', async () => {
    const results = await push([
      mutation('customer.wished', {
        noteId: randomUUID(),
        customerRef: CU,
        text: '想要',
        sku: 'NO-SUCH-SKU',
      }),
      mutation('customer.wished', { noteId: randomUUID(), customerRef: CU, text: '想要', category: '火箭' }),
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'unknown_product'],
      ['rejected', 'unknown_product'],
    ]);
    // beyond the length limit: refused at the door, the whole batch with it (a 400)
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stores/S001/mutations',
      headers: { authorization: `Bearer ${KEYS.T1}` },
      payload: {
        terminalId: 'T1',
        mutations: [
          mutation('customer.noted', { noteId: randomUUID(), customerRef: CU, text: '字'.repeat(201) }),
        ],
      },
    });
    expect(res.statusCode).toBe(400);
  });

  it('a wish is resolved once; a second resolution is a conflict', async () => {
    const wishId = randomUUID();
    const [product] = upserts((await pullAll()).changes, 'product') as Product[];
    await push([
      mutation('customer.wished', { noteId: wishId, customerRef: CU, text: '想要', sku: product!.sku }),
    ]);
    const [done] = await push([mutation('customer.wishResolved', { noteId: wishId, resolution: 'done' })]);
    const [again] = await push([
      mutation('customer.wishResolved', { noteId: wishId, resolution: 'declined' }),
    ]);
    expect(done?.status).toBe('applied');
    expect(again).toMatchObject({ status: 'conflict', code: 'already_closed' });
  });

  it('deletion: a clerk alone is refused; with a manager the note leaves the feed and HQ keeps no text', async () => {
    const noteId = randomUUID();
    await push([mutation('customer.noted', { noteId, customerRef: CU, text: '秘密备注-对花生过敏' })]);
    const { cursor } = await pullAll();
    const [alone] = await push([mutation('customer.noteDeleted', { noteId, reason: 'customerRequest' })]);
    expect(alone).toMatchObject({ status: 'rejected', code: 'forbidden_role' });
    const [approved] = await push([
      mutation('customer.noteDeleted', { noteId, reason: 'customerRequest', approvedBy: 'M01' }),
    ]);
    expect(approved?.status).toBe('applied');
    const { changes } = await pullAll('T2', cursor);
    expect(changes.filter((c) => c.entity === 'customerNote')).toEqual([
      expect.objectContaining({ op: 'delete', key: noteId, data: null }),
    ]);
    // nowhere at HQ: not in the feed's table, not in the mutation log
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM entities WHERE coalesce(data::text, '') || coalesce(body_open, '') LIKE '%秘密备注%')
            + (SELECT count(*) FROM mutations WHERE payload::text LIKE '%秘密备注%') AS n`,
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const { rows: log } = await db.query<{ type: string; staff_id: string; payload: { reason?: string } }>(
      `SELECT type, staff_id, payload FROM mutations WHERE payload->>'noteId' = $1 AND status = 'applied' ORDER BY received_at`,
      [noteId],
    );
    expect(log.map((r) => r.type)).toEqual(['customer.noted', 'customer.noteDeleted']);
    expect(log[1]?.payload.reason).toBe('customerRequest');
  });

  it('receiving stock: sold out → in stock marks it restocked, the feed carries it, and the wish has arrived', async () => {
    const { changes, cursor } = await pullAll();
    const arriving = upserts(changes, 'product').find((p) => p.name.includes(DEMO_ARRIVING_PRODUCT))!;
    const wish = upserts(changes, 'customerNote').find((n) => n.sku === arriving.sku) as CustomerNote;
    clock = new Date(NOW.getTime() + 3600_000);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/_admin/stores/S001/stock/receive`,
      payload: { lines: [{ sku: arriving.sku, qty: 24 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [level] = adminReceiveStockResponseSchema.parse(res.json()).stock;
    expect(level).toMatchObject({
      qty: 24,
      restockedAt: clock.toISOString(),
      receivedAt: clock.toISOString(),
    });
    const stock = upserts((await pullAll('T2', cursor)).changes, 'stockLevel') as StockLevel[];
    expect(stock).toEqual([level]);
    const bySku = new Map([[arriving.sku, arriving]]);
    expect(
      wishArrival(wish, { bySku: (s) => bySku.get(s), byCategory: () => [] }, () => stock[0]),
    ).toMatchObject({ source: 'restocked', at: clock.toISOString() });
    // an unknown product refuses the whole delivery
    const bad = await app.inject({
      method: 'POST',
      url: `/v1/_admin/stores/S001/stock/receive`,
      payload: { lines: [{ sku: 'NO-SUCH', qty: 1 }] },
    });
    expect(bad.statusCode).toBe(404);
  });
});
