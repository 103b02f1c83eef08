import { afterEach, describe, expect, it } from 'vitest';
import type { Product, StorePolicy } from '@shared/contract';
import { gs1CheckDigit } from '@shared/codes/checkDigit';
import { saleWork } from '@shared/dayend/dayWork';
import { buildZReport } from '@shared/dayend/zReport';
import { PermissionDeniedError } from '@shared/staff/roles';
import { manualClock, seededDb, STORE } from '../../testing/staff';
import type { LinliDb } from '../database';
import type { SaleRow } from '../types';
import { closeDay, closeDayRefusal, currentBusinessDay, loadZReportInput, reopenDay } from './dayClose';
import { DayEndRefusedError } from './dayendContext';
import { addDayWork } from './dayTotals';
import { closeShift, currentOpenShift, moveCash, openShift, previewCount, requireOpenShift } from './shifts';
import {
  countScan,
  openStockCounts,
  setCounted,
  startStockCount,
  stockCountView,
  submitStockCount,
} from './stockCount';
import { auditScan, resolveShelfException, startShelfAudit, submitShelfAudit } from './shelfAudit';
import { grantApproval } from './staff';

let db: LinliDb;
afterEach(() => db?.close());

// 2026-11-30 18:00 in Shanghai
const clock = manualClock(Date.parse('2026-11-30T10:00:00Z'));
const CLERK = { staffId: 'C01' };
const MANAGER = { staffId: 'M01' };

const ean = (body: string) => `${body}${gs1CheckDigit(body)}`;
const product = (sku: string, barcode: string, category: string, priceFen: number): Product => ({
  sku,
  barcodes: [barcode],
  name: sku,
  pinyin: '',
  unit: '个',
  priceFen,
  weighed: false,
  zone: 'ambient',
  category,
  active: true,
});
const MILK = product('MILK', ean('690123456789'), '乳品', 650);
const RICE = product('RICE', ean('690987654321'), '粮油', 5_990);

async function dayDb(policy: Partial<StorePolicy> = {}): Promise<LinliDb> {
  const d = await seededDb();
  await d.meta.put({
    key: `entity:store:${STORE}`,
    value: { id: STORE, name: '邻里店', timeZone: 'Asia/Shanghai' },
  });
  await d.meta.put({
    key: `entity:storePolicy:${STORE}`,
    value: {
      storeId: STORE,
      pickupGraceHours: 2,
      dueSoonMinutes: 30,
      cashDifferenceThresholdFen: 500,
      refundApprovalThresholdFen: 5_000,
      rounding: 'none',
      ...policy,
    },
  });
  await d.products.bulkPut([MILK, RICE]);
  await d.stock.bulkPut([
    { storeId: STORE, sku: 'MILK', qty: 10, updatedAt: '2026-11-30T00:00:00.000Z' },
    { storeId: STORE, sku: 'RICE', qty: 4, updatedAt: '2026-11-30T00:00:00.000Z' },
  ]);
  return d;
}

/** Row counts of every table a refusal must leave alone. */
async function snapshot(d: LinliDb) {
  const tables = [
    'shifts',
    'cashMovements',
    'outbox',
    'audit',
    'stockCounts',
    'stockCountLines',
    'dayCloses',
    'stock',
  ] as const;
  return Object.fromEntries(
    await Promise.all(tables.map(async (t) => [t, await d.table(t).toArray()] as const)),
  );
}

async function expectRefused(d: LinliDb, action: () => Promise<unknown>, reason: string) {
  const before = await snapshot(d);
  const error = await action().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DayEndRefusedError);
  expect((error as DayEndRefusedError).refusal.reason).toBe(reason);
  expect(await snapshot(d)).toEqual(before);
  return (error as DayEndRefusedError).refusal;
}

