import nodeFsPromises from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { buildCsp } from '@shared/security/csp';
import { DEMO_HQ_URL, type Settings } from '@shared/settings';
import { APP_HOST, APP_SCHEME } from './config';

/**
 * `app://` must be registered before the app is ready: standard (relative URLs,
 * an origin for storage), secure (IndexedDB, camera), fetch and CORS (zxing-wasm
 * fetches its .wasm), stream (media). Never `bypassCSP`.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
};

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedPath =
  | {
      ok: true;
      file: string;
      /** no extension: a client-side route, falls back to index.html */ route: boolean;
    }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const refuse = (status: 400 | 403 | 404, reason: string): ResolvedPath => ({ ok: false, status, reason });

/**
 * Maps an `app://linli/…` URL to a file under `root`, or refuses it. The URL
 * parser already drops plain `..` segments; this also refuses what survives it
 * or hides from it: percent-encoded dots and slashes, backslashes, null bytes,
 * drive letters, and anything that would still resolve outside the root.
 */
export function resolveAppPath(root: string, requestUrl: string): ResolvedPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse(400, 'unparseable URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) {
    return refuse(404, 'not the app host');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return refuse(400, 'malformed percent-encoding');
  }
  if (decoded.includes('\0')) return refuse(400, 'null byte');
  if (decoded.includes('\\')) return refuse(400, 'backslash');
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..')) return refuse(403, 'parent segment');
  const relative = decoded.replace(/^\/+/, '');
  if (/^[a-zA-Z]:/.test(relative) || path.isAbsolute(relative)) return refuse(403, 'absolute path');

  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return refuse(403, 'outside the root');
  return { ok: true, file, route: path.extname(relative) === '' };
}

export type StatLike = { isFile(): boolean; isDirectory(): boolean };
export interface ProtocolFs {
  stat(file: string): Promise<StatLike>;
  readFile(file: string): Promise<Uint8Array>;
}

export interface AppRequestHandlerOptions {
  root: string;
  /** Built per request, so a changed HQ URL applies without a restart. */
  csp: () => string;
  fs?: ProtocolFs;
}

/** The policy the app:// pages get: connect-src names the HQ and, if any, the shelf-light controller. */
export function cspForSettings(settings: Settings): string {
  const connectOrigins = [settings.hqUrl];
  if (settings.useDemoHq) connectOrigins.push(DEMO_HQ_URL);
  if (settings.shelfLights.driver === 'http' && settings.shelfLights.url)
    connectOrigins.push(settings.shelfLights.url);
  return buildCsp({ connectOrigins });
}

/** Serves the built renderer for `protocol.handle('app', …)`. */
export function createAppRequestHandler({
  root,
  csp,
  fs = nodeFsPromises,
}: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const base = path.resolve(root);
  const indexFile = path.join(base, 'index.html');

  const headersFor = (file: string): Headers => {
    const headers = new Headers({
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    if (file === indexFile) headers.set('Cache-Control', 'no-cache');
    return headers;
  };

  const text = (status: number, body: string): Response =>
    new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

  const isFile = async (file: string): Promise<'file' | 'directory' | 'missing'> => {
    try {
      const stat = await fs.stat(file);
      if (stat.isFile()) return 'file';
      return stat.isDirectory() ? 'directory' : 'missing';
    } catch {
      return 'missing';
    }
  };

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
    const resolved = resolveAppPath(base, request.url);
    if (!resolved.ok) return text(resolved.status, resolved.reason);

    let file = resolved.file;
    const kind = await isFile(file);
    if (kind === 'directory') file = path.join(file, 'index.html');
    else if (kind === 'missing') {
      // Client-side routes (no extension) get the app shell; a missing asset is a 404.
      if (!resolved.route) return text(404, 'Not found');
      file = indexFile;
    }
    let body: Uint8Array;
    try {
      body = await fs.readFile(file);
    } catch {
      return text(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: headersFor(file),
    });
  };
}
