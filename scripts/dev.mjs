// npm run dev: Vite's dev server for the renderer (hot reload), esbuild watching
// the main process and preload, and Electron pointed at the dev server through
// LINLI_DEV_SERVER_URL. A change to electron/ (or what it imports) restarts Electron;
// renderer changes reload in place. Closing the window stops everything.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { createServer } from 'vite';
import { electronBuildOptions } from './build-electron.mjs';
import { findElectronBinary, missingElectronMessage } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const found = findElectronBinary(root);
if (!found.ok) {
  process.stderr.write(missingElectronMessage(found.expected));
  process.exit(1);
}
const electronBinary = found.path;

const vite = await createServer({ configFile: `${root}renderer/vite.config.ts`, mode: 'development' });
await vite.listen();
const devServerUrl = (vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/').replace(/\/$/, '');
vite.printUrls();

/** @type {import('node:child_process').ChildProcess | null} */
let electron = null;
let restarting = false;
let stopping = false;

function startElectron() {
  electron = spawn(electronBinary, ['.'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'development', LINLI_DEV_SERVER_URL: devServerUrl },
  });
  electron.on('exit', (code) => {
    electron = null;
    if (restarting) {
      restarting = false;
      startElectron();
    } else void stop(code ?? 0);
  });
}

let timer = null;
function restartElectron() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (!electron) return startElectron();
    console.log('dev: electron/ changed, restarting Electron');
    restarting = true;
    electron.kill();
  }, 150);
}

let firstBuilds = 0;
const targets = electronBuildOptions();
const restartOnRebuild = {
  name: 'restart-electron',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      if (firstBuilds < targets.length) {
        firstBuilds += 1;
        if (firstBuilds === targets.length) startElectron();
      } else restartElectron();
    });
  },
};
const contexts = await Promise.all(
  targets.map((options) => context({ ...options, plugins: [...(options.plugins ?? []), restartOnRebuild] })),
);
await Promise.all(contexts.map((ctx) => ctx.watch()));

async function stop(code) {
  if (stopping) return;
  stopping = true;
  electron?.kill();
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  await vite.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
