import type { Transaction } from 'dexie';
import type { MutationPayload } from '@shared/contract';
import {
  type ExpectedCash,
  cashDifference,
  cashMovementNeedsManager,
  cashMovementRefusal,
  expectedCash,
} from '@shared/dayend/cash';
import {
  type DenominationCount,
  InvalidCountError,
  countByValue,
  sumDenominations,
} from '@shared/dayend/denominations';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { CashMovementRow, RefundRow, SaleRow, ShiftRow, StaffRow, TerminalIdentity } from '../types';
import type { TableName } from '../schema';
import { logAuditEvent } from './audit';
import { dayEndContext, refuse } from './dayendContext';
import { addDayWork, DAY_TOTALS_TABLES } from './dayTotals';
import { recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * Shifts and the cash drawer: open with a float counted by denomination,
 * pay-ins and pay-outs, the blind count that closes a shift, and 交班 (the
 * count of the outgoing clerk becomes the float of the incoming one). One open
 * shift per terminal; a sale needs one (`requireOpenShift`, called by the
 * till's completeSale). Each action is one transaction with its mutation and
 * audit row; refusals write nothing.
 */

export const SHIFT_TABLES = [
  'shifts',
  'cashMovements',
  'sales',
  'refunds',
  'staff',
  ...DAY_TOTALS_TABLES,
] as const satisfies readonly TableName[];

type Source = LinliDb | Transaction;
const table = <T, K>(source: Source, name: TableName) =>
  (source as Pick<Transaction, 'table'>).table<T, K>(name);

async function terminalOf(source: Source): Promise<TerminalIdentity | undefined> {
  const row = await table<{ key: string; value: unknown }, string>(source, 'meta').get('terminal');
  return row?.value as TerminalIdentity | undefined;
}

/** This terminal's open shift, if any. */
export async function currentOpenShift(source: Source): Promise<ShiftRow | undefined> {
  const terminal = await terminalOf(source);
  if (!terminal) return undefined;
  return table<ShiftRow, string>(source, 'shifts')
    .where('[terminalId+state]')
    .equals([terminal.terminalId, 'open'])
    .first();
}

/**
 * The guard "a sale needs an open shift", inside the sale's transaction (which
 * must include `shifts` and `meta`): the open shift, or a `no-open-shift`
 * refusal (DayEndRefusedError) that rolls the sale back.
 */
export async function requireOpenShift(tx: Transaction): Promise<ShiftRow> {
  return (await currentOpenShift(tx)) ?? refuse({ reason: 'no-open-shift' });
}

/** What the drawer of `shift` should hold now (float + cash sales − cash refunds ± movements). */
export async function drawerOf(source: Source, shift: ShiftRow): Promise<ExpectedCash> {
  const [sales, refunds, movements] = await Promise.all([
    table<SaleRow, string>(source, 'sales').where('shiftId').equals(shift.id).toArray(),
    table<RefundRow, string>(source, 'refunds')
      .where('createdAt')
      .aboveOrEqual(shift.openedAt)
      .filter((r) => r.shiftId === shift.id)
      .toArray(),
    table<CashMovementRow, string>(source, 'cashMovements').where('shiftId').equals(shift.id).toArray(),
  ]);
  return expectedCash({
    floatFen: shift.floatFen,
    sales: sales.map((s) => s.sale),
    refunds: refunds.map((r) => r.refund),
    movements,
  });
}

function countFen(count: DenominationCount): number {
  try {
    return sumDenominations(count);
  } catch (e) {
    if (e instanceof InvalidCountError)
      return refuse({ reason: 'invalid-count', denominationId: e.denominationId, detail: e.reason });
    throw e;
  }
}

/** Audits a refused privileged action (the refused transaction itself wrote nothing). */
async function auditDenied(db: LinliDb, error: unknown, actor: PrivilegedActor, clock: Clock) {
  if (error instanceof PermissionDeniedError && (await db.staff.get(actor.staffId)))
    await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
      subject: error.action,
      detail: { reason: error.reason },
      clock,
    });
}

export interface OpenShiftInput {
  /** The float as counted: denomination id → pieces. */
  count: DenominationCount;
}

