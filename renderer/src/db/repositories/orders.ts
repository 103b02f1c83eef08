import type { Transaction } from 'dexie';
import type {
  HandOverVerification,
  MissingItem,
  MutationPayload,
  OrderCollection,
  ProxyPickup,
} from '@shared/contract';
import { closedRefusal } from '@shared/orders/state';
import { putAwayRefusal, type PlacementRefusal } from '@shared/shelf/placement';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta } from '../meta';
import { OrderActionError } from '../errors';
import type { Actor, OrderRow, OutboxRow, SlotOccupancyRow, SlotRow } from '../types';
import { recordMutation, writeAction } from './outbox';

/** One bag placed in one slot. */
export interface Placement {
  bagLabel: string;
  slotId: string;
}

export interface HandOverDetails {
  verifiedBy: HandOverVerification;
  /** Bag labels scanned at handover. */
  bags?: string[];
  note?: string;
  proxy?: ProxyPickup;
  /** Items not handed over: makes it a partial handover (`order.partialHandOver`). */
  missing?: MissingItem[];
  /** With `missing`: ask HQ to refund the missing items. */
  refundRequested?: boolean;
}

export interface ActionOptions {
  clock?: Clock;
}

/** The slot ids an order occupies, for the multi-entry `slotIds` index. */
export const slotIdsOf = (order: Pick<OrderRow, 'slotAssignments'>): string[] => [
  ...new Set(order.slotAssignments.map((a) => a.slotId)),
];

/**
 * Refuses (throws, nothing written) any action on a closed order, by the
 * shared rule (`closedRefusal`): collected says when and by whom.
 */
function refuseClosed(order: OrderRow): void {
  const refusal = closedRefusal(order);
  if (refusal?.reason === 'collected') {
    throw new OrderActionError({
      kind: 'already-collected',
      orderId: order.id,
      collectedAt: refusal.at,
      collectedBy: refusal.staffId,
    });
  }
  if (refusal)
    throw new OrderActionError({ kind: 'order-cancelled', orderId: order.id, status: order.status });
}

/** The order, inside the caller's transaction; refused when unknown or closed. */
export async function loadOpenOrder(tx: Transaction, orderId: string): Promise<OrderRow> {
  const order = await tx.table<OrderRow, string>('orders').get(orderId);
  if (!order) throw new OrderActionError({ kind: 'order-not-found', orderId });
  refuseClosed(order);
  return order;
}

function invalid(orderId: string, detail: string): OrderActionError {
  return new OrderActionError({ kind: 'invalid-slots', orderId, detail });
}

function placementDetail(refusal: PlacementRefusal): string {
  switch (refusal.reason) {
    case 'unknownBag':
      return `unknown bag ${refusal.bagLabel}`;
    case 'unknownSlot':
      return `unknown slot ${refusal.slotId}`;
    case 'wrongZone':
      return `bag ${refusal.bagLabel} is ${refusal.bagZone}, slot ${refusal.slotId} is ${refusal.slotZone}`;
    case 'full':
      return `slot ${refusal.slotId} is full`;
  }
}

/**
 * Puts an arrived order's bags on the shelf: order → shelved with its slot
 * assignments, slot occupancy written, outbox + audit — one transaction.
 * Refused (nothing written) for an order that has not arrived or is closed, an
 * unknown bag or slot, a bag in a slot of another temperature zone, or a slot
 * without room for the bags.
 */
