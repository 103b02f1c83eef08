#!/usr/bin/env node
// `npm start`: build, then launch Electron on the built app. Checks for
// Electron's binary first so a machine without it gets instructions, not a
// stack trace, and no build is wasted.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, missingElectronMessage } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = findElectronBinary(root);
if (!electron.ok) {
  process.stderr.write(missingElectronMessage(electron.expected));
  process.exit(1);
}

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code) => resolve(code ?? 1));
  });

const built = await run('npm', ['run', 'build']);
if (built !== 0) process.exit(built);
process.exit(await run(electron.path, ['.']));
