import type { LinliApi } from '@shared/ipc/contract';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron';
import type { Platform } from './types';

export type { Platform } from './types';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload. */
    linli?: LinliApi;
  }
}

/** Picks the implementation for where the renderer is running. */
export function detectPlatform(): Platform {
  return window.linli ? createElectronPlatform(window.linli) : createBrowserPlatform();
}
