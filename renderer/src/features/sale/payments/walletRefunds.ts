/**
 * The e-wallet part of a refund: money back to the WeChat / Alipay payment
 * it came from, through HQ's gateway. `refundSale` records the refund with
 * each wallet tender `pending` and queues it (meta `payments:pendingRefund:`);
 * this module sends it — right after the refund, and again whenever HQ is
 * back — until the gateway answers definitely:
 * - `refunded`: done, the entry leaves the queue;
 * - `declined`: the gateway refused (more than was paid, not refundable): it
 *   stays on the refund with the reason for a person to settle, never retried;
 * - no definite answer (HQ away, a timeout): stays pending and is sent again
 *   with the SAME key, which the gateway answers instead of refunding twice.
 */
import { type PaymentGateway, runRefund } from '@shared/payments/gateway';
import { type WalletRefundOutcome, walletRefundOutcome } from '@shared/payments/refunds';
import { type Clock, isoAt, systemClock } from '../../../db/clock';
import type { LinliDb } from '../../../db/database';
import { deleteMeta, getMetaByPrefix, metaKey } from '../../../db/meta';
import { recordAuditEvent } from '../../../db/repositories/audit';
import { writeAction } from '../../../db/repositories/outbox';
import type { RefundRow, WalletRefund } from '../../../db/types';

export interface WalletRefundOptions {
  sleep: (ms: number) => Promise<void>;
  /** Sends of one entry before it is left pending for the next round. */
  attempts?: number;
  pollMs?: number;
  clock?: Clock;
}

/** Records one answer on the refund row; a definite one leaves the queue and is audited. */
async function recordOutcome(
  db: LinliDb,
  refundId: string,
  gatewayRefundId: string,
  outcome: WalletRefundOutcome,
  clock: Clock,
): Promise<void> {
  await writeAction(db, ['refunds'], async (tx) => {
    const refunds = tx.table<RefundRow, string>('refunds');
    const row = await refunds.get(refundId);
    const entry = row?.wallet?.find((w) => w.gatewayRefundId === gatewayRefundId);
    if (!row?.wallet || !entry || entry.state !== 'pending') {
      // Settled meanwhile (another round got the answer first) or gone: nothing left to wait for.
      await deleteMeta(tx, metaKey.pendingWalletRefund(gatewayRefundId));
      return;
    }
    const next: WalletRefund = {
      paymentId: entry.paymentId,
      gatewayRefundId,
      method: entry.method,
      amountFen: entry.amountFen,
      state: outcome.state,
      ...(outcome.reference ? { reference: outcome.reference } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      attempts: entry.attempts + 1,
      updatedAt: isoAt(clock),
    };
    await refunds.put({
      ...row,
      wallet: row.wallet.map((w) => (w.gatewayRefundId === gatewayRefundId ? next : w)),
    });
    if (outcome.state === 'pending') return;
    await deleteMeta(tx, metaKey.pendingWalletRefund(gatewayRefundId));
    await recordAuditEvent(tx, 'till.walletRefund', row.staffId, {
      subject: gatewayRefundId,
      detail: {
        refundId,
        saleId: row.saleId,
        paymentId: entry.paymentId,
        method: entry.method,
        amountFen: entry.amountFen,
        state: outcome.state,
        ...(outcome.reference ? { reference: outcome.reference } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      },
      clock,
    });
  });
}

/**
 * Sends the pending wallet tenders of one refund to the gateway and records
 * each answer. Without a gateway (no HQ configured) nothing is sent. Returns
 * the refund's wallet entries as they now stand. Never throws on the gateway's
 * account (runRefund turns every failure into an answer).
 */
export async function sendWalletRefunds(
  db: LinliDb,
  gateway: PaymentGateway | null,
  refundId: string,
  options: WalletRefundOptions,
): Promise<WalletRefund[]> {
  const clock = options.clock ?? systemClock;
  const row = await db.refunds.get(refundId);
  if (!gateway || !row?.wallet) return row?.wallet ?? [];
  for (const entry of row.wallet) {
    if (entry.state !== 'pending' || !entry.paymentId) continue;
    const result = await runRefund(
      gateway,
      { refundId: entry.gatewayRefundId, paymentId: entry.paymentId, amountFen: entry.amountFen },
      {
        sleep: options.sleep,
        ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      },
    );
    await recordOutcome(db, refundId, entry.gatewayRefundId, walletRefundOutcome(result), clock);
  }
  return (await db.refunds.get(refundId))?.wallet ?? [];
}

/** Wallet refunds still waiting for the gateway, oldest refund first. */
export async function pendingWalletRefunds(
  db: LinliDb,
): Promise<{ refund: RefundRow; entry: WalletRefund }[]> {
  const queued = await getMetaByPrefix(db, metaKey.pendingWalletRefund(''));
  const rows = await db.refunds.bulkGet([...new Set(queued.map((q) => q.refundId))]);
  return rows
    .flatMap((refund) =>
      refund?.wallet
        ? refund.wallet.filter((entry) => entry.state === 'pending').map((entry) => ({ refund, entry }))
        : [],
    )
    .sort((a, b) => a.refund.createdAt.localeCompare(b.refund.createdAt));
}

export interface WalletRefundRound {
  refunded: string[];
  declined: string[];
  pending: string[];
}

/** One round over the queue (HQ is back, or the till's periodic retry). Gateway keys by outcome. */
export async function retryPendingWalletRefunds(
  db: LinliDb,
  gateway: PaymentGateway,
  options: WalletRefundOptions,
): Promise<WalletRefundRound> {
  const round: WalletRefundRound = { refunded: [], declined: [], pending: [] };
  const queued = await getMetaByPrefix(db, metaKey.pendingWalletRefund(''));
  for (const refundId of new Set(queued.map((q) => q.refundId))) {
    const keys = new Set(queued.filter((q) => q.refundId === refundId).map((q) => q.gatewayRefundId));
    const wallet = await sendWalletRefunds(db, gateway, refundId, { attempts: 1, ...options });
    for (const entry of wallet) {
      if (!keys.has(entry.gatewayRefundId)) continue;
      keys.delete(entry.gatewayRefundId);
      round[entry.state].push(entry.gatewayRefundId);
    }
    // Queued for a refund that no longer has that entry: drop it.
    for (const key of keys) await deleteMeta(db, metaKey.pendingWalletRefund(key));
  }
  return round;
}

/** How many wallet refunds wait for the gateway (for the till's notice). */
export const countPendingWalletRefunds = (db: LinliDb): Promise<number> => {
  const prefix = metaKey.pendingWalletRefund('');
  return db.meta.where('key').between(prefix, `${prefix}\uffff`).count();
};
