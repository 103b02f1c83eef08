/** 定时送达 test data: riders and scheduled-delivery orders, delivered the way HQ sends them (a pull page). */
import type { Change, Order, Rider } from '@shared/contract';
import { bagLabel, orderNumber, riderBadge } from '@shared/codes/formats';
import type { LinliDb } from '../db/database';
import { getMeta } from '../db/meta';
import { applyPullPage } from '../sync/apply';
import { makeOrder, TEST_STORE } from './fixtures';

export const RIDER_ZHOU: Rider = {
  id: 'R01',
  storeId: TEST_STORE,
  name: '周建华',
  phoneLast4: '6601',
  badge: riderBadge('R01'),
  qrToken: 'LRQ1.zhou0000000000000001',
  active: true,
};
export const RIDER_SUN: Rider = {
  id: 'R02',
  storeId: TEST_STORE,
  name: '孙小龙',
  phoneLast4: '6602',
  badge: riderBadge('R02'),
  qrToken: 'LRQ1.sun00000000000000002',
  active: true,
};

const HOUR = 3_600_000;

/** An hour-long delivery window starting `fromHour` hours after `at` (ms). */
export const deliveryWindow = (at: number, fromHour: number) => ({
  start: new Date(at + fromHour * HOUR).toISOString(),
  end: new Date(at + (fromHour + 1) * HOUR).toISOString(),
});

/**
 * A shelved scheduled delivery for `riderId` with one ambient and one chilled
 * bag in A1-0n / C1-0n (n = 1 + serial % 4), in `window`.
 */
export function makeDelivery(
  serial: number,
  riderId: string | null,
  window: { start: string; end: string },
  overrides: Partial<Order> = {},
): Order {
  const orderNo = orderNumber('20261124', serial);
  const slot = 1 + (serial % 4);
  const base = makeOrder(serial);
  const bags = [
    { label: bagLabel(orderNo, 1), zone: 'ambient' as const },
    { label: bagLabel(orderNo, 2), zone: 'chilled' as const },
  ];
  return makeOrder(serial, {
    fulfilment: 'scheduled_delivery',
    items: [
      { ...base.items[0]!, zone: 'chilled', bagLabel: bags[1]!.label },
      {
        sku: 'SKU-RICE',
        name: '东北大米 5kg',
        qty: 1,
        unit: '袋',
        unitPriceFen: 4990,
        amountFen: 4990,
        zone: 'ambient',
        bagLabel: bags[0]!.label,
      },
    ],
    totalFen: 5690,
    bags,
    status: 'shelved',
    slotAssignments: [
      { bagLabel: bags[0]!.label, slotId: `A1-0${slot}`, at: base.createdAt },
      { bagLabel: bags[1]!.label, slotId: `C1-0${slot}`, at: base.createdAt },
    ],
    pickupWindow: window,
    delivery: { riderId },
    ...overrides,
  });
}

/** Publishes riders into the local database as a pull page would. */
export async function seedRiders(db: LinliDb, riders: readonly Rider[]): Promise<void> {
  const changes: Change[] = riders.map((r, i) => ({
    entity: 'rider',
    op: 'upsert',
    key: r.id,
    data: r,
    version: 1000 + i,
  }));
  await applyPullPage(db, changes, (await getMeta(db, 'pullCursor')) ?? '');
}
