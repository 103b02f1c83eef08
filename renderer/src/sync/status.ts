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
    }
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
