import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { DemoHqRequest } from '../demo-hq/protocol';
import { createUtilityProcessStarter, type ChildProcessLike } from './demo-hq-process';
import { createMemoryLogger } from './test-support';

class FakeChild extends EventEmitter implements ChildProcessLike {
  sent: DemoHqRequest[] = [];
  killed = false;
  postMessage(message: DemoHqRequest) {
    this.sent.push(message);
  }
  kill() {
    this.killed = true;
    this.emit('exit', 143);
    return true;
  }
}

function starter(options: { startTimeoutMs?: number; stopTimeoutMs?: number } = {}) {
  const children: FakeChild[] = [];
  const paths: string[] = [];
  const logger = createMemoryLogger();
  const start = createUtilityProcessStarter({
    fork: (modulePath) => {
      paths.push(modulePath);
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    modulePath: '/app/dist/electron/demo-hq.cjs',
    logger,
    ...options,
  });
  return { start, children, paths, logger };
}

const options = { dataDir: '/data/demo-hq', host: '127.0.0.1', port: 8787 };

describe('demo HQ in a utility process', () => {
  it('forks the entry, asks it to start, and resolves with the address it listens on', async () => {
    const { start, children, paths } = starter();
    const started = start(options);
    expect(paths).toEqual(['/app/dist/electron/demo-hq.cjs']);
    expect(children[0]!.sent).toEqual([{ type: 'start', ...options }]);
    children[0]!.emit('message', { type: 'started', url: 'http://127.0.0.1:8787' });
    await expect(started).resolves.toMatchObject({ url: 'http://127.0.0.1:8787' });
  });

  it('ignores messages that are not replies', async () => {
    const { start, children } = starter();
    const started = start(options);
    children[0]!.emit('message', { type: 'started' });
    children[0]!.emit('message', 'hello');
    children[0]!.emit('message', { type: 'started', url: 'http://127.0.0.1:9000' });
    await expect(started).resolves.toMatchObject({ url: 'http://127.0.0.1:9000' });
  });

  it('fails with the child’s reason and ends the process', async () => {
    const { start, children } = starter();
    const started = start(options);
    children[0]!.emit('message', { type: 'failed', message: 'disk full' });
    await expect(started).rejects.toThrow('disk full');
    expect(children[0]!.killed).toBe(true);
  });

  it('fails when the process dies before it listens', async () => {
    const { start, children } = starter();
    const started = start(options);
    children[0]!.emit('exit', 1);
    await expect(started).rejects.toThrow(/exited \(code 1\) before it listened/);
  });

  it('gives up and kills a process that never answers', async () => {
    vi.useFakeTimers();
    try {
      const { start, children } = starter({ startTimeoutMs: 1000 });
      const started = start(options);
      const check = expect(started).rejects.toThrow(/no answer/);
      await vi.advanceTimersByTimeAsync(1001);
      await check;
      expect(children[0]!.killed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('close asks the child to stop and waits for it', async () => {
    const { start, children } = starter();
    const started = start(options);
    const child = children[0]!;
    child.emit('message', { type: 'started', url: 'http://127.0.0.1:8787' });
    const handle = await started;
    let closed = false;
    const closing = handle.close().then(() => (closed = true));
    expect(child.sent.at(-1)).toEqual({ type: 'stop' });
    await Promise.resolve();
    expect(closed).toBe(false);
    child.emit('message', { type: 'stopped' });
    await closing;
    expect(child.killed).toBe(false);
  });

  it('close kills a child that does not stop in time', async () => {
    vi.useFakeTimers();
    try {
      const { start, children, logger } = starter({ stopTimeoutMs: 500 });
      const started = start(options);
      children[0]!.emit('message', { type: 'started', url: 'http://127.0.0.1:8787' });
      const handle = await started;
      const closing = handle.close();
      await vi.advanceTimersByTimeAsync(501);
      await closing;
      expect(children[0]!.killed).toBe(true);
      expect(logger.lines.some((l) => /did not stop in time/.test(l.message))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
