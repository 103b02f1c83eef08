import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  adminDeliveryOutcomeRequestSchema,
  adminMutationsQuerySchema,
  adminMutationsResponseSchema,
  adminOrdersResponseSchema,
  type MutationOf,
  type Order,
} from '../../shared/contract';
import { dispatchRefusal, type DispatchRefusal, isOutForDelivery } from '../../shared/dispatch';
import { refusalResult } from '../../shared/orders';
import type { Db } from './db';
import { sendError, validationError } from './errors';
import {
  reject,
  slotsReleasedBy,
  type Decision,
  type Effect,
  type Outcome,
  type RuleContext,
  type RuleState,
} from './rules';

/**
 * 定时送达 at HQ: the rule for `order.dispatched` (the shared rule
 * `dispatchRefusal` decides; HQ adds codes and words), and the demo/test admin
 * endpoints that drive a delivery's outcome and list what HQ recorded.
 */

/** HQ's answer to a handover the shared rule refuses. */
function dispatchOutcome(refusal: DispatchRefusal): Outcome {
  switch (refusal.reason) {
    case 'unknownRider':
      return reject('unknown_rider', `骑手 ${refusal.riderId} 不是本店骑手 / unknown rider`);
    case 'unknownOrder':
      return reject('unknown_order', `未知订单 ${refusal.orderId} / unknown order`);
    case 'duplicateBag':
      return reject('unknown_bag', `袋号 ${refusal.bagLabel} 重复 / bag listed twice`);
    case 'foreignBag':
      return reject('unknown_bag', `袋号 ${refusal.bagLabel} 不属于这些订单 / bag of no order of the run`);
    case 'incomplete':
      return reject(
        'invalid_state',
        `订单 ${refusal.orderId} 的袋子未扫齐：${refusal.missing.join('、')} / bags missing`,
      );
    case 'mixedWindows':
      return reject('invalid_state', `订单 ${refusal.orderId} 不在同一配送时段 / another delivery window`);
    case 'bag': {
      const r = refusal.refusal;
      switch (r.reason) {
        case 'closed': {
          const { status, code } = refusalResult(r.refusal);
          return { status, code, reason: `订单 ${r.orderNo} 已关闭（${r.refusal.reason}）/ order closed` };
        }
        case 'notReady':
          return reject('order_not_arrived', `订单 ${r.orderNo} 尚未到店 / not yet arrived`);
        case 'otherRider':
          return reject('invalid_state', `订单 ${r.orderNo} 分配给了其他骑手 / assigned to another rider`);
        case 'otherWindow':
          return reject('invalid_state', `订单 ${r.orderNo} 不在同一配送时段 / another delivery window`);
        case 'deliveryFailed':
          return reject('invalid_state', `订单 ${r.orderNo} 配送失败待总部处理 / delivery failed`);
        case 'notDelivery':
          return reject('invalid_state', `订单 ${r.orderNo} 不是定时送达 / not a scheduled delivery`);
        default:
          return reject('unknown_bag', `袋号 ${r.bagLabel} 不属于该订单 / unknown bag`);
      }
    }
  }
}

/**
 * `order.dispatched`: the rider takes the run. Every order becomes collected
 * (the rider collected it, verified by the rider's code) with its delivery's
 * dispatch recorded, and its slots are freed.
 */
export function decideDispatch(
  m: MutationOf<'order.dispatched'>,
  state: Readonly<RuleState>,
  ctx: RuleContext,
): Decision {
  const p = m.payload;
  for (const id of p.orderIds) {
    const found = state.orders.get(id);
    if (found && found.storeId !== ctx.storeId)
      return {
        outcome: reject(
          'wrong_store',
          `该订单属于门店 ${found.storeId} / order belongs to store ${found.storeId}`,
        ),
        effects: [],
      };
  }
  const refusal = dispatchRefusal({
    rider: state.riders?.get(p.riderId),
    riderId: p.riderId,
    orderIds: p.orderIds,
    bags: p.bags,
    orderOf: (id) => {
      const data = state.orders.get(id)?.data;
      return data?.fulfilment && data.pickupWindow && data.orderNo
        ? { ...data, fulfilment: data.fulfilment, pickupWindow: data.pickupWindow, orderNo: data.orderNo }
        : undefined;
    },
  });
  if (refusal) return { outcome: dispatchOutcome(refusal), effects: [] };
  const effects: Effect[] = [];
  for (const id of new Set(p.orderIds)) {
    const order = state.orders.get(id)!.data;
    effects.push(...slotsReleasedBy(order));
    effects.push({
      kind: 'order',
      orderId: id,
      patch: {
        status: 'collected',
        collection: {
          at: p.at,
          terminalId: ctx.terminalId,
          staffId: m.staffId,
          verifiedBy: 'code',
          partial: false,
        },
        delivery: {
          riderId: p.riderId,
          dispatchedAt: p.at,
          dispatchedBy: m.staffId,
          terminalId: ctx.terminalId,
          outcome: null,
          outcomeAt: null,
          failReason: null,
        },
      },
    });
  }
  return { outcome: { status: 'applied' }, effects };
}

// ---------------------------------------------------------------- admin (demo / tests)

