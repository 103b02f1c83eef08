import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolders, openFolder } from './folders';
import { fakeElectron } from './test-support';

describe('data folders', () => {
  it('names the data, log and export folders and opens only those', async () => {
    const electron = fakeElectron('/home/clerk/.config/Linli Counter');
    expect(dataFolders(electron.deps.app)).toEqual({
      data: '/home/clerk/.config/Linli Counter',
      logs: path.join('/home/clerk/.config/Linli Counter', 'logs'),
      exports: path.join('/home/clerk/.config/Linli Counter', 'Downloads'),
    });
    await expect(openFolder(electron.deps.app, electron.deps.shell, 'logs')).resolves.toEqual({
      ok: true,
      error: null,
    });
    expect(electron.shell.opened).toEqual([path.join('/home/clerk/.config/Linli Counter', 'logs')]);
    const failing = { openPath: () => Promise.resolve('Failed to open path') };
    await expect(openFolder(electron.deps.app, failing, 'data')).resolves.toEqual({
      ok: false,
      error: 'Failed to open path',
    });
  });
});
