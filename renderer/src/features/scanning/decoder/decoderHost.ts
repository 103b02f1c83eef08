import type { DecodeHints, DecodeResult, DecoderEngineName, Frame, FrameDecoder } from './types';
import { createZxingLibraryDecoder } from './zxingLibraryEngine';
import { createZxingWasmDecoder, type WasmSource } from './zxingWasmEngine';

/**
 * The decoder worker's message protocol, kept free of any worker global so the
 * same host runs in a browser Worker (decoder.worker.ts) and in Node's
 * worker_threads (benchmark B2).
 */
export type DecoderRequest =
  | {
      type: 'init';
      engine: DecoderEngineName;
      /** zxing-wasm only: the .wasm bytes (Node) — otherwise the host's default URL is used. */
      wasmBinary?: ArrayBuffer;
      wasmUrl?: string;
    }
  | { type: 'decode'; id: number; frame: Frame; hints?: DecodeHints };

export type DecoderResponse =
  | { type: 'ready'; engine: DecoderEngineName }
  | { type: 'result'; id: number; result: DecodeResult | null }
  | { type: 'error'; id: number | null; message: string };

export interface DecoderHostOptions {
  /** Where zxing-wasm's .wasm is served from when `init` names none (the app's own URL). */
  defaultWasmUrl?: string;
}

export function createDecoderHost(
  post: (message: DecoderResponse) => void,
  options: DecoderHostOptions = {},
) {
  let decoder: FrameDecoder | null = null;

  const init = async (request: Extract<DecoderRequest, { type: 'init' }>) => {
    decoder?.dispose();
    decoder = null;
    if (request.engine === 'zxing-library') {
      decoder = createZxingLibraryDecoder();
    } else {
      const url = request.wasmUrl ?? options.defaultWasmUrl;
      const wasm: WasmSource | null = request.wasmBinary
        ? { wasmBinary: request.wasmBinary }
        : url
          ? { wasmUrl: url }
          : null;
      if (!wasm)
        throw new Error('zxing-wasm needs a local .wasm (bytes or app URL); CDN loading is disabled');
      decoder = createZxingWasmDecoder({ wasm });
      // Load the module now so the first frame is not the slow one.
      await decoder.decode({ width: 1, height: 1, data: new Uint8ClampedArray(4) });
    }
    post({ type: 'ready', engine: request.engine });
  };

  return async function handle(request: DecoderRequest): Promise<void> {
    try {
      if (request.type === 'init') return await init(request);
      if (!decoder) throw new Error('decoder not initialised');
      post({ type: 'result', id: request.id, result: await decoder.decode(request.frame, request.hints) });
    } catch (error) {
      post({
        type: 'error',
        id: request.type === 'decode' ? request.id : null,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
