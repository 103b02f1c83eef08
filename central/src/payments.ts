import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  adminPaymentsResponseSchema,
  type AdminPayment,
  type Faults,
  type PaymentAnswer,
  paymentAnswerSchema,
  paymentChargeRequestSchema,
  paymentIdSchema,
  paymentRefundRequestSchema,
} from '../../shared/contract';
import { checkPaymentCode, type GatewayAnswer } from '../../shared/payments/gateway';
import {
  chargeInLedger,
  type LedgerPayment,
  type LedgerStep,
  queryInLedger,
  refundedFen,
  refundInLedger,
  reverseInLedger,
} from '../../shared/payments/ledger';
import { LOOPBACK } from './admin';
import type { Db, Queryable } from './db';
import { sendError, validationError } from './errors';

/**
 * The demo e-wallet gateway of the reference central: WeChat Pay / Alipay as a
 * real HQ would front them, with the rules of `shared/payments/ledger.ts`.
 * Payments are stored per store in `demo_payments` (created here: it is the
 * demo gateway's own book, not part of the store feed). The payment code is
 * checked and used, never stored or logged.
 *
 * Faults (POST /v1/_admin/faults `{ payments: … }`): decline, user paying for
 * N queries, a charge answered late (the terminal times out) or not at all.
 */

export interface PaymentRoutesOptions {
  db: Db;
  now: () => Date;
  faults: { current: Faults };
  /** The central's store-scoped terminal auth: null once it has answered 401/403. */
  authenticate: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<{ id: string; storeId: string } | null>;
  enableAdmin?: boolean;
}

const TABLE = `
  CREATE TABLE IF NOT EXISTS demo_payments (
    store_id text NOT NULL,
    payment_id text NOT NULL,
    -- the ledger record; NULL while only a charge attempt exists
    data jsonb,
    charge_requests integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (store_id, payment_id)
  )`;

/** A wallet transaction id, like WeChat's 4200…: 28 digits. */
const transactionId = (prefix: string, at: Date) =>
  `${prefix}${at.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`.slice(
    0,
    28,
  );

/** Wire form of a ledger answer (the ledger's `unknown` never leaves HQ). */
function toWire(paymentId: string, answer: GatewayAnswer): PaymentAnswer {
  if (answer.status === 'unknown') throw new Error('the ledger answers definitely');
  return { ...answer, paymentId };
}

