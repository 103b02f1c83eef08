import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { displayWidth, type ReceiptDocument } from '@shared/printing/receiptDocument';
import { applySettingsPatch, defaultSettings, type Settings } from '@shared/settings';
import { createMemoryLogger } from '../test-support';
import { encodeReceipt, gb18030 } from './escpos';
import { createRawSender } from './network';
import { createNetworkReceipts } from './receipts';

const DOCUMENT: ReceiptDocument = {
  widthMm: 58,
  language: 'zh-CN',
  blocks: [
    { kind: 'title', text: '邻里柜台·幸福里店' },
    { kind: 'pair', left: '单号', right: 'T1-20261130-0042', style: 'meta' },
    { kind: 'rule' },
    { kind: 'text', text: '青青牧场纯牛奶 250ml', style: 'bold' },
    { kind: 'pair', left: '2 × ¥6.50', right: '¥13.00' },
    { kind: 'pair', left: '应收', right: '¥27.00', style: 'total' },
    { kind: 'barcode', text: 'T1-20261130-0042' },
    { kind: 'qr', text: 'T1-20261130-0042' },
  ],
};

const has = (bytes: Uint8Array, needle: number[] | Uint8Array) =>
  Buffer.from(bytes).includes(Buffer.from(needle));

describe('ESC/POS receipts', () => {
  it('encodes Chinese as GB18030 in the printer\u2019s Chinese mode, amounts at the right edge', () => {
    const bytes = encodeReceipt(DOCUMENT);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(has(bytes, [0x1c, 0x26])).toBe(true);
    expect(has(bytes, gb18030('邻里柜台·幸福里店'))).toBe(true);
    expect(has(bytes, Buffer.from('邻里', 'utf8'))).toBe(false);
    // 应收 and the amount (￥: GBK has no half-width ¥) fill exactly the 32 columns of 58 mm paper.
    const total = `应收${' '.repeat(21)}￥27.00`;
    expect(displayWidth(total)).toBe(32);
    expect(has(bytes, gb18030(total))).toBe(true);
    expect(has(bytes, gb18030(`${'-'.repeat(32)}\n`))).toBe(true);
    expect(has(bytes, gb18030(`-${'-'.repeat(32)}`))).toBe(false);
  });

  it('prints the receipt number as Code 128 and QR, cuts, and kicks the drawer only when asked', () => {
    const bytes = encodeReceipt(DOCUMENT);
    // GS k 73 (Code 128) … the number; GS ( k … store data … the number.
    expect(has(bytes, [0x1d, 0x6b, 0x49])).toBe(true);
    expect(has(bytes, Buffer.from('T1-20261130-0042', 'ascii'))).toBe(true);
    expect(has(bytes, [0x1d, 0x28, 0x6b])).toBe(true);
    expect(has(bytes, [0x1d, 0x56])).toBe(true);
    expect(has(bytes, [0x1b, 0x70])).toBe(false);
    expect(has(encodeReceipt({ ...DOCUMENT, openDrawer: true }), [0x1b, 0x70, 0x00])).toBe(true);
  });

  it('uses 48 columns on 80 mm paper', () => {
    const bytes = encodeReceipt({ ...DOCUMENT, widthMm: 80 });
    expect(has(bytes, gb18030(`应收${' '.repeat(37)}￥27.00`))).toBe(true);
    expect(has(bytes, gb18030(`${'-'.repeat(48)}\n`))).toBe(true);
  });
});

describe('network receipt printer (TCP 9100)', () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function printer(): Promise<{ port: number; jobs: Buffer[] }> {
    const jobs: Buffer[] = [];
    const server = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => jobs.push(Buffer.concat(chunks)));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as net.AddressInfo).port, jobs };
  }

  const receiptsFor = (receiptPrinter: Partial<Settings['receiptPrinter']>) => {
    const settings = applySettingsPatch(defaultSettings(), { receiptPrinter });
    const logger = createMemoryLogger();
    return {
      logger,
      receipts: createNetworkReceipts({
        settings: { get: () => settings },
        sendRaw: createRawSender({ timeoutMs: 1_000 }),
        logger,
      }),
    };
  };

  it('sends the whole job to the printer', async () => {
    const { port, jobs } = await printer();
    const { receipts } = receiptsFor({ connection: 'network', host: '127.0.0.1', port });
    expect(await receipts.print(DOCUMENT)).toEqual({ ok: true, error: null });
    await expect.poll(() => jobs.length).toBe(1);
    expect(jobs[0]).toEqual(Buffer.from(encodeReceipt(DOCUMENT)));
  });

  it('answers not printed, never throws, when the printer is off or not configured', async () => {
    const { port } = await printer();
    servers.pop()?.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { receipts, logger } = receiptsFor({ connection: 'network', host: '127.0.0.1', port });
    expect(await receipts.print(DOCUMENT)).toMatchObject({ ok: false, error: expect.any(String) });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', message: 'print: receipt not sent' });
    expect(await receiptsFor({}).receipts.print(DOCUMENT)).toMatchObject({ ok: false });
  });
});
