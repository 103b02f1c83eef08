import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rider } from '../contract/dispatch';
import {
  awaitsDispatch,
  bagRefusal,
  deliveryLate,
  dispatchBoard,
  dispatchRefusal,
  isOutForDelivery,
  outForDelivery,
  riderByCode,
  riderRun,
  runProgress,
  slotsFreedBy,
  windowKey,
  windowLabel,
  windowTimings,
  type DispatchOrder,
} from './rules';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-30T06:30:00Z'); // 14:30 in Shanghai
const win = (startHoursFromNow: number) => ({
  start: new Date(NOW + startHoursFromNow * HOUR).toISOString(),
  end: new Date(NOW + (startHoursFromNow + 1) * HOUR).toISOString(),
});

let serial = 0;
function order(extra: Partial<DispatchOrder> = {}): DispatchOrder {
  serial += 1;
  const orderNo = `LL20261130${String(serial).padStart(4, '0')}`;
  return {
    id: `ord-${orderNo}`,
    orderNo,
    fulfilment: 'scheduled_delivery',
    status: 'shelved',
    bags: [
      { label: `${orderNo}-B1`, zone: 'ambient' },
      { label: `${orderNo}-B2`, zone: 'chilled' },
    ],
    slotAssignments: [
      { bagLabel: `${orderNo}-B1`, slotId: 'A1-01', at: '2026-11-30T05:00:00Z' },
      { bagLabel: `${orderNo}-B2`, slotId: 'C1-02', at: '2026-11-30T05:00:00Z' },
    ],
    pickupWindow: win(1),
    delivery: { riderId: 'R01' },
    collection: null,
    cancelReason: null,
    ...extra,
  };
}

const riders: Rider[] = [
  {
    id: 'R01',
    storeId: 'S001',
    name: '周师傅',
    phoneLast4: '1234',
    badge: 'RD-R01',
    qrToken: 'LRQ1.abcdefgh1',
    active: true,
  },
  {
    id: 'R02',
    storeId: 'S001',
    name: '吴师傅',
    phoneLast4: '5678',
    badge: 'RD-R02',
    qrToken: 'LRQ1.zyxwvuts2',
    active: false,
  },
];

describe('which orders wait for a rider', () => {
  it('scheduled deliveries that are here (arrived or shelved), not back from a failed delivery', () => {
    expect(awaitsDispatch(order())).toBe(true);
    expect(awaitsDispatch(order({ status: 'arrived', slotAssignments: [] }))).toBe(true);
    expect(awaitsDispatch(order({ status: 'pending' }))).toBe(false);
    expect(awaitsDispatch(order({ status: 'collected' }))).toBe(false);
    expect(awaitsDispatch(order({ status: 'cancelled' }))).toBe(false);
    expect(awaitsDispatch(order({ fulfilment: 'store_pickup' }))).toBe(false);
    expect(awaitsDispatch(order({ fulfilment: 'leader_delivery' }))).toBe(false);
    expect(
      awaitsDispatch(order({ status: 'arrived', delivery: { riderId: 'R01', outcome: 'failed' } })),
    ).toBe(false);
  });
});

describe('a scheduled delivery HQ has not given a rider yet', () => {
  const unassigned = order({ pickupWindow: win(1), delivery: undefined });
  it('waits on the board, is in no rider’s run, and its bag is refused as nobody’s', () => {
    expect(awaitsDispatch(unassigned)).toBe(true);
    expect(dispatchBoard([unassigned], NOW).map((w) => w.orders)).toEqual([[unassigned]]);
    expect(riderRun([unassigned], 'R01')).toBeNull();
    const run = { riderId: 'R01', key: windowKey(win(1)) };
    expect(bagRefusal(run, [], unassigned.bags[0]!.label, unassigned)).toMatchObject({
      reason: 'otherRider',
      riderId: null,
    });
  });
});

