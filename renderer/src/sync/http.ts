import type { SyncErrorKind } from './status';

/** A classified failure of one sync step; `kind` decides retry / re-auth / park. */
export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncErrorKind | 'unauthorised',
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncFailure';
  }
}

export interface HqClientOptions {
  hqUrl: string;
  apiKey: () => string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** `https://hq.example/api` + `/v1/health` → `https://hq.example/api/v1/health` (a path prefix is kept). */
export const hqUrlFor = (hqUrl: string, path: string): string => `${hqUrl.replace(/\/+$/, '')}${path}`;

/**
 * One HTTP exchange with HQ, classified: network errors and timeouts →
 * `network` (so are 502/503/504: HQ unavailable); 401/403 → `unauthorised`;
 * other 5xx/429/408 → `server`; other 4xx →
 * `client`; a body that is not JSON → `invalid-response`. Returns parsed JSON
 * (still unvalidated: the caller checks it against the contract schema).
 */
export async function hqRequest(
  options: HqClientOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(hqUrlFor(options.hqUrl, path), {
      method,
      headers: {
        authorization: `Bearer ${options.apiKey()}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: controller.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    throw new SyncFailure('network', `HQ unreachable: ${String(error)}`, undefined, { cause: error });
  }
  try {
    const { status } = response;
    if (status === 401 || status === 403)
      throw new SyncFailure('unauthorised', `HQ refused the terminal (${status})`, status);
    // 502/503/504: a gateway or HQ itself says HQ is not there — for the counter that is "offline".
    if (status === 502 || status === 503 || status === 504)
      throw new SyncFailure('network', `HQ unavailable (${status})`, status);
    if (status >= 500 || status === 429 || status === 408)
      throw new SyncFailure('server', `HQ error ${status}`, status);
    if (status < 200 || status >= 300) throw new SyncFailure('client', `HQ answered ${status}`, status);
    try {
      return await response.json();
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new SyncFailure('invalid-response', 'HQ answered something that is not JSON', status, {
          cause: error,
        });
      }
      // The body never arrived whole: a dropped connection or our timeout.
      throw new SyncFailure('network', `HQ answer cut off: ${String(error)}`, status, { cause: error });
    }
  } finally {
    clearTimeout(timer);
  }
}