async function writeOpenShift(
  tx: Transaction,
  terminalId: string,
  staffId: string,
  count: DenominationCount,
  floatFen: number,
  clock: Clock,
  handedOverFrom?: string,
): Promise<ShiftRow> {
  const shift: ShiftRow = {
    id: crypto.randomUUID(),
    terminalId,
    staffId,
    openedAt: isoAt(clock),
    state: 'open',
    floatFen,
    floatCount: { ...count },
    ...(handedOverFrom ? { handedOverFrom } : {}),
  };
  await table<ShiftRow, string>(tx, 'shifts').add(shift);
  const payload: MutationPayload<'shift.opened'> = {
    shiftId: shift.id,
    floatFen,
    denominations: countByValue(count),
    ...(handedOverFrom ? { handedOverFrom } : {}),
  };
  await recordMutation(tx, 'shift.opened', payload, { staffId }, { affects: [], clock });
  return shift;
}

/** Opens this terminal's shift with its float. Refused when one is open, or the float is empty and HQ requires one. */
export async function openShift(
  db: LinliDb,
  input: OpenShiftInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<ShiftRow> {
  const clock = options.clock ?? systemClock;
  const floatFen = countFen(input.count);
  return writeAction(db, SHIFT_TABLES, async (tx) => {
    const ctx = await dayEndContext(tx.table('meta'));
    const open = await currentOpenShift(tx);
    if (open) refuse({ reason: 'shift-already-open', shiftId: open.id });
    if (floatFen === 0 && ctx.policy.floatRequired) refuse({ reason: 'float-required' });
    return writeOpenShift(tx, ctx.terminal.terminalId, actor.staffId, input.count, floatFen, clock);
  });
}

export interface CashMoveInput {
  kind: 'payIn' | 'payOut';
  amountFen: number;
  reason: string;
}

/**
 * A pay-in or pay-out on the open shift, with its reason. Above the store's
 * threshold a manager approves; a pay-out larger than the drawer holds is refused.
 */
export async function moveCash(
  db: LinliDb,
  input: CashMoveInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<CashMovementRow> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, SHIFT_TABLES, async (tx) => {
      const ctx = await dayEndContext(tx.table('meta'));
      const shift = await requireOpenShift(tx);
      const drawer = await drawerOf(tx, shift);
      const refusal = cashMovementRefusal(input.kind, input.amountFen, input.reason, drawer.expectedFen);
      if (refusal) refuse({ reason: 'movement', refusal, drawerFen: drawer.expectedFen });
      const auth = cashMovementNeedsManager(input.amountFen, ctx.policy.cashMovementThresholdFen)
        ? await authorize(tx, 'cashMovementAboveThreshold', actor, clock)
        : null;
      const row: CashMovementRow = {
        id: crypto.randomUUID(),
        shiftId: shift.id,
        createdAt: isoAt(clock),
        staffId: actor.staffId,
        terminalId: ctx.terminal.terminalId,
        kind: input.kind,
        amountFen: input.amountFen,
        reason: input.reason.trim(),
        ...(auth ? approvedByOf(auth) : {}),
      };
      await table<CashMovementRow, string>(tx, 'cashMovements').add(row);
      const payload: MutationPayload<'cash.moved'> = {
        movementId: row.id,
        shiftId: shift.id,
        kind: row.kind,
        amountFen: row.amountFen,
        reason: row.reason.slice(0, 200),
        ...(auth ? approvedByOf(auth) : {}),
      };
      await recordMutation(
        tx,
        'cash.moved',
        payload,
        { staffId: actor.staffId, ...(auth ? approvedByOf(auth) : {}) },
        { affects: [], detail: { ...payload, ...(auth ? approvalDetailOf(auth) : {}) }, clock },
      );
      await addDayWork(
        tx,
        [{ kind: 'cash', terminalId: row.terminalId, createdAt: row.createdAt, movement: payload }],
        ctx.timeZone,
      );
      return row;
    });
  } catch (error) {
    await auditDenied(db, error, actor, clock);
    throw error;
  }
}

/**
 * Why a pay-in or pay-out would be refused now (null: it would be recorded):
 * the screen asks this before asking a manager to approve a large one.
 */
export async function movementRefusal(db: LinliDb, input: CashMoveInput) {
  return db.transaction('r', [db.meta, db.shifts, db.sales, db.refunds, db.cashMovements], async (tx) => {
    const shift = await requireOpenShift(tx);
    const drawer = await drawerOf(tx, shift);
    const refusal = cashMovementRefusal(input.kind, input.amountFen, input.reason, drawer.expectedFen);
    return refusal ? { refusal, drawerFen: drawer.expectedFen } : null;
  });
}

