/**
 * The e-wallet gateway through HQ: `PaymentGateway` over the payments contract
 * (`shared/contract/payments.ts`). It never throws: every failure becomes an
 * answer the micropay flow understands.
 *
 * - Timeouts → `unknown/timeout`, dropped connections → `unknown/network`,
 *   5xx / 429 / an answer that breaks the contract → `unknown/server`: the
 *   request may have been applied, so `runMicropay` queries, never re-charges.
 * - Offline: before a CHARGE the gateway asks `isOnline()` (the sync status)
 *   and pings `/v1/health`; when HQ is not there the charge is not sent and the
 *   answer is `unknown/offline` — the till offers cash at once instead of
 *   waiting 30 s for a payment that cannot exist. A REFUND asks `isOnline()`
 *   too (no ping: resending it is harmless) and is queued when HQ is away.
 * - A charge HQ refuses with 4xx was not applied: `declined`. A query, reversal
 *   or refund refused with 4xx says nothing about the payment: `unknown`.
 */
import { API_PATHS, PAYMENT_PATHS, type PaymentAnswer, paymentAnswerSchema } from '@shared/contract';
import type {
  ChargeRequest,
  GatewayAnswer,
  PaymentGateway,
  RefundRequest,
  UnknownCause,
} from '@shared/payments/gateway';
import { hqUrlFor } from '../../../sync/http';

export interface HqPaymentGatewayOptions {
  baseUrl: string;
  storeId: string;
  /** The terminal's key (a function: it may be rotated while the till is open). */
  apiKey: string | (() => string);
  fetch: typeof fetch;
  /** Per request; a charge answered later than this is found by the query. */
  timeoutMs: number;
  /** The sync engine's view of HQ; false → a charge is not even tried. */
  isOnline?: () => boolean;
  /** Ping /v1/health before a charge (default true). */
  healthCheck?: boolean;
}

type Op = 'charge' | 'query' | 'reverse' | 'refund';

class Unanswered {
  constructor(
    readonly cause: UnknownCause,
    readonly message: string,
  ) {}
}

export function createHqPaymentGateway(options: HqPaymentGatewayOptions): PaymentGateway {
  const apiKey = typeof options.apiKey === 'function' ? options.apiKey : () => options.apiKey as string;
  const healthTimeoutMs = Math.min(options.timeoutMs, 3_000);

  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<{ status: number; json: unknown }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await options.fetch(hqUrlFor(options.baseUrl, path), {
        method,
        headers: {
          authorization: `Bearer ${apiKey()}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
      let json: unknown = null;
      try {
        json = await response.json();
      } catch (error) {
        // Not JSON (a proxy's page) is a server problem; a body cut off is the network's.
        if (!(error instanceof SyntaxError)) throw error;
      }
      return { status: response.status, json };
    } catch (error) {
      if (timedOut) throw new Unanswered('timeout', `no answer within ${String(timeoutMs)} ms`);
      throw new Unanswered('network', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  async function reachable(): Promise<boolean> {
    if (options.isOnline && !options.isOnline()) return false;
    if (options.healthCheck === false) return true;
    try {
      const { status } = await exchange('GET', API_PATHS.health, undefined, healthTimeoutMs);
      return status === 200;
    } catch {
      return false;
    }
  }

  function answerOf(op: Op, paymentId: string, status: number, json: unknown): GatewayAnswer {
    if (status === 200) {
      const parsed = paymentAnswerSchema.safeParse(json);
      if (!parsed.success || parsed.data.paymentId !== paymentId) {
        return { status: 'unknown', cause: 'server', message: 'HQ answered outside the payments contract' };
      }
      return fromWire(parsed.data);
    }
    const message = errorMessage(json) ?? `HQ answered ${String(status)}`;
    // A refused charge was not applied; anything else refused tells nothing about the payment.
    if (op === 'charge' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return {
        status: 'declined',
        reason: status === 401 || status === 403 ? 'unauthorised' : 'refusedByHq',
        message,
      };
    }
    return { status: 'unknown', cause: 'server', message };
  }

  async function call(op: Op, paymentId: string, method: 'GET' | 'POST', path: string, body?: unknown) {
    try {
      const { status, json } = await exchange(method, path, body, options.timeoutMs);
      return answerOf(op, paymentId, status, json);
    } catch (error) {
      if (error instanceof Unanswered)
        return { status: 'unknown', cause: error.cause, message: error.message } as const;
      return { status: 'unknown', cause: 'network', message: String(error) } as const;
    }
  }

  const { storeId } = options;
  return {
    async charge(req: ChargeRequest) {
      if (!(await reachable())) return { status: 'unknown', cause: 'offline', message: 'HQ unreachable' };
      return call('charge', req.paymentId, 'POST', PAYMENT_PATHS.charge(storeId), {
        paymentId: req.paymentId,
        method: req.method,
        amountFen: req.amountFen,
        authCode: req.authCode,
        ...(req.description ? { description: req.description } : {}),
      });
    },
    query: (paymentId) => call('query', paymentId, 'GET', PAYMENT_PATHS.payment(storeId, paymentId)),
    reverse: (paymentId) => call('reverse', paymentId, 'POST', PAYMENT_PATHS.reverse(storeId, paymentId), {}),
    async refund(req: RefundRequest) {
      // Known offline: not sent, so the till queues it at once instead of waiting out timeouts.
      if (options.isOnline && !options.isOnline())
        return { status: 'unknown', cause: 'offline', message: 'HQ unreachable' };
      return call('refund', req.paymentId, 'POST', PAYMENT_PATHS.refund(storeId, req.paymentId), {
        refundId: req.refundId,
        amountFen: req.amountFen,
      });
    },
  };
}

function fromWire(answer: PaymentAnswer): GatewayAnswer {
  switch (answer.status) {
    case 'succeeded':
      return {
        status: 'succeeded',
        reference: answer.reference,
        ...(answer.amountFen === undefined ? {} : { amountFen: answer.amountFen }),
      };
    case 'declined':
      return {
        status: 'declined',
        reason: answer.reason,
        ...(answer.message ? { message: answer.message } : {}),
      };
    case 'refunded':
      return { status: 'refunded', reference: answer.reference, refundedFen: answer.refundedFen };
    case 'user_paying':
    case 'not_found':
    case 'reversed':
      return { status: answer.status };
  }
}

function errorMessage(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('error' in json)) return null;
  const { error } = json as { error?: { message?: unknown } };
  return typeof error?.message === 'string' ? error.message : null;
}
