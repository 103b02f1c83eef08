import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByLargestRemainder } from './allocate';
import { percentOf, roundDue, roundingAdjustment, roundingApplies, weighedAmountFen } from './rounding';

const fen = fc.integer({ min: 0, max: 10_000_000 });
const weights = fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 40 });

describe('allocateByLargestRemainder', () => {
  it('splits ¥1.00 over three equal lines as 34/33/33 (earlier line wins the tie)', () => {
    expect(allocateByLargestRemainder(100, [500, 500, 500])).toEqual([34, 33, 33]);
  });
  it('gives the odd fen to the largest remainder, not the largest line', () => {
    // exact shares 10·(7/10)=7, 10·(2/10)=2, 10·(1/10)=1 → no remainder; 11 fen: 7.7, 2.2, 1.1 → 8,2,1
    expect(allocateByLargestRemainder(11, [700, 200, 100])).toEqual([8, 2, 1]);
    expect(allocateByLargestRemainder(5, [1, 1, 3])).toEqual([1, 1, 3]);
  });
  it('property: the shares always add up to the amount', () => {
    fc.assert(
      fc.property(fen, weights, (amount, ws) => {
        const shares = allocateByLargestRemainder(amount, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(amount);
      }),
    );
  });
  it('property: each share is within one fen of its exact proportion and never exceeds its line when the amount fits', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (ws, f) => {
        const total = ws.reduce((s, w) => s + w, 0);
        fc.pre(total > 0);
        const amount = Math.floor(total * f);
        const shares = allocateByLargestRemainder(amount, ws);
        shares.forEach((share, i) => {
          const exact = (amount * ws[i]!) / total;
          expect(Math.abs(share - exact)).toBeLessThan(1 + 1e-6);
          expect(share).toBeLessThanOrEqual(ws[i]!);
          expect(share).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });
  it('handles big amounts exactly (products beyond 2^53)', () => {
    const shares = allocateByLargestRemainder(999_999_999, [999_999_999, 3, 7]);
    expect(shares.reduce((s, x) => s + x, 0)).toBe(999_999_999);
  });
  it('refuses fractional fen', () => {
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [])).toThrow(RangeError);
  });
});

describe('抹零 rounding', () => {
  it('wipes the small change in the customer’s favour', () => {
    expect(roundDue(1234, 'none')).toBe(1234);
    expect(roundDue(1234, 'jiao')).toBe(1230);
    expect(roundDue(1299, 'yuan')).toBe(1200);
    expect(roundingAdjustment(1299, 'yuan')).toBe(-99);
    expect(roundDue(50, 'yuan')).toBe(0);
  });
  it('property: idempotent, never more than due, less than one step off', () => {
    fc.assert(
      fc.property(fen, fc.constantFrom('none', 'jiao', 'yuan' as const), (amount, mode) => {
        const once = roundDue(amount, mode);
        expect(roundDue(once, mode)).toBe(once);
        expect(once).toBeLessThanOrEqual(amount);
        expect(amount - once).toBeLessThan(mode === 'yuan' ? 100 : mode === 'jiao' ? 10 : 1);
        expect(once + -roundingAdjustment(amount, mode)).toBe(amount);
      }),
    );
  });
  it('applies to cash-only sales unless the store rounds every tender', () => {
    expect(roundingApplies('cash', ['cash'])).toBe(true);
    expect(roundingApplies('cash', ['cash', 'wechat'])).toBe(false);
    expect(roundingApplies('cash', [])).toBe(false);
    expect(roundingApplies('all', ['card'])).toBe(true);
  });
  it('weighed amounts are half up, as HQ computes them', () => {
    expect(weighedAmountFen(1299, 500)).toBe(650); // 649.5 → 650
    expect(weighedAmountFen(1000, 1)).toBe(1);
    expect(weighedAmountFen(1000, 0)).toBe(0);
    fc.assert(
      fc.property(fen, fc.integer({ min: 1, max: 99_999 }), (price, grams) => {
        expect(weighedAmountFen(price, grams)).toBe(Math.round((price * grams) / 1000));
      }),
    );
    expect(percentOf(1999, 5)).toBe(100);
  });
});
