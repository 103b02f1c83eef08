import { z } from 'zod';

/**
 * An update restarts the app. It is installed only at a safe moment: never with a
 * sale being rung up, and only with nothing waiting to upload — or after the day
 * is closed (the close already accounts for what is pending).
 */
export const updateSafetySchema = z
  .object({
    saleOpen: z.boolean(),
    pendingCount: z.number().int().min(0),
    dayClosed: z.boolean(),
  })
  .strict();
export type UpdateSafety = z.infer<typeof updateSafetySchema>;

export type UpdateBlock = 'saleOpen' | 'pending';

/** Why an update may not be installed now; null when it may. */
export function updateBlockedBy({ saleOpen, pendingCount, dayClosed }: UpdateSafety): UpdateBlock | null {
  if (saleOpen) return 'saleOpen';
  if (pendingCount > 0 && !dayClosed) return 'pending';
  return null;
}

export type UpdateState =
  | { state: 'off' }
  | { state: 'idle'; checkedAt: string | null }
  | { state: 'checking' }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

export type InstallAnswer = { installing: true } | { installing: false; reason: UpdateBlock | 'notReady' };
