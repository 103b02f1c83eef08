import type { LinliApi } from '@shared/ipc/contract';
import type { Platform } from './types';

/** The Electron implementation: a thin pass-through to the preload bridge. */
export function createElectronPlatform(api: LinliApi): Platform {
  return {
    kind: 'electron',
    appInfo: () => api.appInfo(),
    getSettings: () => api.getSettings(),
    updateSettings: (patch) => api.updateSettings(patch),
    writeLog: (entry) => api.writeLog(entry),
    onSettingsChanged: (listener) => api.onSettingsChanged(listener),
    demoHqStatus: () => api.demoHqStatus(),
    printHtml: (job) => api.printHtml(job),
    listPrinters: () => api.listPrinters(),
    showLights: (command) => api.showLights(command),
    clearLights: () => api.clearLights(),
    onLightsChanged: (listener) => api.onLightsChanged(listener),
    testHqConnection: (target) => api.testHqConnection(target),
    openCashDrawer: (reason) => api.openCashDrawer(reason),
    printReceiptDocument: (document) => api.printReceiptDocument(document),
    dataFolders: () => api.dataFolders(),
    openFolder: (folder) => api.openFolder(folder),
    updateStatus: () => api.updateStatus(),
    installUpdate: (safety) => api.installUpdate(safety),
    onUpdateChanged: (listener) => api.onUpdateChanged(listener),
    openCustomerDisplay: () => api.openCustomerDisplay(),
  };
}
