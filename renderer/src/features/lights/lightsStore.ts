import { create } from 'zustand';
import type { LightsState, LitSlot } from '@shared/shelf/lights';

/**
 * The simulated shelf lights: what is lit on screen now. Fed by the platform's
 * `onLightsChanged` (see `<SimulatedLights>`); each command replaces the last,
 * and the lights go out by themselves after the command's duration.
 */
export interface LightsStore {
  slots: LitSlot[];
  /** When the current lights go out (ms since the epoch); null when none are lit. */
  until: number | null;
  apply(state: LightsState): void;
  clear(): void;
}

let expiry: ReturnType<typeof setTimeout> | null = null;

function cancelExpiry(): void {
  if (expiry !== null) clearTimeout(expiry);
  expiry = null;
}

export const useLightsStore = create<LightsStore>()((set, get) => ({
  slots: [],
  until: null,
  apply: ({ slots, durationMs }) => {
    cancelExpiry();
    if (slots.length === 0 || durationMs <= 0) {
      set({ slots: [], until: null });
      return;
    }
    set({ slots, until: Date.now() + durationMs });
    expiry = setTimeout(() => {
      expiry = null;
      get().clear();
    }, durationMs);
  },
  clear: () => {
    cancelExpiry();
    set({ slots: [], until: null });
  },
}));

/** Selectors. */
export const selectLitSlots = (state: LightsStore): LitSlot[] => state.slots;

/** Whether a slot is lit now (for the slot map's highlight), and in which colour. */
export function useLitSlot(slotId: string): LitSlot | undefined {
  return useLightsStore((state) => state.slots.find((slot) => slot.slotId === slotId));
}
