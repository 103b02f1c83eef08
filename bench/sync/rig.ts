import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Order, Product } from '../../shared/contract';
import { ean13CheckDigit } from '../../central/src/catalog';
import { openPglite, type Db } from '../../central/src/db';
import { lockStore, loadEntities, writeEntities, type EntityWrite } from '../../central/src/repo';
import { createCentral } from '../../central/src/central';
import { acquireRunLock } from '../../e2e/runLock';
import type { Page } from '@playwright/test';
import '../../e2e/syncHelpers';
import { openOnDiskProfile, waitForServer, type OnDiskBrowser } from '../browser';

/**
 * The sync benchmarks' rig: the production web build served by
 * `scripts/web.mjs --no-central` on :5173, the reference central in this
 * process on :8787 (the app's embedded default HQ; PGlite in memory, demo
 * data, plus bulk data for B4), and Chromium on an on-disk profile
 * (`launchPersistentContext`: IndexedDB on disk as on a real terminal).
 * Takes the end-to-end run lock: the ports are shared with `npm run test:e2e`.
 */
export const APP = 'http://127.0.0.1:5173/?linli-test=1';
const HQ_PORT = 8787;

export interface Rig {
  db: Db;
  open(): Promise<OnDiskBrowser>;
  close(): Promise<void>;
}

/** Other benchmarks and `npm run web` use the same ports without the run lock: wait for them to be free. */
async function waitForFreePorts(ports: readonly number[], timeoutMs = 15 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once('error', () => resolve(false))
        .once('listening', () => probe.close(() => resolve(true)))
        .listen(port, '127.0.0.1');
    });
  for (let announced = false; ; announced = true) {
    const states = await Promise.all(ports.map(free));
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`ports ${ports.join(', ')} stay busy`);
    if (!announced) console.error(`# waiting for ports ${ports.join(', ')} to be free…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * `seedCache`: a file that keeps the seeded central between runs (PGlite's data
 * dir as a tarball): the first run seeds and writes it, later runs load it and
 * skip the seeding (minutes for B4's 70k entities). For iterating only: the
 * demo data's dates are those of the run that wrote it.
 */
export async function startRig(
  seed?: (db: Db) => Promise<void>,
  options: { seedCache?: string } = {},
): Promise<Rig> {
  acquireRunLock();
  await waitForFreePorts([HQ_PORT, 5173]);
  const cached =
    options.seedCache && existsSync(options.seedCache)
      ? await openPglite(undefined, { loadDataDir: new Blob([readFileSync(options.seedCache)]) })
      : undefined;
  const central = await createCentral({
    ...(cached ? { db: cached } : { memory: true }),
    enableAdmin: true,
    demo: { seed: 1, pinIterations: 1000, ordersS001: 60, ordersS002: 5 },
  });
  const { db } = central;
  if (seed && !cached) {
    await seed(db);
    if (options.seedCache && db.dumpDataDir)
      writeFileSync(options.seedCache, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  }
  await central.app.listen({ port: HQ_PORT, host: '127.0.0.1' });
  const web = spawn('node', ['scripts/web.mjs', '--no-central'], { stdio: 'ignore', detached: true });
  try {
    await waitForServer('http://127.0.0.1:5173/', web);
  } catch (error) {
    if (web.pid) process.kill(-web.pid, 'SIGTERM');
    await central.close();
    await cached?.close();
    throw error;
  }
  return {
    db,
    open: () => openOnDiskProfile('linli-sync-bench-'),
    async close() {
      if (web.pid) process.kill(-web.pid, 'SIGTERM');
      await central.close();
      await cached?.close();
    },
  };
}

/** Waits for the page's hooks and its first successful sync (the first pull done). */
export async function waitForFirstSync(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(() => window.__linliTest?.status().lastSuccessAt != null, undefined, {
    timeout: timeoutMs,
    polling: 50,
  });
}

/** Of B4's orders, one in this many is open (arrived): 2,000 of 50,000, as a store's feed. */
export const OPEN_EVERY = 25;

/**
 * B4's data: `orders` orders and `products` products more in S001's feed,
 * cloned from the demo ones (contract-valid), written set-based. One order in
 * `OPEN_EVERY` is open (arrived), the rest closed (collected,
 * cancelled, returned) within the history window.
 */
export async function seedBulk(db: Db, counts: { orders: number; products: number }): Promise<void> {
  // Templates without slot assignments: a shelf holds a few hundred bags, so a real
  // feed's 50k orders are nearly all off the shelf (collected, pending, cancelled…).
  const demoOrders = [...(await loadEntities<Order>(db, 'S001', 'order')).values()].filter(
    (o) => o.slotAssignments.length === 0,
  );
  // Open orders are 'arrived': B4-during scans them, and a pending one shows no card.
  const open = demoOrders.filter((o) => o.status === 'arrived');
  const closed = demoOrders.filter((o) => o.status !== 'pending' && o.status !== 'arrived');
  const demoProducts = [...(await loadEntities<Product>(db, 'S001', 'product')).values()];
  const writes: EntityWrite[] = [];
  for (let i = 0; i < counts.products; i++) {
    const base = demoProducts[i % demoProducts.length]!;
    const first12 = `69${String(90_000_000_00 + i).padStart(10, '0')}`;
    const product: Product = {
      ...base,
      sku: `BENCH-P${i}`,
      barcodes: base.weighed ? [] : [`${first12}${ean13CheckDigit(first12)}`],
      name: `${base.name} ${i}`,
    };
    delete product.plu;
    writes.push({ entity: 'product', key: product.sku, data: product as unknown as Record<string, unknown> });
  }
  for (let i = 0; i < counts.orders; i++) {
    const pool = i % OPEN_EVERY === 0 ? open : closed;
    const base = pool[Math.floor(i / OPEN_EVERY) % pool.length]!;
    const id = benchOrderId(i);
    const order: Order = {
      ...base,
      id,
      orderNo: `LL99${String(i).padStart(8, '0')}`,
      pickupCodeHash: base.pickupCodeHash,
    };
    writes.push({ entity: 'order', key: id, data: order as unknown as Record<string, unknown> });
  }
  for (let i = 0; i < writes.length; i += 10_000) {
    await db.transaction(async (tx) => {
      await lockStore(tx, 'S001');
      await writeEntities(tx, 'S001', writes.slice(i, i + 10_000));
    });
  }
  // As an HQ's autovacuum would after a load: the pull's plan depends on it.
  await db.analyzeIfStale();
}

export const benchOrderId = (i: number) => `BENCH-O${i}`;
