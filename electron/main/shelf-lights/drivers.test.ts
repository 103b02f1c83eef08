import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, applySettingsPatch, type Settings } from '@shared/settings';
import type { LightsState } from '@shared/shelf/lights';
import { createMemoryLogger } from '../test-support';
import { createShelfLights, httpLights } from './index';

/** A controller on 127.0.0.1 that answers as told and records what it received. */
async function controller(answer: (res: http.ServerResponse) => void) {
  const received: { method: string; contentType: string | undefined; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(text),
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/lights`, received };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function setup(shelfLights: Partial<Settings['shelfLights']>, timeoutMs = 300) {
  const settings = { current: applySettingsPatch(defaultSettings(), { shelfLights }) };
  const logger = createMemoryLogger();
  const broadcasts: LightsState[] = [];
  const lights = createShelfLights({
    settings: { get: () => settings.current },
    logger,
    broadcast: (state) => broadcasts.push(state),
    timeoutMs,
  });
  return { lights, logger, broadcasts, settings };
}

const command = { slotIds: ['C2-07', 'C2-08', 'C2-07'], color: 'green' as const, durationMs: 8000 };

describe('http driver (a controller on the shop network)', () => {
  it('POSTs the lit slots as JSON and reports success', async () => {
    const { url, received } = await controller((res) => res.writeHead(204).end());
    const { lights, logger } = setup({ driver: 'http', url });
    const result = await lights.show({ ...command, blink: true });
    expect(result).toMatchObject({ ok: true, driver: 'http', error: null });
    expect(received).toEqual([
      {
        method: 'POST',
        contentType: 'application/json',
        body: {
          slots: [
            { slotId: 'C2-07', color: 'green', blink: true },
            { slotId: 'C2-08', color: 'green', blink: true },
          ],
          durationMs: 8000,
        },
      },
    ]);
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('clears with an empty slot list', async () => {
    const { url, received } = await controller((res) => res.writeHead(200).end('ok'));
    const { lights } = setup({ driver: 'http', url });
    await expect(lights.clear()).resolves.toMatchObject({ ok: true, driver: 'http' });
    expect(received.map((r) => r.body)).toEqual([{ slots: [], durationMs: 0 }]);
  });

  it('a 500 is a failed result, logged, not an exception', async () => {
    const { url } = await controller((res) => res.writeHead(500).end('boom'));
    const { lights, logger } = setup({ driver: 'http', url });
    const result = await lights.show(command);
    expect(result).toMatchObject({ ok: false, driver: 'http', error: 'controller answered HTTP 500' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'lights: show failed' }),
    );
  });

  it('a controller that never answers is abandoned at the timeout', async () => {
    const { url, received } = await controller(() => {
      // holds the request open forever
    });
    const { lights } = setup({ driver: 'http', url }, 300);
    const began = performance.now();
    const result = await lights.show(command);
    const took = performance.now() - began;
    expect(received).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, driver: 'http', error: 'timeout after 300 ms' });
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
  });

  it('a refused connection returns at once with the reason', async () => {
    // A port that was just free: listen, note it, close.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const { lights } = setup({ driver: 'http', url: `http://127.0.0.1:${port}/` }, 1500);
    const began = performance.now();
    const result = await lights.show(command);
    expect(result).toMatchObject({ ok: false, driver: 'http', error: 'connection refused (ECONNREFUSED)' });
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it('with no controller URL set, says so without sending anything', async () => {
    const { lights } = setup({ driver: 'http', url: '' });
    const result = await lights.show(command);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no controller URL/);
  });

  it('does not follow redirects (the controller URL is the only place commands go)', async () => {
    const target = await controller((res) => res.writeHead(204).end());
    const { url, received } = await controller((res) => res.writeHead(307, { Location: target.url }).end());
    const driver = httpLights({ url, timeoutMs: 500 });
    await expect(driver.show([], 0)).rejects.toThrow(/network error/);
    expect(received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  });
});

describe('simulated and none drivers', () => {
  it('simulated sends the lit slots to the windows, and an empty list on clear', async () => {
    const { lights, broadcasts } = setup({ driver: 'simulated' });
    await expect(lights.show(command)).resolves.toMatchObject({ ok: true, driver: 'simulated' });
    await lights.clear();
    expect(broadcasts).toEqual([
      {
        slots: [
          { slotId: 'C2-07', color: 'green', blink: false },
          { slotId: 'C2-08', color: 'green', blink: false },
        ],
        durationMs: 8000,
      },
      { slots: [], durationMs: 0 },
    ]);
  });

  it('none does nothing and succeeds', async () => {
    const { lights, broadcasts } = setup({ driver: 'none' });
    await expect(lights.show(command)).resolves.toMatchObject({ ok: true, driver: 'none', error: null });
    expect(broadcasts).toEqual([]);
  });

  it('follows a change of driver in the settings at the next command', async () => {
    const { lights, broadcasts, settings } = setup({ driver: 'none' });
    await lights.show(command);
    settings.current = applySettingsPatch(settings.current, { shelfLights: { driver: 'simulated' } });
    await lights.show(command);
    expect(broadcasts).toHaveLength(1);
  });
});
