/**
 * A `PullRunner` that runs the pull in a dedicated worker (`workerSide.entry.ts`).
 * Runs on the UI thread: it starts the worker and talks to it.
 * The engine stays on the UI thread and sees the same progress and the same
 * classified failures as with the in-thread runner. A worker that dies takes
 * its pull down with a sync error (retried with backoff) and is replaced on
 * the next pull.
 */
import { SyncFailure } from '../http';
import type { PullRunner } from './loop';
import { type PullWorkerRequest, type PullWorkerResponse, WORKER_PAGE_SIZE } from './protocol';

/** The part of `Worker` the runner uses (a test can pass a fake). */
export interface PullWorkerLike {
  postMessage(message: PullWorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PullWorkerResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export interface PullWorkerRunner extends PullRunner {
  /**
   * Starts the worker and opens its database connection ahead of the first pull:
   * loading the worker took 240–390 ms after the sync started (demo HQ, measured),
   * all of it before a new terminal's first request.
   */
  warm(): void;
  /** Ends the worker; a later pull starts a new one. */
  terminate(): void;
}

export interface PullWorkerOptions {
  dbName: string;
  /** Page size for pulls run in the worker (default `WORKER_PAGE_SIZE`); overrides the engine's. */
  pageSize?: number;
  createWorker?: () => PullWorkerLike;
}

const defaultWorker = (): PullWorkerLike =>
  new Worker(new URL('./workerSide.entry.ts', import.meta.url), { type: 'module', name: 'linli-pull' });

export function createPullWorkerRunner({
  dbName,
  pageSize = WORKER_PAGE_SIZE,
  createWorker = defaultWorker,
}: PullWorkerOptions): PullWorkerRunner {
  let worker: PullWorkerLike | null = null;
  let nextId = 1;
  const running = new Map<
    number,
    {
      resolve(changes: number): void;
      reject(error: SyncFailure): void;
      onProgress: Parameters<PullRunner>[1];
    }
  >();

  function failAll(failure: SyncFailure): void {
    for (const pull of running.values()) pull.reject(failure);
    running.clear();
  }

  function ensureWorker(): PullWorkerLike {
    if (worker) return worker;
    const created = createWorker();
    created.addEventListener('message', ({ data }) => {
      const pull = running.get(data.id);
      if (!pull) return;
      if (data.type === 'progress') return pull.onProgress(data.progress);
      running.delete(data.id);
      if (data.type === 'done') pull.resolve(data.changes);
      else pull.reject(new SyncFailure(data.kind, data.message, data.httpStatus));
    });
    created.addEventListener('error', (event) => {
      if (worker === created) worker = null;
      created.terminate();
      failAll(new SyncFailure('unknown', `pull worker failed: ${event.message || 'unknown error'}`));
    });
    worker = created;
    return created;
  }

  const runner = ((request, onProgress) =>
    new Promise<number>((resolve, reject) => {
      const id = nextId++;
      running.set(id, { resolve, reject, onProgress });
      ensureWorker().postMessage({ type: 'pull', id, dbName, request: { ...request, pageSize } });
    })) as PullWorkerRunner;
  runner.warm = () => ensureWorker().postMessage({ type: 'warm', dbName });
  runner.terminate = () => {
    worker?.terminate();
    worker = null;
    failAll(new SyncFailure('unknown', 'pull worker stopped'));
  };
  return runner;
}
