import { describe, expect, it } from 'vitest';
import type { AppConfig } from './config';
import { createMainWindow, entryUrl, mainWindowOptions } from './window';
import { type FakeBrowserWindow, fakeElectron } from './test-support';

const base = { preloadPath: '/app/dist/electron/preload.cjs', iconPath: null };
const config: AppConfig = {
  isDev: false,
  devServerUrl: null,
  rendererRoot: '/app/dist/renderer',
  preloadPath: base.preloadPath,
  iconPath: null,
  demoHqEntryPath: '/app/dist/electron/demo-hq.cjs',
};

describe('main window options', () => {
  it('keep every security setting of the checklist', () => {
    const prefs = mainWindowOptions({ ...base, isDev: false, kiosk: false }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
      preload: base.preloadPath,
    });
  });

  it('enable devTools in development only', () => {
    expect(mainWindowOptions({ ...base, isDev: true, kiosk: false }).webPreferences?.devTools).toBe(true);
    expect(mainWindowOptions({ ...base, isDev: false, kiosk: false }).webPreferences?.devTools).toBe(false);
  });

  it('follow the kiosk setting and start hidden', () => {
    expect(mainWindowOptions({ ...base, isDev: false, kiosk: true })).toMatchObject({
      kiosk: true,
      fullscreen: true,
      show: false,
    });
    expect(mainWindowOptions({ ...base, isDev: false, kiosk: false })).toMatchObject({
      kiosk: false,
      fullscreen: false,
    });
  });
});

describe('createMainWindow', () => {
  it('loads app:// in production, even if a dev server URL leaks in', () => {
    expect(entryUrl({ isDev: false, devServerUrl: 'http://127.0.0.1:5173' })).toBe('app://linli/index.html');
    expect(entryUrl({ isDev: true, devServerUrl: 'http://127.0.0.1:5173' })).toBe('http://127.0.0.1:5173/');
  });

  it('shows the window only once it is ready to show', async () => {
    const { deps } = fakeElectron();
    const { window, loaded } = createMainWindow(deps.BrowserWindow, config, false);
    await loaded;
    const fake = window as unknown as FakeBrowserWindow;
    expect(fake.loadedUrl).toBe('app://linli/index.html');
    expect(fake.shown).toBe(false);
    fake.emit('ready-to-show');
    expect(fake.shown).toBe(true);
    expect(fake.options.webPreferences?.sandbox).toBe(true);
  });
});
