import { isProductFormat, type DecodeResult } from './types';

/**
 * The consecutive-agreement filter between the decoder and the counter. Both
 * engines produce rare checksum-valid misreads of EAN/UPC codes (a digit pair
 * that swaps and still sums right), so a product barcode counts only when two
 * consecutive frames read the same text. QR and Code 128 carry strong checks
 * (Reed–Solomon; mod-103) and the pickup token is signed, so they count at once.
 * The same code held in view is reported once, until it leaves the view.
 */
export interface AgreementFilter {
  /** Feed every frame's result (null for "no code"); returns a result to act on, or null. */
  push(result: DecodeResult | null): DecodeResult | null;
  reset(): void;
}

export interface AgreementOptions {
  /** Whether a result needs a second, agreeing frame. Default: EAN-13/EAN-8/UPC-A. */
  needsAgreement?: (result: DecodeResult) => boolean;
  /** Empty frames after which the same code may be reported again. Default 3. */
  forgetAfterEmptyFrames?: number;
}

export function createAgreementFilter({
  needsAgreement = (r) => isProductFormat(r.format),
  forgetAfterEmptyFrames = 3,
}: AgreementOptions = {}): AgreementFilter {
  let previous: DecodeResult | null = null;
  let reported: string | null = null;
  let emptyFrames = 0;

  const key = (r: DecodeResult) => `${r.format}\u0000${r.text}`;

  return {
    push(result) {
      if (!result) {
        previous = null;
        emptyFrames += 1;
        if (emptyFrames >= forgetAfterEmptyFrames) reported = null;
        return null;
      }
      emptyFrames = 0;
      const agreed = !needsAgreement(result) || (previous !== null && key(previous) === key(result));
      previous = result;
      if (!agreed || reported === key(result)) return null;
      reported = key(result);
      return result;
    },
    reset() {
      previous = null;
      reported = null;
      emptyFrames = 0;
    },
  };
}
