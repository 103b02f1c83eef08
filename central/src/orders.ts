import type {
  Fulfilment,
  Order,
  OrderBag,
  OrderChannel,
  OrderCustomer,
  OrderItem,
  OrderStatus,
  Product,
  SlotAssignment,
  TemperatureZone,
} from '../../shared/contract';
import { bagLabel } from '../../shared/codes/formats';
import { signPickupToken } from '../../shared/token';
import type { Queryable } from './db';
import { sha256Hex, type SigningKey } from './keys';
import { writeEntities } from './repo';

export interface OrderDraft {
  id: string;
  orderNo: string;
  storeId: string;
  channel: OrderChannel;
  fulfilment: Fulfilment;
  customer: OrderCustomer;
  lines: readonly { product: Product; qty: number }[];
  pickupWindow: { start: Date; end: Date };
  paid: boolean;
  batchId: string | null;
  status: OrderStatus;
  createdAt: Date;
  pickupCode: string;
  note?: string;
  arrivedAt?: Date | null;
  /** Slot per bag index (1-based), for shelved orders. */
  slots?: readonly string[];
  shelvedAt?: Date | null;
  collection?: Order['collection'];
  cancelledAt?: Date | null;
  cancelReason?: string | null;
  returnedAt?: Date | null;
  /** 定时送达: the rider HQ assigned (scheduled deliveries). */
  delivery?: Order['delivery'];
}

const ZONES: readonly TemperatureZone[] = ['ambient', 'chilled', 'frozen'];

/** Weighed goods: qty in kg; amounts round to the fen. */
export const lineAmount = (priceFen: number, qty: number) => Math.round(priceFen * qty);

/** Items become one bag per temperature zone: a chilled bag never sits on an ambient shelf. */
export function buildOrder(d: OrderDraft): Omit<Order, 'version' | 'pickupCodeHash'> {
  const zones = ZONES.filter((z) => d.lines.some((l) => l.product.zone === z));
  const bags: OrderBag[] = zones.map((zone, i) => ({ label: bagLabel(d.orderNo, i + 1), zone }));
  const bagOf = (zone: TemperatureZone) => bags.find((b) => b.zone === zone)?.label;
  const items: OrderItem[] = d.lines.map(({ product, qty }) => ({
    sku: product.sku,
    name: product.name,
    qty,
    unit: product.unit,
    unitPriceFen: product.priceFen,
    amountFen: lineAmount(product.priceFen, qty),
    zone: product.zone,
    bagLabel: bagOf(product.zone),
  }));
  const iso = (t: Date | null | undefined) => (t ? t.toISOString() : null);
  const slotAssignments: SlotAssignment[] =
    d.slots && d.shelvedAt
      ? bags.map((b, i) => ({
          bagLabel: b.label,
          slotId: d.slots?.[i] ?? '',
          at: d.shelvedAt!.toISOString(),
        }))
      : [];
  const updatedAt =
    [
      d.createdAt,
      d.arrivedAt,
      d.shelvedAt,
      d.cancelledAt,
      d.returnedAt,
      d.collection ? new Date(d.collection.at) : null,
    ]
      .filter((t): t is Date => t instanceof Date)
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? d.createdAt;
  return {
    id: d.id,
    orderNo: d.orderNo,
    storeId: d.storeId,
    channel: d.channel,
    fulfilment: d.fulfilment,
    customer: d.customer,
    items,
    bags,
    status: d.status,
    pickupWindow: { start: d.pickupWindow.start.toISOString(), end: d.pickupWindow.end.toISOString() },
    paid: d.paid,
    totalFen: items.reduce((s, i) => s + i.amountFen, 0),
    batchId: d.batchId,
    slotAssignments: slotAssignments.filter((a) => a.slotId),
    ...(d.note ? { note: d.note } : {}),
    ...(d.delivery ? { delivery: d.delivery } : {}),
    createdAt: d.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    arrivedAt: iso(d.arrivedAt),
    shelvedAt: iso(d.shelvedAt),
    collection: d.collection ?? null,
    cancelledAt: iso(d.cancelledAt),
    cancelReason: d.cancelReason ?? null,
    returnedAt: iso(d.returnedAt),
    lastRemindedAt: null,
    extendedUntil: null,
  };
}

/** Tokens stay valid through the pickup window, the grace period and two more days. */
const TOKEN_EXTRA_SECONDS = 2 * 24 * 3600;

export async function pickupTokenFor(
  order: Pick<Order, 'id' | 'storeId' | 'createdAt' | 'pickupWindow'>,
  key: SigningKey,
  graceHours: number,
): Promise<string> {
  const iat = Math.floor(new Date(order.createdAt).getTime() / 1000);
  const exp =
    Math.floor(new Date(order.pickupWindow.end).getTime() / 1000) + graceHours * 3600 + TOKEN_EXTRA_SECONDS;
  return signPickupToken(
    { orderId: order.id, storeId: order.storeId, iat, exp, kid: key.kid },
    key.privateKey,
  );
}

/**
 * Stores new orders: the feed entity (with the pickup code's hash only) and the
 * customer-facing secrets (plain code, signed token). Call inside a
 * transaction that holds the store lock.
 */
export async function insertOrders(
  tx: Queryable,
  storeId: string,
  drafts: readonly OrderDraft[],
  key: SigningKey,
  graceHours: number,
): Promise<Order[]> {
  const secrets: { order_id: string; order_no: string; pickup_code: string; pickup_token: string }[] = [];
  const orders: Order[] = [];
  for (const d of drafts) {
    const base = buildOrder(d);
    const order = { ...base, pickupCodeHash: sha256Hex(`${storeId}:${d.pickupCode}`), version: 0 } as Order;
    orders.push(order);
    secrets.push({
      order_id: d.id,
      order_no: d.orderNo,
      pickup_code: d.pickupCode,
      pickup_token: await pickupTokenFor(order, key, graceHours),
    });
  }
  for (let i = 0; i < secrets.length; i += 2000) {
    await tx.query(
      `INSERT INTO order_secrets (order_id, store_id, order_no, pickup_code, pickup_token)
       SELECT x.order_id, $1, x.order_no, x.pickup_code, x.pickup_token
       FROM jsonb_to_recordset($2::jsonb) AS x(order_id text, order_no text, pickup_code text, pickup_token text)`,
      [storeId, JSON.stringify(secrets.slice(i, i + 2000))],
    );
  }
  await writeEntities(
    tx,
    storeId,
    orders.map((o) => ({ entity: 'order', key: o.id, data: o as unknown as Record<string, unknown> })),
  );
  return orders;
}
