/**
 * The pull worker's side of the conversation: runs `runPull` for each request
 * on its own connection to the database (one per name, kept open) and reports
 * progress, the result or a classified failure. Kept apart from the worker
 * entry so tests drive it directly.
 */
import { LinliDb } from '../db/database';
import { type PullProgress, type PullRequest, classifyFailure, runPull } from './pull';
import type { SyncFailure } from './http';

export type PullWorkerRequest = { type: 'pull'; id: number; dbName: string; request: PullRequest };

export type PullWorkerResponse =
  | { type: 'progress'; id: number; progress: PullProgress }
  | { type: 'done'; id: number; changes: number }
  | {
      type: 'failed';
      id: number;
      kind: SyncFailure['kind'];
      message: string;
      httpStatus?: number;
    };

/**
 * Rows per page the worker asks for. No UI task to keep short here, but a page's
 * transaction holds orders, products and the outbox: a clerk's scan or handover
 * waits behind it. 1000 rows write in ~0.3–0.5 s on the B4 machine (2000: up to
 * 0.9 s) and B4's total did not change with the size (23.0 s at 1000, 22.7–24.7 s
 * at 2000, 24.6 s at 5000).
 */
export const WORKER_PAGE_SIZE = 1000;

export interface PullHostOptions {
  post(message: PullWorkerResponse): void;
  fetch: typeof fetch;
  openDb?: (name: string) => LinliDb;
}

export function createPullHost({
  post,
  fetch: fetchFn,
  openDb = (name) => new LinliDb(name),
}: PullHostOptions) {
  const dbs = new Map<string, LinliDb>();
  const dbFor = (name: string) => {
    let db = dbs.get(name);
    if (!db) {
      db = openDb(name);
      dbs.set(name, db);
    }
    return db;
  };
  return {
    async handle(message: PullWorkerRequest): Promise<void> {
      const { id } = message;
      try {
        const changes = await runPull(
          {
            db: dbFor(message.dbName),
            fetch: fetchFn,
            // Nothing else runs on this thread: no yields, one request batch per table.
            yieldToUi: () => Promise.resolve(),
            writeSlice: Number.POSITIVE_INFINITY,
            validateSlice: Number.POSITIVE_INFINITY,
          },
          message.request,
          (progress) => post({ type: 'progress', id, progress }),
        );
        post({ type: 'done', id, changes });
      } catch (error) {
        const failure = classifyFailure(error);
        post({
          type: 'failed',
          id,
          kind: failure.kind,
          message: failure.message,
          ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
        });
      }
    },
    close(): void {
      for (const db of dbs.values()) db.close();
      dbs.clear();
    },
  };
}
