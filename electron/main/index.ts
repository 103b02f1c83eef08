import {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { initApp } from './app';
import { configFromEnvironment } from './config';

// Entry of dist/electron/main.cjs (bundled by scripts/build-electron.mjs).
const config = configFromEnvironment({ env: process.env, mainDir: __dirname, isPackaged: app.isPackaged });
const { context, started } = initApp(config, {
  app,
  BrowserWindow,
  protocol,
  session,
  ipcMain,
  safeStorage,
  shell,
  utilityProcess,
  screen,
});

process.on('unhandledRejection', (reason: unknown) => {
  context.logger.error('unhandled rejection in the main process', { reason });
});

started.catch((error: unknown) => {
  context.logger.error('start-up failed', { error });
  console.error('[linli] start-up failed', error);
  app.exit(1);
});
