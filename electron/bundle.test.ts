import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from 'esbuild';
import { FakeBrowserWindow, fakeElectron } from './main/test-support';

// Builds the real bundles (same options as `npm run build:electron`) into a
// temporary folder and runs main.cjs against fake Electron objects: what ships
// starts, registers app:// before ready, and opens a hardened window.

interface BuildScript {
  electronBuildOptions(options?: { production?: boolean }): BuildOptions[];
}

let out: string;
let mainFile: string;
let preloadFile: string;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bundle-'));
  const script = (await import(
    // @ts-expect-error -- a plain .mjs build script without type declarations
    '../scripts/build-electron.mjs'
  )) as BuildScript;
  const [main, preload] = script.electronBuildOptions({ production: true });
  mainFile = path.join(out, 'main.cjs');
  preloadFile = path.join(out, 'preload.cjs');
  await build({ ...main, outfile: mainFile, logLevel: 'silent' });
  await build({ ...preload, outfile: preloadFile, logLevel: 'silent' });
}, 60_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Every module a bundle requires at run time. */
function requiredModules(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [
    ...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? '')),
  ].sort();
}

describe('bundles', () => {
  it('the sandboxed preload requires nothing but electron', () => {
    expect(requiredModules(preloadFile)).toEqual(['electron']);
    // Types only from the contract: no zod in the preload.
    expect(fs.statSync(preloadFile).size).toBeLessThan(10_000);
  });

  it('the main bundle requires only electron, Node built-ins and PGlite (a shipped dependency)', () => {
    // Not run-time requires: pg's optional native binding (loaded only when asked for)
    // and the code that fastify's schema compilers (ajv, fast-json-stringify) generate as text.
    const notLoaded = (name: string) =>
      name === 'pg-native' || /^(ajv|ajv-formats|fast-json-stringify)\//.test(name);
    const external = requiredModules(mainFile).filter((name) => name !== 'electron' && !notLoaded(name));
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of external) {
      if (name === '@electric-sql/pglite') expect(pkg.dependencies).toHaveProperty([name]);
      else expect(Module.isBuiltin(name), name).toBe(true);
    }
  });

  it('main.cjs starts against Electron: scheme before ready, then a sandboxed window on app://', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bundle-data-'));
    const electron = fakeElectron(userData);
    const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron.deps : original.call(this, request, ...rest);
    };
    // A packaged app: no dev server, whatever the environment says.
    (electron.app as unknown as { isPackaged: boolean }).isPackaged = true;
    try {
      createRequire(import.meta.url)(mainFile);
    } finally {
      loader._load = original;
    }
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(electron.app.sandboxEnabled).toBe(true);
    await electron.app.makeReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [window] = FakeBrowserWindow.instances;
    expect(window?.loadedUrl).toBe('app://linli/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      devTools: false,
      preload: preloadFile,
    });
    expect(electron.protocol.handlers.has('app')).toBe(true);
    expect(fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8')).toContain('INFO starting');
    fs.rmSync(userData, { recursive: true, force: true });
  });
});
