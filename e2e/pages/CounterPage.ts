import { expect, type Locator, type Page } from '@playwright/test';
import { scanLikeScanner } from '../scanner';

/** Page object for the counter screen (zh-CN). */
export class CounterPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  scanField(): Locator {
    return this.page.getByRole('searchbox', { name: '扫码或输入' });
  }

  /** A keyboard-wedge scanner: a burst of keys 5 ms apart, then Enter (see e2e/scanner.ts). */
  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  card(orderNo?: string): Locator {
    return this.main().getByRole('article', orderNo ? { name: `订单 ${orderNo}` } : {});
  }

  alert(): Locator {
    return this.main().getByRole('alert').filter({ hasText: /\S/ }).first();
  }

  status(): Locator {
    return this.main().getByRole('status').filter({ hasText: /\S/ }).first();
  }

  /** The shelf lights as the web build simulates them (the same service put-away lights). */
  lights(): Locator {
    return this.page.getByRole('status', { name: '货架灯（模拟）' });
  }

  handOverButton(): Locator {
    return this.card().getByRole('button', { name: /交付/ });
  }

  /**
   * Scans until the order's card shows: right after sign-in the first pull may
   * still be bringing orders in (the counter rightly says "not yet arrived").
   */
  async scanUntilCard(code: string, orderNo: string) {
    await expect(async () => {
      await this.scan(code);
      await expect(this.card(orderNo)).toBeVisible({ timeout: 1500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
  }

  /** The last sound the counter played: `success` or `error`. */
  async lastSound(): Promise<string | undefined> {
    const value = await this.page.locator('html').getAttribute('data-counter-sound');
    return value?.split(':')[0];
  }
}
