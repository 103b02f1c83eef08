import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeArgs } from '@shared/ipc/contract';
import { initApp } from './app';
import type { AppConfig } from './config';
import {
  createMemoryLogger,
  FakeBrowserWindow,
  fakeElectron,
  fakeEvent,
  FakeWebContents,
} from './test-support';

let userData: string;
beforeEach(() => {
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-app-'));
});
afterEach(() => fs.rmSync(userData, { recursive: true, force: true }));

const config: AppConfig = {
  isDev: false,
  devServerUrl: null,
  rendererRoot: '/app/dist/renderer',
  preloadPath: '/app/dist/electron/preload.cjs',
  iconPath: null,
  demoHqEntryPath: '/app/dist/electron/demo-hq.cjs',
};

function start(
  configure?: (electron: ReturnType<typeof fakeElectron>) => void,
  centralUrl = 'http://127.0.0.1:8787',
) {
  const electron = fakeElectron(userData);
  configure?.(electron);
  const logger = createMemoryLogger();
  // The demo HQ (on by default) gets a stand-in: the real central takes seconds to create its database.
  const centrals: { dataDir: string; closed: boolean }[] = [];
  const startCentral = ({ dataDir }: { dataDir: string }) => {
    const central = { dataDir, closed: false };
    centrals.push(central);
    return Promise.resolve({
      url: centralUrl,
      close: () => {
        central.closed = true;
        return Promise.resolve();
      },
    });
  };
  const { context, started } = initApp(config, electron.deps, { logger, startCentral });
  return { electron, logger, context, started, centrals };
}

