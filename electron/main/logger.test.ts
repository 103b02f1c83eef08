import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileLogger, type LogFs } from './logger';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-logs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const fixedNow = () => new Date('2026-11-24T08:00:00.000Z');

describe('file logger', () => {
  it('writes one line per entry with level and fields', () => {
    const logger = createFileLogger({ dir, now: fixedNow });
    logger.info('started', { version: '0.1.0' });
    logger.error('boom\nsecond line', { error: new Error('bad') });
    const lines = fs.readFileSync(path.join(dir, 'main.log'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('2026-11-24T08:00:00.000Z INFO started {"version":"0.1.0"}');
    expect(lines[1]).toMatch(
      /^2026-11-24T08:00:00\.000Z ERROR boom second line \{"error":\{"name":"Error","message":"bad"/,
    );
    expect(lines).toHaveLength(2);
  });

  it('skips levels below the minimum', () => {
    const logger = createFileLogger({ dir, minLevel: 'warn' });
    logger.info('quiet');
    logger.warn('loud');
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).not.toContain('quiet');
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const logger = createFileLogger({ dir, maxBytes: 200, maxFiles: 3, now: fixedNow });
    for (let i = 0; i < 40; i += 1) logger.info(`entry ${String(i).padStart(3, '0')}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of files) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain('entry 039');
    expect(fs.readFileSync(path.join(dir, 'main.log.1'), 'utf8')).not.toContain('entry 039');
  });

  it('continues an existing file after a restart and rotates it when full', () => {
    fs.writeFileSync(path.join(dir, 'main.log'), 'x'.repeat(190) + '\n');
    createFileLogger({ dir, maxBytes: 200, maxFiles: 2 }).info('after restart');
    expect(fs.readFileSync(path.join(dir, 'main.log.1'), 'utf8')).toMatch(/^x+\n$/);
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain('after restart');
  });

  it('never throws when the disk fails', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failing: LogFs = {
      ...fs,
      appendFileSync: () => {
        throw new Error('ENOSPC');
      },
    };
    const logger = createFileLogger({ dir, fs: failing });
    expect(() => logger.error('disk full')).not.toThrow();
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});
