import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Several people (or agents) sharing one machine run the end-to-end suite at
 * once, and every run needs the same ports (5173 web, 8787 central). The
 * Playwright runner takes this lock first, so runs queue instead of killing
 * each other's servers. A lock whose owner died is taken over.
 */
const LOCK_DIR = '/tmp/linli-e2e.lock';

function ownerAlive(): boolean {
  try {
    const pid = Number(readFileSync(`${LOCK_DIR}/pid`, 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let held = false;

/** Takes the lock, waiting for another run to finish; re-entrant within one process. */
export function acquireRunLock(timeoutMs = 30 * 60_000): void {
  if (held) return;
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let announced = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
      process.on('exit', () => rmSync(LOCK_DIR, { recursive: true, force: true }));
      held = true;
      return;
    } catch {
      if (!ownerAlive()) {
        // Give a just-created lock a moment to get its pid file before judging it stale.
        Atomics.wait(sleeper, 0, 0, 500);
        if (!ownerAlive()) rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another end-to-end run holds ${LOCK_DIR}`);
      if (!announced) {
        console.warn(`waiting for another end-to-end run to finish (${LOCK_DIR})…`);
        announced = true;
      }
      Atomics.wait(sleeper, 0, 0, 1000);
    }
  }
}
