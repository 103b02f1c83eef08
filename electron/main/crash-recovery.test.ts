import { describe, expect, it } from 'vitest';
import { reloadAfterCrash, type WatchedContents } from './crash-recovery';
import { createMemoryLogger, FakeWebContents } from './test-support';

function watched(maxReloads = 3, windowMs = 60_000) {
  const contents = new FakeWebContents();
  const logger = createMemoryLogger();
  let clock = 1_000;
  reloadAfterCrash(contents as unknown as WatchedContents, {
    maxReloads,
    windowMs,
    logger,
    now: () => clock,
  });
  const crash = (reason = 'crashed') => contents.emit('render-process-gone', {}, { reason, exitCode: 139 });
  return { contents, logger, crash, advance: (ms: number) => (clock += ms) };
}

describe('crash recovery', () => {
  it.each(['crashed', 'oom', 'killed', 'abnormal-exit'])(
    'reloads after the renderer is gone (%s) and logs it',
    (reason) => {
      const { contents, logger, crash } = watched();
      crash(reason);
      expect(contents.reloads).toBe(1);
      expect(logger.lines[0]).toMatchObject({ level: 'error', fields: { reason, attempt: 1 } });
    },
  );

  it('does not reload after a clean exit', () => {
    const { contents, crash } = watched();
    crash('clean-exit');
    expect(contents.reloads).toBe(0);
  });

  it('stops reloading in a crash loop, and resumes once the window has passed', () => {
    const { contents, logger, crash, advance } = watched(3, 60_000);
    for (let i = 0; i < 10; i += 1) crash();
    expect(contents.reloads).toBe(3);
    expect(logger.lines.at(-1)?.message).toMatch(/crash loop/);
    advance(61_000);
    crash();
    expect(contents.reloads).toBe(4);
  });

  it('does not touch destroyed contents', () => {
    const { contents, crash } = watched();
    contents.destroyed = true;
    crash();
    expect(contents.reloads).toBe(0);
  });
});
