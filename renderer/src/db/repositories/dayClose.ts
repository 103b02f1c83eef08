import type { Transaction } from 'dexie';
import type { MutationPayload } from '@shared/contract';
import { type DayCloseMark, businessDayOfWork, workRange } from '@shared/dayend/businessDay';
import { dayCloseRefusal } from '@shared/dayend/dayClose';
import { dayTotals } from '@shared/dayend/totals';
import type { ZReportInput } from '@shared/dayend/zReport';
import { PermissionDeniedError } from '@shared/staff/roles';
import { businessDateOf } from '@shared/time/storeTime';
import { type Clock, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type {
  AuditRow,
  CashMovementRow,
  DayCloseRow,
  OrderRow,
  RefundRow,
  SaleRow,
  ShiftRow,
  StockCountRow,
} from '../types';
import { logAuditEvent } from './audit';
import { type DayEndContext, dayEndContext, readDayEndContext, refuse } from './dayendContext';
import { recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';
import { openShiftIds } from './shifts';

/**
 * Closing the business day (日结) and reopening it. A close is refused twice,
 * with a shift still open or a held sale, and with unsynced mutations unless
 * the manager closes provisionally. Work after the close belongs to the next
 * business day (shared/dayend/businessDay.ts). Reopening is a manager action,
 * audited and sent to HQ.
 */

type Source = LinliDb | Transaction;
const table = <T, K>(source: Source, name: string) =>
  (source as Pick<Transaction, 'table'>).table<T, K>(name);

/** The days closed now (reopened ones excluded): what attributes work to business days. */
export async function dayCloseMarks(source: Source): Promise<DayCloseMark[]> {
  const rows = await table<DayCloseRow, string>(source, 'dayCloses')
    .where('state')
    .equals('closed')
    .toArray();
  return rows.map((r) => ({ businessDate: r.businessDate, closedAt: r.closedAt }));
}

/** The business day work done now belongs to (the next day once today is closed), and today's calendar date. */
export async function currentBusinessDay(
  db: LinliDb,
  now: number,
): Promise<{ businessDate: string; today: string; afterClose: boolean; ctx: DayEndContext }> {
  const ctx = await readDayEndContext(db);
  const day = businessDayOfWork(now, ctx.timeZone, await dayCloseMarks(db));
  return { ...day, today: businessDateOf(now, ctx.timeZone), ctx };
}

export interface CloseDayInput {
  businessDate: string;
  /** The manager closes with unsynced mutations; the report stays provisional until synced and matched. */
  provisional: boolean;
  note?: string;
}

const CLOSE_TABLES = [
  'dayCloses',
  'shifts',
  'heldCarts',
  'sales',
  'refunds',
  'cashMovements',
  'staff',
] as const;

/** What stands in the way of closing `businessDate` now (null: it may be closed). */
export async function closeDayRefusal(db: LinliDb, businessDate: string, provisional: boolean, now: number) {
  const ctx = await readDayEndContext(db);
  return db.transaction('r', [db.dayCloses, db.shifts, db.heldCarts, db.outbox, db.meta], async (tx) =>
    refusalIn(tx, ctx, businessDate, provisional, now),
  );
}

async function refusalIn(
  tx: Transaction,
  ctx: DayEndContext,
  businessDate: string,
  provisional: boolean,
  now: number,
) {
  const existing = await table<DayCloseRow, string>(tx, 'dayCloses').get(businessDate);
  return dayCloseRefusal({
    businessDate,
    today: businessDateOf(now, ctx.timeZone),
    existingClose: existing?.state === 'closed' ? { closedAt: existing.closedAt } : null,
    openShiftIds: await openShiftIds(tx),
    heldSales: await table(tx, 'heldCarts').count(),
    unsynced: await table(tx, 'outbox').count(),
    provisional,
  });
}

export async function closeDay(
  db: LinliDb,
  input: CloseDayInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<DayCloseRow> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, CLOSE_TABLES, async (tx) => {
      const ctx = await dayEndContext(tx.table('meta'));
      const refusal = await refusalIn(tx, ctx, input.businessDate, input.provisional, clock.now());
      if (refusal) refuse({ reason: 'day', refusal });
      const auth = await authorize(tx, 'closeDay', actor, clock);
      const unsynced = await table(tx, 'outbox').count();
      const marks = await dayCloseMarks(tx);
      const { sales, refunds } = await workOf(tx, ctx, input.businessDate, marks);
      const totals = dayTotals(
        [
          ...sales.map((s) => ({
            kind: 'sale' as const,
            terminalId: s.terminalId,
            createdAt: s.createdAt,
            sale: s.sale,
          })),
          ...refunds.map((r) => ({
            kind: 'refund' as const,
            terminalId: ctx.terminal.terminalId,
            createdAt: r.createdAt,
            refund: r.refund,
          })),
        ],
        input.businessDate,
        ctx.timeZone,
        marks,
      ).store;
      const note = input.note?.trim();
      const payload: MutationPayload<'day.closed'> = {
        businessDate: input.businessDate,
        provisional: unsynced > 0,
        unsyncedCount: unsynced,
        salesFen: totals.salesFen,
        refundsFen: totals.refundsFen,
        ...(note ? { note: note.slice(0, 500) } : {}),
        ...approvedByOf(auth),
      };
      const mutation = await recordMutation(
        tx,
        'day.closed',
        payload,
        { staffId: actor.staffId, ...approvedByOf(auth) },
        { affects: [], detail: { ...payload, ...approvalDetailOf(auth) }, clock },
      );
      const previous = await table<DayCloseRow, string>(tx, 'dayCloses').get(input.businessDate);
      const row: DayCloseRow = {
        businessDate: input.businessDate,
        state: 'closed',
        // the mutation's own time: HQ attributes work to days by it, and so must we
        closedAt: mutation.createdAt,
        closedBy: actor.staffId,
        ...approvedByOf(auth),
        provisional: unsynced > 0,
        unsyncedAtClose: unsynced,
        ...(note ? { note } : {}),
        ...(previous?.reopenedAt ? { reopenedAt: previous.reopenedAt, reopenedBy: previous.reopenedBy } : {}),
      };
      await table<DayCloseRow, string>(tx, 'dayCloses').put(row);
      return row;
    });
  } catch (error) {
    await auditDenied(db, error, actor, clock);
    throw error;
  }
}