/** A cash sale recorded as the till records it (the till's screen is tested by its own suite). */
async function cashSale(d: LinliDb, shiftId: string, amountFen: number, at = clock.now()) {
  const id = crypto.randomUUID();
  const createdAt = new Date(at).toISOString();
  const row: SaleRow = {
    id,
    receiptNo: `T1-${id.slice(0, 8)}`,
    businessDate: '2026-11-30',
    createdAt,
    terminalId: 'T1',
    staffId: 'C01',
    shiftId,
    sale: {
      saleId: id,
      receiptNo: `T1-${id.slice(0, 8)}`,
      lines: [{ sku: 'MILK', name: '牛奶', qty: 1, unitPriceFen: amountFen, amountFen }],
      totalFen: amountFen,
      tenders: [{ method: 'cash', amountFen, tenderedFen: amountFen + 50, changeFen: 50 }],
      shiftId,
    },
    refundedQty: {},
  };
  // as the till writes a sale: the row and the day's running totals together
  await d.transaction('rw', [d.sales, d.dayTotals, d.dayCloses, d.meta], async (tx) => {
    await d.sales.add(row);
    await addDayWork(tx, [saleWork(row)], 'Asia/Shanghai');
  });
  return row;
}

describe('shifts and cash', () => {
  it('opens one shift per terminal with a float counted by denomination; an empty float is refused when HQ requires one', async () => {
    db = await dayDb();
    await expectRefused(db, () => openShift(db, { count: {} }, CLERK, { clock }), 'float-required');
    await expectRefused(
      db,
      () => openShift(db, { count: { 'note-100': -1 } }, CLERK, { clock }),
      'invalid-count',
    );
    const shift = await openShift(db, { count: { 'note-100': 2, 'coin-1': 5 } }, CLERK, { clock });
    expect(shift).toMatchObject({ floatFen: 20_500, state: 'open', terminalId: 'T1' });
    expect((await currentOpenShift(db))?.id).toBe(shift.id);
    const [m] = await db.outbox.toArray();
    expect(m).toMatchObject({
      type: 'shift.opened',
      payload: { shiftId: shift.id, floatFen: 20_500, denominations: { '10000': 2, '100': 5 } },
    });
    await expectRefused(
      db,
      () => openShift(db, { count: { 'note-100': 1 } }, CLERK, { clock }),
      'shift-already-open',
    );
  });

  it('a zero float opens when HQ’s policy does not require one', async () => {
    db = await dayDb({ floatRequired: false });
    expect((await openShift(db, { count: {} }, CLERK, { clock })).floatFen).toBe(0);
  });

  it('a sale needs an open shift (the guard the till calls)', async () => {
    db = await dayDb();
    const guard = () => db.transaction('r', [db.shifts, db.meta], (tx) => requireOpenShift(tx));
    await expect(guard()).rejects.toMatchObject({ refusal: { reason: 'no-open-shift' } });
    const shift = await openShift(db, { count: { 'note-50': 2 } }, CLERK, { clock });
    expect((await guard()).id).toBe(shift.id);
  });

  it('pays in and out with reasons; a pay-out larger than the drawer is refused; above the threshold a manager approves', async () => {
    db = await dayDb({ cashMovementThresholdFen: 10_000 });
    const shift = await openShift(db, { count: { 'note-100': 1 } }, CLERK, { clock });
    await cashSale(db, shift.id, 2_000);
    // drawer: 10,000 + 2,000
    const refusal = await expectRefused(
      db,
      () => moveCash(db, { kind: 'payOut', amountFen: 12_001, reason: '买菜' }, MANAGER, { clock }),
      'movement',
    );
    expect(refusal).toMatchObject({ refusal: 'exceeds-drawer', drawerFen: 12_000 });
    await expectRefused(
      db,
      () => moveCash(db, { kind: 'payIn', amountFen: 100, reason: ' ' }, CLERK, { clock }),
      'movement',
    );
    await moveCash(db, { kind: 'payOut', amountFen: 3_000, reason: '买塑料袋' }, CLERK, { clock });
    const denied = await moveCash(db, { kind: 'payIn', amountFen: 10_001, reason: '补零钱' }, CLERK, {
      clock,
    }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(await db.cashMovements.count()).toBe(1);
    const approval = await grantApproval(db, 'M01', 'C01', 'cashMovementAboveThreshold', { clock });
    const big = await moveCash(
      db,
      { kind: 'payIn', amountFen: 10_001, reason: '补零钱' },
      { ...CLERK, approval },
      { clock },
    );
    expect(big.approvedBy).toBe('M01');
    expect((await previewCount(db, { 'note-100': 1 })).expected).toMatchObject({
      floatFen: 10_000,
      cashSalesFen: 2_000,
      payOutsFen: 3_000,
      payInsFen: 10_001,
      expectedFen: 19_001,
    });
  });

  it('blind count: beyond the threshold the manager approves and writes a note', async () => {
    db = await dayDb();
    const shift = await openShift(db, { count: { 'note-100': 1 } }, CLERK, { clock });
    await cashSale(db, shift.id, 1_230);
    const short = { 'note-100': 1, 'note-10': 0 }; // 10,000 counted, 11,230 expected: −1,230
    const preview = await previewCount(db, short);
    expect(preview).toMatchObject({ countedFen: 10_000, differenceFen: -1_230, needsManager: true });
    await expectRefused(db, () => closeShift(db, { count: short }, CLERK, { clock }), 'note-required');
    await expectRefused(
      db,
      () => closeShift(db, { count: { 'note-100': 'x' as unknown as number } }, CLERK, { clock }),
      'invalid-count',
    );
    await expect(closeShift(db, { count: short, note: '找错零' }, CLERK, { clock })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    expect((await db.shifts.get(shift.id))?.state).toBe('open');
    const approval = await grantApproval(db, 'M01', 'C01', 'cashDifference', { clock });
    const { shift: closed } = await closeShift(
      db,
      { count: short, note: '找错零' },
      { ...CLERK, approval },
      { clock },
    );
    expect(closed).toMatchObject({
      state: 'closed',
      countedFen: 10_000,
      expectedFen: 11_230,
      differenceFen: -1_230,
      approvedBy: 'M01',
      note: '找错零',
    });
    const m = (await db.outbox.toArray()).find((r) => r.type === 'shift.closed');
    expect(m?.payload).toMatchObject({
      differenceFen: -1_230,
      approvedBy: 'M01',
      note: '找错零',
      denominations: { '10000': 1 },
    });
  });

  it('交班: the outgoing count becomes the incoming clerk’s float, in one step', async () => {
    db = await dayDb();
    const shift = await openShift(db, { count: { 'note-100': 1 } }, CLERK, { clock });
    await cashSale(db, shift.id, 500);
    await expectRefused(
      db,
      () => closeShift(db, { count: { 'note-100': 1, 'note-5': 1 }, handOverTo: 'C01' }, CLERK, { clock }),
      'handover-to-self',
    );
    await expectRefused(
      db,
      () => closeShift(db, { count: { 'note-100': 1, 'note-5': 1 }, handOverTo: 'C99' }, CLERK, { clock }),
      'unknown-staff',
    );
    const { next } = await closeShift(
      db,
      { count: { 'note-100': 1, 'note-5': 1 }, handOverTo: 'M01' },
      CLERK,
      { clock },
    );
    expect(next).toMatchObject({ staffId: 'M01', floatFen: 10_500, handedOverFrom: shift.id, state: 'open' });
    expect((await currentOpenShift(db))?.id).toBe(next!.id);
    expect((await db.outbox.orderBy('seq').toArray()).map((m) => m.type).slice(-2)).toEqual([
      'shift.closed',
      'shift.opened',
    ]);
  });
});

describe('stock count', () => {
  it('counts by scan, refuses unknown codes and other categories, resumes from the database, submits count and adjustments', async () => {
    db = await dayDb();
    const count = await startStockCount(db, { scope: 'category', category: '乳品' }, CLERK, { clock });
    await expectRefused(
      db,
      () => startStockCount(db, { scope: 'category', category: '乳品' }, CLERK, { clock }),
      'count-overlap',
    );
    await expectRefused(db, () => startStockCount(db, { scope: 'full' }, CLERK, { clock }), 'count-overlap');
    // another category may be counted at the same time
    const rice = await startStockCount(db, { scope: 'category', category: '粮油' }, CLERK, { clock });
    await expectRefused(db, () => countScan(db, count.id, '6901234567890'), 'unknown-product');
    await expectRefused(db, () => countScan(db, count.id, 'hello'), 'unknown-product');
    await expectRefused(db, () => countScan(db, count.id, RICE.barcodes[0]!), 'wrong-category');
    for (let i = 0; i < 7; i++) await countScan(db, count.id, MILK.barcodes[0]!, { clock });
    await countScan(db, rice.id, RICE.barcodes[0]!, { clock });
    await expectRefused(db, () => setCounted(db, count.id, 'MILK', -1), 'invalid-qty');

    // "restart": a new connection finds both sessions and their lines
    const again = new (db.constructor as typeof LinliDb)(db.name);
    await again.open();
    expect((await openStockCounts(again)).map((c) => c.category).sort()).toEqual(['乳品', '粮油']);
    const view = await stockCountView(again, count.id);
    expect(view?.lines).toMatchObject([{ sku: 'MILK', countedQty: 7, expectedQty: 10 }]);
    expect(view?.variance).toMatchObject({ differing: 1, unitsShort: 3, valueFen: -1_950 });
    again.close();

    await expect(
      submitStockCount(db, count.id, { defaultReason: '盘亏' }, CLERK, { clock }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    await expectRefused(
      db,
      () => submitStockCount(db, count.id, { defaultReason: ' ' }, MANAGER, { clock }),
      'reason-required',
    );
    const done = await submitStockCount(db, count.id, { defaultReason: '盘亏' }, MANAGER, { clock });
    expect(done).toMatchObject({ adjusted: 1, count: { state: 'submitted', summary: { valueFen: -1_950 } } });
    expect((await db.stock.get('MILK'))?.qty).toBe(7);
    const types = (await db.outbox.orderBy('seq').toArray()).map((m) => [m.type, m.payload]);
    expect(types.filter(([t]) => t !== 'audit.recorded')).toEqual([
      [
        'stock.counted',
        {
          countId: count.id,
          scope: 'category',
          category: '乳品',
          lines: [{ sku: 'MILK', countedQty: 7, expectedQty: 10 }],
        },
      ],
      [
        'stock.adjusted',
        expect.objectContaining({
          countId: count.id,
          lines: [{ sku: 'MILK', deltaQty: -3, reason: '盘亏' }],
        }),
      ],
    ]);
    await expectRefused(db, () => countScan(db, count.id, MILK.barcodes[0]!), 'count-not-open');
  });
});

describe('closing the day', () => {
  it('refuses with a shift open, a held sale, unsynced work (unless provisional), twice; reopening is the manager’s and audited', async () => {
    db = await dayDb();
    const shift = await openShift(db, { count: { 'note-100': 1 } }, CLERK, { clock });
    await cashSale(db, shift.id, 800);
    clock.advance(60_000);
    const day = { businessDate: '2026-11-30', provisional: false };
    expect(await closeDayRefusal(db, day.businessDate, false, clock.now())).toMatchObject({
      reason: 'shift-open',
    });
    await expectRefused(db, () => closeDay(db, day, MANAGER, { clock }), 'day');
    await closeShift(db, { count: { 'note-100': 1, 'note-5': 1, 'note-1': 3 } }, CLERK, { clock });
    await db.heldCarts.add({
      id: 'h1',
      heldAt: new Date(clock.now()).toISOString(),
      staffId: 'C01',
      cart: { lines: [], saleDiscountFen: 0 },
    });
    expect(await closeDayRefusal(db, day.businessDate, false, clock.now())).toMatchObject({
      reason: 'held-sale',
      count: 1,
    });
    await db.heldCarts.clear();
    // the shift mutations are still in the outbox: only a provisional close may go ahead
    const unsynced = await closeDayRefusal(db, day.businessDate, false, clock.now());
    expect(unsynced).toMatchObject({ reason: 'unsynced' });
    await expect(closeDay(db, { ...day, provisional: true }, CLERK, { clock })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    const closed = await closeDay(db, { ...day, provisional: true }, MANAGER, { clock });
    expect(closed).toMatchObject({ state: 'closed', provisional: true, closedBy: 'M01' });
    const m = (await db.outbox.toArray()).find((r) => r.type === 'day.closed');
    expect(m?.payload).toMatchObject({ businessDate: '2026-11-30', provisional: true, salesFen: 800 });
    expect(closed.closedAt).toBe(m?.createdAt);
    await expectRefused(db, () => closeDay(db, { ...day, provisional: true }, MANAGER, { clock }), 'day');

    // work after the close belongs to the next business day
    clock.advance(60_000);
    expect(await currentBusinessDay(db, clock.now())).toMatchObject({
      businessDate: '2026-12-01',
      afterClose: true,
    });
    await cashSale(db, shift.id, 300, clock.now());
    const today = buildZReport(await loadZReportInput(db, '2026-11-30', clock.now()));
    const tomorrow = buildZReport(await loadZReportInput(db, '2026-12-01', clock.now()));
    expect([today.totals.salesFen, tomorrow.totals.salesFen, tomorrow.totals.afterCloseCount]).toEqual([
      800, 300, 1,
    ]);
    expect(today.cash).toMatchObject({
      floatFen: 10_000,
      expectedFen: 10_800,
      countedFen: 10_800,
      differenceFen: 0,
    });

    await expect(
      reopenDay(db, { businessDate: '2026-11-30', reason: '漏单' }, CLERK, { clock }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    await expectRefused(
      db,
      () => reopenDay(db, { businessDate: '2026-11-30', reason: ' ' }, MANAGER, { clock }),
      'reason-required',
    );
    await expectRefused(
      db,
      () => reopenDay(db, { businessDate: '2026-11-29', reason: 'x' }, MANAGER, { clock }),
      'day-not-closed',
    );
    const reopened = await reopenDay(db, { businessDate: '2026-11-30', reason: '漏单' }, MANAGER, { clock });
    expect(reopened).toMatchObject({ state: 'reopened', reopenedBy: 'M01', reopenReason: '漏单' });
    expect(await db.audit.where('action').equals('day.reopened').count()).toBe(1);
    const back = buildZReport(await loadZReportInput(db, '2026-11-30', clock.now()));
    expect(back.totals.salesFen).toBe(1_100);
  });
});

describe('shelf audit', () => {
  it('a missing bag and a bag in the wrong slot become exceptions the manager resolves', async () => {
    db = await dayDb();
    await db.slots.bulkPut([
      {
        id: 'A1-01',
        zone: 'ambient',
        unitId: 'A1',
        label: 'SL-A1-01',
        row: 1,
        column: 1,
        capacityBags: 2,
        distance: 1,
      },
      {
        id: 'A1-02',
        zone: 'ambient',
        unitId: 'A1',
        label: 'SL-A1-02',
        row: 1,
        column: 2,
        capacityBags: 2,
        distance: 1,
      },
    ]);
    await db.slotOccupancy.bulkPut([
      { slotId: 'A1-01', orderId: 'O1', bagLabels: ['LL202611300001-B1', 'LL202611300001-B2'], since: 'x' },
      { slotId: 'A1-02', orderId: 'O2', bagLabels: ['LL202611300002-B1'], since: 'x' },
    ]);
    const audit = await startShelfAudit(db, CLERK, { clock });
    await expectRefused(db, () => auditScan(db, audit.id, null, 'LL202611300001-B1'), 'no-slot-scanned');
    expect(await auditScan(db, audit.id, null, 'SL-A1-01')).toEqual({ kind: 'slot', slotId: 'A1-01' });
    expect(await auditScan(db, audit.id, 'A1-01', 'LL202611300001-B1')).toMatchObject({
      kind: 'bag',
      expectedHere: true,
    });
    expect(await auditScan(db, audit.id, 'A1-01', 'LL202611300002-B1')).toMatchObject({
      kind: 'bag',
      expectedHere: false,
    });
    const done = await submitShelfAudit(db, audit.id, CLERK, { clock });
    expect(done.result).toEqual({
      confirmed: 1,
      exceptions: [
        {
          kind: 'wrongSlot',
          slotId: 'A1-01',
          expectedSlotId: 'A1-02',
          orderId: 'O2',
          bagLabel: 'LL202611300002-B1',
        },
        { kind: 'missing', slotId: 'A1-01', orderId: 'O1', bagLabel: 'LL202611300001-B2' },
      ],
    });
    const input = { bagLabel: 'LL202611300001-B2', resolution: 'lost' as const, note: '顾客已取走' };
    await expect(resolveShelfException(db, audit.id, input, CLERK, { clock })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expectRefused(
      db,
      () => resolveShelfException(db, audit.id, { ...input, bagLabel: 'nope' }, MANAGER, { clock }),
      'not-an-exception',
    );
    const resolved = await resolveShelfException(db, audit.id, input, MANAGER, { clock });
    expect(resolved.resolutions).toMatchObject([
      { bagLabel: 'LL202611300001-B2', resolution: 'lost', by: 'M01' },
    ]);
    const sent = (await db.outbox.toArray()).map((m) => m.type).filter((t) => t.startsWith('shelf.'));
    expect(sent).toEqual(['shelf.audited', 'shelf.auditResolved']);
  });
});
