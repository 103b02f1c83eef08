import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings, type Settings, type SettingsPatch } from '@shared/settings';
import type { UpdateState } from '@shared/updates/safeMoment';
import { createUpdateController, type UpdateController, type Updater } from './updates';
import { createMemoryLogger } from './test-support';

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  feeds: unknown[] = [];
  checks = 0;
  installs = 0;
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks += 1;
    return Promise.resolve(null);
  }
  quitAndInstall() {
    this.installs += 1;
  }
}

let controller: UpdateController | null = null;
afterEach(() => controller?.stop());

function setup(initial: SettingsPatch = {}) {
  let current = applySettingsPatch(defaultSettings(), initial);
  const listeners = new Set<(s: Settings) => void>();
  const updater = new FakeUpdater();
  let loads = 0;
  const states: UpdateState[] = [];
  controller = createUpdateController({
    loadUpdater: () => {
      loads += 1;
      return Promise.resolve(updater as unknown as Updater);
    },
    settings: {
      get: () => current,
      onChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    logger: createMemoryLogger(),
    onState: (s) => states.push(s),
    now: () => new Date('2026-11-30T12:00:00Z'),
  });
  const update = (patch: SettingsPatch) => {
    current = applySettingsPatch(current, patch);
    for (const l of listeners) l(current);
  };
  return { controller, updater, states, update, loads: () => loads };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const safe = { saleOpen: false, pendingCount: 0, dayClosed: false };

describe('updates', () => {
  it('are off by default: electron-updater is not even loaded', async () => {
    const { controller, loads } = setup();
    await flush();
    expect(controller.state()).toEqual({ state: 'off' });
    expect(loads()).toBe(0);
    expect(controller.install(safe)).toEqual({ installing: false, reason: 'notReady' });
  });

  it('check the generic feed named in settings, download, and never install on quit by themselves', async () => {
    const { controller, updater, update } = setup();
    update({ updates: { enabled: true, url: 'https://updates.store.example/linli/' } });
    await flush();
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.store.example/linli/' }]);
    expect(updater.checks).toBe(1);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('download-progress', { percent: 41.6 });
    expect(controller.state()).toEqual({ state: 'downloading', version: '0.2.0', percent: 42 });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.state()).toEqual({ state: 'ready', version: '0.2.0' });
  });

  it('install only at a safe moment: never mid-sale, not with uploads pending unless the day is closed', async () => {
    const { controller, updater } = setup({ updates: { enabled: true, url: 'https://u.example/' } });
    await flush();
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(controller.install({ ...safe, saleOpen: true })).toEqual({
      installing: false,
      reason: 'saleOpen',
    });
    expect(controller.install({ ...safe, pendingCount: 4 })).toEqual({
      installing: false,
      reason: 'pending',
    });
    await flush();
    expect(updater.installs).toBe(0);
    expect(controller.install({ ...safe, pendingCount: 4, dayClosed: true })).toEqual({ installing: true });
    await flush();
    expect(updater.installs).toBe(1);
  });

  it('turn off when disabled, and report errors', async () => {
    const { controller, updater, update, states } = setup({
      updates: { enabled: true, url: 'https://u.example/' },
    });
    await flush();
    updater.emit('error', new Error('404 latest.yml'));
    expect(controller.state()).toEqual({ state: 'error', message: '404 latest.yml' });
    update({ updates: { enabled: false } });
    await flush();
    expect(controller.state()).toEqual({ state: 'off' });
    expect(states.map((s) => s.state)).toEqual(['idle', 'error', 'off']);
  });
});
