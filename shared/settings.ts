import { z } from 'zod';

/** Languages the UI ships in; Simplified Chinese is the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** The demo HQ that `npm run web` and Electron's "Use demo HQ" start on loopback. */
export const DEMO_HQ_URL = 'http://127.0.0.1:8787';

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/**
 * Terminal settings, stored by the platform (Electron: JSON in userData, the API
 * key sealed with safeStorage; browser: localStorage). Every field has a default
 * so a missing or older settings file still parses.
 */
export const settingsSchema = z.object({
  language: z.enum(LANGUAGES).default(DEFAULT_LANGUAGE),
  hqUrl: httpUrl.default(DEMO_HQ_URL),
  useDemoHq: z.boolean().default(true),
  storeId: z.string().trim().max(64).default('S001'),
  terminalId: z.string().trim().max(64).default('T1'),
  apiKey: z.string().max(512).default('demo-key-T1'),
  kiosk: z.boolean().default(false),
  /** The system printer for receipts ('' = the system default); see `receiptPrinter`. */
  printerName: z.string().max(256).default(''),
  /** The system printer for slot labels ('' = the system default). */
  labelPrinterName: z.string().max(256).default(''),
  scanner: z
    .object({
      maxKeyGapMs: z.number().int().min(10).max(500).default(50),
      minLength: z.number().int().min(1).max(64).default(4),
    })
    .prefault({}),
  shelfLights: z
    .object({
      driver: z.enum(['none', 'simulated', 'http']).default('simulated'),
      url: z.union([httpUrl, z.literal('')]).default(''),
    })
    .prefault({}),
  /** The receipt printer and the cash drawer on its kick connector. */
  receiptPrinter: z
    .object({
      /** `system`: the OS printer `printerName` (HTML through its driver); `network`: raw ESC/POS to host:port. */
      connection: z.enum(['system', 'network']).default('system'),
      host: z
        .string()
        .trim()
        .max(255)
        .regex(/^[A-Za-z0-9.:[\]-]*$/, 'a host name or IP address')
        .default(''),
      port: z.number().int().min(1).max(65_535).default(9100),
      paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
      /**
       * How the drawer opens: `none` (no drawer); `driver` (the printer driver's
       * "open drawer" option kicks it on a print job); `pulse` (the ESC/POS pulse, network printers).
       */
      drawer: z.enum(['none', 'driver', 'pulse']).default('none'),
    })
    .prefault({}),
  /** Updates (electron-updater, generic provider): off until a store names its update server. */
  updates: z
    .object({
      enabled: z.boolean().default(false),
      url: z.union([httpUrl, z.literal('')]).default(''),
    })
    .prefault({}),
  /** The counter's success / refusal / attention sounds: volume in percent (0 = silent). */
  sounds: z
    .object({
      volume: z.number().int().min(0).max(100).default(70),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A schema with its `.default()` / `.prefault()` taken off, made optional. */
function optionalWithoutDefault(schema: z.ZodType): z.ZodType {
  const bare =
    schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault
      ? (schema.unwrap() as z.ZodType)
      : schema;
  return bare instanceof z.ZodObject ? patchObject(bare).optional() : bare.optional();
}

function patchObject(object: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(object.shape).map(([key, field]) => [key, optionalWithoutDefault(field as z.ZodType)]),
  );
  return z.object(shape).strict();
}

type Groups = 'scanner' | 'shelfLights' | 'receiptPrinter' | 'updates' | 'sounds';
export type SettingsPatch = Partial<Omit<Settings, Groups>> & {
  [G in Groups]?: Partial<Settings[G]>;
};

/**
 * A partial update: only the keys sent, each validated, nested groups merged
 * one level deep. Built by stripping the defaults, because zod 4 applies a
 * field's default even inside `.optional()` — `{ language: 'en' }` would
 * otherwise come out with the API key and HQ URL reset.
 */
export const settingsPatchSchema = patchObject(settingsSchema) as unknown as z.ZodType<SettingsPatch>;

export const defaultSettings = (): Settings => settingsSchema.parse({});

/** Applies a validated patch to settings, merging the nested groups. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  return settingsSchema.parse({
    ...current,
    ...patch,
    scanner: { ...current.scanner, ...patch.scanner },
    shelfLights: { ...current.shelfLights, ...patch.shelfLights },
    receiptPrinter: { ...current.receiptPrinter, ...patch.receiptPrinter },
    updates: { ...current.updates, ...patch.updates },
    sounds: { ...current.sounds, ...patch.sounds },
  });
}

export type PrintPurpose = 'receipt' | 'label';

/** The system printer a job of this purpose goes to; '' for the system default. */
export function printerFor(settings: Settings, purpose: PrintPurpose): string {
  return purpose === 'label' ? settings.labelPrinterName : settings.printerName;
}
