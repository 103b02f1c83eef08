import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashDifference, cashMovementRefusal, expectedCash } from './cash';
import {
  DENOMINATIONS,
  InvalidCountError,
  countByValue,
  parsePieces,
  sumDenominations,
} from './denominations';

const tender = (method: 'cash' | 'card' | 'wechat' | 'alipay', amountFen: number) => ({ method, amountFen });

describe('denominations', () => {
  it('sums a drawer count in fen, notes and coins alike', () => {
    expect(sumDenominations({ 'note-100': 3, 'note-0.5': 1, 'coin-0.5': 1, 'coin-0.1': 7 })).toBe(30_170);
    expect(sumDenominations({})).toBe(0);
    expect(countByValue({ 'note-1': 2, 'coin-1': 3, 'note-5': 0 })).toEqual({ '100': 5 });
  });

  it('refuses letters, negative and fractional counts before they become a number', () => {
    expect(parsePieces('12')).toEqual({ ok: true, pieces: 12 });
    expect(parsePieces('')).toEqual({ ok: true, pieces: 0 });
    expect(parsePieces('１２')).toEqual({ ok: true, pieces: 12 });
    expect(parsePieces('1a')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parsePieces('-3')).toEqual({ ok: false, reason: 'negative' });
    expect(parsePieces('2.5')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(() => sumDenominations({ 'note-100': -1 })).toThrow(InvalidCountError);
    expect(() => sumDenominations({ 'note-100': 1.5 })).toThrow(InvalidCountError);
    expect(() => sumDenominations({ 'note-3': 1 })).toThrow(InvalidCountError);
  });

  it('property: the sum is the fen value of every piece, whatever the split between fields', () => {
    const count = fc.record(
      Object.fromEntries(DENOMINATIONS.map((d) => [d.id, fc.integer({ min: 0, max: 500 })])) as Record<
        string,
        fc.Arbitrary<number>
      >,
    );
    fc.assert(
      fc.property(count, (c) => {
        const total = sumDenominations(c);
        const byValue = countByValue(c);
        expect(Object.entries(byValue).reduce((s, [fen, n]) => s + Number(fen) * n, 0)).toBe(total);
        expect(Number.isInteger(total)).toBe(true);
        expect(total % 10).toBe(0);
      }),
    );
  });
});

describe('expected cash', () => {
  it('is float + cash sales − cash refunds + pay-ins − pay-outs; other tenders do not touch the drawer', () => {
    const e = expectedCash({
      floatFen: 50_000,
      sales: [
        { tenders: [tender('cash', 1_230)] },
        { tenders: [tender('cash', 500), tender('wechat', 700)] },
        { tenders: [tender('card', 9_900)] },
      ],
      refunds: [{ tenders: [tender('cash', 230)] }, { tenders: [tender('alipay', 100)] }],
      movements: [
        { kind: 'payIn', amountFen: 10_000 },
        { kind: 'payOut', amountFen: 3_000 },
      ],
    });
    expect(e).toEqual({
      floatFen: 50_000,
      cashSalesFen: 1_730,
      cashRefundsFen: 230,
      payInsFen: 10_000,
      payOutsFen: 3_000,
      expectedFen: 58_500,
    });
  });

  it('property: fen exact and order-independent; change given never enters the drawer', () => {
    const amount = fc.integer({ min: 0, max: 1_000_000 });
    const method = fc.constantFrom('cash' as const, 'card' as const, 'wechat' as const, 'alipay' as const);
    const sale = fc.record({
      tenders: fc.array(fc.record({ method, amountFen: amount }), { minLength: 1, maxLength: 3 }),
    });
    const movement = fc.record({
      kind: fc.constantFrom('payIn' as const, 'payOut' as const),
      amountFen: amount,
    });
    fc.assert(
      fc.property(
        amount,
        fc.array(sale),
        fc.array(sale),
        fc.array(movement),
        (floatFen, sales, refunds, movements) => {
          const e = expectedCash({ floatFen, sales, refunds, movements });
          const reversed = expectedCash({
            floatFen,
            sales: [...sales].reverse(),
            refunds: [...refunds].reverse(),
            movements: [...movements].reverse(),
          });
          expect(reversed.expectedFen).toBe(e.expectedFen);
          expect(Number.isSafeInteger(e.expectedFen)).toBe(true);
          // adding a cash sale of x raises expected by exactly x
          const more = expectedCash({
            floatFen,
            sales: [...sales, { tenders: [tender('cash', 777)] }],
            refunds,
            movements,
          });
          expect(more.expectedFen - e.expectedFen).toBe(777);
          expect(e.expectedFen).toBe(
            floatFen + e.cashSalesFen - e.cashRefundsFen + e.payInsFen - e.payOutsFen,
          );
        },
      ),
    );
  });

  it('needs the manager only beyond the threshold, over or short', () => {
    expect(cashDifference(10_500, 10_000, 500)).toEqual({ differenceFen: 500, needsManager: false });
    expect(cashDifference(10_501, 10_000, 500)).toEqual({ differenceFen: 501, needsManager: true });
    expect(cashDifference(9_499, 10_000, 500)).toEqual({ differenceFen: -501, needsManager: true });
  });

  it('refuses a pay-out larger than the drawer, a zero amount and a missing reason', () => {
    expect(cashMovementRefusal('payOut', 10_001, '买菜', 10_000)).toBe('exceeds-drawer');
    expect(cashMovementRefusal('payOut', 10_000, '买菜', 10_000)).toBeNull();
    expect(cashMovementRefusal('payIn', 10_001, '补零钱', 10_000)).toBeNull();
    expect(cashMovementRefusal('payIn', 0, '补零钱', 10_000)).toBe('not-positive');
    expect(cashMovementRefusal('payIn', 100, '  ', 10_000)).toBe('reason-required');
  });
});
