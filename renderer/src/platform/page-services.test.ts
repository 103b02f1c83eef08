import { describe, expect, it, vi } from 'vitest';
import type { LinliApi } from '@shared/ipc/contract';
import { applySettingsPatch, defaultSettings } from '@shared/settings';
import type { LightsState } from '@shared/shelf/lights';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron';
import { createTestingPlatform } from './memory';
import { createPageLights, pdfInFrame, printInFrame, printPage } from './page-services';

describe('printing in a browser tab', () => {
  it('writes the job into a hidden sandboxed frame without scripts, prints it, then removes the frame', async () => {
    const seen: { sandbox: string | null; body: string; csp: string | null; width: string }[] = [];
    const print = vi.fn((frame: Window) => {
      const element = document.querySelector('iframe');
      seen.push({
        sandbox: element?.getAttribute('sandbox') ?? null,
        body: frame.document.body.innerHTML,
        csp:
          frame.document
            .querySelector('meta[http-equiv="Content-Security-Policy"]')
            ?.getAttribute('content') ?? null,
        width: frame.document.querySelector('style')?.textContent ?? '',
      });
    });
    const result = await printInFrame(
      { html: '<p>取货单 LL202611240123</p>', widthMm: 80, silent: true },
      { print },
    );
    expect(result).toEqual({ ok: true, error: null });
    expect(print).toHaveBeenCalledTimes(1);
    expect(seen[0]?.sandbox).toBe('allow-same-origin allow-modals');
    expect(seen[0]?.body).toBe('<p>取货单 LL202611240123</p>');
    expect(seen[0]?.csp).toContain("default-src 'none'");
    expect(seen[0]?.width).toContain('width: 80mm');
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('PDF in a browser is the print dialog on a full page (Save as PDF there): no path claimed; a bad name is refused', async () => {
    const bodies: string[] = [];
    const print = vi.fn((frame: Window) => void bodies.push(frame.document.body.innerHTML));
    const saved = await pdfInFrame({ html: '<h1>日结报表</h1>', name: '日结-S001-T1-2026-11-30' }, { print });
    expect(saved).toEqual({ ok: true, path: null, error: null });
    expect(bodies).toEqual(['<h1>日结报表</h1>']);
    const refused = await pdfInFrame({ html: '<h1>x</h1>', name: '../x' }, { print });
    expect(refused).toMatchObject({ ok: false, path: null });
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('focus goes back where it was: printing takes it into the frame, which then goes away', async () => {
    const field = document.createElement('input');
    document.body.appendChild(field);
    field.focus();
    const print = vi.fn((frame: Window) => {
      (document.querySelector('iframe') as HTMLIFrameElement).focus();
      expect(document.activeElement).not.toBe(field);
      void frame;
    });
    await printInFrame({ html: '<p>小票</p>', widthMm: 58, silent: true }, { print });
    expect(print).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(field);
    field.remove();
  });

  it('a print that throws is a failed result and leaves no frame behind', async () => {
    const result = await printInFrame(
      { html: 'x', widthMm: null, silent: false },
      {
        print: () => {
          throw new Error('printing blocked');
        },
      },
    );
    expect(result).toEqual({ ok: false, error: 'printing blocked' });
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('refuses a job Electron would refuse (same schema)', async () => {
    const print = vi.fn();
    await expect(printInFrame({ html: '', widthMm: 58, silent: true }, { print })).rejects.toThrow(
      /invalid job/,
    );
    await expect(printInFrame({ html: 'x', widthMm: 100 as 58, silent: true }, { print })).rejects.toThrow(
      /invalid job/,
    );
    expect(print).not.toHaveBeenCalled();
  });

  it('a page job (labels sheet) keeps the printer’s page size', () => {
    expect(printPage({ html: 'x', widthMm: null })).not.toMatch(/width: \d+mm/);
  });
});

describe('shelf lights in the page (simulated)', () => {
  it('shows the slots to listeners, de-duplicated, and clears them', async () => {
    const settings = defaultSettings();
    const lights = createPageLights(() => settings);
    const states: LightsState[] = [];
    const stop = lights.onLightsChanged((state) => states.push(state));
    await expect(
      lights.showLights({
        slotIds: ['A1-01', 'A1-01', 'C2-07'],
        color: 'blue',
        durationMs: 4000,
        blink: true,
      }),
    ).resolves.toEqual({ ok: true, driver: 'simulated', error: null, elapsedMs: 0 });
    await lights.clearLights();
    stop();
    await lights.clearLights();
    expect(states).toEqual([
      {
        slots: [
          { slotId: 'A1-01', color: 'blue', blink: true },
          { slotId: 'C2-07', color: 'blue', blink: true },
        ],
        durationMs: 4000,
      },
      { slots: [], durationMs: 0 },
    ]);
  });

  it('does nothing with the driver set to none', async () => {
    const settings = applySettingsPatch(defaultSettings(), { shelfLights: { driver: 'none' } });
    const lights = createPageLights(() => settings);
    const listener = vi.fn();
    lights.onLightsChanged(listener);
    await expect(
      lights.showLights({ slotIds: ['A1-01'], color: 'green', durationMs: 1000 }),
    ).resolves.toMatchObject({
      ok: true,
      driver: 'none',
    });
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses what is not a slot id', async () => {
    const lights = createPageLights(() => defaultSettings());
    await expect(
      lights.showLights({ slotIds: ['SL-A1-01'], color: 'green', durationMs: 1000 }),
    ).rejects.toThrow(/invalid command/);
  });
});

describe('the three platforms offer the new services', () => {
  it('browser: no printers to list, no in-app demo HQ, lights simulated', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    await expect(platform.listPrinters()).resolves.toEqual([]);
    await expect(platform.demoHqStatus()).resolves.toEqual({ running: false, url: null, error: null });
    const listener = vi.fn();
    platform.onLightsChanged(listener);
    await platform.showLights({ slotIds: ['F1-02'], color: 'red', durationMs: 2000 });
    expect(listener).toHaveBeenCalledWith({
      slots: [{ slotId: 'F1-02', color: 'red', blink: false }],
      durationMs: 2000,
    });
  });

  it('browser: follows the driver saved in settings', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    await platform.updateSettings({ shelfLights: { driver: 'none' } });
    await expect(
      platform.showLights({ slotIds: ['F1-02'], color: 'red', durationMs: 2000 }),
    ).resolves.toMatchObject({
      driver: 'none',
    });
  });

  it('testing: records print jobs and light commands, answers as told', async () => {
    const platform = createTestingPlatform();
    const job = { html: '<p>x</p>', widthMm: 58 as const, silent: true };
    await expect(platform.printHtml(job)).resolves.toEqual({ ok: true, error: null });
    platform.printResult = { ok: false, error: 'cancelled' };
    await expect(platform.printHtml(job)).resolves.toEqual({ ok: false, error: 'cancelled' });
    await platform.showLights({ slotIds: ['C1-01'], color: 'amber', durationMs: 500 });
    await platform.clearLights();
    expect(platform.printJobs).toEqual([job, job]);
    expect(platform.lightCommands).toEqual([
      { slotIds: ['C1-01'], color: 'amber', durationMs: 500 },
      'clear',
    ]);
  });

  it('electron: passes each call to its preload function', async () => {
    const unsubscribe = vi.fn();
    const api = {
      demoHqStatus: vi.fn(() =>
        Promise.resolve({ running: true, url: 'http://127.0.0.1:8787', error: null }),
      ),
      printHtml: vi.fn(() => Promise.resolve({ ok: true, error: null })),
      listPrinters: vi.fn(() => Promise.resolve([{ name: 'XP-58', displayName: 'XP-58', description: '' }])),
      showLights: vi.fn(() =>
        Promise.resolve({
          ok: false,
          driver: 'http' as const,
          error: 'timeout after 1500 ms',
          elapsedMs: 1500,
        }),
      ),
      clearLights: vi.fn(() =>
        Promise.resolve({ ok: true, driver: 'http' as const, error: null, elapsedMs: 3 }),
      ),
      onLightsChanged: vi.fn(() => unsubscribe),
    } as Partial<LinliApi> as LinliApi;
    const platform = createElectronPlatform(api);
    await expect(platform.demoHqStatus()).resolves.toMatchObject({ running: true });
    await platform.printHtml({ html: 'x', widthMm: null, silent: false });
    expect(api.printHtml).toHaveBeenCalledWith({ html: 'x', widthMm: null, silent: false });
    await expect(platform.listPrinters()).resolves.toHaveLength(1);
    await expect(
      platform.showLights({ slotIds: ['A1-01'], color: 'green', durationMs: 1000 }),
    ).resolves.toMatchObject({
      ok: false,
      error: 'timeout after 1500 ms',
    });
    await platform.clearLights();
    const listener = vi.fn();
    expect(platform.onLightsChanged(listener)).toBe(unsubscribe);
    expect(api.onLightsChanged).toHaveBeenCalledWith(listener);
  });
});
