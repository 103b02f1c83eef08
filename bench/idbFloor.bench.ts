import type { Change } from '../shared/contract';
import { openPglite } from '../central/src/db';
import { seedDemo } from '../central/src/demo';
import { pullPage } from '../central/src/repo';
import { DB_VERSION, SCHEMA_HISTORY } from '../renderer/src/db/schema';
import { openOnDiskProfile } from './browser';
import { median, result, type Benchmark } from './harness';

/**
 * B4-floor: what IndexedDB itself costs on this machine for B4's data, with
 * nothing of the app around it — no Dexie, no HTTP, no validation, no central
 * competing for the CPU. A dedicated worker in the same Chromium, on an
 * on-disk profile, puts 50k orders + 20k products (cloned from the demo feed,
 * as B4's are) into object stores with the app's own indexes (the current schema), 1000
 * records per transaction; then the same count of two-field records into a
 * store without indexes: the per-record floor. B4 cannot be faster than the
 * first figure; any design that writes one record per entity cannot beat the
 * second (B4-indexes leaves the bare records out). Not a budgeted benchmark: it says where B4's budget stands.
 */

const ORIGIN = 'http://linli-floor.invalid';
/** Records per transaction (`LINLI_FLOOR_TX`, default 1000): what smaller transactions cost. */
const FLOOR_PER_TRANSACTION = Number(process.env.LINLI_FLOOR_TX ?? 1000);

/** Dexie's schema syntax → IndexedDB stores (`&` unique, `*` multi-entry, `[a+b]` compound). */
function storesOf(schema: Record<string, string>) {
  const parse = (spec: string) => {
    const unique = spec.startsWith('&');
    const multiEntry = spec.startsWith('*');
    const path = spec.replace(/^[&*]/, '');
    const keyPath = path.startsWith('[') ? path.slice(1, -1).split('+') : path;
    return { name: path, keyPath, unique, multiEntry };
  };
  return Object.fromEntries(
    Object.entries(schema).map(([table, spec]) => {
      const [primary, ...indexes] = spec.split(',').map((s) => s.trim());
      return [table, { keyPath: parse(primary!).keyPath, indexes: indexes.map(parse) }];
    }),
  );
}

const WORKER = `
const open = (name, stores) => new Promise((resolve, reject) => {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    for (const [table, def] of Object.entries(stores)) {
      const store = req.result.createObjectStore(table, { keyPath: def.keyPath });
      for (const ix of def.indexes) store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
    }
  };
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});
let perTransaction = 1000;
async function putAll(db, table, rows) {
  const started = performance.now();
  for (let i = 0; i < rows.length; i += perTransaction) {
    const tx = db.transaction(table, 'readwrite');
    const store = tx.objectStore(table);
    for (let j = i; j < Math.min(i + perTransaction, rows.length); j++) store.put(rows[j]);
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  }
  return performance.now() - started;
}
self.onmessage = async ({ data }) => {
  const { orders: orderTemplates, products: productTemplates, counts, stores } = data;
  perTransaction = data.perTransaction;
  const orders = Array.from({ length: counts.orders }, (_, i) => {
    const base = orderTemplates[i % orderTemplates.length];
    return { ...base, id: 'F-O' + i, orderNo: 'LL98' + String(i).padStart(8, '0'),
      slotIds: base.slotAssignments.map((a) => a.slotId) };
  });
  const products = Array.from({ length: counts.products }, (_, i) => {
    const base = productTemplates[i % productTemplates.length];
    return { ...base, sku: 'F-P' + i, barcodes: base.barcodes.map((b) => b + '-' + i) };
  });
  const db = await open('floor-app-schema', { orders: stores.orders, products: stores.products });
  const ordersMs = await putAll(db, 'orders', orders);
  const productsMs = await putAll(db, 'products', products);
  db.close();
  if (!data.bare) return self.postMessage({ ordersMs, productsMs, tinyMs: NaN });
  const bare = await open('floor-bare', { records: { keyPath: 'id', indexes: [] } });
  const tiny = Array.from({ length: counts.orders + counts.products }, (_, i) => ({ id: 'r' + i, n: i }));
  const tinyMs = await putAll(bare, 'records', tiny);
  bare.close();
  self.postMessage({ ordersMs, productsMs, tinyMs });
};
`;

export interface FloorCounts {
  orders: number;
  products: number;
}

export interface FloorFigures {
  ordersMs: number;
  productsMs: number;
  tinyMs: number;
}

/** The orders and products stores of the app's current schema, `omit` (e.g. `products.pinyin`) left out. */
function floorStores(omit?: string) {
  const stores = storesOf(SCHEMA_HISTORY[DB_VERSION]);
  const pick = (table: 'orders' | 'products') => ({
    ...stores[table]!,
    indexes: stores[table]!.indexes.filter((ix) => `${table}.${ix.name}` !== omit),
  });
  return { orders: pick('orders'), products: pick('products') };
}

/** Every secondary index of orders and products, as `table.index`. */
export function floorIndexes(): string[] {
  const stores = floorStores();
  return (['orders', 'products'] as const).flatMap((t) => stores[t].indexes.map((ix) => `${t}.${ix.name}`));
}

