import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOrder, makeProduct } from '../testing/fixtures';
import { LinliDb } from './database';
import { slotIdsOf } from './repositories/orders';
import { DB_VERSION, SCHEMA_HISTORY } from './schema';
import { describeSchema, openCurrent, seedVersion } from '../testing/migrations';

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

  it('v1 → v2 (the till): orders, pending outbox, bases, audit and meta survive; the till tables are new and empty', async () => {
    const name = fresh('v1-v2');
    const orders = [7, 8, 9].map((n) => makeOrder(n));
    const pending = [1, 2, 3].map((seq) => ({
      seq,
      id: crypto.randomUUID(),
      type: 'order.handOver',
      payload: { orderId: orders[seq - 1]!.id, verifiedBy: 'pickupCode' },
      staffId: 'C01',
      createdAt: `2026-11-29T0${seq}:00:00.000Z`,
      affects: [`order:${orders[seq - 1]!.id}`],
      state: 'pending',
      attempts: seq - 1,
    }));
    const audit = pending.map((m) => ({
      id: crypto.randomUUID(),
      at: m.createdAt,
      staffId: 'C01',
      action: m.type,
      refs: m.affects,
      mutationId: m.id,
      detail: m.payload,
    }));
    const v1Seed = {
      orders: orders.map((o) => ({ ...o, slotIds: slotIdsOf(o) })),
      products: [makeProduct(1), makeProduct(2)],
      outbox: pending,
      outboxBases: pending.map((m, i) => ({
        seq: m.seq,
        entries: [{ ref: m.affects[0], entity: 'order', key: orders[i]!.id, data: orders[i] }],
      })),
      audit,
      // v1's placeholder table: a row there gets the fields the till reads.
      sales: [{ id: 'legacy-1', createdAt: '2026-11-29T01:00:00.000Z' }],
      meta: [
        { key: 'terminalSeq', value: 3 },
        { key: 'pullCursor', value: '99' },
      ],
    };
    await seedVersion(name, 1, v1Seed);
    const db = await openCurrent(name);
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.orders.toArray()).toEqual(v1Seed.orders);
    expect(await db.products.toArray()).toEqual(v1Seed.products);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(pending);
    expect(await db.outbox.where('affects').equals(`order:${orders[1]!.id}`).count()).toBe(1);
    expect(await db.outboxBases.count()).toBe(3);
    expect(await db.audit.orderBy('at').toArray()).toEqual(audit);
    expect((await db.meta.get('terminalSeq'))?.value).toBe(3);
    expect(await db.sales.get('legacy-1')).toEqual({
      id: 'legacy-1',
      createdAt: '2026-11-29T01:00:00.000Z',
      refundedQty: {},
      shiftId: null,
    });
    expect(await db.refunds.count()).toBe(0);
    expect(await db.heldCarts.count()).toBe(0);
    expect(await db.receiptCounters.count()).toBe(0);
    // The new indexes work on the upgraded database.
    await db.receiptCounters.put({ key: 'T1:2026-11-30', last: 41 });
    expect((await db.receiptCounters.get('T1:2026-11-30'))?.last).toBe(41);
    expect(describeSchema(db)['sales']?.indexes).toEqual(
      ['&receiptNo', 'businessDate', 'createdAt', 'orderId', 'shiftId'].sort(),
    );
    db.close();
  });

  it('v2 → v3 (closing the day): sales, held carts and the outbox survive; a placeholder shift is closed; day-end tables are new', async () => {
    const name = fresh('v2-v3');
    const sale = {
      id: 'sale-1',
      receiptNo: 'T1-20261130-0001',
      businessDate: '2026-11-30',
      createdAt: '2026-11-30T02:00:00.000Z',
      terminalId: 'T1',
      staffId: 'C01',
      shiftId: null,
      refundedQty: {},
      sale: { saleId: 'sale-1', receiptNo: 'T1-20261130-0001', lines: [], totalFen: 100, tenders: [] },
    };
    const held = { id: 'h1', heldAt: '2026-11-30T03:00:00.000Z', staffId: 'C01', cart: { lines: [] } };
    await seedVersion(name, 2, {
      sales: [sale],
      heldCarts: [held],
      shifts: [{ id: 'legacy-shift', openedAt: '2026-11-29T01:00:00.000Z', state: 'open' }],
      meta: [{ key: 'terminalSeq', value: 9 }],
    });
    const db = await openCurrent(name);
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.sales.where('businessDate').equals('2026-11-30').toArray()).toEqual([sale]);
    expect(await db.heldCarts.toArray()).toEqual([held]);
    expect((await db.meta.get('terminalSeq'))?.value).toBe(9);
    // the placeholder can never be taken for this terminal's open shift
    expect(await db.shifts.where('[terminalId+state]').equals(['', 'open']).count()).toBe(0);
    expect(await db.shifts.get('legacy-shift')).toMatchObject({ state: 'closed', floatFen: 0 });
    for (const table of [
      'cashMovements',
      'stockCounts',
      'stockCountLines',
      'dayCloses',
      'shelfAudits',
    ] as const)
      expect(await db[table].count()).toBe(0);
    await db.stockCountLines.put({ countId: 'c1', sku: 'P1', countedQty: 2, expectedQty: 3, updatedAt: 'x' });
    expect(await db.stockCountLines.where('countId').equals('c1').count()).toBe(1);
    const clean = await openCurrent(fresh('clean3'));
    expect(describeSchema(db)).toEqual(describeSchema(clean));
    db.close();
    clean.close();
  });

  it('v3 → v5 (the regulars): the day-end tables and the outbox survive; customer notes are new and indexed', async () => {
    const name = fresh('v3-v5');
    const count = { id: 'count-1', scope: 'full', state: 'counting', startedAt: '2026-11-30T02:00:00.000Z' };
    const pending = {
      seq: 4,
      id: crypto.randomUUID(),
      type: 'order.remind',
      payload: { orderId: 'O1' },
      staffId: 'C01',
      createdAt: '2026-11-30T02:00:00.000Z',
      affects: ['order:O1'],
    };
    await seedVersion(name, 3, {
      stockCounts: [count],
      outbox: [pending],
      meta: [{ key: 'terminalSeq', value: 4 }],
    });
    const db = await openCurrent(name);
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.stockCounts.toArray()).toEqual([count]);
    expect(await db.outbox.toArray()).toEqual([pending]);
    expect(await db.customerNotes.count()).toBe(0);
    const wish = {
      id: crypto.randomUUID(),
      storeId: 'S001',
      customerRef: 'CU1',
      kind: 'wish' as const,
      text: '想试试无糖酸奶',
      sku: 'P1',
      status: 'open' as const,
      createdAt: '2026-11-30T02:00:00.000Z',
      createdBy: 'C01',
    };
    await db.customerNotes.put(wish);
    expect(await db.customerNotes.where('customerRef').equals('CU1').count()).toBe(1);
    expect(await db.customerNotes.where('[kind+status]').equals(['wish', 'open']).count()).toBe(1);
    const clean = await openCurrent(fresh('clean5'));
    expect(describeSchema(db)).toEqual(describeSchema(clean));
    db.close();
    clean.close();
  });

  it('v5 → v6 (products by category): products and notes survive; a category finds its products', async () => {
    const name = fresh('v5-v6');
    const yoghurt = {
      sku: 'P1',
      barcodes: ['6900000000011'],
      name: '无糖酸奶',
      pinyin: 'wtsn',
      category: '酸奶',
    };
    const rice = { sku: 'P2', barcodes: ['6900000000028'], name: '大米', pinyin: 'dm', category: '粮油' };
    const note = {
      id: 'N1',
      storeId: 'S001',
      customerRef: 'CU1',
      kind: 'wish',
      text: '想试试无糖酸奶',
      category: '酸奶',
      status: 'open',
      createdAt: '2026-11-30T02:00:00.000Z',
      createdBy: 'C01',
    };
    await seedVersion(name, 5, { products: [yoghurt, rice], customerNotes: [note] });
    const db = await openCurrent(name);
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.customerNotes.toArray()).toEqual([note]);
    expect((await db.products.where('category').equals('酸奶').toArray()).map((p) => p.sku)).toEqual(['P1']);
    const clean = await openCurrent(fresh('clean6'));
    expect(describeSchema(db)).toEqual(describeSchema(clean));
    db.close();
    clean.close();
  });

  it('v6 → v7 (orders by dispatch time): orders survive; only dispatched deliveries are in the index', async () => {
    const name = fresh('v6-v7');
    const base = {
      storeId: 'S001',
      orderNo: 'LL202611300001',
      pickupCodeHash: 'h1',
      customer: { maskedName: '周*', phoneLast4: '2018' },
      slotIds: [],
    };
    const pickedUp = { ...base, id: 'O1', status: 'collected', fulfilment: 'store_pickup' };
    const out = {
      ...base,
      id: 'O2',
      orderNo: 'LL202611300002',
      status: 'collected',
      fulfilment: 'scheduled_delivery',
      delivery: { riderId: 'R02', dispatchedAt: '2026-11-30T05:32:00.000Z', outcome: null },
    };
    const waiting = {
      ...base,
      id: 'O3',
      orderNo: 'LL202611300003',
      status: 'shelved',
      fulfilment: 'scheduled_delivery',
      delivery: { riderId: 'R02' },
    };
    await seedVersion(name, 6, { orders: [pickedUp, out, waiting] });
    const db = await openCurrent(name);
    expect(db.verno).toBe(DB_VERSION);
    expect((await db.orders.toArray()).map((o) => o.id).sort()).toEqual(['O1', 'O2', 'O3']);
    expect((await db.orders.where('delivery.dispatchedAt').above('').toArray()).map((o) => o.id)).toEqual([
      'O2',
    ]);
    const clean = await openCurrent(fresh('clean7'));
    expect(describeSchema(db)).toEqual(describeSchema(clean));
    db.close();
    clean.close();
  });

  it('v3 → v4 (running totals): the day totals are backfilled from the stored sales, refunds, pay-outs and voids', async () => {
    const name = fresh('v3-v4');
    const saleRow = (id: string, createdAt: string, totalFen: number, method: 'cash' | 'wechat') => ({
      id,
      receiptNo: `T1-${id}`,
      businessDate: createdAt.slice(0, 10),
      createdAt,
      terminalId: 'T1',
      staffId: 'C01',
      shiftId: 'sh-1',
      refundedQty: {},
      orderId: id === 's2' ? 'O1' : undefined,
      sale: {
        saleId: id,
        receiptNo: `T1-${id}`,
        lines: [{ sku: 'P1', name: '奶', qty: 1, unitPriceFen: totalFen, amountFen: totalFen }],
        totalFen,
        tenders: [{ method, amountFen: totalFen }],
      },
    });
    // Shanghai: 02:00Z is 10:00 on the 30th; 15:30Z is 23:30, after the 30th's close at 22:00 (14:00Z)
    const sales = [
      saleRow('s1', '2026-11-30T02:00:00.000Z', 1_000, 'cash'),
      saleRow('s2', '2026-11-30T03:10:00.000Z', 2_500, 'wechat'),
      saleRow('s3', '2026-11-30T15:30:00.000Z', 700, 'cash'),
      saleRow('s0', '2026-11-29T03:00:00.000Z', 400, 'cash'),
    ];
    await seedVersion(name, 3, {
      sales,
      refunds: [
        {
          id: 'r1',
          saleId: 's1',
          businessDate: '2026-11-30',
          createdAt: '2026-11-30T04:00:00.000Z',
          staffId: 'C01',
          shiftId: 'sh-1',
          refund: {
            refundId: 'r1',
            saleId: 's1',
            lines: [{ sku: 'P1', qty: 1, amountFen: 1_000 }],
            totalFen: 1_000,
            tenders: [{ method: 'cash', amountFen: 1_000 }],
            reason: '坏了',
          },
        },
      ],
      cashMovements: [
        {
          id: 'm1',
          shiftId: 'sh-1',
          createdAt: '2026-11-30T05:00:00.000Z',
          staffId: 'C01',
          terminalId: 'T1',
          kind: 'payOut',
          amountFen: 300,
          reason: '买袋子',
        },
      ],
      audit: [
        {
          id: 'a1',
          at: '2026-11-30T06:00:00.000Z',
          action: 'sale.voided',
          staffId: 'C01',
          refs: [],
          detail: { totalFen: 650 },
        },
      ],
      dayCloses: [
        {
          businessDate: '2026-11-30',
          state: 'closed',
          closedAt: '2026-11-30T14:00:00.000Z',
          closedBy: 'M01',
          provisional: false,
          unsyncedAtClose: 0,
        },
      ],
      meta: [
        {
          key: 'terminal',
          value: { hqUrl: 'http://hq', storeId: 'S001', terminalId: 'T1', apiKey: 'k' },
        },
        { key: 'entity:store:S001', value: { id: 'S001', name: '店', timeZone: 'Asia/Shanghai' } },
      ],
    });
    const db = await openCurrent(name);
    const day = await db.dayTotals.get(['2026-11-30', 'T1']);
    expect(day?.totals).toMatchObject({
      salesCount: 2,
      salesFen: 3_500,
      refundsCount: 1,
      refundsFen: 1_000,
      salesByTender: { cash: 1_000, card: 0, wechat: 2_500, alipay: 0 },
      payOutsFen: 300,
      afterCloseCount: 0,
    });
    expect([day?.voidsCount, day?.voidsFen]).toEqual([1, 650]);
    expect(day?.hourly[10]).toEqual({ salesCount: 1, salesFen: 1_000 });
    expect(day?.hourly[11]).toEqual({ salesCount: 1, salesFen: 2_500 });
    expect(day?.addOnOrders).toEqual({ O1: 1 });
    // after the close: carried into the 1st, flagged
    expect((await db.dayTotals.get(['2026-12-01', 'T1']))?.totals).toMatchObject({
      salesFen: 700,
      afterCloseCount: 1,
    });
    expect((await db.dayTotals.get(['2026-11-29', 'T1']))?.totals.salesFen).toBe(400);
    expect(await db.dayTotals.count()).toBe(3);
    expect(await db.sales.count()).toBe(4);
    const clean = await openCurrent(fresh('clean4'));
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
