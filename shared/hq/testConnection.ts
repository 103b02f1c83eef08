import { z } from 'zod';
import { API_PATHS } from '../contract/api';
import { storeIdSchema, terminalIdSchema } from '../contract/common';

/**
 * Settings → HQ connection → Test: can this terminal reach that HQ, and does
 * HQ accept its key for that store? One function for every host. In Electron it
 * runs in the main process, because the page's CSP names only the HQ it loaded
 * with: a new HQ is unreachable from the page until Save reloads it.
 */

export const hqTargetSchema = z
  .object({
    hqUrl: z.url({ protocol: /^https?$/ }),
    storeId: storeIdSchema,
    terminalId: terminalIdSchema,
    apiKey: z.string().min(1).max(512),
  })
  .strict();
export type HqTarget = z.infer<typeof hqTargetSchema>;

export type HqTestStage = 'ok' | 'unreachable' | 'notHq' | 'unauthorized' | 'forbidden' | 'error';

export interface HqTestResult {
  stage: HqTestStage;
  /** HTTP status of the answer that decided it; null when nothing answered. */
  status: number | null;
  /** Network error text or HQ's message, for the person setting up; null when ok. */
  detail: string | null;
}

/** The part of `fetch` this needs (Electron's net.fetch, the page's fetch, a test double). */
export type FetchLike = (
  url: string,
  init: { headers?: Record<string, string> },
) => Promise<{ status: number; ok: boolean; json(): Promise<unknown> }>;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function message(response: { json(): Promise<unknown> }): Promise<string | null> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body?.error?.message === 'string' ? body.error.message : null;
  } catch {
    return null;
  }
}

/** `fetch` carries the host's timeout (an aborted request reads as unreachable). */
export async function testHqConnection(target: HqTarget, fetch: FetchLike): Promise<HqTestResult> {
  const base = target.hqUrl.replace(/\/+$/, '');
  let health;
  try {
    health = await fetch(`${base}${API_PATHS.health}`, {});
  } catch (error) {
    return { stage: 'unreachable', status: null, detail: errorText(error) };
  }
  if (!health.ok) return { stage: 'notHq', status: health.status, detail: await message(health) };
  const body = (await health.json().catch(() => null)) as { status?: unknown } | null;
  if (body?.status !== 'ok') return { stage: 'notHq', status: health.status, detail: null };

  let changes;
  try {
    changes = await fetch(`${base}${API_PATHS.changes(target.storeId)}?limit=1`, {
      headers: { authorization: `Bearer ${target.apiKey}` },
    });
  } catch (error) {
    return { stage: 'unreachable', status: null, detail: errorText(error) };
  }
  if (changes.ok) return { stage: 'ok', status: changes.status, detail: null };
  const stage: HqTestStage =
    changes.status === 401 ? 'unauthorized' : changes.status === 403 ? 'forbidden' : 'error';
  return { stage, status: changes.status, detail: await message(changes) };
}
