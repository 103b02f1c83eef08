import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminOrdersResponseSchema,
  changesPageSchema,
  errorBodySchema,
  pickupKeysResponseSchema,
  pushResponseSchema,
  type AdminOrder,
  type Change,
  type Mutation,
  type MutationResult,
} from '../../shared/contract';
import { verifyPin } from '../../shared/staff/pin';
import { PickupTokenVerifier } from '../../shared/token';
import { BATCH_CODE_RE, SLOT_ID_RE, SLOT_LABEL_RE } from '../../shared/codes/formats';
import { ean13CheckDigit } from './catalog';
import type { Db } from './db';
import { seedDemo } from './demo';
import { docSql } from './repo';
import { buildApp } from './server';
import { testBackends } from './testing';

const NOW = new Date('2026-11-24T04:00:00.000Z'); // 12:00 in Asia/Shanghai
const KEYS = { T1: 'demo-key-T1', T2: 'demo-key-T2', T3: 'demo-key-T3' } as const;

const backends = testBackends();
if (!backends.some((b) => b.name === 'PostgreSQL') && process.env.CI === 'true') {
  describe('PostgreSQL', () => {
    it('runs in CI: LINLI_TEST_PG_URL must be set', () => {
      throw new Error('CI=true but LINLI_TEST_PG_URL is not set: the PostgreSQL suite must run in CI');
    });
  });
}

