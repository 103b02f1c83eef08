/**
 * `window.__linliTest`: hooks for the end-to-end tests (R2 crash, offline) and
 * the B3/B4 benchmarks, driving the real repositories and the running sync
 * engine of the page.
 *
 * Loaded by main.tsx through a dynamic import (its own chunk) only in the Vite
 * dev server, or when the page is opened with `?linli-test=1` over plain http
 * from a loopback host (the `npm run web` build on 127.0.0.1). Never in the
 * Electron app (served from app://), never from another host. It adds no power
 * the page's own devtools would not give on such a machine: writes still go
 * through the repositories (change + outbox + audit in one transaction) and
 * HQ still checks every mutation (staff, roles, state).
 */
import type { Settings } from '@shared/settings';
import type { Services } from '../app/services';
import { OrderActionError } from '../db/errors';
import type { MutationPayload } from '@shared/contract';
import { logAuditEvent } from '../db/repositories/audit';
import { handOver } from '../db/repositories/orders';
import { completeSale, readTillContext, refundSale } from '../db/repositories/sales';
import { addDayWork } from '../db/repositories/dayTotals';
import { saleWork } from '@shared/dayend/dayWork';
import type { SaleRow } from '../db/types';
import { recordMutation, writeAction } from '../db/repositories/outbox';
import type { SyncStatus } from './status';
import { readinessOf, syncStatusStore } from './status';

/** When (epoch ms) this page's first sync reached each stage, and what was stored by then (B4). */
export interface FirstSyncMarks {
  syncStart: number | null;
  pickupReady: number | null;
  catalogReady: number | null;
  complete: number | null;
  /** The first successful sync (the first pull done) and its pull's figures. */
  firstSuccess: number | null;
  firstPull: SyncStatus['pull'];
  /** Open orders stored when pickup turned ready; products stored when the catalog did. */
  openAtReady: number | null;
  productsAtCatalog: number | null;
}

export interface IntegrityReport {
  outbox: number;
  /** Outbox rows without their `outboxBases` row. */
  missingBase: number[];
  /** Outbox rows without an audit row naming them. */
  missingAudit: string[];
  /** Audit rows naming a mutation that is in no outbox row (nothing delivered while HQ was down). */
  orphanAudit: string[];
  /** Locally collected orders (since `since`) without a pending handover mutation. */
  collectedWithoutMutation: string[];
  /** The meta sequence is at least every outbox seq. */
  seqOk: boolean;
}

export interface LinliTestHooks {
  outboxIds(): Promise<string[]>;
  /** Orders with a pending handover mutation. */
  pendingHandOvers(): Promise<string[]>;
  status(): SyncStatus;
  /** Changes pulled since the page loaded, over every cycle (`status().pull` is the current cycle's only). */
  pulledChanges(): number;
  firstSyncMarks(): FirstSyncMarks;
  counts(): Promise<{ orders: number; products: number; outbox: number }>;
  /**
   * Writes `count` actions one transaction each: handovers of orders that can
   * be handed over while there are any, audit events after that. Each commit
   * is reported to `window.__linliCommitted(id)` when the test exposed it.
   */
  burst(count: number, staffId: string): Promise<{ id: string; orderId: string | null }[]>;
  /** Queues `count` audit mutations, `chunk` per transaction (benchmark seeding). */
  seedOutbox(count: number, staffId: string, chunk?: number): Promise<number>;
  pauseSync(): Promise<void>;
  /** Restarts the engine and pushes until the outbox is empty; the time it took. */
  drain(): Promise<{ ms: number; rounds: number; pushes: number[] }>;
  syncNow(): Promise<unknown>;
  integrity(since: string): Promise<IntegrityReport>;
  /**
   * A till sale through the till's own repository (completeSale: shift guard,
   * receipt, stock, outbox, audit) — for the day-end e2e while the till's
   * screen is not on main. One line of `qty` × the product's price.
   */
  sell(input: SellInput, staffId: string): Promise<{ receiptNo: string; saleId: string; totalFen: number }>;
  /** Refunds a whole line of a sale (refundSale). */
  refund(saleId: string, line: number, qty: number, reason: string, staffId: string): Promise<number>;
  /**
   * Benchmark seeding (B5): `count` sales of the day with lines and tenders, as
   * the till stores them, written in bulk (no outbox: they count as synced).
   */
  seedDaySales(count: number, day: { start: string; end: string }, terminalId: string): Promise<number>;
  /** Active piece-goods products with a barcode and stock here, for the day-end e2e. */
  countableProducts(): Promise<
    { sku: string; barcode: string; category: string; priceFen: number; stock: number }[]
  >;
}

export interface SellInput {
  sku: string;
  qty: number;
  method: 'cash' | 'card' | 'wechat' | 'alipay';
  /** Cash handed over (change given); default the exact amount. */
  tenderedFen?: number;
  orderId?: string;
  customerRef?: string;
}

declare global {
  interface Window {
    __linliTest?: LinliTestHooks;
    __linliCommitted?: (id: string) => void;
  }
}

