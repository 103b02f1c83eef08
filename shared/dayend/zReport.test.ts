import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zReportCsv, zReportLines } from './reportLines';
import { collected, orderOf, refundOf, saleAt } from './testing';
import { addDayTotals, compareStoreTotals, compareTotals, dayTotals, emptyTotals } from './totals';
import type { MutationPayload } from '../contract/mutations';
import { type DayWork, recomputeDayWork, saleWork } from './dayWork';
import { attachRate, buildZReport, isDueOn, type ZOrder, type ZReportInput, type ZSale } from './zReport';

const TZ = 'Asia/Shanghai';
const DAY = '2026-11-30';
// Shanghai 2026-11-30 is [2026-11-29T16:00Z, 2026-11-30T16:00Z)
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(2026, 10, 29, 16 + h, m)).toISOString();
};

/** The report's input with the day's work given as rows, folded by the one recompute. */
const base = (
  over: Partial<ZReportInput> & {
    sales?: ZSale[];
    refunds?: ReturnType<typeof refundOf>[];
    movements?: { createdAt: string; terminalId: string; movement: MutationPayload<'cash.moved'> }[];
    voids?: { createdAt: string; amountFen: number }[];
  } = {},
): ZReportInput => {
  const { sales = [], refunds = [], movements = [], voids = [], ...rest } = over;
  const input: ZReportInput = {
    businessDate: DAY,
    timeZone: TZ,
    now: Date.parse(at('22:00')),
    closes: [],
    policy: { pickupGraceHours: 2, dueSoonMinutes: 30 },
    work: [],
    orders: [],
    ...rest,
  };
  const work: DayWork[] = [
    ...sales.map(saleWork),
    ...refunds.map((r) => ({ kind: 'refund' as const, ...r })),
    ...movements.map((m) => ({ kind: 'cash' as const, ...m })),
    ...voids.map((v) => ({ kind: 'void' as const, terminalId: 'T1', ...v })),
  ];
  return { ...input, work: recomputeDayWork(work, input.timeZone, input.closes, [input.businessDate]) };
};

