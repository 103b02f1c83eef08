import type { Transaction } from 'dexie';
import type { MutationPayload } from '@shared/contract';
import { parseCode } from '@shared/codes/parse';
import { type VarianceSummary, adjustmentsFor, stockVariance } from '@shared/dayend/stockVariance';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import type { ProductRow, StockCountLineRow, StockCountRow, StockRow } from '../types';
import { logAuditEvent } from './audit';
import { dayEndContext, refuse } from './dayendContext';
import { type AffectedEntity, recordMutation, writeAction } from './outbox';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * Stock count sessions (盘点): full or by category, scan by scan. Every scan is
 * written at once, so a count resumes after a restart; a terminal runs one
 * session per scope (two terminals can count different categories at once —
 * each counts on its own database and submits its own lines). Submitting
 * writes `stock.counted`, the `stock.adjusted` for the differences (manager),
 * and the local stock, in one transaction.
 */

const COUNT_TABLES = ['stockCounts', 'stockCountLines', 'products', 'stock', 'staff'] as const;

export interface StartCountInput {
  scope: 'full' | 'category';
  category?: string;
}

/** Counting sessions of this terminal not yet submitted (resume after a restart). */
export async function openStockCounts(db: LinliDb): Promise<StockCountRow[]> {
  return db.stockCounts.where('state').equals('counting').sortBy('startedAt');
}

export async function startStockCount(
  db: LinliDb,
  input: StartCountInput,
  actor: { staffId: string },
  options: { clock?: Clock } = {},
): Promise<StockCountRow> {
  const clock = options.clock ?? systemClock;
  const category = input.scope === 'category' ? input.category?.trim() : undefined;
  if (input.scope === 'category' && !category) refuse({ reason: 'invalid-qty' });
  return writeAction(db, COUNT_TABLES, async (tx) => {
    const ctx = await dayEndContext(tx.table('meta'));
    const open = await tx
      .table<StockCountRow, string>('stockCounts')
      .where('state')
      .equals('counting')
      .toArray();
    // A full count overlaps everything; two counts of one category would count its goods twice.
    const overlap = open.find((c) => c.scope === 'full' || input.scope === 'full' || c.category === category);
    if (overlap) refuse({ reason: 'count-overlap', countId: overlap.id });
    const row: StockCountRow = {
      id: crypto.randomUUID(),
      scope: input.scope,
      ...(category ? { category } : {}),
      state: 'counting',
      startedAt: isoAt(clock),
      startedBy: actor.staffId,
      terminalId: ctx.terminal.terminalId,
    };
    await tx.table<StockCountRow, string>('stockCounts').add(row);
    return row;
  });
}

async function openCount(tx: Transaction, countId: string): Promise<StockCountRow> {
  const count = await tx.table<StockCountRow, string>('stockCounts').get(countId);
  return count && count.state === 'counting' ? count : refuse({ reason: 'count-not-open' });
}

/** The product a scanned code names: a barcode, or a scale label's PLU (with its weight). */
async function productForCode(
  tx: Transaction,
  code: string,
): Promise<{ product: ProductRow; qty: number } | null> {
  const parsed = parseCode(code);
  const products = tx.table<ProductRow, string>('products');
  if (parsed.kind === 'productBarcode') {
    const product =
      (await products.where('barcodes').equals(parsed.text).first()) ??
      (await products.where('barcodes').equals(parsed.gtin).first());
    return product ? { product, qty: product.weighed ? 1000 : 1 } : null;
  }
  if (parsed.kind === 'scaleBarcode') {
    const product = await products.where('plu').equals(parsed.plu).first();
    return product ? { product, qty: product.weighed ? (parsed.weightGrams ?? 0) : 1 } : null;
  }
  return null;
}

async function putLine(
  tx: Transaction,
  count: StockCountRow,
  product: ProductRow,
  next: (line: StockCountLineRow | undefined) => number,
  clock: Clock,
): Promise<StockCountLineRow> {
  if (count.scope === 'category' && product.category !== count.category)
    refuse({ reason: 'wrong-category', sku: product.sku, category: product.category });
  const lines = tx.table<StockCountLineRow, [string, string]>('stockCountLines');
  const existing = await lines.get([count.id, product.sku]);
  const expectedQty =
    existing?.expectedQty ?? (await tx.table<StockRow, string>('stock').get(product.sku))?.qty ?? 0;
  const line: StockCountLineRow = {
    countId: count.id,
    sku: product.sku,
    countedQty: next(existing),
    expectedQty,
    updatedAt: isoAt(clock),
  };
  await lines.put(line);
  return line;
}

/**
 * One scan adds one unit (a weighed good's scale label adds its weight). An
 * unknown code, or a product outside the counted category, is refused and
 * nothing is written.
 */
export async function countScan(
  db: LinliDb,
  countId: string,
  code: string,
  options: { clock?: Clock } = {},
): Promise<{ line: StockCountLineRow; product: ProductRow }> {
  const clock = options.clock ?? systemClock;
  return writeAction(db, COUNT_TABLES, async (tx) => {
    const count = await openCount(tx, countId);
    const found = await productForCode(tx, code);
    if (!found) return refuse({ reason: 'unknown-product', code: code.trim() });
    const line = await putLine(tx, count, found.product, (l) => (l?.countedQty ?? 0) + found.qty, clock);
    return { line, product: found.product };
  });
}

