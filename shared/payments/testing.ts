/**
 * A gateway in memory over the demo ledger, with a fake clock and a network that
 * can lose requests and answers — for tests of the micropay flow on every side.
 */
import type { ChargeRequest, GatewayAnswer, PaymentGateway, RefundRequest } from './gateway';
import {
  type ChargeBehaviour,
  chargeInLedger,
  type LedgerPayment,
  type LedgerStep,
  queryInLedger,
  refundInLedger,
  reverseInLedger,
} from './ledger';

/**
 * What the network does to one call:
 * - `deliver`: applied, answered;
 * - `dropRequest`: never arrives (answer: timeout);
 * - `dropAnswer`: applied, the answer is lost (timeout);
 * - `late`: arrives only after the next call of this payment has been applied (timeout);
 * - `offline`: known not sent (HQ unreachable).
 */
export type NetworkFate = 'deliver' | 'dropRequest' | 'dropAnswer' | 'late' | 'offline';

export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
}

export function fakeClock(start = Date.parse('2026-11-30T02:00:00Z')): FakeClock {
  let t = start;
  return {
    now: () => t,
    sleep: (ms) => {
      t += Math.max(0, ms);
      return Promise.resolve();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface FakeGatewayOptions {
  clock?: FakeClock;
  /** Time each call takes (a timeout takes `timeoutMs`). */
  latencyMs?: number;
  timeoutMs?: number;
  /** The network's fate for each call in order; `deliver` once the list runs out. */
  fates?: readonly NetworkFate[];
  /** How a new charge is treated. */
  behaviour?: (req: ChargeRequest) => Omit<ChargeBehaviour, 'reference'>;
}

export interface FakeGateway extends PaymentGateway {
  payments: Map<string, LedgerPayment>;
  /** Every call as the terminal made it. */
  calls: { op: 'charge' | 'query' | 'reverse' | 'refund'; paymentId: string; fate: NetworkFate }[];
  /** How many charges the ledger applied per payment (a new record or a repeat). */
  chargesApplied: Map<string, number>;
  /** Applies requests still in flight (a `late` one whose next call never came). */
  flush(): void;
  /** The network recovers: every later call is delivered. */
  heal(): void;
}

export function createFakeGateway(options: FakeGatewayOptions = {}): FakeGateway {
  const clock = options.clock ?? fakeClock();
  const latencyMs = options.latencyMs ?? 150;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fates = [...(options.fates ?? [])];
  const payments = new Map<string, LedgerPayment>();
  const calls: FakeGateway['calls'] = [];
  const chargesApplied = new Map<string, number>();
  const inFlight: (() => void)[] = [];
  let references = 0;

  const flush = () => {
    while (inFlight.length > 0) inFlight.shift()?.();
  };

  function call(
    op: FakeGateway['calls'][number]['op'],
    paymentId: string,
    apply: () => LedgerStep,
  ): GatewayAnswer {
    const fate = fates.shift() ?? 'deliver';
    calls.push({ op, paymentId, fate });
    const run = () => {
      const step = apply();
      if (step.payment) payments.set(paymentId, step.payment);
      else payments.delete(paymentId);
      return step.answer;
    };
    if (fate === 'offline') return { status: 'unknown', cause: 'offline' };
    if (fate === 'dropRequest') {
      clock.advance(timeoutMs);
      return { status: 'unknown', cause: 'timeout' };
    }
    // A late request lands after the next one that is applied (or at flush).
    const pending = inFlight.splice(0);
    if (fate === 'late') {
      clock.advance(timeoutMs);
      inFlight.push(run);
      pending.forEach((p) => p());
      return { status: 'unknown', cause: 'timeout' };
    }
    const answer = run();
    pending.forEach((p) => p());
    if (fate === 'dropAnswer') {
      clock.advance(timeoutMs);
      return { status: 'unknown', cause: 'timeout' };
    }
    clock.advance(latencyMs);
    return answer;
  }

  return {
    payments,
    calls,
    chargesApplied,
    flush,
    heal: () => {
      fates.length = 0;
    },
    charge: (req) =>
      Promise.resolve(
        call('charge', req.paymentId, () => {
          chargesApplied.set(req.paymentId, (chargesApplied.get(req.paymentId) ?? 0) + 1);
          references += 1;
          return chargeInLedger(payments.get(req.paymentId), req, {
            reference: `4200000${String(references).padStart(6, '0')}`,
            ...options.behaviour?.(req),
          });
        }),
      ),
    query: (paymentId) =>
      Promise.resolve(call('query', paymentId, () => queryInLedger(payments.get(paymentId)))),
    reverse: (paymentId) =>
      Promise.resolve(call('reverse', paymentId, () => reverseInLedger(payments.get(paymentId), paymentId))),
    refund: (req: RefundRequest) =>
      Promise.resolve(
        call('refund', req.paymentId, () => {
          references += 1;
          return refundInLedger(payments.get(req.paymentId), req, `R${String(references).padStart(8, '0')}`);
        }),
      ),
  };
}
