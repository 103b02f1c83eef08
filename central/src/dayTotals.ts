import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  dayTotalsParamsSchema,
  type DayTotalsResponse,
  type Mutation,
  type MutationPayload,
} from '../../shared/contract';
import { type DayCloseMark, type WorkItem, dayTotals, workRange } from '../../shared/dayend';
import type { Queryable } from './db';
import { sendError, validationError } from './errors';

/**
 * HQ's own totals for a store's business day, per terminal and for the store,
 * computed from the mutations it applied — never from what a terminal says its
 * totals are. Work is attributed to business days by the same shared rule the
 * terminal's Z report uses (store zone; work after a day's close belongs to the
 * next day), so a mismatch means HQ received different data.
 */

const WORK_TYPES: Mutation['type'][] = ['sale.completed', 'sale.refunded', 'cash.moved'];

export async function computeDayTotals(
  db: Queryable,
  storeId: string,
  businessDate: string,
  now: Date,
): Promise<DayTotalsResponse | null> {
  const store = await db.query<{ time_zone: string }>('SELECT time_zone FROM stores WHERE id = $1', [
    storeId,
  ]);
  const timeZone = store.rows[0]?.time_zone;
  if (!timeZone) return null;
  const closeRows = await db.query<{
    business_date: string;
    provisional: boolean;
    created_at: Date | string;
    terminal_id: string;
  }>(
    `SELECT d.business_date, d.provisional, m.created_at, m.terminal_id
     FROM day_closes d JOIN mutations m ON m.store_id = d.store_id AND m.id = d.mutation_id
     WHERE d.store_id = $1`,
    [storeId],
  );
  const iso = (v: Date | string) => new Date(v).toISOString();
  const closes: DayCloseMark[] = closeRows.rows.map((r) => ({
    businessDate: r.business_date,
    closedAt: iso(r.created_at),
  }));
  const { start, end } = workRange(businessDate, timeZone, closes);
  const { rows } = await db.query<{
    type: string;
    terminal_id: string;
    payload: unknown;
    created_at: Date | string;
  }>(
    `SELECT type, terminal_id, payload, created_at FROM mutations
     WHERE store_id = $1 AND status = 'applied' AND type = ANY($2::text[])
       AND created_at >= $3 AND created_at < $4`,
    [storeId, WORK_TYPES, new Date(start).toISOString(), new Date(end).toISOString()],
  );
  const work = rows.map((r): WorkItem => {
    const base = { terminalId: r.terminal_id, createdAt: iso(r.created_at) };
    const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload;
    if (r.type === 'sale.completed')
      return { ...base, kind: 'sale', sale: payload as MutationPayload<'sale.completed'> };
    if (r.type === 'sale.refunded')
      return { ...base, kind: 'refund', refund: payload as MutationPayload<'sale.refunded'> };
    return { ...base, kind: 'cash', movement: payload as MutationPayload<'cash.moved'> };
  });
  const totals = dayTotals(work, businessDate, timeZone, closes);
  const close = closeRows.rows.find((r) => r.business_date === businessDate);
  return {
    storeId,
    businessDate,
    timeZone,
    store: totals.store,
    terminals: [...totals.terminals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([terminalId, t]) => ({ terminalId, totals: t })),
    close: close
      ? { provisional: close.provisional, closedAt: iso(close.created_at), terminalId: close.terminal_id }
      : null,
    computedAt: now.toISOString(),
  };
}

type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<{ storeId: string } | null>;

/** `GET /v1/stores/:store/days/:date/totals` for the store's own terminals. */
export function registerDayTotals(
  app: FastifyInstance,
  db: Queryable,
  authenticate: Authenticate,
  now: () => Date,
) {
  app.get('/v1/stores/:store/days/:date/totals', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const params = dayTotalsParamsSchema.safeParse(request.params);
    if (!params.success) return validationError(reply, params.error);
    const body = await computeDayTotals(db, terminal.storeId, params.data.date, now());
    if (!body) return sendError(reply, 404, 'not_found', `未知门店 ${terminal.storeId} / unknown store`);
    return reply.send(body);
  });
}
