/**
 * The renderer's Content-Security-Policy. Built in one place so Electron's
 * app:// protocol handler and the web preview server send the same policy.
 * `connect-src` must name the HQ origin chosen at run time, which is why the
 * policy is sent as a header and not baked into index.html.
 */
export interface CspOptions {
  /** Origins the renderer may fetch from (HQ, shelf-light controller). */
  connectOrigins: readonly string[];
  /** Vite's dev server needs inline scripts and a websocket for hot reload. */
  dev?: boolean;
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

export function buildCsp({ connectOrigins, dev = false }: CspOptions): string {
  const connect = ["'self'", ...new Set(connectOrigins.map(originOf).filter((o) => o !== null))];
  if (dev) connect.push('ws:');
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // WebAssembly (zxing-wasm) needs 'wasm-unsafe-eval'; nothing else is eval'd.
    'script-src': dev
      ? ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"]
      : ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'data:', 'blob:', 'mediastream:'],
    'font-src': ["'self'", 'data:'],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': connect,
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
