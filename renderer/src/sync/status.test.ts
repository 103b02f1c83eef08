import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { hqUrlFor } from './http';
import {
  createSyncStatusStore,
  initialSyncStatus,
  reduceSyncStatus,
  type SyncEvent,
  syncSelectors,
} from './status';

const run = (...events: SyncEvent[]) => events.reduce(reduceSyncStatus, initialSyncStatus);

describe('sync status reducer', () => {
  it('moves through offline → online → syncing → online', () => {
    expect(run().phase).toBe('offline');
    expect(run({ type: 'connectivity', online: true, at: 1 }).phase).toBe('online');
    const syncing = run({ type: 'connectivity', online: true, at: 1 }, { type: 'sync-started', at: 2 });
    expect(syncing.phase).toBe('syncing');
    const done = reduceSyncStatus(syncing, { type: 'sync-succeeded', at: 3, pushed: 0, pulled: 0 });
    expect(done).toMatchObject({ phase: 'online', lastSuccessAt: 3, lastError: null });
  });

  it('network failures read as offline, other failures as error; quota sets storageFull until a success', () => {
    const net = run({ type: 'sync-failed', error: { kind: 'network', message: 'x', at: 1 }, retryAt: 2 });
    expect(net).toMatchObject({ phase: 'offline', online: false, retryAt: 2 });
    const quota = run({ type: 'sync-failed', error: { kind: 'quota', message: 'full', at: 1 }, retryAt: 5 });
    expect(quota).toMatchObject({ phase: 'error', storageFull: true });
    const later = reduceSyncStatus(quota, {
      type: 'sync-failed',
      error: { kind: 'server', message: '503', at: 6 },
      retryAt: 9,
    });
    expect(later.storageFull).toBe(true);
    expect(
      reduceSyncStatus(later, { type: 'sync-succeeded', at: 10, pushed: 0, pulled: 0 }).storageFull,
    ).toBe(false);
  });

  it('unauthorised sticks through connectivity changes', () => {
    const s = run(
      { type: 'unauthorised', at: 1, httpStatus: 401 },
      { type: 'connectivity', online: false, at: 2 },
      { type: 'connectivity', online: true, at: 3 },
    );
    expect(s.phase).toBe('unauthorised');
  });

  it('tracks pending, oldest age, pull progress with the longest page and the time spent', () => {
    const s = run(
      { type: 'outbox-changed', pending: 3, oldestPendingAt: '2026-11-24T05:00:00.000Z' },
      { type: 'sync-started', at: 1 },
      {
        type: 'pull-progress',
        pages: 1,
        changes: 1000,
        hasMore: true,
        pageMs: 40,
        fetchMs: 30,
        validateMs: 9,
      },
      {
        type: 'pull-progress',
        pages: 2,
        changes: 1500,
        hasMore: false,
        pageMs: 25,
        fetchMs: 20,
        validateMs: 6,
      },
    );
    expect(s.pull).toEqual({
      active: false,
      pages: 2,
      changes: 1500,
      total: null,
      longestPageMs: 40,
      writeMs: 65,
      fetchMs: 50,
      validateMs: 15,
    });
    expect(s.cycleStartedAt).toBe(1);
    expect(syncSelectors.oldestPendingAgeMs(Date.parse('2026-11-24T05:01:00.000Z'))(s)).toBe(60_000);
    expect(syncSelectors.pendingCount(s)).toBe(3);
  });

  it('a store dispatches events into state', () => {
    const store = createSyncStatusStore();
    store.getState().dispatch({ type: 'exceptions-changed', open: 2 });
    expect(store.getState().openExceptions).toBe(2);
  });
});

describe('backoff', () => {
  it('doubles up to the cap with equal jitter', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });
});

describe('hqUrlFor', () => {
  it('keeps a path prefix of the HQ URL', () => {
    expect(hqUrlFor('https://hq.example/api/', '/v1/health')).toBe('https://hq.example/api/v1/health');
    expect(hqUrlFor('http://127.0.0.1:8787', '/v1/health')).toBe('http://127.0.0.1:8787/v1/health');
  });
});
