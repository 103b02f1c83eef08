import { describe, expect, it } from 'vitest';
import type { PrintJob } from '@shared/ipc/contract';
import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import { formatFen } from '@shared/money';
import { printReceipt } from './print';
import { refundSlipDocument } from '@shared/printing/refundSlip';
import { type ReceiptData, refundSlipText, renderDocumentHtml, renderReceiptHtml } from './receipt';
import { readSvgBarcode, svgOfDataUrl } from './testing/readBarcode';

const SALE_RECEIPT: ReceiptData = {
  kind: 'sale',
  storeName: '邻里柜台·幸福里店',
  terminalId: 'T1',
  clerkName: '王芳',
  receiptNo: 'T1-20261130-0042',
  createdAt: '2026-11-30T06:05:00.000Z',
  timeZone: 'Asia/Shanghai',
  sale: {
    saleId: '0f8a3c52-6b1e-4c1a-9d7e-2a5b8c9d0e1f',
    receiptNo: 'T1-20261130-0042',
    lines: [
      { sku: 'S00001', name: '青青牧场纯牛奶 250ml', qty: 2, unitPriceFen: 650, amountFen: 1300 },
      {
        sku: 'P10001',
        name: '西红柿',
        qty: 0.523,
        weightGrams: 523,
        unitPriceFen: 698,
        discountFen: 65,
        amountFen: 300,
      },
      {
        sku: 'S00002',
        name: '<b>抽纸</b> & "三包"',
        qty: 1,
        unitPriceFen: 1200,
        listPriceFen: 1590,
        amountFen: 1200,
      },
    ],
    discountFen: 100,
    roundingFen: -0,
    totalFen: 2700,
    tenders: [
      { method: 'wechat', amountFen: 1000, reference: '4200002826202611301234567890' },
      { method: 'cash', amountFen: 1700, tenderedFen: 2000, changeFen: 300 },
    ],
  },
};

const images = (html: string) =>
  [...html.matchAll(/<img class="(code128|qr)" alt="[^"]*" src="([^"]+)">/g)].map((m) =>
    readSvgBarcode(svgOfDataUrl(m[2] ?? '')),
  );
const text = (html: string) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent ?? '';
};

