/**
 * An in-memory fake HQ for unit tests, following the shared contract: the same
 * paths (`API_PATHS`), request validation (`pushRequestSchema`,
 * `pullQuerySchema`) and response shapes (`changesPageSchema`,
 * `pushResponseSchema`), idempotent by mutation id, with the business rules the
 * engine's tests need, from the shared order rules (`@shared/orders/state`:
 * handover of a cancelled order is rejected, a second handover is a conflict). Knobs inject failures the way the reference
 * central's admin faults do, plus contract-breaking answers.
 *
 *   const hq = createFakeHq();
 *   const server = setupServer(...hq.handlers);
 *   hq.knobs.failNext = [503, 503];
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  API_PATHS,
  type Change,
  type EntityData,
  type EntityName,
  type Mutation,
  type MutationResult,
  type Order,
  pullQuerySchema,
  pushRequestSchema,
} from '@shared/contract';
import { handOverRefusal, type OrderRefusal, refusalResult } from '@shared/orders/state';
import { dispatchRefusal } from '@shared/dispatch';
import { TEST_API_KEY, TEST_HQ, TEST_STORE, TEST_TERMINAL } from './fixtures';

export interface FakeHqKnobs {
  /** Statuses to answer the next requests with, one per request (e.g. [503, 500]). 0 = network error. */
  failNext: number[];
  /** Every non-health request fails with a network error while true. */
  down: boolean;
  /** Process the next N pushes, then lose the answer (network error): a dropped response. */
  dropNextPushResponses: number;
  /** Answer the next push with this body instead (contract-breaking tests). */
  pushBodyOverride: unknown;
  /** Answer the next pull with this body instead. */
  pullBodyOverride: unknown;
  /** Force a status for specific mutation ids, e.g. { [id]: { status: 'rejected', code: 'forbidden_role' } }. */
  forceResult: Record<string, Omit<MutationResult, 'id'>>;
  /** Runs while a push is in flight, before HQ answers (e.g. the clerk writes meanwhile). */
  duringPush?: () => Promise<void> | void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
  /** Date.now() when HQ received it (fake timers move it). */
  at: number;
}

export interface FakeHq {
  handlers: HttpHandler[];
  knobs: FakeHqKnobs;
  /** Requests seen, in order (health pings included). */
  requests: RecordedRequest[];
  /** Mutations HQ applied, in application order (each id at most once). */
  applied: Mutation[];
  /** Every mutation delivery HQ received, duplicates included. */
  deliveries: Mutation[];
  orders: Map<string, Order>;
  feed: Change[];
  apiKey: string;
  /** Adds a change to the feed (HQ-side edit). */
  publish<E extends EntityName>(entity: E, key: string, data: EntityData<E> | null): void;
  /** Adds orders to HQ and the feed. */
  seedOrders(orders: readonly Order[]): void;
  /** HQ cancels an order (a change in the feed). */
  cancelOrder(orderId: string): void;
}

const REFUSAL_TEXT: Record<OrderRefusal['reason'], string> = {
  cancelled: '订单已取消',
  collected: '订单已取货',
  returned: '订单已退回库存',
  notArrived: '订单尚未到店',
};

