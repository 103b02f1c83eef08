import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SCREEN_NAMES, ShellPage, type ScreenKey } from './pages/ShellPage';
import { SignInPage } from './pages/SignInPage';

const screens = Object.keys(SCREEN_NAMES.en) as ScreenKey[];

async function expectNoSeriousViolations(shell: ShellPage) {
  const results = await new AxeBuilder({ page: shell.page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('opens in Chinese, switches to English, and the choice survives a reload', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.openSignedIn();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(shell.heading()).toHaveText('柜台取货');

  await shell.goTo('settings', 'zh-CN');
  await shell.chooseLanguage('English');
  await expect(shell.heading()).toHaveText('Settings');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor();
  // After a reload the sign-in screen is back, now in English.
  await expect(page.getByRole('heading', { level: 1, name: 'Staff sign-in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoSeriousViolations(shell);
});

test('the sign-in screen has no serious accessibility violations', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open();
  await new SignInPage(page).waitForStaff();
  await expectNoSeriousViolations(shell);
});

for (const language of ['zh-CN', 'en'] as const) {
  test(`every screen opens in ${language} with no serious accessibility violations`, async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.openSignedIn();
    if (language === 'en') {
      await shell.goTo('settings', 'zh-CN');
      await shell.chooseLanguage('English');
    }
    for (const screen of screens) {
      await shell.goTo(screen, language);
      await expect(page).toHaveURL(new RegExp(`#/${screen}$`));
      await expect(
        shell.nav().getByRole('link', { name: SCREEN_NAMES[language][screen], exact: true }),
      ).toHaveAttribute('aria-current', 'page');
      await expectNoSeriousViolations(shell);
    }
  });
}

test('the strict CSP is in force: no inline script runs', async ({ page }) => {
  const shell = new ShellPage(page);
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("unsafe-inline' 'wasm");
  await shell.openSignedIn();
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(ran).toBe(false);
});
