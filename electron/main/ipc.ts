import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  invokeArgs,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type InvokeContract,
} from '@shared/ipc/contract';
import { isAppUrl } from './config';
import type { Logger } from './logger';

/** What a handler implements: typed, already-validated arguments in, a typed result out. */
export type InvokeHandler<C extends InvokeChannel> = (
  ...args: InvokeContract[C]['args']
) => InvokeContract[C]['result'] | Promise<InvokeContract[C]['result']>;

/** Every channel of the contract must have a handler: a missing one fails the type check. */
export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

export class IpcRefusedError extends Error {
  override name = 'IpcRefusedError';
}

export interface IpcGuard {
  /** Vite's dev server, accepted as a sender in development only. */
  devServerUrl: string | null;
  logger: Logger;
}

/**
 * The URL of the top-level frame that sent an IPC message; null when the frame is
 * gone or is a sub-frame (the app has none: CSP forbids frames, so one calling is foreign).
 */
export function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | null {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return null;
    return frame.url;
  } catch {
    // Accessing a destroyed frame throws.
    return null;
  }
}

function summarise(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(args)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Wraps one handler: checks the sender's frame is the app (never another origin,
 * never a frame that is gone), parses the `unknown` arguments with the contract's
 * schema, then calls the implementation. Refusals are logged and thrown, so the
 * renderer's promise rejects with a clear message.
 */
export function guardHandler<C extends InvokeChannel>(
  channel: C,
  implementation: InvokeHandler<C>,
  { devServerUrl, logger }: IpcGuard,
): (
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  ...args: unknown[]
) => Promise<InvokeContract[C]['result']> {
  const schema = invokeArgs[channel];
  return async (event, ...args) => {
    const url = senderUrl(event);
    if (!isAppUrl(url, devServerUrl)) {
      logger.warn('ipc: refused sender', { channel, sender: url });
      throw new IpcRefusedError(
        `${channel}: refused, the sender ${url ?? '(no top-level frame)'} is not the app`,
      );
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const detail = summarise(parsed.error.issues);
      logger.warn('ipc: refused malformed arguments', { channel, detail });
      throw new IpcRefusedError(`${channel}: invalid arguments — ${detail}`);
    }
    try {
      return await (implementation as (...a: unknown[]) => Promise<InvokeContract[C]['result']>)(
        ...(parsed.data as unknown[]),
      );
    } catch (error) {
      logger.error('ipc: handler failed', { channel, error });
      throw error;
    }
  };
}

/** Handlers for some channels: each module registers the channels it serves. */
export type InvokeHandlersFor<C extends InvokeChannel> = { [K in C]: InvokeHandler<K> };

/**
 * The one place handlers are registered with ipcMain, each guarded. Modules
 * register their own channels; app.test checks that together they cover the contract.
 */
export function registerInvokeHandlers<C extends InvokeChannel>(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: InvokeHandlersFor<C>,
  guard: IpcGuard,
): () => void {
  const channels = Object.keys(handlers) as C[];
  for (const channel of channels) {
    ipcMain.handle(
      channel,
      guardHandler(channel, handlers[channel] as unknown as InvokeHandler<typeof channel>, guard),
    );
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Something that can receive an event: a window's webContents. */
export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Sends a typed event from the contract. */
export function sendEvent<E extends EventChannel>(
  target: EventReceiver,
  channel: E,
  payload: EventContract[E],
): void {
  if (!target.isDestroyed()) target.send(channel, payload);
}
