import type { ControllerRequest, LightDriverKind, LightsState, LitSlot } from '@shared/shelf/lights';

/** One way of lighting slots. Drivers may throw; the adapter turns that into a result. */
export interface LightDriver {
  readonly kind: LightDriverKind;
  show(slots: LitSlot[], durationMs: number): Promise<void>;
  clear(): Promise<void>;
}

/** No lights fitted: every command succeeds and does nothing. */
export const noLights: LightDriver = {
  kind: 'none',
  show: () => Promise.resolve(),
  clear: () => Promise.resolve(),
};

/** Lights on screen: the state goes to every window (IPC `lights:changed`). */
export function simulatedLights(broadcast: (state: LightsState) => void): LightDriver {
  return {
    kind: 'simulated',
    show: (slots, durationMs) => {
      broadcast({ slots, durationMs });
      return Promise.resolve();
    },
    clear: () => {
      broadcast({ slots: [], durationMs: 0 });
      return Promise.resolve();
    },
  };
}

export class LightControllerError extends Error {
  override name = 'LightControllerError';
}

export interface HttpLightsOptions {
  url: string;
  /** Past this the command is abandoned: a slow controller must not hold the counter up. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `timeout after ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') {
    if (cause.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
    return `network error (${cause.code})`;
  }
  return `network error (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * A pick-to-light controller on the shop's network: each command is one
 * `POST <url>` with a JSON `ControllerRequest`; any 2xx is success. Clearing
 * posts an empty slot list.
 */
export function httpLights({ url, timeoutMs, fetch: fetchImpl = fetch }: HttpLightsOptions): LightDriver {
  const post = async (body: ControllerRequest): Promise<void> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new LightControllerError(describeFailure(error, timeoutMs), { cause: error });
    }
    // The body is of no use; release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new LightControllerError(`controller answered HTTP ${response.status}`);
  };
  return {
    kind: 'http',
    show: (slots, durationMs) => post({ slots, durationMs }),
    clear: () => post({ slots: [], durationMs: 0 }),
  };
}
