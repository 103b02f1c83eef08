import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { PaymentGateway } from '@shared/payments/gateway';
import type { LinliDb } from '../../../db/database';
import { countPendingWalletRefunds, retryPendingWalletRefunds } from './walletRefunds';
import { pendingReversals, retryPendingReversals } from './pendingReversals';

/** Between rounds while online: a refund that got no definite answer is sent again (same key). */
export const WALLET_REFUND_RETRY_MS = 30_000;

/** The round running for each database: the app-wide keeper and the till never send at once. */
const running = new WeakMap<LinliDb, Promise<void>>();

/**
 * One round: reverses wallet payments left unresolved, then sends queued
 * e-wallet refunds. A call while a round runs for `db` joins that round
 * instead of starting a second one beside it. Never rejects.
 */
export function retryWalletRefundRound(db: LinliDb, gateway: PaymentGateway): Promise<void> {
  const current = running.get(db);
  if (current) return current;
  const round = (async () => {
    try {
      const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      await retryPendingReversals(db, gateway, { sleep });
      await retryPendingWalletRefunds(db, gateway, { sleep });
    } catch {
      // A storage error: the queue is intact and the next round tries again.
    } finally {
      running.delete(db);
    }
  })();
  running.set(db, round);
  return round;
}

/**
 * Runs rounds whenever HQ is (back) online, then every `intervalMs`: for the
 * app-wide keeper, so money owed back is sent whatever screen is open.
 */
export function useWalletRefundRounds(
  db: LinliDb,
  gateway: PaymentGateway | null,
  online: boolean,
  intervalMs = WALLET_REFUND_RETRY_MS,
): void {
  useEffect(() => {
    if (!online || !gateway) return;
    void retryWalletRefundRound(db, gateway);
    const timer = setInterval(() => void retryWalletRefundRound(db, gateway), intervalMs);
    return () => clearInterval(timer);
  }, [db, gateway, online, intervalMs]);
}

/**
 * The till's runner: rounds as `useWalletRefundRounds` (joining the keeper's
 * when one runs), and how many are still pending, live, for the till's notice.
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
  useWalletRefundRounds(db, gateway, online, intervalMs);
  return pending;
}
