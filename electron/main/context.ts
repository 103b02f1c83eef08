import type {
  App,
  BrowserWindow,
  IpcMain,
  Protocol,
  SafeStorage,
  Session,
  Shell,
  UtilityProcess,
} from 'electron';
import type { AppConfig } from './config';
import type { CentralStarter } from './demo-hq';
import type { Logger } from './logger';
import type { SettingsStore } from './settings-store';
import type { WindowConstructor } from './window';
import type { ScreenLike } from './customer-display';

/** The Electron objects the main process uses, passed in so tests can give fakes. */
export interface ElectronDeps {
  app: App;
  BrowserWindow: WindowConstructor & { getAllWindows(): BrowserWindow[] };
  protocol: Protocol;
  session: { readonly defaultSession: Session };
  ipcMain: IpcMain;
  safeStorage: SafeStorage;
  /** Opens the data and log folders (Settings). */
  shell: Pick<Shell, 'openPath'>;
  /** Forks the demo HQ off the main thread. */
  utilityProcess: { fork(modulePath: string, args?: string[], options?: object): UtilityProcess };
  /** The monitors (the customer display goes to the second); absent in tests. */
  screen?: ScreenLike;
}

export interface AppContext {
  readonly electron: ElectronDeps;
  readonly config: AppConfig;
  readonly logger: Logger;
  /** Loaded on first use, after app ready. */
  readonly settings: SettingsStore;
  /** Starts the reference central for Settings → Use demo HQ (a fake in tests). */
  readonly startCentral: CentralStarter;
  /** Set by a module that decided the app must not start (a second instance). */
  stop(reason: string): void;
  readonly stopped: boolean;
}

/**
 * One concern of the main process. `enable` runs synchronously up to its first
 * `await`, in the order the modules are listed — which is how the protocol
 * module registers its scheme before `app.whenReady()`.
 */
export interface AppModule {
  readonly name: string;
  enable(context: AppContext): void | Promise<void>;
}

/** Resolves when the app is ready; false when a module stopped start-up meanwhile. */
export async function whenStarted(context: AppContext): Promise<boolean> {
  if (context.stopped) return false;
  await context.electron.app.whenReady();
  return !context.stopped;
}
