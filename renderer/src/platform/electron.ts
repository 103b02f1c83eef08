import type { LinliApi } from '@shared/ipc/contract';
import type { Platform } from './types';

/** The Electron implementation: the preload bridge itself, every channel passed through as it is. */
export function createElectronPlatform(api: LinliApi): Platform {
  return { ...api, kind: 'electron' };
}
