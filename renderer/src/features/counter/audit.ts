import type { MutationPayload } from '@shared/contract';
import type { PrivilegedAction } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../../db/clock';
import type { LinliDb } from '../../db/database';
import { recordMutation, writeAction } from '../../db/repositories/outbox';
import { authorize, type PrivilegedActor } from '../../db/repositories/staff';
import type { Actor, AuditRow, EntityRef, OutboxRow } from '../../db/types';

/** Counter events that change no entity but must be on record (and reach HQ). */
export type CounterAuditAction = 'counter.invalidToken' | 'counter.expiredOverride';

/**
 * Writes a counter audit event: an audit row under its own action plus an
 * `audit.recorded` mutation, in one transaction, so HQ sees forged-token
 * attempts and expiry overrides through the same outbox as everything else.
 */
export function recordCounterEvent(
  db: LinliDb,
  action: CounterAuditAction,
  actor: Actor | PrivilegedActor,
  options: {
    subject?: string;
    detail?: Record<string, unknown>;
    refs?: EntityRef[];
    clock?: Clock;
    /** A manager's action: checked by the staff guard in the same transaction, the approval recorded. */
    guard?: PrivilegedAction;
  } = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, options.guard ? ['staff'] : [], async (tx) => {
    const auth = options.guard ? await authorize(tx, options.guard, actor, clock) : null;
    const detail = auth?.approval ? { ...options.detail, approval: auth.approval } : options.detail;
    const entryId = crypto.randomUUID();
    const at = isoAt(clock);
    const payload: MutationPayload<'audit.recorded'> = {
      entryId,
      action,
      at,
      ...(options.subject !== undefined && { subject: options.subject.slice(0, 128) }),
      ...(detail !== undefined && { detail }),
    };
    const row = await recordMutation(tx, 'audit.recorded', payload, actor, { affects: [], clock });
    const audit = tx.table<AuditRow, string>('audit');
    // recordMutation logs the row under the mutation type; this event is logged under its own action.
    await audit
      .where('at')
      .equals(row.createdAt)
      .filter((r) => r.mutationId === row.id)
      .delete();
    await audit.add({
      id: entryId,
      at,
      staffId: actor.staffId,
      action,
      refs: options.refs ?? [],
      mutationId: row.id,
      detail: detail ?? null,
    });
    return row;
  });
}
