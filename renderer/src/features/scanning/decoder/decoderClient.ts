import type { DecoderRequest, DecoderResponse } from './decoderHost';
import type { DecodeHints, DecodeResult, DecoderEngineName, Frame, FrameDecoder } from './types';

/** The part of `Worker` the client uses (a test can pass a fake). */
export interface DecoderWorkerLike {
  postMessage(message: DecoderRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<DecoderResponse>) => void): void;
  terminate(): void;
}

export interface WorkerDecoderOptions {
  engine: DecoderEngineName;
  /** Defaults to a new decoder.worker.ts. */
  worker?: DecoderWorkerLike;
  /**
   * Transfer the frame's pixels to the worker instead of copying them (the
   * caller's `frame.data` becomes unusable). Right for a camera loop that takes
   * a fresh `getImageData` each time. Default true.
   */
  transfer?: boolean;
}

export interface WorkerFrameDecoder extends FrameDecoder {
  /** Resolves once the engine is loaded (zxing-wasm fetches and compiles its .wasm). */
  readonly ready: Promise<void>;
  /** True while a frame is being decoded: a camera loop skips frames instead of queueing them. */
  readonly busy: boolean;
}

/**
 * A FrameDecoder whose engine runs in a worker, off the main thread. The
 * camera screen calls `decode` once per frame it grabs (skipping frames while
 * `busy`), feeds the results through an agreement filter and then `parseCode`.
 */
export function createWorkerDecoder({
  engine,
  worker,
  transfer = true,
}: WorkerDecoderOptions): WorkerFrameDecoder {
  const host: DecoderWorkerLike =
    worker ??
    (new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module' }) as DecoderWorkerLike);
  const pending = new Map<
    number,
    { resolve: (r: DecodeResult | null) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let markReady: () => void = () => undefined;
  let failReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });

  host.addEventListener('message', ({ data }) => {
    if (data.type === 'ready') return markReady();
    if (data.type === 'error' && data.id === null) return failReady(new Error(data.message));
    if (data.id === null) return;
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    if (data.type === 'result') waiter.resolve(data.result);
    else waiter.reject(new Error(data.message));
  });
  host.postMessage({ type: 'init', engine });

  return {
    engine,
    ready,
    get busy() {
      return pending.size > 0;
    },
    async decode(frame: Frame, hints?: DecodeHints) {
      await ready;
      const id = nextId++;
      const result = new Promise<DecodeResult | null>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      const message: DecoderRequest = {
        type: 'decode',
        id,
        frame: { width: frame.width, height: frame.height, data: frame.data },
        ...(hints && { hints }),
      };
      host.postMessage(message, transfer ? [frame.data.buffer as ArrayBuffer] : []);
      return result;
    },
    dispose() {
      host.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('decoder disposed'));
      pending.clear();
    },
  };
}
