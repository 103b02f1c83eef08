import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MutationPayload } from '../contract';
import { lineNets, planRefund, refundable, refundExceedsSale } from './refund';

type Sale = MutationPayload<'sale.completed'>;
const sale: Pick<Sale, 'lines' | 'totalFen'> = {
  lines: [
    { sku: 'S1', name: '牛奶', qty: 3, unitPriceFen: 350, amountFen: 1050 },
    { sku: 'P10001', name: '西红柿', qty: 0.5, weightGrams: 500, unitPriceFen: 698, amountFen: 349 },
    { sku: 'S2', name: '面包', qty: 1, unitPriceFen: 600, amountFen: 600 },
  ],
  // ¥1.99 off the whole sale (discount 抹零 included): lines 1999 → 1800
  totalFen: 1800,
};
const refundOf = (lines: { line: number; sku: string; qty: number; amountFen: number }[]) => ({ lines });

describe('refund limits', () => {
  it('nets add up to what the customer paid', () => {
    const nets = lineNets(sale);
    expect(nets.reduce((s, n) => s + n, 0)).toBe(1800);
    expect(nets).toEqual([946, 314, 540]); // 199 off shared 105/35/59 … by largest remainder
  });
  it('a partial refund pays its proportion; the last unit pays what is left', () => {
    const first = planRefund(sale, [], [{ line: 0, qty: 1 }]);
    expect(first).toEqual({
      ok: true,
      lines: [{ line: 0, sku: 'S1', qty: 1, amountFen: 315 }],
      totalFen: 315,
    });
    if (!first.ok) throw new Error();
    const second = planRefund(sale, [refundOf(first.lines)], [{ line: 0, qty: 2 }]);
    expect(second).toMatchObject({ ok: true, totalFen: 946 - 315 });
  });
  it('refusing a line already refunded, and more than is left across refunds', () => {
    const all = planRefund(sale, [], [{ line: 2, qty: 1 }]);
    if (!all.ok) throw new Error();
    expect(planRefund(sale, [refundOf(all.lines)], [{ line: 2, qty: 1 }])).toEqual({
      ok: false,
      reason: 'alreadyRefunded',
      line: 2,
      name: '面包',
    });
    const two = planRefund(sale, [], [{ line: 0, qty: 2 }]);
    if (!two.ok) throw new Error();
    expect(planRefund(sale, [refundOf(two.lines)], [{ line: 0, qty: 2 }])).toMatchObject({
      ok: false,
      reason: 'exceedsSold',
      remainingQty: 1,
    });
  });
  it('weighed lines are refunded whole; units must be whole; unknown lines refused', () => {
    expect(planRefund(sale, [], [{ line: 1, qty: 0.2 }])).toMatchObject({
      ok: false,
      reason: 'partialWeighed',
    });
    expect(planRefund(sale, [], [{ line: 1, qty: 0.5 }])).toMatchObject({ ok: true, totalFen: 314 });
    expect(planRefund(sale, [], [{ line: 0, qty: 1.5 }])).toMatchObject({ ok: false, reason: 'badQuantity' });
    expect(planRefund(sale, [], [{ line: 9, qty: 1 }])).toMatchObject({ ok: false, reason: 'unknownLine' });
    expect(planRefund(sale, [], [])).toEqual({ ok: false, reason: 'empty' });
  });
  it('HQ: a refund from another terminal that goes past what is left is refused; by SKU too', () => {
    const t1 = refundOf([{ line: 0, sku: 'S1', qty: 2, amountFen: 630 }]);
    expect(
      refundExceedsSale(sale, [t1], refundOf([{ line: 0, sku: 'S1', qty: 1, amountFen: 315 }])),
    ).toBeNull();
    expect(
      refundExceedsSale(sale, [t1], refundOf([{ line: 0, sku: 'S1', qty: 2, amountFen: 630 }])),
    ).toMatchObject({
      reason: 'exceedsSold',
    });
    // An older client names only the SKU.
    expect(refundExceedsSale(sale, [t1], { lines: [{ sku: 'S1', qty: 2, amountFen: 600 }] })).toMatchObject({
      reason: 'exceedsSold',
    });
    // The amount is limited too: one unit cannot take the whole line's money.
    expect(
      refundExceedsSale(sale, [], refundOf([{ line: 2, sku: 'S2', qty: 1, amountFen: 541 }])),
    ).not.toBeNull();
  });
  it('property: any sequence of planned refunds never exceeds the quantity sold or the money paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ line: fc.integer({ min: 0, max: 2 }), qty: fc.integer({ min: 1, max: 3 }) }), {
          maxLength: 12,
        }),
        (requests) => {
          const done: { lines: { line: number; sku: string; qty: number; amountFen: number }[] }[] = [];
          for (const r of requests) {
            const qty = r.line === 1 ? 0.5 : r.qty;
            const plan = planRefund(sale, done, [{ line: r.line, qty }]);
            if (plan.ok) {
              expect(refundExceedsSale(sale, done, refundOf(plan.lines))).toBeNull();
              done.push(refundOf(plan.lines));
            }
          }
          const rows = refundable(sale, done);
          rows.forEach((row) => {
            expect(row.refundedQty).toBeLessThanOrEqual(row.soldQty + 1e-9);
            expect(row.refundedFen).toBeLessThanOrEqual(row.netFen);
          });
          const paidBack = done.reduce((s, d) => s + d.lines.reduce((x, l) => x + l.amountFen, 0), 0);
          expect(paidBack).toBeLessThanOrEqual(sale.totalFen);
          if (rows.every((row) => row.remainingQty <= 1e-9)) expect(paidBack).toBe(sale.totalFen);
        },
      ),
    );
  });
});
