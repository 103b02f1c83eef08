import { expect, test } from '@playwright/test';
import { openTill } from './pages/SalePage';

/**
 * A sale refunded piece by piece: its earlier refunds list grows with each one, and the
 * refund form must stay on the first screen at 1024×768 — more than two earlier refunds
 * scroll inside their list, each still reachable by keyboard.
 */
test('four sold, three refunded one by one: the fourth can still be refunded without scrolling at 1024×768', async ({
  page,
}) => {
  const sale = await openTill(page);
  const [piece] = await sale.products({ weighed: false });
  for (let i = 1; i <= 4; i++) {
    await sale.scan(piece!.barcodes[0]!);
    await expect(sale.due()).toHaveText(`¥${((piece!.priceFen * i) / 100).toFixed(2)}`);
  }
  await sale.payCash('500');
  const receiptNo = (await sale.receiptNo().textContent()) ?? '';
  await sale.waitForPrinted(receiptNo);
  await sale.nextCustomer();
  const quantity = page.getByRole('textbox', { name: `退货数量：${piece!.name}` });
  for (let i = 0; i < 3; i++) {
    await sale.scanField().focus();
    await sale.scan(receiptNo);
    await expect(quantity).toBeFocused();
    await quantity.fill('1');
    await quantity.press('Enter');
    await expect(page.getByRole('button', { name: '打印退款凭证 (F9)' })).toBeFocused();
  }

  await sale.scanField().focus();
  await sale.scan(receiptNo);
  await expect(quantity).toBeFocused();
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByRole('button', { name: /^确认退款/ })).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: '返回 (Esc)' })).toBeInViewport({ ratio: 1 });
  // The oldest refund's reprint, scrolled into its list by the keyboard's focus.
  const r1 = page.getByRole('button', { name: `重打退款凭证 ${receiptNo}-R1` });
  await r1.focus();
  await expect(r1).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'test-results/refund-history-1024x768.png' });
});
