/**
 * E-wallet payments at the till (WeChat Pay 付款码支付, Alipay 当面付): the
 * gateway interface and the one micropay flow every caller uses.
 *
 * The flow is what real micropay gateways require of a till:
 * - charge once, keyed by the tender's `paymentId`;
 * - on "user paying" (the customer is entering a password) or an unknown result
 *   (timeout, network), QUERY by the same id until the answer is definite —
 *   never a second charge;
 * - still not definite after the store's limit (~30 s): REVERSE (撤销, which
 *   refunds the payment if it had gone through) and only then report failure;
 * - a successful charge whose answer was lost is found by the query and completes.
 *
 * Pure: the clock and the sleep are parameters, so the tests drive a fake clock.
 */
import { parseCode } from '../codes/parse';

export type WalletMethod = 'wechat' | 'alipay';

export interface ChargeRequest {
  /** The tender's id: the gateway's idempotency key and the id every query, reversal and refund names. */
  paymentId: string;
  method: WalletMethod;
  amountFen: number;
  /** The customer's payment code (付款码). Used for this charge only, never stored. */
  authCode: string;
  description?: string;
}

export interface RefundRequest {
  /** Idempotency key of the refund. */
  refundId: string;
  paymentId: string;
  amountFen: number;
}

/** Why an answer is unknown: the request may or may not have been applied. */
export type UnknownCause =
  /** Known not to have left this terminal (HQ unreachable): nothing was applied. */
  | 'offline'
  /** Sent, no answer in time. */
  | 'timeout'
  /** The connection failed after the request may have been sent. */
  | 'network'
  /** HQ answered with a server error or something that is not a valid answer. */
  | 'server';

/** What the gateway says about one payment (or one refund). */
export type GatewayAnswer =
  | { status: 'succeeded'; reference: string; amountFen?: number }
  /** The customer is confirming on the phone (entering a password): ask again. */
  | { status: 'user_paying' }
  | { status: 'declined'; reason: string; message?: string }
  /** The gateway holds no payment with this id (the charge has not arrived, or never will). */
  | { status: 'not_found' }
  /** Reversed (撤销) or closed: the customer is not charged; a late charge with this id is refused. */
  | { status: 'reversed' }
  | { status: 'refunded'; reference: string; refundedFen: number }
  | { status: 'unknown'; cause: UnknownCause; message?: string };

export type GatewayStatus = GatewayAnswer['status'];

export interface PaymentGateway {
  charge(req: ChargeRequest): Promise<GatewayAnswer>;
  query(paymentId: string): Promise<GatewayAnswer>;
  reverse(paymentId: string): Promise<GatewayAnswer>;
  refund(req: RefundRequest): Promise<GatewayAnswer>;
}

/** The store's waiting policy. */
export const DEFAULT_MICROPAY_LIMIT_MS = 30_000;
export const DEFAULT_MICROPAY_POLL_MS = 2_000;
/** Reversal attempts before the payment is handed back as unresolved (WeChat's `recall=Y`: try again). */
export const DEFAULT_REVERSE_ATTEMPTS = 3;

export type MicropayPhase =
  /** The charge is on its way. */
  | 'charging'
  /** The customer is confirming on the phone. */
  | 'userPaying'
  /** The answer was lost or late: asking the gateway what happened. */
  | 'checking'
  /** The limit passed: reversing so the customer is not charged. */
  | 'reversing';

export interface MicropayProgress {
  phase: MicropayPhase;
  elapsedMs: number;
  /** Until the flow gives up and reverses (0 while reversing). */
  remainingMs: number;
}

export interface MicropayOptions {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  pollMs?: number;
  limitMs?: number;
  reverseAttempts?: number;
  onProgress?: (progress: MicropayProgress) => void;
  /** The clerk pressed cancel: stop waiting and reverse now. */
  cancelled?: () => boolean;
}

export type MicropayFailure =
  /** The code is not a WeChat/Alipay payment code of the chosen method: nothing was sent. */
  | 'invalidCode'
  /** Zero, negative or non-integer amount: nothing was sent. */
  | 'invalidAmount'
  /** HQ is unreachable: the charge never left the terminal. Offer cash. */
  | 'offline'
  /** The gateway refused the payment (balance, limit, expired code…). */
  | 'declined'
  /** The payment was cancelled or closed at the gateway (the customer cancelled on the phone). */
  | 'cancelled'
  /** Not definite within the limit (or cancelled by the clerk): reversed, the customer is not charged. */
  | 'reversed'
  /**
   * Neither confirmed nor reversed (HQ unreachable meanwhile). The sale must not
   * complete, and the caller must keep reversing `paymentId` until a reversal is
   * confirmed — see `reversePayment`.
   */
  | 'unresolved';

