import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './ShellPage';
import { scanLikeScanner } from '../scanner';

/** Page object for the 定时送达 screen: the dispatch board, what is out for delivery, and the rider handover (zh-CN). */
export class DispatchPage {
  constructor(readonly page: Page) {}

  main(): Locator {
    return this.page.getByRole('main');
  }

  async open() {
    await new ShellPage(this.page).goTo('dispatch', 'zh-CN');
    await expect(this.page.getByRole('heading', { level: 1, name: '定时送达' })).toBeVisible();
  }

  /** A keyboard-wedge scanner: a burst of keys 5 ms apart, then Enter (see e2e/scanner.ts). */
  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  scanField(): Locator {
    return this.main().getByRole('searchbox', { name: '扫描骑手码或袋子标签' });
  }

  board(): Locator {
    return this.main().getByRole('region', { name: '配送看板' });
  }

  /** The board's section of one delivery window, named e.g. "14:00–15:00 · 3 单". */
  window(label: RegExp | string): Locator {
    return this.board().getByRole('region', { name: label });
  }

  /** The side column's tab 待配送 / 配送中 (names carry counts: "配送中（3）"). */
  tab(name: '待配送' | '配送中'): Locator {
    return this.main().getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** 配送中: what is out with riders now, one region per rider ("骑手 孙小龙 · 3 单"). */
  outList(): Locator {
    return this.main().getByRole('region', { name: '配送中' });
  }

  handover(): Locator {
    return this.main().getByRole('region', { name: '骑手交接' });
  }

  alert(): Locator {
    return this.main().getByRole('alert').filter({ hasText: /\S/ }).first();
  }

  status(): Locator {
    return this.main().getByRole('status').filter({ hasText: /\S/ }).first();
  }

  confirm(): Locator {
    return this.handover().getByRole('button', { name: '交给骑手（F2）' });
  }
}
