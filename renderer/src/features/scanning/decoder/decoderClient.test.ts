import { describe, expect, it } from 'vitest';
import { createWorkerDecoder, type DecoderWorkerLike } from './decoderClient';
import { createDecoderHost, type DecoderRequest, type DecoderResponse } from './decoderHost';
import { code128Symbol, renderFrame } from './testing/syntheticFrames';

/** A worker stand-in that runs the real host in-process, asynchronously like a worker. */
function inProcessWorker() {
  const listeners: ((event: MessageEvent<DecoderResponse>) => void)[] = [];
  const transfers: number[] = [];
  const handle = createDecoderHost((message) => {
    setTimeout(() => listeners.forEach((l) => l({ data: message } as MessageEvent<DecoderResponse>)), 0);
  });
  const worker: DecoderWorkerLike & { terminated: boolean } = {
    terminated: false,
    postMessage(message: DecoderRequest, transfer?: Transferable[]) {
      transfers.push(transfer?.length ?? 0);
      setTimeout(() => void handle(message), 0);
    },
    addEventListener(_type, listener) {
      listeners.push(listener);
    },
    terminate() {
      this.terminated = true;
    },
  };
  return { worker, transfers };
}

describe('worker decoder client', () => {
  it('initialises the engine, decodes frames by id and reports busy while decoding', async () => {
    const { worker, transfers } = inProcessWorker();
    const decoder = createWorkerDecoder({ engine: 'zxing-library', worker });
    await decoder.ready;
    const frame = renderFrame(code128Symbol('LL202611240007'), { variant: 'sharp', seed: 5 });
    const pending = decoder.decode(frame);
    await Promise.resolve();
    expect(decoder.busy).toBe(true);
    expect(await pending).toMatchObject({
      text: 'LL202611240007',
      format: 'code128',
      engine: 'zxing-library',
    });
    expect(decoder.busy).toBe(false);
    // The init message carries nothing; the frame's pixels are transferred, not copied.
    expect(transfers).toEqual([0, 1]);
  });

  it('rejects pending frames when disposed', async () => {
    const { worker } = inProcessWorker();
    const decoder = createWorkerDecoder({ engine: 'zxing-library', worker, transfer: false });
    await decoder.ready;
    const pending = decoder.decode(renderFrame(null, { variant: 'noisy', seed: 9 }));
    await Promise.resolve();
    decoder.dispose();
    await expect(pending).rejects.toThrow('decoder disposed');
    expect(worker.terminated).toBe(true);
  });

  it('fails `ready` when the engine cannot load', async () => {
    const { worker } = inProcessWorker();
    const decoder = createWorkerDecoder({ engine: 'zxing-wasm', worker });
    await expect(decoder.ready).rejects.toThrow(/CDN loading is disabled/);
  });
});
