/**
 * msw handlers for HQ's payment routes, in memory, with the demo gateway's rules
 * (`shared/payments/ledger.ts`) and the contract's validation — for tests of the
 * gateway client and of the till. Knobs mirror the reference central's payment
 * faults, plus transport failures only a fake can stage.
 *
 *   const wallet = createFakePaymentsHq();
 *   server.use(...wallet.handlers);
 *   wallet.knobs.userPayingQueries = 2;
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import {
  API_PATHS,
  PAYMENT_PATHS,
  paymentChargeRequestSchema,
  paymentRefundRequestSchema,
} from '@shared/contract';
import { checkPaymentCode, type GatewayAnswer } from '@shared/payments/gateway';
import {
  chargeInLedger,
  type LedgerPayment,
  type LedgerStep,
  queryInLedger,
  refundInLedger,
  reverseInLedger,
} from '@shared/payments/ledger';
import { TEST_API_KEY, TEST_HQ, TEST_STORE } from './fixtures';

export interface FakePaymentsKnobs {
  decline: string | null;
  userPayingQueries: number;
  /** Apply the next N charges, then fail the connection (the answer is lost). */
  dropNextChargeAnswers: number;
  /** Apply every charge, then answer after this long. */
  chargeDelayMs: number;
  /** Every request fails at the network level (health included). */
  down: boolean;
  /** Statuses for the next payment requests (0 = network error), applied before anything. */
  failNext: number[];
  /** Answer the next payment request with this body (contract-breaking tests). */
  bodyOverride: unknown;
}

export interface FakePaymentsHq {
  handlers: HttpHandler[];
  knobs: FakePaymentsKnobs;
  payments: Map<string, LedgerPayment>;
  /** Charge requests that reached the fake, by payment id. */
  chargeRequests: Map<string, number>;
  /** Paths requested, in order. */
  requests: { method: string; path: string }[];
}

export function createFakePaymentsHq(
  options: { baseUrl?: string; storeId?: string; apiKey?: string } = {},
): FakePaymentsHq {
  const baseUrl = options.baseUrl ?? TEST_HQ;
  const storeId = options.storeId ?? TEST_STORE;
  const apiKey = options.apiKey ?? TEST_API_KEY;
  const knobs: FakePaymentsKnobs = {
    decline: null,
    userPayingQueries: 0,
    dropNextChargeAnswers: 0,
    chargeDelayMs: 0,
    down: false,
    failNext: [],
    bodyOverride: undefined,
  };
  const payments = new Map<string, LedgerPayment>();
  const chargeRequests = new Map<string, number>();
  const requests: FakePaymentsHq['requests'] = [];
  let references = 0;
  const url = (path: string) => new URL(path, baseUrl).toString();

  function gate(request: Request): Response | null {
    requests.push({ method: request.method, path: new URL(request.url).pathname });
    if (knobs.down) return HttpResponse.error();
    const status = knobs.failNext.shift();
    if (status === 0) return HttpResponse.error();
    if (status !== undefined)
      return HttpResponse.json({ error: { code: 'internal', message: 'injected' } }, { status });
    if (request.headers.get('authorization') !== `Bearer ${apiKey}`)
      return HttpResponse.json({ error: { code: 'unauthorized', message: '终端未授权' } }, { status: 401 });
    if (knobs.bodyOverride !== undefined) {
      const body = knobs.bodyOverride;
      knobs.bodyOverride = undefined;
      return HttpResponse.json(body as Record<string, unknown>);
    }
    return null;
  }

  function apply(paymentId: string, change: (p: LedgerPayment | undefined) => LedgerStep): GatewayAnswer {
    const step = change(payments.get(paymentId));
    if (step.payment) payments.set(paymentId, step.payment);
    return step.answer;
  }
  const wire = (paymentId: string, answer: GatewayAnswer) => HttpResponse.json({ ...answer, paymentId });
  const badRequest = () =>
    HttpResponse.json({ error: { code: 'bad_request', message: 'malformed request' } }, { status: 400 });

  const handlers: HttpHandler[] = [
    http.get(url(API_PATHS.health), () =>
      knobs.down ? HttpResponse.error() : HttpResponse.json({ status: 'ok', time: new Date().toISOString() }),
    ),
    http.post(url(PAYMENT_PATHS.charge(storeId)), async ({ request }) => {
      const refused = gate(request);
      if (refused) return refused;
      const body = paymentChargeRequestSchema.safeParse(await request.json());
      if (!body.success) return badRequest();
      const req = body.data;
      chargeRequests.set(req.paymentId, (chargeRequests.get(req.paymentId) ?? 0) + 1);
      if (!checkPaymentCode(req.authCode, req.method).ok)
        return wire(req.paymentId, { status: 'declined', reason: 'AUTHCODE_INVALID' });
      references += 1;
      const answer = apply(req.paymentId, (p) =>
        chargeInLedger(p, req, {
          reference: `4200${String(references).padStart(24, '0')}`,
          decline: knobs.decline,
          userPayingQueries: knobs.userPayingQueries,
        }),
      );
      if (knobs.dropNextChargeAnswers > 0) {
        knobs.dropNextChargeAnswers -= 1;
        return HttpResponse.error();
      }
      if (knobs.chargeDelayMs > 0) await delay(knobs.chargeDelayMs);
      return wire(req.paymentId, answer);
    }),
    http.get(url(`${PAYMENT_PATHS.charge(storeId)}/:id`), ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const id = String(params.id);
      return wire(id, apply(id, queryInLedger));
    }),
    http.post(url(`${PAYMENT_PATHS.charge(storeId)}/:id/reverse`), ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const id = String(params.id);
      return wire(
        id,
        apply(id, (p) => reverseInLedger(p, id)),
      );
    }),
    http.post(url(`${PAYMENT_PATHS.charge(storeId)}/:id/refund`), async ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const id = String(params.id);
      const body = paymentRefundRequestSchema.safeParse(await request.json());
      if (!body.success) return badRequest();
      references += 1;
      return wire(
        id,
        apply(id, (p) => refundInLedger(p, { ...body.data, paymentId: id }, `5000${String(references)}`)),
      );
    }),
  ];
  return { handlers, knobs, payments, chargeRequests, requests };
}