export interface CountPreview {
  countedFen: number;
  expected: ExpectedCash;
  differenceFen: number;
  needsManager: boolean;
}

/**
 * The blind count's second step: only once the drawer has been counted does
 * the screen learn what was expected and the difference.
 */
export async function previewCount(db: LinliDb, count: DenominationCount): Promise<CountPreview> {
  const countedFen = countFen(count);
  return db.transaction('r', [db.meta, db.shifts, db.sales, db.refunds, db.cashMovements], async (tx) => {
    const ctx = await dayEndContext(tx.table('meta'));
    const shift = await requireOpenShift(tx);
    const expected = await drawerOf(tx, shift);
    const diff = cashDifference(countedFen, expected.expectedFen, ctx.policy.cashDifferenceThresholdFen);
    return { countedFen, expected, ...diff };
  });
}

export interface CloseShiftInput {
  count: DenominationCount;
  note?: string;
  /** 交班: the clerk taking the drawer over; their shift opens with this count as its float. */
  handOverTo?: string;
}

export interface ClosedShift {
  shift: ShiftRow;
  /** The incoming clerk's shift, on a handover. */
  next: ShiftRow | null;
}

/**
 * Closes the open shift with the blind count. Beyond the store's threshold the
 * difference needs a manager (approval spent) and a note. With `handOverTo`,
 * the next clerk's shift opens in the same transaction with the counted cash.
 */
export async function closeShift(
  db: LinliDb,
  input: CloseShiftInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<ClosedShift> {
  const clock = options.clock ?? systemClock;
  const countedFen = countFen(input.count);
  const note = input.note?.trim() ?? '';
  try {
    return await writeAction(db, SHIFT_TABLES, async (tx) => {
      const ctx = await dayEndContext(tx.table('meta'));
      const shift = await requireOpenShift(tx);
      if (input.handOverTo !== undefined) {
        const next = await table<StaffRow, string>(tx, 'staff').get(input.handOverTo);
        if (!next || !next.active) refuse({ reason: 'unknown-staff', staffId: input.handOverTo });
        if (input.handOverTo === shift.staffId) refuse({ reason: 'handover-to-self' });
      }
      const expected = await drawerOf(tx, shift);
      const diff = cashDifference(countedFen, expected.expectedFen, ctx.policy.cashDifferenceThresholdFen);
      if (diff.needsManager && !note) refuse({ reason: 'note-required' });
      const auth = diff.needsManager ? await authorize(tx, 'cashDifference', actor, clock) : null;
      const closed: ShiftRow = {
        ...shift,
        state: 'closed',
        closedAt: isoAt(clock),
        closedBy: actor.staffId,
        countedFen,
        expectedFen: expected.expectedFen,
        differenceFen: diff.differenceFen,
        count: { ...input.count },
        ...(note ? { note } : {}),
        ...(auth ? approvedByOf(auth) : {}),
        ...(input.handOverTo ? { handedOverTo: input.handOverTo } : {}),
      };
      await table<ShiftRow, string>(tx, 'shifts').put(closed);
      const payload: MutationPayload<'shift.closed'> = {
        shiftId: shift.id,
        countedFen,
        expectedFen: expected.expectedFen,
        differenceFen: diff.differenceFen,
        denominations: countByValue(input.count),
        ...(note ? { note: note.slice(0, 500) } : {}),
        ...(input.handOverTo ? { handedOverTo: input.handOverTo } : {}),
        ...(auth ? approvedByOf(auth) : {}),
      };
      await recordMutation(
        tx,
        'shift.closed',
        payload,
        { staffId: actor.staffId, ...(auth ? approvedByOf(auth) : {}) },
        { affects: [], detail: { ...payload, expected, ...(auth ? approvalDetailOf(auth) : {}) }, clock },
      );
      const next = input.handOverTo
        ? await writeOpenShift(
            tx,
            ctx.terminal.terminalId,
            input.handOverTo,
            input.count,
            countedFen,
            clock,
            shift.id,
          )
        : null;
      return { shift: closed, next };
    });
  } catch (error) {
    await auditDenied(db, error, actor, clock);
    throw error;
  }
}

/** Open shifts of this terminal (closing the day refuses while any is open). */
export async function openShiftIds(source: Source): Promise<string[]> {
  const shift = await currentOpenShift(source);
  return shift ? [shift.id] : [];
}
