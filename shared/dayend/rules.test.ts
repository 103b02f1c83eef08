import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeStatus, dayCloseRefusal } from './dayClose';
import { auditShelf } from './shelfAudit';
import { adjustmentsFor, parseCountedQty, stockVariance } from './stockVariance';

describe('stock variance', () => {
  const products = new Map([
    ['MILK', { priceFen: 650, weighed: false }],
    ['APPLE', { priceFen: 1_200, weighed: true }], // per kg; quantities in grams
  ]);

  it('in units and value, grams for weighed goods', () => {
    const v = stockVariance(
      [
        { sku: 'MILK', countedQty: 8, expectedQty: 10 },
        { sku: 'APPLE', countedQty: 2_250, expectedQty: 2_000 },
        { sku: 'MILK2', countedQty: 3, expectedQty: 3 },
      ],
      products,
    );
    expect(v.lines.map((l) => [l.deltaQty, l.deltaFen])).toEqual([
      [-2, -1_300],
      [250, 300],
      [0, 0],
    ]);
    expect([v.differing, v.unitsOver, v.unitsShort, v.valueFen]).toEqual([2, 250, 2, -1_000]);
    expect(adjustmentsFor(v.lines, () => '盘点差异')).toEqual([
      { sku: 'MILK', deltaQty: -2, reason: '盘点差异' },
      { sku: 'APPLE', deltaQty: 250, reason: '盘点差异' },
    ]);
  });

  it('property: the value is the sum of line values; over − short is the net delta', () => {
    const line = fc.record({
      sku: fc.constantFrom('MILK', 'APPLE'),
      countedQty: fc.integer({ min: 0, max: 100_000 }),
      expectedQty: fc.integer({ min: -1_000, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(line), (lines) => {
        const v = stockVariance(lines, products);
        expect(v.valueFen).toBe(v.lines.reduce((s, l) => s + l.deltaFen, 0));
        expect(v.unitsOver - v.unitsShort).toBe(lines.reduce((s, l) => s + l.countedQty - l.expectedQty, 0));
        for (const l of v.lines)
          expect(Math.sign(l.deltaFen) === Math.sign(l.deltaQty) || l.deltaFen === 0).toBe(true);
      }),
    );
  });

  it('refuses letters and negative counts', () => {
    expect(parseCountedQty('12')).toEqual({ ok: true, qty: 12 });
    expect(parseCountedQty('abc')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseCountedQty('-4')).toEqual({ ok: false, reason: 'negative' });
    expect(parseCountedQty('')).toEqual({ ok: false, reason: 'not-a-number' });
  });
});

describe('closing the day', () => {
  const ok = {
    businessDate: '2026-11-30',
    today: '2026-11-30',
    existingClose: null,
    openShiftIds: [],
    heldSales: 0,
    unsynced: 0,
    provisional: false,
  };
  it('refuses twice, with a shift open, with a held sale, or unsynced unless provisional', () => {
    expect(dayCloseRefusal(ok)).toBeNull();
    expect(dayCloseRefusal({ ...ok, existingClose: { closedAt: 'x' } })).toEqual({
      reason: 'already-closed',
      closedAt: 'x',
    });
    expect(dayCloseRefusal({ ...ok, openShiftIds: ['S1'] })).toEqual({
      reason: 'shift-open',
      shiftIds: ['S1'],
    });
    expect(dayCloseRefusal({ ...ok, heldSales: 2 })).toEqual({ reason: 'held-sale', count: 2 });
    expect(dayCloseRefusal({ ...ok, unsynced: 3 })).toEqual({ reason: 'unsynced', count: 3 });
    expect(dayCloseRefusal({ ...ok, unsynced: 3, provisional: true })).toBeNull();
    expect(dayCloseRefusal({ ...ok, businessDate: '2026-12-01' })).toEqual({ reason: 'future-day' });
  });
  it('is final only when synced and HQ matches', () => {
    expect(closeStatus({ unsynced: 1, hqChecked: true, mismatches: 0 })).toBe('provisional');
    expect(closeStatus({ unsynced: 0, hqChecked: false, mismatches: 0 })).toBe('awaiting-hq');
    expect(closeStatus({ unsynced: 0, hqChecked: true, mismatches: 2 })).toBe('mismatch');
    expect(closeStatus({ unsynced: 0, hqChecked: true, mismatches: 0 })).toBe('final');
  });
});

describe('shelf audit', () => {
  const expected = [
    { slotId: 'A1-01', orderId: 'O1', bagLabel: 'LL1-B1' },
    { slotId: 'A1-01', orderId: 'O1', bagLabel: 'LL1-B2' },
    { slotId: 'A1-02', orderId: 'O2', bagLabel: 'LL2-B1' },
    { slotId: 'C1-01', orderId: 'O3', bagLabel: 'LL3-B1' },
  ];
  it('finds missing bags, bags in the wrong slot and bags nobody expects; unaudited slots are not judged', () => {
    const r = auditShelf(
      expected,
      [
        { slotId: 'A1-01', bagLabel: 'LL1-B1' },
        { slotId: 'A1-01', bagLabel: 'LL2-B1' },
        { slotId: 'A1-02', bagLabel: 'LL9-B1' },
      ],
      new Set(['A1-01', 'A1-02']),
    );
    expect(r.confirmed).toBe(1);
    expect(r.exceptions).toEqual([
      { kind: 'wrongSlot', slotId: 'A1-01', expectedSlotId: 'A1-02', orderId: 'O2', bagLabel: 'LL2-B1' },
      { kind: 'unexpected', slotId: 'A1-02', bagLabel: 'LL9-B1' },
      { kind: 'missing', slotId: 'A1-01', orderId: 'O1', bagLabel: 'LL1-B2' },
    ]);
  });
  it('a full, correct audit has no exceptions', () => {
    const r = auditShelf(expected, expected, new Set(expected.map((b) => b.slotId)));
    expect(r).toEqual({ confirmed: 4, exceptions: [] });
  });
});