describe.each(backends)('central on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let seq = 0;

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 7, now: NOW, pinIterations: 1000 });
    app = buildApp({ db, enableAdmin: true, now: () => NOW });
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
      createdAt: NOW.toISOString(),
      ...extra,
    }) as Mutation;

  async function push(
    terminal: 'T1' | 'T2' | 'T3',
    mutations: Mutation[],
    store?: string,
  ): Promise<MutationResult[]> {
    const storeId = store ?? (terminal === 'T3' ? 'S002' : 'S001');
    const res = await app.inject({
      method: 'POST',
      url: `/v1/stores/${storeId}/mutations`,
      headers: { authorization: `Bearer ${KEYS[terminal]}` },
      payload: { terminalId: terminal, mutations },
    });
    expect(res.statusCode, res.body).toBe(200);
    return pushResponseSchema.parse(res.json()).results;
  }

  async function createOrders(
    store: string,
    count: number,
    body: Record<string, unknown> = {},
  ): Promise<AdminOrder[]> {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/_admin/stores/${store}/orders`,
      payload: { orders: Array.from({ length: count }, () => ({ status: 'arrived', ...body })) },
    });
    expect(res.statusCode, res.body).toBe(200);
    return adminOrdersResponseSchema.parse(res.json()).orders;
  }

  async function listOrders(store: string, status?: string): Promise<AdminOrder[]> {
    const res = await app.inject({
      url: `/v1/_admin/stores/${store}/orders${status ? `?status=${status}` : ''}`,
    });
    expect(res.statusCode).toBe(200);
    return adminOrdersResponseSchema.parse(res.json()).orders;
  }

  async function pullAll(terminal: 'T1' | 'T2' | 'T3', cursor = '', limit = 5000) {
    const store = terminal === 'T3' ? 'S002' : 'S001';
    const changes: Change[] = [];
    let pages = 0;
    for (;;) {
      const res = await app.inject({
        url: `/v1/stores/${store}/changes?cursor=${encodeURIComponent(cursor)}&limit=${limit}`,
        headers: { authorization: `Bearer ${KEYS[terminal]}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = changesPageSchema.parse(res.json());
      changes.push(...page.changes);
      cursor = page.cursor;
      pages += 1;
      if (!page.hasMore) return { changes, cursor, pages };
    }
  }

  const handOver = (orderId: string, extra: Partial<Mutation> = {}) =>
    mutation('order.handOver', { orderId, verifiedBy: 'token' }, extra);

  // ---------------------------------------------------------------- demo data

  it('seeds the demo stores, catalogue, layout, leaders and a day of orders in every state', async () => {
    const { changes } = await pullAll('T1');
    const of = <E extends Change['entity']>(e: E) =>
      changes.filter(
        (c): c is Extract<Change, { entity: E; op: 'upsert' }> => c.entity === e && c.op === 'upsert',
      );
    expect(of('store')[0]?.data).toMatchObject({
      id: 'S001',
      name: '邻里生鲜·幸福里店',
      timeZone: 'Asia/Shanghai',
    });
    const products = of('product').map((c) => c.data);
    expect(products.length).toBeGreaterThanOrEqual(300);
    expect(products.some((p) => p.weighed && p.plu)).toBe(true);
    for (const p of products) {
      for (const code of p.barcodes) expect(Number(code[12])).toBe(ean13CheckDigit(code.slice(0, 12)));
      expect(p.pinyin).toMatch(/^[a-z]+$/);
    }
    expect(products.find((p) => p.name.includes('纯牛奶'))?.pinyin).toContain('cnn');
    const layout = of('shelfLayout')[0]!.data;
    const slots = layout.zones.flatMap((z) => z.units.flatMap((u) => u.slots));
    expect(new Set(layout.zones.map((z) => z.zone))).toEqual(new Set(['ambient', 'chilled', 'frozen']));
    expect(slots.length).toBeGreaterThanOrEqual(60);
    for (const s of slots) {
      expect(s.id).toMatch(SLOT_ID_RE);
      expect(s.label).toMatch(SLOT_LABEL_RE);
    }
    expect(of('groupLeader')).toHaveLength(3);
    expect(of('groupBatch').every((b) => BATCH_CODE_RE.test(b.data.code) && b.data.orderIds.length > 0)).toBe(
      true,
    );
    const staff = of('staff').map((c) => c.data);
    const wang = staff.find((s) => s.id === 'C01')!;
    const li = staff.find((s) => s.id === 'M01')!;
    expect(wang).toMatchObject({ name: '王芳', role: 'clerk', badge: 'LS-C01' });
    expect(li).toMatchObject({ name: '李强', role: 'manager', badge: 'LS-M01' });
    expect(JSON.stringify(staff)).not.toContain('"1234"');
    expect(await verifyPin('1234', wang.pin)).toBe(true);
    expect(await verifyPin('9999', li.pin)).toBe(true);
    expect(await verifyPin('1234', li.pin)).toBe(false);

    const orders = (await listOrders('S001')).filter((o) => o.orderNo.startsWith('LL20261124'));
    expect(orders.length).toBeGreaterThanOrEqual(200);
    const statuses = new Set(orders.map((o) => o.status));
    for (const s of ['pending', 'arrived', 'shelved', 'collected', 'cancelled'])
      expect(statuses).toContain(s);
    const shelved = orders.filter((o) => o.status === 'shelved');
    const end = (o: AdminOrder) => new Date(o.pickupWindow.end).getTime();
    expect(shelved.some((o) => end(o) > NOW.getTime() && end(o) - NOW.getTime() <= 30 * 60_000)).toBe(true); // due soon
    expect(shelved.some((o) => end(o) + 2 * 3600_000 < NOW.getTime())).toBe(true); // overdue
    expect(shelved.every((o) => o.slotAssignments.length === o.bags.length)).toBe(true);
    expect((await listOrders('S002')).length).toBeGreaterThan(0);
    // the feed never carries the plain pickup code or the token
    const feedOrder = of('order').find((c) => c.key === orders[0]!.id)!.data;
    expect(feedOrder).not.toHaveProperty('pickupCode');
    expect(feedOrder).not.toHaveProperty('pickupToken');
  });

  it("demo orders' tokens verify offline with the published keys; code hashes match", async () => {
    const res = await app.inject({ url: '/v1/pickup-keys' });
    const { keys } = pickupKeysResponseSchema.parse(res.json());
    expect(keys.length).toBeGreaterThan(0);
    const verifier = new PickupTokenVerifier(keys);
    const orders = await listOrders('S001');
    for (const o of orders) {
      const v = await verifier.verify(o.pickupToken, { storeId: 'S001', now: NOW.getTime() });
      expect(v.status, o.id).toBe('valid');
      expect(v.payload?.orderId).toBe(o.id);
      expect(o.pickupCodeHash).toBe(createHash('sha256').update(`S001:${o.pickupCode}`).digest('hex'));
    }
    const other = (await listOrders('S002'))[0]!;
    expect((await verifier.verify(other.pickupToken, { storeId: 'S001', now: NOW.getTime() })).status).toBe(
      'other_store',
    );
  });

  // ---------------------------------------------------------------- HTTP surface

  it('answers health, pickup keys and an OpenAPI 3.1 document', async () => {
    expect((await app.inject({ url: '/v1/health' })).json()).toMatchObject({ status: 'ok' });
    const doc = (await app.inject({ url: '/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/health',
        '/v1/pickup-keys',
        '/v1/stores/{store}/changes',
        '/v1/stores/{store}/mutations',
      ]),
    );
    const body =
      doc.paths['/v1/stores/{store}/mutations'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('order.handOver');
  });

  it('401 without or with a bad key, 403 for another store or terminal, 400 with field errors', async () => {
    const url = '/v1/stores/S001/mutations';
    const body = { terminalId: 'T1', mutations: [handOver('x')] };
    const missing = await app.inject({ method: 'POST', url, payload: body });
    expect(missing.statusCode).toBe(401);
    expect(errorBodySchema.parse(missing.json()).error.code).toBe('unauthorized');
    const bad = await app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
    const pullBad = await app.inject({
      url: '/v1/stores/S001/changes',
      headers: { authorization: 'Bearer nope' },
    });
    expect(pullBad.statusCode).toBe(401);

    const otherStore = await app.inject({
      method: 'POST',
      url: '/v1/stores/S002/mutations',
      payload: body,
      headers: { authorization: `Bearer ${KEYS.T1}` },
    });
    expect(otherStore.statusCode).toBe(403);
    const otherPull = await app.inject({
      url: '/v1/stores/S002/changes',
      headers: { authorization: `Bearer ${KEYS.T1}` },
    });
    expect(otherPull.statusCode).toBe(403);
    const otherTerminal = await app.inject({
      method: 'POST',
      url,
      payload: { ...body, terminalId: 'T2' },
      headers: { authorization: `Bearer ${KEYS.T1}` },
    });
    expect(otherTerminal.statusCode).toBe(403);

    const auth = { authorization: `Bearer ${KEYS.T1}` };
    const malformed = await app.inject({
      method: 'POST',
      url,
      headers: auth,
      payload: {
        terminalId: 'T1',
        mutations: [{ ...handOver('x'), payload: { orderId: 'x', verifiedBy: 'magic' } }],
      },
    });
    expect(malformed.statusCode).toBe(400);
    const err = errorBodySchema.parse(malformed.json()).error;
    expect(err.code).toBe('bad_request');
    expect(err.issues?.map((i) => i.path)).toContain('mutations.0.payload.verifiedBy');
    const notJson = await app.inject({
      method: 'POST',
      url,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"terminalId":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(errorBodySchema.safeParse(notJson.json()).success).toBe(true);
    const empty = await app.inject({
      method: 'POST',
      url,
      headers: auth,
      payload: { terminalId: 'T1', mutations: [] },
    });
    expect(empty.statusCode).toBe(400);
    const badCursor = await app.inject({ url: '/v1/stores/S001/changes?cursor=zzz', headers: auth });
    expect(badCursor.statusCode).toBe(400);
    const bigLimit = await app.inject({ url: '/v1/stores/S001/changes?limit=5001', headers: auth });
    expect(bigLimit.statusCode).toBe(400);
    const badCount = await app.inject({ url: '/v1/stores/S001/changes?count=all', headers: auth });
    expect(badCount.statusCode).toBe(400);
  });

  it('counts the changes after a page when asked (a first pull’s progress), and only then', async () => {
    const auth = { authorization: `Bearer ${KEYS.T1}` };
    const { changes } = await pullAll('T1');
    const page = async (query: string) => {
      const res = await app.inject({ url: `/v1/stores/S001/changes?${query}`, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      return changesPageSchema.parse(res.json());
    };
    const first = await page('limit=10&count=remaining');
    expect(first.changes).toHaveLength(10);
    expect(first.remaining).toBe(changes.length - 10);
    expect((await page('limit=10')).remaining).toBeUndefined();
    const next = await page(`limit=10&count=remaining&cursor=${encodeURIComponent(first.cursor)}`);
    expect(next.remaining).toBe(changes.length - 20);
    const end = await page(`limit=5000&count=remaining&cursor=${encodeURIComponent(next.cursor)}`);
    expect(end).toMatchObject({ hasMore: false, remaining: 0 });
  });

  // ---------------------------------------------------------------- push

  it('applies a handover once: a replay answers duplicate', async () => {
    const [order] = await createOrders('S001', 1);
    const m = handOver(order!.id);
    expect((await push('T1', [m]))[0]).toMatchObject({ id: m.id, status: 'applied' });
    expect((await push('T1', [m]))[0]).toMatchObject({
      id: m.id,
      status: 'duplicate',
      originalStatus: 'applied',
    });
    const [after] = (await listOrders('S001')).filter((o) => o.id === order!.id);
    expect(after).toMatchObject({
      status: 'collected',
      collection: { terminalId: 'T1', staffId: 'C01', verifiedBy: 'token' },
    });
  });

  it('is idempotent under concurrent duplicate pushes', async () => {
    const orders = await createOrders('S001', 20);
    const batch = orders.map((o) => handOver(o.id));
    const before = await pullAll('T1');
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => push(i % 2 ? 'T1' : 'T1', batch)),
    );
    for (const m of batch) {
      const statuses = responses.map((r) => r.find((x) => x.id === m.id)?.status);
      expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(4);
    }
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mutations WHERE id = ANY($1::uuid[])',
      [batch.map((m) => m.id)],
    );
    expect(Number(rows[0]!.n)).toBe(20);
    // each order changed exactly once in the feed
    const after = await pullAll('T1', before.cursor);
    expect(after.changes.filter((c) => c.entity === 'order')).toHaveLength(20);
    // the same id twice in one batch: the second is a duplicate
    const [o] = await createOrders('S001', 1);
    const twice = handOver(o!.id);
    expect((await push('T1', [twice, twice])).map((r) => r.status)).toEqual(['applied', 'duplicate']);
  });

  it('answers conflict for a second handover of one order from another terminal', async () => {
    const [a, b] = await createOrders('S001', 2);
    expect((await push('T1', [handOver(a!.id)]))[0]!.status).toBe('applied');
    const second = (await push('T2', [handOver(a!.id)]))[0]!;
    expect(second).toMatchObject({ status: 'conflict', code: 'already_collected' });
    expect(second.reason).toContain('T1');
    // concurrent: two terminals race for the same order, exactly one wins
    const [r1, r2] = await Promise.all([push('T1', [handOver(b!.id)]), push('T2', [handOver(b!.id)])]);
    expect([r1![0]!.status, r2![0]!.status].sort()).toEqual(['applied', 'conflict']);
  });

  it('shows one terminal’s effects in every terminal’s feed', async () => {
    const { cursor } = await pullAll('T2');
    const [order] = await createOrders('S001', 1);
    const placements = [];
    for (const b of order!.bags) placements.push({ bagLabel: b.label, slotId: await freeSlot(b.zone) });
    const slotRes = await push('T1', [mutation('order.putAway', { orderId: order!.id, placements })]);
    expect(slotRes[0]!.status, JSON.stringify(slotRes)).toBe('applied');
    const seen = await pullAll('T2', cursor);
    const change = seen.changes.filter((c) => c.entity === 'order' && c.key === order!.id).at(-1);
    expect(change?.op).toBe('upsert');
    expect(change?.data).toMatchObject({ status: 'shelved' });
    expect((change?.data as { slotAssignments: unknown[] }).slotAssignments).toHaveLength(order!.bags.length);
    // a sale on T2 moves stock that T1 sees
    const t1 = await pullAll('T1');
    const sale = saleMutation('S00001', 2, 650);
    expect((await push('T2', [sale]))[0]!.status).toBe('applied');
    const stock = (await pullAll('T1', t1.cursor)).changes.filter((c) => c.entity === 'stockLevel');
    expect(stock.map((c) => c.key)).toContain('S00001');
  });

  /** A slot of the zone with room, from the layout and the shelved orders. */
  async function freeSlot(zone: string): Promise<string> {
    const { changes } = await pullAll('T1');
    const layout = changes.find((c) => c.entity === 'shelfLayout')!.data as {
      zones: { zone: string; units: { slots: { id: string; capacityBags: number }[] }[] }[];
    };
    const used = new Map<string, number>();
    for (const o of await listOrders('S001', 'shelved'))
      for (const a of o.slotAssignments) used.set(a.slotId, (used.get(a.slotId) ?? 0) + 1);
    const slots = layout.zones.find((z) => z.zone === zone)!.units.flatMap((u) => u.slots);
    return slots.find((s) => (used.get(s.id) ?? 0) < s.capacityBags)!.id;
  }

  function saleMutation(
    sku: string,
    qty: number,
    price: number,
    extra: Record<string, unknown> = {},
    staffId = 'C01',
  ) {
    const amount = qty * price;
    return mutation(
      'sale.completed',
      {
        saleId: randomUUID(),
        receiptNo: `T1-${seq}`,
        lines: [{ sku, name: '商品', qty, unitPriceFen: price, amountFen: amount }],
        totalFen: amount,
        tenders: [{ method: 'cash', amountFen: amount, tenderedFen: amount + 100, changeFen: 100 }],
        ...extra,
      },
      { staffId },
    );
  }

  it('rejects with a code for every business rule, without blocking the rest of the batch', async () => {
    const [arrived, forCancel, returned, zoneOrder] = await createOrders('S001', 4);
    const [pending] = await createOrders('S001', 1, { status: 'pending' });
    const [s2] = await createOrders('S002', 1);
    const cancel = await app.inject({
      method: 'POST',
      url: `/v1/_admin/stores/S001/orders/${forCancel!.id}/cancel`,
      payload: { reason: '缺货' },
    });
    expect(cancel.statusCode).toBe(200);
    const good = handOver(arrived!.id);
    const ambientBag = { bagLabel: `${zoneOrder!.orderNo}-B1`, slotId: 'F1-01' };
    const chilledOrders = await createOrders('S001', 1, { items: [{ sku: 'S00055', qty: 1 }] });
    const results = await push('T1', [
      handOver('ord-does-not-exist'),
      handOver(s2!.id),
      handOver(forCancel!.id),
      handOver(pending!.id),
      mutation('order.returnToStock', { orderId: returned!.id, reason: '超时未取' }),
      handOver(arrived!.id, { staffId: 'C99' }),
      mutation('order.putAway', {
        orderId: zoneOrder!.id,
        placements: [{ bagLabel: `${zoneOrder!.orderNo}-B1`, slotId: 'A9-99' }],
      }),
      mutation('order.putAway', {
        orderId: chilledOrders[0]!.id,
        placements: [{ bagLabel: `${chilledOrders[0]!.orderNo}-B1`, slotId: 'A3-12' }],
      }),
      mutation('order.putAway', {
        orderId: zoneOrder!.id,
        placements: [{ ...ambientBag, bagLabel: 'LL000000000000-B9' }],
      }),
      saleMutation('NO-SUCH-SKU', 1, 100),
      saleMutation('S00001', 2, 650, { totalFen: 1 }),
      mutation('sale.refunded', {
        refundId: randomUUID(),
        saleId: randomUUID(),
        lines: [{ sku: 'S00001', qty: 1, amountFen: 650 }],
        totalFen: 650,
        tenders: [{ method: 'cash', amountFen: 650 }],
        reason: '质量问题',
      }),
      mutation('cash.moved', {
        movementId: randomUUID(),
        shiftId: 'no-shift',
        kind: 'payOut',
        amountFen: 100,
        reason: '买零钱',
      }),
      good,
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'unknown_order'],
      ['rejected', 'wrong_store'],
      ['rejected', 'order_cancelled'],
      ['rejected', 'order_not_arrived'],
      ['rejected', 'forbidden_role'],
      ['rejected', 'unknown_staff'],
      ['rejected', 'unknown_slot'],
      ['rejected', 'zone_mismatch'],
      ['rejected', 'unknown_bag'],
      ['rejected', 'unknown_product'],
      ['rejected', 'invalid_amounts'],
      ['rejected', 'unknown_sale'],
      ['rejected', 'invalid_state'],
      ['applied', undefined],
    ]);
    for (const r of results.slice(0, -1)) expect(r.reason).toBeTruthy();
    // the rejected ones changed nothing; a replay reports the original outcome
    expect((await listOrders('S001')).find((o) => o.id === returned!.id)?.status).toBe('arrived');
    expect((await push('T1', [handOver(s2!.id, { id: results[1]!.id })]))[0]).toMatchObject({
      status: 'duplicate',
      originalStatus: 'rejected',
      code: 'wrong_store',
    });
    // a manager's approval makes the clerk's return to stock pass
    const approved = await push('T1', [
      mutation('order.returnToStock', { orderId: returned!.id, reason: '超时未取', approvedBy: 'M01' }),
    ]);
    expect(approved[0]!.status).toBe('applied');
    const byManager = await push('T1', [
      mutation('order.returnToStock', { orderId: returned!.id, reason: '再次' }, { staffId: 'M01' }),
    ]);
    expect(byManager[0]).toMatchObject({ status: 'conflict', code: 'already_returned' });
    // a clerk cannot discount without a manager
    const discounted = saleMutation('S00001', 1, 650, { discountFen: 50, totalFen: 600 });
    (discounted.payload as { tenders: unknown }).tenders = [{ method: 'card', amountFen: 600 }];
    expect((await push('T1', [discounted]))[0]).toMatchObject({ status: 'rejected', code: 'forbidden_role' });
  });

  it('fills a slot to capacity, then answers slot_full', async () => {
    const orders = await createOrders('S001', 5, { items: [{ sku: 'P10001', qty: 1 }] }); // ambient, one bag each
    const results = await push(
      'T1',
      orders.map((o) =>
        mutation('order.putAway', {
          orderId: o.id,
          placements: [{ bagLabel: `${o.orderNo}-B1`, slotId: 'A3-12' }],
        }),
      ),
    );
    const applied = results.filter((r) => r.status === 'applied').length;
    expect(applied).toBeLessThanOrEqual(4);
    expect(results.at(-1)).toMatchObject({ status: 'rejected', code: 'slot_full' });
  });

  it('refuses a line refunded beyond what was sold, across refunds from two terminals (shared rule)', async () => {
    const sale = saleMutation('S00002', 3, 1000);
    const saleId = (sale.payload as { saleId: string }).saleId;
    const refund = (qty: number, line?: number, amount = qty * 1000) =>
      mutation('sale.refunded', {
        refundId: randomUUID(),
        saleId,
        lines: [{ sku: 'S00002', qty, amountFen: amount, ...(line !== undefined ? { line } : {}) }],
        totalFen: amount,
        tenders: [{ method: 'cash', amountFen: amount }],
        reason: '退货',
      });
    expect((await push('T1', [sale, refund(2, 0)])).map((r) => r.status)).toEqual(['applied', 'applied']);
    // T2 has not seen T1's refund: two more of the same line is one too many (the total alone would allow it).
    const fromT2 = await push('T2', [refund(2, 0, 900)]);
    expect(fromT2[0]).toMatchObject({ status: 'rejected', code: 'invalid_amounts' });
    expect(fromT2[0]!.reason).toMatch(/超过已售数量/);
    // An older client naming only the SKU is held to the same limit; the last unit still refunds.
    expect((await push('T2', [refund(2, undefined, 900)]))[0]).toMatchObject({ status: 'rejected' });
    expect((await push('T2', [refund(1, 0)]))[0]).toMatchObject({ status: 'applied' });
    expect((await push('T1', [refund(1, 0)]))[0]).toMatchObject({
      status: 'rejected',
      code: 'invalid_amounts',
    });
  });

  it('records sales, refunds, shifts and the day close with their checks', async () => {
    const sale = saleMutation('S00002', 1, 1000);
    const saleId = (sale.payload as { saleId: string }).saleId;
    const refund = (amount: number, staffId = 'C01') =>
      mutation(
        'sale.refunded',
        {
          refundId: randomUUID(),
          saleId,
          lines: [{ sku: 'S00002', qty: 1, amountFen: amount }],
          totalFen: amount,
          tenders: [{ method: 'cash', amountFen: amount }],
          reason: '退货',
        },
        { staffId },
      );
    const shiftId = `shift-${randomUUID()}`;
    const results = await push('T1', [
      sale,
      refund(600),
      refund(600),
      mutation('shift.opened', { shiftId, floatFen: 20000 }),
      mutation('cash.moved', {
        movementId: randomUUID(),
        shiftId,
        kind: 'payIn',
        amountFen: 5000,
        reason: '备用金',
      }),
      mutation('shift.closed', { shiftId, countedFen: 10000, expectedFen: 25600, differenceFen: -15600 }),
      mutation('shift.closed', { shiftId, countedFen: 25500, expectedFen: 25600, differenceFen: -100 }),
      mutation('cash.moved', {
        movementId: randomUUID(),
        shiftId,
        kind: 'payIn',
        amountFen: 1,
        reason: '晚了',
      }),
      mutation('day.closed', { businessDate: '2026-11-24', provisional: false, unsyncedCount: 0 }),
      mutation(
        'day.closed',
        { businessDate: '2026-11-24', provisional: false, unsyncedCount: 0 },
        { staffId: 'M01' },
      ),
      mutation(
        'day.closed',
        { businessDate: '2026-11-24', provisional: false, unsyncedCount: 0 },
        { staffId: 'M01' },
      ),
      mutation('stock.counted', {
        countId: randomUUID(),
        scope: 'full',
        lines: [{ sku: 'S00002', countedQty: 3, expectedQty: 4 }],
      }),
      mutation('stock.adjusted', {
        adjustmentId: randomUUID(),
        lines: [{ sku: 'S00002', deltaQty: -1, reason: '盘亏' }],
        approvedBy: 'M01',
      }),
      mutation('audit.recorded', { entryId: randomUUID(), action: 'login', at: NOW.toISOString() }),
    ]);
    expect(results.map((r) => `${r.status}${r.code ? `:${r.code}` : ''}`)).toEqual([
      'applied',
      'applied',
      'rejected:invalid_amounts', // 600 + 600 > 1000
      'applied',
      'applied',
      'rejected:forbidden_role', // a difference over the threshold needs a manager
      'applied',
      'conflict:already_closed',
      'rejected:forbidden_role',
      'applied',
      'conflict:already_closed',
      'applied',
      'applied',
      'applied',
    ]);
  });

  // ---------------------------------------------------------------- pull

  it('pages through the feed with opaque cursors, in version order, without gaps or repeats', async () => {
    const whole = await pullAll('T1', '', 5000);
    const paged = await pullAll('T1', '', 97);
    expect(paged.pages).toBeGreaterThan(5);
    expect(paged.changes.map((c) => c.version)).toEqual(whole.changes.map((c) => c.version));
    const versions = paged.changes.map((c) => c.version);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    expect(new Set(paged.changes.map((c) => `${c.entity}:${c.key}`)).size).toBe(paged.changes.length);
    expect(paged.cursor).not.toMatch(/^\d+$/);
    // nothing new after the last cursor; a new change shows up after it
    expect((await pullAll('T1', paged.cursor)).changes).toHaveLength(0);
    const [order] = await createOrders('S001', 1);
    const next = await pullAll('T1', paged.cursor);
    expect(next.changes.map((c) => c.key)).toContain(order!.id);
    // default limit is 500
    const res = await app.inject({
      url: '/v1/stores/S001/changes',
      headers: { authorization: `Bearer ${KEYS.T1}` },
    });
    expect(changesPageSchema.parse(res.json()).changes).toHaveLength(500);
    // S002 never sees S001's data
    const s2 = await pullAll('T3');
    expect(
      s2.changes.every(
        (c) =>
          c.entity === 'pickupKey' ||
          c.entity === 'product' ||
          JSON.stringify(c.data).includes('S002') ||
          c.entity === 'staff',
      ),
    ).toBe(true);
    expect(
      s2.changes.some((c) => c.entity === 'order' && (c.data as { storeId: string }).storeId === 'S001'),
    ).toBe(false);
  });

  // ---------------------------------------------------------------- admin and faults

  it('admin: creates, arrives and cancels orders; answers only loopback clients', async () => {
    const [p] = await createOrders('S001', 1, {
      status: 'pending',
      channel: 'group_buy',
      fulfilment: 'leader_delivery',
    });
    expect(p).toMatchObject({ status: 'pending', channel: 'group_buy' });
    expect(p!.pickupCode).toMatch(/^\d{6}$/);
    const arrive = await app.inject({
      method: 'POST',
      url: '/v1/_admin/stores/S001/arrive',
      payload: { orderIds: [p!.id] },
    });
    expect(adminOrdersResponseSchema.parse(arrive.json()).orders[0]!.status).toBe('arrived');
    const collected = (await listOrders('S001', 'collected'))[0]!;
    const refused = await app.inject({
      method: 'POST',
      url: `/v1/_admin/stores/S001/orders/${collected.id}/cancel`,
    });
    expect(refused.statusCode).toBe(409);
    const remote = await app.inject({ url: '/v1/_admin/stores/S001/orders', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    const unknownSku = await app.inject({
      method: 'POST',
      url: '/v1/_admin/stores/S001/orders',
      payload: { orders: [{ items: [{ sku: 'nope', qty: 1 }] }] },
    });
    expect(unknownSku.statusCode).toBe(400);
  });

  it('admin endpoints do not exist without enableAdmin', async () => {
    const plain = buildApp({ db });
    expect((await plain.inject({ url: '/v1/_admin/stores/S001/orders' })).statusCode).toBe(404);
    expect(
      (await plain.inject({ method: 'POST', url: '/v1/_admin/faults', payload: { down: true } })).statusCode,
    ).toBe(404);
    await plain.close();
  });

  it('allows CORS from the app and the dev server only', async () => {
    const pre = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/v1/stores/S001/changes',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    expect((await pre('app://linli')).headers['access-control-allow-origin']).toBe('app://linli');
    expect((await pre('http://127.0.0.1:5173')).headers['access-control-allow-origin']).toBe(
      'http://127.0.0.1:5173',
    );
    expect((await pre('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('injects faults: down, errors, latency and dropped responses; DELETE clears them', async () => {
    const faults = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/v1/_admin/faults', payload });
    const clear = () => app.inject({ method: 'DELETE', url: '/v1/_admin/faults' });
    const auth = { authorization: `Bearer ${KEYS.T1}` };
    try {
      expect((await faults({ down: true })).statusCode).toBe(200);
      expect((await app.inject({ url: '/v1/health' })).statusCode).toBe(503);
      expect((await app.inject({ url: '/v1/_admin/faults' })).statusCode).toBe(200);
      await clear();
      expect((await app.inject({ url: '/v1/health' })).statusCode).toBe(200);

      const [o1, o2] = await createOrders('S001', 2);
      await faults({ errorRate: 1 });
      const failing = handOver(o1!.id);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/stores/S001/mutations',
        headers: auth,
        payload: { terminalId: 'T1', mutations: [failing] },
      });
      expect(res.statusCode).toBe(500);
      await clear();
      expect((await push('T1', [failing]))[0]!.status).toBe('applied'); // the 500 applied nothing

      await faults({ latencyMs: 150 });
      const t0 = Date.now();
      await app.inject({ url: '/v1/health' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      await clear();

      // dropped responses need a real socket
      await faults({ dropResponseRate: 1 });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const dropped = handOver(o2!.id);
      await expect(
        fetch(`http://127.0.0.1:${port}/v1/stores/S001/mutations`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ terminalId: 'T1', mutations: [dropped] }),
        }),
      ).rejects.toThrow();
      await clear();
      // it was processed: the retry answers duplicate
      expect((await push('T1', [dropped]))[0]).toMatchObject({
        status: 'duplicate',
        originalStatus: 'applied',
      });
    } finally {
      await clear();
    }
  });

  it('refuses a deactivated staff member as actor and as approver', async () => {
    const setActive = (staffId: string, active: boolean) =>
      db.query(
        `UPDATE entities SET data = ${docSql()} || jsonb_build_object('active', $3::boolean)
         WHERE store_id = $1 AND entity = 'staff' AND key = $2`,
        ['S001', staffId, active],
      );
    const audit = (staffId: string) =>
      mutation(
        'audit.recorded',
        { entryId: randomUUID(), action: 'test.deactivated', at: NOW.toISOString() },
        { staffId },
      );
    const adjust = (approvedBy?: string) =>
      mutation('stock.adjusted', {
        adjustmentId: randomUUID(),
        lines: [{ sku: 'P10001', deltaQty: -1, reason: '破损' }],
        ...(approvedBy ? { approvedBy } : {}),
      });
    await setActive('C01', false);
    await setActive('M01', false);
    try {
      expect((await push('T1', [audit('C01')]))[0]).toMatchObject({
        status: 'rejected',
        code: 'unknown_staff',
      });
      await setActive('C01', true);
      expect((await push('T1', [adjust('M01')]))[0]).toMatchObject({
        status: 'rejected',
        code: 'forbidden_role',
      });
      await setActive('M01', true);
      expect((await push('T1', [adjust('M01')]))[0]!.status).toBe('applied');
    } finally {
      await setActive('C01', true);
      await setActive('M01', true);
    }
  });
});