describe('delivery windows against the store clock', () => {
  it('late once begun; the earliest of the rest is next, the others later', () => {
    const timings = windowTimings([win(2), win(-0.5), win(1), win(-3), win(1)], NOW);
    expect(timings.get(windowKey(win(-3)))).toBe('late');
    expect(timings.get(windowKey(win(-0.5)))).toBe('late');
    expect(timings.get(windowKey(win(1)))).toBe('next');
    expect(timings.get(windowKey(win(2)))).toBe('later');
    expect(timings.size).toBe(4);
  });

  it('a window that starts right now is late; a millisecond before it is next', () => {
    expect(windowTimings([win(0)], NOW).get(windowKey(win(0)))).toBe('late');
    expect(windowTimings([win(0)], NOW - 1).get(windowKey(win(0)))).toBe('next');
  });

  it('the same instants spelled differently are one window', () => {
    const a = { start: '2026-11-30T08:00:00Z', end: '2026-11-30T09:00:00Z' };
    const b = { start: '2026-11-30T16:00:00+08:00', end: '2026-11-30T17:00:00.000+08:00' };
    expect(windowKey(a)).toBe(windowKey(b));
  });

  it('the board groups waiting orders by window, earliest first, and leaves the rest out', () => {
    const late = order({ pickupWindow: win(-1) });
    const next1 = order({ pickupWindow: win(1) });
    const next2 = order({ pickupWindow: win(1), delivery: { riderId: 'R02' } });
    const later = order({ pickupWindow: win(3), status: 'arrived', slotAssignments: [] });
    const gone = order({ pickupWindow: win(1), status: 'collected' });
    const pickup = order({ pickupWindow: win(1), fulfilment: 'store_pickup' });
    const board = dispatchBoard([later, next2, gone, late, next1, pickup], NOW);
    expect(board.map((w) => [w.timing, w.orders.map((o) => o.id)])).toEqual([
      ['late', [late.id]],
      ['next', [next1.id, next2.id]],
      ['later', [later.id]],
    ]);
  });

  it('labels a window in the store time zone, whatever the machine', () => {
    expect(windowLabel(win(1), 'Asia/Shanghai', 'zh-CN')).toBe('15:30–16:30');
    expect(windowLabel(win(1), 'America/New_York', 'zh-CN')).toBe('02:30–03:30');
  });
});

describe('the rider', () => {
  it('is found by badge (any case) or by the QR token of the rider’s own app', () => {
    expect(riderByCode(riders, 'RD-R01')?.id).toBe('R01');
    expect(riderByCode(riders, 'rd-r01')?.id).toBe('R01');
    expect(riderByCode(riders, ' LRQ1.abcdefgh1 ')?.id).toBe('R01');
  });

  it('a badge HQ printed its own way is read in any case; RD-<rider id> still finds the rider', () => {
    const own: Rider = { ...riders[0]!, id: 'R03', badge: 'Zhou-03', qrToken: 'LRQ1.ownbadge3' };
    expect(riderByCode([own], 'ZHOU-03')?.id).toBe('R03');
    expect(riderByCode([own], 'zhou-03')?.id).toBe('R03');
    expect(riderByCode([own], 'rd-r03')?.id).toBe('R03');
    expect(riderByCode([own], 'RD-R01')).toBeNull();
  });

  it('a code that is not a rider, an altered token or an inactive rider: nobody', () => {
    expect(riderByCode(riders, 'RD-R09')).toBeNull();
    expect(riderByCode(riders, 'LS-C01')).toBeNull();
    expect(riderByCode(riders, 'lrq1.abcdefgh1')).toBeNull();
    expect(riderByCode(riders, 'RD-R02')).toBeNull();
    expect(riderByCode(riders, 'LRQ1.zyxwvuts2')).toBeNull();
  });

  it('a run: the rider’s own orders of the rider’s earliest waiting window', () => {
    const first = order({ pickupWindow: win(-0.5) });
    const second = order({ pickupWindow: win(-0.5), status: 'arrived', slotAssignments: [] });
    const laterWindow = order({ pickupWindow: win(2) });
    const otherRider = order({ pickupWindow: win(-2), delivery: { riderId: 'R02' } });
    const unassigned = order({ pickupWindow: win(-0.5), delivery: { riderId: null } });
    const gone = order({ pickupWindow: win(-3), status: 'collected' });
    const run = riderRun([laterWindow, second, otherRider, first, unassigned, gone], 'R01');
    expect(run?.key).toBe(windowKey(win(-0.5)));
    expect(run?.orders.map((o) => o.id)).toEqual([first.id, second.id]);
    expect(riderRun([otherRider], 'R01')).toBeNull();
  });

  it('the earliest window whatever order the orders come in', () => {
    const early = order({ pickupWindow: win(-1) });
    const late = order({ pickupWindow: win(2) });
    expect(riderRun([early, late], 'R01')?.orders).toEqual([early]);
    expect(riderRun([late, early], 'R01')?.orders).toEqual([early]);
  });
});

