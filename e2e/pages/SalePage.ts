import { expect, type Locator, type Page } from '@playwright/test';
import { scanLikeScanner } from '../scanner';
import { openWithHooks, waitForFirstSync } from '../syncHelpers';

/** A product as the app stored it from HQ (read from the page's IndexedDB). */
export interface StoredProduct {
  sku: string;
  name: string;
  barcodes: string[];
  plu?: string;
  priceFen: number;
  weighed: boolean;
  unit: string;
}

/** Page object for the till (收银, zh-CN). */
export class SalePage {
  constructor(readonly page: Page) {}

  scanField(): Locator {
    return this.page.getByRole('combobox', { name: '扫码 / 搜索商品' });
  }

  cart(): Locator {
    return this.page.getByRole('region', { name: '购物车' });
  }

  due(): Locator {
    return this.page.getByTestId('due');
  }

  /** Opens 收银 from the navigation, opening the shift with the float when none is open. */
  async open() {
    await this.page.getByRole('navigation').getByRole('link', { name: '收银', exact: true }).click();
    await expect(this.scanField()).toBeFocused();
    // The product index is ready when the quick keys show.
    await expect(this.page.getByRole('heading', { name: '快捷键（称重/无码商品）' })).toBeVisible();
    const openShift = this.page.getByRole('button', { name: '开班', exact: true });
    if (await openShift.isVisible()) {
      await openShift.click();
      await expect(openShift).toBeHidden();
    }
    await this.scanField().focus();
  }

  /** A keyboard-wedge scanner: a burst of keys 5 ms apart, then Enter. */
  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  /** Products of the stored catalogue matching `filter` (run in the page). */
  async products(filter: { weighed: boolean; nameIncludes?: string }): Promise<StoredProduct[]> {
    return this.page.evaluate(
      (f) =>
        new Promise<StoredProduct[]>((resolve, reject) => {
          const req = indexedDB.open('linli-counter');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const all = req.result.transaction('products').objectStore('products').getAll();
            all.onsuccess = () => {
              req.result.close();
              resolve(
                (all.result as StoredProduct[]).filter(
                  (p) =>
                    p.weighed === f.weighed &&
                    (f.weighed ? !!p.plu : p.barcodes.length > 0) &&
                    (!f.nameIncludes || p.name.includes(f.nameIncludes)),
                ),
              );
            };
          };
        }),
      filter,
    );
  }

  /** F12, then cash handed over (yuan) and Enter; resolves when the paid view shows. */
  async payCash(yuan: string) {
    await this.page.keyboard.press('F12');
    const cash = this.page.getByRole('textbox', { name: '实收现金（元）' });
    await expect(cash).toBeFocused();
    await cash.fill(yuan);
    await cash.press('Enter');
    await expect(this.page.getByTestId('change')).toBeVisible();
  }

  /**
   * Waits until the receipt of `receiptNo` has gone to the printer (the sale row's
   * `printed`): the print frame takes focus for a moment, which would split a scan.
   */
  async waitForPrinted(receiptNo: string) {
    await expect
      .poll(() =>
        this.page.evaluate(
          (no) =>
            new Promise<boolean | undefined>((resolve) => {
              const req = indexedDB.open('linli-counter');
              req.onsuccess = () => {
                const get = req.result.transaction('sales').objectStore('sales').index('receiptNo').get(no);
                get.onsuccess = () => {
                  req.result.close();
                  resolve((get.result as { printed?: boolean } | undefined)?.printed);
                };
              };
            }),
          receiptNo,
        ),
      )
      .toBe(true);
  }

  receiptNo(): Locator {
    return this.page.getByTestId('receipt-no');
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

  /** The micropay flow's phase (charging, the customer confirming, checking, reversing). */
  paymentPhase(): Locator {
    return this.tender().getByRole('status');
  }

  tenderAlert(): Locator {
    return this.tender().getByRole('alert');
  }

  paidHeading(): Locator {
    return this.page.getByRole('heading', { name: '收款完成' });
  }

  paidTotal(): Locator {
    return this.page.getByTestId('paid-total');
  }

  /** Enter on the empty field: the next customer. */
  async nextCustomer() {
    await this.scanField().focus();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByText('购物车是空的：扫码或搜索商品。')).toBeVisible();
  }
}

/** The 18-digit scale label `26 PLU fen grams check` (EAN-13 check method). */
export function scaleLabel(plu: string, fen: number, grams: number): string {
  const body = `26${plu}${String(fen).padStart(5, '0')}${String(grams).padStart(5, '0')}`;
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The till, signed in, with the test hooks and the first sync done. */
export async function openTill(page: Page): Promise<SalePage> {
  await openWithHooks(page, true);
  await waitForFirstSync(page);
  const sale = new SalePage(page);
  await sale.open();
  return sale;
}
