import { liveQuery } from 'dexie';
import {
  API_PATHS,
  healthResponseSchema,
  type MutationResult,
  mutationSchema,
  type PushRequest,
  pushResponseSchema,
} from '@shared/contract';
import { type Clock, systemClock } from '../db/clock';
import type { LinliDb } from '../db/database';
import { nextBatch, pendingSummary } from '../db/repositories/outbox';
import type { OutboxRow } from '../db/types';
import { applyPushResults, type PushTally } from './apply';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { hqRequest, SyncFailure } from './http';
import { classifyFailure, inThreadPullRunner, type PullRunner } from './pull';
import {
  type SyncError,
  type SyncEvent,
  type SyncRole,
  type SyncStatus,
  type SyncStatusStore,
  syncStatusStore,
} from './status';

/** Web Locks name: one sync loop per browser profile (IndexedDB is per profile too). */
export const SYNC_LOCK_NAME = 'linli-sync';

type LockManagerLike = Pick<LockManager, 'request'>;
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
  /** Where the pull runs; default on this thread. The app passes the pull worker's (`pullWorker.ts`). */
  pullRunner?: PullRunner;
  backoff?: BackoffPolicy;
  /** Pull for HQ changes this often when idle and online. */
  pollIntervalMs?: number;
  /** While offline, ping HQ's health at most this far apart. */
  healthIntervalMs?: number;
  requestTimeoutMs?: number;
  /** Wait this long after a local write before pushing, so a burst goes in one batch. */
  outboxDebounceMs?: number;
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
}

type Relay = { kind: 'event'; event: SyncEvent } | { kind: 'sync-now' };

