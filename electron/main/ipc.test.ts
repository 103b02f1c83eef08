import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { invokeArgs, MAX_PRINT_HTML_CHARS, type InvokeChannel } from '@shared/ipc/contract';
import { applySettingsPatch, defaultSettings } from '@shared/settings';
import { guardHandler, IpcRefusedError, registerInvokeHandlers, type InvokeHandlers } from './ipc';
import { createMemoryLogger, FakeIpcMain } from './test-support';

const APP = 'app://linli/index.html';

/** A valid call for every channel: a refused sender is refused even with good arguments. */
const validArgs: Record<InvokeChannel, unknown[]> = {
  'app:info': [],
  'settings:get': [],
  'settings:update': [{ language: 'en' }],
  'log:write': [{ level: 'error', message: 'sync failed', context: { status: 503 } }],
  'demoHq:status': [],
  'print:html': [{ html: '<p>取货单</p>', widthMm: 80, silent: true, copies: 2 }],
  'print:printers': [],
  'pdf:save': [{ html: '<h1>日结</h1>', name: '日结-S001-T1-2026-11-30' }],
  'lights:show': [{ slotIds: ['C2-07', 'A1-01'], color: 'green', durationMs: 8000 }],
  'lights:clear': [],
  'hq:test': [{ hqUrl: 'https://hq.store.example', storeId: 'S001', terminalId: 'T1', apiKey: 'k' }],
  'drawer:open': [{ reason: '找零备用金' }],
  'print:receipt': [{ widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'title', text: '邻里柜台' }] }],
  'app:folders': [],
  'app:openFolder': ['logs'],
  'update:status': [],
  'update:install': [{ saleOpen: false, pendingCount: 0, dayClosed: false }],
  'customerDisplay:open': [],
};
const DEV = 'http://127.0.0.1:5173';

function setup(devServerUrl: string | null = null) {
  const ipc = new FakeIpcMain();
  const logger = createMemoryLogger();
  const handlers = {
    'app:info': vi.fn(() => ({
      name: 'Linli Counter',
      version: '0.1.0',
      platform: 'linux-x64',
      electron: '45.4.1',
      chrome: null,
      node: null,
    })),
    'settings:get': vi.fn(() => defaultSettings()),
    'settings:update': vi.fn((patch: Parameters<InvokeHandlers['settings:update']>[0]) =>
      applySettingsPatch(defaultSettings(), patch),
    ),
    'log:write': vi.fn(),
    'demoHq:status': vi.fn(() => ({ running: true, url: 'http://127.0.0.1:8787', error: null })),
    'print:html': vi.fn(() => ({ ok: true, error: null })),
    'print:printers': vi.fn(() => []),
    'pdf:save': vi.fn(() => ({ ok: true as const, path: '/dl/x.pdf', error: null })),
    'lights:show': vi.fn(() => ({ ok: true, driver: 'simulated' as const, error: null, elapsedMs: 0 })),
    'lights:clear': vi.fn(() => ({ ok: true, driver: 'simulated' as const, error: null, elapsedMs: 0 })),
    'hq:test': vi.fn(() => ({ stage: 'ok' as const, status: 200, detail: null })),
    'drawer:open': vi.fn(() => ({ ok: true as const, method: 'pulse' as const })),
    'print:receipt': vi.fn(() => ({ ok: true, error: null })),
    'app:folders': vi.fn(() => ({ data: '/d', logs: '/d/logs', exports: '/dl' })),
    'app:openFolder': vi.fn(() => ({ ok: true, error: null })),
    'update:status': vi.fn(() => ({ state: 'off' as const })),
    'update:install': vi.fn(() => ({ installing: false as const, reason: 'notReady' as const })),
    'customerDisplay:open': vi.fn(() => ({ opened: true, secondMonitor: true, error: null })),
  } satisfies InvokeHandlers;
  registerInvokeHandlers(ipc as unknown as IpcMain, handlers as unknown as InvokeHandlers, {
    devServerUrl,
    logger,
  });
  return { ipc, logger, handlers };
}

