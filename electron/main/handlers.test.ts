import { describe, expect, it } from 'vitest';
import { defaultSettings } from '@shared/settings';
import { createInvokeHandlers, rendererLogWriter } from './handlers';
import type { SettingsStore } from './settings-store';
import { createMemoryLogger } from './test-support';

describe('renderer log lines', () => {
  it('go to the main log at their level, marked as from the renderer', () => {
    const logger = createMemoryLogger();
    const write = rendererLogWriter(logger, { maxLines: 10, windowMs: 1000 });
    write({ level: 'error', message: 'HQ answered 503', context: { attempt: 3 } });
    write({ level: 'info', message: 'synced' });
    expect(logger.lines).toEqual([
      { level: 'error', message: 'renderer: HQ answered 503', fields: { attempt: 3 } },
      { level: 'info', message: 'renderer: synced' },
    ]);
  });

  it('are rate-limited, and the drop is reported once the window turns', () => {
    const logger = createMemoryLogger();
    let clock = 0;
    const write = rendererLogWriter(logger, { maxLines: 3, windowMs: 1000, now: () => clock });
    for (let i = 0; i < 100; i += 1) write({ level: 'error', message: `loop ${i}` });
    expect(logger.lines).toHaveLength(3);
    clock = 1000;
    write({ level: 'info', message: 'later' });
    expect(logger.lines.slice(3)).toEqual([
      { level: 'warn', message: 'renderer: log lines dropped (rate limit)', fields: { dropped: 97 } },
      { level: 'info', message: 'renderer: later' },
    ]);
  });
});

describe('invoke handlers', () => {
  it('answer app info and settings from what they are given', async () => {
    const settings: SettingsStore = {
      get: () => defaultSettings(),
      update: (patch) => ({ ...defaultSettings(), ...patch }) as ReturnType<SettingsStore['get']>,
      onChange: () => () => {},
    };
    const handlers = createInvokeHandlers({
      app: { getName: () => 'Linli Counter', getVersion: () => '1.2.3' },
      settings,
      logger: createMemoryLogger(),
    });
    expect(await handlers['app:info']()).toMatchObject({ name: 'Linli Counter', version: '1.2.3' });
    expect(await handlers['settings:update']({ storeId: 'S9' })).toMatchObject({ storeId: 'S9' });
  });
});
