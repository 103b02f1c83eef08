import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { chooseDefaultEngine, DECODE_BUDGET, withinBudget, type EngineFigures } from './decode/choose';
import {
  rendererModule,
  type DefaultEngineModule,
  type EngineName,
  type FramesModule,
  type SyntheticFrameLike,
  type WorkerRequest,
  type WorkerResponse,
} from './decode/protocol';
import { percentile, result, type Benchmark, type BenchResult } from './harness';

const ENGINES: readonly EngineName[] = ['zxing-wasm', 'zxing-library'];
/** Timed passes over the whole frame set per engine (after one warm-up pass). */
const ROUNDS = 3;

function wasmBinary(): ArrayBuffer {
  const bytes = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** All frames in one SharedArrayBuffer: both engines' workers read the same bytes, nothing is copied. */
function shareFrames(frames: readonly SyntheticFrameLike[]) {
  const total = frames.reduce((n, f) => n + f.frame.data.length, 0);
  const pixels = new SharedArrayBuffer(total);
  const offsets: number[] = [];
  let offset = 0;
  for (const f of frames) {
    new Uint8ClampedArray(pixels, offset, f.frame.data.length).set(f.frame.data);
    offsets.push(offset);
    offset += f.frame.data.length;
  }
  return { pixels, offsets };
}

interface EngineRun {
  engine: EngineName;
  decodeMs: number[];
  cpuMs: number[];
  emptyMs: number[];
  codeMs: number[];
  roundTripMs: number[];
  read: number;
  misread: number;
  falsePositive: number;
  byVariant: Record<string, { frames: number; read: number }>;
}

async function runEngine(
  engine: EngineName,
  frames: readonly SyntheticFrameLike[],
  shared: ReturnType<typeof shareFrames>,
): Promise<EngineRun> {
  const worker = new Worker(new URL('./decode/worker.ts', import.meta.url));
  const waiting = new Map<number | 'init', (r: WorkerResponse) => void>();
  worker.on('message', (message: WorkerResponse) => {
    const key = message.type === 'ready' ? 'init' : (message.id ?? 'init');
    waiting.get(key)?.(message);
    waiting.delete(key);
  });
  const ask = (request: WorkerRequest) =>
    new Promise<WorkerResponse>((resolve) => {
      waiting.set(request.type === 'init' ? 'init' : request.id, resolve);
      worker.postMessage(request);
    });

  try {
    const ready = await ask({
      type: 'init',
      engine,
      ...(engine === 'zxing-wasm' && { wasmBinary: wasmBinary() }),
    });
    if (ready.type !== 'ready')
      throw new Error(`${engine}: ${ready.type === 'error' ? ready.message : 'no ready'}`);

    const run: EngineRun = {
      engine,
      decodeMs: [],
      cpuMs: [],
      emptyMs: [],
      codeMs: [],
      roundTripMs: [],
      read: 0,
      misread: 0,
      falsePositive: 0,
      byVariant: {},
    };
    let id = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [i, f] of frames.entries()) {
        const sent = performance.now();
        const answer = await ask({
          type: 'decode',
          id: ++id,
          width: f.frame.width,
          height: f.frame.height,
          pixels: shared.pixels,
          offset: shared.offsets[i] ?? 0,
        });
        const roundTrip = performance.now() - sent;
        if (answer.type !== 'result')
          throw new Error(`${engine}: ${answer.type === 'error' ? answer.message : '?'}`);
        if (round === 0) {
          // The warm-up pass (JIT, wasm tier-up) counts for reading, not for timing.
          if (f.expected === null) {
            if (answer.text !== null) run.falsePositive += 1;
            continue;
          }
          const cell = (run.byVariant[f.variant] ??= { frames: 0, read: 0 });
          cell.frames += 1;
          if (answer.text === f.expected) {
            cell.read += 1;
            run.read += 1;
          } else if (answer.text !== null) {
            run.misread += 1;
          }
          continue;
        }
        run.decodeMs.push(answer.ms);
        run.cpuMs.push(answer.cpuMs);
        run.roundTripMs.push(roundTrip);
        (f.expected === null ? run.emptyMs : run.codeMs).push(answer.ms);
      }
    }
    return run;
  } finally {
    await worker.terminate();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * B2: decode 640×480 camera frames off the main thread with both engines, on
 * the same generated frames (sharp, noisy, blurred, rotated, small, phone
 * screen with glare, and frames with no code) in the same run.
 */
const b2: Benchmark = {
  id: 'B2',
  title: 'camera frame decode in a worker: zxing-wasm vs @zxing/library',
  async run() {
    const { makeFrameSet } = (await import(rendererModule('testing/syntheticFrames.ts'))) as FramesModule;
    const { DEFAULT_DECODER_ENGINE } = (await import(
      rendererModule('defaultEngine.ts')
    )) as DefaultEngineModule;
    const generated = performance.now();
    const frames = makeFrameSet({ seed: 2026, perCell: 4, empty: 24 });
    console.error(
      `# B2: ${frames.length} frames generated in ${Math.round(performance.now() - generated)} ms`,
    );
    const shared = shareFrames(frames);
    const codeFrames = frames.filter((f) => f.expected !== null).length;

    // One engine at a time, so they never compete for the two cores.
    const runs: EngineRun[] = [];
    for (const engine of ENGINES) runs.push(await runEngine(engine, frames, shared));

    const figures: EngineFigures[] = runs.map((r) => ({
      engine: r.engine,
      p50Ms: percentile(r.decodeMs, 50),
      p95Ms: percentile(r.decodeMs, 95),
      readRate: r.read / codeFrames,
    }));
    const recommended = chooseDefaultEngine(figures);
    const wasmRate = figures.find((f) => f.engine === 'zxing-wasm')?.readRate ?? 0;

    const out: BenchResult[] = [];
    for (const r of runs) {
      const f = figures.find((x) => x.engine === r.engine)!;
      const isDefault = r.engine === DEFAULT_DECODER_ENGINE;
      const extra = {
        engine: r.engine,
        default: isDefault,
        frames: frames.length,
        framesWithCode: codeFrames,
        rounds: ROUNDS,
        emptyP50Ms: round2(percentile(r.emptyMs, 50)),
        emptyP95Ms: round2(percentile(r.emptyMs, 95)),
        codeP50Ms: round2(percentile(r.codeMs, 50)),
        codeP95Ms: round2(percentile(r.codeMs, 95)),
        roundTripP50Ms: round2(percentile(r.roundTripMs, 50)),
        // Thread CPU time per decode: the wall figures above grow when other work
        // shares the two cores; these show what the engine itself costs.
        cpuP50Ms: round2(percentile(r.cpuMs, 50)),
        cpuP95Ms: round2(percentile(r.cpuMs, 95)),
        loadAverage1m: round2(os.loadavg()[0] ?? 0),
        read: r.read,
        misread: r.misread,
        falsePositives: r.falsePositive,
        byVariant: r.byVariant,
      };
      out.push(
        result(
          `decode p50 ${r.engine}`,
          f.p50Ms,
          'ms',
          isDefault ? { max: DECODE_BUDGET.p50Ms } : undefined,
          extra,
        ),
        result(`decode p95 ${r.engine}`, f.p95Ms, 'ms', isDefault ? { max: DECODE_BUDGET.p95Ms } : undefined),
        result(
          `read rate ${r.engine}`,
          f.readRate * 100,
          '%',
          isDefault ? { min: wasmRate * 100 } : undefined,
        ),
        result(`decode cpu p50 ${r.engine}`, percentile(r.cpuMs, 50), 'ms'),
        result(`decode cpu p95 ${r.engine}`, percentile(r.cpuMs, 95), 'ms'),
      );
    }
    const chosen = figures.find((f) => f.engine === DEFAULT_DECODER_ENGINE);
    out.push({
      metric: 'default engine',
      value: recommended === DEFAULT_DECODER_ENGINE ? 1 : 0,
      unit: 'agrees',
      budget: `DEFAULT_DECODER_ENGINE = ${DEFAULT_DECODER_ENGINE}; this run recommends ${recommended}`,
      ok: recommended === DEFAULT_DECODER_ENGINE && chosen !== undefined && withinBudget(chosen),
    });
    return out;
  },
};

export const benchmarks: Benchmark[] = [b2];