export interface DispatchAdminDeps {
  db: Db;
  now: () => Date;
  parse: <S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply) => z.infer<S> | null;
  updateOrders: (
    db: Db,
    storeId: string,
    ids: readonly string[],
    change: (o: Order) => Order | string | null,
    now: () => Date,
  ) => Promise<{ missing: string[]; refused: string[] }>;
  adminOrders: (db: Db, storeId: string, filter: { ids: readonly string[] }) => Promise<unknown[]>;
}

/**
 * What HQ does with the rider's word: delivered keeps the order collected;
 * failed brings it back to the store — `arrived`, off the shelf, to be put away
 * again — and both say so in the order's delivery.
 */
export function deliveryOutcome(
  order: Order,
  outcome: 'delivered' | 'failed',
  reason: string | undefined,
  at: string,
): Order | string | null {
  if (order.fulfilment !== 'scheduled_delivery')
    return `订单 ${order.orderNo} 不是定时送达 / not a scheduled delivery`;
  if (order.delivery?.outcome === outcome) return null;
  if (!isOutForDelivery(order) || !order.delivery)
    return `订单 ${order.orderNo} 不在配送途中 / not out for delivery`;
  const delivery = {
    ...order.delivery,
    outcome,
    outcomeAt: at,
    failReason: outcome === 'failed' ? (reason ?? '配送失败') : null,
  };
  if (outcome === 'delivered') return { ...order, delivery };
  return {
    ...order,
    status: 'arrived',
    arrivedAt: at,
    shelvedAt: null,
    slotAssignments: [],
    collection: null,
    delivery,
  };
}

/** `/v1/_admin/stores/:store/orders/:orderId/delivery` and `/v1/_admin/stores/:store/mutations`. */
export function registerDispatchAdmin(admin: FastifyInstance, deps: DispatchAdminDeps): void {
  const { db, now } = deps;
  admin.post('/stores/:store/orders/:orderId/delivery', async (request, reply) => {
    const { store, orderId } = request.params as { store: string; orderId: string };
    const body = deps.parse(adminDeliveryOutcomeRequestSchema, request.body, reply);
    if (!body) return reply;
    const at = now().toISOString();
    const outcome = await deps.updateOrders(
      db,
      store,
      [orderId],
      (o) => deliveryOutcome(o, body.outcome, body.reason, at),
      now,
    );
    if (outcome.missing.length) return sendError(reply, 404, 'not_found', `未知订单 ${orderId}`);
    if (outcome.refused.length) return sendError(reply, 409, 'conflict', outcome.refused[0] ?? '');
    return reply.send({ orders: await deps.adminOrders(db, store, { ids: [orderId] }) });
  });

  admin.get('/stores/:store/mutations', async (request, reply) => {
    const { store } = request.params as { store: string };
    const query = adminMutationsQuerySchema.safeParse(request.query);
    if (!query.success) return validationError(reply, query.error);
    const { rows } = await db.query<{
      id: string;
      terminal_id: string;
      seq: number;
      type: string;
      staff_id: string;
      status: string | null;
      code: string | null;
      payload: unknown;
    }>(
      `SELECT id, terminal_id, seq, type, staff_id, status, code, payload FROM mutations
       WHERE store_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY created_at, terminal_id, seq`,
      [store, query.data.type ?? null],
    );
    return reply.send({
      mutations: rows.map((r) => ({
        id: String(r.id),
        terminalId: r.terminal_id,
        seq: Number(r.seq),
        type: r.type,
        staffId: r.staff_id,
        status: r.status ?? 'applied',
        code: r.code,
        payload: r.payload,
      })),
    });
  });
}

type JsonBody = (s: z.ZodType, io?: 'input' | 'output') => Record<string, unknown>;

/** The OpenAPI description of the dispatch admin endpoints (with `--enable-admin`). */
export function dispatchOpenApiPaths(
  json: JsonBody,
  error: (description: string) => Record<string, unknown>,
  errors: Record<string, unknown>,
  bodyErrors: Record<string, unknown>,
): Record<string, unknown> {
  const storeParam = { name: 'store', in: 'path', required: true, schema: { type: 'string' } };
  const orderParam = { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } };
  return {
    '/v1/_admin/stores/{store}/orders/{orderId}/delivery': {
      post: {
        operationId: 'adminDeliveryOutcome',
        summary:
          'Demo: record a scheduled delivery as delivered, or failed (the order comes back to the store to be put away)',
        security: [],
        parameters: [storeParam, orderParam],
        requestBody: { required: true, ...json(adminDeliveryOutcomeRequestSchema, 'input') },
        responses: {
          '200': { description: 'Recorded', ...json(adminOrdersResponseSchema) },
          '409': error('The order is not a scheduled delivery out with a rider'),
          ...errors,
          ...bodyErrors,
        },
      },
    },
    '/v1/_admin/stores/{store}/mutations': {
      get: {
        operationId: 'adminListMutations',
        summary: 'Demo: the mutations HQ recorded for the store, with their outcome',
        security: [],
        parameters: [storeParam, { name: 'type', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'Mutations', ...json(adminMutationsResponseSchema) }, ...errors },
      },
    },
  };
}
