import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cart, CartLine } from '@shared/sale/cart';
import { buildZReport } from '@shared/dayend/zReport';
import { makeOrder } from '../../testing/fixtures';
import { manualClock, seededDb, STORE } from '../../testing/staff';
import { slotIdsOf } from './orders';
import type { LinliDb } from '../database';
import { loadZReportInput } from './dayClose';
import { exportRecovery, importRecovery } from './recovery';
import { getTerminalIdentity, setTerminalIdentity } from './terminal';
import { readDayTotals, recomputeDayTotals } from './dayTotals';
import { completeSale, holdCart, refundSale, voidCart } from './sales';
import { moveCash, openShift } from './shifts';

let db: LinliDb | undefined;
afterEach(() => db?.close());

const line = (id: string, priceFen: number, qty: number, discountFen = 0): CartLine => ({
  id,
  sku: 'S00001',
  name: '蒙牛纯牛奶 250ml',
  unit: '盒',
  weighed: false,
  qty,
  listPriceFen: priceFen,
  unitPriceFen: priceFen,
  discountFen,
});
const cartOf = (lines: CartLine[], customer?: Cart['customer']): Cart => ({
  lines,
  saleDiscountFen: 0,
  ...(customer ? { customer } : {}),
});

async function totalsDb(clock: ReturnType<typeof manualClock>): Promise<LinliDb> {
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
      refundApprovalThresholdFen: 1_000_000,
      cashMovementThresholdFen: 1_000_000,
      rounding: 'none',
    },
  });
  await d.stock.bulkPut([
    { storeId: STORE, sku: 'S00001', qty: 1_000, updatedAt: '2026-11-30T00:00:00.000Z' },
  ]);
  await openShift(d, { count: { 'note-100': 50 } }, { staffId: 'C01' }, { clock });
  return d;
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('sale' as const),
    priceFen: fc.integer({ min: 100, max: 20_000 }),
    qty: fc.integer({ min: 1, max: 3 }),
    discountFen: fc.integer({ min: 0, max: 50 }),
    method: fc.constantFrom('cash' as const, 'wechat' as const, 'card' as const, 'alipay' as const),
    orderId: fc.option(fc.constantFrom('O1', 'O2'), { nil: undefined }),
    ref: fc.option(fc.constantFrom('cu-1', 'cu-2'), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constantFrom('payIn' as const, 'payOut' as const),
    amountFen: fc.integer({ min: 1, max: 2_000 }),
  }),
  fc.record({ kind: fc.constant('void' as const), priceFen: fc.integer({ min: 1, max: 5_000 }) }),
);