/** Sets a product's counted quantity (a whole, non-negative number; grams for weighed goods). */
export async function setCounted(
  db: LinliDb,
  countId: string,
  sku: string,
  qty: number,
  options: { clock?: Clock } = {},
): Promise<StockCountLineRow> {
  const clock = options.clock ?? systemClock;
  if (!Number.isSafeInteger(qty) || qty < 0) refuse({ reason: 'invalid-qty' });
  return writeAction(db, COUNT_TABLES, async (tx) => {
    const count = await openCount(tx, countId);
    const product = await tx.table<ProductRow, string>('products').get(sku);
    if (!product) return refuse({ reason: 'unknown-product', code: sku });
    return putLine(tx, count, product, () => qty, clock);
  });
}

export interface CountView {
  count: StockCountRow;
  lines: (StockCountLineRow & { name: string; unit: string; weighed: boolean })[];
  variance: VarianceSummary;
}

/** A session with its lines and variance (units and value at the catalogue price). */
export async function stockCountView(db: LinliDb, countId: string): Promise<CountView | null> {
  return db.transaction('r', [db.stockCounts, db.stockCountLines, db.products], async () => {
    const count = await db.stockCounts.get(countId);
    if (!count) return null;
    const lines = await db.stockCountLines.where('countId').equals(countId).toArray();
    const products = new Map(
      (await db.products.bulkGet(lines.map((l) => l.sku))).flatMap((p) => (p ? [[p.sku, p] as const] : [])),
    );
    lines.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return {
      count,
      lines: lines.map((l) => {
        const p = products.get(l.sku);
        return { ...l, name: p?.name ?? l.sku, unit: p?.unit ?? '', weighed: p?.weighed ?? false };
      }),
      variance: stockVariance(lines, products),
    };
  });
}

export interface SubmitCountInput {
  /** Reason per differing sku; `defaultReason` for the rest. */
  reasons?: Record<string, string>;
  defaultReason: string;
}

/**
 * Submits the count (manager): `stock.counted` with every line, the
 * `stock.adjusted` for the differences with their reasons, the local stock set
 * to the counted quantities, and the session closed — one transaction.
 */
export async function submitStockCount(
  db: LinliDb,
  countId: string,
  input: SubmitCountInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<{ count: StockCountRow; adjusted: number }> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, COUNT_TABLES, async (tx) => {
      const ctx = await dayEndContext(tx.table('meta'));
      const count = await openCount(tx, countId);
      const lines = await tx
        .table<StockCountLineRow, [string, string]>('stockCountLines')
        .where('countId')
        .equals(countId)
        .toArray();
      if (!lines.length) refuse({ reason: 'nothing-counted' });
      const adjustments = adjustmentsFor(lines, (sku) =>
        (input.reasons?.[sku] ?? input.defaultReason).trim(),
      );
      if (adjustments.some((a) => !a.reason)) refuse({ reason: 'reason-required' });
      const auth = await authorize(tx, 'stockAdjust', actor, clock);
      const products = new Map(
        (await tx.table<ProductRow, string>('products').bulkGet(lines.map((l) => l.sku))).flatMap((p) =>
          p ? [[p.sku, p] as const] : [],
        ),
      );
      const variance = stockVariance(lines, products);
      const now = isoAt(clock);
      const counted: MutationPayload<'stock.counted'> = {
        countId,
        scope: count.scope,
        ...(count.category ? { category: count.category } : {}),
        lines: lines.map((l) => ({ sku: l.sku, countedQty: l.countedQty, expectedQty: l.expectedQty })),
      };
      await recordMutation(
        tx,
        'stock.counted',
        counted,
        { staffId: actor.staffId },
        {
          affects: [],
          detail: {
            countId,
            scope: count.scope,
            category: count.category,
            lines: lines.length,
            valueFen: variance.valueFen,
          },
          clock,
        },
      );
      if (adjustments.length) {
        const stock = tx.table<StockRow, string>('stock');
        const affects: AffectedEntity[] = [];
        for (const a of adjustments) {
          const before = await stock.get(a.sku);
          affects.push({ entity: 'stockLevel', key: a.sku, before: before ?? null });
          await stock.put({
            storeId: ctx.terminal.storeId,
            sku: a.sku,
            qty: (before?.qty ?? 0) + a.deltaQty,
            updatedAt: now,
          });
        }
        const adjusted: MutationPayload<'stock.adjusted'> = {
          adjustmentId: crypto.randomUUID(),
          countId,
          lines: adjustments.map((a) => ({ ...a, reason: a.reason.slice(0, 200) })),
          ...approvedByOf(auth),
        };
        await recordMutation(
          tx,
          'stock.adjusted',
          adjusted,
          { staffId: actor.staffId, ...approvedByOf(auth) },
          {
            affects,
            detail: { ...adjusted, ...approvalDetailOf(auth) },
            clock,
          },
        );
      }
      const done: StockCountRow = {
        ...count,
        state: 'submitted',
        submittedAt: now,
        submittedBy: actor.staffId,
        summary: {
          lines: lines.length,
          differing: variance.differing,
          unitsOver: variance.unitsOver,
          unitsShort: variance.unitsShort,
          valueFen: variance.valueFen,
        },
      };
      await tx.table<StockCountRow, string>('stockCounts').put(done);
      return { count: done, adjusted: adjustments.length };
    });
  } catch (error) {
    if (error instanceof PermissionDeniedError && (await db.staff.get(actor.staffId)))
      await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
        subject: error.action,
        detail: { reason: error.reason, countId },
        clock,
      });
    throw error;
  }
}

/** Categories of the catalogue, for starting a category count. */
export async function productCategories(db: LinliDb): Promise<string[]> {
  const set = new Set<string>();
  await db.products.each((p) => {
    if (p.active) set.add(p.category);
  });
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