export async function reopenDay(
  db: LinliDb,
  input: { businessDate: string; reason: string },
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<DayCloseRow> {
  const clock = options.clock ?? systemClock;
  const reason = input.reason.trim();
  try {
    return await writeAction(db, ['dayCloses', 'staff'], async (tx) => {
      const row = await table<DayCloseRow, string>(tx, 'dayCloses').get(input.businessDate);
      if (!row || row.state !== 'closed') return refuse({ reason: 'day-not-closed' });
      if (!reason) refuse({ reason: 'reason-required' });
      const auth = await authorize(tx, 'reopenDay', actor, clock);
      const payload: MutationPayload<'day.reopened'> = {
        businessDate: input.businessDate,
        reason: reason.slice(0, 500),
        ...approvedByOf(auth),
      };
      const mutation = await recordMutation(
        tx,
        'day.reopened',
        payload,
        { staffId: actor.staffId, ...approvedByOf(auth) },
        { affects: [], detail: { ...payload, closedAt: row.closedAt, ...approvalDetailOf(auth) }, clock },
      );
      const { finalAt: _final, ...rest } = row;
      const reopened: DayCloseRow = {
        ...rest,
        state: 'reopened',
        reopenedAt: mutation.createdAt,
        reopenedBy: actor.staffId,
        reopenReason: reason,
      };
      await table<DayCloseRow, string>(tx, 'dayCloses').put(reopened);
      return reopened;
    });
  } catch (error) {
    await auditDenied(db, error, actor, clock);
    throw error;
  }
}

/** Records that a close became final (everything synced, HQ's totals matched). */
export async function markDayFinal(db: LinliDb, businessDate: string, at: string): Promise<void> {
  await db.dayCloses.update(businessDate, { finalAt: at, provisional: false });
}

async function auditDenied(db: LinliDb, error: unknown, actor: PrivilegedActor, clock: Clock) {
  if (error instanceof PermissionDeniedError && (await db.staff.get(actor.staffId)))
    await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
      subject: error.action,
      detail: { reason: error.reason },
      clock,
    });
}

