import { describe, expect, it } from 'vitest';
import {
  MAX_DETAIL_DEPTH,
  MAX_FEN,
  MAX_QTY,
  mutationSchema,
  orderSchema,
  storableProblem,
  textProblem,
} from './index';

/** The contract refuses what HQ's storage cannot hold, and nothing a store really records. */

const base = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  seq: 1,
  staffId: 'C01',
  createdAt: '2026-11-24T02:00:00.000Z',
};
const audit = (payload: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) =>
  mutationSchema.safeParse({
    ...base,
    ...envelope,
    type: 'audit.recorded',
    payload: { entryId: base.id, action: 'test', at: base.createdAt, ...payload },
  });
const nested = (depth: number): Record<string, unknown> => {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) v = { d: v };
  return v;
};

describe('contract bounds', () => {
  it('keeps ordinary text valid: Chinese, emoji (surrogate pairs), newlines', () => {
    expect(textProblem('王芳 收银台 1 🥬🍎\n备注')).toBeNull();
    expect(audit({ subject: '王芳 🥬', detail: { 备注: '冷藏 ❄', n: [1, { ok: true }] } }).success).toBe(
      true,
    );
  });

  it.each([
    ['U+0000', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'ab\udc00'],
  ])('refuses %s in any string, and in keys', (_what, text) => {
    expect(textProblem(text)).not.toBeNull();
    expect(audit({ subject: text }).success).toBe(false);
    expect(audit({ detail: { [text]: 1 } }).success).toBe(false);
    expect(storableProblem({ a: [{ b: text }] })?.path).toEqual(['a', 0, 'b']);
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z', false],
    ['an offset landing in year 0', '0001-01-01T00:00:00+23:59', false],
    ['1999', '1999-12-31T23:59:59Z', false],
    ['2200', '2200-01-01T00:00:00Z', false],
    ['2000', '2000-01-01T00:00:00Z', true],
    ['today with an offset', '2026-11-30T21:49:00+08:00', true],
  ])('createdAt in %s: valid %s', (_what, createdAt, valid) => {
    expect(audit({}, { createdAt }).success).toBe(valid);
  });

  it(`nests free-form detail at most ${MAX_DETAIL_DEPTH} deep`, () => {
    expect(audit({ detail: nested(MAX_DETAIL_DEPTH) }).success).toBe(true);
    expect(audit({ detail: nested(MAX_DETAIL_DEPTH + 1) }).success).toBe(false);
  });

  it('bounds quantities and money far above any store, below 2^53', () => {
    const adjust = (deltaQty: number) =>
      mutationSchema.safeParse({
        ...base,
        type: 'stock.adjusted',
        payload: { adjustmentId: base.id, lines: [{ sku: 'P1', deltaQty, reason: 'r' }] },
      }).success;
    expect(adjust(MAX_QTY)).toBe(true);
    expect(adjust(-MAX_QTY)).toBe(true);
    expect(adjust(MAX_QTY + 1)).toBe(false);
    expect(adjust(Number.MAX_SAFE_INTEGER)).toBe(false);
    const open = (floatFen: number) =>
      mutationSchema.safeParse({ ...base, type: 'shift.opened', payload: { shiftId: 's', floatFen } })
        .success;
    expect(open(MAX_FEN)).toBe(true);
    expect(open(MAX_FEN + 1)).toBe(false);
    expect(Number.isSafeInteger(MAX_FEN * 2)).toBe(true);
  });

  it('leaves the feed’s entities as they were (HQ data from before the bounds still parses)', () => {
    const order = {
      id: 'O1',
      orderNo: 'LL202611240001',
      storeId: 'S001',
      channel: 'mall',
      fulfilment: 'store_pickup',
      customer: { maskedName: '王*', phoneLast4: '1234' },
      items: [
        { sku: 'P1', name: '牛奶', qty: 2, unit: '盒', unitPriceFen: 350, amountFen: 700, zone: 'chilled' },
      ],
      bags: [{ label: 'LL202611240001-B1', zone: 'chilled' }],
      pickupWindow: { start: '1999-01-01T00:00:00.000Z', end: '1999-01-01T02:00:00.000Z' },
      paid: true,
      totalFen: 700,
      batchId: null,
      pickupCodeHash: 'a'.repeat(64),
      status: 'collected',
      slotAssignments: [],
      createdAt: '1999-01-01T00:00:00.000Z',
      updatedAt: '1999-01-01T00:00:00.000Z',
      version: 1,
    };
    const parsed = orderSchema.safeParse(order);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
