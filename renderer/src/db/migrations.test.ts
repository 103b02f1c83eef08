import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOrder, makeProduct } from '../sync/testing/fixtures';
import { LinliDb } from './database';
import { slotIdsOf } from './repositories/orders';
import { DB_VERSION, SCHEMA_HISTORY } from './schema';
import { describeSchema, openCurrent, seedVersion } from './testing/migrations';

const names: string[] = [];
const fresh = (label: string) => {
  const name = `mig-${label}-${crypto.randomUUID()}`;
  names.push(name);
  return name;
};

afterEach(async () => {
  await Promise.all(names.splice(0).map((n) => Dexie.delete(n)));
});

describe('schema versions', () => {
  it('the class declares every version in SCHEMA_HISTORY and the latest is DB_VERSION', async () => {
    const versions = Object.keys(SCHEMA_HISTORY).map(Number);
    expect(Math.max(...versions)).toBe(DB_VERSION);
    const db = await openCurrent(fresh('verno'));
    expect(db.verno).toBe(DB_VERSION);
    db.close();
  });

  it('v1 seeded by the harness opens with the current schema, rows and indexes intact', async () => {
    const name = fresh('v1');
    const order = makeOrder(7, {
      status: 'shelved',
      slotAssignments: [{ bagLabel: 'x', slotId: 'C1-02', at: '2026-11-24T03:00:00.000Z' }],
    });
    await seedVersion(name, 1, {
      orders: [{ ...order, slotIds: slotIdsOf(order) }],
      products: [makeProduct(1)],
      outbox: [
        {
          seq: 1,
          id: crypto.randomUUID(),
          type: 'order.remind',
          payload: { orderId: order.id },
          staffId: 'C01',
          createdAt: '2026-11-24T03:00:00.000Z',
          affects: ['order:O000007'],
          state: 'pending',
          attempts: 0,
        },
      ],
      meta: [
        { key: 'terminalSeq', value: 1 },
        { key: 'pullCursor', value: '42' },
      ],
    });
    const db = await openCurrent(name);
    expect(await db.orders.where('orderNo').equals(order.orderNo).count()).toBe(1);
    expect(await db.orders.where('slotIds').equals('C1-02').count()).toBe(1);
    expect(await db.orders.where('customer.phoneLast4').equals(order.customer.phoneLast4).count()).toBe(1);
    expect(await db.products.where('barcodes').equals(makeProduct(1).barcodes[0]!).count()).toBe(1);
    expect(await db.outbox.where('affects').equals('order:O000007').count()).toBe(1);
    expect((await db.meta.get('pullCursor'))?.value).toBe('42');
    // The upgraded database has exactly the schema a fresh install gets.
    const clean = await openCurrent(fresh('clean'));
    expect(describeSchema(db)).toEqual(describeSchema(clean));
    db.close();
    clean.close();
  });

  it('the harness really builds the old version (a table missing from it is missing)', async () => {
    const name = fresh('raw');
    await seedVersion(name, 1, {});
    const raw = new Dexie(name);
    await raw.open(); // dynamic mode: whatever is on disk
    expect(raw.verno).toBe(1);
    expect(raw.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_HISTORY[1]).sort());
    raw.close();
    expect(new LinliDb(name).verno).toBe(DB_VERSION);
  });
});
