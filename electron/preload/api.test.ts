import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { apiChannels } from '@shared/ipc/contract';
import { defaultSettings } from '@shared/settings';
import { createLinliApi, type PreloadIpc } from './api';

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipc = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ channel });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      emitter.removeListener(channel, listener),
  };
  return { ipc: ipc as unknown as PreloadIpc, emitter, invoked };
}

describe('preload bridge', () => {
  it('exposes exactly the named functions of the contract (no generic send/on/invoke)', () => {
    const api = createLinliApi(fakeIpcRenderer().ipc);
    expect(Object.keys(api).sort()).toEqual(Object.keys(apiChannels).sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('on');
  });

  it('each invoke function uses its own channel from the contract', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createLinliApi(ipc);
    await api.appInfo();
    await api.getSettings();
    await api.updateSettings({ language: 'en' });
    expect(invoked).toEqual([
      { channel: apiChannels.appInfo, args: [] },
      { channel: apiChannels.getSettings, args: [] },
      { channel: apiChannels.updateSettings, args: [{ language: 'en' }] },
    ]);
  });

  it('event listeners get only the payload and can unsubscribe', () => {
    const { ipc, emitter } = fakeIpcRenderer();
    const api = createLinliApi(ipc);
    const received: unknown[][] = [];
    const unsubscribe = api.onSettingsChanged((...args: unknown[]) => received.push(args));
    const fakeEvent = { sender: { send: () => {} }, ports: [] };
    const payload = { ...defaultSettings(), language: 'en' as const };
    emitter.emit(apiChannels.onSettingsChanged, fakeEvent, payload);
    expect(received).toEqual([[payload]]);
    unsubscribe();
    emitter.emit(apiChannels.onSettingsChanged, fakeEvent, payload);
    expect(received).toHaveLength(1);
    expect(emitter.listenerCount(apiChannels.onSettingsChanged)).toBe(0);
  });

  it('the demo HQ, printing and shelf-light functions use their own channels', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createLinliApi(ipc);
    const job = { html: '<p>小票</p>', widthMm: 58 as const, silent: true };
    const command = { slotIds: ['C2-07'], color: 'green' as const, durationMs: 5000 };
    await api.demoHqStatus();
    await api.printHtml(job);
    await api.listPrinters();
    await api.savePdf({ html: '<h1>日结</h1>', name: '日结-2026-11-30' });
    await api.showLights(command);
    await api.clearLights();
    expect(invoked).toEqual([
      { channel: 'demoHq:status', args: [] },
      { channel: 'print:html', args: [job] },
      { channel: 'print:printers', args: [] },
      { channel: 'pdf:save', args: [{ html: '<h1>日结</h1>', name: '日结-2026-11-30' }] },
      { channel: 'lights:show', args: [command] },
      { channel: 'lights:clear', args: [] },
    ]);
  });

  it('openCashDrawer and printReceiptDocument use their own channels', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createLinliApi(ipc);
    const document = {
      widthMm: 58 as const,
      language: 'zh-CN' as const,
      blocks: [{ kind: 'rule' as const }],
    };
    await api.openCashDrawer('换零钱');
    await api.openCashDrawer();
    await api.printReceiptDocument(document);
    expect(invoked).toEqual([
      { channel: 'drawer:open', args: [{ reason: '换零钱' }] },
      { channel: 'drawer:open', args: [{}] },
      { channel: 'print:receipt', args: [document] },
    ]);
  });

  it('lights:changed listeners get only the lit slots and can unsubscribe', () => {
    const { ipc, emitter } = fakeIpcRenderer();
    const api = createLinliApi(ipc);
    const received: unknown[][] = [];
    const unsubscribe = api.onLightsChanged((...args: unknown[]) => received.push(args));
    const state = { slots: [{ slotId: 'A1-01', color: 'blue' as const, blink: false }], durationMs: 3000 };
    emitter.emit('lights:changed', { sender: {} }, state);
    expect(received).toEqual([[state]]);
    unsubscribe();
    expect(emitter.listenerCount('lights:changed')).toBe(0);
  });
});
