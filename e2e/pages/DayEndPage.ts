import { expect, type Locator, type Page } from '@playwright/test';
import { scanLikeScanner } from '../scanner';
import { SignInPage } from './SignInPage';

/** Denominations in the count form's order (fen): ¥100 … ¥0.1, notes. */
const NOTES = [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10] as const;
const yuan = (fen: number) => (fen >= 100 ? String(fen / 100) : `0.${fen / 10}`);

/** Page object for the 日结 screen (zh-CN). */
export class DayEndPage {
  constructor(readonly page: Page) {}

  tab(name: '班次与现金' | '盘点' | '取货核对' | '日结报表'): Locator {
    return this.page.getByRole('tab', { name });
  }

  panel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  /** Types an amount into the denomination fields as notes, largest first. */
  async enterCount(scope: Locator, fen: number) {
    let rest = fen;
    for (const value of NOTES) {
      const pieces = Math.floor(rest / value);
      rest -= pieces * value;
      if (pieces) await scope.getByLabel(`¥${yuan(value)} 纸币 张/枚数`).fill(String(pieces));
    }
    if (rest) throw new Error(`${fen} fen is not a count of notes`);
  }

  async scan(code: string) {
    await scanLikeScanner(this.page, code);
  }

  status(): Locator {
    return this.panel().locator('.dayend-status');
  }

  /** The manager approves in the override dialog: chooses 李强 and taps the PIN. */
  async approveAsManager() {
    const signIn = new SignInPage(this.page);
    const dialog = signIn.overrideDialog();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: /李强/ }).click();
    await signIn.tapPin('9999', dialog);
    await expect(dialog).toBeHidden();
  }

  reportLine(key: string): Locator {
    return this.page.getByTestId('z-report').locator(`tr[data-line="${key}"] td`);
  }
}
