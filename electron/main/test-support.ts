// Fakes for the Electron objects the main process receives (tests only).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import os from 'node:os';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronDeps } from './context';
import type { LogFields, Logger, LogLevel } from './logger';

export interface LoggedLine {
  level: LogLevel;
  message: string;
  fields?: LogFields;
}

export function createMemoryLogger(): Logger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      lines.push(fields ? { level, message, fields } : { level, message });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(
  params: T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  destroyed = false;
  reloads = 0;
  sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  reload(): void {
    this.reloads += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  /** Emits will-navigate / will-redirect and tells whether the app let it through. */
  tryNavigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = fakeEvent({ url });
    this.emit(kind, event, url);
    return !event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  focused = false;
  minimized = false;
  kiosk: boolean;
  destroyed = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.kiosk = options.kiosk ?? false;
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  showInactive(): void {
    this.shown = true;
  }
  bounds: { x: number; y: number; width: number; height: number } | null = null;
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  setKiosk(kiosk: boolean): void {
    this.kiosk = kiosk;
  }
  /** As Electron: the window goes away and emits `closed`. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeApp extends EventEmitter {
  ready = false;
  gotLock = true;
  quitCalls = 0;
  sandboxEnabled = false;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  constructor(readonly userData: string = os.tmpdir()) {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }
  /** Fires `ready` as Electron would. */
  makeReady(): Promise<void> {
    this.ready = true;
    this.resolveReady();
    this.emit('ready');
    return this.readyPromise;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() must be called before app is ready');
    this.sandboxEnabled = true;
  }
  getPath(name = 'userData'): string {
    return name === 'downloads' ? path.join(this.userData, 'Downloads') : this.userData;
  }
  getName(): string {
    return 'Linli Counter';
  }
  getVersion(): string {
    return '0.1.0';
  }
}

export class FakeProtocol {
  privileged: { scheme: string; privileges?: Record<string, boolean | undefined> }[] = [];
  handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  constructor(private readonly app: FakeApp) {}
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges?: Record<string, boolean | undefined> }[],
  ): void {
    // Electron ignores (and warns about) registration after ready; make it loud here.
    if (this.app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!this.app.isReady()) throw new Error('protocol.handle must be called after app is ready');
    this.handlers.set(scheme, handler);
  }
}

type Handler = (...args: never[]) => unknown;

export class FakeSession {
  requestHandler: Handler | null = null;
  checkHandler: Handler | null = null;
  deviceHandler: Handler | null = null;
  setPermissionRequestHandler(handler: Handler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler | null): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler | null): void {
    this.deviceHandler = handler;
  }
}

type InvokeListener = (
  event: { senderFrame: { url: string } | null },
  ...args: unknown[]
) => Promise<unknown>;

export class FakeIpcMain {
  handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a renderer frame at `url` would. */
  invoke(channel: string, url: string | null, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return listener({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

/** A reversible stand-in for safeStorage (the tests only need "not the plain text"). */
export function fakeSafeStorage(available = true) {
  const calls = { encrypt: 0, decrypt: 0 };
  return {
    calls,
    isEncryptionAvailable: () => available,
    encryptString: (plain: string): Buffer => {
      calls.encrypt += 1;
      return Buffer.from('sealed:' + Buffer.from(plain, 'utf8').reverse().toString('hex'));
    },
    decryptString: (sealed: Buffer): string => {
      calls.decrypt += 1;
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(text.slice('sealed:'.length), 'hex').reverse().toString('utf8');
    },
  };
}

/** Records forks; the forked "process" answers nothing until a test drives it. */
export class FakeUtilityProcess {
  forks: { modulePath: string; child: EventEmitter & { sent: unknown[] } }[] = [];
  fork(modulePath: string) {
    const child = Object.assign(new EventEmitter(), {
      sent: [] as unknown[],
      postMessage(message: unknown) {
        child.sent.push(message);
      },
      kill() {
        child.emit('exit', 0);
        return true;
      },
    });
    this.forks.push({ modulePath, child });
    return child;
  }
}

export function fakeElectron(userData?: string) {
  FakeBrowserWindow.instances = [];
  const app = new FakeApp(userData);
  const protocol = new FakeProtocol(app);
  const defaultSession = new FakeSession();
  const ipcMain = new FakeIpcMain();
  const safeStorage = fakeSafeStorage();
  const utilityProcess = new FakeUtilityProcess();
  const shell = {
    opened: [] as string[],
    openPath(path: string) {
      shell.opened.push(path);
      return Promise.resolve('');
    },
  };
  const deps = {
    shell,
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol,
    session: { defaultSession },
    ipcMain,
    safeStorage,
    utilityProcess,
  };
  return { ...deps, defaultSession, deps: deps as unknown as ElectronDeps };
}