export type MicropayResult =
  | { ok: true; paymentId: string; reference: string }
  | { ok: false; paymentId: string; reason: MicropayFailure; message: string };

/**
 * Whether `authCode` is a payment code of `method` as the one code parser reads it
 * in the `payment` context (WeChat: 18 digits, 10–15…; Alipay: 16–24 digits, 25–30…).
 */
export function checkPaymentCode(
  authCode: string,
  method?: WalletMethod,
):
  { ok: true; method: WalletMethod; code: string } | { ok: false; reason: 'notPaymentCode' | 'wrongMethod' } {
  const parsed = parseCode(authCode, { context: 'payment' });
  if (parsed.kind !== 'paymentCode') return { ok: false, reason: 'notPaymentCode' };
  if (method && parsed.provider !== method) return { ok: false, reason: 'wrongMethod' };
  return { ok: true, method: parsed.provider, code: parsed.code };
}

/** A gateway call that throws is an unknown answer, never an exception in the till. */
async function ask(call: () => Promise<GatewayAnswer>): Promise<GatewayAnswer> {
  try {
    return await call();
  } catch (error) {
    return {
      status: 'unknown',
      cause: 'network',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

function describe(answer: GatewayAnswer): string {
  switch (answer.status) {
    case 'declined':
      return answer.message ? `${answer.reason}: ${answer.message}` : answer.reason;
    case 'unknown':
      return answer.message ? `${answer.cause}: ${answer.message}` : answer.cause;
    default:
      return answer.status;
  }
}

/**
 * Charges a payment code and waits until the answer is definite. Never throws;
 * never charges twice (one `charge` call per run — later rounds only query and
 * reverse); reports success only on a `succeeded` answer for this payment.
 */
export async function runMicropay(
  gateway: PaymentGateway,
  request: ChargeRequest,
  options: MicropayOptions,
): Promise<MicropayResult> {
  const { now, sleep, onProgress } = options;
  const pollMs = Math.max(1, options.pollMs ?? DEFAULT_MICROPAY_POLL_MS);
  const limitMs = Math.max(0, options.limitMs ?? DEFAULT_MICROPAY_LIMIT_MS);
  const { paymentId } = request;
  const fail = (reason: MicropayFailure, message: string): MicropayResult => ({
    ok: false,
    paymentId,
    reason,
    message,
  });

  if (!Number.isSafeInteger(request.amountFen) || request.amountFen <= 0) {
    return fail('invalidAmount', `amount ${String(request.amountFen)} fen`);
  }
  const code = checkPaymentCode(request.authCode, request.method);
  if (!code.ok) return fail('invalidCode', code.reason);

  const startedAt = now();
  const deadline = startedAt + limitMs;
  const report = (phase: MicropayPhase) =>
    onProgress?.({
      phase,
      elapsedMs: now() - startedAt,
      remainingMs: phase === 'reversing' ? 0 : Math.max(0, deadline - now()),
    });

  report('charging');
  let answer = await ask(() => gateway.charge({ ...request, authCode: code.code }));
  // Known not sent: nothing can have been charged, so there is nothing to query or reverse.
  if (answer.status === 'unknown' && answer.cause === 'offline') return fail('offline', describe(answer));

  for (;;) {
    switch (answer.status) {
      case 'succeeded':
        return { ok: true, paymentId, reference: answer.reference };
      case 'declined':
        return fail('declined', describe(answer));
      case 'reversed':
      case 'refunded':
        return fail('cancelled', describe(answer));
      case 'user_paying':
      case 'unknown':
      case 'not_found':
        // not_found after a lost charge: it may still arrive, so wait like for unknown.
        break;
    }
    const remaining = deadline - now();
    if (remaining <= 0 || options.cancelled?.()) break;
    report(answer.status === 'user_paying' ? 'userPaying' : 'checking');
    await sleep(Math.min(pollMs, remaining));
    answer = await ask(() => gateway.query(paymentId));
  }

  const outcome = await reversePayment(gateway, paymentId, {
    sleep,
    pollMs,
    attempts: options.reverseAttempts ?? DEFAULT_REVERSE_ATTEMPTS,
    onAttempt: () => report('reversing'),
  });
  if (outcome.status === 'declined') {
    // The gateway refused to reverse: find out whether the payment stands.
    const final = await ask(() => gateway.query(paymentId));
    if (final.status === 'succeeded') return { ok: true, paymentId, reference: final.reference };
    if (final.status === 'declined') return fail('declined', describe(final));
    if (final.status === 'reversed') return fail('reversed', describe(final));
    return fail('unresolved', `reversal refused (${describe(outcome)}); then ${describe(final)}`);
  }
  if (outcome.status === 'succeeded') {
    // The gateway would not reverse a completed payment: it stands, so the sale completes.
    return { ok: true, paymentId, reference: outcome.reference };
  }
  if (outcome.status === 'reversed') {
    const why = options.cancelled?.()
      ? 'cancelled by the clerk'
      : `no definite answer within ${String(limitMs)} ms`;
    return fail('reversed', `${why}; last answer ${describe(answer)}`);
  }
  return fail('unresolved', `reversal not confirmed: ${describe(outcome)}`);
}

/**
 * Reverses (撤销) a payment until the gateway confirms it. A `not_found`
 * answer counts as reversed: a gateway that honours the contract records the
 * reversal so a late charge with this id is refused. Returns the last answer:
 * `reversed`, `succeeded` (the gateway keeps the payment), `declined` or an
 * unknown one when all attempts failed (try again later).
 */
export async function reversePayment(
  gateway: PaymentGateway,
  paymentId: string,
  options: {
    sleep: (ms: number) => Promise<void>;
    pollMs?: number;
    attempts?: number;
    onAttempt?: () => void;
  },
): Promise<GatewayAnswer> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_REVERSE_ATTEMPTS);
  let answer: GatewayAnswer = { status: 'unknown', cause: 'network' };
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await options.sleep(options.pollMs ?? DEFAULT_MICROPAY_POLL_MS);
    options.onAttempt?.();
    answer = await ask(() => gateway.reverse(paymentId));
    switch (answer.status) {
      case 'reversed':
      case 'not_found':
      case 'refunded':
        return { status: 'reversed' };
      case 'succeeded':
      case 'declined':
        return answer;
      case 'user_paying':
      case 'unknown':
        break;
    }
  }
  return answer;
}

