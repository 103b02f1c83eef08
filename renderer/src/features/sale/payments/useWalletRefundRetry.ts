import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { PaymentGateway } from '@shared/payments/gateway';
import type { LinliDb } from '../../../db/database';
import { countPendingWalletRefunds, retryPendingWalletRefunds } from './walletRefunds';
import { pendingReversals, retryPendingReversals } from './pendingReversals';

/** Between rounds while online: a refund that got no definite answer is sent again (same key). */
export const WALLET_REFUND_RETRY_MS = 30_000;

/**
 * While the till is open: reverses wallet payments left unresolved and sends
 * queued e-wallet refunds whenever HQ is (back) online, then every `intervalMs`,
 * one round at a time. Returns how many are
 * still pending, live, for the till's notice.
 */
export function useWalletRefundRetry(
  db: LinliDb,
  gateway: PaymentGateway | null,
  online: boolean,
  intervalMs = WALLET_REFUND_RETRY_MS,
): number {
  // Refunds to send and unresolved payments to reverse: both are money owed back to a wallet.
  const pending = useLiveQuery(
    async () => (await countPendingWalletRefunds(db)) + (await pendingReversals(db)).length,
    [db],
    0,
  );
  useEffect(() => {
    if (!online || !gateway) return;
    let running = false;
    const round = async () => {
      if (running) return;
      running = true;
      try {
        const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
        await retryPendingReversals(db, gateway, { sleep });
        await retryPendingWalletRefunds(db, gateway, { sleep });
      } catch {
        // A storage error: the queue is intact and the next round tries again.
      } finally {
        running = false;
      }
    };
    void round();
    const timer = setInterval(() => void round(), intervalMs);
    return () => clearInterval(timer);
  }, [db, gateway, online, intervalMs]);
  return pending;
}
