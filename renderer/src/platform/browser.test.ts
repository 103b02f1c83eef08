import { describe, expect, it } from 'vitest';
import { createBrowserPlatform } from './browser';

describe('browser platform', () => {
  it('persists settings in localStorage and notifies listeners', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    const seen: string[] = [];
    const stop = platform.onSettingsChanged((s) => seen.push(s.language));
    await platform.updateSettings({ language: 'en', scanner: { maxKeyGapMs: 80 } });
    stop();
    await platform.updateSettings({ language: 'zh-CN' });
    expect(seen).toEqual(['en']);
    const reopened = createBrowserPlatform(window.localStorage);
    const settings = await reopened.getSettings();
    expect(settings.language).toBe('zh-CN');
    expect(settings.scanner).toEqual({ maxKeyGapMs: 80, minLength: 4 });
  });

  it('falls back to defaults when the stored settings are damaged', async () => {
    window.localStorage.setItem('linli.settings', '{"language": "klingon"');
    expect((await createBrowserPlatform(window.localStorage).getSettings()).language).toBe('zh-CN');
    window.localStorage.setItem('linli.settings', '{"language": "klingon"}');
    expect((await createBrowserPlatform(window.localStorage).getSettings()).language).toBe('zh-CN');
  });

  it('refuses an invalid patch', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    await expect(platform.updateSettings({ hqUrl: 'javascript:alert(1)' })).rejects.toThrow();
  });

  it('has no cash drawer: it says so instead of failing', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    await expect(platform.openCashDrawer('换零钱')).resolves.toEqual({
      ok: false,
      reason: 'noDrawer',
      message: expect.any(String),
    });
  });

  it('keeps the receipt printer settings, merged one level deep', async () => {
    const platform = createBrowserPlatform(window.localStorage);
    await platform.updateSettings({ receiptPrinter: { connection: 'network', host: '192.168.1.50' } });
    await platform.updateSettings({ receiptPrinter: { drawer: 'pulse' } });
    expect((await createBrowserPlatform(window.localStorage).getSettings()).receiptPrinter).toEqual({
      connection: 'network',
      host: '192.168.1.50',
      port: 9100,
      paperWidthMm: 80,
      drawer: 'pulse',
    });
    await expect(platform.updateSettings({ receiptPrinter: { host: 'evil host/x' } })).rejects.toThrow();
  });
});
