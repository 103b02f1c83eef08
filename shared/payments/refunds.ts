/**
 * E-wallet refunds of a till refund: which gateway refunds a `sale.refunded`
 * asks for, under which idempotency key, and what each gateway result means
 * for the till. The money goes back to the payment it came from (the sale
 * tender's `paymentId`). The key is the refund's own id, so however often the
 * till sends it (a timeout, a retry after HQ was away, two tills at once) the
 * gateway refunds it once.
 */
import type { Tender } from '../contract';
import type { RefundResult, WalletMethod } from './gateway';

export interface WalletRefundRequest {
  /** The gateway's idempotency key: the refund's id (`:2`, `:3`… for a further wallet tender of the same refund). */
  gatewayRefundId: string;
  /** The payment refunded; null for a sale recorded before tenders carried it (cannot go through the gateway). */
  paymentId: string | null;
  method: WalletMethod;
  amountFen: number;
}

export const isWalletMethod = (method: string): method is WalletMethod =>
  method === 'wechat' || method === 'alipay';

/** The gateway refunds a refund's tenders ask for, in tender order. */
export function walletRefundRequests(refundId: string, tenders: readonly Tender[]): WalletRefundRequest[] {
  const out: WalletRefundRequest[] = [];
  for (const t of tenders) {
    if (!isWalletMethod(t.method) || t.amountFen <= 0) continue;
    out.push({
      gatewayRefundId: out.length === 0 ? refundId : `${refundId}:${String(out.length + 1)}`,
      paymentId: t.paymentId ?? null,
      method: t.method,
      amountFen: t.amountFen,
    });
  }
  return out;
}

export type WalletRefundState =
  /** Not confirmed yet (HQ away, or no definite answer): sent again with the same key until it is. */
  | 'pending'
  /** The gateway confirmed: the money is on its way back to the customer's wallet. */
  | 'refunded'
  /** The gateway refused (or the payment is unknown): a person must settle it; never retried. */
  | 'declined';

export interface WalletRefundOutcome {
  state: WalletRefundState;
  reference?: string;
  reason?: string;
}

/** What a `runRefund` result means for the refund's wallet part. */
export function walletRefundOutcome(result: RefundResult): WalletRefundOutcome {
  if (result.ok) return { state: 'refunded', reference: result.reference };
  if (result.reason === 'pending') return { state: 'pending', reason: result.message };
  return { state: 'declined', reason: result.message };
}
