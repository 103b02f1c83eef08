import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  adminArriveRequestSchema,
  adminCancelRequestSchema,
  adminCreateOrdersRequestSchema,
  adminReceiveStockRequestSchema,
  faultsSchema,
  orderIdSchema,
  orderStatusSchema,
  storableProblem,
  storeIdSchema,
  type AdminOrder,
  type Faults,
  type Order,
  type Product,
  type StorePolicy,
} from '../../shared/contract';
import { orderNumber } from '../../shared/codes/formats';
import type { Db, Queryable } from './db';
import { activeSigningKey } from './keys';
import { insertOrders, type OrderDraft } from './orders';
import { docSql, loadEntities, lockStore, writeEntities } from './repo';
import { localDay } from './time';
import { receiveStock } from './receive';
import { sendError, validationError } from './errors';
import { registerDispatchAdmin } from './dispatch';

export const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Host names a loopback request may carry: another name is a browser tricked by DNS rebinding. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host name of a Host header, without its port. */
function hostName(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, dropResponseRate: 0, down: false };

/**
 * Demo/test endpoints under /v1/_admin: registered only with --enable-admin,
 * answered only to a loopback client that names a loopback Host, rate limited.
 */
export function registerAdmin(
  app: FastifyInstance,
  db: Db,
  faults: { current: Faults },
  now: () => Date,
  limits: { requestsPerMinute: number },
): void {
  app.register(
    async (admin) => {
      admin.addHook('onRequest', async (request, reply) => {
        if (!LOOPBACK.has(request.ip))
          return sendError(reply, 403, 'forbidden', '仅限本机访问 / loopback only');
        if (!LOOPBACK_HOSTS.has(hostName(request.headers.host).toLowerCase()))
          return sendError(reply, 403, 'forbidden', '仅限本机地址 / loopback Host only');
        const { store, orderId } = request.params as { store?: string; orderId?: string };
        if (store !== undefined && !storeIdSchema.safeParse(store).success)
          return sendError(reply, 404, 'not_found', '未知门店 / unknown store');
        if (orderId !== undefined && !orderIdSchema.safeParse(orderId).success)
          return sendError(reply, 404, 'not_found', '未知订单 / unknown order');
      });
      admin.addHook('onRequest', admin.rateLimit({ max: limits.requestsPerMinute, timeWindow: 60_000 }));

      admin.get('/stores/:store/orders', async (request, reply) => {
        const { store } = request.params as { store: string };
        const status = (request.query as { status?: string }).status;
        if (status !== undefined && !orderStatusSchema.safeParse(status).success)
          return sendError(reply, 400, 'bad_request', `未知状态 / unknown status`, [
            { path: 'status', message: 'not an order status' },
          ]);
        return reply.send({ orders: await adminOrders(db, store, { status }) });
      });

      admin.post('/stores/:store/orders', async (request, reply) => {
        const { store } = request.params as { store: string };
        const body = parse(adminCreateOrdersRequestSchema, request, reply);
        if (!body) return reply;
        if (!(await storeExists(db, store))) return sendError(reply, 404, 'not_found', `未知门店 ${store}`);
        let ids: Awaited<ReturnType<typeof createOrders>>;
        try {
          ids = await createOrders(db, store, body.orders, now());
        } catch (err) {
          if (err instanceof AdminInputError) return sendError(reply, 400, 'bad_request', err.message);
          throw err;
        }
        if ('error' in ids) return sendError(reply, 409, 'conflict', ids.error);
        return reply.send({ orders: await adminOrders(db, store, { ids }) });
      });

      admin.post('/stores/:store/orders/:orderId/cancel', async (request, reply) => {
        const { store, orderId } = request.params as { store: string; orderId: string };
        const body = parse(adminCancelRequestSchema, { body: request.body ?? {} } as FastifyRequest, reply);
        if (!body) return reply;
        const outcome = await updateOrders(
          db,
          store,
          [orderId],
          (o) => {
            if (o.status === 'collected' || o.status === 'returned')
              return `订单状态为 ${o.status}，不能取消 / cannot cancel a ${o.status} order`;
            if (o.status === 'cancelled') return null;
            return { ...o, status: 'cancelled', cancelledAt: now().toISOString(), cancelReason: body.reason };
          },
          now,
        );
        if (outcome.missing.length) return sendError(reply, 404, 'not_found', `未知订单 ${orderId}`);
        if (outcome.refused.length) return sendError(reply, 409, 'conflict', outcome.refused[0] ?? '');
        return reply.send({ orders: await adminOrders(db, store, { ids: [orderId] }) });
      });

      admin.post('/stores/:store/arrive', async (request, reply) => {
        const { store } = request.params as { store: string };
        const body = parse(adminArriveRequestSchema, request, reply);
        if (!body) return reply;
        const outcome = await updateOrders(
          db,
          store,
          body.orderIds,
          (o) => {
            if (o.status !== 'pending') return null;
            return { ...o, status: 'arrived', arrivedAt: now().toISOString() };
          },
          now,
        );
        if (outcome.missing.length)
          return sendError(reply, 404, 'not_found', `未知订单 ${outcome.missing.join(', ')}`);
        return reply.send({ orders: await adminOrders(db, store, { ids: body.orderIds }) });
      });

      admin.post('/stores/:store/stock/receive', async (request, reply) => {
        const { store } = request.params as { store: string };
        const body = parse(adminReceiveStockRequestSchema, request, reply);
        if (!body) return reply;
        if (!(await storeExists(db, store))) return sendError(reply, 404, 'not_found', `未知门店 ${store}`);
        const outcome = await receiveStock(db, store, body.lines, now());
        if ('unknown' in outcome)
          return sendError(
            reply,
            404,
            'not_found',
            `未知商品 ${outcome.unknown.join(', ')} / unknown product`,
          );
        return reply.send(outcome);
      });

      registerDispatchAdmin(admin, {
        db,
        now,
        parse: (schema, body, reply) => parse(schema, { body } as FastifyRequest, reply),
        updateOrders,
        adminOrders,
      });

      admin.get('/faults', async () => ({ faults: faults.current }));
      admin.post('/faults', async (request, reply) => {
        const body = parse(faultsSchema, request, reply);
        if (!body) return reply;
        faults.current = body;
        return reply.send({ faults: body });
      });
      admin.delete('/faults', async () => {
        faults.current = { ...NO_FAULTS };
        return { faults: faults.current };
      });
    },
    { prefix: '/v1/_admin' },
  );
}

