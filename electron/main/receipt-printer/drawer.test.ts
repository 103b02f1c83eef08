import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '@shared/ipc/contract';
import { applySettingsPatch, defaultSettings, type Settings } from '@shared/settings';
import { createMemoryLogger } from '../test-support';
import { createCashDrawer } from './drawer';
import { encodeDrawerKick } from './escpos';
import { createRawSender } from './network';

/** A network receipt printer on 127.0.0.1: records every job's bytes. */
async function fakeNetworkPrinter(): Promise<{ port: number; jobs: Buffer[]; close(): Promise<void> }> {
  const jobs: Buffer[] = [];
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => jobs.push(Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, jobs, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (the printer is off). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

function setup(
  receiptPrinter: Partial<Settings['receiptPrinter']>,
  printResult = { ok: true, error: null as string | null },
) {
  const settings = applySettingsPatch(defaultSettings(), { receiptPrinter });
  const printed: PrintJob[] = [];
  const logger = createMemoryLogger();
  const drawer = createCashDrawer({
    settings: { get: () => settings },
    printHtml: (job) => {
      printed.push(job);
      return Promise.resolve(printResult);
    },
    sendRaw: createRawSender({ timeoutMs: 1_000 }),
    logger,
  });
  return { drawer, printed, logger };
}

describe('cash drawer', () => {
  it('sends the ESC/POS pulse to a network printer', async () => {
    const printer = await fakeNetworkPrinter();
    cleanup.push(printer.close);
    const { drawer, logger } = setup({
      connection: 'network',
      host: '127.0.0.1',
      port: printer.port,
      drawer: 'pulse',
    });
    expect(await drawer.open({ reason: '换零钱' })).toEqual({ ok: true, method: 'pulse' });
    await expect.poll(() => printer.jobs.length).toBe(1);
    const job = printer.jobs[0]!;
    // ESC p 0 t1 t2: the pulse on pin 2, after ESC @.
    expect(job.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(job.includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(true);
    expect(Buffer.from(encodeDrawerKick())).toEqual(job);
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: 'drawer: opened',
      fields: { method: 'pulse', reason: '换零钱' },
    });
  });

  it('answers unreachable, never throws, when the network printer is off', async () => {
    const port = await closedPort();
    const { drawer } = setup({ connection: 'network', host: '127.0.0.1', port, drawer: 'pulse' });
    expect(await drawer.open({})).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('opens through the driver with a blank silent job on the receipt paper', async () => {
    const { drawer, printed } = setup({ drawer: 'driver', paperWidthMm: 58 });
    expect(await drawer.open({})).toEqual({ ok: true, method: 'driver' });
    expect(printed).toEqual([{ html: '<p>&#160;</p>', widthMm: 58, silent: true }]);
    const off = setup({ drawer: 'driver' }, { ok: false, error: 'Printer is offline' });
    expect(await off.drawer.open({})).toEqual({
      ok: false,
      reason: 'unreachable',
      message: 'Printer is offline',
    });
  });

  it('reports no drawer when none is configured, or a pulse without a network printer', async () => {
    const none = setup({});
    expect(await none.drawer.open({ reason: 'x' })).toMatchObject({ ok: false, reason: 'noDrawer' });
    expect(none.printed).toEqual([]);
    expect(await setup({ drawer: 'pulse', connection: 'system' }).drawer.open({})).toMatchObject({
      ok: false,
      reason: 'noDrawer',
    });
  });
});
