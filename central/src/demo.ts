import type {
  GroupBatch,
  Rider,
  GroupLeader,
  PinHash,
  Product,
  ShelfLayout,
  ShelfUnit,
  Staff,
  StockLevel,
  StorePolicy,
  TemperatureZone,
} from '../../shared/contract';
import { hashPin } from '../../shared/staff/pin';
import {
  ZONE_LETTER,
  batchCode,
  orderNumber,
  riderBadge,
  slotId,
  slotLabel,
  staffBadge,
} from '../../shared/codes/formats';
import { createHash } from 'node:crypto';
import { buildCatalog } from './catalog';
import type { Db, Queryable } from './db';
import { createDemoKey, sha256Hex, type SigningKey } from './keys';
import { insertOrders, type OrderDraft } from './orders';
import { lockStore, writeEntities, type EntityWrite } from './repo';
import { createRng, type Rng } from './rng';
import { localDay } from './time';
import { demoCustomerNotes } from './demoCustomers';

/**
 * Demo data: two stores, three terminals, four staff, a catalogue of 300+
 * products, a three-zone shelf, three group leaders with batches and a day of
 * orders in every state. Deterministic for a seed and a start time.
 */

export const DEMO_STORES = [
  { id: 'S001', name: '邻里生鲜·幸福里店', timeZone: 'Asia/Shanghai', address: '幸福里小区南门 12 号' },
  { id: 'S002', name: '邻里生鲜·和平路店', timeZone: 'Asia/Shanghai', address: '和平路 88 号' },
] as const;

export const DEMO_TERMINALS = [
  { id: 'T1', storeId: 'S001', name: '收银台 1', key: 'demo-key-T1' },
  { id: 'T2', storeId: 'S001', name: '收银台 2', key: 'demo-key-T2' },
  { id: 'T3', storeId: 'S002', name: '收银台 1', key: 'demo-key-T3' },
] as const;

export const DEMO_STAFF = [
  { id: 'C01', storeId: 'S001', name: '王芳', role: 'clerk', pin: '1234' },
  { id: 'M01', storeId: 'S001', name: '李强', role: 'manager', pin: '9999' },
  { id: 'C11', storeId: 'S002', name: '赵敏', role: 'clerk', pin: '1234' },
  { id: 'M11', storeId: 'S002', name: '陈刚', role: 'manager', pin: '9999' },
] as const;

export const DEMO_POLICY = {
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 500,
  refundApprovalThresholdFen: 10_000,
  rounding: 'none',
  autoLockMinutes: 5,
} as const satisfies Omit<StorePolicy, 'storeId'>;

const LEADERS = [
  { id: 'L01', name: '张秀兰', community: '幸福里小区' },
  { id: 'L02', name: '刘美华', community: '阳光花园' },
  { id: 'L03', name: '陈建国', community: '和谐家园' },
] as const;

/** 定时送达: the store's riders (S001). Random demo deliveries go to R01; R02 has a planned day (`deliveryDay`). */
export const DEMO_RIDERS = [
  { id: 'R01', storeId: 'S001', name: '周建华', phoneLast4: '6601' },
  { id: 'R02', storeId: 'S001', name: '孙小龙', phoneLast4: '6602' },
] as const;

