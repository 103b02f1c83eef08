import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { ShellPage } from './pages/ShellPage';
import { SignInPage } from './pages/SignInPage';

/**
 * Staff sign-in against the real reference central (`npm run web` starts it on
 * :8787 with the demo data): the staff list and PIN hashes arrive by the first
 * pull, PINs are checked offline in the browser. Each test has a fresh
 * browser context, so a fresh IndexedDB.
 */

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('the demo clerk signs in by badge scan and PIN', async ({ page }) => {
  const shell = new ShellPage(page);
  const signIn = new SignInPage(page);
  await shell.open();
  await signIn.waitForStaff();
  await expectNoSeriousViolations(page);
  await signIn.scan('LS-C01');
  await expect(page.getByRole('heading', { name: '王芳，请输入 PIN' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('button', { name: '换人' }).click();
  await signIn.signInByBadge('LS-C01', '1234', '王芳');
  await expect(shell.heading()).toHaveText('柜台取货');
});

test('five wrong PINs lock the member, and a reload does not lift the lock', async ({ page }) => {
  const shell = new ShellPage(page);
  const signIn = new SignInPage(page);
  await shell.open();
  await signIn.waitForStaff();
  await signIn.scan('LS-C01');
  await expect(page.getByRole('heading', { name: '王芳，请输入 PIN' })).toBeVisible();
  for (let i = 1; i <= 4; i++) {
    await signIn.typePin('0000');
    await expect(signIn.alert()).toHaveText(`PIN 不正确，还可以再试 ${5 - i} 次。`);
  }
  await signIn.typePin('0000');
  await expect(signIn.alert()).toContainText('王芳 输错 PIN 次数过多，已锁定');
  await expect(signIn.pinField()).toBeDisabled();

  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor();
  await signIn.waitForStaff();
  await signIn.staffButton('王芳').click();
  await expect(signIn.alert()).toContainText('已锁定');
  await expect(signIn.pinField()).toBeDisabled();
});

test('a clerk’s privileged action asks for the manager, who approves; the audit log shows it', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const signIn = new SignInPage(page);
  await shell.open();
  await signIn.waitForStaff();
  await signIn.signInByBadge('LS-C01', '1234', '王芳');

  await shell.goTo('staff', 'zh-CN');
  await expect(page.getByText('操作日志仅店长可查看。')).toBeVisible();
  await page.getByRole('button', { name: '请店长批准查看' }).click();
  const dialog = signIn.overrideDialog();
  await expect(dialog).toContainText('“查看操作日志”需要店长批准');
  await expectNoSeriousViolations(page);

  // A clerk's badge does not approve; the manager chooses their name and taps the PIN.
  await signIn.scan('LS-C01');
  await expect(dialog.getByRole('alert')).toHaveText('LS-C01 不是本店店长的工牌。');
  await dialog.getByRole('button', { name: /李强/ }).click();
  await signIn.tapPin('9999', dialog);
  await expect(dialog).toBeHidden();

  const log = page.getByRole('table', { name: '操作日志（最新在前）' });
  await expect(log).toBeVisible();
  const approval = log.getByRole('row').filter({ hasText: '店长批准' });
  await expect(approval).toContainText('李强 (M01)');
  await expect(approval).toContainText('为 王芳 (C01)');
  const viewed = log.getByRole('row').filter({ hasText: '查看操作日志' }).first();
  await expect(viewed).toContainText('由 李强 (M01) 批准');

  // Filter by staff: the manager's entries only.
  await page.getByRole('combobox', { name: '员工' }).selectOption('M01');
  await expect(log.getByRole('row').filter({ hasText: '王芳 (C01)' }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: '登录' })).toHaveCount(0);
});
