import { beforeEach, describe, expect, it } from 'vitest';
import {
  createCustomerDisplay,
  customerDisplayModule,
  customerScreen,
  type ScreenLike,
} from './customer-display';
import { createMemoryLogger, FakeBrowserWindow, fakeElectron, type FakeIpcMain } from './test-support';
import type { AppContext } from './context';

const config = {
  isDev: false,
  devServerUrl: null,
  preloadPath: '/app/dist/electron/preload.cjs',
  iconPath: null,
};
const laptop = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const customer = { id: 2, bounds: { x: 1366, y: 0, width: 1024, height: 600 } };

function fakeScreen(displays: (typeof laptop)[]): ScreenLike & { added: (() => void)[] } {
  const added: (() => void)[] = [];
  return {
    added,
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => laptop,
    on: (_event, listener) => added.push(listener),
  };
}

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('customer display window', () => {
  it('the customer’s screen is the first display that is not the primary one', () => {
    expect(customerScreen(fakeScreen([laptop]))).toBeNull();
    expect(customerScreen(fakeScreen([laptop, customer]))).toBe(customer);
    expect(customerScreen(fakeScreen([customer, laptop]))).toBe(customer);
  });

  it('opens full screen on the second monitor, sandboxed like the main window, at #/customer-display', async () => {
    const display = createCustomerDisplay({
      BrowserWindow: FakeBrowserWindow as never,
      screen: fakeScreen([laptop, customer]),
      config,
      logger: createMemoryLogger(),
    });
    expect(await display.open()).toEqual({ opened: true, secondMonitor: true, error: null });
    const [window] = FakeBrowserWindow.instances;
    expect(window!.options).toMatchObject({ ...customer.bounds, fullscreen: true, frame: false });
    expect(window!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window!.loadedUrl).toBe('app://linli/index.html#/customer-display');
    // Opening again brings the same window back, no second one.
    await display.open();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('with one monitor: a movable window; a closed window is opened anew', async () => {
    const display = createCustomerDisplay({
      BrowserWindow: FakeBrowserWindow as never,
      screen: fakeScreen([laptop]),
      config,
      logger: createMemoryLogger(),
    });
    expect(await display.open()).toEqual({ opened: true, secondMonitor: false, error: null });
    expect(FakeBrowserWindow.instances[0]!.options).toMatchObject({ width: 1024, height: 768 });
    expect(FakeBrowserWindow.instances[0]!.options.fullscreen).toBeFalsy();
    FakeBrowserWindow.instances[0]!.destroyed = true;
    FakeBrowserWindow.instances[0]!.emit('closed');
    await display.open();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('the module answers customerDisplay:open and opens by itself when a second monitor is plugged in', async () => {
    const displays = [laptop];
    const screen = fakeScreen(displays);
    const { deps, app } = fakeElectron();
    const ipc = deps.ipcMain as unknown as FakeIpcMain;
    const context = {
      electron: { ...deps, BrowserWindow: FakeBrowserWindow, screen },
      config: { ...config, rendererRoot: '/r', demoHqEntryPath: '/d' },
      logger: createMemoryLogger(),
      stopped: false,
    } as unknown as AppContext;
    const enabled = customerDisplayModule.enable(context);
    await app.makeReady();
    await enabled;
    // One monitor: nothing opens by itself; the clerk's button does.
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(await ipc.invoke('customerDisplay:open', 'app://linli/index.html')).toMatchObject({
      opened: true,
      secondMonitor: false,
    });
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    // A monitor plugged in: the display moves there.
    displays.push(customer);
    screen.added.forEach((listener) => listener());
    expect(FakeBrowserWindow.instances[0]!.bounds).toEqual(customer.bounds);
  });
});