function parse<S extends z.ZodType>(
  schema: S,
  request: FastifyRequest,
  reply: FastifyReply,
): z.infer<S> | null {
  // what the database cannot store is refused here, not by PostgreSQL with a 500
  const problem = storableProblem(request.body, 64);
  if (problem) {
    sendError(reply, 400, 'bad_request', '请求格式错误 / malformed request', [
      { path: problem.path.join('.'), message: problem.message },
    ]);
    return null;
  }
  const res = schema.safeParse(request.body ?? {});
  if (res.success) return res.data;
  validationError(reply, res.error);
  return null;
}

async function storeExists(db: Queryable, storeId: string) {
  return (await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).rows.length > 0;
}

export async function adminOrders(
  db: Queryable,
  storeId: string,
  filter: { status?: string; ids?: readonly string[] } = {},
): Promise<AdminOrder[]> {
  const params: unknown[] = [storeId];
  let where = `e.store_id = $1 AND e.entity = 'order' AND NOT e.deleted`;
  if (filter.status) {
    params.push(filter.status);
    where += ` AND e.state->>'status' = $${params.length}`;
  }
  if (filter.ids) {
    params.push(filter.ids);
    where += ` AND e.key = ANY($${params.length}::text[])`;
  }
  const { rows } = await db.query<{ data: Order; pickup_code: string; pickup_token: string }>(
    `SELECT ${docSql('e.')} AS data, s.pickup_code, s.pickup_token FROM entities e
     JOIN order_secrets s ON s.order_id = e.key
     WHERE ${where} ORDER BY s.order_no`,
    params,
  );
  return rows.map((r) => ({ ...r.data, pickupCode: r.pickup_code, pickupToken: r.pickup_token }));
}

