/**
 * The messages between the UI thread (`uiSide.ts`) and the pull worker
 * (`workerSide.ts`), and the page size the worker pulls with. Types and one
 * constant only, so the UI side does not bundle the pull loop.
 */
import type { SyncFailure } from '../http';
import type { PullProgress, PullRequest } from './loop';

export type PullWorkerRequest =
  | { type: 'pull'; id: number; dbName: string; request: PullRequest }
  /** Load now and open the database: the first pull then starts without the worker's start-up. */
  | { type: 'warm'; dbName: string };

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

/**
 * Changes per write transaction in the worker. A clerk's lookup waits for the
 * write transaction running on its table (IndexedDB runs a read after every
 * earlier write on the same store); a 1000-row page took 150–360 ms to write
 * on the B4 machine, the scans during B4 waited half of that on average.
 */
export const WORKER_TRANSACTION_ROWS = 200;
