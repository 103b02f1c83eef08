/**
 * Valid contract data for tests: orders, a small shelf layout, products.
 * Every factory's output passes the shared zod schema. `makeOrder` is the one
 * order factory: every test's order starts here (with overrides).
 *
 * The test helpers in renderer/src/testing/ import downward only: this file
 * imports nothing but shared/ and the db's row types; `db.ts` (test
 * databases) builds on it; `staff.ts`, `counter.ts` and `fakeHq.ts` on those;
 * `syncRig.ts` (an engine wired to the fake HQ) last. App code never imports
 * from here.
 */
import type { Order, Product, ShelfLayout } from '@shared/contract';
import { bagLabel, orderNumber } from '@shared/codes/formats';
import type { OrderRow } from '../db/types';

export const TEST_STORE = 'S001';
export const TEST_TERMINAL = 'T1';
export const TEST_API_KEY = 'test-key-T1';
export const TEST_HQ = 'http://hq.test';
export const CLERK = { staffId: 'C01' } as const;

const T0 = '2026-11-24T01:00:00.000Z';

export function makeOrder(serial: number, overrides: Partial<Order> = {}): Order {
  const orderNo = orderNumber('20261124', serial);
  return {
    id: `O${String(serial).padStart(6, '0')}`,
    orderNo,
    storeId: TEST_STORE,
    channel: 'mall',
    fulfilment: 'store_pickup',
    customer: { maskedName: '张*华', phoneLast4: String(1000 + (serial % 9000)) },
    items: [
      {
        sku: 'SKU-MILK',
        name: '纯牛奶 250ml',
        qty: 2,
        unit: '盒',
        unitPriceFen: 350,
        amountFen: 700,
        zone: 'chilled',
        bagLabel: bagLabel(orderNo, 1),
      },
    ],
    bags: [{ label: bagLabel(orderNo, 1), zone: 'chilled' }],
    status: 'arrived',
    pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T12:00:00.000Z' },
    paid: true,
    totalFen: 700,
    batchId: null,
    slotAssignments: [],
    pickupCodeHash: serial.toString(16).padStart(64, '0'),
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** `makeOrder` shelved: every bag in `slotId` (default C1-01, chilled), put away when it was created. */
export function makeShelvedOrder(serial: number, overrides: Partial<Order> = {}, slotId = 'C1-01'): Order {
  const base = makeOrder(serial);
  return makeOrder(serial, {
    status: 'shelved',
    slotAssignments: base.bags.map((b) => ({ bagLabel: b.label, slotId, at: base.createdAt })),
    ...overrides,
  });
}

/** An order as the local database stores it (with the `slotIds` index field), for tests that write rows directly. */
export const orderRow = (order: Order): OrderRow => ({
  ...order,
  slotIds: [...new Set(order.slotAssignments.map((a) => a.slotId))],
});

export function makeProduct(n: number): Product {
  return {
    sku: `SKU${String(n).padStart(6, '0')}`,
    barcodes: [`690${String(n).padStart(10, '0')}`],
    name: `商品${n}`,
    pinyin: 'sp',
    unit: '个',
    priceFen: 100 + n,
    weighed: false,
    zone: 'ambient',
    category: '日用',
    active: true,
  };
}

/** Two units: ambient A1 (slots A1-01..04) and chilled C1 (C1-01..04), two bags per slot. */
export function makeLayout(): ShelfLayout {
  const unit = (letter: 'A' | 'C', distance: number) => ({
    id: `${letter}1`,
    name: `${letter}1 货架`,
    rows: 2,
    columns: 2,
    distance,
    slots: [1, 2, 3, 4].map((n) => ({
      id: `${letter}1-0${n}`,
      row: Math.ceil(n / 2),
      column: ((n - 1) % 2) + 1,
      capacityBags: 2,
      label: `SL-${letter}1-0${n}`,
    })),
  });
  return {
    storeId: TEST_STORE,
    zones: [
      { zone: 'ambient', name: '常温', units: [unit('A', 1)] },
      { zone: 'chilled', name: '冷藏', units: [unit('C', 2)] },
    ],
  };
}
