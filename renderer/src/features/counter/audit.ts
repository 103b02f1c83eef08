import type { PrivilegedAction } from '@shared/staff/roles';
import { type Clock, systemClock } from '../../db/clock';
import type { LinliDb } from '../../db/database';
import { recordAuditEvent } from '../../db/repositories/audit';
import { writeAction } from '../../db/repositories/outbox';
import { authorize, type PrivilegedActor } from '../../db/repositories/staff';
import type { Actor, EntityRef, OutboxRow } from '../../db/types';

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
    return recordAuditEvent(tx, action, actor.staffId, {
      clock,
      ...(options.subject !== undefined && { subject: options.subject }),
      ...(detail !== undefined && { detail }),
      ...(options.refs !== undefined && { refs: options.refs }),
    });
  });
}
