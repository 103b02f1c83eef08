import type { HandOverVerification } from '@shared/contract';
import type { LinliDb } from '../../db/database';
import { OrderActionError } from '../../db/errors';
import { handOver } from '../../db/repositories/orders';
import type { Actor, OrderRow } from '../../db/types';

export interface BatchHandOverResult {
  handedOver: OrderRow[];
  /** Orders not handed over, each with why (refused by the repository, or not selected). */
  rest: { order: OrderRow; reason: string }[];
}

/**
 * Hands over the selected orders of a group-leader batch, one repository
 * transaction each (status, slot release, outbox, audit), so a refused order
 * (collected meanwhile on the other terminal) never blocks the others.
 */
export async function handOverBatch(
  db: LinliDb,
  orders: readonly OrderRow[],
  selected: ReadonlySet<string>,
  actor: Actor,
  verifiedBy: HandOverVerification = 'manual',
): Promise<BatchHandOverResult> {
  const result: BatchHandOverResult = { handedOver: [], rest: [] };
  for (const order of orders) {
    if (!selected.has(order.id)) {
      result.rest.push({ order, reason: order.status });
      continue;
    }
    try {
      await handOver(
        db,
        order.id,
        { verifiedBy, note: order.batchId ? `batch ${order.batchId}` : undefined },
        actor,
      );
      result.handedOver.push(order);
    } catch (error) {
      if (!(error instanceof OrderActionError)) throw error;
      result.rest.push({ order, reason: error.refusal.kind });
    }
  }
  return result;
}

/** Batch orders that can be handed over now. */
export const isReady = (order: Pick<OrderRow, 'status'>): boolean =>
  order.status === 'arrived' || order.status === 'shelved';
