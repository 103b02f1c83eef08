import { expect, type Locator, type Page } from '@playwright/test';
import { scanLikeScanner } from '../scanner';

/** Page object for the 收银 (till) screen, zh-CN. */
export class TillPage {
  constructor(readonly page: Page) {}

  scanField(): Locator {
    return this.page.getByRole('combobox', { name: '扫码 / 搜索商品' });
  }

  /** A till without an open shift (a fresh browser) offers 开班 with a float: takes it. */
  async openShift() {
    const open = this.page.getByRole('button', { name: '开班' });
    await expect(open).toBeVisible({ timeout: 30_000 });
    await open.click();
    await expect(this.page.getByRole('status').filter({ hasText: '已开班' })).toBeVisible();
  }

  /** Types a search at human speed and takes the first result with Enter. */
  async addBySearch(query: string) {
    await this.scanField().focus();
    await this.page.keyboard.type(query, { delay: 80 });
    await expect(
      this.page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first(),
    ).toBeVisible();
    await this.page.keyboard.press('Enter');
  }

  due(): Locator {
    return this.page.getByTestId('due');
  }

  /** F12: to the tender panel. */
  async startPayment() {
    await this.page.keyboard.press('F12');
    await expect(this.tender()).toBeVisible();
  }

  tender(): Locator {
    return this.page.getByRole('region', { name: '收款' });
  }

  remaining(): Locator {
    return this.page.getByTestId('tender-remaining');
  }

  /** The customer's payment code, read by the wedge scanner in the payment context. */
  async scanPaymentCode(code: string) {
    await scanLikeScanner(this.page, code);
  }

  phase(): Locator {
    return this.tender().getByRole('status');
  }

  alert(): Locator {
    return this.tender().getByRole('alert');
  }

  paid(): Locator {
    return this.page.getByRole('heading', { name: '收款完成' });
  }

  paidTotal(): Locator {
    return this.page.getByTestId('paid-total');
  }
}
