import { spawn } from 'node:child_process';
import type { Page } from '@playwright/test';
import { SignInPage } from '../e2e/pages/SignInPage';
import { acquireRunLock } from '../e2e/runLock';
import { openOnDiskProfile, waitForServer } from './browser';
import { median, percentile, result, type Benchmark } from './harness';

const APP = 'http://127.0.0.1:5173/';
const HEALTH = 'http://127.0.0.1:8787/v1/health';
const PRODUCTS = 20_000;
const SCANS = 120;
const KEYSTROKES = 120;
const SALES = 40;
const WARMUP = 10;

/**
 * 20k products as a long-running store's catalogue looks: Chinese names from
 * brands × goods × specs (so pinyin search has real work: many names share
 * characters), EAN-13s with prefix 69, written straight into the app's
 * IndexedDB (its indexes kept by IndexedDB), with stock for each.
 */
async function seedCatalogue(page: Page, count: number) {
  await page.evaluate(async (count) => {
    const brands = [
      '蒙牛',
      '伊利',
      '光明',
      '三元',
      '君乐宝',
      '康师傅',
      '统一',
      '农夫山泉',
      '怡宝',
      '娃哈哈',
      '海天',
      '李锦记',
      '金龙鱼',
      '福临门',
      '鲁花',
      '五得利',
      '中粮',
      '旺旺',
      '达利园',
      '好丽友',
      '洽洽',
      '良品铺子',
      '三只松鼠',
      '百草味',
      '维达',
      '清风',
      '心相印',
      '蓝月亮',
      '立白',
      '汰渍',
    ];
    const goods = [
      '纯牛奶',
      '酸奶',
      '早餐奶',
      '奶粉',
      '方便面',
      '矿泉水',
      '纯净水',
      '饮用水',
      '绿茶',
      '红茶',
      '酱油',
      '蚝油',
      '食用油',
      '花生油',
      '大米',
      '面粉',
      '挂面',
      '饼干',
      '面包',
      '蛋糕',
      '瓜子',
      '坚果',
      '薯片',
      '果冻',
      '抽纸',
      '卷纸',
      '湿巾',
      '洗衣液',
      '洗洁精',
      '牙膏',
      '长城干红',
      '银行卡套',
      '火腿肠',
      '午餐肉',
      '八宝粥',
      '豆浆',
      '果汁',
      '可乐',
      '雪碧',
      '咖啡',
    ];
    const specs = [
      '250ml',
      '500ml',
      '1L',
      '200g',
      '500g',
      '1kg',
      '5kg',
      '12包',
      '24瓶',
      '6连包',
      '经典装',
      '家庭装',
      '礼盒装',
      '便携装',
      '量贩装',
      '小包装',
      '超值装',
      '组合装',
      '新品',
      '特惠',
    ];
    const check = (body: string) => {
      const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
      return String((10 - (sum % 10)) % 10);
    };
    const open = () =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('linli-counter');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const db = await open();
    const put = (store: string, rows: unknown[]) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite');
        const os = tx.objectStore(store);
        for (const row of rows) os.put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    const CHUNK = 5000;
    for (let start = 0; start < count; start += CHUNK) {
      const products = [];
      const stock = [];
      for (let i = start; i < Math.min(count, start + CHUNK); i++) {
        const body = `69${String(880_000_000 + i).padStart(10, '0')}`;
        const sku = `B8P${String(i).padStart(6, '0')}`;
        const name = `${brands[i % brands.length]}${goods[Math.floor(i / brands.length) % goods.length]} ${specs[Math.floor(i / (brands.length * goods.length)) % specs.length]}`;
        products.push({
          sku,
          barcodes: [`${body}${check(body)}`],
          name,
          pinyin: '',
          unit: '件',
          priceFen: 100 + (i % 5000),
          weighed: false,
          zone: 'ambient',
          category: '百货',
          active: true,
        });
        stock.push({ storeId: 'S001', sku, qty: 1000, updatedAt: '2026-11-30T00:00:00.000Z' });
      }
      await put('products', products);
      await put('stock', stock);
    }
    db.close();
  }, count);
}