describe('initApp', () => {
  it('registers app:// as privileged before ready, and serves it after', async () => {
    const { electron, started } = start();
    // Synchronously, before ready: the scheme is registered, nothing is served yet.
    expect(electron.app.isReady()).toBe(false);
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
      },
    ]);
    expect(electron.protocol.handlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    await electron.app.makeReady();
    await expect(started).resolves.toBe(true);
    expect([...electron.protocol.handlers.keys()]).toEqual(['app']);
  });

  it('enables the global sandbox before ready and locks down the session after', async () => {
    const { electron, started } = start();
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.defaultSession.requestHandler).toBeNull();
    await electron.app.makeReady();
    await started;
    expect(electron.defaultSession.requestHandler).not.toBeNull();
    expect(electron.defaultSession.checkHandler).not.toBeNull();
    expect(electron.defaultSession.deviceHandler).not.toBeNull();
  });

  it('opens one hardened window on app://', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [window] = FakeBrowserWindow.instances;
    expect(window?.loadedUrl).toBe('app://linli/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      preload: config.preloadPath,
    });
  });

  it('guards every webContents created (navigation, window.open)', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.tryNavigate('https://evil.example/')).toBe(false);
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('registers every IPC channel, guarded', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeArgs).sort());
    await expect(electron.ipcMain.invoke('app:info', 'app://linli/index.html')).resolves.toMatchObject({
      name: 'Linli Counter',
      version: '0.1.0',
    });
    await expect(electron.ipcMain.invoke('app:info', 'https://evil.example/')).rejects.toThrow(/not the app/);
  });

  it('pushes settings changes to the window and applies kiosk mode', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    await electron.ipcMain.invoke('settings:update', 'app://linli/index.html', { kiosk: true });
    const [window] = FakeBrowserWindow.instances;
    expect(window?.kiosk).toBe(true);
    expect(window?.webContents.sent).toEqual([
      { channel: 'settings:changed', args: [expect.objectContaining({ kiosk: true })] },
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8')).settings.kiosk).toBe(
      true,
    );
  });

  it('opens the window in kiosk mode when the settings say so', async () => {
    fs.writeFileSync(
      path.join(userData, 'settings.json'),
      JSON.stringify({ version: 1, settings: { kiosk: true }, apiKey: { plain: 'k' } }),
    );
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    expect(FakeBrowserWindow.instances[0]?.options).toMatchObject({ kiosk: true, fullscreen: true });
  });

  it('reloads a crashed window', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    const [window] = FakeBrowserWindow.instances;
    if (!window) throw new Error('no window');
    electron.app.emit('browser-window-created', {}, window);
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.reloads).toBe(1);
  });

  it('a second instance quits before doing anything else', async () => {
    const { electron, started, context } = start((e) => (e.app.gotLock = false));
    expect(context.stopped).toBe(true);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.protocol.privileged).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    await electron.app.makeReady();
    await expect(started).resolves.toBe(false);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('the first instance comes to the front when a second one starts', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    const [window] = FakeBrowserWindow.instances;
    if (!window) throw new Error('no window');
    window.minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('closing the clerk’s window closes the customer display too, so the app can quit', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    const [main] = FakeBrowserWindow.instances;
    const display = new FakeBrowserWindow({ title: '顾客屏 Customer display' });
    main!.close();
    expect(display.isDestroyed()).toBe(true);
  });

  it('quits when the window is closed', async () => {
    const { electron, started } = start();
    await electron.app.makeReady();
    await started;
    electron.app.emit('window-all-closed');
    expect(electron.app.quitCalls).toBe(1);
  });

  it('starts the demo HQ in userData/demo-hq after ready and closes it before quitting', async () => {
    const { electron, started, centrals } = start();
    expect(centrals).toHaveLength(0);
    await electron.app.makeReady();
    await started;
    await vi.waitFor(() => expect(centrals).toHaveLength(1));
    expect(centrals[0]?.dataDir).toBe(path.join(userData, 'demo-hq'));
    await expect(electron.ipcMain.invoke('demoHq:status', 'app://linli/index.html')).resolves.toEqual({
      running: true,
      url: 'http://127.0.0.1:8787',
      error: null,
    });
    const quit = fakeEvent({});
    electron.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(1));
    expect(centrals[0]?.closed).toBe(true);
    // The second before-quit (from app.quit()) goes through.
    const again = fakeEvent({});
    electron.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('reloads the window when the demo HQ had to take another port (the CSP names the HQ)', async () => {
    const { electron, started } = start(undefined, 'http://127.0.0.1:50999');
    await electron.app.makeReady();
    await started;
    const [window] = FakeBrowserWindow.instances;
    await vi.waitFor(() => expect(window?.webContents.reloads).toBe(1));
    expect(window?.webContents.sent).toContainEqual({
      channel: 'settings:changed',
      args: [expect.objectContaining({ hqUrl: 'http://127.0.0.1:50999' })],
    });
  });

  it('saving another HQ reloads the window and the reloaded page’s CSP names the new HQ (no restart)', async () => {
    const rendererRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-renderer-'));
    fs.writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Linli</title>');
    const electron = fakeElectron(userData);
    const { started } = initApp({ ...config, rendererRoot }, electron.deps, {
      logger: createMemoryLogger(),
      startCentral: () => Promise.resolve({ url: 'http://127.0.0.1:8787', close: () => Promise.resolve() }),
    });
    await electron.app.makeReady();
    await started;
    const [window] = FakeBrowserWindow.instances;
    const serve = () => electron.protocol.handlers.get('app')!(new Request('app://linli/index.html'));
    expect((await serve()).headers.get('content-security-policy')).not.toContain('hq.store.example');
    await electron.ipcMain.invoke('settings:update', 'app://linli/index.html', {
      hqUrl: 'https://hq.store.example:8443',
      useDemoHq: false,
    });
    expect(window?.webContents.reloads).toBe(1);
    expect((await serve()).headers.get('content-security-policy')).toMatch(
      /connect-src [^;]*https:\/\/hq\.store\.example:8443/,
    );
    // Same origin, another path: the CSP is unchanged, so no reload.
    await electron.ipcMain.invoke('settings:update', 'app://linli/index.html', {
      hqUrl: 'https://hq.store.example:8443/v1',
    });
    expect(window?.webContents.reloads).toBe(1);
  });

  it('does not reload when the demo HQ is on its usual port', async () => {
    const { electron, started, centrals } = start();
    await electron.app.makeReady();
    await started;
    await vi.waitFor(() => expect(centrals).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(FakeBrowserWindow.instances[0]?.webContents.reloads).toBe(0);
  });
});
