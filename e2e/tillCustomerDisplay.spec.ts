import { expect, test } from '@playwright/test';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { SalePage } from './pages/SalePage';
import { ShellPage } from './pages/ShellPage';

/**
 * The customer display's till part: the cart and its total as it is rung up,
 * then paid with the change. (Its own file so it runs after the day-end spec,
 * whose close compares this terminal's sales with HQ's.)
 */

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('the customer display at the till: the cart and total as rung up, then paid and change', async ({
  page,
  context,
}) => {
  await new ShellPage(page).openSignedIn('/');
  const counter = new CounterPage(page);
  await expect(counter.scanField()).toBeVisible();
  const [display] = await Promise.all([
    context.waitForEvent('page'),
    counter.main().getByRole('button', { name: '顾客屏' }).click(),
  ]);
  await display.locator('html[data-ready="true"]').waitFor();
  const screen = display.getByRole('main', { name: '顾客屏' });
  await expect(screen).toContainText('请出示取货码');

  // At the till: the cart and its total as it is rung up, then paid and the change.
  const sale = new SalePage(page);
  await sale.open();
  const [piece] = await sale.products({ weighed: false });
  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.cart()).toContainText(piece!.name);
  await expect(screen).toContainText(piece!.name);
  const due = (await sale.due().textContent()) ?? '';
  await expect(screen).toContainText(due.trim());
  const fen = Number(due.replace(/[^\d]/g, ''));
  await sale.payCash(String(Math.ceil((fen + 1) / 100)));
  await expect(screen).toContainText('找零');
  await expect(screen).toContainText('实收');
});
