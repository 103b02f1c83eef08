import type { LightDriverKind, LightsResult, LightsShowCommand, LightsState } from '@shared/shelf/lights';
import { litSlots } from '@shared/shelf/lights';
import type { Settings } from '@shared/settings';
import type { AppModule } from '../context';
import { registerInvokeHandlers, sendEvent } from '../ipc';
import type { Logger } from '../logger';
import { httpLights, noLights, simulatedLights, type LightDriver } from './drivers';

export { httpLights, noLights, simulatedLights, LightControllerError, type LightDriver } from './drivers';

/** How long the counter waits for an HTTP controller before giving up on a command. */
export const CONTROLLER_TIMEOUT_MS = 1500;

export interface ShelfLights {
  show(command: LightsShowCommand): Promise<LightsResult>;
  clear(): Promise<LightsResult>;
}

export interface ShelfLightsOptions {
  settings: { get(): Settings };
  logger: Logger;
  /** Sends the simulated lights to the windows. */
  broadcast: (state: LightsState) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The shelf-lights adapter: picks the driver from the settings at each command
 * (a change in Settings applies at once) and never throws — a broken or slow
 * controller is logged and reported in the result while the counter carries on.
 */
export function createShelfLights({
  settings,
  logger,
  broadcast,
  timeoutMs = CONTROLLER_TIMEOUT_MS,
  fetch: fetchImpl,
  now = () => performance.now(),
}: ShelfLightsOptions): ShelfLights {
  const simulated = simulatedLights(broadcast);

  const driverFor = ({ shelfLights }: Settings): LightDriver | { kind: LightDriverKind; error: string } => {
    switch (shelfLights.driver) {
      case 'none':
        return noLights;
      case 'simulated':
        return simulated;
      case 'http':
        if (!shelfLights.url)
          return { kind: 'http', error: '未设置灯控地址 / no controller URL in settings' };
        return httpLights({ url: shelfLights.url, timeoutMs, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    }
  };

  const run = async (action: string, use: (driver: LightDriver) => Promise<void>): Promise<LightsResult> => {
    const started = now();
    const driver = driverFor(settings.get());
    if (!('show' in driver)) {
      logger.warn(`lights: ${action} not sent`, { driver: driver.kind, error: driver.error });
      return { ok: false, driver: driver.kind, error: driver.error, elapsedMs: 0 };
    }
    try {
      await use(driver);
      return { ok: true, driver: driver.kind, error: null, elapsedMs: Math.round(now() - started) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(`lights: ${action} failed`, { driver: driver.kind, error: message });
      return { ok: false, driver: driver.kind, error: message, elapsedMs: Math.round(now() - started) };
    }
  };

  return {
    show: (command) => run('show', (driver) => driver.show(litSlots(command), command.durationMs)),
    clear: () => run('clear', (driver) => driver.clear()),
  };
}

/** IPC `lights:show` / `lights:clear`; the simulated driver shows the lights in every window. */
export const shelfLightsModule: AppModule = {
  name: 'shelf-lights',
  enable(context) {
    const { ipcMain, BrowserWindow } = context.electron;
    const lights = createShelfLights({
      settings: context.settings,
      logger: context.logger,
      broadcast: (state) => {
        for (const window of BrowserWindow.getAllWindows())
          sendEvent(window.webContents, 'lights:changed', state);
      },
    });
    registerInvokeHandlers(
      ipcMain,
      { 'lights:show': (command) => lights.show(command), 'lights:clear': () => lights.clear() },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
