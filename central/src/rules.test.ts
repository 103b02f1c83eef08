import { describe, expect, it } from 'vitest';
import { MAX_STOCK_QTY, type Mutation, type Product, type Staff } from '../../shared/contract';
import { applyEffects, decide, DEFAULT_POLICY, type OrderView, type RuleState } from './rules';

/** HQ's push rules without HTTP or SQL: a mutation and a state in, an outcome and effects out. */

const NOW = '2026-11-24T04:00:00.000Z';
const ctx = { storeId: 'S001', terminalId: 'T1' };
const SALE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const REFUND = '1f8fad5b-d9cb-469f-a165-70867728950e';
const UUID = '2f8fad5b-d9cb-469f-a165-70867728950e';

const staff = (id: string, role: Staff['role'], active = true): Staff => ({
  id,
  storeId: 'S001',
  name: id,
  role,
  badge: `LS-${id}`,
  pin: { algorithm: 'pbkdf2-sha256', iterations: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' },
  active,
});
const product = (sku: string, weighed = false): Product => ({
  sku,
  barcodes: [],
  name: sku,
  pinyin: '',
  unit: weighed ? 'kg' : '个',
  priceFen: 500,
  weighed,
  zone: 'ambient',
  category: 'x',
  active: true,
});
const order = (id: string, extra: Partial<OrderView> = {}): OrderView => ({
  id,
  status: 'arrived',
  bags: [
    { label: `${id}-B1`, zone: 'ambient' },
    { label: `${id}-B2`, zone: 'chilled' },
  ] as OrderView['bags'],
  slotAssignments: [],
  collection: null,
  cancelReason: null,
  shelvedAt: null,
  items: [
    { sku: 'P1', qty: 2 },
    { sku: 'W1', qty: 0.5 },
  ],
  ...extra,
});

function state(extra: Partial<RuleState> = {}): RuleState {
  const orders: [string, OrderView][] = [
    ['O-arrived', order('O-arrived')],
    ['O-pending', order('O-pending', { status: 'pending' })],
    ['O-cancelled', order('O-cancelled', { status: 'cancelled', cancelReason: '顾客取消' })],
    [
      'O-collected',
      order('O-collected', {
        status: 'collected',
        collection: { at: NOW, terminalId: 'T2', staffId: 'C01', verifiedBy: 'code', partial: false },
      }),
    ],
    ['O-returned', order('O-returned', { status: 'returned' })],
    [
      'O-shelved',
      order('O-shelved', {
        status: 'shelved',
        slotAssignments: [
          { bagLabel: 'O-shelved-B1', slotId: 'A1-01', at: NOW },
          { bagLabel: 'O-shelved-B2', slotId: 'C1-01', at: NOW },
        ],
      }),
    ],
  ];
  return {
    staff: new Map([
      ['C01', staff('C01', 'clerk')],
      ['M01', staff('M01', 'manager')],
      ['M02', staff('M02', 'manager', false)],
      ['C02', staff('C02', 'clerk', false)],
    ]),
    policy: { storeId: 'S001', ...DEFAULT_POLICY },
    orders: new Map([
      ...orders.map(([id, data]): [string, { storeId: string; data: OrderView }] => [
        id,
        { storeId: 'S001', data },
      ]),
      ['O-other', { storeId: 'S002', data: order('O-other') }],
    ]),
    products: new Map([
      ['P1', product('P1')],
      ['W1', product('W1', true)],
    ]),
    stock: new Map([['P1', { storeId: 'S001', sku: 'P1', qty: 10, updatedAt: NOW }]]),
    slots: new Map([
      ['A1-01', { zone: 'ambient', capacity: 2 }],
      ['A1-02', { zone: 'ambient', capacity: 1 }],
      ['C1-01', { zone: 'chilled', capacity: 2 }],
    ]),
    occupancy: new Map([
      ['A1-01', 1],
      ['C1-01', 1],
      ['A1-02', 1],
    ]),
    sales: new Map([[SALE, { id: SALE, kind: 'sale', sale_id: null, total_fen: 1000 }]]),
    notes: new Map(),
    categories: new Set(['x']),
    shifts: new Map([
      ['open', { id: 'open', terminal_id: 'T1', status: 'open', data: {} }],
      ['closed', { id: 'closed', terminal_id: 'T1', status: 'closed', data: {} }],
    ]),
    days: new Map([
      ['2026-11-23', { business_date: '2026-11-23', provisional: false, mutation_id: UUID }],
      ['2026-11-22', { business_date: '2026-11-22', provisional: true, mutation_id: UUID }],
    ]),
    ...extra,
  };
}

const m = (type: Mutation['type'], payload: unknown, staffId = 'C01') =>
  ({ id: UUID, seq: 1, type, payload, staffId, createdAt: NOW }) as Mutation;
const sale = (over: Record<string, unknown> = {}, line: Record<string, unknown> = {}, staffId = 'C01') =>
  m(
    'sale.completed',
    {
      saleId: '3f8fad5b-d9cb-469f-a165-70867728950e',
      receiptNo: 'R1',
      lines: [{ sku: 'P1', name: 'P1', qty: 2, unitPriceFen: 500, amountFen: 1000, ...line }],
      totalFen: 1000,
      tenders: [{ method: 'cash', amountFen: 1000 }],
      ...over,
    },
    staffId,
  );
const refund = (totalFen: number, over: Record<string, unknown> = {}, staffId = 'C01') =>
  m(
    'sale.refunded',
    {
      refundId: REFUND,
      saleId: SALE,
      lines: [{ sku: 'P1', qty: 1, amountFen: totalFen }],
      totalFen,
      tenders: [{ method: 'cash', amountFen: totalFen }],
      reason: '退货',
      ...over,
    },
    staffId,
  );
const outcome = (mutation: Mutation, s = state()) => {
  const { outcome: o } = decide(mutation, s, ctx);
  return [o.status, o.code ?? null];
};

describe('central rules: who may act', () => {
  it.each([
    [
      'an unknown member',
      m('audit.recorded', { entryId: UUID, action: 'x', at: NOW }, 'Z99'),
      'unknown_staff',
    ],
    [
      'a deactivated member',
      m('audit.recorded', { entryId: UUID, action: 'x', at: NOW }, 'C02'),
      'unknown_staff',
    ],
    [
      'a clerk on a manager mutation',
      m('day.closed', { businessDate: '2026-11-24', provisional: false, unsyncedCount: 0 }),
      'forbidden_role',
    ],
    [
      'a clerk approved by a deactivated manager',
      m('day.closed', {
        businessDate: '2026-11-24',
        provisional: false,
        unsyncedCount: 0,
        approvedBy: 'M02',
      }),
      'forbidden_role',
    ],
  ])('refuses %s', (_what, mutation, code) => {
    expect(outcome(mutation)).toEqual(['rejected', code]);
  });

  it('lets a clerk act with an active manager’s approval', () => {
    expect(
      outcome(
        m('day.closed', {
          businessDate: '2026-11-24',
          provisional: false,
          unsyncedCount: 0,
          approvedBy: 'M01',
        }),
      ),
    ).toEqual(['applied', null]);
  });
});

describe('central rules: sales and refunds', () => {
  it.each([
    ['an unknown product', sale({}, { sku: 'NOPE' }), 'unknown_product'],
    ['a line amount off by more than a fen', sale({}, { amountFen: 1002 }), 'invalid_amounts'],
    [
      'a total that is not the lines',
      sale({ totalFen: 999, tenders: [{ method: 'cash', amountFen: 999 }] }),
      'invalid_amounts',
    ],
    [
      'tenders that do not add up',
      sale({ tenders: [{ method: 'cash', amountFen: 900 }] }),
      'invalid_amounts',
    ],
    [
      'change that does not match',
      sale({ tenders: [{ method: 'cash', amountFen: 1000, tenderedFen: 2000, changeFen: 500 }] }),
      'invalid_amounts',
    ],
    [
      'a discount by a clerk',
      sale({ discountFen: 100, totalFen: 900, tenders: [{ method: 'cash', amountFen: 900 }] }),
      'forbidden_role',
    ],
    ['a price override by a clerk', sale({}, { listPriceFen: 600 }), 'forbidden_role'],
    ['a sale id already recorded', sale({ saleId: SALE }), 'invalid_state'],
  ])('refuses a sale with %s', (_what, mutation, code) => {
    expect(outcome(mutation)).toEqual(['rejected', code]);
  });

  it('applies a sale: the sale and its stock movement (grams for weighed goods)', () => {
    const weighed = sale({
      lines: [{ sku: 'W1', name: 'W1', qty: 0.25, weightGrams: 250, unitPriceFen: 4000, amountFen: 1000 }],
    });
    const { outcome: o, effects } = decide(weighed, state(), ctx);
    expect(o.status).toBe('applied');
    expect(effects).toEqual([
      {
        kind: 'sale',
        sale: expect.objectContaining({
          id: '3f8fad5b-d9cb-469f-a165-70867728950e',
          kind: 'sale',
          sale_id: null,
          total_fen: 1000,
        }),
      },
      { kind: 'stock', sku: 'W1', delta: -250 },
    ]);
    expect(decide(sale({}, {}, 'M01'), state(), ctx).effects).toContainEqual({
      kind: 'stock',
      sku: 'P1',
      delta: -2,
    });
  });

  it.each([
    ['of an unknown sale', refund(100, { saleId: UUID }), 'rejected', 'unknown_sale'],
    ['with an id already used', refund(100, { refundId: SALE }), 'rejected', 'invalid_state'],
    ['beyond the sale', refund(1001, {}, 'M01'), 'rejected', 'invalid_amounts'],
    [
      'whose lines are not its total',
      refund(100, { lines: [{ sku: 'P1', qty: 1, amountFen: 50 }] }),
      'rejected',
      'invalid_amounts',
    ],
    [
      'whose tenders are not its total',
      refund(100, { tenders: [{ method: 'cash', amountFen: 50 }] }),
      'rejected',
      'invalid_amounts',
    ],
    [
      'of an unknown product',
      refund(100, { lines: [{ sku: 'NOPE', qty: 1, amountFen: 100 }] }),
      'rejected',
      'unknown_product',
    ],
  ])('refuses a refund %s', (_what, mutation, status, code) => {
    expect(outcome(mutation)).toEqual([status, code]);
  });

  it('needs a manager above the refund threshold; restocks unless told not to', () => {
    const big = refund(1000);
    const s = state({ policy: { storeId: 'S001', ...DEFAULT_POLICY, refundApprovalThresholdFen: 500 } });
    expect(outcome(big, s)).toEqual(['rejected', 'forbidden_role']);
    expect(decide(refund(100), state(), ctx).effects).toContainEqual({ kind: 'stock', sku: 'P1', delta: 1 });
    expect(
      decide(refund(100, { restock: false }), state(), ctx).effects.some((e) => e.kind === 'stock'),
    ).toBe(false);
  });

  it('refuses a refund that with earlier ones passes the sale', () => {
    const s = state();
    s.sales.set(UUID, { id: UUID, kind: 'refund', sale_id: SALE, total_fen: 800 });
    expect(outcome(refund(300), s)).toEqual(['rejected', 'invalid_amounts']);
    expect(outcome(refund(200), s)).toEqual(['applied', null]);
  });
});

describe('central rules: stock, shifts, days, audit', () => {
  const adjust = (deltaQty: number, sku = 'P1') =>
    m('stock.adjusted', { adjustmentId: UUID, lines: [{ sku, deltaQty, reason: '盘点' }] }, 'M01');

  it('counts and adjusts known products only; an adjustment moves stock', () => {
    expect(
      outcome(
        m('stock.counted', {
          countId: UUID,
          scope: 'full',
          lines: [{ sku: 'NOPE', countedQty: 1, expectedQty: 1 }],
        }),
      ),
    ).toEqual(['rejected', 'unknown_product']);
    expect(
      outcome(
        m('stock.counted', {
          countId: UUID,
          scope: 'full',
          lines: [{ sku: 'P1', countedQty: 1, expectedQty: 1 }],
        }),
      ),
    ).toEqual(['applied', null]);
    expect(outcome(adjust(5, 'NOPE'))).toEqual(['rejected', 'unknown_product']);
    expect(decide(adjust(-3), state(), ctx).effects).toEqual([{ kind: 'stock', sku: 'P1', delta: -3 }]);
  });

  it('a movement that takes stock from none to some marks it restocked (a wish comes back)', () => {
    const s = state();
    s.stock.set('P1', { storeId: 'S001', sku: 'P1', qty: 0, updatedAt: '2026-11-20T00:00:00.000Z' });
    const [level] = applyEffects(s, decide(adjust(4), s, ctx).effects, { ...ctx, at: NOW });
    expect(level).toEqual({ storeId: 'S001', sku: 'P1', qty: 4, updatedAt: NOW, restockedAt: NOW });
    // more on top of some is not a restock
    const [more] = applyEffects(s, decide(adjust(2), s, ctx).effects, {
      ...ctx,
      at: '2026-11-25T00:00:00.000Z',
    });
    expect(more).toMatchObject({ qty: 6, restockedAt: NOW });
  });

  it('refuses a movement that would take stock beyond what HQ keeps (the 2^53 defect)', () => {
    const s = state();
    s.stock.set('P1', { storeId: 'S001', sku: 'P1', qty: MAX_STOCK_QTY - 5, updatedAt: NOW });
    expect(outcome(adjust(5), s)).toEqual(['applied', null]);
    expect(outcome(adjust(6), s)).toEqual(['rejected', 'invalid_amounts']);
    expect(outcome(adjust(-2 * MAX_STOCK_QTY), s)).toEqual(['rejected', 'invalid_amounts']);
  });

  it.each([
    [
      'opening a shift that exists',
      m('shift.opened', { shiftId: 'open', floatFen: 0 }),
      'rejected',
      'invalid_state',
    ],
    ['opening a new shift', m('shift.opened', { shiftId: 'new', floatFen: 0 }), 'applied', null],
    [
      'cash into an unknown shift',
      m('cash.moved', { movementId: UUID, shiftId: 'x', kind: 'payIn', amountFen: 1, reason: 'r' }),
      'rejected',
      'invalid_state',
    ],
    [
      'cash into a closed shift',
      m('cash.moved', { movementId: UUID, shiftId: 'closed', kind: 'payIn', amountFen: 1, reason: 'r' }),
      'conflict',
      'already_closed',
    ],
    [
      'cash into an open shift',
      m('cash.moved', { movementId: UUID, shiftId: 'open', kind: 'payIn', amountFen: 1, reason: 'r' }),
      'applied',
      null,
    ],
    [
      'closing an unknown shift',
      m('shift.closed', { shiftId: 'x', countedFen: 0, expectedFen: 0, differenceFen: 0 }),
      'rejected',
      'invalid_state',
    ],
    [
      'closing a closed shift',
      m('shift.closed', { shiftId: 'closed', countedFen: 0, expectedFen: 0, differenceFen: 0 }),
      'conflict',
      'already_closed',
    ],
    [
      'a large cash difference by a clerk',
      m('shift.closed', { shiftId: 'open', countedFen: 0, expectedFen: 600, differenceFen: -600 }),
      'rejected',
      'forbidden_role',
    ],
    [
      'a large cash difference without a note',
      m('shift.closed', { shiftId: 'open', countedFen: 0, expectedFen: 600, differenceFen: -600 }, 'M01'),
      'rejected',
      'invalid_state',
    ],
    [
      'a shift closed with a small difference',
      m('shift.closed', { shiftId: 'open', countedFen: 0, expectedFen: 100, differenceFen: -100 }),
      'applied',
      null,
    ],
    [
      'closing a day already closed',
      m('day.closed', { businessDate: '2026-11-23', provisional: false, unsyncedCount: 0 }, 'M01'),
      'conflict',
      'already_closed',
    ],
    [
      'closing a provisionally closed day',
      m('day.closed', { businessDate: '2026-11-22', provisional: false, unsyncedCount: 0 }, 'M01'),
      'applied',
      null,
    ],
    [
      'reopening a day not closed',
      m('day.reopened', { businessDate: '2026-11-24', reason: 'r' }, 'M01'),
      'rejected',
      'invalid_state',
    ],
    [
      'reopening a closed day',
      m('day.reopened', { businessDate: '2026-11-23', reason: 'r' }, 'M01'),
      'applied',
      null,
    ],
    ['an audit entry', m('audit.recorded', { entryId: UUID, action: 'x', at: NOW }), 'applied', null],
  ])('%s: %s %s', (_what, mutation, status, code) => {
    expect(outcome(mutation)).toEqual([status, code]);
  });

  it('a closed shift and a closed day are effects the next mutation sees', () => {
    const s = state();
    const close = decide(
      m('shift.closed', { shiftId: 'open', countedFen: 0, expectedFen: 0, differenceFen: 0 }),
      s,
      ctx,
    );
    applyEffects(s, close.effects, { ...ctx, at: NOW });
    expect(
      outcome(
        m('cash.moved', { movementId: UUID, shiftId: 'open', kind: 'payIn', amountFen: 1, reason: 'r' }),
        s,
      ),
    ).toEqual(['conflict', 'already_closed']);
    const reopen = decide(m('day.reopened', { businessDate: '2026-11-23', reason: 'r' }, 'M01'), s, ctx);
    applyEffects(s, reopen.effects, { ...ctx, at: NOW });
    expect(
      outcome(
        m('day.closed', { businessDate: '2026-11-23', provisional: false, unsyncedCount: 0 }, 'M01'),
        s,
      ),
    ).toEqual(['applied', null]);
  });
});

describe('central rules: orders', () => {
  const handOver = (orderId: string, extra: Record<string, unknown> = {}) =>
    m('order.handOver', { orderId, verifiedBy: 'token', ...extra });
  const putAway = (orderId: string, placements: { bagLabel: string; slotId: string }[]) =>
    m('order.putAway', { orderId, placements });

  it.each([
    ['an unknown order', handOver('NOPE'), 'rejected', 'unknown_order'],
    ['another store’s order', handOver('O-other'), 'rejected', 'wrong_store'],
    ['a cancelled order', handOver('O-cancelled'), 'rejected', 'order_cancelled'],
    ['a collected order', handOver('O-collected'), 'conflict', 'already_collected'],
    ['a returned order', handOver('O-returned'), 'conflict', 'already_returned'],
    ['a pending order', handOver('O-pending'), 'rejected', 'order_not_arrived'],
    ['a bag not of the order', handOver('O-arrived', { bags: ['X-B9'] }), 'rejected', 'unknown_bag'],
    [
      'a partial handover missing an item not in the order',
      m('order.partialHandOver', {
        orderId: 'O-arrived',
        verifiedBy: 'code',
        missing: [{ sku: 'NOPE', qty: 1 }],
        refundRequested: false,
      }),
      'rejected',
      'unknown_product',
    ],
    [
      'a put-away of a pending order',
      putAway('O-pending', [{ bagLabel: 'O-pending-B1', slotId: 'A1-01' }]),
      'rejected',
      'order_not_arrived',
    ],
    [
      'a put-away of a bag not of the order',
      putAway('O-arrived', [{ bagLabel: 'X', slotId: 'A1-01' }]),
      'rejected',
      'unknown_bag',
    ],
    [
      'a put-away into an unknown slot',
      putAway('O-arrived', [{ bagLabel: 'O-arrived-B1', slotId: 'Z9-99' }]),
      'rejected',
      'unknown_slot',
    ],
    [
      'a chilled bag on an ambient slot',
      putAway('O-arrived', [{ bagLabel: 'O-arrived-B2', slotId: 'A1-01' }]),
      'rejected',
      'zone_mismatch',
    ],
    [
      'a put-away into a full slot',
      putAway('O-arrived', [{ bagLabel: 'O-arrived-B1', slotId: 'A1-02' }]),
      'rejected',
      'slot_full',
    ],
    [
      'a reminder of a collected order',
      m('order.remind', { orderId: 'O-collected' }),
      'conflict',
      'already_collected',
    ],
    [
      'a return of a pending order',
      m('order.returnToStock', { orderId: 'O-pending', reason: 'r' }, 'M01'),
      'rejected',
      'order_not_arrived',
    ],
    [
      'a return by a clerk',
      m('order.returnToStock', { orderId: 'O-arrived', reason: 'r' }),
      'rejected',
      'forbidden_role',
    ],
  ])('refuses %s', (_what, mutation, status, code) => {
    expect(outcome(mutation)).toEqual([status, code]);
  });

  it('hands an order over: the collection is the effect', () => {
    const { outcome: o, effects } = decide(handOver('O-arrived', { bags: ['O-arrived-B1'] }), state(), ctx);
    expect(o.status).toBe('applied');
    expect(effects).toEqual([
      {
        kind: 'order',
        orderId: 'O-arrived',
        patch: {
          status: 'collected',
          collection: { at: NOW, terminalId: 'T1', staffId: 'C01', verifiedBy: 'token', partial: false },
        },
      },
    ]);
  });

  it('puts bags away: the order is shelved once every bag is placed, and only then occupies slots', () => {
    const s = state();
    const first = decide(putAway('O-arrived', [{ bagLabel: 'O-arrived-B1', slotId: 'A1-01' }]), s, ctx);
    expect(first.outcome.status).toBe('applied');
    expect(first.effects.filter((e) => e.kind === 'occupancy')).toEqual([]);
    applyEffects(s, first.effects, { ...ctx, at: NOW });
    expect(s.orders.get('O-arrived')?.data.status).toBe('arrived');
    const second = decide(putAway('O-arrived', [{ bagLabel: 'O-arrived-B2', slotId: 'C1-01' }]), s, ctx);
    applyEffects(s, second.effects, { ...ctx, at: NOW });
    expect(s.orders.get('O-arrived')?.data.status).toBe('shelved');
    expect([s.occupancy.get('A1-01'), s.occupancy.get('C1-01')]).toEqual([2, 2]);
    // full now, yet a shelved order's bag re-placed in its own slot still fits (it is not counted twice)
    const s2 = state({ occupancy: s.occupancy });
    expect(outcome(putAway('O-shelved', [{ bagLabel: 'O-shelved-B1', slotId: 'A1-01' }]), s2)).toEqual([
      'applied',
      null,
    ]);
  });

  it('moves a shelved order’s bag: its old slot is freed, the new one counted', () => {
    const s = state();
    const move = decide(putAway('O-shelved', [{ bagLabel: 'O-shelved-B1', slotId: 'A1-01' }]), s, ctx);
    applyEffects(s, move.effects, { ...ctx, at: NOW });
    expect(s.occupancy.get('A1-01')).toBe(1);
    expect(s.occupancy.get('C1-01')).toBe(1);
  });

  it('reminds and extends an open order', () => {
    expect(decide(m('order.remind', { orderId: 'O-arrived' }), state(), ctx).effects[0]).toMatchObject({
      patch: { lastRemindedAt: NOW },
    });
    const until = '2026-11-25T04:00:00.000Z';
    expect(decide(m('order.extend', { orderId: 'O-shelved', until }), state(), ctx).effects[0]).toMatchObject(
      {
        patch: { extendedUntil: until },
      },
    );
  });

  it('returns a shelved order to stock: items back (grams when weighed), slots freed', () => {
    const { outcome: o, effects } = decide(
      m('order.returnToStock', { orderId: 'O-shelved', reason: 'r' }, 'M01'),
      state(),
      ctx,
    );
    expect(o.status).toBe('applied');
    expect(effects).toEqual(
      expect.arrayContaining([
        { kind: 'occupancy', slotId: 'A1-01', delta: -1 },
        { kind: 'occupancy', slotId: 'C1-01', delta: -1 },
        { kind: 'stock', sku: 'P1', delta: 2 },
        { kind: 'stock', sku: 'W1', delta: 500 },
        { kind: 'order', orderId: 'O-shelved', patch: { status: 'returned', returnedAt: NOW } },
      ]),
    );
  });
});