describe('IPC registration', () => {
  it('registers exactly the channels of the contract', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(invokeArgs).sort());
  });

  it('unregisters what it registered', () => {
    const ipc = new FakeIpcMain();
    const dispose = registerInvokeHandlers(
      ipc as unknown as IpcMain,
      {
        'app:info': vi.fn(),
        'settings:get': vi.fn(),
        'settings:update': vi.fn(),
        'log:write': vi.fn(),
        'lights:show': vi.fn(),
      } as unknown as InvokeHandlers,
      { devServerUrl: null, logger: createMemoryLogger() },
    );
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('IPC sender validation', () => {
  it('serves the app origin', async () => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('app:info', APP)).resolves.toMatchObject({ name: 'Linli Counter' });
    await expect(ipc.invoke('settings:get', 'app://linli/counter')).resolves.toMatchObject({
      language: 'zh-CN',
    });
    expect(handlers['app:info']).toHaveBeenCalledTimes(1);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8787/',
    'file:///home/user/evil.html',
    'app://evil/index.html',
    'app://linli.evil/index.html',
    'about:blank',
    'data:text/html,x',
    'devtools://devtools/bundled/inspector.html',
    `${DEV}/`,
    '',
    null,
  ])('refuses a sender at %s on every channel', async (url) => {
    const { ipc, logger, handlers } = setup();
    for (const channel of Object.keys(invokeArgs) as InvokeChannel[]) {
      const args = validArgs[channel];
      await expect(ipc.invoke(channel, url, ...args)).rejects.toThrow(IpcRefusedError);
      await expect(ipc.invoke(channel, url, ...args)).rejects.toThrow(/not the app/);
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
    expect(logger.lines.some((line) => line.level === 'warn' && line.message === 'ipc: refused sender')).toBe(
      true,
    );
  });

  it('accepts the dev server only in development', async () => {
    await expect(setup(DEV).ipc.invoke('app:info', `${DEV}/`)).resolves.toBeTruthy();
    await expect(setup(null).ipc.invoke('app:info', `${DEV}/`)).rejects.toThrow(/not the app/);
    await expect(setup(DEV).ipc.invoke('app:info', 'http://127.0.0.1:5174/')).rejects.toThrow(/not the app/);
  });

  it('refuses a sender whose frame throws when read (destroyed)', async () => {
    const logger = createMemoryLogger();
    const implementation = vi.fn(() => defaultSettings());
    const handler = guardHandler('settings:get', implementation, { devServerUrl: null, logger });
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(handler(event)).rejects.toThrow(/\(no top-level frame\)/);
    expect(implementation).not.toHaveBeenCalled();
  });

  it('refuses a sub-frame, even one on the app origin', async () => {
    const implementation = vi.fn(() => defaultSettings());
    const handler = guardHandler('settings:get', implementation, {
      devServerUrl: null,
      logger: createMemoryLogger(),
    });
    const top = { url: APP, parent: null };
    await expect(handler({ senderFrame: { url: APP, parent: top } as never })).rejects.toThrow(/not the app/);
    await expect(handler({ senderFrame: top as never })).resolves.toMatchObject({ language: 'zh-CN' });
    expect(implementation).toHaveBeenCalledTimes(1);
  });
});

describe('IPC argument validation', () => {
  it('passes a valid, parsed patch to the handler', async () => {
    const { ipc, handlers } = setup();
    await ipc.invoke('settings:update', APP, { language: 'en', hqUrl: ' https://hq.example/ ' });
    // Only the keys sent: a patch must never reset the other settings to their defaults.
    expect(handlers['settings:update']).toHaveBeenCalledWith({
      language: 'en',
      hqUrl: 'https://hq.example/',
    });
    await ipc.invoke('settings:update', APP, { scanner: { minLength: 6 } });
    expect(handlers['settings:update']).toHaveBeenLastCalledWith({ scanner: { minLength: 6 } });
  });

  it.each([
    ['no argument', []],
    ['null', [null]],
    ['a string', ['{"language":"en"}']],
    ['an unknown key', [{ language: 'en', isAdmin: true }]],
    ['a prototype-pollution key', [JSON.parse('{"__proto__":{"polluted":true}}')]],
    ['a bad enum', [{ language: 'fr' }]],
    ['a javascript: HQ URL', [{ hqUrl: 'javascript:alert(1)' }]],
    ['a file: HQ URL', [{ hqUrl: 'file:///etc/passwd' }]],
    ['a wrong type', [{ kiosk: 'yes' }]],
    ['an oversized key', [{ apiKey: 'x'.repeat(10_000) }]],
    ['an unknown nested key', [{ scanner: { minLength: 6, eval: 'x' } }]],
    ['an out-of-range number', [{ scanner: { maxKeyGapMs: 1 } }]],
    ['an extra argument', [{ language: 'en' }, 'extra']],
  ])('refuses settings:update with %s', async (_name, args) => {
    const { ipc, handlers, logger } = setup();
    await expect(ipc.invoke('settings:update', APP, ...(args as unknown[]))).rejects.toThrow(
      /settings:update: invalid arguments/,
    );
    expect(handlers['settings:update']).not.toHaveBeenCalled();
    expect(logger.lines.some((line) => line.message === 'ipc: refused malformed arguments')).toBe(true);
  });

  it('accepts a valid call on every channel', async () => {
    const { ipc, handlers } = setup();
    for (const channel of Object.keys(invokeArgs) as InvokeChannel[]) {
      await ipc.invoke(channel, APP, ...validArgs[channel]);
      expect(handlers[channel]).toHaveBeenCalledTimes(1);
    }
  });

  it.each([
    ['an unknown level', { level: 'fatal', message: 'x' }],
    ['an empty message', { level: 'info', message: '' }],
    ['a huge message', { level: 'info', message: 'x'.repeat(5000) }],
    ['an extra key', { level: 'info', message: 'x', stack: 'y' }],
    ['nested context', { level: 'info', message: 'x', context: { deep: { a: 1 } } }],
    [
      'too many context fields',
      {
        level: 'info',
        message: 'x',
        context: Object.fromEntries([...Array(30).keys()].map((i) => [`k${i}`, i])),
      },
    ],
  ])('refuses log:write with %s', async (_name, entry) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('log:write', APP, entry)).rejects.toThrow(/log:write: invalid arguments/);
    expect(handlers['log:write']).not.toHaveBeenCalled();
  });

  it.each([
    ['no job', []],
    ['empty HTML', [{ html: '', widthMm: 58, silent: true }]],
    ['oversized HTML', [{ html: 'x'.repeat(MAX_PRINT_HTML_CHARS + 1), widthMm: null, silent: false }]],
    ['an odd paper width', [{ html: '<p>x</p>', widthMm: 100, silent: true }]],
    ['silent missing', [{ html: '<p>x</p>', widthMm: 58 }]],
    ['a string for silent', [{ html: '<p>x</p>', widthMm: 58, silent: 'yes' }]],
    ['too many copies', [{ html: '<p>x</p>', widthMm: 58, silent: true, copies: 500 }]],
    [
      'an extra key (deviceName is the settings’ choice)',
      [{ html: 'x', widthMm: 58, silent: true, deviceName: 'X' }],
    ],
  ])('refuses print:html with %s', async (_name, args) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('print:html', APP, ...(args as unknown[]))).rejects.toThrow(
      /print:html: invalid arguments/,
    );
    expect(handlers['print:html']).not.toHaveBeenCalled();
  });

  it.each([
    ['no slots', { slotIds: [], color: 'green', durationMs: 1000 }],
    ['a slot id that is not one', { slotIds: ['../etc'], color: 'green', durationMs: 1000 }],
    ['a slot label instead of an id', { slotIds: ['SL-C2-07'], color: 'green', durationMs: 1000 }],
    ['an unknown colour', { slotIds: ['C2-07'], color: 'purple', durationMs: 1000 }],
    ['a negative duration', { slotIds: ['C2-07'], color: 'red', durationMs: -1 }],
    ['a duration of hours', { slotIds: ['C2-07'], color: 'red', durationMs: 3_600_000 }],
    [
      'too many slots',
      { slotIds: Array.from({ length: 65 }, () => 'A1-01'), color: 'red', durationMs: 1000 },
    ],
    ['an extra key', { slotIds: ['C2-07'], color: 'red', durationMs: 1000, url: 'http://x' }],
  ])('refuses lights:show with %s', async (_name, command) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('lights:show', APP, command)).rejects.toThrow(/lights:show: invalid arguments/);
    expect(handlers['lights:show']).not.toHaveBeenCalled();
  });

  it.each([
    ['a javascript: URL', { hqUrl: 'javascript:alert(1)', storeId: 'S001', terminalId: 'T1', apiKey: 'k' }],
    ['a file: URL', { hqUrl: 'file:///etc/passwd', storeId: 'S001', terminalId: 'T1', apiKey: 'k' }],
    ['a malformed store', { hqUrl: 'https://hq.example', storeId: '../x', terminalId: 'T1', apiKey: 'k' }],
    ['no key', { hqUrl: 'https://hq.example', storeId: 'S001', terminalId: 'T1', apiKey: '' }],
    [
      'an extra key',
      { hqUrl: 'https://hq.example', storeId: 'S001', terminalId: 'T1', apiKey: 'k', method: 'DELETE' },
    ],
  ])('refuses hq:test with %s', async (_name, target) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('hq:test', APP, target)).rejects.toThrow(/hq:test: invalid arguments/);
    expect(handlers['hq:test']).not.toHaveBeenCalled();
  });

  it.each([
    ['a path instead of a folder name', ['/etc']],
    ['a traversal', ['../../etc']],
    ['nothing', []],
  ])('refuses app:openFolder with %s (the renderer names a folder, never a path)', async (_n, args) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('app:openFolder', APP, ...args)).rejects.toThrow(/invalid arguments/);
    expect(handlers['app:openFolder']).not.toHaveBeenCalled();
  });

  it.each([
    ['a path', { html: 'x', name: '/etc/x' }],
    ['a traversal', { html: 'x', name: '../x' }],
    ['a folder in the name', { html: 'x', name: 'a/b' }],
    ['no name', { html: 'x' }],
    ['an extra key (a folder)', { html: 'x', name: 'x', folder: '/tmp' }],
    ['empty html', { html: '', name: 'x' }],
  ])('refuses pdf:save with %s (the renderer names the file, never where)', async (_n, job) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('pdf:save', APP, job)).rejects.toThrow(/pdf:save: invalid arguments/);
    expect(handlers['pdf:save']).not.toHaveBeenCalled();
  });

  it('refuses update:install without a full safety report', async () => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('update:install', APP, { saleOpen: false })).rejects.toThrow(/invalid arguments/);
    await expect(ipc.invoke('update:install', APP)).rejects.toThrow(/invalid arguments/);
    expect(handlers['update:install']).not.toHaveBeenCalled();
  });

  it.each(['demoHq:status', 'print:printers', 'lights:clear'] as const)(
    'refuses arguments to %s',
    async (channel) => {
      const { ipc, handlers } = setup();
      await expect(ipc.invoke(channel, APP, { surprise: true })).rejects.toThrow(/invalid arguments/);
      expect(handlers[channel]).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['no argument', []],
    ['a bare string', ['找零']],
    ['an empty reason', [{ reason: '   ' }]],
    ['a huge reason', [{ reason: 'x'.repeat(201) }]],
    ['an extra key', [{ reason: '换零钱', pulseMs: 5000 }]],
    ['an extra argument', [{}, 'again']],
  ])('refuses drawer:open with %s', async (_name, args) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('drawer:open', APP, ...(args as unknown[]))).rejects.toThrow(
      /drawer:open: invalid arguments/,
    );
    expect(handlers['drawer:open']).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a remote image',
      { widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'image', src: 'https://x/y.png' }] },
    ],
    ['an odd paper', { widthMm: 76, language: 'zh-CN', blocks: [{ kind: 'rule' }] }],
    ['no blocks', { widthMm: 58, language: 'zh-CN', blocks: [] }],
    ['an extra key', { widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'rule' }], raw: [27, 112] }],
  ])('refuses print:receipt with %s', async (_name, document) => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('print:receipt', APP, document)).rejects.toThrow(
      /print:receipt: invalid arguments/,
    );
    expect(handlers['print:receipt']).not.toHaveBeenCalled();
  });

  it('passes drawer:open a trimmed reason, or none for a cash tender', async () => {
    const { ipc, handlers } = setup();
    await ipc.invoke('drawer:open', APP, { reason: '  换零钱 ' });
    await ipc.invoke('drawer:open', APP, {});
    expect(handlers['drawer:open'].mock.calls).toEqual([[{ reason: '换零钱' }], [{}]]);
  });

  it('refuses arguments to channels that take none', async () => {
    const { ipc, handlers } = setup();
    await expect(ipc.invoke('app:info', APP, 'surprise')).rejects.toThrow(/app:info: invalid arguments/);
    await expect(ipc.invoke('settings:get', APP, { all: true })).rejects.toThrow(/invalid arguments/);
    expect(handlers['app:info']).not.toHaveBeenCalled();
  });

  it('logs and rethrows a failing handler', async () => {
    const logger = createMemoryLogger();
    const handler = guardHandler(
      'settings:get',
      () => {
        throw new Error('disk gone');
      },
      { devServerUrl: null, logger },
    );
    await expect(handler({ senderFrame: { url: APP } as never })).rejects.toThrow('disk gone');
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', message: 'ipc: handler failed' });
  });
});
