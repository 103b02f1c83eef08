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

describe('add-on sales in the day’s row', () => {
  const at = (hhmm: string) => `2026-11-30T${hhmm}:00+08:00`;
  const sale = (time: string, extra: { orderId?: string; customerRef?: string; terminalId?: string } = {}) =>
    saleWork({ ...saleAt(at(time), 500), ...extra });

  it('counts sales per pickup order and per customer; a sale from neither counts for none', () => {
    const [row] = recomputeDayWork(
      [
        sale('10:00', { orderId: 'O1' }),
        sale('10:05', { orderId: 'O1', customerRef: 'CU1' }),
        sale('11:00', { customerRef: 'CU1' }),
        sale('12:00'),
      ],
      TZ,
      [],
    );
    expect(row?.totals.salesCount).toBe(4);
    expect(row?.addOnOrders).toEqual({ O1: 2 });
    expect(row?.addOnCustomers).toEqual({ CU1: 2 });
  });

  it('the store’s line adds the terminals’ counts', () => {
    const rows = recomputeDayWork(
      [
        sale('10:00', { orderId: 'O1', customerRef: 'CU1' }),
        sale('10:30', { orderId: 'O1', customerRef: 'CU1', terminalId: 'T2' }),
        sale('11:00', { orderId: 'O2', terminalId: 'T2' }),
      ],
      TZ,
      [],
    );
    const store = mergeDayWork('2026-11-30', rows);
    expect(store.addOnOrders).toEqual({ O1: 2, O2: 1 });
    expect(store.addOnCustomers).toEqual({ CU1: 2 });
  });
});

describe('recomputing chosen days', () => {
  /** What the fast clock must never change: the exact recompute (every instant through Intl), those days only. */
  const exactly = (work: DayWork[], timeZone: string, dates: string[]) =>
    recomputeDayWork(work, timeZone, []).filter((r) => dates.includes(r.businessDate));
  const byDay = <T extends { businessDate: string; terminalId: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (a.businessDate + a.terminalId).localeCompare(b.businessDate + b.terminalId));
  const sales = (...instants: string[]) => instants.map((t) => saleWork(saleAt(t, 100)));

  it('no days asked: no rows', () => {
    expect(recomputeDayWork(sales('2026-11-30T02:00:00Z'), TZ, [], [])).toEqual([]);
  });

  it('the day clocks go forward keeps each sale in its local hour (New York, 8 March 2026)', () => {
    // 01:30 EST and 10:00 EDT
    const work = sales('2026-03-08T06:30:00Z', '2026-03-08T14:00:00Z');
    const rows = recomputeDayWork(work, 'America/New_York', [], ['2026-03-08']);
    expect(rows).toEqual(exactly(work, 'America/New_York', ['2026-03-08']));
    expect(rows[0]?.hourly[1]?.salesCount).toBe(1);
    expect(rows[0]?.hourly[10]?.salesCount).toBe(1);
  });

  it('days asked in any order: a sale before the change keeps its hour', () => {
    // 6 March is winter time; 20 March is summer time
    const work = sales('2026-03-06T15:00:00Z', '2026-03-20T14:00:00Z');
    const dates = ['2026-03-20', '2026-03-06'];
    const rows = recomputeDayWork(work, 'America/New_York', [], dates);
    expect(byDay(rows)).toEqual(byDay(exactly(work, 'America/New_York', dates)));
    expect(rows.find((r) => r.businessDate === '2026-03-06')?.hourly[10]?.salesCount).toBe(1);
  });

  it('work carried in after an early close keeps its hour when clocks go back at midnight (Santiago, 5 April 2026)', () => {
    // 4 April closed at 21:30 (-03); a sale at 22:00 belongs to 5 April, at 22:00 — the clocks go back an hour later
    const closes = [{ businessDate: '2026-04-04', closedAt: '2026-04-05T00:30:00Z' }];
    const work = sales('2026-04-05T01:00:00Z', '2026-04-05T14:00:00Z');
    const rows = recomputeDayWork(work, 'America/Santiago', closes, ['2026-04-05']);
    expect(rows).toEqual(
      recomputeDayWork(work, 'America/Santiago', closes).filter((r) => r.businessDate === '2026-04-05'),
    );
    expect(rows[0]?.totals.salesCount).toBe(2);
    expect(rows[0]?.hourly[22]?.salesCount).toBe(1);
  });
});