const LOCAL_EVENTS: ReadonlySet<SyncEvent['type']> = new Set([
  'outbox-changed',
  'exceptions-changed',
  'leadership',
]);

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
  let role: SyncRole = 'stopped';
  /** Consecutive failed cycles/pings, for backoff. */
  let attempt = 0;
  /** Last known reachability; null = unknown (ping before the next cycle). */
  let online: boolean | null = null;
  let unauthorised = false;
  let nextRunAt = 0;
  /** A local write arrived while a cycle was running: run again soon after it, not at the poll. */
  let writtenDuringCycle = false;
  let wakeUp: (() => void) | null = null;
  let current: Promise<SyncOutcome> | null = null;
  let loopDone: Promise<void> = Promise.resolve();
  let lockAbort: AbortController | null = null;
  let channel: BroadcastChannel | null = null;
  const cleanups: (() => void)[] = [];

  function emit(event: SyncEvent): void {
    status.getState().dispatch(event);
    for (const listener of listeners) listener(event);
    if (role === 'leader' && channel && !LOCAL_EVENTS.has(event.type)) {
      channel.postMessage({ kind: 'event', event } satisfies Relay);
    }
  }

  function setRole(next: SyncRole): void {
    role = next;
    emit({ type: 'leadership', role: next });
  }

  function wake(): void {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  }

  function sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      const ms = at - clock.now();
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : null;
      function done() {
        if (timer !== null) clearTimeout(timer);
        if (wakeUp === done) wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
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

  // ---- push ----

  /** Reads the next batch after `afterSeq` and splits off rows that break the contract. */
  async function prepareBatch(afterSeq: number) {
    const batch = await nextBatch(db.outbox, afterSeq, pushBatchSize);
    return batch.length === 0 ? null : { batch, ...splitValid(batch) };
  }

  /**
   * Pushes the outbox in sequence order, one batch per request. Pipelined: while
   * HQ works on batch n, batch n+1 is read and checked; once n's answer is in,
   * its results are written while n+1 is already on its way (HQ still receives
   * the batches one after the other, in order).
   */
  async function pushAll(): Promise<number> {
    const totals: PushTally & { pushed: number } = {
      pushed: 0,
      applied: 0,
      duplicate: 0,
      rejected: 0,
      conflict: 0,
    };
    let writing: Promise<void> = Promise.resolve();
    let prepared = prepareBatch(0);
    try {
      for (;;) {
        const next = await prepared;
        if (!next) break;
        const { batch, valid, invalid } = next;
        const lastSeq = batch.at(-1)!.seq;
        if (invalid.length > 0) {
          // A row that cannot pass the contract would make HQ refuse the whole batch forever: park it.
          logger.error(
            '[sync] outbox rows that break the contract go to the exceptions inbox',
            invalid.map((r) => r.row.id),
          );
        }
        const answer =
          valid.length > 0
            ? hqRequest(client, 'POST', API_PATHS.mutations(storeId), {
                terminalId,
                mutations: valid.map(toWire),
              } satisfies PushRequest)
            : Promise.resolve(null);
        prepared = prepareBatch(lastSeq);
        prepared.catch(() => undefined);
        const body = await answer;
        const results = [
          ...invalid.map((r) => r.result),
          ...(body === null ? [] : validatePushResponse(body, valid)),
        ];
        totals.pushed += valid.length;
        // Results are written in batch order: wait for the previous batch's write first.
        await writing;
        writing = applyPushResults(db, batch, results, clock).then((tally) => {
          for (const key of ['applied', 'duplicate', 'rejected', 'conflict'] as const)
            totals[key] += tally[key];
          emit({ type: 'push-progress', ...totals });
        });
      }
    } finally {
      // Whatever happened to a later batch, an answered one is recorded (fewer duplicates on retry).
      await writing.catch(() => undefined);
    }
    await writing;
    return totals.pushed;
  }

  function toWire(row: OutboxRow): PushRequest['mutations'][number] {
    return {
      id: row.id,
      seq: row.seq,
      type: row.type,
      payload: row.payload,
      staffId: row.staffId,
      createdAt: row.createdAt,
    } as PushRequest['mutations'][number];
  }

  function splitValid(batch: readonly OutboxRow[]) {
    const valid: OutboxRow[] = [];
    const invalid: { row: OutboxRow; result: MutationResult }[] = [];
    for (const row of batch) {
      const parsed = mutationSchema.safeParse(toWire(row));
      if (parsed.success) valid.push(row);
      else {
        const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        invalid.push({ row, result: { id: row.id, status: 'rejected', code: 'invalid_local', reason } });
      }
    }
    return { valid, invalid };
  }

  function validatePushResponse(body: unknown, sent: readonly OutboxRow[]): MutationResult[] {
    const parsed = pushResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new SyncFailure('invalid-response', `push response breaks the contract: ${parsed.error.message}`);
    }
    const { results } = parsed.data;
    const sentIds = new Set(sent.map((r) => r.id));
    const answered = new Set(results.map((r) => r.id));
    if (
      results.length !== sent.length ||
      answered.size !== sent.length ||
      ![...answered].every((id) => sentIds.has(id))
    ) {
      throw new SyncFailure('invalid-response', 'push response does not answer exactly the mutations sent');
    }
    return results;
  }

  // ---- pull ----

  function pullAll(): Promise<number> {
    return pullRunner(
      { hqUrl: options.hqUrl, apiKey, storeId, pageSize: pullPageSize, requestTimeoutMs },
      (progress) => emit({ type: 'pull-progress', ...progress }),
    );
  }

  // ---- cycle ----

  const classify = classifyFailure;

  async function cycle(): Promise<SyncOutcome> {
    writtenDuringCycle = false;
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
        const failure = classify(error);
        if (failure.kind !== 'server' && failure.kind !== 'invalid-response' && failure.kind !== 'client')
          throw failure;
        pushFailure = failure;
      }
      pulled = await pullAll();
      if (pushFailure) throw pushFailure;
      attempt = 0;
      unauthorised = false;
      setOnline(true);
      // A write that landed while this cycle was under way goes out now, not at the next poll.
      nextRunAt = clock.now() + (writtenDuringCycle ? outboxDebounceMs : pollIntervalMs);
      emit({ type: 'sync-succeeded', at: clock.now(), pushed, pulled });
      return { ok: true, pushed, pulled };
    } catch (thrown) {
      const failure = classify(thrown);
      if (failure.kind === 'unauthorised') {
        unauthorised = true;
        nextRunAt = Number.POSITIVE_INFINITY;
        setOnline(true);
        emit({ type: 'unauthorised', at: clock.now(), httpStatus: failure.httpStatus ?? 401 });
        return { ok: false, pushed, pulled, unauthorised: true };
      }
      if (failure.kind === 'network') online = false;
      attempt++;
      nextRunAt = clock.now() + backoffDelay(attempt, backoff, random);
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
      emit({ type: 'sync-failed', error, retryAt: nextRunAt });
      return { ok: false, pushed, pulled, error };
    }
  }

  /** Cycles never overlap: a second request runs after the one in flight. */
  function runExclusive(): Promise<SyncOutcome> {
    const run = (current ?? Promise.resolve()).then(cycle, cycle);
    current = run;
    void run.finally(() => {
      if (current === run) current = null;
      wake();
    });
    return run;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      if (clock.now() < nextRunAt) {
        await sleepUntil(nextRunAt);
        continue;
      }
      if (online !== true && !unauthorised) {
        if (!(await ping())) {
          attempt++;
          nextRunAt = clock.now() + Math.min(backoffDelay(attempt, backoff, random), healthIntervalMs);
          continue;
        }
      }
      if (stopped) break;
      await runExclusive();
    }
  }

  function requestSoon(delayMs: number): void {
    if (stopped || unauthorised || attempt > 0) return;
    if (current) writtenDuringCycle = true;
    nextRunAt = Math.min(nextRunAt, clock.now() + delayMs);
    wake();
  }

  // ---- status sources ----

  function watchLocalState(): void {
    let lastPending = -1;
    const outbox = liveQuery(() => pendingSummary(db)).subscribe({
      next: (summary) => {
        emit({ type: 'outbox-changed', pending: summary.count, oldestPendingAt: summary.oldestCreatedAt });
        if (summary.count > lastPending && lastPending !== -1) requestSoon(outboxDebounceMs);
        lastPending = summary.count;
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
      attempt = 0;
      nextRunAt = clock.now();
      wake();
    };
    const onOffline = () => setOnline(false);
    connectivity.addEventListener('online', onOnline);
    connectivity.addEventListener('offline', onOffline);
    cleanups.push(() => {
      connectivity.removeEventListener('online', onOnline);
      connectivity.removeEventListener('offline', onOffline);
    });
  }

  function openChannel(): void {
    if (!channelName || typeof BroadcastChannel === 'undefined') return;
    channel = new BroadcastChannel(channelName);
    channel.onmessage = (message: MessageEvent<Relay>) => {
      const relay = message.data;
      if (relay.kind === 'sync-now' && role === 'leader') void engine.syncNow();
      if (relay.kind === 'event' && role === 'follower') {
        status.getState().dispatch(relay.event);
        for (const listener of listeners) listener(relay.event);
      }
    };
    cleanups.push(() => {
      channel?.close();
      channel = null;
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

  async function lead(): Promise<void> {
    setRole('leader');
    loopDone = loop();
    await loopDone;
  }

  const engine: SyncEngine = {
    start() {
      if (!stopped) return;
      stopped = false;
      nextRunAt = 0;
      watchLocalState();
      watchConnectivity();
      openChannel();
      void requestPersistence();
      if (!locks) {
        void lead();
        return;
      }
      setRole('follower');
      lockAbort = new AbortController();
      const abort = lockAbort;
      locks
        .request(SYNC_LOCK_NAME, { signal: abort.signal }, async () => {
          if (stopped) return;
          await lead();
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) logger.error('[sync] Web Lock request failed', error);
        });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      lockAbort?.abort();
      lockAbort = null;
      wake();
      await loopDone;
      await current?.catch(() => undefined);
      for (const cleanup of cleanups.splice(0)) cleanup();
      setRole('stopped');
    },
    syncNow() {
      if (role === 'follower' && channel) {
        channel.postMessage({ kind: 'sync-now' } satisfies Relay);
        return Promise.resolve({ ok: true, pushed: 0, pulled: 0, delegated: true });
      }
      unauthorised = false;
      return runExclusive();
    },
    reauthorise(nextKey) {
      apiKey = nextKey;
      unauthorised = false;
      attempt = 0;
      nextRunAt = clock.now();
      wake();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus() {
      return status.getState();
    },
  };
  return engine;
}