describe('running day totals', () => {
  it('property: after any sequence of sales, refunds, pay-ins/outs and voids (across midnight and a close), running totals equal the recompute from the rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ op, minutes: fc.integer({ min: 0, max: 180 }) }), { maxLength: 18 }),
        fc.option(fc.integer({ min: 0, max: 12 * 60 }), { nil: undefined }),
        async (steps, closeAfterMinutes) => {
          // 2026-11-30 18:00 in Shanghai: the steps run on into the next days
          const clock = manualClock(Date.parse('2026-11-30T10:00:00Z'));
          db?.close();
          const d = (db = await totalsDb(clock));
          if (closeAfterMinutes !== undefined)
            await d.dayCloses.put({
              businessDate: '2026-11-30',
              state: 'closed',
              closedAt: new Date(
                Date.parse('2026-11-30T10:00:00Z') + closeAfterMinutes * 60_000,
              ).toISOString(),
              closedBy: 'M01',
              provisional: false,
              unsyncedAtClose: 0,
            });
          const sold: string[] = [];
          for (const { op, minutes } of steps) {
            clock.advance(minutes * 60_000);
            if (op.kind === 'sale') {
              const cart = cartOf([line('l1', op.priceFen, op.qty, op.discountFen)], {
                phoneLast4: '1234',
                ...(op.orderId ? { orderId: op.orderId } : {}),
                ...(op.ref ? { ref: op.ref } : {}),
              });
              const total = op.priceFen * op.qty - op.discountFen;
              const { sale } = await completeSale(
                d,
                {
                  cart,
                  tenders: [
                    {
                      id: 't1',
                      method: op.method,
                      amountFen: total,
                      ...(op.method === 'cash' ? { tenderedFen: total } : { reference: 'ref-1' }),
                    },
                  ],
                },
                { staffId: 'M01' },
                { clock },
              );
              sold.push(sale.id);
            } else if (op.kind === 'refund') {
              const saleId = sold[op.pick % Math.max(1, sold.length)];
              const sale = saleId ? await d.sales.get(saleId) : undefined;
              if (!sale || (sale.refundedQty[0] ?? 0) >= sale.sale.lines[0]!.qty) continue;
              await refundSale(
                d,
                { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '不要了' },
                {
                  staffId: 'M01',
                },
                { clock },
              );
            } else if (op.kind === 'void') {
              await voidCart(d, cartOf([line('v1', op.priceFen, 1)]), { staffId: 'C01' }, { clock });
            } else {
              await moveCash(
                d,
                { kind: op.kind, amountFen: op.amountFen, reason: '零钱' },
                {
                  staffId: 'M01',
                },
                { clock },
              );
            }
          }
          const byKey = (rows: { businessDate: string; terminalId: string }[]) =>
            [...rows].sort((a, b) => a.businessDate.localeCompare(b.businessDate));
          const running = byKey(await d.dayTotals.toArray());
          await recomputeDayTotals(d);
          const recomputed = byKey(await d.dayTotals.toArray());
          expect(running).toEqual(recomputed);
          // and the report of every day reads them: the sales add up to the rows
          let reported = 0;
          for (const row of running)
            reported += buildZReport(await loadZReportInput(d, row.businessDate, clock.now())).totals
              .salesFen;
          const stored = (await d.sales.toArray()).reduce((s, r) => s + r.sale.totalFen, 0);
          expect(reported).toBe(stored);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);

  it('a void is on record (sale.voided, to HQ as an audit event), counted in the day, and drops the held cart; an empty cart voids nothing', async () => {
    const clock = manualClock(Date.parse('2026-11-30T02:00:00Z'));
    const d = (db = await totalsDb(clock));
    const outboxBefore = await d.outbox.count();
    expect(await voidCart(d, cartOf([]), { staffId: 'C01' }, { clock })).toBeNull();
    expect(await d.outbox.count()).toBe(outboxBefore);

    const cart = cartOf([line('l1', 350, 2, 20), line('l2', 1_000, 1)]);
    const held = await holdCart(d, cart, { staffId: 'C01' }, { clock });
    clock.advance(60_000);
    const mutation = await voidCart(d, cart, { staffId: 'C01' }, { clock, heldCartId: held.id });
    expect(mutation).toMatchObject({
      type: 'audit.recorded',
      payload: { action: 'sale.voided', detail: { totalFen: 1_680, itemCount: 3 } },
    });
    const audit = await d.audit.where('action').equals('sale.voided').toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.staffId).toBe('C01');
    expect(await d.heldCarts.count()).toBe(0);
    const [day] = await readDayTotals(d, '2026-11-30');
    expect([day?.voidsCount, day?.voidsFen, day?.totals.salesCount]).toEqual([1, 1_680, 0]);
    const report = buildZReport(await loadZReportInput(d, '2026-11-30', clock.now()));
    expect([report.voidsCount, report.voidsFen]).toEqual([1, 1_680]);
  });
});