export async function putAway(
  db: LinliDb,
  orderId: string,
  placements: readonly Placement[],
  actor: Actor,
  options: ActionOptions = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  if (placements.length === 0) throw invalid(orderId, 'no placements');
  if (new Set(placements.map((p) => p.bagLabel)).size !== placements.length) {
    throw invalid(orderId, 'a bag is placed twice');
  }
  return writeAction(db, ['orders', 'slots', 'slotOccupancy'], async (tx) => {
    const orders = tx.table<OrderRow, string>('orders');
    const slots = tx.table<SlotRow, string>('slots');
    const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
    const order = await loadOpenOrder(tx, orderId);
    if (order.status !== 'arrived') {
      throw new OrderActionError({ kind: 'not-ready-for-put-away', orderId, status: order.status });
    }
    // Bags of other orders in each slot: this order's own earlier placement is replaced.
    const used = new Map<string, number>();
    for (const slotId of new Set(placements.map((p) => p.slotId))) {
      const others = await occupancy.where('slotId').equals(slotId).toArray();
      used.set(
        slotId,
        others.filter((o) => o.orderId !== orderId).reduce((sum, o) => sum + o.bagLabels.length, 0),
      );
    }
    const slotRows = new Map((await slots.bulkGet([...used.keys()])).flatMap((s) => (s ? [[s.id, s]] : [])));
    const refusal = putAwayRefusal(
      order.bags,
      placements,
      (slotId) => slotRows.get(slotId),
      (slotId) => used.get(slotId) ?? 0,
    );
    if (refusal) throw invalid(orderId, placementDetail(refusal));
    const bySlot = new Map<string, string[]>();
    for (const { bagLabel, slotId } of placements)
      bySlot.set(slotId, [...(bySlot.get(slotId) ?? []), bagLabel]);
    const at = isoAt(clock);
    await occupancy.where('orderId').equals(orderId).delete();
    await occupancy.bulkAdd(
      [...bySlot].map(([slotId, bagLabels]) => ({ slotId, orderId, bagLabels, since: at })),
    );
    const slotAssignments = placements.map((p) => ({ bagLabel: p.bagLabel, slotId: p.slotId, at }));
    await orders.put({
      ...order,
      status: 'shelved',
      shelvedAt: at,
      slotAssignments,
      slotIds: [...bySlot.keys()],
    });
    const payload: MutationPayload<'order.putAway'> = {
      orderId,
      placements: placements.map((p) => ({ bagLabel: p.bagLabel, slotId: p.slotId })),
    };
    return recordMutation(tx, 'order.putAway', payload, actor, {
      affects: [{ entity: 'order', key: orderId, before: order }],
      clock,
    });
  });
}

/**
 * Hands an order to the customer: status → collected (when, by whom, how
 * verified), its slots released, outbox + audit — one transaction. With
 * `missing` items it is a partial handover. Refused with a typed error (nothing
 * written) when the order is already collected (saying when and by whom),
 * cancelled or returned.
 */
export async function handOver(
  db: LinliDb,
  orderId: string,
  details: HandOverDetails,
  actor: Actor,
  options: ActionOptions = {},
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['orders', 'slotOccupancy'], async (tx) => {
    const orders = tx.table<OrderRow, string>('orders');
    const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
    const order = await loadOpenOrder(tx, orderId);
    const terminal = await getMeta(tx, 'terminal');
    const at = isoAt(clock);
    const partial = (details.missing?.length ?? 0) > 0;
    const collection: OrderCollection = {
      at,
      terminalId: terminal?.terminalId ?? 'unknown',
      staffId: actor.staffId,
      verifiedBy: details.verifiedBy,
      partial,
      ...(partial ? { missing: details.missing } : {}),
      ...(details.proxy ? { proxy: details.proxy } : {}),
    };
    await orders.put({ ...order, status: 'collected', collection });
    await occupancy.where('orderId').equals(orderId).delete();
    const common = {
      orderId,
      verifiedBy: details.verifiedBy,
      ...(details.bags ? { bags: details.bags } : {}),
      ...(details.note ? { note: details.note } : {}),
      ...(details.proxy ? { proxy: details.proxy } : {}),
      ...(actor.approvedBy ? { approvedBy: actor.approvedBy } : {}),
    };
    const affects = [{ entity: 'order' as const, key: orderId, before: order }];
    if (partial) {
      const payload: MutationPayload<'order.partialHandOver'> = {
        ...common,
        missing: details.missing!,
        refundRequested: details.refundRequested ?? false,
      };
      return recordMutation(tx, 'order.partialHandOver', payload, actor, { affects, clock });
    }
    const payload: MutationPayload<'order.handOver'> = common;
    return recordMutation(tx, 'order.handOver', payload, actor, { affects, clock });
  });
}
