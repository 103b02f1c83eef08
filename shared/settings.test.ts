import { describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings, settingsPatchSchema, settingsSchema } from './settings';

describe('settings', () => {
  it('defaults to Chinese, the demo HQ and terminal T1', () => {
    const s = defaultSettings();
    expect(s).toMatchObject({
      language: 'zh-CN',
      hqUrl: 'http://127.0.0.1:8787',
      storeId: 'S001',
      terminalId: 'T1',
    });
    expect(s.scanner).toEqual({ maxKeyGapMs: 50, minLength: 4 });
  });

  it('merges nested groups', () => {
    const next = applySettingsPatch(defaultSettings(), { scanner: { minLength: 6 } });
    expect(next.scanner).toEqual({ maxKeyGapMs: 50, minLength: 6 });
  });

  it('a patch carries only the keys sent (no defaults filled in)', () => {
    expect(settingsPatchSchema.parse({ language: 'en' })).toEqual({ language: 'en' });
    expect(settingsPatchSchema.parse({ scanner: { minLength: 6 } })).toEqual({ scanner: { minLength: 6 } });
    const custom = applySettingsPatch(defaultSettings(), { apiKey: 'k-123', hqUrl: 'https://hq.example.cn' });
    const next = applySettingsPatch(custom, settingsPatchSchema.parse({ language: 'en' }));
    expect(next).toMatchObject({ apiKey: 'k-123', hqUrl: 'https://hq.example.cn', language: 'en' });
  });

  it('rejects non-http HQ URLs and unknown keys', () => {
    expect(settingsSchema.safeParse({ hqUrl: 'file:///etc/passwd' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ evil: true }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ scanner: { maxKeyGapMs: 5 } }).success).toBe(false);
  });
});
