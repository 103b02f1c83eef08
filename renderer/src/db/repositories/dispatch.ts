/**
 * 定时送达 — the rider handover: one `rw` transaction writes the run's orders as
 * collected by the rider (with the delivery's dispatch), frees their slots, and
 * records `order.dispatched` with its audit row. The shared rule
 * (`dispatchRefusal`) is checked inside the transaction; a refusal writes
 * nothing.
 */
import type { Transaction } from 'dexie';
import type { MutationPayload, Rider } from '@shared/contract';
import { dispatchRefusal, type DispatchRefusal } from '@shared/dispatch';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta, getMetaByPrefix, metaKey, type MetaSource } from '../meta';
import type { Actor, OrderRow, OutboxRow, SlotOccupancyRow } from '../types';
import { recordMutation, writeAction } from './outbox';

/** A handover the shared rule refuses; nothing was written. */
export class DispatchError extends Error {
  readonly kind = 'dispatch-refused' as const;
  constructor(readonly refusal: DispatchRefusal) {
    super(`dispatch refused: ${refusal.reason}`);
    this.name = 'DispatchError';
  }
}

/** The store's riders as HQ published them (the pull keeps them in meta: a store has a handful). */
export async function loadRiders(source: MetaSource): Promise<Rider[]> {
  return (await getMetaByPrefix(source, metaKey.singleton('rider', ''))) as Rider[];
}

export interface RunHandOver {
  riderId: string;
  orderIds: readonly string[];
  /** Every bag label of every order, as scanned. */
  bags: readonly string[];
}

/**
 * Hands a rider's run over: every order → collected (verified by the rider's
 * code) with `delivery.dispatchedAt`, its slots released, one `order.dispatched`
 * mutation + audit — one transaction. Throws `DispatchError` (nothing written)
 * when the shared rule refuses: an unknown rider, an order that is not the
 * rider's, of another window or already gone, a bag missing or extra.
 */
export async function dispatchRun(
  db: LinliDb,
  run: RunHandOver,
  actor: Actor,
  options: { clock?: Clock } = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['orders', 'slotOccupancy'], async (tx: Transaction) => {
    const orders = tx.table<OrderRow, string>('orders');
    const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
    const riders = await loadRiders(tx);
    const ids = [...new Set(run.orderIds)];
    const rows = new Map(
      (await orders.bulkGet(ids)).flatMap((o): [string, OrderRow][] => (o ? [[o.id, o]] : [])),
    );
    const refusal = dispatchRefusal({
      rider: riders.find((r) => r.id === run.riderId),
      riderId: run.riderId,
      orderIds: ids,
      bags: run.bags,
      orderOf: (id) => rows.get(id),
    });
    if (refusal) throw new DispatchError(refusal);
    const terminal = await getMeta(tx, 'terminal');
    const terminalId = terminal?.terminalId ?? 'unknown';
    const at = isoAt(clock);
    for (const order of rows.values()) {
      await orders.put({
        ...order,
        status: 'collected',
        collection: { at, terminalId, staffId: actor.staffId, verifiedBy: 'code', partial: false },
        delivery: {
          ...order.delivery,
          riderId: run.riderId,
          dispatchedAt: at,
          dispatchedBy: actor.staffId,
          terminalId,
          outcome: null,
        },
      });
      await occupancy.where('orderId').equals(order.id).delete();
    }
    const payload: MutationPayload<'order.dispatched'> = {
      orderIds: ids,
      riderId: run.riderId,
      bags: [...run.bags],
      at,
    };
    return recordMutation(tx, 'order.dispatched', payload, actor, {
      affects: [...rows.values()].map((o) => ({ entity: 'order' as const, key: o.id, before: o })),
      clock,
    });
  });
}
