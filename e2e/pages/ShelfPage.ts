import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './ShellPage';
import { scanLikeScanner } from '../scanner';

/** Page object for the smart shelf screen (zh-CN). */
export class ShelfPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  async open() {
    await new ShellPage(this.page).goTo('shelf', 'zh-CN');
    await expect(this.page.getByRole('heading', { level: 1, name: '智能货架' })).toBeVisible();
  }

  tab(name: '上架' | '货位图' | '逾期未取' | '货位标签'): Locator {
    return this.main().getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** A keyboard-wedge scanner: a burst of keys 5 ms apart, then Enter (see e2e/scanner.ts). */
  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  waitingList(): Locator {
    return this.main().getByRole('list', { name: '待上架订单' });
  }

  /** The order is in the put-away list (the first pull may still be running). */
  async waitForWaiting(orderNo: string) {
    await expect(this.waitingList().getByRole('button', { name: orderNo })).toBeVisible({ timeout: 30_000 });
  }

  proposal(): Locator {
    return this.main().getByLabel('建议货位');
  }

  /** Scans a bag and reads the slot the app proposes for it. */
  async scanBag(bagLabel: string): Promise<string> {
    await this.scan(bagLabel);
    await expect(this.proposal()).toHaveText(/请放入 [ACF]\d+-\d{2}/);
    const text = (await this.proposal().textContent()) ?? '';
    return /请放入 ([ACF]\d+-\d{2})/.exec(text)![1]!;
  }

  /** Scans each bag, then the slot the app proposes; returns the slots used. */
  async putAwayByScanning(order: { orderNo: string; bags: readonly { label: string }[] }): Promise<string[]> {
    await this.waitForWaiting(order.orderNo);
    const slots: string[] = [];
    for (const bag of order.bags) {
      const slot = await this.scanBag(bag.label);
      await this.scan(`SL-${slot}`);
      slots.push(slot);
    }
    await expect(this.status()).toHaveText(new RegExp(`${order.orderNo} 已上架`));
    return slots;
  }

  alert(): Locator {
    return this.main().getByRole('alert').filter({ hasText: /\S/ }).first();
  }

  status(): Locator {
    return this.main().getByRole('status').filter({ hasText: /\S/ }).first();
  }

  /** The fullness meter of a zone on the slot map, named e.g. "冷藏：31/108 袋（29%）". */
  fullness(zone: '常温' | '冷藏' | '冷冻'): Locator {
    return this.main().getByRole('meter', { name: new RegExp(`^${zone}：\\d+/\\d+ 袋`) });
  }

  async bagsIn(zone: '常温' | '冷藏' | '冷冻'): Promise<number> {
    const name = (await this.fullness(zone).getAttribute('aria-label')) ?? '';
    return Number(/：(\d+)\//.exec(name)![1]);
  }

  searchField(): Locator {
    return this.main().getByRole('searchbox', { name: '搜索订单号、手机尾号或货位' });
  }

  async search(text: string) {
    await this.searchField().fill(text);
    await this.searchField().press('Enter');
  }

  slotDetail(slotId: string): Locator {
    return this.main().getByRole('region', { name: `货位 ${slotId}` });
  }
}
