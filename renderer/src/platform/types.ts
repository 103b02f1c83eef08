import type { AppInfo, RendererLogEntry } from '@shared/ipc/contract';
import type { Settings, SettingsPatch } from '@shared/settings';

/**
 * Platform services the UI needs from its host. Three implementations:
 * `electron` (over the preload's `window.linli`), `browser` (a plain Chromium
 * tab: how the app runs in development and end-to-end tests) and `testing`
 * (in-memory, for component tests).
 */
export interface Platform {
  readonly kind: 'electron' | 'browser' | 'testing';
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** A line in the host's log: Electron's rotating log file; the console in a browser. */
  writeLog(entry: RendererLogEntry): Promise<void>;
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
}