describe('Z report', () => {
  it('totals sales, tenders, discounts, refunds and cash movements of the store’s day only', () => {
    const s1 = saleAt(at('09:05'), 1_000);
    const s2 = saleAt(
      at('09:40'),
      2_500,
      [
        { method: 'cash', amountFen: 500 },
        { method: 'wechat', amountFen: 2_000 },
      ],
      { discountFen: 300 },
    );
    const s3 = saleAt(at('18:10'), 4_000, [{ method: 'card', amountFen: 4_000 }]);
    const yesterday = saleAt('2026-11-29T15:59:00Z', 99_900); // 23:59 on the 29th, Shanghai
    const tomorrow = saleAt('2026-11-30T16:00:00Z', 88_800); // 00:00 on 1 December
    const r = buildZReport(
      base({
        sales: [s1, s2, s3, yesterday, tomorrow],
        refunds: [refundOf(s1, at('10:00'), 1_000)],
        movements: [
          {
            createdAt: at('12:00'),
            terminalId: 'T1',
            movement: {
              movementId: '00000000-0000-4000-8000-0000000000aa',
              shiftId: 'S',
              kind: 'payOut',
              amountFen: 2_000,
              reason: '买袋子',
            },
          },
        ],
        voids: [{ createdAt: at('11:00'), amountFen: 700 }],
      }),
    );
    expect(r.totals).toMatchObject({
      salesCount: 3,
      salesFen: 7_500,
      discountFen: 300,
      refundsCount: 1,
      refundsFen: 1_000,
      salesByTender: { cash: 1_500, card: 4_000, wechat: 2_000, alipay: 0 },
      refundsByTender: { cash: 1_000, card: 0, wechat: 0, alipay: 0 },
      payOutsFen: 2_000,
      payInsFen: 0,
    });
    expect(r.netFen).toBe(6_500);
    expect(r.averageSaleFen).toBe(2_500);
    expect([r.voidsCount, r.voidsFen]).toEqual([1, 700]);
    expect(r.hourly[9]).toEqual({ hour: 9, salesCount: 2, salesFen: 3_500, pickups: 0 });
    expect(r.hourly[18]!.salesCount).toBe(1);
    expect(r.hourly.reduce((s, h) => s + h.salesCount, 0)).toBe(3);
  });

  it('counts pickups due, collected, outstanding, overdue and returned', () => {
    const orders = [
      orderOf('A', { windowEnd: at('12:00'), ...collected(at('11:00')) }), // due, collected
      orderOf('B', { windowEnd: at('14:00') }), // due, still shelved, overdue at 16:00 < 22:00
      orderOf('C', { windowEnd: at('21:00') }), // due, outstanding, not yet overdue (23:00)
      orderOf('D', { windowEnd: '2026-11-28T10:00:00Z', ...collected(at('10:30')) }), // due earlier, collected today
      orderOf('E', { windowEnd: at('08:00'), status: 'returned', returnedAt: at('20:00') }), // due, returned
      orderOf('F', { windowEnd: at('13:00'), status: 'cancelled', cancelledAt: at('09:00') }), // not counted
      orderOf('G', { windowEnd: '2026-12-01T04:00:00Z' }), // due tomorrow
      orderOf('H', { windowEnd: at('10:00'), fulfilment: 'leader_delivery', ...collected(at('15:00')) }),
    ];
    const r = buildZReport(base({ orders }));
    expect(r.pickups).toMatchObject({ dueToday: 5, collected: 3, outstanding: 2, overdue: 1, returned: 1 });
    expect(r.pickups.selfPickup).toBe(2);
    expect(r.pickups.selfPickupShare).toBeCloseTo(2 / 3);
    expect(r.hourly[11]!.pickups).toBe(1);
    expect(r.hourly[15]!.pickups).toBe(1);
  });

  it('attach rate: distinct pickup customers who also bought at the till that day', () => {
    const orders = [
      orderOf('A', { windowEnd: at('12:00'), customerRef: 'cu-1', ...collected(at('11:00')) }),
      orderOf('A2', { windowEnd: at('12:00'), customerRef: 'cu-1', ...collected(at('11:01')) }), // same customer
      orderOf('B', { windowEnd: at('12:00'), customerRef: 'cu-2', ...collected(at('12:00')) }),
      orderOf('C', { windowEnd: at('12:00'), ...collected(at('13:00')) }), // no ref: the order is the customer
      orderOf('D', { windowEnd: at('12:00'), customerRef: 'cu-4' }), // not collected: not a pickup customer
    ];
    const sales = [
      saleAt(at('11:02'), 500, undefined, { orderId: 'A' }), // add-on opened from the order
      saleAt(at('12:30'), 500, undefined, { customerRef: 'cu-2' }), // linked by customer
      saleAt(at('13:30'), 500, undefined, { customerRef: 'cu-4' }), // bought, but collected nothing
      saleAt('2026-11-30T17:00:00Z', 500, undefined, { orderId: 'C' }), // next day: does not attach
    ];
    const r = buildZReport(base({ orders, sales }));
    expect(r.pickups).toMatchObject({ pickupCustomers: 3, attachedCustomers: 2 });
    expect(r.pickups.attachRate).toBeCloseTo(2 / 3);
    expect(attachRate([], []).attachRate).toBeNull();
  });

  it('property: attach rate is within [0, 1] and never counts a customer twice', () => {
    const ref = fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5'), ref })),
        fc.array(
          fc.record({
            orderId: fc.option(fc.constantFrom('o1', 'o2', 'o9'), { nil: undefined }),
            customerRef: ref,
          }),
        ),
        (os, ss) => {
          const orders = os.map((o) => ({
            id: o.id,
            customer: { phoneLast4: '0000', ...(o.ref ? { customerRef: o.ref } : {}) },
          }));
          const a = attachRate(orders, ss);
          expect(a.attachedCustomers).toBeLessThanOrEqual(a.pickupCustomers);
          if (a.attachRate !== null) expect(a.attachRate).toBeGreaterThanOrEqual(0);
          if (a.attachRate !== null) expect(a.attachRate).toBeLessThanOrEqual(1);
          expect(attachRate(orders, [...ss, ...ss]).attachedCustomers).toBe(a.attachedCustomers);
        },
      ),
    );
  });

  it('work after the close is carried into the next day and flagged', () => {
    const closes = [{ businessDate: DAY, closedAt: at('22:00') }];
    const late = saleAt(at('22:30'), 1_000);
    const early = saleAt(at('21:00'), 2_000);
    const today = buildZReport(base({ closes, sales: [early, late] }));
    expect([today.totals.salesCount, today.totals.salesFen, today.totals.afterCloseCount]).toEqual([
      1, 2_000, 0,
    ]);
    const next = buildZReport(base({ businessDate: '2026-12-01', closes, sales: [early, late] }));
    expect([next.totals.salesCount, next.totals.salesFen, next.totals.afterCloseCount]).toEqual([
      1, 1_000, 1,
    ]);
  });

  it('the store totals are the same numbers the report shows, per terminal too', () => {
    const s1 = saleAt(at('09:00'), 1_000);
    const s2 = { ...saleAt(at('10:00'), 3_000), terminalId: 'T2' };
    const work = [s1, s2].map((s) => ({
      kind: 'sale' as const,
      terminalId: s.terminalId,
      createdAt: s.createdAt,
      sale: s.sale,
    }));
    const t = dayTotals(work, DAY, TZ, []);
    expect(t.store.salesFen).toBe(4_000);
    expect(t.terminals.get('T2')!.salesFen).toBe(3_000);
    expect(buildZReport(base({ sales: [s1, s2] })).totals).toEqual(t.store);
    const lines = compareTotals(t.store, {
      ...t.store,
      salesByTender: { ...t.store.salesByTender, cash: 3_999 },
    });
    expect(lines.filter((l) => !l.match)).toEqual([
      { key: 'salesByTender.cash', local: 4_000, hq: 3_999, match: false },
    ]);
  });

  it('CSV: UTF-8 BOM, CRLF, yuan decimals that add up to the day’s sales', () => {
    const r = buildZReport(base({ sales: [saleAt(at('09:05'), 1_005), saleAt(at('10:05'), 20_000)] }));
    const csv = zReportCsv(r, {
      title: ['邻里便利店, 日结报表', '2026-11-30'],
      header: ['类别', '项目', '数值'],
      section: (s) => s,
      line: (k) => k,
      hour: { header: ['时', '笔数', '金额', '提货'] },
    });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"邻里便利店, 日结报表"\r\n');
    expect(csv).toContain('\r\nsales,salesFen,210.05\r\n');
    expect(csv).toContain('\r\nsales,salesCount,2\r\n');
    expect(csv).toContain('\r\n09,1,10.05,0\r\n');
    expect(csv.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(zReportLines(r).find((l) => l.key === 'attachRate')!.value).toBeNull();
  });
});

