import { FIRST_SYNC_STAGES, type FirstSyncProgress, type FirstSyncStage } from '@shared/contract';
import { createStore, type StoreApi, useStore } from 'zustand';

/**
 * Sync status as a typed event union, reduced into one small state the badge,
 * the Sync screen and the storage-full banner read. UI state only: the outbox
 * itself lives in Dexie.
 */

export type SyncPhase = 'online' | 'offline' | 'syncing' | 'unauthorised' | 'error';

export type SyncErrorKind =
  /** HQ unreachable: fetch failed or timed out. Retried with backoff. */
  | 'network'
  /** 5xx/429/408 from HQ. Retried with backoff. */
  | 'server'
  /** HQ answered something that breaks the contract: not stored, logged, retried later. */
  | 'invalid-response'
  /** The device refused to store more. Blocking for the user; sync and export still offered. */
  | 'quota'
  /** 4xx other than 401/403: a bug on one side; retried with backoff. */
  | 'client'
  | 'unknown';

export interface SyncError {
  kind: SyncErrorKind;
  message: string;
  httpStatus?: number;
  at: number;
}

export interface PullProgress {
  active: boolean;
  pages: number;
  changes: number;
  /** Changes the pull will bring in all (HQ's count at its start); null when unknown. */
  total: number | null;
  /** Longest time one page took to write, ms (pages are separate transactions). */
  longestPageMs: number;
  /** Time spent so far, ms: writing pages, waiting for HQ, checking pages against the contract. */
  writeMs: number;
  fetchMs: number;
  validateMs: number;
}

export type SyncEvent =
  | { type: 'connectivity'; online: boolean; at: number }
  | { type: 'sync-started'; at: number }
  | {
      type: 'push-progress';
      pushed: number;
      applied: number;
      duplicate: number;
      rejected: number;
      conflict: number;
    }
  | {
      type: 'pull-progress';
      pages: number;
      changes: number;
      hasMore: boolean;
      total?: number | null;
      /** Writing the page. */
      pageMs: number;
      /** Waiting for HQ's answer, and checking it against the contract. */
      fetchMs?: number;
      validateMs?: number;
      /** The first sync's stages, on its pages (a prioritised first sync). */
      firstSync?: FirstSyncProgress;
    }
  /** What the terminal holds of its first sync, read at start: not begun, in progress, or nothing to say. */
  | { type: 'first-sync'; progress: FirstSyncProgress | 'not-started' | null }
  | { type: 'sync-succeeded'; at: number; pushed: number; pulled: number }
  | { type: 'sync-failed'; error: SyncError; retryAt: number | null }
  | { type: 'unauthorised'; at: number; httpStatus: number }
  | { type: 'outbox-changed'; pending: number; oldestPendingAt: string | null }
  | { type: 'exceptions-changed'; open: number }
  | { type: 'leadership'; role: SyncRole }
  /** Outcome of `navigator.storage.persist()`: false means the browser may evict data under pressure. */
  | { type: 'storage-persistence'; persisted: boolean };

/** `leader`: this window runs the sync loop; `follower`: another window does (status relayed). */
export type SyncRole = 'leader' | 'follower' | 'stopped';

export interface SyncStatus {
  phase: SyncPhase;
  /** Last known reachability of HQ (health ping, fetch outcomes, online/offline events). */
  online: boolean;
  role: SyncRole;
  pendingCount: number;
  /** createdAt (ISO) of the oldest mutation not yet confirmed by HQ. */
  oldestPendingAt: string | null;
  /** Epoch ms of the last complete push + pull. */
  lastSuccessAt: number | null;
  /** Epoch ms the current (or last) push + pull began. */
  cycleStartedAt: number | null;
  lastError: SyncError | null;
  /** When the next automatic retry is due (epoch ms), after a failure. */
  retryAt: number | null;
  /** Set by a quota error, cleared by the next successful sync. */
  storageFull: boolean;
  openExceptions: number;
  /** null until asked; false: eviction possible (show it on the Sync screen). */
  storagePersisted: boolean | null;
  pull: PullProgress | null;
  /**
   * A first sync's stages: 'not-started' before its first page; its progress
   * while it runs and once done; null when there is nothing to say (an
   * existing terminal, or an HQ that serves the plain feed): all ready.
   */
  firstSync: FirstSyncProgress | 'not-started' | null;
  /** Running totals of the current/last sync's push. */
  push: { pushed: number; applied: number; duplicate: number; rejected: number; conflict: number } | null;
}

