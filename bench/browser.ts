import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';

/** What the benchmarks drive: Chromium on a fresh on-disk profile (IndexedDB on disk, as on a terminal). */
export interface OnDiskBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and deletes the profile. */
  dispose(): Promise<void>;
}

/** A new Chromium process with an empty profile in a temporary directory named after `prefix`. */
export async function openOnDiskProfile(prefix: string): Promise<OnDiskBrowser> {
  const profile = await mkdtemp(join(tmpdir(), prefix));
  const executablePath = chromiumExecutable();
  const context = await chromium.launchPersistentContext(profile, {
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async dispose() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until `url` answers 200, failing early when the server process has exited. */
export async function waitForServer(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`web server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`web server did not answer at ${url}`);
}
