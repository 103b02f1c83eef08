import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { machine, type Benchmark } from './harness';

/**
 * `npm run bench -- [ids…]`: runs the named benchmarks (all when none named) and
 * prints one JSON object per line: {id, metric, value, unit, budget, ok, machine}.
 * Benchmarks live in bench/*.bench.ts and export `benchmarks: Benchmark[]`.
 */
async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const all: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, import.meta.url).href)) as { benchmarks?: Benchmark[] };
    all.push(...(mod.benchmarks ?? []));
  }
  return all;
}

async function main() {
  const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
  const all = await loadBenchmarks();
  const chosen = wanted.length ? all.filter((b) => wanted.includes(b.id.toLowerCase())) : all;
  const unknown = wanted.filter((w) => !all.some((b) => b.id.toLowerCase() === w));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.map((b) => b.id).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const info = machine();
  for (const bench of chosen) {
    console.error(`# ${bench.id}: ${bench.title}`);
    const results = await bench.run();
    for (const r of results) {
      console.log(JSON.stringify({ id: bench.id, ...r, machine: info }));
    }
  }
}

await main();