/** What a rider's own app shows as a QR code: derived from the seed, like the demo keys. */
export function demoRiderToken(seed: number, riderId: string): string {
  return `LRQ1.${createHash('sha256').update(`linli-demo-rider:${seed}:${riderId}`).digest('hex').slice(0, 20)}`;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志宏海燕鹏飞';

export interface SeedOptions {
  seed: number;
  now: Date;
  /** PBKDF2 iterations for the demo PINs (tests may lower it; default the production value). */
  pinIterations?: number;
  /** How many of today's orders per store (S001 ≥ 200 by default). */
  ordersS001?: number;
  ordersS002?: number;
}

export interface SeedSummary {
  seed: number;
  stores: string[];
  products: number;
  slots: number;
  orders: Record<string, number>;
  signingKey: SigningKey;
}

const pinCache = new Map<string, Promise<PinHash>>();
function demoPinHash(seed: number, staffId: string, pin: string, iterations: number | undefined) {
  const id = `${seed}:${staffId}:${pin}:${iterations ?? ''}`;
  let cached = pinCache.get(id);
  if (!cached) {
    const salt = new Uint8Array(
      createHash('sha256').update(`linli-demo-salt:${id}`).digest().subarray(0, 16),
    );
    cached = hashPin(pin, { salt, ...(iterations ? { iterations } : {}) });
    pinCache.set(id, cached);
  }
  return cached;
}

export function buildLayout(storeId: string): ShelfLayout {
  const zones: {
    zone: TemperatureZone;
    name: string;
    units: number;
    rows: number;
    columns: number;
    cap: number;
  }[] = [
    { zone: 'ambient', name: '常温区', units: 3, rows: 4, columns: 3, cap: 4 },
    { zone: 'chilled', name: '冷藏区', units: 3, rows: 4, columns: 3, cap: 3 },
    { zone: 'frozen', name: '冷冻区', units: 2, rows: 3, columns: 3, cap: 3 },
  ];
  let distance = 0;
  return {
    storeId,
    zones: zones.map((z) => ({
      zone: z.zone,
      name: z.name,
      units: Array.from({ length: z.units }, (_, u): ShelfUnit => {
        const letter = ZONE_LETTER[z.zone];
        distance += 1;
        return {
          id: `${letter}${u + 1}`,
          name: `${z.name}${u + 1}号架`,
          rows: z.rows,
          columns: z.columns,
          distance,
          slots: Array.from({ length: z.rows * z.columns }, (_, i) => {
            const id = slotId(letter, u + 1, i + 1);
            return {
              id,
              row: Math.floor(i / z.columns) + 1,
              column: (i % z.columns) + 1,
              capacityBags: z.cap,
              label: slotLabel(id),
            };
          }),
        };
      }),
    })),
  };
}

function customer(rng: Rng) {
  const surname = rng.pick([...SURNAMES]);
  const given = rng.chance(0.6) ? `${rng.pick([...GIVEN])}${rng.pick([...GIVEN])}` : rng.pick([...GIVEN]);
  const maskedName = given.length === 2 ? `${surname}*${given[1]}` : `${surname}*`;
  return { maskedName, phoneLast4: rng.digits(4), customerRef: `CU${rng.digits(8)}` };
}

function orderLines(rng: Rng, products: readonly Product[], zones?: readonly TemperatureZone[]) {
  const pool = zones ? products.filter((p) => zones.includes(p.zone)) : products;
  const count = rng.int(1, 6);
  const chosen = new Map<string, { product: Product; qty: number }>();
  while (chosen.size < count) {
    const product = rng.pick(pool);
    const qty = product.weighed ? rng.int(3, 20) / 10 : rng.int(1, 3);
    chosen.set(product.sku, { product, qty });
  }
  return [...chosen.values()];
}

type Plan =
  'pending' | 'arrived' | 'shelved' | 'dueSoon' | 'overdue' | 'collected' | 'cancelled' | 'returned';

function planFor(count: number): Plan[] {
  const share: [Plan, number][] = [
    ['pending', 0.14],
    ['arrived', 0.14],
    ['shelved', 0.26],
    ['dueSoon', 0.08],
    ['overdue', 0.1],
    ['collected', 0.2],
    ['cancelled', 0.06],
    ['returned', 0.02],
  ];
  const plans: Plan[] = [];
  for (const [plan, s] of share)
    for (let i = 0; i < Math.max(1, Math.round(count * s)); i++) plans.push(plan);
  while (plans.length < count) plans.push('shelved');
  return plans.slice(0, count);
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Seeds an empty database. Returns what it made. */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const { seed, now } = options;
  const rng = createRng(seed);
  const products = buildCatalog(rng);
  const signingKey = await createDemoKey(db, seed, new Date(now.getTime() - 30 * 24 * HOUR));
  const summary: SeedSummary = {
    seed,
    stores: [],
    products: products.length,
    slots: 0,
    orders: {},
    signingKey,
  };

  for (const store of DEMO_STORES) {
    await db.query('INSERT INTO stores (id, name, time_zone) VALUES ($1, $2, $3)', [
      store.id,
      store.name,
      store.timeZone,
    ]);
  }
  for (const t of DEMO_TERMINALS) {
    await db.query('INSERT INTO terminals (id, store_id, name, key_hash) VALUES ($1, $2, $3, $4)', [
      t.id,
      t.storeId,
      t.name,
      sha256Hex(t.key),
    ]);
  }

  for (const store of DEMO_STORES) {
    const storeId = store.id;
    const today = localDay(store.timeZone, now);
    const policy: StorePolicy = { storeId, ...DEMO_POLICY };
    const layout = buildLayout(storeId);
    const staff: Staff[] = [];
    for (const s of DEMO_STAFF.filter((x) => x.storeId === storeId)) {
      staff.push({
        id: s.id,
        storeId,
        name: s.name,
        role: s.role,
        badge: staffBadge(s.id),
        pin: await demoPinHash(seed, s.id, s.pin, options.pinIterations),
        active: true,
      });
    }
    const stock: StockLevel[] = products.map((p) => ({
      storeId,
      sku: p.sku,
      qty: p.weighed ? rng.int(5, 60) * 1000 : rng.int(5, 120),
      updatedAt: now.toISOString(),
    }));
    const leaders: GroupLeader[] =
      storeId === 'S001' ? LEADERS.map((l) => ({ ...l, storeId, phoneLast4: rng.digits(4) })) : [];

    // ---- orders ----
    const count = storeId === 'S001' ? (options.ordersS001 ?? 240) : (options.ordersS002 ?? 30);
    const serialBase = storeId === 'S001' ? 0 : 800;
    const usedCodes = new Set<string>();
    const pickupCode = () => {
      for (;;) {
        const code = rng.digits(6);
        if (!usedCodes.has(code)) {
          usedCodes.add(code);
          return code;
        }
      }
    };
    const free = new Map<string, { zone: TemperatureZone; left: number }>();
    for (const z of layout.zones)
      for (const u of z.units)
        for (const s of u.slots) free.set(s.id, { zone: z.zone, left: s.capacityBags });
    summary.slots = Math.max(summary.slots, free.size);
    const takeSlot = (zone: TemperatureZone): string | null => {
      const candidates = [...free.entries()].filter(([, v]) => v.zone === zone && v.left > 0);
      if (!candidates.length) return null;
      const [id, v] = rng.pick(candidates);
      v.left -= 1;
      return id;
    };
    const drafts: OrderDraft[] = [];
    const batches: GroupBatch[] = [];
    let serial = serialBase;
    const window = (end: Date) => ({ start: new Date(end.getTime() - 2 * HOUR), end });
    const round = (t: number) => new Date(Math.round(t / (10 * MIN)) * 10 * MIN);

    const draft = (plan: Plan, extra: Partial<OrderDraft> = {}): OrderDraft => {
      serial += 1;
      const orderNo = orderNumber(today.yyyymmdd, serial);
      const createdAt = round(now.getTime() - rng.int(3 * 60, 20 * 60) * MIN);
      const arrivedAt = new Date(
        Math.min(now.getTime() - 20 * MIN, createdAt.getTime() + rng.int(60, 180) * MIN),
      );
      let end: Date;
      switch (plan) {
        case 'dueSoon':
          end = new Date(now.getTime() + rng.int(5, 25) * MIN);
          break;
        case 'overdue':
        case 'returned':
          end = round(now.getTime() - (DEMO_POLICY.pickupGraceHours * HOUR + rng.int(20, 240) * MIN));
          break;
        case 'collected':
          end = round(now.getTime() + rng.int(-60, 120) * MIN);
          break;
        default:
          end = round(now.getTime() + rng.int(60, 8 * 60) * MIN);
      }
      const base: OrderDraft = {
        id: `ord-${orderNo}`,
        orderNo,
        storeId,
        channel: 'mall',
        fulfilment: rng.chance(0.15) ? 'scheduled_delivery' : 'store_pickup',
        customer: customer(rng),
        lines: orderLines(rng, products),
        pickupWindow: window(end),
        paid: rng.chance(0.95),
        batchId: null,
        status: 'pending',
        createdAt,
        pickupCode: pickupCode(),
        ...extra,
      };
      const status = plan === 'dueSoon' || plan === 'overdue' ? 'shelved' : plan;
      if (status === 'pending') return { ...base, status };
      if (status === 'cancelled')
        return {
          ...base,
          status,
          cancelledAt: new Date(createdAt.getTime() + 30 * MIN),
          cancelReason: '顾客申请取消',
        };
      const withArrival = { ...base, arrivedAt };
      if (status === 'arrived') return { ...withArrival, status };
      // shelved, collected and returned orders went on the shelf
      const zones = [...new Set(base.lines.map((l) => l.product.zone))];
      const order: TemperatureZone[] = ['ambient', 'chilled', 'frozen'];
      const slots: string[] = [];
      const shelvedAt = new Date(arrivedAt.getTime() + 10 * MIN);
      if (status === 'shelved') {
        for (const zone of order.filter((z) => zones.includes(z))) {
          const slot = takeSlot(zone);
          if (!slot) return { ...withArrival, status: 'arrived' };
          slots.push(slot);
        }
        return { ...withArrival, status, slots, shelvedAt };
      }
      if (status === 'returned')
        return {
          ...withArrival,
          status,
          shelvedAt,
          returnedAt: new Date(now.getTime() - rng.int(5, 60) * MIN),
        };
      const at = new Date(
        Math.min(now.getTime() - 5 * MIN, Math.max(shelvedAt.getTime() + 15 * MIN, end.getTime() - HOUR)),
      );
      return {
        ...withArrival,
        status: 'collected',
        shelvedAt,
        collection: {
          at: at.toISOString(),
          terminalId: storeId === 'S001' ? rng.pick(['T1', 'T2']) : 'T3',
          staffId: staff[rng.int(0, staff.length - 1)]?.id ?? 'C01',
          verifiedBy: rng.chance(0.7) ? 'token' : 'code',
          partial: false,
        },
      };
    };

    // group-leader batches: one ready, one partly on the shelf, one not yet here
    leaders.forEach((leader, li) => {
      const code = batchCode(leader.id, today.yyyymmdd, 1);
      const end = new Date(now.getTime() + (2 + li) * HOUR);
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const plan: Plan = li === 0 ? 'shelved' : li === 1 ? (i < 6 ? 'shelved' : 'arrived') : 'pending';
        const d = draft(plan, {
          channel: 'group_buy',
          fulfilment: 'leader_delivery',
          batchId: code,
          pickupWindow: window(end),
        });
        drafts.push(d);
        ids.push(d.id);
      }
      batches.push({
        id: code,
        code,
        storeId,
        leaderId: leader.id,
        title: `${leader.community}团购 ${today.iso}`,
        businessDate: today.iso,
        orderIds: ids,
        pickupWindow: { start: new Date(end.getTime() - 2 * HOUR).toISOString(), end: end.toISOString() },
      });
    });
    // 定时送达: a planned day of deliveries for R02 when the demo day is full-sized (small seeds stay as they were)
    const riders: Rider[] =
      storeId === 'S001'
        ? DEMO_RIDERS.map((r) => ({
            ...r,
            badge: riderBadge(r.id),
            qrToken: demoRiderToken(seed, r.id),
            active: true,
          }))
        : [];
    const planned = riders.length > 0 && count >= 100 ? deliveryDay(now) : [];
    for (const plan of planFor(count - drafts.length - planned.length)) drafts.push(draft(plan));
    for (const p of planned) {
      const drafted = draft(p.plan, {
        fulfilment: 'scheduled_delivery',
        pickupWindow: p.window,
        delivery: { riderId: p.riderId },
      });
      // the rider left before the window opened
      const d = drafted.collection
        ? {
            ...drafted,
            collection: {
              ...drafted.collection,
              verifiedBy: 'code' as const,
              at: new Date(p.window.start.getTime() - 10 * MIN).toISOString(),
            },
          }
        : drafted;
      drafts.push(p.outcome ? withOutcome(d, p.outcome, now) : d);
    }
    // the mall's other scheduled deliveries: hour-long windows, HQ gives them to R01
    if (riders.length > 0)
      for (let i = 0; i < drafts.length; i++) {
        const d = drafts[i]!;
        if (d.fulfilment !== 'scheduled_delivery' || d.delivery) continue;
        const end = new Date(Math.ceil(d.pickupWindow.end.getTime() / HOUR) * HOUR);
        const assigned = {
          ...d,
          pickupWindow: { start: new Date(end.getTime() - HOUR), end },
          delivery: { riderId: 'R01' },
        };
        drafts[i] = d.status === 'collected' ? withOutcome(assigned, 'delivered', now) : assigned;
      }
    // after the orders (and before the stock is written): their regulars' notes and wishes
    const customerNotes = demoCustomerNotes(storeId, drafts, products, stock, now);

    const writes: EntityWrite[] = [
      { entity: 'store', key: storeId, data: { ...store } },
      ...DEMO_TERMINALS.filter((t) => t.storeId === storeId).map((t): EntityWrite => ({
        entity: 'terminal',
        key: t.id,
        data: { id: t.id, storeId, name: t.name },
      })),
      ...staff.map((s): EntityWrite => ({ entity: 'staff', key: s.id, data: s })),
      { entity: 'storePolicy', key: storeId, data: policy },
      { entity: 'shelfLayout', key: storeId, data: layout },
      { entity: 'pickupKey', key: signingKey.kid, data: signingKey.publicKey },
      ...products.map((p): EntityWrite => ({ entity: 'product', key: p.sku, data: p })),
      ...stock.map((s): EntityWrite => ({ entity: 'stockLevel', key: s.sku, data: s })),
      ...leaders.map((l): EntityWrite => ({ entity: 'groupLeader', key: l.id, data: l })),
      ...batches.map((b): EntityWrite => ({ entity: 'groupBatch', key: b.id, data: b })),
      ...customerNotes,
      ...riders.map((r): EntityWrite => ({ entity: 'rider', key: r.id, data: r })),
    ];
    await db.transaction(async (tx) => {
      await lockStore(tx, storeId);
      await writeEntities(tx, storeId, writes as EntityWrite[]);
      await insertOrders(tx, storeId, drafts, signingKey, DEMO_POLICY.pickupGraceHours);
    });
    summary.stores.push(storeId);
    summary.orders[storeId] = drafts.length;
  }
  await db.query(
    `INSERT INTO meta (key, value) VALUES ('seed', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ seed, at: now.toISOString() })],
  );
  return summary;
}

/**
 * R02's day (S001): two deliveries done this morning and one that failed (back
 * at the store to be put away), three orders on the shelf for the next window,
 * three for a later one (one still being packed), and one nobody is assigned to.
 */
function deliveryDay(now: Date): {
  plan: Plan;
  window: { start: Date; end: Date };
  riderId: string | null;
  outcome?: 'delivered' | 'failed';
}[] {
  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  const window = (fromHour: number) => ({
    start: new Date(hour + fromHour * HOUR),
    end: new Date(hour + (fromHour + 1) * HOUR),
  });
  return [
    { plan: 'collected', window: window(-3), riderId: 'R02', outcome: 'delivered' },
    { plan: 'collected', window: window(-3), riderId: 'R02', outcome: 'delivered' },
    { plan: 'collected', window: window(-3), riderId: 'R02', outcome: 'failed' },
    { plan: 'shelved', window: window(1), riderId: 'R02' },
    { plan: 'shelved', window: window(1), riderId: 'R02' },
    { plan: 'shelved', window: window(1), riderId: 'R02' },
    { plan: 'shelved', window: window(2), riderId: null },
    { plan: 'shelved', window: window(3), riderId: 'R02' },
    { plan: 'shelved', window: window(3), riderId: 'R02' },
    { plan: 'pending', window: window(3), riderId: 'R02' },
  ];
}

/** A collected delivery with HQ's outcome: delivered stays collected, failed is back at the store (arrived). */
function withOutcome(d: OrderDraft, outcome: 'delivered' | 'failed', now: Date): OrderDraft {
  if (!d.collection) return d;
  const dispatchedAt = d.collection.at;
  const outcomeAt = new Date(Math.min(now.getTime() - MIN, Date.parse(dispatchedAt) + 40 * MIN));
  const delivery = {
    riderId: d.delivery?.riderId ?? null,
    dispatchedAt,
    dispatchedBy: d.collection.staffId,
    terminalId: d.collection.terminalId,
    outcome,
    outcomeAt: outcomeAt.toISOString(),
    failReason: outcome === 'failed' ? '顾客电话未接通，已带回门店' : null,
  };
  if (outcome === 'delivered') return { ...d, delivery };
  return {
    ...d,
    status: 'arrived',
    arrivedAt: outcomeAt,
    shelvedAt: null,
    slots: [],
    collection: null,
    delivery,
  };
}

export async function isSeeded(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM stores LIMIT 1');
  return rows.length > 0;
}