async function floorTemplates() {
  const central = await openPglite();
  try {
    await seedDemo(central, { seed: 1, now: new Date(), pinIterations: 1000, ordersS001: 60, ordersS002: 5 });
    const { changes } = JSON.parse((await pullPage(central, 'S001', 0, 5000)).body) as { changes: Change[] };
    return {
      // As B4's seed takes them (bench/sync/rig.ts): orders off the shelf, no slot assignments.
      orders: changes
        .filter((c) => c.entity === 'order')
        .map((c) => c.data as { slotAssignments: unknown[] })
        .filter((o) => o.slotAssignments.length === 0),
      products: changes.filter((c) => c.entity === 'product').map((c) => c.data),
    };
  } finally {
    await central.close();
  }
}

/**
 * B4's data straight into IndexedDB from a worker on a fresh on-disk profile
 * (see the top of this file); `omit` drops one index to measure its share.
 */
export async function measureFloor(
  counts: FloorCounts,
  omit?: string,
  { bare = true }: { bare?: boolean } = {},
): Promise<FloorFigures> {
  const templates = await floorTemplates();
  const { page, dispose } = await openOnDiskProfile('linli-idb-floor-');
  try {
    await page.route(`${ORIGIN}/**`, (route) =>
      new URL(route.request().url()).pathname === '/floor.js'
        ? route.fulfill({ body: WORKER, contentType: 'text/javascript' })
        : route.fulfill({ body: '<!doctype html><title>floor</title>', contentType: 'text/html' }),
    );
    await page.goto(`${ORIGIN}/`);
    return await page.evaluate(
      (input) =>
        new Promise<FloorFigures>((resolve, reject) => {
          const worker = new Worker('/floor.js');
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage(input);
        }),
      { ...templates, counts, stores: floorStores(omit), perTransaction: FLOOR_PER_TRANSACTION, bare },
    );
  } finally {
    await dispose();
  }
}

export const b4Counts = (): FloorCounts => ({
  orders: Number(process.env.LINLI_B4_ORDERS ?? 50_000),
  products: Number(process.env.LINLI_B4_PRODUCTS ?? 20_000),
});

const perRecord = (ms: number, n: number) => Math.round((ms * 1000) / n);

export function floorResults(counts: FloorCounts, measured: FloorFigures) {
  const records = counts.orders + counts.products;
  return [
    result('idb_put_b4_data_app_indexes', measured.ordersMs + measured.productsMs, 'ms', undefined, {
      ordersMs: Math.round(measured.ordersMs),
      productsMs: Math.round(measured.productsMs),
      usPerOrder: perRecord(measured.ordersMs, counts.orders),
      usPerProduct: perRecord(measured.productsMs, counts.products),
    }),
    result('idb_put_bare_records', measured.tinyMs, 'ms', undefined, {
      records,
      usPerRecord: perRecord(measured.tinyMs, records),
    }),
  ];
}

const floor: Benchmark = {
  id: 'B4-floor',
  title: 'IndexedDB alone: B4 data (50k orders + 20k products, app indexes) and bare records, in a worker',
  async run() {
    const counts = b4Counts();
    return floorResults(counts, await measureFloor(counts));
  },
};

/**
 * Each index's share of B4-floor: the floor with one index left out at a time,
 * each on a fresh profile, and with all of them before, midway and after. An
 * index's share is what its table's time drops without it, against the median
 * of that table's time in every run that kept all its indexes (the runs leaving
 * out an index of the other table count too): run-to-run noise is ±10 % here,
 * larger than most single indexes. Which lookup needs each index is in the
 * README; this says what each costs.
 */
const indexes: Benchmark = {
  id: 'B4-indexes',
  title: "each index's share of B4-floor (one left out at a time)",
  async run() {
    const counts = b4Counts();
    const all = floorIndexes();
    const plan: (string | null)[] = [
      null,
      ...all.slice(0, all.length / 2),
      null,
      ...all.slice(all.length / 2),
      null,
    ];
    const runs: { omit: string | null; figures: FloorFigures }[] = [];
    for (const omit of plan)
      runs.push({ omit, figures: await measureFloor(counts, omit ?? undefined, { bare: false }) });
    const tableOf = (index: string) => (index.startsWith('orders.') ? 'orders' : 'products');
    const msOf = (f: FloorFigures, table: 'orders' | 'products') =>
      table === 'orders' ? f.ordersMs : f.productsMs;
    const baseline = (table: 'orders' | 'products') => {
      const times = runs
        .filter((r) => r.omit === null || tableOf(r.omit) !== table)
        .map((r) => msOf(r.figures, table));
      return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
    };
    const base = { orders: baseline('orders'), products: baseline('products') };
    const floorMs = base.orders.median + base.products.median;
    const round = (ms: number) => Math.round(ms);
    const out = [
      result('floor_all_indexes', floorMs, 'ms', undefined, {
        ordersMedianMs: round(base.orders.median),
        ordersRangeMs: [round(base.orders.min), round(base.orders.max)],
        ordersRuns: base.orders.runs,
        productsMedianMs: round(base.products.median),
        productsRangeMs: [round(base.products.min), round(base.products.max)],
        productsRuns: base.products.runs,
      }),
    ];
    for (const run of runs) {
      if (run.omit === null) continue;
      const table = tableOf(run.omit);
      const share = base[table].median - msOf(run.figures, table);
      out.push(
        result(`share_${run.omit}`, share, 'ms', undefined, {
          [`${table}MsWithout`]: round(msOf(run.figures, table)),
          sharePercentOfFloor: Math.round((share / floorMs) * 1000) / 10,
        }),
      );
    }
    return out;
  },
};

export const benchmarks = [floor, indexes];
