// Bundles the Electron main process and preload with esbuild:
//   electron/main/index.ts    → dist/electron/main.cjs
//   electron/preload/index.ts → dist/electron/preload.cjs
//   electron/demo-hq/child.ts → dist/electron/demo-hq.cjs (the demo HQ's utility process)
// Both CommonJS: a sandboxed preload cannot load ES modules (it may only require
// 'electron'), and one format for both keeps it simple. `electron` stays external.
// Run directly (npm run build:electron) or imported by scripts/dev.mjs.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** esbuild options for the two bundles. */
export function electronBuildOptions({ production = false } = {}) {
  /** @type {import('esbuild').BuildOptions} */
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // PGlite (the demo HQ's database) finds its .wasm and data files beside its own
    // module: it stays in node_modules, which electron-builder ships.
    external: ['electron', '@electric-sql/pglite'],
    alias: { '@shared': path.join(root, 'shared') },
    sourcemap: 'linked',
    minify: production,
    legalComments: 'none',
    logLevel: 'info',
  };
  return [
    {
      ...common,
      entryPoints: [path.join(root, 'electron/main/index.ts')],
      outfile: path.join(root, 'dist/electron/main.cjs'),
      target: 'node22',
    },
    {
      ...common,
      entryPoints: [path.join(root, 'electron/preload/index.ts')],
      outfile: path.join(root, 'dist/electron/preload.cjs'),
      target: 'chrome130',
    },
    {
      ...common,
      entryPoints: [path.join(root, 'electron/demo-hq/child.ts')],
      outfile: path.join(root, 'dist/electron/demo-hq.cjs'),
      target: 'node22',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const production = process.env.NODE_ENV === 'production' || process.argv.includes('--production');
  await Promise.all(electronBuildOptions({ production }).map((options) => build(options)));
}