export function createFakeHq(
  options: { baseUrl?: string; storeId?: string; terminalId?: string; apiKey?: string } = {},
): FakeHq {
  const baseUrl = options.baseUrl ?? TEST_HQ;
  const storeId = options.storeId ?? TEST_STORE;
  const terminalId = options.terminalId ?? TEST_TERMINAL;
  const knobs: FakeHqKnobs = {
    failNext: [],
    down: false,
    dropNextPushResponses: 0,
    pushBodyOverride: undefined,
    pullBodyOverride: undefined,
    forceResult: {},
  };
  const seen = new Map<string, MutationResult>();
  const hq: FakeHq = {
    handlers: [],
    knobs,
    requests: [],
    applied: [],
    deliveries: [],
    orders: new Map(),
    feed: [],
    apiKey: options.apiKey ?? TEST_API_KEY,
    publish(entity, key, data) {
      const version = hq.feed.length + 1;
      const change = (
        data === null
          ? { entity, op: 'delete', key, data: null, version }
          : { entity, op: 'upsert', key, data, version }
      ) as Change;
      hq.feed.push(change);
    },
    seedOrders(orders) {
      for (const order of orders) {
        hq.orders.set(order.id, order);
        hq.publish('order', order.id, order);
      }
    },
    cancelOrder(orderId) {
      const order = hq.orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      update({
        ...order,
        status: 'cancelled',
        cancelledAt: new Date().toISOString(),
        cancelReason: '总部取消',
      });
    },
  };

  function update(order: Order): void {
    const next = { ...order, version: hq.feed.length + 1 };
    hq.orders.set(order.id, next);
    hq.publish('order', order.id, next);
  }

  function decide(mutation: Mutation): MutationResult {
    const forced = knobs.forceResult[mutation.id];
    if (forced) return { id: mutation.id, ...forced };
    if (mutation.type === 'order.dispatched') {
      // 定时送达: the shared rule, against the riders HQ published
      const p = mutation.payload;
      const rider = hq.feed.filter((c) => c.entity === 'rider' && c.key === p.riderId).at(-1);
      const refusal = dispatchRefusal({
        rider: rider?.entity === 'rider' && rider.op === 'upsert' ? rider.data : undefined,
        riderId: p.riderId,
        orderIds: p.orderIds,
        bags: p.bags,
        orderOf: (id) => hq.orders.get(id),
      });
      if (refusal)
        return {
          id: mutation.id,
          ...(refusal.reason === 'bag' && refusal.refusal.reason === 'closed'
            ? refusalResult(refusal.refusal.refusal)
            : {
                status: 'rejected' as const,
                code: refusal.reason === 'unknownRider' ? 'unknown_rider' : 'invalid_state',
              }),
          reason: refusal.reason,
        };
      for (const id of new Set(p.orderIds)) {
        const order = hq.orders.get(id)!;
        update({
          ...order,
          status: 'collected',
          collection: { at: p.at, terminalId, staffId: mutation.staffId, verifiedBy: 'code', partial: false },
          delivery: { riderId: p.riderId, dispatchedAt: p.at, dispatchedBy: mutation.staffId, outcome: null },
        });
      }
      return { id: mutation.id, status: 'applied' };
    }
    if (
      mutation.type === 'order.handOver' ||
      mutation.type === 'order.partialHandOver' ||
      mutation.type === 'order.putAway'
    ) {
      const order = hq.orders.get(mutation.payload.orderId);
      if (!order) return { id: mutation.id, status: 'rejected', code: 'unknown_order', reason: '订单不存在' };
      const refusal = handOverRefusal(order);
      if (refusal)
        return { id: mutation.id, ...refusalResult(refusal), reason: REFUSAL_TEXT[refusal.reason] };
      if (mutation.type === 'order.putAway') {
        update({
          ...order,
          status: 'shelved',
          shelvedAt: mutation.createdAt,
          slotAssignments: mutation.payload.placements.map((p) => ({ ...p, at: mutation.createdAt })),
        });
      } else {
        update({
          ...order,
          status: 'collected',
          collection: {
            at: mutation.createdAt,
            terminalId,
            staffId: mutation.staffId,
            verifiedBy: mutation.payload.verifiedBy,
            partial: mutation.type === 'order.partialHandOver',
          },
        });
      }
    }
    return { id: mutation.id, status: 'applied' };
  }

  /** Shared gate: auth, outages, injected failures. Returns a response to short-circuit with. */
  function gate(request: Request): Response | null {
    if (knobs.down) return HttpResponse.error();
    const status = knobs.failNext.shift();
    if (status === 0) return HttpResponse.error();
    if (status !== undefined)
      return HttpResponse.json({ error: { code: 'unavailable', message: 'injected' } }, { status });
    if (request.headers.get('authorization') !== `Bearer ${hq.apiKey}`) {
      return HttpResponse.json({ error: { code: 'unauthorized', message: '终端未授权' } }, { status: 401 });
    }
    return null;
  }

  const url = (path: string) => new URL(path, baseUrl).toString();

  hq.handlers = [
    http.get(url(API_PATHS.health), ({ request }) => {
      hq.requests.push({
        method: 'GET',
        path: API_PATHS.health,
        body: null,
        authorization: request.headers.get('authorization'),
        at: Date.now(),
      });
      if (knobs.down) return HttpResponse.error();
      return HttpResponse.json({ status: 'ok', time: new Date().toISOString() });
    }),
    http.get(url(API_PATHS.changes(storeId)), ({ request }) => {
      const requestUrl = new URL(request.url);
      hq.requests.push({
        method: 'GET',
        path: requestUrl.pathname + requestUrl.search,
        body: null,
        authorization: request.headers.get('authorization'),
        at: Date.now(),
      });
      const blocked = gate(request);
      if (blocked) return blocked;
      if (knobs.pullBodyOverride !== undefined) {
        const body = knobs.pullBodyOverride;
        knobs.pullBodyOverride = undefined;
        return HttpResponse.json(body as never);
      }
      const query = pullQuerySchema.safeParse(Object.fromEntries(requestUrl.searchParams));
      if (!query.success)
        return HttpResponse.json({ error: { code: 'bad_request', message: 'bad query' } }, { status: 400 });
      const after = query.data.cursor ? Number(query.data.cursor) : 0;
      const changes = hq.feed.filter((c) => c.version > after).slice(0, query.data.limit);
      const cursor = String(changes.at(-1)?.version ?? after);
      const rest = hq.feed.filter((c) => c.version > Number(cursor)).length;
      return HttpResponse.json({
        changes,
        cursor,
        hasMore: rest > 0,
        ...(query.data.count === 'remaining' ? { remaining: rest } : {}),
      });
    }),
    http.post(url(API_PATHS.mutations(storeId)), async ({ request }) => {
      const body: unknown = await request.json();
      const duringPush = knobs.duringPush;
      knobs.duringPush = undefined;
      await duringPush?.();
      hq.requests.push({
        method: 'POST',
        path: API_PATHS.mutations(storeId),
        body,
        authorization: request.headers.get('authorization'),
        at: Date.now(),
      });
      const blocked = gate(request);
      if (blocked) return blocked;
      const parsed = pushRequestSchema.safeParse(body);
      if (!parsed.success) {
        return HttpResponse.json(
          { error: { code: 'bad_request', message: parsed.error.message } },
          { status: 400 },
        );
      }
      const results: MutationResult[] = parsed.data.mutations.map((mutation) => {
        hq.deliveries.push(mutation);
        const first = seen.get(mutation.id);
        if (first) {
          return {
            id: mutation.id,
            status: 'duplicate',
            originalStatus: first.status === 'duplicate' ? 'applied' : first.status,
            ...(first.code ? { code: first.code } : {}),
          };
        }
        const result = decide(mutation);
        seen.set(mutation.id, result);
        if (result.status === 'applied') hq.applied.push(mutation);
        return result;
      });
      if (knobs.dropNextPushResponses > 0) {
        knobs.dropNextPushResponses--;
        return HttpResponse.error();
      }
      if (knobs.pushBodyOverride !== undefined) {
        const override = knobs.pushBodyOverride;
        knobs.pushBodyOverride = undefined;
        return HttpResponse.json(override as never);
      }
      return HttpResponse.json({ results });
    }),
  ];
  return hq;
}
