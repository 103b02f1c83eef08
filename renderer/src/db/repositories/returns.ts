import { type MutationPayload, staffIdSchema } from '@shared/contract';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { OrderRow, OutboxRow, SlotOccupancyRow } from '../types';
import { logAuditEvent } from './audit';
import { loadOpenOrder } from './orders';
import { recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * Returns an uncollected order's goods to stock (a manager action): order →
 * returned, its slots released, an `order.returnToStock` mutation carrying
 * `approvedBy` when a clerk acted with a manager's approval, and the audit row
 * with the approval (who, what, when) — one transaction. Refused with
 * `PermissionDeniedError` for a clerk without a valid approval (the refusal is
 * audited, nothing else written), `OrderActionError` for a collected,
 * cancelled or already returned order.
 */
export async function returnToStock(
  db: LinliDb,
  orderId: string,
  reason: string,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, ['orders', 'slotOccupancy', 'staff'], async (tx) => {
      const auth = await authorize(tx, 'returnToStock', actor, clock);
      const orders = tx.table<OrderRow, string>('orders');
      const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
      const order = await loadOpenOrder(tx, orderId);
      const at = isoAt(clock);
      await orders.put({ ...order, status: 'returned', returnedAt: at, slotIds: [] });
      await occupancy.where('orderId').equals(orderId).delete();
      const payload: MutationPayload<'order.returnToStock'> = { orderId, reason, ...approvedByOf(auth) };
      return recordMutation(
        tx,
        'order.returnToStock',
        payload,
        { staffId: actor.staffId, ...approvedByOf(auth) },
        {
          affects: [{ entity: 'order', key: orderId, before: order }],
          detail: { ...payload, ...approvalDetailOf(auth) },
          clock,
        },
      );
    });
  } catch (error) {
    // The refusal is audited under the actor (when the id is one HQ could accept at all).
    if (error instanceof PermissionDeniedError && staffIdSchema.safeParse(actor.staffId).success) {
      await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
        subject: error.action,
        detail: { reason: error.reason, orderId },
        clock,
      });
    }
    throw error;
  }
}
