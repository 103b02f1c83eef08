import type { MutationPayload } from '@shared/contract';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { Actor, OrderRow, OutboxRow } from '../types';
import { loadOpenOrder } from './orders';
import { recordMutation, writeAction } from './outbox';

/**
 * Uncollected-order actions of the smart shelf (put-away and return to stock
 * live in orders.ts and returns.ts). Each writes the order change, the outbox
 * mutation and the audit row in one transaction.
 */

/** Asks HQ to remind the customer (HQ sends the message); records when. */
export async function remindCustomer(
  db: LinliDb,
  orderId: string,
  actor: Actor,
  options: { clock?: Clock; note?: string } = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['orders'], async (tx) => {
    const order = await loadOpenOrder(tx, orderId);
    const at = isoAt(clock);
    await tx.table<OrderRow, string>('orders').put({ ...order, lastRemindedAt: at });
    const payload: MutationPayload<'order.remind'> = {
      orderId,
      ...(options.note ? { note: options.note } : {}),
    };
    return recordMutation(tx, 'order.remind', payload, actor, {
      affects: [{ entity: 'order', key: orderId, before: order }],
      clock,
    });
  });
}

/** Moves the pickup deadline to `until` (ISO); the order stays on its slot. */
export async function extendPickup(
  db: LinliDb,
  orderId: string,
  until: string,
  actor: Actor,
  options: { clock?: Clock; reason?: string } = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['orders'], async (tx) => {
    const order = await loadOpenOrder(tx, orderId);
    await tx.table<OrderRow, string>('orders').put({ ...order, extendedUntil: until });
    const payload: MutationPayload<'order.extend'> = {
      orderId,
      until,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(actor.approvedBy ? { approvedBy: actor.approvedBy } : {}),
    };
    return recordMutation(tx, 'order.extend', payload, actor, {
      affects: [{ entity: 'order', key: orderId, before: order }],
      clock,
    });
  });
}