export function installTestHooks(services: Services, settings: () => Promise<Settings>): void {
  const { db } = services;
  let pulled = 0;
  const marks: FirstSyncMarks = {
    syncStart: null,
    pickupReady: null,
    catalogReady: null,
    complete: null,
    firstSuccess: null,
    firstPull: null,
    openAtReady: null,
    productsAtCatalog: null,
  };
  syncStatusStore.subscribe((now, before) => {
    if (now.pull && now.pull.changes > (before.pull?.changes ?? 0))
      pulled += now.pull.changes - (before.pull?.changes ?? 0);
    marks.syncStart ??= now.cycleStartedAt;
    if (marks.firstSuccess === null && now.lastSuccessAt !== null) {
      marks.firstSuccess = now.lastSuccessAt;
      marks.firstPull = now.pull;
    }
    if (typeof now.firstSync !== 'object' || now.firstSync === null) return;
    const ready = readinessOf(now.firstSync);
    const at = Date.now();
    if (ready.pickupReady && marks.pickupReady === null) {
      marks.pickupReady = at;
      void db.orders
        .where('status')
        .anyOf(['pending', 'arrived', 'shelved'])
        .count()
        .then((n) => (marks.openAtReady = n));
    }
    if (ready.catalogPercent === 100 && marks.catalogReady === null) {
      marks.catalogReady = at;
      void db.products.count().then((n) => (marks.productsAtCatalog = n));
    }
    if (ready.complete && marks.complete === null) marks.complete = at;
  });
  const hooks: Omit<LinliTestHooks, 'sell' | 'refund' | 'seedDaySales' | 'countableProducts'> = {
    outboxIds: async () => (await db.outbox.toArray()).map((r) => r.id),
    pendingHandOvers: async () =>
      (await db.outbox.toArray())
        .filter((r) => r.type === 'order.handOver')
        .map((r) => (r.payload as { orderId: string }).orderId),
    status: () => syncStatusStore.getState(),
    pulledChanges: () => pulled,
    firstSyncMarks: () => ({ ...marks }),
    counts: async () => ({
      orders: await db.orders.count(),
      products: await db.products.count(),
      outbox: await db.outbox.count(),
    }),
    async burst(count, staffId) {
      // At most 10 handovers, then audit events: the e2e suite shares one demo HQ,
      // and a 2,000-write burst must not use up every shelved order other specs need.
      const candidates = (await db.orders.where('status').anyOf(['arrived', 'shelved']).primaryKeys()).slice(
        0,
        Math.min(count, 10),
      );
      const done: { id: string; orderId: string | null }[] = [];
      for (let i = 0; i < count; i++) {
        let row = null;
        let orderId: string | null = null;
        while (!row && candidates.length > 0) {
          orderId = candidates.shift()!;
          try {
            row = await handOver(db, orderId, { verifiedBy: 'code' }, { staffId });
          } catch (error) {
            if (!(error instanceof OrderActionError)) throw error;
            orderId = null;
          }
        }
        row ??= await logAuditEvent(db, i % 2 ? 'staff.signedIn' : 'staff.signedOut', staffId);
        done.push({ id: row.id, orderId: row.type === 'audit.recorded' ? null : orderId });
        window.__linliCommitted?.(row.id);
      }
      return done;
    },
    async seedOutbox(count, staffId, chunk = 500) {
      for (let done = 0; done < count; done += chunk) {
        const n = Math.min(chunk, count - done);
        await writeAction(db, [], async (tx) => {
          for (let i = 0; i < n; i++) {
            const payload: MutationPayload<'audit.recorded'> = {
              entryId: crypto.randomUUID(),
              action: 'staff.signedIn',
              at: new Date().toISOString(),
              subject: 'bench',
            };
            await recordMutation(tx, 'audit.recorded', payload, { staffId }, { affects: [] });
          }
        });
      }
      return db.outbox.count();
    },
    async pauseSync() {
      await services.sync.stop();
    },
    async drain() {
      const start = performance.now();
      await services.sync.restart(await settings());
      let rounds = 0;
      while ((await db.outbox.count()) > 0) {
        rounds += 1;
        await services.sync.current()?.syncNow();
        if (rounds > 1000) throw new Error('the outbox does not drain');
      }
      const ms = performance.now() - start;
      const pushes = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/mutations') && e.startTime >= start)
        .map((e) => Math.round(e.duration));
      return { ms, rounds, pushes };
    },
    syncNow: async () => services.sync.current()?.syncNow(),
    async integrity(since) {
      const [outbox, bases, audit, orders, seqRow] = await Promise.all([
        db.outbox.toArray(),
        db.outboxBases.toArray(),
        db.audit.toArray(),
        db.orders.where('status').equals('collected').toArray(),
        db.meta.get('terminalSeq'),
      ]);
      const baseSeqs = new Set(bases.map((b) => b.seq));
      const audited = new Set(audit.map((a) => a.mutationId).filter(Boolean));
      const outboxIds = new Set(outbox.map((r) => r.id));
      const pendingRefs = new Set(
        outbox.filter((r) => r.type.startsWith('order.')).flatMap((r) => r.affects as string[]),
      );
      const maxSeq = Math.max(0, ...outbox.map((r) => r.seq));
      return {
        outbox: outbox.length,
        missingBase: outbox.filter((r) => !baseSeqs.has(r.seq)).map((r) => r.seq),
        missingAudit: outbox.filter((r) => !audited.has(r.id)).map((r) => r.id),
        orphanAudit: audit
          .filter((a) => a.at >= since && a.mutationId && !outboxIds.has(a.mutationId))
          .map((a) => a.id),
        collectedWithoutMutation: orders
          .filter((o) => (o.collection?.at ?? '') >= since && !pendingRefs.has(`order:${o.id}`))
          .map((o) => o.id),
        seqOk: typeof seqRow?.value === 'number' && seqRow.value >= maxSeq,
      };
    },
  };
  const sell: LinliTestHooks['sell'] = async (input, staffId) => {
    const product = await db.products.get(input.sku);
    if (!product) throw new Error(`unknown product ${input.sku}`);
    const amount = Math.round(product.priceFen * input.qty);
    const { sale } = await completeSale(
      db,
      {
        cart: {
          lines: [
            {
              id: 'l1',
              sku: product.sku,
              name: product.name,
              unit: product.unit,
              weighed: false,
              qty: input.qty,
              listPriceFen: product.priceFen,
              unitPriceFen: product.priceFen,
              discountFen: 0,
            },
          ],
          saleDiscountFen: 0,
          ...(input.orderId || input.customerRef
            ? {
                customer: {
                  ...(input.orderId ? { orderId: input.orderId } : {}),
                  ...(input.customerRef ? { ref: input.customerRef } : {}),
                },
              }
            : {}),
        },
        tenders: [
          {
            id: 't1',
            method: input.method,
            amountFen: amount,
            ...(input.method === 'cash' ? { tenderedFen: input.tenderedFen ?? amount } : {}),
          },
        ],
      },
      { staffId },
    );
    return { receiptNo: sale.receiptNo, saleId: sale.id, totalFen: sale.sale.totalFen };
  };
  const refund: LinliTestHooks['refund'] = async (saleId, line, qty, reason, staffId) =>
    (await refundSale(db, { saleId, lines: [{ line, qty }], reason }, { staffId })).refund.refund.totalFen;
  const seedDaySales: LinliTestHooks['seedDaySales'] = async (count, day, terminalId) => {
    const products = await db.products.limit(200).toArray();
    const { timeZone } = await readTillContext(db);
    const start = Date.parse(day.start);
    const span = Date.parse(day.end) - start;
    const methods = ['cash', 'wechat', 'alipay', 'card'] as const;
    for (let done = 0; done < count; done += 2000) {
      const rows: SaleRow[] = [];
      for (let i = done; i < Math.min(count, done + 2000); i++) {
        const id = crypto.randomUUID();
        const createdAt = new Date(start + Math.floor((span * i) / count)).toISOString();
        const lines = [0, 1, 2].map((k) => {
          const p = products[(i * 3 + k) % products.length]!;
          return { sku: p.sku, name: p.name, qty: 1, unitPriceFen: p.priceFen, amountFen: p.priceFen };
        });
        const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
        const method = methods[i % 4]!;
        const receiptNo = `${terminalId}-B5-${String(i).padStart(6, '0')}`;
        rows.push({
          id,
          receiptNo,
          businessDate: day.start.slice(0, 10),
          createdAt,
          terminalId,
          staffId: 'C01',
          shiftId: null,
          sale: {
            saleId: id,
            receiptNo,
            lines,
            totalFen,
            tenders:
              method === 'cash'
                ? [{ method, amountFen: totalFen, tenderedFen: totalFen + 50, changeFen: 50 }]
                : [{ method, amountFen: totalFen }],
          },
          refundedQty: {},
        });
      }
      // as the till writes them: the rows and the day's running totals together
      await db.transaction('rw', [db.sales, db.dayTotals, db.dayCloses, db.meta], async (tx) => {
        await db.sales.bulkAdd(rows);
        await addDayWork(tx, rows.map(saleWork), timeZone);
      });
    }
    return db.sales.count();
  };
  const countableProducts: LinliTestHooks['countableProducts'] = async () => {
    const stock = new Map((await db.stock.toArray()).map((r) => [r.sku, r.qty]));
    return (await db.products.toArray())
      .filter((p) => p.active && !p.weighed && p.barcodes.length > 0 && (stock.get(p.sku) ?? 0) > 0)
      .map((p) => ({
        sku: p.sku,
        barcode: p.barcodes[0]!,
        category: p.category,
        priceFen: p.priceFen,
        stock: stock.get(p.sku)!,
      }));
  };
  window.__linliTest = { ...hooks, sell, refund, seedDaySales, countableProducts };
}
