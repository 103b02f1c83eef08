/**
 * The sync engine: ties the push (`push.ts`), the pull (`pull/`), the
 * scheduler (`scheduler.ts`: when cycles run) and leadership
 * (`leadership.ts`: which window runs them) to the status the UI reads.
 */
import { liveQuery } from 'dexie';
import type { ParsedCode } from '@shared/codes/parse';
import { API_PATHS, healthResponseSchema, type Order } from '@shared/contract';
import { type Clock, systemClock } from '../db/clock';
import type { LinliDb } from '../db/database';
import { getMeta } from '../db/meta';
import { outboxGainedWrite, pendingSummary, type PendingSummary } from '../db/repositories/outbox';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { hqQueryFor, lookupOrdersAtHq } from './hqLookup';
import { hqRequest, SyncFailure } from './http';
import { createLeadership, type LockManagerLike, SYNC_LOCK_NAME } from './leadership';
import { classifyFailure, inThreadPullRunner, type PullRunner } from './pull/loop';
import { pruneHistory } from './prune';
import { pushOutbox } from './push';
import { createScheduler } from './scheduler';
import {
  type SyncError,
  type SyncEvent,
  type SyncStatus,
  type SyncStatusStore,
  readinessOf,
  syncStatusStore,
} from './status';

export { SYNC_LOCK_NAME } from './leadership';

type StorageManagerLike = Partial<Pick<StorageManager, 'persist' | 'persisted'>>;
type Logger = Pick<Console, 'warn' | 'error'>;

export interface SyncEngineOptions {
  db: LinliDb;
  /** Base URL of HQ, e.g. http://127.0.0.1:8787 */
  hqUrl: string;
  storeId: string;
  terminalId: string;
  apiKey: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** [0, 1) source for backoff jitter. */
  random?: () => number;
  /** Status store to dispatch into; defaults to the app's `syncStatusStore`. */
  status?: SyncStatusStore;
  /** Web Locks; `undefined` → `navigator.locks` when present, `null` → none (this window always leads). */
  locks?: LockManagerLike | null;
  /** Where `online`/`offline` events come from; `undefined` → `window`, `null` → none. */
  connectivity?: EventTarget | null;
  /** `undefined` → `navigator.storage`. */
  storage?: StorageManagerLike | null;
  /** BroadcastChannel name relaying the leader's status to other windows; null → off. Default on with Web Locks. */
  broadcastChannel?: string | null;
  /** Mutations per push request (500–1000 measured best; 100 was ~2× slower). */
  pushBatchSize?: number;
  /** Changes per pull page and transaction (~1000 keeps main-thread tasks short). */
  pullPageSize?: number;
  /** Where the pull runs; default on this thread. The app passes the pull worker's (`pull/uiSide.ts`). */
  pullRunner?: PullRunner;
  backoff?: BackoffPolicy;
  /** Pull for HQ changes this often when idle and online. */
  pollIntervalMs?: number;
  /** While offline, ping HQ's health at most this far apart. */
  healthIntervalMs?: number;
  requestTimeoutMs?: number;
  /** Wait this long after a local write before pushing, so a burst goes in one batch. */
  outboxDebounceMs?: number;
  /** Closed orders past the store's history window are pruned after a sync at most this often. */
  pruneEveryMs?: number;
  logger?: Logger;
}

export interface SyncOutcome {
  ok: boolean;
  pushed: number;
  pulled: number;
  error?: SyncError;
  unauthorised?: boolean;
  /** Another window runs the sync loop; the request was passed to it. */
  delegated?: boolean;
}

export interface SyncEngine {
  /** Starts the loop (under the Web Lock), connectivity watching and status updates. */
  start(): void;
  /** Stops the loop and releases the lock; resolves when the current cycle has ended. */
  stop(): Promise<void>;
  /** Pushes then pulls now, bypassing backoff; resolves with the outcome. */
  syncNow(): Promise<SyncOutcome>;
  /** New terminal key after an `unauthorised` state; sync resumes at once. */
  reauthorise(apiKey: string): void;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  getStatus(): SyncStatus;
  /**
   * Looks a scan that found nothing here up at HQ (read-only, this store only):
   * null when HQ cannot help with that kind of code; rejects with a
   * `SyncFailure` when HQ cannot be reached.
   */
  lookupAtHq(parsed: ParsedCode): Promise<Order[] | null>;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const {
    db,
    storeId,
    terminalId,
    clock = systemClock,
    random = Math.random,
    status = syncStatusStore,
    pushBatchSize = 1000,
    pullPageSize = 1000,
    backoff = DEFAULT_BACKOFF,
    pollIntervalMs = 30_000,
    healthIntervalMs = 15_000,
    requestTimeoutMs = 20_000,
    outboxDebounceMs = 150,
    pruneEveryMs = 3_600_000,
    logger = console,
  } = options;
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const pullRunner = options.pullRunner ?? inThreadPullRunner(db, fetchFn);
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const locks = options.locks === undefined ? (nav?.locks ?? null) : options.locks;
  const connectivity =
    options.connectivity === undefined
      ? typeof window === 'undefined'
        ? null
        : window
      : options.connectivity;
  const storage = options.storage === undefined ? (nav?.storage ?? null) : options.storage;
  const channelName =
    options.broadcastChannel === undefined
      ? locks
        ? `${SYNC_LOCK_NAME}:${storeId}`
        : null
      : options.broadcastChannel;

