/**
 * Sync engine: delivers the outbox to HQ exactly once and pulls HQ's changes.
 *
 * Start one engine per window; Web Locks make only one of them (per browser
 * profile) run the loop, the others follow its status over a BroadcastChannel
 * and forward `syncNow()` to it.
 *
 *   const engine = createSyncEngine({ db: appDb(), hqUrl, storeId, terminalId, apiKey });
 *   engine.start();                      // loop + health ping + online/offline + persist()
 *   await engine.syncNow();              // push then pull now → SyncOutcome
 *   engine.reauthorise(newKey);          // after phase 'unauthorised' (401/403)
 *   const off = engine.subscribe((event: SyncEvent) => …);
 *   await engine.stop();                 // e.g. before switching terminal
 *
 * Options (all optional but db/hqUrl/storeId/terminalId/apiKey): fetch, clock,
 * random, status (store), locks, connectivity (EventTarget), storage,
 * broadcastChannel, pushBatchSize (1000), pullPageSize (1000), backoff
 * ({ baseMs: 1000, maxMs: 60000 }), pollIntervalMs (30 s), healthIntervalMs
 * (15 s), requestTimeoutMs (20 s), outboxDebounceMs (150), logger.
 *
 * Status for the UI (zustand, UI state only):
 *   useSyncStatus((s) => s.phase)        'online' | 'offline' | 'syncing' | 'unauthorised' | 'error'
 *   s.pendingCount, s.oldestPendingAt    (syncSelectors.oldestPendingAgeMs(now)), s.lastSuccessAt
 *   s.pull                               { active, pages, changes, longestPageMs } for a progress bar
 *   s.lastError { kind: network|server|invalid-response|quota|client|unknown, message, httpStatus }
 *   s.storageFull                        quota hit: show the blocking message, offer sync + export
 *   s.openExceptions, s.retryAt, s.role  ('leader' | 'follower' | 'stopped')
 *   s.storagePersisted                   navigator.storage.persist() outcome (null before asking)
 * Every change is a `SyncEvent` reduced by `reduceSyncStatus`; tests build
 * their own store with `createSyncStatusStore()`.
 *
 * Behaviour: push reads `seq > last acknowledged` in batches; per-mutation
 * results — applied/duplicate remove the row, rejected/conflict (also a
 * duplicate whose original answer was a refusal) move it to `db.exceptions`
 * and never block later ones; rows that break the contract are parked there
 * too ('invalid_local'). Network errors and 5xx → backoff with jitter (a push
 * 5xx still lets the pull run). Responses failing the contract schemas are
 * never stored. Pull pages (one transaction each, cursor saved with the page)
 * prefetch the next page while writing; entities with a pending mutation keep
 * their local state and HQ's version waits in `db.shadows` until the result:
 * refused → HQ's version restored (pulled, else the row as it was before the
 * mutation, kept in `db.outboxBases` under the same seq); applied → the next
 * pull brings HQ's version. Pages are validated per entity schema
 * (`validateChangesPage`) and written with their cursor in one transaction.
 * Where the pull runs is the `pullRunner` option: the app passes
 * `createPullWorkerRunner` (pull/uiSide.ts starts pull/workerSide.entry.ts: its own database connection, pages
 * of 1000, no UI task touched — Dexie tells this window's live queries of the
 * writes); without it the pull runs on this thread in small slices with yields.
 *
 * Testing (renderer/src/testing/): `fakeHq.ts` (msw fake HQ with failure
 * knobs), `fixtures.ts` (valid contract data), `syncRig.ts` (an engine wired to it).
 */
export { createSyncEngine, type SyncEngine, type SyncEngineOptions, type SyncOutcome } from './engine';
export { SYNC_LOCK_NAME } from './leadership';
export {
  createSyncStatusStore,
  initialSyncStatus,
  type PullProgress,
  readinessOf,
  reduceSyncStatus,
  historyArrivingPercent,
  stagePercent,
  type SyncReadiness,
  useCatalogReady,
  useHistoryArriving,
  useSyncReadiness,
  type SyncError,
  type SyncErrorKind,
  type SyncEvent,
  type SyncPhase,
  type SyncRole,
  type SyncStatus,
  type SyncStatusStore,
  syncSelectors,
  syncStatusStore,
  useSyncStatus,
} from './status';
export { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff';
export { SyncFailure } from './http';
export { applyPullPage, applyPushResults, effectiveStatus } from './apply';
export { validateChangesPage } from './validate';
export { inThreadPullRunner, type PullRequest, type PullRunner, runPull } from './pull/loop';
export { createPullWorkerRunner, type PullWorkerRunner } from './pull/uiSide';
