/**
 * The demo gateway's rules, once: how a payment record answers a charge, a
 * query, a reversal and a refund. The reference central stores the records;
 * the renderer's msw fake and the tests keep them in a Map. A real gateway
 * (WeChat Pay / Alipay) behaves the same way at this level:
 * - a charge is idempotent by `paymentId` (a repeat answers the current state);
 * - a reversal of an unknown id leaves a tombstone, so a charge that arrives
 *   late (after the till gave up and reversed) is refused, never applied;
 * - reversing a completed payment refunds it;
 * - refunds are idempotent by `refundId` and never exceed what was paid.
 */
import type { ChargeRequest, GatewayAnswer, RefundRequest, WalletMethod } from './gateway';

export type LedgerState = 'paying' | 'succeeded' | 'declined' | 'reversed';

export interface LedgerRefund {
  refundId: string;
  amountFen: number;
  reference: string;
}

export interface LedgerPayment {
  paymentId: string;
  /** Null for a tombstone (reversed before any charge arrived). */
  method: WalletMethod | null;
  amountFen: number;
  state: LedgerState;
  reference: string | null;
  declineReason: string | null;
  /** Queries still answered "user paying" before the customer confirms. */
  payingQueriesLeft: number;
  refunds: LedgerRefund[];
}

/** How the demo gateway treats a new charge (chosen by the caller's fault settings). */
export interface ChargeBehaviour {
  /** The payment's reference (transaction id) when it succeeds. */
  reference: string;
  /** Decline with this reason instead of charging. */
  decline?: string | null;
  /** Answer "user paying" to the charge and this many queries, then succeed. */
  userPayingQueries?: number;
}

export interface LedgerStep {
  /** The record to store (undefined: nothing changes). */
  payment: LedgerPayment | undefined;
  answer: GatewayAnswer;
}

export function refundedFen(payment: LedgerPayment): number {
  return payment.refunds.reduce((sum, r) => sum + r.amountFen, 0);
}

/** What the gateway answers about a payment as it stands. */
export function answerFor(payment: LedgerPayment | undefined): GatewayAnswer {
  if (!payment) return { status: 'not_found' };
  switch (payment.state) {
    case 'paying':
      return { status: 'user_paying' };
    case 'succeeded':
      return { status: 'succeeded', reference: payment.reference ?? '', amountFen: payment.amountFen };
    case 'declined':
      return { status: 'declined', reason: payment.declineReason ?? 'declined' };
    case 'reversed':
      return { status: 'reversed' };
  }
}

export function chargeInLedger(
  existing: LedgerPayment | undefined,
  req: ChargeRequest,
  behaviour: ChargeBehaviour,
): LedgerStep {
  if (existing) {
    // The same key with a different payment is a client bug: refuse it, keep the record.
    if (
      existing.method !== null &&
      (existing.amountFen !== req.amountFen || existing.method !== req.method)
    ) {
      return { payment: existing, answer: { status: 'declined', reason: 'idempotencyConflict' } };
    }
    return { payment: existing, answer: answerFor(existing) };
  }
  const paying = Math.max(0, Math.trunc(behaviour.userPayingQueries ?? 0));
  const payment: LedgerPayment = {
    paymentId: req.paymentId,
    method: req.method,
    amountFen: req.amountFen,
    state: behaviour.decline ? 'declined' : paying > 0 ? 'paying' : 'succeeded',
    reference: behaviour.decline ? null : behaviour.reference,
    declineReason: behaviour.decline ?? null,
    payingQueriesLeft: paying,
    refunds: [],
  };
  return { payment, answer: answerFor(payment) };
}

export function queryInLedger(existing: LedgerPayment | undefined): LedgerStep {
  if (existing?.state !== 'paying') return { payment: existing, answer: answerFor(existing) };
  const left = existing.payingQueriesLeft - 1;
  const payment: LedgerPayment =
    left > 0
      ? { ...existing, payingQueriesLeft: left }
      : { ...existing, payingQueriesLeft: 0, state: 'succeeded' };
  return { payment, answer: answerFor(payment) };
}

export function reverseInLedger(existing: LedgerPayment | undefined, paymentId: string): LedgerStep {
  const payment: LedgerPayment = existing
    ? { ...existing, state: 'reversed', payingQueriesLeft: 0 }
    : {
        paymentId,
        method: null,
        amountFen: 0,
        state: 'reversed',
        reference: null,
        declineReason: null,
        payingQueriesLeft: 0,
        refunds: [],
      };
  return { payment, answer: { status: 'reversed' } };
}

export function refundInLedger(
  existing: LedgerPayment | undefined,
  req: RefundRequest,
  reference: string,
): LedgerStep {
  if (!existing || existing.method === null) return { payment: existing, answer: { status: 'not_found' } };
  const done = existing.refunds.find((r) => r.refundId === req.refundId);
  if (done) {
    if (done.amountFen !== req.amountFen) {
      return { payment: existing, answer: { status: 'declined', reason: 'idempotencyConflict' } };
    }
    return {
      payment: existing,
      answer: { status: 'refunded', reference: done.reference, refundedFen: refundedFen(existing) },
    };
  }
  if (existing.state !== 'succeeded') {
    return { payment: existing, answer: { status: 'declined', reason: 'notRefundable' } };
  }
  if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) {
    return { payment: existing, answer: { status: 'declined', reason: 'invalidAmount' } };
  }
  if (refundedFen(existing) + req.amountFen > existing.amountFen) {
    return { payment: existing, answer: { status: 'declined', reason: 'exceedsPayment' } };
  }
  const payment: LedgerPayment = {
    ...existing,
    refunds: [...existing.refunds, { refundId: req.refundId, amountFen: req.amountFen, reference }],
  };
  return { payment, answer: { status: 'refunded', reference, refundedFen: refundedFen(payment) } };
}
