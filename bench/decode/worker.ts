import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import {
  rendererModule,
  type HostModule,
  type HostResponse,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

/**
 * A B2 decoder worker: hosts one engine through the app's decoder host, reads
 * frames from the shared frame buffer (no copy) and reports each decode's time
 * measured here, in the worker — empty frames included, which the app's
 * DecodeResult.ms cannot time because they yield no result.
 */
const port = parentPort;
if (!port) throw new Error('bench/decode/worker.ts runs in a worker thread');

const { createDecoderHost } = (await import(rendererModule('decoderHost.ts'))) as HostModule;
let last: HostResponse | null = null;
const handle = createDecoderHost((message) => {
  last = message;
});

const reply = (message: WorkerResponse) => port.postMessage(message);

port.on('message', async (request: WorkerRequest) => {
  if (request.type === 'init') {
    await handle({
      type: 'init',
      engine: request.engine,
      ...(request.wasmBinary && { wasmBinary: request.wasmBinary }),
    });
    const response = last as HostResponse | null;
    if (response?.type === 'ready') reply({ type: 'ready' });
    else
      reply({
        type: 'error',
        id: null,
        message: response?.type === 'error' ? response.message : 'no answer',
      });
    return;
  }
  const bytes = request.width * request.height * 4;
  const data = new Uint8ClampedArray(request.pixels, request.offset, bytes);
  const cpuBefore = process.threadCpuUsage();
  const started = performance.now();
  await handle({
    type: 'decode',
    id: request.id,
    frame: { width: request.width, height: request.height, data },
  });
  const ms = performance.now() - started;
  const cpu = process.threadCpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const response = last as HostResponse | null;
  if (response?.type === 'result') {
    reply({
      type: 'result',
      id: request.id,
      text: response.result?.text ?? null,
      format: response.result?.format ?? null,
      ms,
      cpuMs,
    });
  } else {
    reply({
      type: 'error',
      id: request.id,
      message: response?.type === 'error' ? response.message : 'no answer',
    });
  }
});
