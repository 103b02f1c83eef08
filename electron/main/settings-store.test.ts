import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '@shared/settings';
import { createSettingsStore, type SettingsFs } from './settings-store';
import { createMemoryLogger, fakeSafeStorage } from './test-support';

let dir: string;
let file: string;
const KEY = 'sk-live-邻里-0123456789';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-settings-'));
  file = path.join(dir, 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function store(options: { safeStorage?: ReturnType<typeof fakeSafeStorage>; fs?: SettingsFs } = {}) {
  const logger = createMemoryLogger();
  const safeStorage = options.safeStorage ?? fakeSafeStorage();
  return {
    logger,
    safeStorage,
    store: createSettingsStore({ file, dir, safeStorage, logger, ...(options.fs ? { fs: options.fs } : {}) }),
  };
}

describe('settings store', () => {
  it('starts from defaults when there is no file, without a .bak', () => {
    expect(store().store.get()).toEqual(defaultSettings());
    expect(fs.existsSync(`${file}.bak`)).toBe(false);
  });

  it('round-trips through the file', () => {
    const first = store().store;
    const saved = first.update({
      language: 'en',
      hqUrl: 'https://hq.linli.example',
      useDemoHq: false,
      storeId: 'S042',
      apiKey: KEY,
      scanner: { minLength: 6 },
    });
    expect(saved).toMatchObject({
      language: 'en',
      storeId: 'S042',
      apiKey: KEY,
      scanner: { minLength: 6, maxKeyGapMs: 50 },
    });
    const reopened = store().store.get();
    expect(reopened).toEqual(saved);
  });

  it('seals the API key with safeStorage and never writes it in clear', () => {
    const { store: settings, safeStorage } = store();
    settings.update({ apiKey: KEY });
    expect(safeStorage.calls.encrypt).toBeGreaterThan(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('sk-live');
    expect(JSON.parse(text).apiKey).toHaveProperty('sealed');
    const reopened = store();
    expect(reopened.store.get().apiKey).toBe(KEY);
    expect(reopened.safeStorage.calls.decrypt).toBe(1);
  });

  it('keeps the key in clear only when the OS has no encryption, and says so', () => {
    const { store: settings, logger } = store({ safeStorage: fakeSafeStorage(false) });
    settings.update({ apiKey: KEY });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apiKey).toEqual({ plain: KEY });
    expect(logger.lines.some((line) => line.level === 'warn' && /unencrypted/.test(line.message))).toBe(true);
  });

  it('seals a key found in clear once encryption is available', () => {
    store({ safeStorage: fakeSafeStorage(false) }).store.update({ apiKey: KEY });
    expect(store().store.get().apiKey).toBe(KEY);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY);
  });

  it.each([
    ['invalid JSON', '{"version":1,"settings":{'],
    ['a wrong shape', '["not", "settings"]'],
    [
      'an invalid value',
      JSON.stringify({ version: 1, settings: { hqUrl: 'javascript:alert(1)' }, apiKey: { plain: 'k' } }),
    ],
    ['an unknown version', JSON.stringify({ version: 9, settings: {}, apiKey: { plain: 'k' } })],
  ])('falls back to defaults on %s and keeps the broken file as .bak', (_name, content) => {
    fs.writeFileSync(file, content);
    const { store: settings, logger } = store();
    expect(settings.get()).toEqual(defaultSettings());
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(content);
    expect(logger.lines.some((line) => line.level === 'warn')).toBe(true);
  });

  it('keeps the other settings when the sealed key cannot be opened', () => {
    store().store.update({ apiKey: KEY, storeId: 'S042' });
    const broken = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error('keyring changed');
      },
    };
    const { store: settings, logger } = store({ safeStorage: broken as ReturnType<typeof fakeSafeStorage> });
    expect(settings.get()).toMatchObject({ storeId: 'S042', apiKey: defaultSettings().apiKey });
    expect(logger.lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('writes atomically: a temporary file renamed over the real one', () => {
    const calls: string[] = [];
    const spyFs: SettingsFs = {
      ...fs,
      writeFileSync: ((target: string, ...rest: unknown[]) => {
        calls.push(`write ${path.basename(target)}`);
        return (fs.writeFileSync as (...a: unknown[]) => void)(target, ...rest);
      }) as typeof fs.writeFileSync,
      renameSync: ((from: string, to: string) => {
        calls.push(`rename ${path.basename(from)} → ${path.basename(to)}`);
        fs.renameSync(from, to);
      }) as typeof fs.renameSync,
    };
    store({ fs: spyFs }).store.update({ language: 'en' });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^write settings\.json\.\d+\.tmp$/);
    expect(calls[1]).toMatch(/^rename settings\.json\.\d+\.tmp → settings\.json$/);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('leaves the old file intact and the value unchanged when the write fails', () => {
    store().store.update({ storeId: 'S001-A' });
    const failingFs: SettingsFs = {
      ...fs,
      renameSync: () => {
        throw new Error('EIO');
      },
    };
    const { store: settings } = store({ fs: failingFs });
    expect(() => settings.update({ storeId: 'S002' })).toThrow('EIO');
    expect(settings.get().storeId).toBe('S001-A');
    expect(store().store.get().storeId).toBe('S001-A');
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('notifies listeners after an update, until unsubscribed', () => {
    const { store: settings } = store();
    const listener = vi.fn();
    const unsubscribe = settings.onChange(listener);
    settings.update({ kiosk: true });
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ kiosk: true }));
    unsubscribe();
    settings.update({ kiosk: false });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('loads lazily (safeStorage is only usable after app ready on Linux)', () => {
    const safeStorage = fakeSafeStorage();
    const spy = vi.spyOn(safeStorage, 'isEncryptionAvailable');
    store({ safeStorage: fakeSafeStorage(false) }).store.update({ apiKey: KEY });
    createSettingsStore({ file, dir, safeStorage, logger: createMemoryLogger() });
    expect(spy).not.toHaveBeenCalled();
  });
});
