/**
 * Scanning input for every screen that takes a code. Both inputs end in the
 * same callback with a `ParsedCode` from the one parser (@shared/codes/parse):
 *
 *   Keyboard wedge:  useWedgeScanner({ onScan, scanner: settings.scanner, parse: { context: 'counter' } })
 *
 *   Camera:          const decoder = createWorkerDecoder({ engine: DEFAULT_DECODER_ENGINE });
 *                    const camera = createCameraScanner({ decoder, onScan });
 *                    each video frame: camera.offer(ctx.getImageData(…));  on unmount: decoder.dispose()
 */
export { useWedgeScanner, removeScannedText, type UseWedgeScannerOptions } from './useWedgeScanner';
export { createCameraScanner, type CameraScanner, type CameraScannerOptions } from './cameraScanner';
export {
  createWorkerDecoder,
  type WorkerFrameDecoder,
  type WorkerDecoderOptions,
} from './decoder/decoderClient';
export { createAgreementFilter, type AgreementFilter } from './decoder/agreement';
export { DEFAULT_DECODER_ENGINE } from './decoder/defaultEngine';
export type {
  DecodeFormat,
  DecodeHints,
  DecodeResult,
  DecoderEngineName,
  Frame,
  FrameDecoder,
} from './decoder/types';