async function workOf(tx: Source, ctx: DayEndContext, businessDate: string, marks: readonly DayCloseMark[]) {
  const { start, end } = workRange(businessDate, ctx.timeZone, marks);
  const from = new Date(start).toISOString();
  const to = new Date(end).toISOString();
  const [sales, refunds] = await Promise.all([
    table<SaleRow, string>(tx, 'sales').where('createdAt').between(from, to, true, false).toArray(),
    table<RefundRow, string>(tx, 'refunds').where('createdAt').between(from, to, true, false).toArray(),
  ]);
  return { sales, refunds, from, to };
}

const OPEN_ORDER = ['arrived', 'shelved'] as const;

/**
 * Everything the Z report of `businessDate` reads, as plain rows: the pure
 * `buildZReport` does the rest. Reads only the day's range by index, plus the
 * orders that can count (open ones, and those collected or returned).
 */
export async function loadZReportInput(
  db: LinliDb,
  businessDate: string,
  now: number,
): Promise<ZReportInput> {
  const ctx = await readDayEndContext(db);
  return db.transaction(
    'r',
    [db.dayCloses, db.sales, db.refunds, db.cashMovements, db.shifts, db.stockCounts, db.orders, db.audit],
    async (tx) => {
      const closes = await dayCloseMarks(tx);
      const { sales, refunds, from, to } = await workOf(tx, ctx, businessDate, closes);
      const within = (at: string | null | undefined) => !!at && at >= from && at < to;
      const [movements, shifts, counts, openOrders, settled, voids] = await Promise.all([
        db.cashMovements.where('createdAt').between(from, to, true, false).toArray(),
        db.shifts.where('openedAt').between(from, to, true, false).toArray(),
        db.stockCounts
          .where('state')
          .equals('submitted')
          .filter((c) => within(c.submittedAt))
          .toArray(),
        db.orders
          .where('status')
          .anyOf([...OPEN_ORDER])
          .toArray(),
        db.orders
          .where('status')
          .anyOf(['collected', 'returned'])
          .filter((o: OrderRow) => within(o.collection?.at) || within(o.returnedAt))
          .toArray(),
        db.audit
          .where('at')
          .between(from, to, true, false)
          .filter((a: AuditRow) => a.action === 'sale.voided')
          .toArray(),
      ]);
      const terminalId = ctx.terminal.terminalId;
      return {
        businessDate,
        timeZone: ctx.timeZone,
        now,
        closes,
        policy: { pickupGraceHours: ctx.policy.pickupGraceHours, dueSoonMinutes: ctx.policy.dueSoonMinutes },
        sales: sales.map((s) => ({
          id: s.id,
          createdAt: s.createdAt,
          terminalId: s.terminalId,
          sale: s.sale,
          orderId: s.orderId,
          customerRef: s.customerRef,
        })),
        refunds: refunds.map((r) => ({ id: r.id, createdAt: r.createdAt, terminalId, refund: r.refund })),
        movements: movements.map((m: CashMovementRow) => ({
          createdAt: m.createdAt,
          terminalId: m.terminalId,
          movement: {
            movementId: m.id,
            shiftId: m.shiftId,
            kind: m.kind,
            amountFen: m.amountFen,
            reason: m.reason,
          },
        })),
        voids: voids.map((v) => ({
          createdAt: v.at,
          amountFen: Number((v.detail as { totalFen?: unknown } | null)?.totalFen ?? 0) || 0,
        })),
        shifts: shifts.map((s: ShiftRow) => ({
          id: s.id,
          openedAt: s.openedAt,
          floatFen: s.handedOverFrom ? 0 : s.floatFen,
          closedAt: s.closedAt,
          countedFen: s.handedOverTo ? undefined : s.countedFen,
          expectedFen: s.handedOverTo ? undefined : s.expectedFen,
          differenceFen: s.differenceFen,
        })),
        stockCounts: counts.map((c: StockCountRow) => ({
          countId: c.id,
          scope: c.scope,
          category: c.category,
          lines: c.summary?.lines ?? 0,
          differing: c.summary?.differing ?? 0,
          unitsOver: c.summary?.unitsOver ?? 0,
          unitsShort: c.summary?.unitsShort ?? 0,
          valueFen: c.summary?.valueFen ?? 0,
        })),
        orders: [...openOrders, ...settled],
      };
    },
  );
}