export function registerPayments(app: FastifyInstance, options: PaymentRoutesOptions): void {
  const { db, now, faults, authenticate } = options;
  let ready: Promise<void> | null = null;
  const ensureTable = () => (ready ??= db.exec(TABLE));

  /** Runs one ledger step on the payment's row, locked, in one transaction. */
  async function step(
    storeId: string,
    paymentId: string,
    change: (existing: LedgerPayment | undefined) => LedgerStep,
    countCharge = false,
  ): Promise<GatewayAnswer> {
    await ensureTable();
    return db.transaction(async (tx: Queryable) => {
      await tx.query(
        `INSERT INTO demo_payments (store_id, payment_id, data, created_at) VALUES ($1, $2, NULL, $3)
         ON CONFLICT (store_id, payment_id) DO NOTHING`,
        [storeId, paymentId, now().toISOString()],
      );
      const { rows } = await tx.query<{ data: LedgerPayment | null }>(
        'SELECT data FROM demo_payments WHERE store_id = $1 AND payment_id = $2 FOR UPDATE',
        [storeId, paymentId],
      );
      const result = change(rows[0]?.data ?? undefined);
      await tx.query(
        `UPDATE demo_payments SET data = $3::jsonb, charge_requests = charge_requests + $4
         WHERE store_id = $1 AND payment_id = $2`,
        [storeId, paymentId, result.payment ? JSON.stringify(result.payment) : null, countCharge ? 1 : 0],
      );
      return result.answer;
    });
  }

  const paymentParam = (request: FastifyRequest, reply: FastifyReply): string | null => {
    const parsed = paymentIdSchema.safeParse((request.params as { id?: unknown }).id);
    if (parsed.success) return parsed.data;
    validationError(reply, parsed.error, 'id');
    return null;
  };

  app.post('/v1/stores/:store/payments', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const body = paymentChargeRequestSchema.safeParse(request.body);
    if (!body.success) return validationError(reply, body.error);
    const req = body.data;
    // The one code parser decides what is a WeChat / Alipay code, here as at the till.
    const code = checkPaymentCode(req.authCode, req.method);
    if (!code.ok)
      return reply.send(
        toWire(req.paymentId, { status: 'declined', reason: 'AUTHCODE_INVALID', message: code.reason }),
      );
    const f = faults.current.payments;
    const answer = await step(
      terminal.storeId,
      req.paymentId,
      (existing) =>
        chargeInLedger(existing, req, {
          reference: transactionId('4200', now()),
          decline: f?.decline ?? null,
          userPayingQueries: f?.userPayingQueries ?? 0,
        }),
      true,
    );
    if (f?.dropChargeAnswer) {
      // Applied, but the terminal never hears back: the connection just dies.
      reply.raw.socket?.destroy();
      request.raw.socket?.destroy();
    } else if (f && f.chargeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, f.chargeDelayMs));
    return reply.send(toWire(req.paymentId, answer));
  });

  app.get('/v1/stores/:store/payments/:id', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const paymentId = paymentParam(request, reply);
    if (!paymentId) return reply;
    return reply.send(toWire(paymentId, await step(terminal.storeId, paymentId, queryInLedger)));
  });

  app.post('/v1/stores/:store/payments/:id/reverse', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const paymentId = paymentParam(request, reply);
    if (!paymentId) return reply;
    const answer = await step(terminal.storeId, paymentId, (existing) =>
      reverseInLedger(existing, paymentId),
    );
    return reply.send(toWire(paymentId, answer));
  });

  app.post('/v1/stores/:store/payments/:id/refund', async (request, reply) => {
    const terminal = await authenticate(request, reply);
    if (!terminal) return reply;
    const paymentId = paymentParam(request, reply);
    if (!paymentId) return reply;
    const body = paymentRefundRequestSchema.safeParse(request.body);
    if (!body.success) return validationError(reply, body.error);
    const answer = await step(terminal.storeId, paymentId, (existing) =>
      refundInLedger(existing, { ...body.data, paymentId }, transactionId('5000', now())),
    );
    return reply.send(toWire(paymentId, answer));
  });

  if (options.enableAdmin) {
    app.get('/v1/_admin/stores/:store/payments', async (request, reply) => {
      if (!LOOPBACK.has(request.ip))
        return sendError(reply, 403, 'forbidden', '仅限本机访问 / loopback only');
      const { store } = request.params as { store: string };
      return reply.send({ payments: await adminPayments(db, store) });
    });
  }

  async function adminPayments(queryable: Queryable, storeId: string): Promise<AdminPayment[]> {
    await ensureTable();
    const { rows } = await queryable.query<{
      payment_id: string;
      data: LedgerPayment | null;
      charge_requests: number;
      created_at: Date | string;
    }>(
      `SELECT payment_id, data, charge_requests, created_at FROM demo_payments
       WHERE store_id = $1 AND data IS NOT NULL ORDER BY created_at, payment_id`,
      [storeId],
    );
    return rows.flatMap(({ payment_id, data, charge_requests, created_at }) =>
      data
        ? [
            {
              paymentId: payment_id,
              method: data.method,
              amountFen: data.amountFen,
              state: data.state,
              reference: data.reference,
              chargeRequests: charge_requests,
              refundedFen: refundedFen(data),
              createdAt: new Date(created_at).toISOString(),
            },
          ]
        : [],
    );
  }
}

type JsonBody = (s: z.ZodType, io?: 'input' | 'output') => Record<string, unknown>;

/** The payment routes for the OpenAPI document (built from the same zod schemas). */
export function paymentOpenApiPaths(
  json: JsonBody,
  errors: Record<string, unknown>,
  options: { enableAdmin: boolean },
): Record<string, unknown> {
  const storeParam = { name: 'store', in: 'path', required: true, schema: { type: 'string' } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const answer = {
    '200': {
      description: 'The payment as HQ knows it (definite answers are 200 with a status)',
      ...json(paymentAnswerSchema),
    },
    ...errors,
  };
  const paths: Record<string, unknown> = {
    '/v1/stores/{store}/payments': {
      post: {
        summary:
          'Charge a WeChat Pay / Alipay payment code; idempotent by paymentId (a repeat answers the state)',
        security: [{ terminalKey: [] }],
        parameters: [storeParam],
        requestBody: { required: true, ...json(paymentChargeRequestSchema, 'input') },
        responses: answer,
      },
    },
    '/v1/stores/{store}/payments/{id}': {
      get: {
        summary: 'Query a payment by its id (after "user paying" or a lost answer)',
        security: [{ terminalKey: [] }],
        parameters: [storeParam, idParam],
        responses: answer,
      },
    },
    '/v1/stores/{store}/payments/{id}/reverse': {
      post: {
        summary:
          'Reverse (撤销) a payment: refunds it if it went through; an unknown id is recorded so a late charge is refused',
        security: [{ terminalKey: [] }],
        parameters: [storeParam, idParam],
        responses: answer,
      },
    },
    '/v1/stores/{store}/payments/{id}/refund': {
      post: {
        summary: 'Refund part or all of a payment; idempotent by refundId, never beyond what was paid',
        security: [{ terminalKey: [] }],
        parameters: [storeParam, idParam],
        requestBody: { required: true, ...json(paymentRefundRequestSchema, 'input') },
        responses: answer,
      },
    },
  };
  if (options.enableAdmin) {
    paths['/v1/_admin/stores/{store}/payments'] = {
      get: {
        summary: 'Demo: the payments the demo gateway holds, with how many charge requests reached it',
        parameters: [storeParam],
        responses: { '200': { description: 'Payments', ...json(adminPaymentsResponseSchema) } },
      },
    };
  }
  return paths;
}