export type RefundResult =
  | { ok: true; refundId: string; reference: string; refundedFen: number }
  | {
      ok: false;
      refundId: string;
      /**
       * `declined`: the gateway refused (more than was paid, not refundable) — do not retry;
       * `pending`: no definite answer (HQ offline or silent) — queue it and retry later with the SAME refundId.
       */
      reason: 'invalidAmount' | 'declined' | 'pending';
      message: string;
    };

/**
 * Refunds (part of) an e-wallet payment. A refund is idempotent by its
 * `refundId`, so an unknown answer is retried with the same id — never a new
 * one, which could refund twice. Still unknown after `attempts`: `pending`,
 * for the till to queue and send again when HQ is back.
 */
export async function runRefund(
  gateway: PaymentGateway,
  request: RefundRequest,
  options: { sleep: (ms: number) => Promise<void>; pollMs?: number; attempts?: number },
): Promise<RefundResult> {
  const { refundId } = request;
  if (!Number.isSafeInteger(request.amountFen) || request.amountFen <= 0)
    return {
      ok: false,
      refundId,
      reason: 'invalidAmount',
      message: `amount ${String(request.amountFen)} fen`,
    };
  const attempts = Math.max(1, options.attempts ?? DEFAULT_REVERSE_ATTEMPTS);
  let answer: GatewayAnswer = { status: 'unknown', cause: 'network' };
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await options.sleep(options.pollMs ?? DEFAULT_MICROPAY_POLL_MS);
    answer = await ask(() => gateway.refund(request));
    switch (answer.status) {
      case 'refunded':
        return { ok: true, refundId, reference: answer.reference, refundedFen: answer.refundedFen };
      case 'declined':
      case 'not_found':
      case 'reversed':
      case 'succeeded':
        return { ok: false, refundId, reason: 'declined', message: describe(answer) };
      case 'unknown':
        // Offline: nothing was sent; waiting in this loop will not bring HQ back.
        if (answer.cause === 'offline')
          return { ok: false, refundId, reason: 'pending', message: describe(answer) };
        break;
      case 'user_paying':
        break;
    }
  }
  return { ok: false, refundId, reason: 'pending', message: describe(answer) };
}
