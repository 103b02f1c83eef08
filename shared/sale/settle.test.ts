import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cart, type CartLine, cartTotals, lineAmountFen } from './cart';
import { DEFAULT_TILL_POLICY, type TillPolicy } from './policy';
import { amountDue, cashTender, settle } from './settle';

const line = (over: Partial<CartLine> = {}): CartLine => ({
  id: crypto.randomUUID(),
  sku: 'S00001',
  name: '蒙牛纯牛奶 250ml',
  unit: '盒',
  weighed: false,
  qty: 1,
  listPriceFen: 350,
  unitPriceFen: 350,
  discountFen: 0,
  ...over,
});
const cart = (lines: CartLine[], saleDiscountFen = 0): Cart => ({ lines, saleDiscountFen });
const policy = (over: Partial<TillPolicy> = {}): TillPolicy => ({ ...DEFAULT_TILL_POLICY, ...over });

const arbLine = fc
  .record({
    qty: fc.integer({ min: 1, max: 50 }),
    price: fc.integer({ min: 1, max: 200_000 }),
    grams: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    discountPct: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ qty, price, grams, discountPct }) => {
    const l = line(
      grams === undefined
        ? { qty, listPriceFen: price, unitPriceFen: price }
        : { weighed: true, qty: grams / 1000, weightGrams: grams, listPriceFen: price, unitPriceFen: price },
    );
    return { ...l, discountFen: Math.floor((lineAmountFen(l) * discountPct) / 100) };
  });

describe('cart totals', () => {
  it('weighed lines are price per kg × grams, half up', () => {
    const t = cartTotals(
      cart([line({ weighed: true, qty: 0.5, weightGrams: 500, listPriceFen: 1299, unitPriceFen: 1299 })]),
    );
    expect(t.linesFen).toBe(650);
  });
  it('property: lines − sale discount = subtotal, and the discount shares sum to the sale discount (never drift)', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (lines, d) => {
          const c = cart(lines, d);
          const t = cartTotals(c);
          const sum = lines.reduce((s, l) => s + lineAmountFen(l), 0);
          expect(t.linesFen).toBe(sum);
          expect(t.saleDiscountFen).toBe(Math.min(d, sum));
          expect(t.discountShares.reduce((s, x) => s + x, 0)).toBe(t.saleDiscountFen);
          expect(t.subtotalFen).toBe(sum - t.saleDiscountFen);
          lines.forEach((l, i) => expect(t.discountShares[i]).toBeLessThanOrEqual(lineAmountFen(l)));
          expect(Number.isInteger(t.subtotalFen)).toBe(true);
        },
      ),
    );
  });
});

describe('settle', () => {
  it('cash with change: ¥23.50 due, ¥50 tendered → ¥26.50 change', () => {
    const c = cart([line({ qty: 2, listPriceFen: 1175, unitPriceFen: 1175 })]);
    const s = settle(c, [cashTender('t1', 2350, 5000)], policy());
    expect(s).toMatchObject({ ok: true, dueFen: 2350, changeFen: 2650 });
    if (!s.ok) throw new Error();
    expect(s.payload.tenders).toEqual([
      { method: 'cash', amountFen: 2350, tenderedFen: 5000, changeFen: 2650 },
    ]);
    expect(s.payload.totalFen).toBe(2350);
    expect(s.payload.lines[0]).toEqual({
      sku: 'S00001',
      name: '蒙牛纯牛奶 250ml',
      qty: 2,
      unitPriceFen: 1175,
      amountFen: 2350,
    });
  });
  it('tendered less than due is refused with what is short', () => {
    const c = cart([line({ listPriceFen: 2000, unitPriceFen: 2000 })]);
    expect(settle(c, [cashTender('t1', 2000, 1000)], policy())).toEqual({
      ok: false,
      reason: 'underpaid',
      shortFen: 1000,
    });
  });
  it('change only from cash: a card tender over the rest is refused', () => {
    const c = cart([line({ listPriceFen: 2000, unitPriceFen: 2000 })]);
    expect(settle(c, [{ id: 'a', method: 'card', amountFen: 2500, reference: '1234' }], policy())).toEqual({
      ok: false,
      reason: 'changeFromNonCash',
      method: 'card',
    });
  });
  it('split tender: WeChat part then cash with change', () => {
    const c = cart([line({ listPriceFen: 3000, unitPriceFen: 3000 })]);
    const s = settle(
      c,
      [{ id: 'w', method: 'wechat', amountFen: 1000, reference: 'W1' }, cashTender('c', 2000, 5000)],
      policy(),
    );
    expect(s).toMatchObject({ ok: true, changeFen: 3000 });
  });
  it('an e-wallet tender keeps its payment id (the refund goes back to it); cash and card carry none', () => {
    const c = cart([line({ listPriceFen: 3000, unitPriceFen: 3000 })]);
    const s = settle(
      c,
      [
        { id: 'pay-1', method: 'alipay', amountFen: 1000, reference: 'A1' },
        { id: 'k', method: 'card', amountFen: 1000 },
        cashTender('c', 1000, 1000),
      ],
      policy(),
    );
    if (!s.ok) throw new Error(s.reason);
    expect(s.payload.tenders.map((t) => t.paymentId)).toEqual(['pay-1', undefined, undefined]);
  });
  it('抹零 to the yuan on cash only; a card sale pays the exact amount', () => {
    const c = cart([line({ listPriceFen: 1299, unitPriceFen: 1299 })]);
    const p = policy({ rounding: 'yuan', roundingScope: 'cash' });
    expect(amountDue(c, p, ['cash'])).toEqual({ subtotalFen: 1299, dueFen: 1200, roundingFen: -99 });
    expect(amountDue(c, p, ['card'])).toMatchObject({ dueFen: 1299, roundingFen: 0 });
    expect(amountDue(c, policy({ rounding: 'jiao', roundingScope: 'all' }), ['card']).dueFen).toBe(1290);
    const s = settle(c, [cashTender('c', 1200, 2000)], p);
    expect(s).toMatchObject({ ok: true, payload: { totalFen: 1200, roundingFen: -99 } });
  });
  it('an override carries the list price and a discount its amount', () => {
    const c = cart([line({ qty: 2, unitPriceFen: 300, discountFen: 50 })], 100);
    const s = settle(c, [cashTender('c', 450, 450)], policy());
    expect(s).toMatchObject({
      ok: true,
      payload: {
        lines: [{ unitPriceFen: 300, listPriceFen: 350, discountFen: 50, amountFen: 550 }],
        discountFen: 100,
        totalFen: 450,
      },
    });
  });
  it('property: the payload satisfies HQ’s arithmetic (lines − discount + rounding = total = tenders)', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom('none', 'jiao', 'yuan' as const),
        fc.integer({ min: 0, max: 100_000 }),
        (lines, d, rounding, extra) => {
          const c = cart(lines, d);
          const p = policy({ rounding });
          const { dueFen } = amountDue(c, p, ['cash']);
          fc.pre(dueFen > 0);
          const s = settle(c, [cashTender('c', dueFen, dueFen + extra)], p);
          if (!s.ok) throw new Error(s.reason);
          const sum = s.payload.lines.reduce((x, l) => x + l.amountFen, 0);
          expect(sum - (s.payload.discountFen ?? 0) + (s.payload.roundingFen ?? 0)).toBe(s.payload.totalFen);
          expect(s.payload.tenders.reduce((x, t) => x + t.amountFen, 0)).toBe(s.payload.totalFen);
          expect(s.changeFen).toBe(extra);
        },
      ),
    );
  });
});