describe('bag scans', () => {
  const mine = order({ pickupWindow: win(1) });
  const run = { riderId: 'R01', key: windowKey(win(1)) };
  const bag = (o: DispatchOrder, i = 0) => o.bags[i]!.label;

  it('a bag of the rider’s run is taken', () => {
    expect(bagRefusal(run, [], bag(mine), mine)).toBeNull();
    expect(bagRefusal(run, [bag(mine)], bag(mine, 1).toLowerCase(), mine)).toBeNull();
  });

  it('the same bag twice is refused, in any case', () => {
    expect(bagRefusal(run, [bag(mine)], bag(mine).toLowerCase(), mine)).toEqual({
      reason: 'alreadyScanned',
      bagLabel: bag(mine),
    });
  });

  it('a bag of another rider, of this rider’s other window, or of no one: refused with whose and which', () => {
    const other = order({ pickupWindow: win(1), delivery: { riderId: 'R02' } });
    expect(bagRefusal(run, [], bag(other), other)).toMatchObject({ reason: 'otherRider', riderId: 'R02' });
    const nobody = order({ pickupWindow: win(1), delivery: { riderId: null } });
    expect(bagRefusal(run, [], bag(nobody), nobody)).toMatchObject({ reason: 'otherRider', riderId: null });
    const laterWindow = order({ pickupWindow: win(3) });
    expect(bagRefusal(run, [], bag(laterWindow), laterWindow)).toMatchObject({
      reason: 'otherWindow',
      orderNo: laterWindow.orderNo,
      window: win(3),
    });
  });

  it('unknown bags, pickups, closed, pending and failed orders are refused', () => {
    expect(bagRefusal(run, [], 'LL202611309999-B1', undefined)?.reason).toBe('unknownBag');
    expect(bagRefusal(run, [], `${mine.orderNo}-B7`, mine)?.reason).toBe('unknownBag');
    const pickup = order({ pickupWindow: win(1), fulfilment: 'store_pickup' });
    expect(bagRefusal(run, [], bag(pickup), pickup)?.reason).toBe('notDelivery');
    const gone = order({ pickupWindow: win(1), status: 'collected' });
    expect(bagRefusal(run, [], bag(gone), gone)).toMatchObject({
      reason: 'closed',
      refusal: { reason: 'collected' },
    });
    const pending = order({ pickupWindow: win(1), status: 'pending', slotAssignments: [] });
    expect(bagRefusal(run, [], bag(pending), pending)?.reason).toBe('notReady');
    const failed = order({
      pickupWindow: win(1),
      status: 'arrived',
      delivery: { riderId: 'R01', outcome: 'failed' },
    });
    expect(bagRefusal(run, [], bag(failed), failed)?.reason).toBe('deliveryFailed');
  });
});