const SURNAMES = '王李张刘陈杨黄赵吴周';
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Creates orders as the mall does: HQ picks prices, zones, bags, codes and tokens. */
export async function createOrders(
  db: Db,
  storeId: string,
  inputs: readonly z.infer<typeof adminCreateOrdersRequestSchema>['orders'][number][],
  at: Date,
): Promise<string[] | { error: string }> {
  const key = await activeSigningKey(db, at);
  if (!key) return { error: '没有签名密钥 / no signing key' };
  return db.transaction(async (tx) => {
    await lockStore(tx, storeId);
    const { rows: storeRows } = await tx.query<{ time_zone: string }>(
      'SELECT time_zone FROM stores WHERE id = $1',
      [storeId],
    );
    const today = localDay(storeRows[0]?.time_zone ?? 'Asia/Shanghai', at);
    const products = [...(await loadEntities<Product>(tx, storeId, 'product')).values()].filter(
      (p) => p.active,
    );
    const policy = (await loadEntities<StorePolicy>(tx, storeId, 'storePolicy', [storeId])).get(storeId);
    const { rows: maxRows } = await tx.query<{ max: string | null }>(
      'SELECT max(order_no) AS max FROM order_secrets WHERE order_no LIKE $1',
      [`LL${today.yyyymmdd}%`],
    );
    let serial = maxRows[0]?.max ? Number(maxRows[0].max.slice(10)) : 0;
    const { rows: codeRows } = await tx.query<{ pickup_code: string }>(
      'SELECT pickup_code FROM order_secrets WHERE store_id = $1',
      [storeId],
    );
    const codes = new Set(codeRows.map((r) => r.pickup_code));
    const explicitIds = inputs.map((i) => i.id).filter((id): id is string => !!id);
    if (explicitIds.length) {
      const { rows } = await tx.query('SELECT order_id FROM order_secrets WHERE order_id = ANY($1::text[])', [
        explicitIds,
      ]);
      if (rows.length) return { error: '订单号已存在 / order id exists' };
    }
    const bySku = new Map(products.map((p) => [p.sku, p]));
    const drafts: OrderDraft[] = [];
    for (const input of inputs) {
      serial += 1;
      if (serial > 9999) return { error: '今日订单号已用尽 / order numbers exhausted for today' };
      const orderNo = orderNumber(today.yyyymmdd, serial);
      let code = input.pickupCode;
      if (code && codes.has(code)) return { error: `取货码 ${code} 已被使用 / pickup code in use` };
      while (!code || codes.has(code)) code = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
      codes.add(code);
      const lines = input.items
        ? input.items.map((i) => {
            const product = bySku.get(i.sku);
            if (!product) throw new AdminInputError(`未知商品 ${i.sku}`);
            return { product, qty: i.qty };
          })
        : Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
            product: pick(products),
            qty: 1,
          }));
      const start = input.pickupWindow
        ? new Date(input.pickupWindow.start)
        : new Date(at.getTime() + 3600_000);
      const end = input.pickupWindow
        ? new Date(input.pickupWindow.end)
        : new Date(at.getTime() + 3 * 3600_000);
      drafts.push({
        id: input.id ?? `ord-${orderNo}`,
        orderNo,
        storeId,
        channel: input.channel,
        fulfilment: input.fulfilment,
        customer: input.customer ?? {
          maskedName: `${pick([...SURNAMES])}*`,
          phoneLast4: String(Math.floor(Math.random() * 10_000)).padStart(4, '0'),
        },
        lines: dedupeLines(lines),
        pickupWindow: { start, end },
        paid: input.paid,
        batchId: input.batchId ?? null,
        status: input.status,
        createdAt: at,
        pickupCode: code,
        ...(input.note ? { note: input.note } : {}),
        ...(input.riderId ? { delivery: { riderId: input.riderId } } : {}),
        arrivedAt: input.status === 'arrived' ? at : null,
      });
    }
    await insertOrders(tx, storeId, drafts, key, policy?.pickupGraceHours ?? 2);
    return drafts.map((d) => d.id);
  });
}

function dedupeLines(lines: { product: Product; qty: number }[]) {
  const bySku = new Map<string, { product: Product; qty: number }>();
  for (const l of lines) {
    const prev = bySku.get(l.product.sku);
    bySku.set(l.product.sku, { product: l.product, qty: (prev?.qty ?? 0) + l.qty });
  }
  return [...bySku.values()];
}

export class AdminInputError extends Error {}

/** Applies an HQ-side change to orders; `change` returns the new order, null (no change) or a refusal. */
async function updateOrders(
  db: Db,
  storeId: string,
  ids: readonly string[],
  change: (o: Order) => Order | string | null,
  now: () => Date,
): Promise<{ missing: string[]; refused: string[] }> {
  return db.transaction(async (tx) => {
    await lockStore(tx, storeId);
    const orders = await loadEntities<Order>(tx, storeId, 'order', ids);
    const missing = ids.filter((id) => !orders.has(id));
    const refused: string[] = [];
    const writes = [];
    for (const order of orders.values()) {
      const next = change(order);
      if (typeof next === 'string') refused.push(next);
      else if (next)
        writes.push({
          entity: 'order' as const,
          key: order.id,
          data: { ...next, updatedAt: now().toISOString() },
        });
    }
    if (missing.length || refused.length) return { missing, refused };
    await writeEntities(tx, storeId, writes);
    return { missing, refused };
  });
}
