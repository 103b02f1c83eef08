/**
 * Test data for the counter: a database seeded the way HQ delivers it (layout,
 * orders, store, policy, the pickup key, staff, a group batch), and tokens
 * signed with a test key — the app's verifier sees exactly what HQ would send.
 */
import type { Change, GroupBatch, GroupLeader, Order, Product, Staff } from '@shared/contract';
import { pickupCodeHash } from '@shared/contract/pickup-code';
import { pickupKeyPairFromSeed, signPickupToken, type PickupTokenPayload } from '@shared/token';
import type { LinliDb } from '../db/database';
import { openTestDb } from './db';
import { applyPullPage } from '../sync/apply';
import { makeLayout, makeOrder, makeShelvedOrder, TEST_STORE } from './fixtures';

export const KID = 'test-key-1';
export const NOW = Date.parse('2026-11-24T04:00:00.000Z');

export async function testKey() {
  const seed = new Uint8Array(32).map((_, i) => i + 1);
  return pickupKeyPairFromSeed(seed);
}

export async function tokenFor(
  orderId: string,
  overrides: Partial<PickupTokenPayload> = {},
): Promise<string> {
  const { privateKey } = await testKey();
  const iat = Math.floor(NOW / 1000) - 3600;
  return signPickupToken(
    { orderId, storeId: TEST_STORE, iat, exp: iat + 24 * 3600, kid: KID, ...overrides },
    privateKey,
  );
}

const staff: Staff[] = [
  {
    id: 'C01',
    storeId: TEST_STORE,
    name: '王芳',
    role: 'clerk',
    badge: 'LS-C01',
    pin: {
      algorithm: 'pbkdf2-sha256',
      iterations: 1,
      salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
      hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    },
    active: true,
  },
  {
    id: 'M01',
    storeId: TEST_STORE,
    name: '李强',
    role: 'manager',
    badge: 'LS-M01',
    pin: {
      algorithm: 'pbkdf2-sha256',
      iterations: 1,
      salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
      hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    },
    active: true,
  },
];

export const BATCH_CODE = 'GB-L01-20261124-1';

/** Orders: 1 shelved (code 123456), 2 collected, 3 cancelled, 4 pending, 5+6 a leader batch, 7 shelved other customer. */
export async function counterOrders(): Promise<Order[]> {
  const hash = (code: string) => pickupCodeHash(TEST_STORE, code);
  const shelved = (serial: number, over: Partial<Order> = {}) => makeShelvedOrder(serial, over, 'C1-02');
  return [
    shelved(1, {
      pickupCodeHash: await hash('123456'),
      customer: { maskedName: '张*华', phoneLast4: '1234' },
      note: '请轻放',
    }),
    makeOrder(2, {
      status: 'collected',
      pickupCodeHash: await hash('222222'),
      collection: {
        at: '2026-11-24T03:10:00.000Z',
        terminalId: 'T2',
        staffId: 'M01',
        verifiedBy: 'token',
        partial: false,
      },
    }),
    makeOrder(3, {
      status: 'cancelled',
      cancelReason: '顾客申请退款',
      cancelledAt: '2026-11-24T02:00:00.000Z',
    }),
    makeOrder(4, { status: 'pending' }),
    shelved(5, { batchId: 'B1' }),
    shelved(6, { batchId: 'B1', status: 'arrived', slotAssignments: [] }),
    shelved(7, { customer: { maskedName: '李*', phoneLast4: '1234' } }),
  ];
}

export async function seededCounterDb(extraOrders: Order[] = [], products: Product[] = []): Promise<LinliDb> {
  const db = await openTestDb();
  const { publicKey } = await testKey();
  const orders = [...(await counterOrders()), ...extraOrders];
  const leader: GroupLeader = {
    id: 'L01',
    storeId: TEST_STORE,
    name: '刘团长',
    phoneLast4: '8888',
    community: '幸福里',
  };
  const batch: GroupBatch = {
    id: 'B1',
    code: BATCH_CODE,
    storeId: TEST_STORE,
    leaderId: 'L01',
    title: '周二水果团',
    businessDate: '2026-11-24',
    orderIds: [orders[4]!.id, orders[5]!.id],
    pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T12:00:00.000Z' },
  };
  let v = 1;
  const changes: Change[] = [
    { entity: 'shelfLayout', op: 'upsert', key: TEST_STORE, data: makeLayout(), version: v++ },
    {
      entity: 'store',
      op: 'upsert',
      key: TEST_STORE,
      data: { id: TEST_STORE, name: '邻里生鲜·幸福里店', timeZone: 'Asia/Shanghai' },
      version: v++,
    },
    {
      entity: 'store',
      op: 'upsert',
      key: 'S002',
      data: { id: 'S002', name: '邻里生鲜·和平路店', timeZone: 'Asia/Shanghai' },
      version: v++,
    },
    {
      entity: 'pickupKey',
      op: 'upsert',
      key: KID,
      data: { kid: KID, alg: 'Ed25519', publicKey, status: 'active', createdAt: '2026-11-01T00:00:00.000Z' },
      version: v++,
    },
    ...staff.map((s): Change => ({ entity: 'staff', op: 'upsert', key: s.id, data: s, version: v++ })),
    { entity: 'groupLeader', op: 'upsert', key: leader.id, data: leader, version: v++ },
    { entity: 'groupBatch', op: 'upsert', key: batch.id, data: batch, version: v++ },
    ...products.map((p): Change => ({ entity: 'product', op: 'upsert', key: p.sku, data: p, version: v++ })),
    ...orders.map((o): Change => ({ entity: 'order', op: 'upsert', key: o.id, data: o, version: v++ })),
  ];
  await applyPullPage(db, changes, '');
  return db;
}
