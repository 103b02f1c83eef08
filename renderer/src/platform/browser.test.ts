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
});
