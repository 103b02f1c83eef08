import path from 'node:path';
import type { App, Shell } from 'electron';
import type { DataFolders, Folder } from '@shared/ipc/contract';
import type { AppModule } from './context';
import { registerInvokeHandlers } from './ipc';

/** The data (IndexedDB, settings, demo HQ), log and export folders. */
export function dataFolders(app: Pick<App, 'getPath'>): DataFolders {
  const userData = app.getPath('userData');
  return { data: userData, logs: path.join(userData, 'logs'), exports: app.getPath('downloads') };
}

/** Opens only one of those folders: the renderer names which, never a path. */
export async function openFolder(
  app: Pick<App, 'getPath'>,
  shell: Pick<Shell, 'openPath'>,
  folder: Folder,
): Promise<{ ok: boolean; error: string | null }> {
  const error = await shell.openPath(dataFolders(app)[folder]);
  return error ? { ok: false, error } : { ok: true, error: null };
}

/** IPC `app:folders` and `app:openFolder`. */
export const foldersModule: AppModule = {
  name: 'folders',
  enable(context) {
    const { app, ipcMain, shell } = context.electron;
    registerInvokeHandlers(
      ipcMain,
      {
        'app:folders': () => dataFolders(app),
        'app:openFolder': (folder) => openFolder(app, shell, folder),
      },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