  let apiKey = options.apiKey;
  const client = { hqUrl: options.hqUrl, apiKey: () => apiKey, fetch: fetchFn, timeoutMs: requestTimeoutMs };
  const listeners = new Set<(event: SyncEvent) => void>();

  let stopped = true;
  /** Last known reachability; null = unknown (ping before the next cycle). */
  let online: boolean | null = null;
  let unauthorised = false;
  let loopDone: Promise<void> = Promise.resolve();
  const cleanups: (() => void)[] = [];

  const leadership = createLeadership({
    locks,
    channelName,
    logger,
    onRole: (role) => emit({ type: 'leadership', role }),
    lead: () => {
      loopDone = scheduler.loop();
      return loopDone;
    },
    onRelayedEvent: (event) => {
      status.getState().dispatch(event);
      for (const listener of listeners) listener(event);
    },
    onSyncNowRequested: () => void engine.syncNow(),
  });

  const scheduler = createScheduler<SyncOutcome>({
    clock,
    backoff,
    random,
    pollIntervalMs,
    healthIntervalMs,
    outboxDebounceMs,
    isStopped: () => stopped,
    needsPing: () => online !== true && !unauthorised,
    ping,
    cycle,
  });

  function emit(event: SyncEvent): void {
    status.getState().dispatch(event);
    for (const listener of listeners) listener(event);
    leadership.relay(event);
  }

  function setOnline(next: boolean): void {
    if (online === next) return;
    online = next;
    emit({ type: 'connectivity', online: next, at: clock.now() });
  }

  async function ping(): Promise<boolean> {
    try {
      const body = await hqRequest(client, 'GET', API_PATHS.health);
      const ok = healthResponseSchema.safeParse(body).success;
      setOnline(ok);
      return ok;
    } catch (error) {
      // 401 on health still means HQ is reachable: the cycle will report the auth state.
      const reachable = error instanceof SyncFailure && error.kind === 'unauthorised';
      setOnline(reachable);
      return reachable;
    }
  }

  function pushAll(): Promise<number> {
    return pushOutbox({
      db,
      client,
      storeId,
      terminalId,
      batchSize: pushBatchSize,
      clock,
      logger,
      onProgress: (totals) => emit({ type: 'push-progress', ...totals }),
    });
  }

  /** A page has been applied since start: the first sync's stages are known from it, not from meta. */
  let pulledSinceStart = false;

  function pullAll(): Promise<number> {
    return pullRunner(
      { hqUrl: options.hqUrl, apiKey, storeId, pageSize: pullPageSize, requestTimeoutMs },
      (progress) => {
        pulledSinceStart = true;
        emit({ type: 'pull-progress', ...progress });
      },
    );
  }

  let lastPruneAt = Number.NEGATIVE_INFINITY;

  /** The history window, once the first sync is all in (pruning while it arrives would fight it). */
  async function pruneWhenDue(): Promise<void> {
    if (clock.now() - lastPruneAt < pruneEveryMs || !readinessOf(status.getState().firstSync).complete)
      return;
    lastPruneAt = clock.now();
    try {
      await pruneHistory(db, new Date(clock.now()));
    } catch (error) {
      logger.warn('[sync] pruning the order history failed', error);
    }
  }

  /** What this terminal holds of its first sync, for the badge and the screens that wait on it. */
  async function announceFirstSync(): Promise<void> {
    try {
      const [cursor, progress] = await Promise.all([
        getMeta(db.meta, 'pullCursor'),
        getMeta(db.meta, 'firstSync'),
      ]);
      if (pulledSinceStart) return;
      emit({ type: 'first-sync', progress: progress ?? (cursor === undefined ? 'not-started' : null) });
    } catch (error) {
      logger.warn('[sync] could not read the first sync’s progress', error);
    }
  }