describe('the report’s pickups: due today', () => {
  it('counts every order whose deadline is that day, however it was settled — collected that morning, the day before, or not yet arrived', async () => {
    const clock = manualClock(Date.parse('2026-11-30T12:00:00Z')); // 20:00 in Shanghai
    const d = (db = await totalsDb(clock));
    const dueAt = '2026-11-30T10:00:00.000Z'; // 18:00 on the 30th
    const collected = (at: string) => ({
      status: 'collected' as const,
      collection: { at, terminalId: 'T1', staffId: 'C01', verifiedBy: 'code' as const, partial: false },
    });
    const window = { pickupWindow: { start: '2026-11-29T02:00:00.000Z', end: dueAt } };
    const orders = [
      makeOrder(1, { ...window, ...collected('2026-11-30T03:00:00.000Z') }), // due, collected that morning
      makeOrder(2, { ...window, ...collected('2026-11-29T09:00:00.000Z') }), // due, collected the day before
      makeOrder(3, { ...window, status: 'pending' }), // due, not yet at the store: outstanding
      makeOrder(4, { ...window, status: 'shelved' }), // due, on the shelf: outstanding
      makeOrder(5, { ...window, status: 'cancelled', cancelledAt: '2026-11-29T01:00:00.000Z' }), // never due
      makeOrder(6, {
        pickupWindow: { start: '2026-11-28T02:00:00.000Z', end: '2026-11-29T10:00:00.000Z' },
        ...collected('2026-11-29T11:00:00.000Z'),
      }), // due and collected the day before: not this day's
    ];
    await d.orders.bulkPut(orders.map((o) => ({ ...o, slotIds: slotIdsOf(o) })));
    const { pickups } = buildZReport(await loadZReportInput(d, '2026-11-30', clock.now()));
    expect(pickups).toMatchObject({ dueToday: 4, collected: 1, outstanding: 2 });
  });
});

describe('running totals after a recovery import', () => {
  it('the recovered sales, refunds and pay-outs count here (HQ counts them under the terminal that delivers them), once; recompute agrees', async () => {
    const clock = manualClock(Date.parse('2026-11-30T02:00:00Z'));
    const dead = await totalsDb(clock);
    // the terminal that died was T2 (its receipts are T2-…)
    const t1 = await getTerminalIdentity(dead);
    await setTerminalIdentity(dead, { ...t1!, terminalId: 'T2' });
    await dead.shifts.toCollection().modify({ terminalId: 'T2' });
    const sold = await completeSale(
      dead,
      { cart: cartOf([line('l1', 1_200, 2)]), tenders: [{ id: 't1', method: 'wechat', amountFen: 2_400 }] },
      { staffId: 'M01' },
      { clock },
    );
    clock.advance(60_000);
    await refundSale(
      dead,
      { saleId: sold.sale.id, lines: [{ line: 0, qty: 1 }], reason: '坏了' },
      { staffId: 'M01' },
      { clock },
    );
    await moveCash(dead, { kind: 'payOut', amountFen: 300, reason: '买袋子' }, { staffId: 'M01' }, { clock });
    const file = await exportRecovery(dead, { staffId: 'M01' }, { clock });
    dead.close();

    const d = (db = await totalsDb(clock));
    await completeSale(
      d,
      {
        cart: cartOf([line('l1', 500, 1)]),
        tenders: [{ id: 't1', method: 'cash', amountFen: 500, tenderedFen: 500 }],
      },
      { staffId: 'M01' },
      { clock },
    );
    await importRecovery(d, file, { staffId: 'M01' }, { clock });
    const [day] = await readDayTotals(d, '2026-11-30');
    expect(day?.totals).toMatchObject({
      salesCount: 2,
      salesFen: 2_900,
      refundsCount: 1,
      refundsFen: 1_200,
      salesByTender: { cash: 500, card: 0, wechat: 2_400, alipay: 0 },
      payOutsFen: 300,
    });
    const again = await importRecovery(d, file, { staffId: 'M01' }, { clock });
    expect(again.alreadyImported).toBe(true);
    const running = await d.dayTotals.toArray();
    await recomputeDayTotals(d);
    expect(await d.dayTotals.toArray()).toEqual(running);
  });
});
