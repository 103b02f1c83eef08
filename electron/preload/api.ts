import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeContract,
  LinliApi,
} from '@shared/ipc/contract';

// Types only from the contract: the sandboxed preload stays a few kilobytes (no zod).

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Builds `window.linli`: one named function per action, each bound to one
 * channel of the contract. There is no generic send/invoke/on, and listeners
 * receive only the payload (never the IpcRendererEvent, whose `sender` could
 * reach ipcRenderer).
 */
export function createLinliApi(ipc: PreloadIpc) {
  const invoke = <C extends InvokeChannel>(
    channel: C,
    ...args: InvokeContract[C]['args']
  ): Promise<InvokeContract[C]['result']> =>
    ipc.invoke(channel, ...args) as Promise<InvokeContract[C]['result']>;

  const subscribe = <E extends EventChannel>(channel: E, listener: (payload: EventContract[E]) => void) => {
    const relay = (_event: IpcRendererEvent, payload: EventContract[E]): void => listener(payload);
    ipc.on(channel, relay);
    return () => {
      ipc.removeListener(channel, relay);
    };
  };

  return {
    appInfo: () => invoke('app:info'),
    getSettings: () => invoke('settings:get'),
    updateSettings: (patch) => invoke('settings:update', patch),
    writeLog: (entry) => invoke('log:write', entry),
    onSettingsChanged: (listener) => subscribe('settings:changed', listener),
    demoHqStatus: () => invoke('demoHq:status'),
    printHtml: (job) => invoke('print:html', job),
    listPrinters: () => invoke('print:printers'),
    savePdf: (job) => invoke('pdf:save', job),
    showLights: (command) => invoke('lights:show', command),
    clearLights: () => invoke('lights:clear'),
    onLightsChanged: (listener) => subscribe('lights:changed', listener),
    testHqConnection: (target) => invoke('hq:test', target),
    openCashDrawer: (reason?: string) => invoke('drawer:open', reason === undefined ? {} : { reason }),
    printReceiptDocument: (document) => invoke('print:receipt', document),
    dataFolders: () => invoke('app:folders'),
    openFolder: (folder) => invoke('app:openFolder', folder),
    updateStatus: () => invoke('update:status'),
    installUpdate: (safety) => invoke('update:install', safety),
    onUpdateChanged: (listener) => subscribe('update:changed', listener),
    openCustomerDisplay: () => invoke('customerDisplay:open'),
  } satisfies LinliApi;
}
