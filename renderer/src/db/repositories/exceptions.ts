import type { Transaction } from 'dexie';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { PermissionDeniedError } from '@shared/staff/roles';
import type { MutationPayload } from '@shared/contract';
import { type ExceptionRow, type OutboxRow, splitEntityRef } from '../types';
import { appendAudit } from './audit';
import { type AffectedEntity, recordMutation, writeAction } from './outbox';
import { authorize, type PrivilegedActor } from './staff';

/** Resolving an exception needs a manager (or a clerk with a manager's approval). */
export class ExceptionActionError extends Error {
  constructor(
    readonly reason: 'not-found' | 'already-resolved' | 'manager-required',
    readonly exceptionId: string,
  ) {
    super(`${reason}: ${exceptionId}`);
    this.name = 'ExceptionActionError';
  }
}

/**
 * Loads an open exception and checks the actor may resolve it: a manager, or a
 * clerk carrying a manager's one-time approval — checked against the local
 * staff table by the staff guard, never by a name the caller supplies.
 * Returns the row and who resolved it (the approving manager, if any).
 */
async function openException(
  tx: Transaction,
  id: string,
  actor: PrivilegedActor,
  clock: Clock,
): Promise<{ row: ExceptionRow; resolvedBy: string }> {
  const row = await tx.table<ExceptionRow, string>('exceptions').get(id);
  if (!row) throw new ExceptionActionError('not-found', id);
  if (row.state !== 'open') throw new ExceptionActionError('already-resolved', id);
  try {
    const auth = await authorize(tx, 'resolveException', actor, clock);
    return { row, resolvedBy: auth.approval?.by ?? actor.staffId };
  } catch (error) {
    if (error instanceof PermissionDeniedError) throw new ExceptionActionError('manager-required', id);
    throw error;
  }
}

/** The manager has seen it; nothing is sent. */
export function acknowledgeException(
  db: LinliDb,
  id: string,
  actor: PrivilegedActor,
  clock: Clock = systemClock,
): Promise<void> {
  return writeAction(db, ['exceptions', 'staff', 'meta'], async (tx) => {
    const { row, resolvedBy } = await openException(tx, id, actor, clock);
    await tx.table('exceptions').update(id, {
      state: 'acknowledged',
      resolvedBy,
      resolvedAt: isoAt(clock),
    });
    await appendAudit(tx, {
      at: isoAt(clock),
      staffId: actor.staffId,
      action: 'exception.acknowledged',
      refs: row.mutation.affects,
      detail: { exceptionId: id, resolvedBy },
    });
  });
}

/**
 * Sends the refused mutation again as a new mutation (new id and sequence: HQ
 * is idempotent by id, so the old id would only get its refusal back).
 */
export function retryException(
  db: LinliDb,
  id: string,
  actor: PrivilegedActor,
  clock: Clock = systemClock,
): Promise<OutboxRow> {
  return writeAction(db, ['exceptions', 'staff', 'orders', 'meta'], async (tx) => {
    const { row, resolvedBy } = await openException(tx, id, actor, clock);
    const affects: AffectedEntity[] = [];
    for (const ref of row.mutation.affects) {
      const { entity, key } = splitEntityRef(ref);
      const before = entity === 'order' ? ((await tx.table('orders').get(key)) ?? null) : null;
      affects.push({ entity, key, before });
    }
    // The stored mutation went through recordMutation's typing when it was first written.
    const payload = row.mutation.payload as MutationPayload<typeof row.mutation.type>;
    const mutation = await recordMutation(tx, row.mutation.type, payload, actor, {
      affects,
      detail: { retryOf: id },
      clock,
    });
    await tx.table('exceptions').update(id, {
      state: 'retried',
      resolvedBy,
      resolvedAt: isoAt(clock),
    });
    return mutation;
  });
}