describe('the run’s completeness', () => {
  it('whole orders leave; a half-scanned order holds the handover; untouched ones stay', () => {
    const a = order();
    const b = order();
    const c = order();
    const none = runProgress([a, b, c], []);
    expect(none.canHandOver).toBe(false);
    expect(none.untouched).toEqual([a, b, c]);
    const half = runProgress([a, b, c], [...a.bags.map((x) => x.label), b.bags[0]!.label]);
    expect(half.complete).toEqual([a]);
    expect(half.partial).toEqual([{ order: b, missing: [b.bags[1]!.label] }]);
    expect(half.canHandOver).toBe(false);
    const two = runProgress(
      [a, b, c],
      [...a.bags, ...b.bags].map((x) => x.label.toLowerCase()),
    );
    expect(two.complete).toEqual([a, b]);
    expect(two.untouched).toEqual([c]);
    expect(two.canHandOver).toBe(true);
  });

  it('property: every order lands in exactly one group; handover needs a complete one and no partial one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
        (bagCounts, picks) => {
          const orders = bagCounts.map((n, i) =>
            order({
              bags: Array.from({ length: n }, (_, j) => ({ label: `O${i}-B${j + 1}`, zone: 'ambient' })),
            }),
          );
          const all = orders.flatMap((o) => o.bags.map((b) => b.label));
          const scanned = all.filter((_, i) => picks[i]);
          const p = runProgress(orders, scanned);
          expect(p.complete.length + p.partial.length + p.untouched.length).toBe(orders.length);
          for (const o of p.complete) expect(o.bags.every((b) => scanned.includes(b.label))).toBe(true);
          for (const o of p.untouched) expect(o.bags.some((b) => scanned.includes(b.label))).toBe(false);
          for (const { order: o, missing } of p.partial) {
            expect(missing.length).toBeGreaterThan(0);
            expect(missing.length).toBeLessThan(o.bags.length);
          }
          expect(p.canHandOver).toBe(p.complete.length > 0 && p.partial.length === 0);
        },
      ),
    );
  });
});

describe('the whole handover (terminal and HQ)', () => {
  const a = order({ pickupWindow: win(-0.5) });
  const b = order({ pickupWindow: win(-0.5), status: 'arrived', slotAssignments: [] });
  const byId = new Map([a, b].map((o) => [o.id, o]));
  const allBags = [...a.bags, ...b.bags].map((x) => x.label);
  const input = (extra: Partial<Parameters<typeof dispatchRefusal>[0]> = {}) => ({
    rider: riders[0],
    riderId: 'R01',
    orderIds: [a.id, b.id],
    bags: allBags,
    orderOf: (id: string) => byId.get(id),
    ...extra,
  });

  it('the rider’s orders of one window with exactly their bags: may leave', () => {
    expect(dispatchRefusal(input())).toBeNull();
  });

  it('an unknown or inactive rider, an unknown order, a bag twice, a bag too many or too few: refused', () => {
    expect(dispatchRefusal(input({ rider: undefined, riderId: 'R09' }))).toEqual({
      reason: 'unknownRider',
      riderId: 'R09',
    });
    expect(dispatchRefusal(input({ rider: riders[1], riderId: 'R02' }))?.reason).toBe('unknownRider');
    expect(dispatchRefusal(input({ orderIds: [a.id, 'ord-x'] }))).toEqual({
      reason: 'unknownOrder',
      orderId: 'ord-x',
    });
    expect(dispatchRefusal(input({ bags: [...allBags, allBags[0]!] }))?.reason).toBe('duplicateBag');
    expect(dispatchRefusal(input({ bags: [...allBags, 'LL202611309999-B1'] }))).toEqual({
      reason: 'foreignBag',
      bagLabel: 'LL202611309999-B1',
    });
    expect(dispatchRefusal(input({ bags: allBags.slice(1) }))).toEqual({
      reason: 'incomplete',
      orderId: a.id,
      missing: [a.bags[0]!.label],
    });
  });

  it('orders of two windows, of another rider or already gone: refused', () => {
    const other = order({ pickupWindow: win(2) });
    const twoWindows = new Map([...byId, [other.id, other]]);
    expect(
      dispatchRefusal(
        input({
          orderIds: [a.id, other.id],
          bags: [...a.bags, ...other.bags].map((x) => x.label),
          orderOf: (id) => twoWindows.get(id),
        }),
      ),
    ).toEqual({ reason: 'mixedWindows', orderId: other.id });
    const taken = { ...a, status: 'collected' as const };
    expect(dispatchRefusal(input({ orderOf: (id) => (id === a.id ? taken : byId.get(id)) }))).toMatchObject({
      reason: 'bag',
      orderId: a.id,
      refusal: { reason: 'closed' },
    });
    const reassigned = { ...b, delivery: { riderId: 'R02' } };
    expect(
      dispatchRefusal(input({ orderOf: (id) => (id === b.id ? reassigned : byId.get(id)) })),
    ).toMatchObject({ reason: 'bag', orderId: b.id, refusal: { reason: 'otherRider' } });
  });

  it('a refused order is named by its first bag, or by its number when it has none', () => {
    const reassigned = { ...b, delivery: { riderId: 'R02' } };
    expect(
      dispatchRefusal(input({ orderOf: (id) => (id === b.id ? reassigned : byId.get(id)) })),
    ).toMatchObject({ refusal: { reason: 'otherRider', bagLabel: b.bags[0]!.label, orderNo: b.orderNo } });
    const bagless = { ...b, bags: [], delivery: { riderId: 'R02' } };
    expect(dispatchRefusal(input({ orderOf: (id) => (id === b.id ? bagless : byId.get(id)) }))).toMatchObject(
      { refusal: { reason: 'otherRider', bagLabel: b.orderNo } },
    );
  });

  it('frees the slots of its shelved orders only', () => {
    expect(slotsFreedBy([a, b]).sort()).toEqual(['A1-01', 'C1-02']);
    expect(slotsFreedBy([b])).toEqual([]);
    // an order off the shelf occupies nothing, whatever slot it once had (HQ's occupancy rule)
    expect(slotsFreedBy([{ ...b, slotAssignments: a.slotAssignments }])).toEqual([]);
  });
});

