import { afterEach, describe, expect, it } from 'vitest';
import type { StorePolicy } from '@shared/contract';
import type { Cart, CartLine } from '@shared/sale/cart';
import { cashTender } from '@shared/sale/settle';
import { PermissionDeniedError } from '@shared/staff/roles';
import type { LinliDb } from '../database';
import { manualClock, seededDb, STORE } from '../../testing/staff';
import { openShift } from './shifts';
import { grantApproval } from './staff';
import {
  completeSale,
  findSaleByReceipt,
  getHeldCart,
  holdCart,
  listHeldCarts,
  refundSale,
  SaleRefusedError,
} from './sales';

let db: LinliDb;
afterEach(() => db?.close());

const milk: CartLine = {
  id: 'l1',
  sku: 'S00001',
  name: '蒙牛纯牛奶 250ml',
  unit: '盒',
  weighed: false,
  qty: 2,
  listPriceFen: 350,
  unitPriceFen: 350,
  discountFen: 0,
};
const tomato: CartLine = {
  id: 'l2',
  sku: 'P10001',
  name: '西红柿',
  unit: 'kg',
  weighed: true,
  qty: 0.5,
  weightGrams: 500,
  listPriceFen: 698,
  unitPriceFen: 698,
  fixedAmountFen: 349,
  discountFen: 0,
};
const cartOf = (...lines: CartLine[]): Cart => ({ lines, saleDiscountFen: 0 });

async function tillDb(policy: Partial<StorePolicy> = {}): Promise<LinliDb> {
  const d = await seededDb();
  await d.meta.put({
    key: `entity:store:${STORE}`,
    value: { id: STORE, name: '邻里店', timeZone: 'Asia/Shanghai' },
  });
  await d.meta.put({
    key: `entity:storePolicy:${STORE}`,
    value: {
      storeId: STORE,
      pickupGraceHours: 24,
      dueSoonMinutes: 30,
      cashDifferenceThresholdFen: 1000,
      refundApprovalThresholdFen: 5000,
      rounding: 'none',
      ...policy,
    },
  });
  await d.stock.bulkPut([
    { storeId: STORE, sku: 'S00001', qty: 10, updatedAt: '2026-11-30T00:00:00.000Z' },
    { storeId: STORE, sku: 'P10001', qty: 20_000, updatedAt: '2026-11-30T00:00:00.000Z' },
  ]);
  // a sale needs an open shift (./shifts.ts); its own mutation is not the till's to count
  await openShift(d, { count: { 'note-100': 5 } }, { staffId: 'C01' });
  await d.outbox.clear();
  await d.audit.clear();
  return d;
}

/** Counts of every table a sale may write: a refusal must leave them all as they were. */
async function counts(d: LinliDb) {
  return {
    sales: await d.sales.count(),
    refunds: await d.refunds.count(),
    outbox: await d.outbox.count(),
    audit: await d.audit.count(),
    counters: await d.receiptCounters.toArray(),
    stock: await d.stock.toArray(),
  };
}

// 2026-11-30 23:30 in Shanghai is 15:30 UTC: the business day is the store's, not UTC's.
const lateEvening = () => manualClock(Date.parse('2026-11-30T15:30:00Z'));

it('refuses a sale without an open shift and writes nothing', async () => {
  db = await tillDb();
  await db.shifts.clear();
  const before = await db.outbox.count();
  await expect(
    completeSale(db, { cart: cartOf(milk), tenders: [cashTender('t1', 700, 700)] }, { staffId: 'C01' }),
  ).rejects.toMatchObject({ refusal: { reason: 'no-open-shift' } });
  expect([await db.sales.count(), await db.outbox.count(), (await db.stock.get('S00001'))?.qty]).toEqual([
    0,
    before,
    10,
  ]);
});

