import type { DecoderEngineName } from './types';

/**
 * The camera's default engine, chosen by benchmark B2 (`npm run bench -- B2`):
 * the engine that reads more of the generated frames within the budget
 * (p50 ≤ 5 ms, p95 ≤ 15 ms a 640×480 frame, frames without a code included).
 *
 * Measured 2026-11-24 on the shared 2-core EPYC box, 96 frames (72 with a QR,
 * Code 128 or EAN-13 code, 24 without) × 3 timed rounds, each engine alone in
 * a worker thread, the same frames for both:
 *
 *                   read        wall p50/p95 (load ~4)   thread CPU p50/p95 (load ~10)
 *   zxing-wasm      65/72 90 %  3.7 / 13.0 ms            3.8 / 8.5 ms
 *   zxing-library   44/72 61 %  20.5 / 45.9 ms *         5.6 / 10.8 ms
 *
 * (* before its stack-capture fix; other work kept the load average at 4–13
 * all session, which doubles or triples wall times, so B2 also prints thread
 * CPU time.) Neither engine misread a code or found one in an empty frame.
 * zxing-wasm reads far more (noisy 8 vs 4 of 12, small 9 vs 3, glare 12 vs 7)
 * within budget; @zxing/library stays tested (engines.test.ts) and selectable.
 */
export const DEFAULT_DECODER_ENGINE: DecoderEngineName = 'zxing-wasm';
