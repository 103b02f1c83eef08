import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { PaymentGateway } from '@shared/payments/gateway';
import type { LinliDb } from '../../../db/database';
import { countPendingWalletRefunds, retryPendingWalletRefunds } from './walletRefunds';

/** Between rounds while online: a refund that got no definite answer is sent again (same key). */
export const WALLET_REFUND_RETRY_MS = 30_000;

/**
 * While the till is open: sends queued e-wallet refunds whenever HQ is (back)
 * online, then every `intervalMs`, one round at a time. Returns how many are
 * still pending, live, for the till's notice.
 */
export function useWalletRefundRetry(
  db: LinliDb,
  gateway: PaymentGateway | null,
  online: boolean,
  intervalMs = WALLET_REFUND_RETRY_MS,
): number {
  const pending = useLiveQuery(() => countPendingWalletRefunds(db), [db], 0);
  useEffect(() => {
    if (!online || !gateway) return;
    let running = false;
    const round = async () => {
      if (running) return;
      running = true;
      try {
        await retryPendingWalletRefunds(db, gateway, {
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        });
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