/** Time from `start` until the DOM matches, plus the frame that paints it (a task after its rAF). */
const painted = `
  (check, act) => new Promise((resolve) => {
    const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 3000);
    let start = 0;
    const done = () => {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(performance.now() - start); }, 0));
    };
    const observer = new MutationObserver(() => { if (check()) done(); });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    start = performance.now();
    act();
  })`;

/** Scan → line: the wedge's key burst (the EAN, then Enter) dispatched in the page; stops when the cart shows the line. */
async function timeScan(page: Page, code: string, rowsBefore: number): Promise<number> {
  return page.evaluate(
    ({ code, rowsBefore, painted }) => {
      const run = eval(painted) as (check: () => boolean, act: () => void) => Promise<number>;
      const field = document.getElementById('till-scan')!;
      const key = (k: string) =>
        field.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      for (const ch of code) key(ch);
      const rows = () => document.querySelectorAll('[aria-label="购物车"] tbody tr').length;
      return run(
        () => rows() > rowsBefore,
        () => key('Enter'),
      );
    },
    { code, rowsBefore, painted },
  );
}

/** Search keystroke → list: the field gets its last character (React's input event); stops when the list shows the new hits. */
async function timeKeystroke(page: Page, before: string, after: string): Promise<number> {
  return page.evaluate(
    ({ before, after, painted }) => {
      const run = eval(painted) as (check: () => boolean, act: () => void) => Promise<number>;
      const field = document.getElementById('till-scan') as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const type = (text: string) => {
        setValue.call(field, text);
        field.dispatchEvent(new Event('input', { bubbles: true }));
      };
      type(before);
      return new Promise<number>((resolve) =>
        setTimeout(() => {
          const listText = () => document.getElementById('till-hits')?.textContent ?? '';
          const old = listText();
          void run(
            () => listText() !== old && listText() !== '',
            () => type(after),
          ).then(resolve);
        }, 30),
      );
    },
    { before, after, painted },
  );
}

const QUERIES = [
  'nn',
  'niun',
  'niunai',
  'mn',
  '牛n',
  'cnn',
  'yl',
  'yili',
  'kf',
  'kangs',
  'fbm',
  'xyy',
  'qingf',
  'cc',
  'zhangc',
  'yh',
  'yinh',
  'hts',
  'bbz',
  'kl',
  'ssm',
  'pq',
  '纯牛',
  '矿泉',
  'lyl',
  'mlz',
  'tz',
  'yy',
];

