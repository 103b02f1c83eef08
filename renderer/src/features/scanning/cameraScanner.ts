import { parseCode, type ParsedCode, type ParseOptions } from '@shared/codes/parse';
import { createAgreementFilter, type AgreementOptions } from './decoder/agreement';
import type { DecodeHints, DecodeResult, Frame, FrameDecoder } from './decoder/types';

export interface CameraScannerOptions {
  /** Usually `createWorkerDecoder({ engine: DEFAULT_DECODER_ENGINE })`. */
  decoder: FrameDecoder & { readonly busy?: boolean };
  /** Called like the wedge's onScan: once per accepted code, already parsed. */
  onScan: (parsed: ParsedCode, read: DecodeResult) => void;
  parse?: ParseOptions;
  hints?: DecodeHints;
  agreement?: AgreementOptions;
}

export interface CameraScanner {
  /**
   * Offer a frame (e.g. `ctx.getImageData` of the detection area each
   * animation frame). Dropped when the decoder is still busy with the last one,
   * so a slow frame never builds a queue. Resolves once handled.
   */
  offer(frame: Frame): Promise<void>;
  /** Forget agreement state (camera switched, screen changed). */
  reset(): void;
}

/**
 * Camera frames → decoder → consecutive-agreement filter → the one code parser,
 * ending in the same `onScan(parsed)` the keyboard wedge calls.
 */
export function createCameraScanner({
  decoder,
  onScan,
  parse,
  hints,
  agreement,
}: CameraScannerOptions): CameraScanner {
  const filter = createAgreementFilter(agreement);
  let inFlight = false;
  return {
    async offer(frame) {
      if (inFlight || decoder.busy) return;
      inFlight = true;
      try {
        const accepted = filter.push(await decoder.decode(frame, hints));
        if (accepted) onScan(parseCode(accepted.text, parse), accepted);
      } finally {
        inFlight = false;
      }
    },
    reset: () => filter.reset(),
  };
}
