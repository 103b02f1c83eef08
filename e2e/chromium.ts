import { existsSync } from 'node:fs';

/**
 * Debian's Chromium when present (this machine and CI can't download
 * Playwright's browser); Playwright's own browser otherwise.
 */
export function chromiumExecutable(): string | undefined {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : undefined;
}

/** Flags that keep Chromium quiet on a closed network and usable as root in CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
