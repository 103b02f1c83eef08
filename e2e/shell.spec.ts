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

test('Settings tests an HQ connection: the demo HQ with its key, a wrong key, an HQ that is not there', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  await shell.openSignedIn();
  await shell.goTo('settings', 'zh-CN');
  const hq = page.getByRole('form', { name: '总部连接' });
  await hq.getByRole('button', { name: '测试连接' }).click();
  await expect(hq.getByRole('status')).toHaveText('总部可以连接，本机密钥有效。保存后生效。');

  const key = hq.getByLabel('本机密钥');
  await key.fill('not-a-terminal-key');
  await hq.getByRole('button', { name: '测试连接' }).click();
  await expect(hq.getByRole('status')).toContainText('总部不认这个本机密钥');

  // Nothing listens on port 9; the web build's CSP does not name it either: unreachable, not a crash.
  await key.fill('demo-key-T1');
  await hq.getByLabel('总部地址').fill('http://127.0.0.1:9');
  await hq.getByRole('button', { name: '测试连接' }).click();
  await expect(hq.getByRole('status')).toContainText('连不上总部');
  // Nothing was saved by testing.
  await page.reload();
  await new SignInPage(page).waitForStaff();
  expect(await page.evaluate(() => localStorage.getItem('linli.settings') ?? '')).not.toContain(
    '127.0.0.1:9',
  );
});