describe('the store-level final check', () => {
  const line = (salesFen: number, cash = salesFen) => ({
    ...emptyTotals(),
    salesCount: salesFen ? 1 : 0,
    salesFen,
    salesByTender: { cash, card: 0, wechat: 0, alipay: 0 },
  });
  const bad = (sections: ReturnType<typeof compareStoreTotals>) =>
    sections.flatMap((s) =>
      s.lines.filter((l) => !l.match).map((l) => `${s.terminalId ?? 'store'}:${l.key}`),
    );

  it('matches when this terminal’s line and HQ’s store line (= every terminal’s) agree; other terminals are listed from HQ', () => {
    const sections = compareStoreTotals(new Map([['T1', line(800)]]), {
      store: addDayTotals(line(800), line(500)),
      terminals: [
        { terminalId: 'T1', totals: line(800) },
        { terminalId: 'T2', totals: line(500) },
      ],
    });
    expect(sections.map((s) => [s.terminalId, s.source])).toEqual([
      ['T1', 'local'],
      ['T2', 'hq'],
      [null, 'local'],
    ]);
    expect(bad(sections)).toEqual([]);
  });

  it('HQ missing part of this terminal’s work: its line and the store line differ, line by line', () => {
    const sections = compareStoreTotals(new Map([['T1', line(800)]]), {
      store: line(500),
      terminals: [{ terminalId: 'T1', totals: line(500) }],
    });
    expect(bad(sections)).toEqual([
      'T1:salesFen',
      'T1:salesByTender.cash',
      'store:salesFen',
      'store:salesByTender.cash',
    ]);
    expect(sections.at(-1)!.lines.find((l) => l.key === 'salesFen')).toMatchObject({ local: 800, hq: 500 });
  });

  it('a store total HQ cannot explain by its terminal lines is a mismatch even when every terminal matches', () => {
    const sections = compareStoreTotals(new Map([['T1', line(800)]]), {
      store: line(1_000),
      terminals: [{ terminalId: 'T1', totals: line(800) }],
    });
    expect(bad(sections)).toEqual(['store:salesFen', 'store:salesByTender.cash']);
  });

  it('this terminal sold but HQ has no line for it: compared with zero', () => {
    const sections = compareStoreTotals(new Map([['T1', line(800)]]), {
      store: emptyTotals(),
      terminals: [],
    });
    expect(bad(sections)).toContain('T1:salesFen');
    expect(bad(sections)).toContain('store:salesCount');
  });
});

describe('due today', () => {
  const bounds = { start: Date.parse('2026-11-29T16:00:00Z'), end: Date.parse('2026-11-30T16:00:00Z') };
  it('is the deadline (window end, or a later extension) within the store’s day; cancelled never', () => {
    const o = (end: string, extra: Partial<ZOrder> = {}) => orderOf('X', { windowEnd: end, ...extra });
    expect(isDueOn(o('2026-11-29T16:00:00.000Z'), bounds)).toBe(true); // 00:00, the day's first instant
    expect(isDueOn(o('2026-11-30T16:00:00.000Z'), bounds)).toBe(false); // the next day's 00:00
    expect(isDueOn(o('2026-11-29T15:59:59.000Z'), bounds)).toBe(false);
    expect(
      isDueOn(o('2026-11-29T12:00:00.000Z', { extendedUntil: '2026-11-30T04:00:00.000Z' }), bounds),
    ).toBe(true);
    expect(
      isDueOn(o('2026-11-30T04:00:00.000Z', { extendedUntil: '2026-12-01T04:00:00.000Z' }), bounds),
    ).toBe(false);
    expect(isDueOn(o('2026-11-30T04:00:00.000Z', { status: 'cancelled' }), bounds)).toBe(false);
    // collected before the day: still due that day
    expect(isDueOn(o('2026-11-30T04:00:00.000Z', collected('2026-11-29T10:00:00.000Z')), bounds)).toBe(true);
  });

  it('the report counts an order collected the day before its deadline as due, not outstanding, not collected today', () => {
    const r = buildZReport(
      base({ orders: [orderOf('A', { windowEnd: at('18:00'), ...collected('2026-11-29T10:00:00.000Z') })] }),
    );
    expect(r.pickups).toMatchObject({ dueToday: 1, outstanding: 0, collected: 0 });
  });
});
