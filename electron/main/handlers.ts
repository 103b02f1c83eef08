import type { App } from 'electron';
import { appInfo } from './app-info';
import type { InvokeHandlers } from './ipc';
import type { SettingsStore } from './settings-store';

/** The IPC handlers, with their side effects passed in. */
export function createInvokeHandlers({
  app,
  settings,
}: {
  app: Pick<App, 'getName' | 'getVersion'>;
  settings: SettingsStore;
}): InvokeHandlers {
  return {
    'app:info': () => appInfo(app),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
  };
}
