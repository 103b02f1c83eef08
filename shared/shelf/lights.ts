import { z } from 'zod';
import { SLOT_ID_RE } from '../codes/formats';

/**
 * Pick-to-light commands: which slots light up, in which colour, for how long.
 * The same shapes travel over IPC (renderer → main), to an HTTP shelf
 * controller (main → controller, see `ControllerRequest`) and to the on-screen
 * simulation (`LightsState`).
 */

export const LIGHT_COLORS = ['green', 'blue', 'red', 'amber'] as const;
export type LightColor = (typeof LIGHT_COLORS)[number];

export const LIGHT_DRIVERS = ['none', 'simulated', 'http'] as const;
export type LightDriverKind = (typeof LIGHT_DRIVERS)[number];

/** The longest a slot stays lit without being cleared: ten minutes. */
export const MAX_LIGHT_DURATION_MS = 10 * 60_000;
/** A shelf has a few hundred slots at most; a command lights the slots of one or two orders. */
export const MAX_LIT_SLOTS = 64;

export const lightsShowCommandSchema = z
  .object({
    slotIds: z.array(z.string().regex(SLOT_ID_RE, 'not a slot id (e.g. C2-07)')).min(1).max(MAX_LIT_SLOTS),
    color: z.enum(LIGHT_COLORS),
    durationMs: z.number().int().min(100).max(MAX_LIGHT_DURATION_MS),
    /** Blink to draw the eye (put-away proposal); steady otherwise. */
    blink: z.boolean().optional(),
  })
  .strict();
export type LightsShowCommand = z.infer<typeof lightsShowCommandSchema>;

export interface LitSlot {
  slotId: string;
  color: LightColor;
  blink: boolean;
}

/** What the HTTP controller receives (POST, JSON). An empty `slots` list turns every light off. */
export interface ControllerRequest {
  slots: LitSlot[];
  durationMs: number;
}

/** What is lit now, for the on-screen simulation; `durationMs` 0 with no slots means cleared. */
export interface LightsState {
  slots: LitSlot[];
  durationMs: number;
}

/** The outcome of a command. Never an exception: a broken controller must not stop the counter. */
export interface LightsResult {
  ok: boolean;
  driver: LightDriverKind;
  /** Why it failed (HTTP status, timeout, refused connection); null when ok. */
  error: string | null;
  /** How long the driver took. */
  elapsedMs: number;
}

/** The lit slots of a command, de-duplicated in order. */
export function litSlots(command: LightsShowCommand): LitSlot[] {
  return [...new Set(command.slotIds)].map((slotId) => ({
    slotId,
    color: command.color,
    blink: command.blink ?? false,
  }));
}
