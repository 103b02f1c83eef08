import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings, type Settings } from '@shared/settings';
import { createHqTester, hqOrigin, reloadOnHqOriginChange } from './hq-connection';
import { createMemoryLogger } from './test-support';

// A stand-in HQ on loopback: health, and the changes feed behind a key for S001.
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/health') return json(200, { status: 'ok' });
    if (req.url?.startsWith('/v1/stores/S001/changes')) {
      if (req.headers.authorization !== 'Bearer good-key')
        return json(401, { error: { code: 'unauthorized', message: 'unknown terminal key' } });
      return json(200, { changes: [], cursor: '0', hasMore: false });
    }
    if (req.url?.startsWith('/v1/stores/')) {
      return json(403, { error: { code: 'forbidden', message: 'not your store' } });
    }
    if (req.url === '/slow/v1/health') return; // never answers
    json(404, { error: { code: 'not_found', message: 'no such route' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const target = (patch: Partial<{ hqUrl: string; storeId: string; apiKey: string }> = {}) => ({
  hqUrl: base,
  storeId: 'S001',
  terminalId: 'T1',
  apiKey: 'good-key',
  ...patch,
});

describe('hq:test from the main process', () => {
  const test = createHqTester(globalThis.fetch, 1000);

  it('says ok when HQ answers and accepts the key for the store', async () => {
    await expect(test(target())).resolves.toEqual({ stage: 'ok', status: 200, detail: null });
  });

  it('tells a wrong key, another store, not an HQ, and nothing there apart', async () => {
    await expect(test(target({ apiKey: 'bad' }))).resolves.toEqual({
      stage: 'unauthorized',
      status: 401,
      detail: 'unknown terminal key',
    });
    await expect(test(target({ storeId: 'S002' }))).resolves.toMatchObject({
      stage: 'forbidden',
      status: 403,
    });
    await expect(test(target({ hqUrl: `${base}/elsewhere` }))).resolves.toMatchObject({
      stage: 'notHq',
      status: 404,
    });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(test(target({ hqUrl: `http://127.0.0.1:${port}` }))).resolves.toMatchObject({
      stage: 'unreachable',
      status: null,
    });
  });

  it('gives up on an HQ that does not answer within the timeout', async () => {
    const started = Date.now();
    await expect(test(target({ hqUrl: `${base}/slow` }))).resolves.toMatchObject({ stage: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('reload on an HQ origin change', () => {
  function fixture(initial: string) {
    let current: Settings = applySettingsPatch(defaultSettings(), { hqUrl: initial });
    const listeners = new Set<(s: Settings) => void>();
    const settings = {
      get: () => current,
      onChange: (l: (s: Settings) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const set = (hqUrl: string) => {
      current = applySettingsPatch(current, { hqUrl });
      for (const l of listeners) l(current);
    };
    const reloads = { live: 0, destroyed: 0 };
    const windows = () => [
      { isDestroyed: () => false, webContents: { reload: () => void (reloads.live += 1) } },
      { isDestroyed: () => true, webContents: { reload: () => void (reloads.destroyed += 1) } },
    ];
    const off = reloadOnHqOriginChange({
      settings,
      windows: windows as never,
      logger: createMemoryLogger(),
    });
    return { set, reloads, off };
  }

  it('reloads live windows only when the origin changes', () => {
    const { set, reloads, off } = fixture('http://127.0.0.1:8787');
    set('http://127.0.0.1:8787/other');
    expect(reloads.live).toBe(0);
    set('https://hq.store.example');
    expect(reloads).toEqual({ live: 1, destroyed: 0 });
    set('https://hq.store.example:443/');
    expect(reloads.live).toBe(1);
    off();
    set('http://10.0.0.5:8787');
    expect(reloads.live).toBe(1);
  });

  it('reads origins the way the CSP names them', () => {
    expect(hqOrigin('https://hq.example:8443/api/')).toBe('https://hq.example:8443');
    expect(hqOrigin('not a url')).toBeNull();
  });
});
