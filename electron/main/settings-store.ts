import nodeFs from 'node:fs';
import { z } from 'zod';
import {
  applySettingsPatch,
  defaultSettings,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '@shared/settings';
import type { Logger } from './logger';

/** Electron's safeStorage, as far as the store uses it. */
export interface SecretSealer {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type SettingsFs = Pick<
  typeof nodeFs,
  'readFileSync' | 'writeFileSync' | 'renameSync' | 'copyFileSync' | 'mkdirSync' | 'rmSync'
>;

export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Returns an unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void;
}

/**
 * On disk: everything but the API key in clear (it is not secret and a technician
 * may need to read it), the key sealed with safeStorage. Only when the OS offers
 * no encryption (Linux without a keyring) is the key kept in clear, and logged.
 */
const settingsFileSchema = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
  apiKey: z.union([z.object({ sealed: z.string().max(8192) }), z.object({ plain: z.string().max(512) })]),
});
type SettingsFile = z.infer<typeof settingsFileSchema>;

export interface SettingsStoreOptions {
  /** userData/settings.json */
  file: string;
  dir: string;
  fs?: SettingsFs;
  safeStorage: SecretSealer;
  logger: Logger;
}

export function createSettingsStore({
  file,
  dir,
  fs = nodeFs,
  safeStorage,
  logger,
}: SettingsStoreOptions): SettingsStore {
  const listeners = new Set<(settings: Settings) => void>();

  const canSeal = (): boolean => {
    try {
      return safeStorage.isEncryptionAvailable();
    } catch {
      return false;
    }
  };

  const write = (settings: Settings): void => {
    const { apiKey, ...rest } = settings;
    let stored: SettingsFile['apiKey'];
    if (canSeal()) {
      stored = { sealed: safeStorage.encryptString(apiKey).toString('base64') };
    } else {
      logger.warn('settings: OS encryption unavailable, API key stored unencrypted');
      stored = { plain: apiKey };
    }
    const body: SettingsFile = { version: 1, settings: rest, apiKey: stored };
    fs.mkdirSync(dir, { recursive: true });
    // Write beside, then rename over: a crash mid-write leaves the old file whole.
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { encoding: 'utf8', mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  };

  const keepBroken = (reason: string, detail?: unknown): Settings => {
    logger.warn('settings: file unusable, using defaults; kept as .bak', {
      reason,
      detail: String(detail ?? ''),
    });
    try {
      fs.copyFileSync(file, `${file}.bak`);
    } catch (error) {
      logger.error('settings: could not keep the broken file', { error });
    }
    return defaultSettings();
  };

  const load = (): Settings => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
      logger.error('settings: unreadable, using defaults', { error });
      return defaultSettings();
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return keepBroken('invalid JSON', error);
    }
    const parsedFile = settingsFileSchema.safeParse(json);
    if (!parsedFile.success) return keepBroken('unexpected shape', parsedFile.error.message);

    let apiKey: string | undefined;
    let reseal = false;
    const stored = parsedFile.data.apiKey;
    if ('sealed' in stored) {
      try {
        apiKey = safeStorage.decryptString(Buffer.from(stored.sealed, 'base64'));
      } catch (error) {
        logger.error('settings: API key could not be unsealed (keyring changed?); enter it again', { error });
        apiKey = undefined;
      }
    } else {
      apiKey = stored.plain;
      reseal = canSeal();
    }
    const parsed = settingsSchema.safeParse({ ...parsedFile.data.settings, apiKey });
    if (!parsed.success) return keepBroken('invalid settings', parsed.error.message);
    if (reseal) {
      write(parsed.data);
      logger.info('settings: API key sealed with safeStorage');
    }
    return parsed.data;
  };

  // Loaded on first use, which is after app ready: on Linux safeStorage only works then.
  let current: Settings | null = null;
  const ensure = (): Settings => (current ??= load());

  return {
    get: ensure,
    update(patch) {
      const next = applySettingsPatch(ensure(), patch);
      write(next);
      current = next;
      for (const listener of listeners) {
        try {
          listener(next);
        } catch (error) {
          logger.error('settings: change listener failed', { error });
        }
      }
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
