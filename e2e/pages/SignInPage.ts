import { expect, type Locator, type Page } from '@playwright/test';
import { scanLikeScanner } from '../scanner';

/** Page object for the staff sign-in screen and the manager override dialog (zh-CN). */
export class SignInPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: '员工登录' });
  }

  /** The sign-in screen is up and HQ's staff list has arrived (first pull). */
  async waitForStaff(name = '王芳') {
    await expect(this.heading()).toBeVisible();
    await expect(this.staffButton(name)).toBeVisible({ timeout: 30_000 });
  }

  staffButton(name: string): Locator {
    return this.page.getByRole('list', { name: '员工' }).getByRole('button', { name: new RegExp(name) });
  }

  /** A keyboard-wedge scanner: a burst of keys 5 ms apart, then Enter (see e2e/scanner.ts). */
  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  pinField(label = 'PIN'): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** Types the PIN at human speed and presses Enter. */
  async typePin(pin: string, label?: string) {
    await this.pinField(label).focus();
    await this.page.keyboard.type(pin, { delay: 60 });
    await this.page.keyboard.press('Enter');
  }

  /** Presses the on-screen keys, then OK (touch). */
  async tapPin(pin: string, scope: Locator | Page = this.page) {
    const pad = scope.getByRole('group', { name: 'PIN 键盘' });
    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await scope.getByRole('button', { name: '确定' }).click();
  }

  alert(): Locator {
    return this.page.getByRole('main').getByRole('alert').filter({ hasText: /\S/ });
  }

  /** Signs in by badge scan and PIN and waits for the app. */
  async signInByBadge(badge: string, pin: string, name: string) {
    await this.scan(badge);
    await expect(this.page.getByRole('heading', { name: `${name}，请输入 PIN` })).toBeVisible();
    await this.typePin(pin);
    await expect(this.heading()).toBeHidden();
    await expect(this.page.getByText(new RegExp(`当前：${name}`))).toBeVisible();
  }

  overrideDialog(): Locator {
    return this.page.getByRole('dialog', { name: '需要店长批准' });
  }
}