  async function cycle(): Promise<SyncOutcome> {
    scheduler.cycleStarted();
    emit({ type: 'sync-started', at: clock.now() });
    let pushed = 0;
    let pulled = 0;
    try {
      // A push refused by HQ's server (5xx, a broken answer) does not stop the pull: new
      // orders keep arriving while the push is retried. Network and auth failures stop both.
      let pushFailure: SyncFailure | null = null;
      try {
        pushed = await pushAll();
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind !== 'server' && failure.kind !== 'invalid-response' && failure.kind !== 'client')
          throw failure;
        pushFailure = failure;
      }
      pulled = await pullAll();
      if (pushFailure) throw pushFailure;
      unauthorised = false;
      setOnline(true);
      scheduler.succeeded();
      emit({ type: 'sync-succeeded', at: clock.now(), pushed, pulled });
      await pruneWhenDue();
      return { ok: true, pushed, pulled };
    } catch (thrown) {
      const failure = classifyFailure(thrown);
      if (failure.kind === 'unauthorised') {
        unauthorised = true;
        scheduler.hold();
        setOnline(true);
        emit({ type: 'unauthorised', at: clock.now(), httpStatus: failure.httpStatus ?? 401 });
        return { ok: false, pushed, pulled, unauthorised: true };
      }
      if (failure.kind === 'network') online = false;
      const retryAt = scheduler.failed();
      const error: SyncError = {
        kind: failure.kind,
        message: failure.message,
        at: clock.now(),
        ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
      };
      (failure.kind === 'quota' || failure.kind === 'unknown' ? logger.error : logger.warn)(
        `[sync] ${failure.kind}: ${failure.message}`,
        failure.cause ?? '',
      );
      emit({ type: 'sync-failed', error, retryAt });
      return { ok: false, pushed, pulled, error };
    }
  }

  // ---- status sources ----

  function watchLocalState(): void {
    let last: PendingSummary | null = null;
    const outbox = liveQuery(() => pendingSummary(db)).subscribe({
      next: (summary) => {
        emit({ type: 'outbox-changed', pending: summary.count, oldestPendingAt: summary.oldestCreatedAt });
        if (outboxGainedWrite(last, summary) && !stopped && !unauthorised)
          scheduler.requestSoon(outboxDebounceMs);
        last = summary;
      },
      error: (error: unknown) => logger.error('[sync] outbox watch failed', error),
    });
    const exceptions = liveQuery(() => db.exceptions.where('state').equals('open').count()).subscribe({
      next: (open) => emit({ type: 'exceptions-changed', open }),
      error: (error: unknown) => logger.error('[sync] exceptions watch failed', error),
    });
    cleanups.push(
      () => outbox.unsubscribe(),
      () => exceptions.unsubscribe(),
    );
  }

  function watchConnectivity(): void {
    if (!connectivity) return;
    const onOnline = () => {
      // The OS says we have a network; HQ's health ping decides.
      online = null;
      scheduler.runNow();
    };
    const onOffline = () => setOnline(false);
    connectivity.addEventListener('online', onOnline);
    connectivity.addEventListener('offline', onOffline);
    cleanups.push(() => {
      connectivity.removeEventListener('online', onOnline);
      connectivity.removeEventListener('offline', onOffline);
    });
  }

  async function requestPersistence(): Promise<void> {
    try {
      if (!storage?.persist) return;
      const persisted = (storage.persisted && (await storage.persisted())) || (await storage.persist());
      emit({ type: 'storage-persistence', persisted });
      if (!persisted)
        logger.warn('[sync] persistent storage not granted: the browser may evict data under pressure');
    } catch (error) {
      logger.warn('[sync] persistent storage request failed', error);
    }
  }

  const engine: SyncEngine = {
    start() {
      if (!stopped) return;
      stopped = false;
      scheduler.runFromStart();
      watchLocalState();
      watchConnectivity();
      void requestPersistence();
      pulledSinceStart = false;
      void announceFirstSync();
      leadership.start(() => stopped);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      leadership.releaseLock();
      scheduler.wake();
      await loopDone;
      await scheduler.current?.catch(() => undefined);
      for (const cleanup of cleanups.splice(0)) cleanup();
      leadership.close();
    },
    syncNow() {
      if (leadership.delegateSyncNow()) {
        return Promise.resolve({ ok: true, pushed: 0, pulled: 0, delegated: true });
      }
      unauthorised = false;
      return scheduler.runExclusive();
    },
    reauthorise(nextKey) {
      apiKey = nextKey;
      unauthorised = false;
      scheduler.runNow();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus() {
      return status.getState();
    },
    async lookupAtHq(parsed) {
      const query = await hqQueryFor(parsed, storeId);
      if (!query) return null;
      // A clerk is waiting at the counter: a short timeout, whatever the sync's.
      return lookupOrdersAtHq({ ...client, timeoutMs: Math.min(requestTimeoutMs, 5_000) }, storeId, query);
    },
  };
  return engine;
}
