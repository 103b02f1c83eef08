import { fork } from 'node:child_process';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
let demoHqFile: string;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bundle-'));
  const script = (await import(
    // @ts-expect-error -- a plain .mjs build script without type declarations
    '../scripts/build-electron.mjs'
  )) as BuildScript;
  const [main, preload, demoHq] = script.electronBuildOptions({ production: true });
  mainFile = path.join(out, 'main.cjs');
  preloadFile = path.join(out, 'preload.cjs');
  demoHqFile = path.join(out, 'demo-hq.cjs');
  await build({ ...main, outfile: mainFile, logLevel: 'silent' });
  await build({ ...preload, outfile: preloadFile, logLevel: 'silent' });
  await build({ ...demoHq!, outfile: demoHqFile, logLevel: 'silent' });
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

  it('the main bundle requires only electron and Node built-ins: no central, PGlite or fastify', () => {
    expect(
      requiredModules(mainFile).filter((name) => name !== 'electron' && !Module.isBuiltin(name)),
    ).toEqual([]);
    // The demo HQ runs in a utility process; none of its server code is on the main thread.
    const code = fs.readFileSync(mainFile, 'utf8');
    expect(code).not.toMatch(/fastify|FST_ERR|pglite/i);
  });

  it('the demo HQ bundle requires only Node built-ins and PGlite (a shipped dependency)', () => {
    // Not run-time requires: pg's optional native binding (loaded only when asked for)
    // and the code that fastify's schema compilers (ajv, fast-json-stringify) generate as text.
    const notLoaded = (name: string) =>
      name === 'pg-native' || /^(ajv|ajv-formats|fast-json-stringify)\//.test(name);
    const external = requiredModules(demoHqFile).filter((name) => !notLoaded(name));
    expect(external).toContain('@electric-sql/pglite');
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

  const root = () => path.dirname(fileURLToPath(new URL('../package.json', import.meta.url)));

  it('demo-hq.cjs serves the reference central from its own process and stops cleanly', async () => {
    // Electron's utilityProcess gives the child `process.parentPort`; this shim gives a
    // Node child the same over its IPC channel, so the shipped bundle itself runs.
    const shim = path.join(out, 'parent-port-shim.cjs');
    fs.writeFileSync(
      shim,
      `process.parentPort = {
        on: (event, listener) => process.on(event, (data) => listener({ data })),
        postMessage: (message) => process.send(message),
      };`,
    );
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-demo-hq-child-'));
    const child = fork(demoHqFile, [], {
      execArgv: ['--require', shim],
      cwd: root(),
      stdio: 'pipe',
      // The bundle is built in a temporary folder; PGlite is found where the app ships it.
      env: { ...process.env, NODE_PATH: path.join(root(), 'node_modules') },
    });
    const replies: unknown[] = [];
    const next = () =>
      new Promise<{ type: string; url?: string; message?: string }>((resolve) =>
        child.once('message', (m) => {
          replies.push(m);
          resolve(m as { type: string; url?: string });
        }),
      );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const started = next();
      child.send({ type: 'start', dataDir, host: '127.0.0.1', port: 0 });
      const reply = await started;
      expect(reply, JSON.stringify(reply)).toMatchObject({ type: 'started' });
      expect(reply.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${reply.url}/v1/health`);
      expect(health.status).toBe(200);
      expect(child.pid).not.toBe(process.pid);
      const stopped = next();
      child.send({ type: 'stop' });
      expect(await stopped).toEqual({ type: 'stopped' });
      expect(await exited).toBe(0);
    } finally {
      child.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
