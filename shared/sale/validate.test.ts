import { describe, expect, it } from 'vitest';
import { saleApprovalNeed } from './approval';
import { checkDiscount, checkPrice, checkQuantity, checkWeight } from './validate';

describe('quantities and prices the clerk types', () => {
  it('refuses zero, negative, fractional units and absurd quantities', () => {
    expect(checkQuantity(3)).toEqual({ ok: true });
    expect(checkQuantity(0)).toEqual({ ok: false, reason: 'zero' });
    expect(checkQuantity(-1)).toEqual({ ok: false, reason: 'negative' });
    expect(checkQuantity(1.5)).toEqual({ ok: false, reason: 'fractional' });
    expect(checkQuantity(6901234567892)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkQuantity(Number.NaN)).toEqual({ ok: false, reason: 'notANumber' });
    expect(checkWeight(100_001)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkWeight(250)).toEqual({ ok: true });
  });
  it('refuses zero, negative and absurd prices', () => {
    expect(checkPrice(1)).toEqual({ ok: true });
    expect(checkPrice(0)).toEqual({ ok: false, reason: 'zero' });
    expect(checkPrice(-100)).toEqual({ ok: false, reason: 'negative' });
    expect(checkPrice(10_000_000)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkPrice(null)).toEqual({ ok: false, reason: 'notANumber' });
    expect(checkDiscount(501, 500)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(checkDiscount(500, 500)).toEqual({ ok: true });
  });
});

describe('manager approval for a sale', () => {
  const base = { sku: 'S1', name: 'x', qty: 2, unitPriceFen: 500, amountFen: 1000 };
  it('no override and no discount: no manager', () => {
    expect(saleApprovalNeed({ lines: [base] }, 0)).toEqual({
      priceOverride: false,
      reductionFen: 0,
      needsManager: false,
    });
  });
  it('any price override needs a manager, even upwards', () => {
    expect(saleApprovalNeed({ lines: [{ ...base, listPriceFen: 400 }] }, 10_000).needsManager).toBe(true);
  });
  it('discounts need a manager only above the store threshold', () => {
    const sale = { lines: [{ ...base, discountFen: 100, amountFen: 900 }], discountFen: 50 };
    expect(saleApprovalNeed(sale, 150)).toMatchObject({ reductionFen: 150, needsManager: false });
    expect(saleApprovalNeed(sale, 149).needsManager).toBe(true);
    expect(saleApprovalNeed(sale, 0).needsManager).toBe(true);
  });
});
