import type { DecoderEngineName } from './types';

/**
 * The camera's default engine, chosen by benchmark B2 (`npm run bench -- B2`):
 * the engine that reads more of the generated frames within the budget
 * (p50 ≤ 5 ms, p95 ≤ 15 ms a 640×480 frame, frames without a code included).
 *
 * Measured 2026-11-24 on the shared 2-core EPYC box (load average ~4 from other
 * work, so absolute times are pessimistic), 96 frames × 3 timed rounds, each
 * engine alone in a worker thread:
 *   zxing-wasm     p50 3.7 ms, p95 13.0 ms, read 65/72 (90 %), 0 misreads,
 *                  0 false positives; frames without a code p50 7.2 ms
 *   zxing-library  p50 20.5 ms, p95 45.9 ms, read 44/72 (61 %), 0 misreads,
 *                  0 false positives; frames without a code p50 24.9 ms
 * zxing-wasm is within budget and reads more; @zxing/library stays tested
 * (engines.test.ts) and selectable for hosts without WebAssembly.
 */
export const DEFAULT_DECODER_ENGINE: DecoderEngineName = 'zxing-wasm';
