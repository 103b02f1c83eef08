import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import {
  ALL_DECODE_FORMATS,
  type DecodeFormat,
  type DecodeHints,
  type Frame,
  type FrameDecoder,
} from './types';

type WasmFormat = NonNullable<ReaderOptions['formats']>[number];

const TO_WASM: Readonly<Record<DecodeFormat, WasmFormat>> = {
  qr: 'QRCode',
  code128: 'Code128',
  ean13: 'EAN13',
  ean8: 'EAN8',
  upcA: 'UPCA',
};
const FROM_WASM = new Map<string, DecodeFormat>(
  Object.entries(TO_WASM).map(([ours, theirs]) => [theirs, ours as DecodeFormat]),
);

/**
 * Where the .wasm comes from — always the app itself, never zxing-wasm's
 * default jsDelivr URL: the counter works offline and the CSP allows no CDN.
 */
export type WasmSource =
  /** The bytes (Node tests and the benchmark read them from node_modules). */
  | { wasmBinary: ArrayBuffer }
  /** A same-origin URL the app serves (Vite emits the file via `?url`). */
  | { wasmUrl: string };

export interface ZxingWasmOptions {
  wasm: WasmSource;
  /**
   * zxing-cpp's tryHarder (more scan lines and a second binarization). On by
   * default: it reads the noisy and glare frames `false` misses and stays in the
   * B2 budget (see defaultEngine.ts).
   */
  tryHarder?: boolean;
  /**
   * Also try the frame turned 90° (a product held upright). Off by default: it
   * doubles the cost of every empty frame, and at the counter codes come within
   * ±45° of level.
   */
  tryRotate?: boolean;
  /**
   * Light-on-dark codes (a pickup QR on a phone in dark mode): `true` tries the
   * inverted image on every frame where nothing was found, `'alternate'` (the
   * default) on every other frame only — an inverted code is still read within
   * two frames (0.2 s at the camera's 10 fps), and empty frames pay the extra
   * pass half the time (B2).
   */
  tryInvert?: boolean | 'alternate';
}

/** Loads the zxing-cpp reader module from the given local source (once per worker). */
export async function loadZxingWasm(wasm: WasmSource): Promise<void> {
  const overrides =
    'wasmBinary' in wasm
      ? { wasmBinary: wasm.wasmBinary }
      : {
          locateFile: (path: string, prefix: string) =>
            path.endsWith('.wasm') ? wasm.wasmUrl : prefix + path,
        };
  await prepareZXingModule({ overrides, fireImmediately: true });
}

/** zxing-wasm engine (zxing-cpp compiled to WebAssembly, reader-only build). */
export function createZxingWasmDecoder({
  wasm,
  tryHarder = true,
  tryRotate = false,
  tryInvert = 'alternate',
}: ZxingWasmOptions): FrameDecoder {
  const ready = loadZxingWasm(wasm);
  const optionsByKey = new Map<string, ReaderOptions>();
  let frameCount = 0;
  const optionsFor = (formats: readonly DecodeFormat[], invert: boolean): ReaderOptions => {
    const key = `${formats.join(',')}:${invert}`;
    let options = optionsByKey.get(key);
    if (!options) {
      options = {
        formats: formats.map((f) => TO_WASM[f]),
        tryHarder,
        tryRotate,
        tryInvert: invert,
        // The text as a wedge scanner types it: zxing's default (HRI) rewrites GS1
        // content as "(01)…(17)…"; Plain keeps the element string with its GS
        // separators (\x1d), the form the code parser and the wedge path see.
        textMode: 'Plain',
        maxNumberOfSymbols: 1,
      };
      optionsByKey.set(key, options);
    }
    return options;
  };

  return {
    engine: 'zxing-wasm',
    async decode(frame: Frame, hints?: DecodeHints) {
      await ready;
      const started = performance.now();
      const formats = hints?.formats?.length ? hints.formats : ALL_DECODE_FORMATS;
      // zxing-wasm accepts any { width, height, data } as ImageData (RGBA).
      const invert = tryInvert === 'alternate' ? frameCount++ % 2 === 1 : tryInvert;
      const results = await readBarcodes(frame as ImageData, optionsFor(formats, invert));
      const ms = performance.now() - started;
      for (const r of results) {
        const format = FROM_WASM.get(r.format);
        if (r.isValid && format) return { text: r.text, format, engine: 'zxing-wasm', ms };
      }
      return null;
    },
    dispose() {
      optionsByKey.clear();
    },
  };
}
