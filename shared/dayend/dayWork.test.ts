import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DayWork, foldAll, mergeDayWork, recomputeDayWork, saleWork } from './dayWork';
import { refundOf, saleAt } from './testing';
import { type WorkItem, dayTotals, emptyTotals } from './totals';

const TZ = 'Asia/Shanghai';
const T0 = Date.parse('2026-11-29T16:00:00Z'); // 2026-11-30 00:00 in Shanghai

const workArb: fc.Arbitrary<DayWork> = fc
  .record({
    minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    terminalId: fc.constantFrom('T1', 'T2'),
    kind: fc.constantFrom('sale', 'refund', 'payIn', 'payOut', 'void'),
    amountFen: fc.integer({ min: 1, max: 50_000 }),
    method: fc.constantFrom('cash' as const, 'card' as const, 'wechat' as const, 'alipay' as const),
    orderId: fc.option(fc.constantFrom('O1', 'O2'), { nil: undefined }),
  })
  .map(({ minute, terminalId, kind, amountFen, method, orderId }): DayWork => {
    const createdAt = new Date(T0 + minute * 60_000).toISOString();
    const sale = {
      ...saleAt(createdAt, amountFen, [{ method, amountFen }], orderId ? { orderId } : {}),
      terminalId,
    };
    if (kind === 'sale') return saleWork(sale);
    if (kind === 'refund') return { kind: 'refund', ...refundOf(sale, createdAt, amountFen, method) };
    if (kind === 'void') return { kind: 'void', terminalId, createdAt, amountFen };
    return {
      kind: 'cash',
      terminalId,
      createdAt,
      movement: { movementId: sale.id, shiftId: 'S', kind, amountFen, reason: '零钱' },
    };
  });

const closesArb = fc.array(
  fc.record({
    businessDate: fc.constantFrom('2026-11-30', '2026-12-01'),
    closedAt: fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => new Date(T0 + m * 60_000).toISOString()),
  }),
  { maxLength: 2 },
);

describe('the day-work fold', () => {
  it('property: folding work as it comes (in any chunks) equals the recompute over all of it', () => {
    fc.assert(
      fc.property(
        fc.array(workArb, { maxLength: 60 }),
        closesArb,
        fc.array(fc.nat(), { maxLength: 5 }),
        (work, closes, cuts) => {
          const running = new Map();
          let from = 0;
          for (const cut of [...cuts.map((c) => c % (work.length + 1)).sort((a, b) => a - b), work.length]) {
            foldAll(work.slice(from, Math.max(from, cut)), TZ, closes, running);
            from = Math.max(from, cut);
          }
          const sort = <T extends { businessDate: string; terminalId: string }>(xs: T[]) =>
            [...xs].sort((a, b) =>
              (a.businessDate + a.terminalId).localeCompare(b.businessDate + b.terminalId),
            );
          expect(sort([...running.values()])).toEqual(sort(recomputeDayWork(work, TZ, closes)));
        },
      ),
    );
  });

  it('property: its totals are HQ’s (shared dayTotals), per terminal and for the store; voids stay out of them', () => {
    fc.assert(
      fc.property(fc.array(workArb, { maxLength: 60 }), closesArb, (work, closes) => {
        const rows = recomputeDayWork(work, TZ, closes);
        const hqWork = work.filter((w): w is WorkItem => w.kind !== 'void');
        for (const date of ['2026-11-30', '2026-12-01', '2026-12-02']) {
          const hq = dayTotals(hqWork, date, TZ, closes);
          const ofDay = rows.filter((r) => r.businessDate === date);
          // a terminal that only voided has a row of zeros; HQ has no line for it
          for (const r of ofDay) expect(r.totals).toEqual(hq.terminals.get(r.terminalId) ?? emptyTotals());
          expect(mergeDayWork(date, ofDay).totals).toEqual(hq.store);
          const voids = work.filter((w) => w.kind === 'void');
          const merged = mergeDayWork(date, ofDay);
          expect(merged.hourly.reduce((s, h) => s + h.salesCount, 0)).toBe(hq.store.salesCount);
          expect(merged.voidsCount).toBeLessThanOrEqual(voids.length);
        }
      }),
    );
  });
});