describe('completeSale', () => {
  it('writes the sale, receipt number, stock, mutation and audit in one go', async () => {
    db = await tillDb();
    const clock = lateEvening();
    const { sale, changeFen, mutation } = await completeSale(
      db,
      { cart: cartOf(milk, tomato), tenders: [cashTender('t1', 1049, 2000)] },
      { staffId: 'C01' },
      { clock },
    );
    expect(changeFen).toBe(951);
    expect(sale).toMatchObject({
      receiptNo: 'T1-20261130-0001',
      businessDate: '2026-11-30',
      terminalId: 'T1',
      staffId: 'C01',
      shiftId: (await db.shifts.toCollection().first())!.id,
      refundedQty: {},
    });
    expect(sale.sale.totalFen).toBe(1049);
    expect(await db.sales.get(sale.id)).toEqual(sale);
    expect(mutation).toMatchObject({ type: 'sale.completed', payload: sale.sale, staffId: 'C01' });
    expect(mutation.affects.sort()).toEqual(['stockLevel:P10001', 'stockLevel:S00001']);
    expect((await db.stock.get('S00001'))?.qty).toBe(8);
    expect((await db.stock.get('P10001'))?.qty).toBe(19_500);
    expect(await db.audit.where('action').equals('sale.completed').count()).toBe(1);

    const second = await completeSale(
      db,
      { cart: cartOf(milk), tenders: [cashTender('t2', 700, 700)] },
      { staffId: 'C01' },
      { clock },
    );
    expect(second.sale.receiptNo).toBe('T1-20261130-0002');
    clock.advance(60 * 60_000); // past midnight in Shanghai: a new business day restarts the serial
    const third = await completeSale(
      db,
      { cart: cartOf(milk), tenders: [cashTender('t3', 700, 700)] },
      { staffId: 'C01' },
      { clock },
    );
    expect(third.sale.receiptNo).toBe('T1-20261201-0001');
    expect((await findSaleByReceipt(db, 't1-20261130-0002'))?.id).toBe(second.sale.id);
  });

  it('refuses tendered less than due, a zero or absurd quantity, a zero price — writing nothing', async () => {
    db = await tillDb();
    const before = await counts(db);
    const refuse = async (cart: Cart, tendered: number) => {
      const error = await completeSale(
        db,
        { cart, tenders: [cashTender('t', 10_000_000, tendered)] },
        { staffId: 'C01' },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SaleRefusedError);
      return (error as SaleRefusedError).refusal;
    };
    expect(await refuse(cartOf(milk), 500)).toEqual({ reason: 'underpaid', shortFen: 200 });
    expect(await refuse(cartOf({ ...milk, qty: 0 }), 0)).toMatchObject({
      reason: 'badLine',
      detail: 'qty:zero',
    });
    expect(await refuse(cartOf({ ...milk, qty: 6_901_234 }), 0)).toMatchObject({ detail: 'qty:tooLarge' });
    expect(await refuse(cartOf({ ...milk, unitPriceFen: 0 }), 0)).toMatchObject({ detail: 'price:zero' });
    expect(await refuse(cartOf({ ...milk, unitPriceFen: -5 }), 0)).toMatchObject({
      detail: 'price:negative',
    });
    expect(await refuse(cartOf(), 0)).toEqual({ reason: 'emptyCart' });
    expect(await counts(db)).toEqual(before);
  });

  it('a price override without a manager is refused and audited; with an approval it completes once', async () => {
    db = await tillDb();
    const clock = lateEvening();
    const cart = cartOf({ ...milk, unitPriceFen: 300 });
    const before = await counts(db);
    await expect(
      completeSale(db, { cart, tenders: [cashTender('t', 600, 600)] }, { staffId: 'C01' }, { clock }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await db.sales.count()).toBe(before.sales);
    expect(await db.stock.toArray()).toEqual(before.stock);
    expect(await db.audit.where('action').equals('staff.permissionDenied').count()).toBe(1);

    const approval = await grantApproval(db, 'M01', 'C01', 'priceOverride', { clock });
    const { sale } = await completeSale(
      db,
      { cart, tenders: [cashTender('t', 600, 600)] },
      { staffId: 'C01', approval },
      { clock },
    );
    expect(sale.sale).toMatchObject({ approvedBy: 'M01', lines: [{ listPriceFen: 350, unitPriceFen: 300 }] });
    // The approval is spent: it cannot approve a second override.
    await expect(
      completeSale(
        db,
        { cart, tenders: [cashTender('t', 600, 600)] },
        { staffId: 'C01', approval },
        { clock },
      ),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('a discount within the store threshold needs no manager; 抹零 applies to cash', async () => {
    db = await tillDb({ discountApprovalThresholdFen: 100, rounding: 'yuan' });
    const cart: Cart = { lines: [{ ...milk, qty: 3 }], saleDiscountFen: 50 }; // 1050 − 50 = 1000
    const { sale } = await completeSale(
      db,
      { cart, tenders: [cashTender('t', 1000, 1000)] },
      { staffId: 'C01' },
    );
    expect(sale.sale).toMatchObject({ discountFen: 50, totalFen: 1000 });
    expect(sale.sale.approvedBy).toBeUndefined();
    const odd: Cart = {
      lines: [{ ...milk, qty: 1, unitPriceFen: 350, listPriceFen: 350 }],
      saleDiscountFen: 0,
    };
    const r = await completeSale(db, { cart: odd, tenders: [cashTender('t', 300, 500)] }, { staffId: 'C01' });
    expect(r.sale.sale).toMatchObject({ totalFen: 300, roundingFen: -50 });
    expect(r.changeFen).toBe(200);
  });

  it('links an add-on sale to its pickup order and customer, and removes the held cart it resumed', async () => {
    db = await tillDb();
    const held = await holdCart(db, cartOf(milk), { staffId: 'C01' });
    const cart: Cart = { ...cartOf(milk), customer: { orderId: 'O000001', phoneLast4: '1234', ref: 'CUS1' } };
    const { sale } = await completeSale(
      db,
      { cart, tenders: [cashTender('t', 700, 700)], heldCartId: held.id },
      { staffId: 'C01' },
    );
    expect(sale).toMatchObject({ orderId: 'O000001', customerPhoneLast4: '1234', customerRef: 'CUS1' });
    expect(sale.sale.orderId).toBe('O000001');
    expect(await db.sales.where('orderId').equals('O000001').count()).toBe(1);
    expect(await getHeldCart(db, held.id)).toBeUndefined();
  });
});

describe('held carts', () => {
  it('parks carts oldest first and keeps them until resumed and paid', async () => {
    db = await tillDb();
    const clock = lateEvening();
    const a = await holdCart(db, cartOf(milk), { staffId: 'C01' }, { clock });
    clock.advance(1000);
    const b = await holdCart(db, cartOf(tomato), { staffId: 'C01' }, { clock });
    expect((await listHeldCarts(db)).map((h) => h.id)).toEqual([a.id, b.id]);
    expect((await getHeldCart(db, b.id))?.cart.lines[0]?.sku).toBe('P10001');
  });
});

describe('refundSale', () => {
  it('returns stock, records sale.refunded with line indexes, and refuses refunding a line twice', async () => {
    db = await tillDb();
    const { sale } = await completeSale(
      db,
      { cart: cartOf(milk, tomato), tenders: [cashTender('t', 1049, 1049)] },
      { staffId: 'C01' },
    );
    const { refund, mutation } = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '破损' },
      { staffId: 'C01' },
    );
    expect(refund.refund).toMatchObject({
      saleId: sale.id,
      lines: [{ sku: 'S00001', qty: 1, amountFen: 350, line: 0 }],
      totalFen: 350,
      tenders: [{ method: 'cash', amountFen: 350 }],
      restock: true,
    });
    expect(mutation.type).toBe('sale.refunded');
    expect((await db.stock.get('S00001'))?.qty).toBe(9);
    expect((await db.sales.get(sale.id))?.refundedQty).toEqual({ 0: 1 });

    await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 1, qty: 0.5 }], reason: '不新鲜' },
      { staffId: 'C01' },
    );
    expect((await db.stock.get('P10001'))?.qty).toBe(20_000);
    const before = await counts(db);
    const again = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 1, qty: 0.5 }], reason: 'x' },
      { staffId: 'C01' },
    ).catch((e: unknown) => e);
    expect((again as SaleRefusedError).refusal).toMatchObject({ reason: 'alreadyRefunded', name: '西红柿' });
    const tooMany = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 2 }], reason: 'x' },
      { staffId: 'C01' },
    ).catch((e: unknown) => e);
    expect((tooMany as SaleRefusedError).refusal).toMatchObject({ reason: 'exceedsSold', remainingQty: 1 });
    expect(await counts(db)).toEqual(before);
  });

  it('a refund above the store threshold needs a manager', async () => {
    db = await tillDb({ refundApprovalThresholdFen: 500 });
    const { sale } = await completeSale(
      db,
      { cart: cartOf({ ...milk, qty: 3 }), tenders: [cashTender('t', 1050, 1050)] },
      { staffId: 'C01' },
    );
    await expect(
      refundSale(db, { saleId: sale.id, lines: [{ line: 0, qty: 2 }], reason: 'x' }, { staffId: 'C01' }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await db.refunds.count()).toBe(0);
    await refundSale(db, { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: 'x' }, { staffId: 'C01' });
    const approval = await grantApproval(db, 'M01', 'C01', 'refundAboveThreshold');
    const { refund } = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 2 }], reason: 'x' },
      { staffId: 'C01', approval },
    );
    expect(refund.refund.approvedBy).toBe('M01');
  });
});
