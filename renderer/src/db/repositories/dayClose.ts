import type { Transaction } from 'dexie';
import type { MutationPayload } from '@shared/contract';
import { type DayCloseMark, businessDayOfWork, workRange } from '@shared/dayend/businessDay';
import { dayCloseRefusal } from '@shared/dayend/dayClose';
import { mergeDayWork } from '@shared/dayend/dayWork';
import { isDueOn, type ZReportInput } from '@shared/dayend/zReport';
import { OPEN_STATUSES } from '@shared/orders';
import { PermissionDeniedError } from '@shared/staff/roles';
import { businessDateOf, businessDayBounds } from '@shared/time/storeTime';
import { type Clock, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { DayCloseRow, OrderRow, ShiftRow, StockCountRow } from '../types';
import { logAuditEvent } from './audit';
import { type DayEndContext, dayEndContext, readDayEndContext, refuse } from './dayendContext';
import { RECOMPUTE_TABLES, readDayTotals, replaceWorkSince } from './dayTotals';
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

const CLOSE_TABLES = ['shifts', 'heldCarts', 'staff', ...RECOMPUTE_TABLES] as const;

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
      const totals = mergeDayWork(input.businessDate, await readDayTotals(tx, input.businessDate)).totals;
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
      await replaceWorkSince(tx, row.closedAt, marks);
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
    return await writeAction(db, ['staff', ...RECOMPUTE_TABLES], async (tx) => {
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
      const marks = await dayCloseMarks(tx);
      await table<DayCloseRow, string>(tx, 'dayCloses').put(reopened);
      await replaceWorkSince(tx, row.closedAt, marks);
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

/**
 * Everything the Z report of `businessDate` reads, as plain rows: the pure
 * `buildZReport` does the rest. Sales, refunds, cash movements and voids come
 * as the day's running totals (a row per terminal, ./dayTotals.ts); shifts and
 * counts by the day's range; the orders that can count (open ones, and settled
 * ones settled that day or due that day).
 */
export async function loadZReportInput(
  db: LinliDb,
  businessDate: string,
  now: number,
): Promise<ZReportInput> {
  const ctx = await readDayEndContext(db);
  return db.transaction(
    'r',
    [db.dayCloses, db.dayTotals, db.shifts, db.stockCounts, db.orders],
    async (tx) => {
      const closes = await dayCloseMarks(tx);
      const range = workRange(businessDate, ctx.timeZone, closes);
      const from = new Date(range.start).toISOString();
      const to = new Date(range.end).toISOString();
      const within = (at: string | null | undefined) => !!at && at >= from && at < to;
      const bounds = businessDayBounds(businessDate, ctx.timeZone);
      const [work, shifts, counts, openOrders, settled] = await Promise.all([
        readDayTotals(tx, businessDate),
        db.shifts.where('openedAt').between(from, to, true, false).toArray(),
        db.stockCounts
          .where('state')
          .equals('submitted')
          .filter((c) => within(c.submittedAt))
          .toArray(),
        db.orders
          .where('status')
          .anyOf([...OPEN_STATUSES])
          .toArray(),
        db.orders
          .where('status')
          .anyOf(['collected', 'returned'])
          // settled that day, or due that day whenever they were settled (collected the day before…)
          .filter((o: OrderRow) => within(o.collection?.at) || within(o.returnedAt) || isDueOn(o, bounds))
          .toArray(),
      ]);
      return {
        businessDate,
        timeZone: ctx.timeZone,
        now,
        closes,
        policy: { pickupGraceHours: ctx.policy.pickupGraceHours, dueSoonMinutes: ctx.policy.dueSoonMinutes },
        work,
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