export const initialSyncStatus: SyncStatus = {
  phase: 'offline',
  online: false,
  role: 'stopped',
  pendingCount: 0,
  oldestPendingAt: null,
  lastSuccessAt: null,
  cycleStartedAt: null,
  lastError: null,
  retryAt: null,
  storageFull: false,
  openExceptions: 0,
  storagePersisted: null,
  pull: null,
  firstSync: null,
  push: null,
};

export function reduceSyncStatus(state: SyncStatus, event: SyncEvent): SyncStatus {
  switch (event.type) {
    case 'connectivity': {
      if (!event.online)
        return { ...state, online: false, phase: state.phase === 'unauthorised' ? state.phase : 'offline' };
      const phase = state.phase === 'offline' ? 'online' : state.phase;
      return { ...state, online: true, phase };
    }
    case 'sync-started':
      return {
        ...state,
        phase: state.phase === 'unauthorised' && !state.online ? state.phase : 'syncing',
        cycleStartedAt: event.at,
        retryAt: null,
        push: { pushed: 0, applied: 0, duplicate: 0, rejected: 0, conflict: 0 },
        pull: null,
      };
    case 'push-progress': {
      const { type: _type, ...push } = event;
      return { ...state, push };
    }
    case 'pull-progress':
      return {
        ...state,
        // A feed page after 'not-started': this HQ serves no stages, so nothing is held back.
        firstSync: event.firstSync ?? (state.firstSync === 'not-started' ? null : state.firstSync),
        pull: {
          active: event.hasMore,
          pages: event.pages,
          changes: event.changes,
          total: event.total ?? null,
          longestPageMs: Math.max(state.pull?.longestPageMs ?? 0, event.pageMs),
          writeMs: (state.pull?.writeMs ?? 0) + event.pageMs,
          fetchMs: (state.pull?.fetchMs ?? 0) + (event.fetchMs ?? 0),
          validateMs: (state.pull?.validateMs ?? 0) + (event.validateMs ?? 0),
        },
      };
    case 'sync-succeeded':
      return {
        ...state,
        phase: 'online',
        online: true,
        lastSuccessAt: event.at,
        lastError: null,
        retryAt: null,
        storageFull: false,
        pull: state.pull ? { ...state.pull, active: false } : null,
      };
    case 'sync-failed': {
      const offline = event.error.kind === 'network';
      return {
        ...state,
        phase: offline ? 'offline' : 'error',
        online: offline ? false : state.online,
        lastError: event.error,
        retryAt: event.retryAt,
        storageFull: state.storageFull || event.error.kind === 'quota',
        pull: state.pull ? { ...state.pull, active: false } : null,
      };
    }
    case 'unauthorised':
      return {
        ...state,
        phase: 'unauthorised',
        online: true,
        retryAt: null,
        lastError: {
          kind: 'client',
          message: 'terminal not authorised',
          httpStatus: event.httpStatus,
          at: event.at,
        },
      };
    case 'outbox-changed':
      return { ...state, pendingCount: event.pending, oldestPendingAt: event.oldestPendingAt };
    case 'exceptions-changed':
      return { ...state, openExceptions: event.open };
    case 'leadership':
      return { ...state, role: event.role };
    case 'storage-persistence':
      return { ...state, storagePersisted: event.persisted };
    case 'first-sync':
      return { ...state, firstSync: event.progress };
  }
}

export interface SyncStatusState extends SyncStatus {
  dispatch(event: SyncEvent): void;
}

