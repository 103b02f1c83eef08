/**
 * Which window runs the sync loop. Every window starts an engine; a Web Lock
 * lets one of them (per browser profile, as IndexedDB is per profile) lead,
 * the others follow: the leader relays its status over a BroadcastChannel and
 * followers pass "sync now" to it. Without Web Locks this window always leads.
 */
import type { SyncEvent, SyncRole } from './status';

/** Web Locks name: one sync loop per browser profile (IndexedDB is per profile too). */
export const SYNC_LOCK_NAME = 'linli-sync';

export type LockManagerLike = Pick<LockManager, 'request'>;

type Relay = { kind: 'event'; event: SyncEvent } | { kind: 'sync-now' };

/** Events about this window only: never relayed to others. */
const LOCAL_EVENTS: ReadonlySet<SyncEvent['type']> = new Set([
  'outbox-changed',
  'exceptions-changed',
  'leadership',
  'first-sync',
]);

export interface LeadershipOptions {
  locks: LockManagerLike | null;
  /** BroadcastChannel name; null → no relay. */
  channelName: string | null;
  logger: Pick<Console, 'error'>;
  /** Role changes (the engine turns them into a `leadership` event). */
  onRole(role: SyncRole): void;
  /** Runs the loop while this window leads; resolves when it has stopped. */
  lead(): Promise<void>;
  /** An event relayed by the leader (this window follows). */
  onRelayedEvent(event: SyncEvent): void;
  /** A follower asked for a sync now (this window leads). */
  onSyncNowRequested(): void;
}

export interface Leadership {
  readonly role: SyncRole;
  /** Opens the channel and leads at once without locks, else waits for the lock as a follower. */
  start(isStopped: () => boolean): void;
  /** Gives up the lock, or the wait for it (the loop ends on its own). */
  releaseLock(): void;
  /** Closes the channel; the role becomes `stopped`. */
  close(): void;
  /** Passes an event to the followers when this window leads. */
  relay(event: SyncEvent): void;
  /** As a follower, asks the leader to sync now; false when this window must do it itself. */
  delegateSyncNow(): boolean;
}

export function createLeadership(options: LeadershipOptions): Leadership {
  const { locks, channelName, logger } = options;
  let role: SyncRole = 'stopped';
  let channel: BroadcastChannel | null = null;
  let lockAbort: AbortController | null = null;

  function setRole(next: SyncRole): void {
    role = next;
    options.onRole(next);
  }

  async function lead(): Promise<void> {
    setRole('leader');
    await options.lead();
  }

  function openChannel(): void {
    if (!channelName || typeof BroadcastChannel === 'undefined') return;
    channel = new BroadcastChannel(channelName);
    channel.onmessage = (message: MessageEvent<Relay>) => {
      const relay = message.data;
      if (relay.kind === 'sync-now' && role === 'leader') options.onSyncNowRequested();
      if (relay.kind === 'event' && role === 'follower') options.onRelayedEvent(relay.event);
    };
  }

  return {
    get role() {
      return role;
    },
    start(isStopped) {
      openChannel();
      if (!locks) {
        void lead();
        return;
      }
      setRole('follower');
      lockAbort = new AbortController();
      const abort = lockAbort;
      locks
        .request(SYNC_LOCK_NAME, { signal: abort.signal }, async () => {
          if (isStopped()) return;
          await lead();
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) logger.error('[sync] Web Lock request failed', error);
        });
    },
    releaseLock() {
      lockAbort?.abort();
      lockAbort = null;
    },
    close() {
      channel?.close();
      channel = null;
      setRole('stopped');
    },
    relay(event) {
      if (role === 'leader' && channel && !LOCAL_EVENTS.has(event.type)) {
        channel.postMessage({ kind: 'event', event } satisfies Relay);
      }
    },
    delegateSyncNow() {
      if (role !== 'follower' || !channel) return false;
      channel.postMessage({ kind: 'sync-now' } satisfies Relay);
      return true;
    },
  };
}
