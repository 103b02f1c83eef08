/**
 * One interface for decoding camera frames, two engines behind it:
 * `zxing-library` (@zxing/library, pure JS) and `zxing-wasm` (zxing-cpp as
 * WebAssembly). The camera screen talks to a worker (`decoderClient.ts`) that
 * hosts one engine; tests and the benchmark use the engines directly.
 */

/** Symbologies the counter reads. */
export type DecodeFormat = 'qr' | 'code128' | 'ean13' | 'ean8' | 'upcA';
export const ALL_DECODE_FORMATS: readonly DecodeFormat[] = ['qr', 'code128', 'ean13', 'ean8', 'upcA'];

export type DecoderEngineName = 'zxing-library' | 'zxing-wasm';
export const DECODER_ENGINES: readonly DecoderEngineName[] = ['zxing-library', 'zxing-wasm'];

/** A camera frame as `ImageData` holds it: RGBA, row-major, 4 bytes a pixel. */
export interface Frame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface DecodeHints {
  /** Only look for these (fewer formats = cheaper frames). Default: all of ALL_DECODE_FORMATS. */
  formats?: readonly DecodeFormat[];
}

export interface DecodeResult {
  text: string;
  format: DecodeFormat;
  engine: DecoderEngineName;
  /** Time spent decoding this frame, in ms. */
  ms: number;
}

export interface FrameDecoder {
  readonly engine: DecoderEngineName;
  /** The first code found in the frame, or null. Never rejects for "no code". */
  decode(frame: Frame, hints?: DecodeHints): Promise<DecodeResult | null>;
  dispose(): void;
}

/** Product symbologies: the ones that need two agreeing frames (see agreement.ts). */
export const isProductFormat = (format: DecodeFormat): boolean => format !== 'qr' && format !== 'code128';
