import type { App } from 'electron';
import type { AppInfo } from '@shared/ipc/contract';

export function appInfo(
  app: Pick<App, 'getName' | 'getVersion'>,
  runtime: { platform: string; arch: string; versions: Partial<Record<string, string>> } = process,
): AppInfo {
  return {
    name: app.getName(),
    version: app.getVersion(),
    platform: `${runtime.platform}-${runtime.arch}`,
    electron: runtime.versions.electron ?? null,
    chrome: runtime.versions.chrome ?? null,
    node: runtime.versions.node ?? null,
  };
}
