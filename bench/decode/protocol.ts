/**
 * The B2 benchmark drives the app's own decoder host (renderer/…/decoderHost.ts)
 * inside worker_threads. bench/ is type-checked as its own project and cannot
 * list renderer files, so the renderer modules are imported by computed URL and
 * described here by the little the benchmark needs of them.
 */

export type EngineName = 'zxing-library' | 'zxing-wasm';

export interface BenchFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface DecodeResultLike {
  text: string;
  format: string;
  engine: EngineName;
  ms: number;
}

export type HostResponse =
  | { type: 'ready'; engine: EngineName }
  | { type: 'result'; id: number; result: DecodeResultLike | null }
  | { type: 'error'; id: number | null; message: string };

export type HostRequest =
  | { type: 'init'; engine: EngineName; wasmBinary?: ArrayBuffer }
  | { type: 'decode'; id: number; frame: BenchFrame };

export interface HostModule {
  createDecoderHost(post: (message: HostResponse) => void): (request: HostRequest) => Promise<void>;
}

export interface SyntheticFrameLike {
  name: string;
  variant: string;
  format: string | null;
  expected: string | null;
  frame: BenchFrame;
}

export interface FramesModule {
  makeFrameSet(options?: { seed?: number; perCell?: number; empty?: number }): SyntheticFrameLike[];
  FRAME_WIDTH: number;
  FRAME_HEIGHT: number;
}

export interface DefaultEngineModule {
  DEFAULT_DECODER_ENGINE: EngineName;
}

const DECODER_DIR = new URL('../../renderer/src/features/scanning/decoder/', import.meta.url);
export const rendererModule = (file: string) => new URL(file, DECODER_DIR).href;

/** Messages between the benchmark and its worker: the host's, plus the worker's own timing. */
export type WorkerRequest =
  | { type: 'init'; engine: EngineName; wasmBinary?: ArrayBuffer }
  | { type: 'decode'; id: number; width: number; height: number; pixels: SharedArrayBuffer; offset: number };

export type WorkerResponse =
  | { type: 'ready' }
  | {
      type: 'result';
      id: number;
      text: string | null;
      format: string | null;
      /** Wall-clock decode time in the worker. */
      ms: number;
      /** CPU time of the worker thread for the decode: what the wall time would be on an idle machine. */
      cpuMs: number;
    }
  | { type: 'error'; id: number | null; message: string };
