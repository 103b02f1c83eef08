import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Runs the real start script with Electron's binary absent: ELECTRON_OVERRIDE_DIST_PATH
// names an empty folder, so the test behaves the same where the binary was downloaded.
function startWithoutElectron(script: string) {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-no-electron-'));
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { ...result, ms: Date.now() - started, empty };
}

describe('npm start where Electron’s binary is missing', () => {
  it.each(['scripts/start.mjs', 'scripts/dev.mjs'])(
    '%s says what to do in one screenful, without a stack trace or a build',
    (script) => {
      const { status, stdout, stderr, ms, empty } = startWithoutElectron(script);
      const text = stdout + stderr;
      expect(status).toBe(1);
      expect(text).toContain(empty);
      expect(text).toContain('node node_modules/electron/install.js');
      expect(text).toContain('ELECTRON_MIRROR=');
      expect(text).toContain('npm run web');
      expect(text).toMatch(/Electron 的程序文件不在本机/);
      expect(text).not.toMatch(/^\s+at /m);
      expect(text).not.toMatch(/failed to install correctly/);
      expect(text.trim().split('\n').length).toBeLessThanOrEqual(24);
      // It stops before building: a renderer build takes far longer than this.
      expect(ms).toBeLessThan(10_000);
    },
  );

  it('finds a binary that is there, and only then', async () => {
    const { findElectronBinary } = await import('../scripts/electron-binary.mjs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-electron-'));
    const pathTxt = path.join(root, 'node_modules/electron/path.txt');
    const executable = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : 'electron';
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({
      ok: false,
      expected: path.join(dir, executable),
    });
    fs.mkdirSync(path.dirname(path.join(dir, executable)), { recursive: true });
    fs.writeFileSync(path.join(dir, executable), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({
      ok: true,
      path: path.join(dir, executable),
    });
  });
});