export type SyncStatusStore = StoreApi<SyncStatusState>;

export function createSyncStatusStore(initial: SyncStatus = initialSyncStatus): SyncStatusStore {
  return createStore<SyncStatusState>()((set) => ({
    ...initial,
    dispatch: (event) => set((state) => reduceSyncStatus(state, event)),
  }));
}

/** The app's status store: the engine started by the shell dispatches into it. */
export const syncStatusStore = createSyncStatusStore();

/** React hook over the app's sync status, with a selector: `useSyncStatus((s) => s.pendingCount)`. */
export function useSyncStatus<T>(selector: (status: SyncStatusState) => T): T {
  return useStore(syncStatusStore, selector);
}

/** Selectors for the badge and the Sync screen. */
export const syncSelectors = {
  phase: (s: SyncStatus) => s.phase,
  pendingCount: (s: SyncStatus) => s.pendingCount,
  oldestPendingAgeMs: (now: number) => (s: SyncStatus) =>
    s.oldestPendingAt === null ? null : Math.max(0, now - Date.parse(s.oldestPendingAt)),
  lastSuccessAt: (s: SyncStatus) => s.lastSuccessAt,
  storageFull: (s: SyncStatus) => s.storageFull,
  pull: (s: SyncStatus) => s.pull,
};

/** What a new terminal can already do while its first sync runs. Percentages 0–100, floored. */
export interface SyncReadiness {
  /** Config, policy, staff, layout and every open order are here: the counter can serve pickups. */
  pickupReady: boolean;
  catalogPercent: number;
  historyPercent: number;
  /** Every stage is in. */
  complete: boolean;
}

const READY: SyncReadiness = { pickupReady: true, catalogPercent: 100, historyPercent: 100, complete: true };
const NOTHING: SyncReadiness = { pickupReady: false, catalogPercent: 0, historyPercent: 0, complete: false };

/** How far one stage is, given where the first sync stands (a page holds one stage; empty stages are skipped). */
export function stagePercent(progress: FirstSyncProgress, stage: FirstSyncStage): number {
  const at = FIRST_SYNC_STAGES.indexOf(progress.stage);
  const of = FIRST_SYNC_STAGES.indexOf(stage);
  if (of < at) return 100;
  if (of > at) return 0;
  const total = progress.totals[stage];
  return total === 0 ? 100 : Math.min(100, Math.floor((progress.served[stage] / total) * 100));
}

export function readinessOf(firstSync: SyncStatus['firstSync']): SyncReadiness {
  if (firstSync === null) return READY;
  if (firstSync === 'not-started') return NOTHING;
  const catalogPercent = stagePercent(firstSync, 'catalog');
  const historyPercent = stagePercent(firstSync, 'history');
  return {
    pickupReady: stagePercent(firstSync, 'open') === 100,
    catalogPercent,
    historyPercent,
    complete: historyPercent === 100,
  };
}

/** The first sync's stages for the badge, the Sync screen and the screens that wait on one. */
export function useSyncReadiness(): SyncReadiness {
  const firstSync = useSyncStatus((s) => s.firstSync);
  return readinessOf(firstSync);
}

/** For the till's search: whether every product has arrived, and how far the catalog is. */
export function useCatalogReady(): { ready: boolean; percent: number } {
  const percent = useSyncStatus((s) => readinessOf(s.firstSync).catalogPercent);
  return { ready: percent === 100, percent };
}

/**
 * For a lookup that found nothing locally: while closed history is still
 * arriving, how far it is (the order may simply not be here yet); null once
 * it is all here.
 */
export function historyArrivingPercent(status: Pick<SyncStatus, 'firstSync'>): number | null {
  const { historyPercent } = readinessOf(status.firstSync);
  return historyPercent === 100 ? null : historyPercent;
}

/** `historyArrivingPercent` of the app's sync status, as a hook. */
export function useHistoryArriving(): number | null {
  return useSyncStatus(historyArrivingPercent);
}
