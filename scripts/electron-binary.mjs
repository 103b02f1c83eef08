// Finds Electron's binary without triggering its download: requiring the
// `electron` package when the binary is absent starts a download and, where that
// is blocked, ends in a stack trace ("Electron failed to install correctly").
// `npm start` and `npm run dev` check first and explain in one screenful.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** @returns {{ ok: true, path: string } | { ok: false, expected: string | null }} */
export function findElectronBinary(root, env = process.env) {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const full = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(full) ? { ok: true, path: full } : { ok: false, expected: full };
  }
  if (!executable) return { ok: false, expected: null };
  const full = path.join(dir, 'dist', executable);
  return existsSync(full) ? { ok: true, path: full } : { ok: false, expected: full };
}

export function missingElectronMessage(expected) {
  return [
    '',
    'Electron 的程序文件不在本机（安装时没有下载成功）。',
    "Electron's binary is not on this machine: it was not downloaded when the packages were installed.",
    expected
      ? `  looked for: ${expected}`
      : '  (node_modules/electron has no path.txt: the download never finished)',
    '',
    'To fetch it again:',
    '  node node_modules/electron/install.js',
    '  (or: rm -rf node_modules/electron && npm install)',
    '',
    'Where the default download is blocked (common in mainland China), point it at a',
    'mirror of Electron releases that your network reaches, then fetch again:',
    '  ELECTRON_MIRROR=<mirror URL ending in />  node node_modules/electron/install.js',
    '',
    'Meanwhile the same app runs in a browser, on the built-in demo HQ:',
    '  npm run web      → http://127.0.0.1:5173',
    '',
  ].join('\n');
}