describe('renderReceiptHtml', () => {
  it('prints the store, till, clerk, number and the time in the store zone', async () => {
    const html = await renderReceiptHtml(SALE_RECEIPT, 58);
    const shown = text(html);
    expect(shown).toContain('邻里柜台·幸福里店');
    expect(shown).toContain('销售小票');
    expect(shown).toMatch(/终端\s*T1/);
    expect(shown).toMatch(/收银员\s*王芳/);
    expect(shown).toMatch(/单号\s*T1-20261130-0042/);
    expect(shown).toContain('2026/11/30 14:05');
    const newYork = text(await renderReceiptHtml({ ...SALE_RECEIPT, timeZone: 'America/New_York' }, 58));
    expect(newYork).toContain('2026/11/30 01:05');
  });

  it('lists lines, weights, discounts, tenders and change in fen through formatFen', async () => {
    const shown = text(await renderReceiptHtml(SALE_RECEIPT, 80));
    expect(shown).toContain('青青牧场纯牛奶 250ml');
    expect(shown).toContain(`2 × ${formatFen(650)}`);
    expect(shown).toContain(`0.523 kg × ${formatFen(698)}/kg`);
    expect(shown).toMatch(new RegExp(`优惠\\s*${escapeRe(formatFen(-65))}`));
    expect(shown).toContain(`原价 ${formatFen(1590)}`);
    expect(shown).toMatch(new RegExp(`商品合计\\s*${escapeRe(formatFen(2800))}`));
    expect(shown).toMatch(new RegExp(`整单优惠\\s*${escapeRe(formatFen(-100))}`));
    expect(shown).toMatch(new RegExp(`应收\\s*${escapeRe(formatFen(2700))}`));
    expect(shown).toMatch(new RegExp(`微信支付\\s*${escapeRe(formatFen(1000))}`));
    expect(shown).toContain('流水号 4200002826202611301234567890');
    expect(shown).toMatch(new RegExp(`现金\\s*${escapeRe(formatFen(1700))}`));
    expect(shown).toContain(`收 ${formatFen(2000)}`);
    expect(shown).toMatch(new RegExp(`实收\\s*${escapeRe(formatFen(3000))}`));
    expect(shown).toMatch(new RegExp(`找零\\s*${escapeRe(formatFen(300))}`));
    expect(shown).not.toContain('抹零');
  });

  it('carries the receipt number as Code 128 and QR that read back, loading nothing', async () => {
    const html = await renderReceiptHtml(SALE_RECEIPT, 58);
    expect(images(html)).toEqual([
      { text: 'T1-20261130-0042', format: 'code128' },
      { text: 'T1-20261130-0042', format: 'qrcode' },
    ]);
    expect(
      [...html.matchAll(/(?:src|href)="([^"]*)"/g)].every((m) => m[1]!.startsWith('data:image/svg+xml,')),
    ).toBe(true);
    expect(html).not.toMatch(/<script|url\(/i);
  });

  it('escapes what it prints', async () => {
    const html = await renderReceiptHtml(SALE_RECEIPT, 58);
    expect(html).not.toContain('<b>抽纸</b>');
    expect(text(html)).toContain('<b>抽纸</b> & "三包"');
  });

  it('sizes the paper: 48 mm of print on 58 mm, 72 mm on 80 mm', async () => {
    expect(await renderReceiptHtml(SALE_RECEIPT, 58)).toMatch(/\.receipt \{ width: 48mm/);
    expect(await renderReceiptHtml(SALE_RECEIPT, 80)).toMatch(/\.receipt \{ width: 72mm/);
  });

  it('a refund slip: the receipts’ words, what was returned, where the money went, a pending wallet part', async () => {
    const slip = (language: 'zh-CN' | 'en') =>
      refundSlipDocument(
        {
          storeName: SALE_RECEIPT.storeName,
          receiptNo: SALE_RECEIPT.receiptNo,
          ordinal: 1,
          createdAt: '2026-11-30T08:00:00.000Z',
          timeZone: 'Asia/Shanghai',
          saleLines: SALE_RECEIPT.sale.lines,
          refund: {
            refundId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            saleId: SALE_RECEIPT.sale.saleId,
            lines: [{ sku: 'S00001', qty: 1, amountFen: 650, line: 0 }],
            totalFen: 650,
            tenders: [{ method: 'wechat', amountFen: 650, paymentId: 'pay-1' }],
            reason: '临期',
          },
          clerkName: '王芳',
          language,
        },
        refundSlipText(language),
        58,
      );
    const shown = text(await renderDocumentHtml(slip('zh-CN'), 'refund'));
    expect(shown).toContain('退款凭证');
    expect(shown).toMatch(/退款单号\s*T1-20261130-0042-R1/);
    expect(shown).toMatch(/原销售单\s*T1-20261130-0042/);
    expect(shown).toContain('16:00');
    expect(shown).toContain('青青牧场纯牛奶 250ml');
    expect(shown).toMatch(new RegExp(`退款合计\\s*${escapeRe(formatFen(650))}`));
    expect(shown).toMatch(new RegExp(`微信支付（待确认）\\s*${escapeRe(formatFen(650))}`));
    expect(shown).toContain('原因：临期');
    expect(shown).not.toContain('西红柿');
    const en = text(await renderDocumentHtml(slip('en'), 'refund'));
    expect(en).toContain('Refund receipt');
    expect(en).toContain('WeChat Pay（to be confirmed）');
    expect(en).toContain('Reason: 临期');
  });

  it('marks a reprint, and speaks English when asked', async () => {
    expect(text(await renderReceiptHtml({ ...SALE_RECEIPT, kind: 'reprint' }, 58))).toContain(
      '重打印 · 非首次打印',
    );
    const en = text(await renderReceiptHtml({ ...SALE_RECEIPT, language: 'en' }, 80));
    expect(en).toContain('Sales receipt');
    expect(en).toMatch(/Change\s*¥3\.00/);
    expect(en).toContain('11/30/2026, 14:05');
  });
});

describe('printReceipt', () => {
  const platform = (
    answer: () => Promise<{ ok: boolean; error: string | null }>,
    kind: 'electron' | 'browser',
  ) => {
    const jobs: PrintJob[] = [];
    const documents: ReceiptDocument[] = [];
    return {
      jobs,
      documents,
      kind,
      printHtml: (job: PrintJob) => {
        jobs.push(job);
        return answer();
      },
      printReceiptDocument: (document: ReceiptDocument) => {
        documents.push(document);
        return answer();
      },
    };
  };

  it('sends a network printer the same receipt as blocks, with the drawer kick when asked', async () => {
    const electron = platform(() => Promise.resolve({ ok: true, error: null }), 'electron');
    expect(
      await printReceipt(electron, SALE_RECEIPT, { widthMm: 58, connection: 'network', openDrawer: true }),
    ).toEqual({ status: 'printed' });
    expect(electron.jobs).toEqual([]);
    const [document] = electron.documents;
    expect(document).toMatchObject({ widthMm: 58, language: 'zh-CN', openDrawer: true });
    expect(document?.blocks).toContainEqual({ kind: 'title', text: '邻里柜台·幸福里店' });
    expect(document?.blocks).toContainEqual({
      kind: 'pair',
      left: '应收',
      right: formatFen(2700),
      style: 'total',
    });
    expect(document?.blocks).toContainEqual({ kind: 'barcode', text: 'T1-20261130-0042' });
    expect(document?.blocks).toContainEqual({ kind: 'qr', text: 'T1-20261130-0042' });
    // The HTML receipt shows every text block of the document.
    const html = text(await renderReceiptHtml(SALE_RECEIPT, 58));
    for (const block of document?.blocks ?? []) {
      if (block.kind === 'pair') expect(html).toContain(block.left);
      if (block.kind === 'text' || block.kind === 'title') expect(html).toContain(block.text);
    }
    const off = platform(() => Promise.resolve({ ok: false, error: 'ECONNREFUSED' }), 'electron');
    expect(await printReceipt(off, SALE_RECEIPT, { widthMm: 80, connection: 'network' })).toEqual({
      status: 'waitingForReprint',
      reason: 'ECONNREFUSED',
    });
  });

  it('prints silently on the receipt paper in Electron, with the dialog in a browser', async () => {
    const electron = platform(() => Promise.resolve({ ok: true, error: null }), 'electron');
    expect(await printReceipt(electron, SALE_RECEIPT, { widthMm: 58 })).toEqual({ status: 'printed' });
    expect(electron.jobs[0]).toMatchObject({ widthMm: 58, silent: true });
    expect(electron.jobs[0]?.html).toContain('T1-20261130-0042');
    const browser = platform(() => Promise.resolve({ ok: true, error: null }), 'browser');
    await printReceipt(browser, SALE_RECEIPT, { widthMm: 80, copies: 2 });
    expect(browser.jobs[0]).toMatchObject({ widthMm: 80, silent: false, copies: 2 });
  });

  it('a printer that is off, out of paper or broken leaves the receipt waiting, never throws', async () => {
    const off = platform(() => Promise.resolve({ ok: false, error: '打印机无响应' }), 'electron');
    expect(await printReceipt(off, SALE_RECEIPT, { widthMm: 58 })).toEqual({
      status: 'waitingForReprint',
      reason: '打印机无响应',
    });
    const broken = platform(() => Promise.reject(new Error('IPC closed')), 'electron');
    expect(await printReceipt(broken, SALE_RECEIPT, { widthMm: 58 })).toEqual({
      status: 'waitingForReprint',
      reason: 'IPC closed',
    });
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
