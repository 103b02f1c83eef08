import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings, type Settings, type SettingsPatch } from '@shared/settings';
import type { Db } from '../../central/src/db';
import { buildApp } from '../../central/src/server';
import { listenWithFallback } from '../demo-hq/central';
import { createDemoHqHost, type CentralStarter } from './demo-hq';
import { createMemoryLogger } from './test-support';

let dataDir: string;
beforeEach(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linli-demo-hq-')), 'demo-hq');
});
afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

function memorySettings(initial: SettingsPatch = {}) {
  let current = applySettingsPatch(defaultSettings(), initial);
  const listeners = new Set<(settings: Settings) => void>();
  return {
    get: () => current,
    update(patch: SettingsPatch) {
      current = applySettingsPatch(current, patch);
      for (const listener of listeners) listener(current);
      return current;
    },
    onChange(listener: (settings: Settings) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A central stand-in: records starts and closes; can fail or be slow. */
function fakeCentral({ url = 'http://127.0.0.1:50123', fail = null as Error | null, delayMs = 0 } = {}) {
  const starts: { dataDir: string; host: string; port: number }[] = [];
  let open = 0;
  const startCentral: CentralStarter = async (options) => {
    starts.push(options);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (fail) throw fail;
    open += 1;
    return {
      url,
      close: () => {
        open -= 1;
        return Promise.resolve();
      },
    };
  };
  return { startCentral, starts, open: () => open };
}

describe('demo HQ host', () => {
  it('starts on 127.0.0.1:8787 with its data in the given folder and points hqUrl at the actual address', async () => {
    const settings = memorySettings();
    const central = fakeCentral({ url: 'http://127.0.0.1:50123' });
    const host = createDemoHqHost({ dataDir, settings, logger: createMemoryLogger(), ...central });
    expect(host.status()).toEqual({ running: false, url: null, error: null });
    await expect(host.start()).resolves.toEqual({
      running: true,
      url: 'http://127.0.0.1:50123',
      error: null,
    });
    expect(central.starts).toEqual([{ dataDir, host: '127.0.0.1', port: 8787 }]);
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(settings.get().hqUrl).toBe('http://127.0.0.1:50123');
    await host.stop();
    expect(central.open()).toBe(0);
    expect(host.status()).toEqual({ running: false, url: null, error: null });
  });

  it('starts once when asked twice at the same time', async () => {
    const central = fakeCentral({ delayMs: 20 });
    const host = createDemoHqHost({
      dataDir,
      settings: memorySettings(),
      logger: createMemoryLogger(),
      ...central,
    });
    const [a, b] = await Promise.all([host.start(), host.start()]);
    expect(a).toEqual(b);
    expect(central.starts).toHaveLength(1);
    await host.start();
    expect(central.starts).toHaveLength(1);
    await host.stop();
  });

  it('reports a failed start in its status (and the log) without throwing; hqUrl untouched', async () => {
    const settings = memorySettings({ hqUrl: 'http://127.0.0.1:8787' });
    const logger = createMemoryLogger();
    const central = fakeCentral({ fail: new Error('disk full') });
    const host = createDemoHqHost({ dataDir, settings, logger, ...central });
    const status = await host.start();
    expect(status.running).toBe(false);
    expect(status.error).toMatch(/disk full/);
    expect(settings.get().hqUrl).toBe('http://127.0.0.1:8787');
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'demo HQ: failed to start' }),
    );
  });

  it('stop waits for a start in progress, then closes it', async () => {
    const central = fakeCentral({ delayMs: 30 });
    const host = createDemoHqHost({
      dataDir,
      settings: memorySettings(),
      logger: createMemoryLogger(),
      ...central,
    });
    void host.start();
    await host.stop();
    expect(central.starts).toHaveLength(1);
    expect(central.open()).toBe(0);
    expect(host.status().running).toBe(false);
  });

  it('follows Settings → Use demo HQ: off stops it, on starts it again', async () => {
    const settings = memorySettings();
    const central = fakeCentral();
    const host = createDemoHqHost({ dataDir, settings, logger: createMemoryLogger(), ...central });
    const unfollow = host.followSettings();
    await host.start();
    settings.update({ useDemoHq: false, hqUrl: 'https://hq.example.cn' });
    await expect.poll(() => central.open()).toBe(0);
    expect(settings.get().hqUrl).toBe('https://hq.example.cn');
    settings.update({ useDemoHq: true });
    await expect.poll(() => host.status().running).toBe(true);
    expect(central.starts).toHaveLength(2);
    expect(settings.get().hqUrl).toBe('http://127.0.0.1:50123');
    unfollow();
    await host.stop();
  });
});

// A real start (PGlite created in a folder, demo seeded) takes 15–22 s on this shared
// two-core box and a restart on existing data under 1 s: too slow for the unit suite,
// so the lifecycle is tested with a stand-in and only listening with the real app.

/** A Db that is never queried: listening needs none. */
const idleDb = {} as Db;

describe('listenWithFallback (the real central app)', () => {
  it('listens on the preferred port when it is free', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const { app, url } = await listenWithFallback(() => buildApp({ db: idleDb }), '127.0.0.1', port);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    await app.close();
  });

  it('takes a free port when the preferred one is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    try {
      const { app, url } = await listenWithFallback(() => buildApp({ db: idleDb }), '127.0.0.1', taken);
      const port = Number(new URL(url).port);
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(port).not.toBe(taken);
      expect(port).toBeGreaterThan(0);
      const response = await fetch(`${url}/v1/no-such-route`);
      expect(response.status).toBe(404);
      await app.close();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('passes on other errors (no silent fallback)', async () => {
    await expect(listenWithFallback(() => buildApp({ db: idleDb }), '203.0.113.1', 0)).rejects.toThrow();
  });
});