const b8: Benchmark = {
  id: 'B8',
  title: 'till with 20k products: scan → line, search keystroke → list (pinyin), completeSale transaction',
  async run() {
    // The same ports as the end-to-end runs: queue behind them.
    acquireRunLock();
    const up = await fetch(HEALTH).then(
      (r) => r.ok,
      () => false,
    );
    const server = up ? null : spawn('node', ['scripts/web.mjs'], { stdio: 'ignore', detached: true });
    const browser = await openOnDiskProfile('linli-b8-');
    try {
      if (server) {
        await waitForServer(APP, server);
        await waitForServer(HEALTH, server);
      }
      const { page } = browser;
      await page.addInitScript('globalThis.__name = (f) => f');
      await page.goto(APP);
      await page.locator('html[data-ready="true"]').waitFor();
      const signIn = new SignInPage(page);
      await signIn.waitForStaff();
      await signIn.signInByBadge('LS-C01', '1234', '王芳');
      // The first pull brings the demo catalogue; then the 20k products are added.
      await page.waitForFunction(
        () =>
          new Promise<boolean>((resolve) => {
            const req = indexedDB.open('linli-counter');
            req.onsuccess = () => {
              const count = req.result.transaction('products').objectStore('products').count();
              count.onsuccess = () => {
                resolve(count.result > 0);
                req.result.close();
              };
            };
            req.onerror = () => resolve(false);
          }),
        undefined,
        { timeout: 120_000, polling: 500 },
      );
      await page.waitForTimeout(5000);
      await seedCatalogue(page, PRODUCTS);
      await page.waitForTimeout(5000);
      await page.reload();
      await page.locator('html[data-ready="true"]').waitFor();
      await signIn.waitForStaff();
      await signIn.signInByBadge('LS-C01', '1234', '王芳');
      const indexStarted = Date.now();
      await page.getByRole('navigation').getByRole('link', { name: '收银', exact: true }).click();
      await page.getByRole('heading', { name: '快捷键（称重/无码商品）' }).waitFor({ timeout: 60_000 });
      const indexMs = Date.now() - indexStarted;
      const openShift = page.getByRole('button', { name: '开班', exact: true });
      if (await openShift.isVisible()) {
        await openShift.click();
        await openShift.waitFor({ state: 'hidden' });
      }
      await page.locator('#till-scan').focus();

      // Search keystroke → list.
      const keystrokes: number[] = [];
      for (let i = 0; i < KEYSTROKES + WARMUP; i++) {
        const q = QUERIES[i % QUERIES.length]!;
        const ms = await timeKeystroke(page, q.slice(0, -1), q);
        if (ms >= 0 && i >= WARMUP) keystrokes.push(ms);
      }
      await page.evaluate(() => {
        const field = document.getElementById('till-scan') as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, '');
        field.dispatchEvent(new Event('input', { bubbles: true }));
      });

      // Scan → line, with sales completed every few lines (completeSale's own measure).
      const eans: string[] = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const req = indexedDB.open('linli-counter');
            req.onsuccess = () => {
              const all = req.result.transaction('products').objectStore('products').getAll();
              all.onsuccess = () => {
                req.result.close();
                resolve(
                  (all.result as { sku: string; barcodes: string[] }[])
                    .filter((p) => p.sku.startsWith('B8P'))
                    .map((p) => p.barcodes[0]!),
                );
              };
            };
          }),
      );
      const scans: number[] = [];
      let sales = 0;
      for (let i = 0; i < SCANS + WARMUP; i++) {
        const rows = await page.locator('[aria-label="购物车"] tbody tr').count();
        const ms = await timeScan(page, eans[(i * 7919) % eans.length]!, rows);
        if (ms >= 0 && i >= WARMUP) scans.push(ms);
        if (i % 3 === 2 && sales < SALES) {
          await page.keyboard.press('F12');
          const cash = page.getByRole('textbox', { name: '实收现金（元）' });
          await cash.fill('99999');
          await cash.press('Enter');
          await page.getByTestId('change').waitFor();
          sales += 1;
          await page.locator('#till-scan').focus();
          await page.keyboard.press('Enter');
          await page.getByText('购物车是空的：扫码或搜索商品。').waitFor();
        }
      }
      const completes = await page.evaluate(() =>
        performance.getEntriesByName('till:completeSale').map((e) => e.duration),
      );
      const extra = { products: PRODUCTS, indexReadyMs: indexMs };
      return [
        result('scan_to_line_p50', median(scans), 'ms', undefined, { scans: scans.length }),
        result(
          'scan_to_line_p95',
          percentile(scans, 95),
          'ms',
          { max: 30 },
          { scans: scans.length, ...extra },
        ),
        result('keystroke_to_list_p50', median(keystrokes), 'ms', undefined, {
          keystrokes: keystrokes.length,
        }),
        result(
          'keystroke_to_list_p95',
          percentile(keystrokes, 95),
          'ms',
          { max: 30 },
          {
            keystrokes: keystrokes.length,
            queries: QUERIES.length,
          },
        ),
        result('complete_sale_p50', median(completes), 'ms', undefined, { sales: completes.length }),
        result(
          'complete_sale_p95',
          percentile(completes, 95),
          'ms',
          { max: 25 },
          { sales: completes.length },
        ),
      ];
    } finally {
      await browser.dispose();
      if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    }
  },
};

export const benchmarks = [b8];
