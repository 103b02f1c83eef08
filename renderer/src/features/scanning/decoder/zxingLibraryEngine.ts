import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  MultiFormatOneDReader,
  QRCodeReader,
  RGBLuminanceSource,
  type Binarizer,
  type LuminanceSource,
  type Result,
} from '@zxing/library';
import {
  ALL_DECODE_FORMATS,
  type DecodeFormat,
  type DecodeHints,
  type Frame,
  type FrameDecoder,
} from './types';

const TO_ZXING: Readonly<Record<DecodeFormat, BarcodeFormat>> = {
  qr: BarcodeFormat.QR_CODE,
  code128: BarcodeFormat.CODE_128,
  ean13: BarcodeFormat.EAN_13,
  ean8: BarcodeFormat.EAN_8,
  upcA: BarcodeFormat.UPC_A,
};

const FROM_ZXING = new Map<BarcodeFormat, DecodeFormat>(
  Object.entries(TO_ZXING).map(([ours, theirs]) => [theirs, ours as DecodeFormat]),
);

/** V8 (Chromium, Electron, Node) lets a program turn stack capture off. */
const V8Error = Error as ErrorConstructor & { stackTraceLimit: number };

/** RGBA → 8-bit luminance (BT.601 integer weights), the plane zxing binarizes. */
export function toLuminance(frame: Frame, into?: Uint8ClampedArray): Uint8ClampedArray {
  const { data, width, height } = frame;
  const out = into && into.length === width * height ? into : new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = ((data[p] ?? 0) * 77 + (data[p + 1] ?? 0) * 150 + (data[p + 2] ?? 0) * 29) >> 8;
  }
  return out;
}

/**
 * @zxing/library engine. Specific readers with format hints — QRCodeReader and
 * one MultiFormatOneDReader limited to the 1D formats asked for — never the
 * catch-all MultiFormatReader. No TRY_HARDER: on a frame with no code it costs
 * hundreds of ms, and most live frames hold no code. QR: a HybridBinarizer
 * pass first, a GlobalHistogramBinarizer pass only where Hybrid found nothing
 * (it rescues blurred, low-contrast codes). 1D: one row-scan pass.
 */
export function createZxingLibraryDecoder(): FrameDecoder {
  const qr = new QRCodeReader();
  const oneDReaders = new Map<string, MultiFormatOneDReader>();
  let luminance: Uint8ClampedArray | undefined;

  const oneDReaderFor = (formats: readonly DecodeFormat[]) => {
    const linear = formats.filter((f) => f !== 'qr');
    if (linear.length === 0) return null;
    const key = linear.join(',');
    let reader = oneDReaders.get(key);
    if (!reader) {
      const hints = new Map<DecodeHintType, unknown>([
        [DecodeHintType.POSSIBLE_FORMATS, linear.map((f) => TO_ZXING[f])],
      ]);
      reader = new MultiFormatOneDReader(hints);
      oneDReaders.set(key, reader);
    }
    return reader;
  };

  const attempt = (read: () => Result): Result | null => {
    try {
      return read();
    } catch {
      // NotFound / Checksum / Format exceptions all mean "no code in this pass",
      // and a reader bug on one odd frame must not stop the camera either.
      return null;
    } finally {
      qr.reset();
    }
  };

  const decodeQr = (binarizer: Binarizer | null) =>
    binarizer ? attempt(() => qr.decode(new BinaryBitmap(binarizer))) : null;

  const decodeLinear = (source: LuminanceSource, formats: readonly DecodeFormat[]) => {
    const reader = oneDReaderFor(formats);
    // Row scans binarize row by row with the global-histogram method whatever
    // the bitmap's binarizer (HybridBinarizer only overrides the 2D matrix), so
    // one 1D pass is all a second binarizer could give: don't pay for it twice.
    return reader
      ? attempt(() => reader.decode(new BinaryBitmap(new GlobalHistogramBinarizer(source))))
      : null;
  };

  return {
    engine: 'zxing-library',
    decode(frame: Frame, hints?: DecodeHints) {
      const started = performance.now();
      const formats = hints?.formats?.length ? hints.formats : ALL_DECODE_FORMATS;
      luminance = toLuminance(frame, luminance);
      const source = new RGBLuminanceSource(luminance, frame.width, frame.height);
      const wantsQr = formats.includes('qr');
      // The library reports "not here" by throwing, dozens of times a frame;
      // capturing a stack for each was about half the cost of an empty frame
      // (measured: CPU p50 12.7 → 7.2 ms). Decoding is synchronous, so the
      // limit is restored before anything else runs.
      const stackTraceLimit = V8Error.stackTraceLimit;
      V8Error.stackTraceLimit = 0;
      let result: Result | null;
      try {
        // 1D first (a row scan is cheap), then QR on the HybridBinarizer's matrix,
        // then QR on the GlobalHistogramBinarizer's where Hybrid found nothing.
        result =
          decodeLinear(source, formats) ??
          decodeQr(wantsQr ? new HybridBinarizer(source) : null) ??
          decodeQr(wantsQr ? new GlobalHistogramBinarizer(source) : null);
      } finally {
        V8Error.stackTraceLimit = stackTraceLimit;
      }
      const format = result ? FROM_ZXING.get(result.getBarcodeFormat()) : undefined;
      if (!result || !format) return Promise.resolve(null);
      return Promise.resolve({
        text: result.getText(),
        format,
        engine: 'zxing-library',
        ms: performance.now() - started,
      });
    },
    dispose() {
      oneDReaders.clear();
      luminance = undefined;
    },
  };
}
