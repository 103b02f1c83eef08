/// <reference lib="webworker" />
/** The pull worker: HQ's change feed fetched, checked and written off the UI thread (see loop.ts). Runs inside the worker.. */
import type { PullWorkerRequest, PullWorkerResponse } from './protocol';
import { createPullHost } from './workerSide';

declare const self: DedicatedWorkerGlobalScope;

const host = createPullHost({
  post: (message: PullWorkerResponse) => self.postMessage(message),
  fetch: (input, init) => fetch(input, init),
});

self.addEventListener('message', (event: MessageEvent<PullWorkerRequest>) => {
  void host.handle(event.data);
});
