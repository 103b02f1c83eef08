#!/usr/bin/env node
// `npm run web`: the renderer in a browser at http://127.0.0.1:5173, served from
// the production build with the same CSP Electron sends, beside the reference
// central (demo data, admin enabled) on http://127.0.0.1:8787 once it exists.
// Flags: --no-build (serve the existing dist/renderer), --no-central.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const children = [];

function run(cmd, argv, opts = {}) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  children.push(child);
  return child;
}

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

if (!args.has('--no-build')) {
  const build = run(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
  const code = await new Promise((resolve) => build.on('exit', resolve));
  if (code !== 0) stopAll(code ?? 1);
}

const centralCli = `${root}central/src/cli.ts`;
if (!args.has('--no-central') && existsSync(centralCli)) {
  const central = run(bin('tsx'), [
    centralCli,
    // demo data and the demo terminal keys (demo-key-T1 …): a real HQ is provisioned with `init`
    '--demo',
    '--log-level',
    'warn',
    '--memory',
    '--enable-admin',
    '--port',
    '8787',
    '--host',
    '127.0.0.1',
  ]);
  central.on('exit', (code) => {
    console.error(`central exited (${code}); stopping`);
    stopAll(code ?? 1);
  });
}

const preview = run(bin('vite'), ['preview', '--config', 'renderer/vite.config.ts']);
preview.on('exit', (code) => stopAll(code ?? 0));
console.log('Linli Counter (web): http://127.0.0.1:5173');
