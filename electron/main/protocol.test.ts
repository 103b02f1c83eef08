import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@shared/settings';
import {
  appSchemePrivileges,
  contentTypeFor,
  createAppRequestHandler,
  cspForSettings,
  registerAppScheme,
  resolveAppPath,
} from './protocol';

// Escapes tried against the root: raw, percent-encoded (any case), double-encoded,
// backslashes, null bytes, drive letters and UNC-ish paths, other hosts.
const ESCAPES = [
  'app://linli/../secret.txt',
  'app://linli/../../secret.txt',
  'app://linli/%2e%2e/secret.txt',
  'app://linli/%2E%2E/secret.txt',
  'app://linli/.%2e/secret.txt',
  'app://linli/%2e%2e%2fsecret.txt',
  'app://linli/..%2fsecret.txt',
  'app://linli/..%2Fsecret.txt',
  'app://linli/assets/..%2f..%2fsecret.txt',
  'app://linli/..%5csecret.txt',
  'app://linli/..\\secret.txt',
  'app://linli/assets\\..\\..\\secret.txt',
  'app://linli/%252e%252e/secret.txt',
  'app://linli/index.html%00.png',
  'app://linli/%00',
  'app://linli/C:/Windows/win.ini',
  'app://linli/c:%5cWindows%5cwin.ini',
  'app://linli//etc/passwd',
  'app://linli/%2fetc%2fpasswd',
  'app://linli/%',
  'app://other/index.html',
  'app://linli@evil/index.html',
  'file:///etc/passwd',
];

let dir: string;
let root: string;
let secret: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-protocol-'));
  root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>shell</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'worker.mjs'), 'export {}');
  fs.writeFileSync(path.join(root, 'assets', 'zxing.wasm'), Buffer.from([0, 97, 115, 109]));
  secret = 'TOP-SECRET-' + Math.random();
  fs.writeFileSync(path.join(dir, 'secret.txt'), secret);
  fs.writeFileSync(path.join(dir, 'renderer-evil.txt'), secret);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const csp = () => cspForSettings({ ...defaultSettings(), hqUrl: 'https://hq.linli.example:8443/api' });
const get = (url: string, method = 'GET') => createAppRequestHandler({ root, csp })(fakeRequest(url, method));

/** A Request-like object: Node's Request rejects non-http URLs, Electron's does not. */
function fakeRequest(url: string, method = 'GET'): Request {
  return { url, method, headers: new Headers() } as unknown as Request;
}

describe('app:// scheme', () => {
  it('is registered privileged: standard, secure, fetch, CORS, stream — never bypassCSP', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) });
    expect(calls).toEqual([[appSchemePrivileges]]);
    expect(appSchemePrivileges).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
    });
  });
});

describe('resolveAppPath', () => {
  it.each(ESCAPES)('keeps %s inside the root or refuses it', (url) => {
    const resolved = resolveAppPath(root, url);
    if (resolved.ok) {
      expect(resolved.file === root || resolved.file.startsWith(root + path.sep)).toBe(true);
    } else {
      expect([400, 403, 404]).toContain(resolved.status);
    }
  });

  it('refuses encoded parent segments outright', () => {
    for (const url of [
      'app://linli/..%2fsecret.txt',
      'app://linli/..%5csecret.txt',
      'app://linli/a/..%2f..%2fx',
    ]) {
      expect(resolveAppPath(root, url).ok).toBe(false);
    }
  });

  // Each check on its own: these would stay inside the root on POSIX, but are refused
  // outright (on Windows a backslash or a drive letter is a way out).
  it.each([
    ['app://linli/assets/..%2findex.html', 403],
    ['app://linli/assets/%2e%2e%2Findex.html', 403],
    ['app://linli/assets%5c..%5cindex.html', 400],
    ['app://linli/index.html%00', 400],
    ['app://linli/C:/renderer/index.html', 403],
    ['app://linli/%E0%A4%A', 400],
  ])('refuses %s outright', (url, status) => {
    expect(resolveAppPath(root, url)).toMatchObject({ ok: false, status });
  });

  it('maps ordinary paths', () => {
    expect(resolveAppPath(root, 'app://linli/assets/app.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'app.js'),
      route: false,
    });
    expect(resolveAppPath(root, 'app://linli/counter')).toMatchObject({ ok: true, route: true });
    expect(resolveAppPath(root, 'app://linli/%E9%82%BB.png')).toMatchObject({
      ok: true,
      file: path.join(root, '邻.png'),
    });
  });
});

describe('app:// handler', () => {
  it.each(ESCAPES)('never serves a file outside the root for %s', async (url) => {
    const response = await get(url);
    const body = await response.text();
    expect(body).not.toContain(secret);
    expect(body).not.toContain('root:');
  });

  it('serves index.html with the CSP naming the HQ origin', async () => {
    const response = await get('app://linli/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toMatch(/connect-src [^;]*https:\/\/hq\.linli\.example:8443/);
    const scriptSrc = policy.split('; ').find((directive) => directive.startsWith('script-src ')) ?? '';
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves / and client-side routes with the app shell (SPA fallback)', async () => {
    for (const url of ['app://linli/', 'app://linli/counter', 'app://linli/settings/hq']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>shell</title>');
    }
  });

  it('answers 404 for a missing asset rather than the shell', async () => {
    const response = await get('app://linli/assets/missing.js');
    expect(response.status).toBe(404);
  });

  it('sends the right content types (wasm, mjs, js)', async () => {
    expect((await get('app://linli/assets/zxing.wasm')).headers.get('content-type')).toBe('application/wasm');
    expect((await get('app://linli/assets/worker.mjs')).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    const js = await get('app://linli/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    expect(contentTypeFor('x.webmanifest')).toMatch(/manifest/);
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('refuses other methods and other hosts', async () => {
    expect((await get('app://linli/index.html', 'POST')).status).toBe(405);
    expect((await get('app://evil/index.html')).status).toBe(404);
  });

  it('adds the shelf-light controller to connect-src when it is used', () => {
    const settings = {
      ...defaultSettings(),
      shelfLights: { driver: 'http' as const, url: 'http://192.168.1.50:8080/x' },
    };
    expect(cspForSettings(settings)).toMatch(/connect-src [^;]*http:\/\/192\.168\.1\.50:8080/);
    expect(cspForSettings(defaultSettings())).not.toContain('192.168.1.50');
  });
});
