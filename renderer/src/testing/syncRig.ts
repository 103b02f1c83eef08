/** Engine test wiring: a fake HQ behind msw, a fresh database, an engine with test defaults. */
import type { SetupServer } from 'msw/node';
import type { LinliDb } from '../db/database';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../sync/engine';
import { createSyncStatusStore, type SyncEvent, type SyncStatusStore } from '../sync/status';
import { TEST_API_KEY, TEST_HQ, TEST_STORE, TEST_TERMINAL } from './fixtures';
import { createFakeHq, type FakeHq } from './fakeHq';

export interface EngineRig {
  hq: FakeHq;
  engine: SyncEngine;
  status: SyncStatusStore;
  events: SyncEvent[];
  logs: { level: 'warn' | 'error'; args: unknown[] }[];
}

export function rigEngine(
  server: SetupServer,
  db: LinliDb,
  overrides: Partial<SyncEngineOptions> = {},
  hq: FakeHq = createFakeHq(),
): EngineRig {
  server.resetHandlers(...hq.handlers);
  const status = createSyncStatusStore();
  const logs: EngineRig['logs'] = [];
  const engine = createSyncEngine({
    db,
    hqUrl: TEST_HQ,
    storeId: TEST_STORE,
    terminalId: TEST_TERMINAL,
    apiKey: TEST_API_KEY,
    status,
    locks: null,
    connectivity: null,
    storage: null,
    random: () => 0.5,
    logger: {
      warn: (...args: unknown[]) => logs.push({ level: 'warn', args }),
      error: (...args: unknown[]) => logs.push({ level: 'error', args }),
    },
    ...overrides,
  });
  const events: SyncEvent[] = [];
  engine.subscribe((e) => events.push(e));
  return { hq, engine, status, events, logs };
}

/**
 * Advances fake timers (setTimeout/Date only) in small steps, letting real I/O
 * (fake-indexeddb's setImmediate, msw) run between steps, so a loop that mixes
 * timers and IndexedDB progresses as it would in real time.
 */
const realImmediate = (callback: () => void) =>
  (globalThis as unknown as { setImmediate(cb: () => void): void }).setImmediate(callback);

export async function advance(ms: number, step = 10): Promise<void> {
  const { vi } = await import('vitest');
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - elapsed));
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => realImmediate(resolve));
  }
}
