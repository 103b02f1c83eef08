// Bundles the Electron main process and preload with esbuild:
//   electron/main/index.ts    → dist/electron/main.cjs
//   electron/preload/index.ts → dist/electron/preload.cjs
// Both CommonJS: a sandboxed preload cannot load ES modules, and one format keeps it simple.
// `--watch` rebuilds on change (used by scripts/dev.mjs).
import { context, build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
const production = process.env.NODE_ENV === 'production' || process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  alias: { '@shared': path.join(root, 'shared') },
  sourcemap: 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

const targets = [
  {
    ...common,
    entryPoints: [path.join(root, 'electron/main/index.ts')],
    outfile: path.join(root, 'dist/electron/main.cjs'),
  },
  {
    ...common,
    // The preload runs in Chromium's sandbox: no Node built-ins besides what Electron polyfills.
    entryPoints: [path.join(root, 'electron/preload/index.ts')],
    outfile: path.join(root, 'dist/electron/preload.cjs'),
    target: 'chrome130',
  },
];

if (watch) {
  for (const options of targets) await (await context(options)).watch();
  console.log('build-electron: watching electron/ and shared/');
} else {
  await Promise.all(targets.map((options) => build(options)));
}
