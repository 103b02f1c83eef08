import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminMutationsResponseSchema,
  adminOrdersResponseSchema,
  changesPageSchema,
  pushResponseSchema,
  type AdminOrder,
  type Mutation,
  type MutationResult,
  type Rider,
} from '../../shared/contract';
import { windowKey } from '../../shared/dispatch';
import type { Db } from './db';
import { buildLayout, DEMO_RIDERS, demoRiderToken, seedDemo } from './demo';
import { applyEffects, decide, DEFAULT_POLICY, type OrderView, type RuleState } from './rules';
import { buildApp } from './server';
import { openPglite } from './db';

/** 定时送达 at HQ: the demo's riders and day of deliveries, `order.dispatched`, and the rider's word coming back. */

const NOW = new Date('2026-11-24T06:20:00.000Z'); // 14:20 in Asia/Shanghai
const HOUR = 3_600_000;
const T1 = { authorization: 'Bearer demo-key-T1' };

describe('order.dispatched against the reference central (PGlite)', () => {
  let db: Db;
  let app: FastifyInstance;
  let seq = 0;

  beforeAll(async () => {
    db = await openPglite();
    await seedDemo(db, { seed: 5, now: NOW, pinIterations: 1000 });
    app = buildApp({ db, enableAdmin: true, now: () => NOW });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const dispatched = (payload: Record<string, unknown>, id = randomUUID()) =>
    ({
      id,
      seq: ++seq,
      type: 'order.dispatched',
      payload: { at: NOW.toISOString(), ...payload },
      staffId: 'C01',
      createdAt: NOW.toISOString(),
    }) as Mutation;

  async function push(mutations: Mutation[]): Promise<MutationResult[]> {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stores/S001/mutations',
      headers: T1,
      payload: { terminalId: 'T1', mutations },
    });
    expect(res.statusCode, res.body).toBe(200);
    return pushResponseSchema.parse(res.json()).results;
  }

  async function orders(): Promise<AdminOrder[]> {
    const res = await app.inject({ url: '/v1/_admin/stores/S001/orders' });
    return adminOrdersResponseSchema.parse(res.json()).orders;
  }

  async function pull() {
    const res = await app.inject({ url: '/v1/stores/S001/changes?limit=5000', headers: T1 });
    return changesPageSchema.parse(res.json()).changes;
  }

  const ofRider = (all: AdminOrder[], riderId: string, fromHour: number) =>
    all.filter(
      (o) =>
        o.delivery?.riderId === riderId &&
        Date.parse(o.pickupWindow.start) === Math.floor(NOW.getTime() / HOUR) * HOUR + fromHour * HOUR,
    );

  it('the demo publishes two riders with badge and QR token, and a day of deliveries', async () => {
    const changes = await pull();
    const riders = changes.filter((c) => c.entity === 'rider').map((c) => c.data as Rider);
    expect(riders.map((r) => [r.id, r.badge, r.qrToken])).toEqual(
      DEMO_RIDERS.map((r) => [r.id, `RD-${r.id}`, demoRiderToken(5, r.id)]),
    );
    const all = await orders();
    const next = ofRider(all, 'R02', 1);
    expect(next.map((o) => o.status)).toEqual(['shelved', 'shelved', 'shelved']);
    expect(
      ofRider(all, 'R02', 3)
        .map((o) => o.status)
        .sort(),
    ).toEqual(['pending', 'shelved', 'shelved']);
    const morning = ofRider(all, 'R02', -3);
    expect(morning.map((o) => [o.status, o.delivery?.outcome]).sort()).toEqual([
      ['arrived', 'failed'],
      ['collected', 'delivered'],
      ['collected', 'delivered'],
    ]);
    // the mall's other deliveries go to R01 in hour-long windows
    const r01 = all.filter((o) => o.fulfilment === 'scheduled_delivery' && o.delivery?.riderId === 'R01');
    expect(r01.length).toBeGreaterThan(5);
    for (const o of r01) expect(Date.parse(o.pickupWindow.end) - Date.parse(o.pickupWindow.start)).toBe(HOUR);
    expect(
      all.filter((o) => o.fulfilment === 'scheduled_delivery' && o.storeId === 'S001' && !o.delivery),
    ).toEqual([]);
    expect(
      all.filter((o) => o.fulfilment === 'scheduled_delivery' && o.delivery?.riderId === null),
    ).toHaveLength(1);
  });

  it('refuses a rider who is not one, a missing bag, a bag of another order, another rider’s order — nothing written', async () => {
    const all = await orders();
    const run = ofRider(all, 'R02', 1);
    const bags = run.flatMap((o) => o.bags.map((b) => b.label));
    const ids = run.map((o) => o.id);
    const other = ofRider(all, 'R02', 3).find((o) => o.status === 'shelved')!;
    const r01 = all.find(
      (o) => o.delivery?.riderId === 'R01' && o.status === 'shelved' && o.fulfilment === 'scheduled_delivery',
    )!;
    const results = await push([
      dispatched({ orderIds: ids, riderId: 'R09', bags }),
      dispatched({ orderIds: ids, riderId: 'R02', bags: bags.slice(1) }),
      dispatched({ orderIds: ids, riderId: 'R02', bags: [...bags, other.bags[0]!.label] }),
      dispatched({
        orderIds: [...ids, other.id],
        riderId: 'R02',
        bags: [...bags, ...other.bags.map((b) => b.label)],
      }),
      dispatched({ orderIds: [r01.id], riderId: 'R02', bags: r01.bags.map((b) => b.label) }),
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'unknown_rider'],
      ['rejected', 'invalid_state'],
      ['rejected', 'unknown_bag'],
      ['rejected', 'invalid_state'],
      ['rejected', 'invalid_state'],
    ]);
    expect(results[1]!.reason).toContain('未扫齐');
    expect(results[4]!.reason).toContain('其他骑手');
    const after = await orders();
    expect(ofRider(after, 'R02', 1).map((o) => o.status)).toEqual(['shelved', 'shelved', 'shelved']);
  });

  it('a run of three leaves with the rider: collected, dispatched, slots freed; once only', async () => {
    const run = ofRider(await orders(), 'R02', 1);
    const bags = run.flatMap((o) => o.bags.map((b) => b.label));
    const first = dispatched({ orderIds: run.map((o) => o.id), riderId: 'R02', bags });
    const [applied] = await push([first]);
    expect(applied!.status).toBe('applied');
    const [again] = await push([first]);
    expect(again).toMatchObject({ status: 'duplicate', originalStatus: 'applied' });
    // another terminal's second handover of the same run is a conflict
    const [twice] = await push([dispatched({ orderIds: run.map((o) => o.id), riderId: 'R02', bags })]);
    expect(twice).toMatchObject({ status: 'conflict', code: 'already_collected' });

    const after = ofRider(await orders(), 'R02', 1);
    for (const o of after) {
      expect(o.status).toBe('collected');
      expect(o.collection).toMatchObject({ terminalId: 'T1', staffId: 'C01', verifiedBy: 'code' });
      expect(o.delivery).toMatchObject({
        riderId: 'R02',
        dispatchedAt: NOW.toISOString(),
        dispatchedBy: 'C01',
        outcome: null,
      });
    }
    // the feed carries the change to every terminal
    const changed = (await pull()).filter((c) => c.entity === 'order' && run.some((o) => o.id === c.key));
    expect(changed.every((c) => (c.data as AdminOrder).status === 'collected')).toBe(true);
    // HQ recorded the run once
    const res = await app.inject({ url: '/v1/_admin/stores/S001/mutations?type=order.dispatched' });
    const recorded = adminMutationsResponseSchema
      .parse(res.json())
      .mutations.filter((r) => r.status === 'applied');
    expect(recorded.map((r) => r.id)).toEqual([first.id]);
  });

  it('HQ records the rider’s word: delivered stays collected, failed comes back to be put away', async () => {
    const run = ofRider(await orders(), 'R02', 1);
    const [a, b] = run;
    const post = (id: string, body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/v1/_admin/stores/S001/orders/${id}/delivery`, payload: body });
    expect((await post(a!.id, { outcome: 'delivered' })).statusCode).toBe(200);
    const failed = await post(b!.id, { outcome: 'failed', reason: '顾客不在家' });
    expect(failed.statusCode, failed.body).toBe(200);
    // the same word twice changes nothing; a different word later is refused
    expect((await post(b!.id, { outcome: 'failed' })).statusCode).toBe(200);
    expect((await post(b!.id, { outcome: 'delivered' })).statusCode).toBe(409);
    // an order not out with a rider: refused
    const waiting = ofRider(await orders(), 'R02', 3).find((o) => o.status === 'shelved')!;
    expect((await post(waiting.id, { outcome: 'failed' })).statusCode).toBe(409);
    expect((await post(waiting.id, { outcome: 'lost' })).statusCode).toBe(400);

    const changes = await pull();
    const latest = (id: string) => changes.filter((c) => c.key === id).at(-1)!.data as AdminOrder;
    expect(latest(a!.id)).toMatchObject({ status: 'collected', delivery: { outcome: 'delivered' } });
    expect(latest(b!.id)).toMatchObject({
      status: 'arrived',
      slotAssignments: [],
      collection: null,
      delivery: { outcome: 'failed', failReason: '顾客不在家', riderId: 'R02' },
    });
    // back at the store, it is put away again as any arrived order, in slots with room
    const used = new Map<string, number>();
    for (const o of await orders())
      if (o.status === 'shelved')
        for (const x of o.slotAssignments) used.set(x.slotId, (used.get(x.slotId) ?? 0) + 1);
    const layout = buildLayout('S001');
    const roomIn = (zone: string) =>
      layout.zones
        .find((z) => z.zone === zone)!
        .units.flatMap((u) => u.slots)
        .find((slot) => (used.get(slot.id) ?? 0) + 1 <= slot.capacityBags)!.id;
    const [putAway] = await app
      .inject({
        method: 'POST',
        url: '/v1/stores/S001/mutations',
        headers: T1,
        payload: {
          terminalId: 'T1',
          mutations: [
            {
              id: randomUUID(),
              seq: ++seq,
              type: 'order.putAway',
              staffId: 'C01',
              createdAt: NOW.toISOString(),
              payload: {
                orderId: b!.id,
                placements: b!.bags.map((bag) => ({
                  bagLabel: bag.label,
                  slotId: roomIn(bag.zone),
                })),
              },
            },
          ],
        },
      })
      .then((r) => pushResponseSchema.parse(r.json()).results);
    expect(putAway!.status).toBe('applied');
  });

  it('the mall assigns a rider when it creates a delivery order', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/_admin/stores/S001/orders',
      payload: { orders: [{ status: 'arrived', fulfilment: 'scheduled_delivery', riderId: 'R01' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(adminOrdersResponseSchema.parse(res.json()).orders[0]!.delivery).toEqual({ riderId: 'R01' });
  });
});

describe('order.dispatched in HQ’s rules (no SQL)', () => {
  const at = '2026-11-24T06:00:00.000Z';
  const window = { start: '2026-11-24T07:00:00.000Z', end: '2026-11-24T08:00:00.000Z' };
  const order = (id: string, extra: Partial<OrderView> = {}): OrderView => ({
    id,
    orderNo: `LL2026112400${id.slice(-2)}`,
    fulfilment: 'scheduled_delivery',
    pickupWindow: window,
    delivery: { riderId: 'R01' },
    status: 'shelved',
    bags: [{ label: `${id}-B1`, zone: 'ambient' }],
    slotAssignments: [{ bagLabel: `${id}-B1`, slotId: 'A1-01', at }],
    collection: null,
    cancelReason: null,
    shelvedAt: at,
    items: [],
    ...extra,
  });
  const rider: Rider = {
    id: 'R01',
    storeId: 'S001',
    name: '周',
    phoneLast4: '0001',
    badge: 'RD-R01',
    qrToken: 'LRQ1.0000000000',
    active: true,
  };
  const state = (): RuleState => ({
    staff: new Map([
      [
        'C01',
        {
          id: 'C01',
          storeId: 'S001',
          name: 'C01',
          role: 'clerk',
          badge: 'LS-C01',
          pin: { algorithm: 'pbkdf2-sha256', iterations: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' },
          active: true,
        },
      ],
    ]),
    policy: { storeId: 'S001', ...DEFAULT_POLICY },
    orders: new Map([
      ['O-01', { storeId: 'S001', data: order('O-01') }],
      ['O-02', { storeId: 'S001', data: order('O-02', { status: 'arrived', slotAssignments: [] }) }],
      ['O-03', { storeId: 'S002', data: order('O-03') }],
    ]),
    products: new Map(),
    stock: new Map(),
    slots: new Map(),
    occupancy: new Map([['A1-01', 2]]),
    sales: new Map(),
    shifts: new Map(),
    days: new Map(),
    notes: new Map(),
    categories: new Set(),
    riders: new Map([['R01', rider]]),
  });
  const ctx = { storeId: 'S001', terminalId: 'T1' };
  const m = (payload: Record<string, unknown>) =>
    ({
      id: randomUUID(),
      seq: 1,
      type: 'order.dispatched',
      staffId: 'C01',
      createdAt: at,
      payload: { riderId: 'R01', at, ...payload },
    }) as Mutation;

  it('frees the slots of shelved orders and marks each order collected by the rider', () => {
    const s = state();
    const { outcome, effects } = decide(
      m({ orderIds: ['O-01', 'O-02'], bags: ['O-01-B1', 'O-02-B1'] }),
      s,
      ctx,
    );
    expect(outcome.status).toBe('applied');
    expect(effects.filter((e) => e.kind === 'occupancy')).toEqual([
      { kind: 'occupancy', slotId: 'A1-01', delta: -1 },
    ]);
    applyEffects(s, effects, { ...ctx, at });
    expect(s.occupancy.get('A1-01')).toBe(1);
    expect(s.orders.get('O-01')!.data.status).toBe('collected');
    expect(s.orders.get('O-02')!.data.delivery).toMatchObject({ riderId: 'R01', dispatchedAt: at });
    expect(windowKey(s.orders.get('O-02')!.data.pickupWindow!)).toBe(windowKey(window));
  });

  it('another store’s order, or no riders loaded: refused, no effects', () => {
    const other = decide(m({ orderIds: ['O-03'], bags: ['O-03-B1'] }), state(), ctx);
    expect(other).toMatchObject({ outcome: { status: 'rejected', code: 'wrong_store' }, effects: [] });
    const noRiders = decide(
      m({ orderIds: ['O-01'], bags: ['O-01-B1'] }),
      { ...state(), riders: undefined },
      ctx,
    );
    expect(noRiders).toMatchObject({ outcome: { status: 'rejected', code: 'unknown_rider' }, effects: [] });
  });
});