describe('out for delivery', () => {
  const LEFT = '2026-11-30T06:00:00Z'; // 14:00 in Shanghai
  const out = (
    riderId: string | null,
    window: { start: string; end: string },
    extra: Partial<DispatchOrder> = {},
  ) =>
    order({
      status: 'collected',
      slotAssignments: [],
      pickupWindow: window,
      delivery: { riderId, dispatchedAt: LEFT, outcome: null },
      ...extra,
    });

  it('is a collected scheduled delivery that left with a rider and has no word back', () => {
    expect(isOutForDelivery(out('R01', win(0)))).toBe(true);
    // an outcome not sent yet may come as undefined as well as null
    expect(isOutForDelivery(out('R01', win(0), { delivery: { riderId: 'R01', dispatchedAt: LEFT } }))).toBe(
      true,
    );
    expect(
      isOutForDelivery(
        out('R01', win(0), { delivery: { riderId: 'R01', dispatchedAt: LEFT, outcome: 'delivered' } }),
      ),
    ).toBe(false);
    // a failed one is back at the store (arrived), and listed as such elsewhere
    expect(
      isOutForDelivery(
        out('R01', win(0), {
          status: 'arrived',
          delivery: { riderId: 'R01', dispatchedAt: LEFT, outcome: 'failed' },
        }),
      ),
    ).toBe(false);
    expect(isOutForDelivery(order())).toBe(false); // still on the shelf
    expect(isOutForDelivery(out('R01', win(0), { delivery: { riderId: 'R01' } }))).toBe(false); // never dispatched
    expect(isOutForDelivery(out('R01', win(0), { fulfilment: 'store_pickup' }))).toBe(false);
    expect(isOutForDelivery(out('R01', win(0), { status: 'cancelled' }))).toBe(false);
  });

  it('is late from the end of its window on, not before', () => {
    const o = out('R01', win(-1)); // 13:30–14:30, now is 14:30
    expect(deliveryLate(o, NOW)).toBe(true);
    expect(deliveryLate(o, NOW - 1)).toBe(false);
    // a window under way is not late yet (the board calls a window late once it starts: different question)
    expect(deliveryLate(out('R01', win(-0.5)), NOW)).toBe(false);
  });

  it('groups by rider (no rider last), each rider’s orders by window, then by when they left, then number', () => {
    const zhouLater = out('R01', win(2));
    const zhouLate = out('R01', win(-2));
    const zhouNowB = out('R01', win(0), {
      delivery: { riderId: 'R01', dispatchedAt: '2026-11-30T06:10:00Z' },
    });
    const zhouNowA = out('R01', win(0), {
      delivery: { riderId: 'R01', dispatchedAt: '2026-11-30T06:05:00Z' },
    });
    const sun = out('R02', win(-3));
    const nobody = out(null, win(-5));
    const delivered = out('R01', win(-4), {
      delivery: { riderId: 'R01', dispatchedAt: LEFT, outcome: 'delivered', outcomeAt: LEFT },
    });
    const list = outForDelivery(
      [nobody, sun, zhouLater, zhouNowB, delivered, zhouLate, zhouNowA, order()],
      NOW,
    );
    expect(list.riders.map((r) => r.riderId)).toEqual(['R01', 'R02', null]);
    expect(list.riders[0]!.orders.map((o) => o.order.id)).toEqual([
      zhouLate.id,
      zhouNowA.id,
      zhouNowB.id,
      zhouLater.id,
    ]);
    expect(list.riders[0]!.orders.map((o) => o.late)).toEqual([true, false, false, false]);
    expect(list.riders.map((r) => r.late)).toEqual([1, 1, 1]);
    expect(list.count).toBe(6);
    expect(list.late).toBe(3);
    expect(outForDelivery([], NOW)).toEqual({ riders: [], count: 0, late: 0 });
  });

  it('property: every order out is listed once, under its rider, in window order, late exactly when its window has passed', () => {
    const anOrder = fc.record({
      // weighted towards orders out, so most runs list several
      status: fc.constantFrom(
        'collected',
        'collected',
        'collected',
        'shelved',
        'arrived',
        'cancelled',
      ) as fc.Arbitrary<DispatchOrder['status']>,
      fulfilment: fc.constantFrom('scheduled_delivery', 'scheduled_delivery', 'store_pickup') as fc.Arbitrary<
        DispatchOrder['fulfilment']
      >,
      riderId: fc.constantFrom('R01', 'R02', 'R03', null),
      dispatched: fc.constantFrom(true, true, false),
      outcome: fc.constantFrom(null, undefined, null, 'delivered', 'failed') as fc.Arbitrary<
        'delivered' | 'failed' | null | undefined
      >,
      window: fc.integer({ min: -6, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.array(anOrder, { maxLength: 25 }),
        // on the half hour and in between: inside windows, at their ends, between them
        fc.oneof(
          fc.integer({ min: -6, max: 6 }).map((half) => (half * HOUR) / 2),
          fc.integer({ min: -3 * HOUR, max: 3 * HOUR }),
        ),
        (specs, shift) => {
          const orders = specs.map((s) =>
            order({
              status: s.status,
              fulfilment: s.fulfilment,
              pickupWindow: win(s.window),
              delivery: { riderId: s.riderId, dispatchedAt: s.dispatched ? LEFT : null, outcome: s.outcome },
            }),
          );
          const now = NOW + shift;
          const list = outForDelivery(orders, now);
          const listed = list.riders.flatMap((r) => r.orders.map((o) => o.order.id));
          expect(new Set(listed).size).toBe(listed.length);
          // out: the rider took it (collected, with a dispatch time) and no word came back
          const out = orders.filter(
            (o, i) =>
              specs[i]!.status === 'collected' &&
              specs[i]!.fulfilment === 'scheduled_delivery' &&
              specs[i]!.dispatched &&
              !specs[i]!.outcome,
          );
          expect(new Set(listed)).toEqual(new Set(out.map((o) => o.id)));
          expect(list.count).toBe(listed.length);
          for (const r of list.riders) {
            expect(new Set(r.orders.map((o) => o.order.delivery?.riderId ?? null))).toEqual(
              new Set([r.riderId]),
            );
            const starts = r.orders.map((o) => Date.parse(o.order.pickupWindow.start));
            expect(starts).toEqual([...starts].sort((a, b) => a - b));
            for (const o of r.orders) expect(o.late).toBe(now >= Date.parse(o.order.pickupWindow.end));
          }
          expect(list.late).toBe(list.riders.flatMap((r) => r.orders).filter((o) => o.late).length);
        },
      ),
    );
  });
});
