/**
 * Wallet payments the till could neither confirm nor reverse (`runMicropay`'s
 * `unresolved`: HQ went away mid-payment). The sale did not complete, so if the
 * charge went through the customer must get the money back: the payment is kept
 * here (the `meta` table, no payment code — only its id and amount) and
 * reversed again whenever HQ is back, until the gateway confirms. A payment the
 * gateway will no longer reverse is refunded instead (idempotent refund id).
 */
import type { Table } from 'dexie';
import { type PaymentGateway, reversePayment, runRefund, type WalletMethod } from '@shared/payments/gateway';
import type { LinliDb } from '../../../db/database';

const PREFIX = 'payments:pendingReversal:';

export interface PendingReversal {
  paymentId: string;
  method: WalletMethod;
  amountFen: number;
  /** ISO 8601, when the till gave up waiting. */
  since: string;
}

type LooseMeta = Table<{ key: string; value: unknown }, string>;
const metaOf = (db: LinliDb): LooseMeta =>
  (db as unknown as { table(name: string): LooseMeta }).table('meta');

export async function recordPendingReversal(db: LinliDb, pending: PendingReversal): Promise<void> {
  await metaOf(db).put({ key: PREFIX + pending.paymentId, value: pending });
}

export async function pendingReversals(db: LinliDb): Promise<PendingReversal[]> {
  const rows = await metaOf(db).where('key').startsWith(PREFIX).toArray();
  return rows.map((row) => row.value as PendingReversal);
}

export interface ReversalRound {
  /** Reversed, or refunded in full: the customer is not charged. */
  settled: string[];
  /** Still no definite answer (HQ away): tried again next round. */
  pending: string[];
}

/** One round over every pending payment; settled ones are forgotten. Never throws. */
export async function retryPendingReversals(
  db: LinliDb,
  gateway: PaymentGateway,
  options: { sleep: (ms: number) => Promise<void> },
): Promise<ReversalRound> {
  const round: ReversalRound = { settled: [], pending: [] };
  for (const pending of await pendingReversals(db)) {
    const answer = await reversePayment(gateway, pending.paymentId, { sleep: options.sleep, attempts: 1 });
    let settled = answer.status === 'reversed';
    if (!settled && (answer.status === 'succeeded' || answer.status === 'declined')) {
      // The gateway keeps the payment: give the money back as a refund of all of it.
      const refund = await runRefund(
        gateway,
        {
          refundId: `${pending.paymentId}:unresolved`,
          paymentId: pending.paymentId,
          amountFen: pending.amountFen,
        },
        { sleep: options.sleep, attempts: 1 },
      );
      settled = refund.ok;
    }
    if (settled) {
      await metaOf(db).delete(PREFIX + pending.paymentId);
      round.settled.push(pending.paymentId);
    } else round.pending.push(pending.paymentId);
  }
  return round;
}
