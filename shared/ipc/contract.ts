import { z } from 'zod';
import { settingsPatchSchema, type Settings, type SettingsPatch } from '../settings';

/**
 * The one IPC contract between Electron's main process, the preload and the
 * renderer. Channel names are `domain:action`.
 *
 * Adding a channel:
 * 1. add it to `InvokeContract` (or `EventContract`) with its argument and result types;
 * 2. add its argument schema to `invokeArgs` (main validates every call with it);
 * 3. add a named function to `LinliApi` and map it in `apiChannels`;
 * 4. implement the handler in `electron/main/` and the function in the preload —
 *    the preload object `satisfies LinliApi`, so the compiler points at what is missing.
 */

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  electron: z.string().nullable(),
  chrome: z.string().nullable(),
  node: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * A line for the rotating log in userData/logs, from the renderer (failed syncs,
 * rejected HQ responses, crashes caught by error boundaries). Bounded in size:
 * the renderer must not be able to fill the disk or forge multi-line entries.
 */
export const rendererLogEntrySchema = z
  .object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().min(1).max(2000),
    context: z
      .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .refine((context) => Object.keys(context).length <= 20, 'at most 20 context fields')
      .optional(),
  })
  .strict();
export type RendererLogEntry = z.infer<typeof rendererLogEntrySchema>;

export interface InvokeContract {
  'app:info': { args: []; result: AppInfo };
  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: SettingsPatch]; result: Settings };
  'log:write': { args: [entry: RendererLogEntry]; result: void };
}
export type InvokeChannel = keyof InvokeContract;

export interface EventContract {
  'settings:changed': Settings;
}
export type EventChannel = keyof EventContract;

/** A settings patch as it crosses IPC: only the keys sent, each validated, nothing else. */
export const settingsPatchArg = settingsPatchSchema;

/** Runtime argument schemas: every handler parses its `unknown` arguments with these. */
export const invokeArgs = {
  'app:info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([settingsPatchArg]),
  'log:write': z.tuple([rendererLogEntrySchema]),
} as const satisfies { [C in InvokeChannel]: z.ZodType<InvokeContract[C]['args']> };

/** What the preload exposes as `window.linli`: one named function per action. */
export interface LinliApi {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Appends a line to the app's rotating log (rate-limited by the main process). */
  writeLog(entry: RendererLogEntry): Promise<void>;
  /** Returns an unsubscribe function; the listener never sees the IPC event. */
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
}

export const apiChannels = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  writeLog: 'log:write',
  onSettingsChanged: 'settings:changed',
} as const satisfies Record<keyof LinliApi, InvokeChannel | EventChannel>;
