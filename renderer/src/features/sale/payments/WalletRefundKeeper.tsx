import type { LinliDb } from '../../../db/database';
import { useSyncStatus } from '../../../sync';
import { useHqGateway } from './useHqGateway';
import { useWalletRefundRounds } from './useWalletRefundRetry';

/**
 * Mounted once in the shell: e-wallet refunds and reversals left pending while
 * HQ was away are sent once it is back, whichever screen the clerk is on — not
 * only while the till is open. Shows nothing; the till shows what is pending.
 */
export function WalletRefundKeeper({ db, intervalMs }: { db: LinliDb; intervalMs?: number }) {
  const online = useSyncStatus((s) => s.online);
  const gateway = useHqGateway(online);
  useWalletRefundRounds(db, gateway, online, intervalMs);
  return null;
}
