/**
 * The read-only order lookup a terminal uses when a code, order number,
 * phone or token finds nothing locally (an order older than its history
 * window, or one not pulled yet). Scoped to the terminal's store by the
 * caller; returns whole orders as the feed would, most recently changed first.
 */
import type { FastifyInstance } from 'fastify';
import {
  ORDER_LOOKUP_MAX,
  type Order,
  type OrderLookupQuery,
  orderLookupQuerySchema,
} from '../../shared/contract';
import type { Db, Queryable } from './db';
import { sendError, validationError } from './errors';
import { docSql } from './repo';

/** `GET /v1/stores/:store/orders/lookup` (the store hook has authenticated the terminal). */
export function registerLookup(app: FastifyInstance, db: Db): void {
  app.get('/v1/stores/:store/orders/lookup', async (request, reply) => {
    const terminal = request.terminal;
    if (!terminal) return sendError(reply, 401, 'unauthorized', '缺少终端密钥 / missing terminal key');
    const query = orderLookupQuerySchema.safeParse(request.query);
    if (!query.success) return validationError(reply, query.error);
    return reply.send({ orders: await lookupOrders(db, terminal.storeId, query.data) });
  });
}

export async function lookupOrders(
  db: Queryable,
  storeId: string,
  query: OrderLookupQuery,
): Promise<Order[]> {
  const base = `SELECT ${docSql()} AS data FROM entities WHERE store_id = $1 AND entity = 'order' AND NOT deleted`;
  // The body is JSON text: fields in it are read through the document.
  const [where, value] =
    query.orderId !== undefined
      ? ['key = $2', query.orderId]
      : query.orderNo !== undefined
        ? [`(${docSql()})->>'orderNo' = $2`, query.orderNo]
        : query.codeHash !== undefined
          ? [`(${docSql()})->>'pickupCodeHash' = $2`, query.codeHash]
          : [`(${docSql()})#>>'{customer,phoneLast4}' = $2`, query.phoneLast4!];
  const { rows } = await db.query<{ data: Order }>(
    `${base} AND ${where} ORDER BY version DESC LIMIT ${ORDER_LOOKUP_MAX}`,
    [storeId, value],
  );
  return rows.map((r) => r.data);
}
