import {
  type KeyboardEvent,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { parseCode, type ParsedCode } from '@shared/codes/parse';
import { formatFen, parseYuan } from '@shared/money';
import { type Cart, cartTotals, lineAmountFen, lineGrossFen } from '@shared/sale/cart';
import { saleApprovalNeed } from '@shared/sale/approval';
import { DEFAULT_TILL_POLICY, type TillPolicy } from '@shared/sale/policy';
import { lineFromScale } from '@shared/sale/scale';
import { checkWeight } from '@shared/sale/validate';
import { amountDue, saleLines, type TenderInput } from '@shared/sale/settle';
import type { PaymentGateway } from '@shared/payments/gateway';
import { PermissionDeniedError } from '@shared/staff/roles';
import { PlatformContext } from '../../app/PlatformContext';
import { useServices } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { getMeta, metaKey } from '../../db/meta';
import { StorageFullError } from '../../db/errors';
import {
  completeSale,
  dropHeldCart,
  holdCart,
  listHeldCarts,
  markReceiptPrinted,
  readTillContext,
  recordUnknownBarcode,
  SaleRefusedError,
  voidCart,
} from '../../db/repositories/sales';
import { DayEndRefusedError } from '../../db/repositories/dayendContext';
import { currentOpenShift, openShift } from '../../db/repositories/shifts';
import type { PrivilegedActor } from '../../db/repositories/staff';
import type { HeldCartRow, ProductRow, SaleRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { useCatalogReady, useSyncStatus } from '../../sync';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { playSound } from '../counter/sounds';
import { useWedgeScanner } from '../scanning/useWedgeScanner';
import { usePrivileged } from '../staff/usePrivileged';
import { receiptDocument } from '../receipts/receipt';
import { printAtTill } from './printAtTill';
import { useHqGateway } from './payments/useHqGateway';
import { cartOf, useCartStore } from './cartStore';
import { useTillHandoff } from './handoff';
import { productByBarcode, type ProductIndex, productIndex, searchIndex } from './productIndex';
import { ReceiptView } from './ReceiptView';
import { RefundPanel } from './RefundPanel';
import { useWalletRefundRetry } from './payments/useWalletRefundRetry';
import { followCartOnCustomerDisplay, showPaid } from './customerDisplayLink';
import { refusalMessage } from './refusals';
import { keepBasketAcrossReload } from './reloadSafety';
import { TenderPanel, type TenderPanelProps } from './TenderPanel';
import { recordPendingReversal } from './payments/pendingReversals';
import './sale.css';
import { CustomerNotes } from '../customers/CustomerNotes';

export interface SaleScreenProps {
  db?: LinliDb;
  /** E-wallet gateway; defaults to HQ's (from the terminal's settings). */
  gateway?: PaymentGateway | null;
  /** Whether HQ is reachable; defaults to the sync engine's view. */
  online?: boolean;
  /** The micropay flow's clock; real time unless a test passes a fake one. */
  paymentClock?: TenderPanelProps['clock'];
}

export function SaleScreen(props: SaleScreenProps) {
  const services = useServices();
  const db = props.db ?? services?.db;
  const { t } = useTranslation();
  if (!db) {
    return (
      <ScreenFrame title={t('screen.sale.title')} intro={t('screen.sale.intro')}>
        <p>{t('sale.emptyCart')}</p>
      </ScreenFrame>
    );
  }
  return <Till {...props} db={db} />;
}

type Mode =
  | { kind: 'cart' }
  | { kind: 'tender'; actor: PrivilegedActor }
  | { kind: 'paid'; sale: SaleRow; changeFen: number }
  | { kind: 'refund' }
  | { kind: 'held' };

type Dialog =
  | { kind: 'override' | 'discount'; lineId: string }
  | { kind: 'saleDiscount' }
  | { kind: 'weight'; product: ProductRow }
  | null;

const QTY_PREFIX = /^(\d{1,4})$/;

function Till({
  db,
  gateway: gatewayProp,
  online: onlineProp,
  paymentClock,
}: SaleScreenProps & { db: LinliDb }) {
  const { t, i18n } = useTranslation();
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const syncOnline = useSyncStatus((s) => s.online);
  const catalog = useCatalogReady();
  const online = onlineProp ?? syncOnline;
  const platform = useContext(PlatformContext);
  const hqGateway = useHqGateway(online);
  const gateway = gatewayProp === undefined ? hqGateway : gatewayProp;
  const cart = useCartStore();
  const [mode, setMode] = useState<Mode>({ kind: 'cart' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [pendingQty, setPendingQty] = useState<number | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [context, setContext] = useState<{
    policy: TillPolicy;
    timeZone: string;
    storeName?: string;
  }>({ policy: DEFAULT_TILL_POLICY, timeZone: 'Asia/Shanghai' });
  const [index, setIndex] = useState<ProductIndex | null>(null);
  const [receiptScan, setReceiptScan] = useState<{ receiptNo: string; seq: number } | null>(null);
  const [phone, setPhone] = useState('');
  const [quickCategory, setQuickCategory] = useState<string | null>(null);
  /** F4 always opens a fresh refund panel, even over one showing a finished refund. */
  const [refundSession, setRefundSession] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const focusScan = () => setTimeout(() => inputRef.current?.focus(), 0);
  /** The refund panel, empty (a receipt scanned earlier is not opened again). */
  const openRefund = () => {
    setReceiptScan(null);
    setRefundSession((n) => n + 1);
    setMode({ kind: 'refund' });
  };
  // An add-on sale from a pickup card: customer attached, order linked, the suggestion in the cart.
  const takeHandoff = useEffectEvent((ix: ProductIndex) => {
    const handoff = useTillHandoff.getState().take();
    if (!handoff) return;
    const store = useCartStore.getState();
    if (store.lines.length > 0 && store.customer?.orderId !== handoff.customer.orderId) {
      // Someone else's basket is parked, not lost.
      void holdCart(db, cartOf(store), { staffId: useSessionStore.getState().member?.id ?? 'unknown' });
      store.clear();
    }
    useCartStore.getState().setCustomer(handoff.customer);
    const product = handoff.sku ? ix.bySku.get(handoff.sku) : undefined;
    if (product && !product.weighed) useCartStore.getState().addProduct(product);
    setMode({ kind: 'cart' });
    focusScan();
  });

  const pendingWalletRefunds = useWalletRefundRetry(db, gateway, online);
  const openShiftRow = useLiveQuery(() => currentOpenShift(db).then((x) => x ?? null), [db]);
  useEffect(() => keepBasketAcrossReload(db), [db]);
  useEffect(() => followCartOnCustomerDisplay(), []);

  const catalogVersion = useLiveQuery(async () => String(await db.products.count()), [db]);
  useEffect(() => {
    if (catalogVersion === undefined) return;
    let live = true;
    void productIndex(db, catalogVersion).then((ix) => {
      if (!live) return;
      setIndex(ix);
      takeHandoff(ix);
    });
    return () => {
      live = false;
    };
  }, [db, catalogVersion]);

  useEffect(() => {
    void readTillContext(db)
      .then(async (ctx) => {
        const store = await getMeta(db, metaKey.store(ctx.terminal.storeId));
        setContext({
          policy: ctx.policy,
          timeZone: ctx.timeZone,
          storeName: store?.name,
        });
      })
      .catch(() => undefined);
  }, [db]);

  const fail = useCallback((textOf: string) => {
    setMessage({ tone: 'error', text: textOf });
    playSound('error');
  }, []);
  const info = (textOf: string) => setMessage({ tone: 'info', text: textOf });

  const hits = useMemo(() => (index && text.trim() ? searchIndex(index, text, 12) : []), [index, text]);
  const currentHits = hits;
  const hitSkus = hits.map((h) => h.product.sku).join(',');
  const stock = useLiveQuery(
    async () => {
      const skus = hitSkus ? hitSkus.split(',') : [];
      const rows = await db.stock.bulkGet(skus);
      return new Map(rows.filter((r) => r !== undefined).map((r) => [r.sku, r.qty]));
    },
    [db, hitSkus],
    new Map<string, number>(),
  );

  const addProduct = useCallback(
    (product: ProductRow) => {
      if (product.weighed) {
        // Loose goods without a scale label: the clerk types the weight the scale shows.
        setDialog({ kind: 'weight', product });
        return true;
      }
      const result = useCartStore.getState().addProduct(product, pendingQty ?? 1);
      if (!result.ok) {
        fail(t(`sale.errors.${result.field}.${result.reason}`));
        return false;
      }
      setPendingQty(null);
      setMessage(null);
      playSound('success');
      return true;
    },
    [fail, pendingQty, t],
  );

  const handleCode = useCallback(
    async (parsed: ParsedCode): Promise<boolean> => {
      switch (parsed.kind) {
        case 'productBarcode': {
          const product = await productByBarcode(db, parsed.text, parsed.gtin);
          if (!product) {
            fail(t('sale.errors.unknownBarcode', { text: parsed.text }));
            // On record for HQ (an audit event, synced like every other).
            if (member) await recordUnknownBarcode(db, member.id, parsed.text).catch(() => undefined);
            return true;
          }
          addProduct(product);
          return true;
        }
        case 'scaleBarcode': {
          const product =
            index?.byPlu.get(parsed.plu) ?? (await db.products.where('plu').equals(parsed.plu).first());
          if (!product) {
            fail(t('sale.errors.unknownPlu', { plu: parsed.plu }));
            return true;
          }
          const line = lineFromScale(parsed, product);
          if (!line.ok) {
            fail(
              line.reason === 'notWeighed'
                ? t('sale.errors.scaleNotWeighed', { name: product.name })
                : t('sale.errors.scaleBadWeight'),
            );
            return true;
          }
          useCartStore.getState().addLine(line.line);
          setMessage(null);
          playSound('success');
          return true;
        }
        case 'receiptNumber':
          setReceiptScan({ receiptNo: parsed.receiptNo, seq: ++seq.current });
          setMode({ kind: 'refund' });
          return true;
        case 'paymentCode':
          fail(t('sale.errors.paymentCodeHere'));
          return true;
        case 'unrecognised':
          if (parsed.reason === 'badCheckDigit') {
            fail(t('sale.errors.badCheckDigit', { text: parsed.text }));
            return true;
          }
          return false;
        default:
          return false;
      }
    },
    [db, fail, index, member, t, addProduct],
  );

  const onScan = useCallback(
    (parsed: ParsedCode) => {
      if (mode.kind === 'refund') {
        if (parsed.kind === 'receiptNumber')
          setReceiptScan({ receiptNo: parsed.receiptNo, seq: ++seq.current });
        return;
      }
      if (mode.kind === 'paid') {
        useCartStore.getState().clear();
        setMode({ kind: 'cart' });
      }
      setText('');
      void handleCode(parsed).then((handled) => {
        if (handled) return;
        // A burst that is no code but finds products was typed fast: it is a search.
        if (index && searchIndex(index, parsed.text, 1).length > 0) setText(parsed.text);
        else fail(t('sale.errors.unrecognised', { text: parsed.text }));
      });
    },
    [mode.kind, handleCode, fail, t, index],
  );
  useWedgeScanner({
    onScan,
    // While paying, the tender panel listens (payment context) instead.
    enabled: mode.kind !== 'held' && mode.kind !== 'tender' && dialog === null,
    parse: { context: 'till', scaleLayout: context.policy.scaleLayout },
  });

  const submitSearch = async () => {
    // The field itself: a fast Enter can come before React has re-rendered the typed text.
    const raw = inputRef.current?.value ?? text;
    const typed = raw.trim();
    const hits = raw === text ? currentHits : index && typed ? searchIndex(index, typed, 12) : [];
    if (!typed) {
      if (cart.lines.length > 0) void startPayment();
      return;
    }
    const parsed = parseCode(typed, { context: 'till', scaleLayout: context.policy.scaleLayout });
    const hit = hits[Math.min(active, hits.length - 1)];
    // A typed PLU or part of a barcode is a search; a whole code is a scan.
    if (parsed.kind !== 'unrecognised' || parsed.reason === 'badCheckDigit') {
      if (!(parsed.kind === 'unrecognised' && hit)) {
        setText('');
        if (await handleCode(parsed)) return;
      }
    }
    if (hit) {
      if (addProduct(hit.product)) {
        setText('');
        setActive(0);
      }
      return;
    }
    fail(t('sale.noResults', { text: typed }));
  };

  const selected = cart.lines.find((l) => l.id === cart.selectedId) ?? cart.lines.at(-1) ?? null;

  const startPayment = async () => {
    if (cart.lines.length === 0) {
      fail(t('sale.errors.sale.emptyCart'));
      return;
    }
    if (!member) return;
    setMessage(null);
    const need = saleApprovalNeed(
      { lines: saleLines(cartOf(cart)), discountFen: cartTotals(cart).saleDiscountFen },
      context.policy.discountApprovalThresholdFen,
    );
    if (need.needsManager) {
      // The approval is asked before any money moves, so a refused override never leaves a paid e-wallet charge.
      const actor = await runPrivileged('priceOverride', async (a) => a);
      if (!actor) {
        fail(t('sale.errors.denied'));
        return;
      }
      setMode({ kind: 'tender', actor });
    } else {
      setMode({ kind: 'tender', actor: { staffId: member.id } });
    }
  };

  const finishSale = async (tenders: TenderInput[], actor: PrivilegedActor) => {
    try {
      const store = useCartStore.getState();
      const timing = startTiming('till:completeSale');
      const done = await completeSale(
        db,
        { cart: cartOf(store), tenders, ...(store.heldCartId ? { heldCartId: store.heldCartId } : {}) },
        actor,
      );
      // B8: the whole completeSale transaction.
      timing.end();
      playSound('success');
      store.clear();
      showPaid(done.sale.sale, done.changeFen);
      setMode({ kind: 'paid', sale: done.sale, changeFen: done.changeFen });
      focusScan();
      // The sale is complete: a printer that is off only leaves the receipt waiting for a reprint.
      void print(done.sale, 'sale');
    } catch (error) {
      if (error instanceof SaleRefusedError) fail(refusalMessage(t, error.refusal));
      else if (error instanceof PermissionDeniedError) fail(t('sale.errors.denied'));
      else if (error instanceof StorageFullError) fail(t('sale.errors.storageFull'));
      else if (error instanceof DayEndRefusedError && error.refusal.reason === 'no-open-shift')
        fail(t('sale.errors.noOpenShift'));
      else throw error;
      setMode({ kind: 'cart' });
    }
  };

  const print = async (sale: SaleRow, kind: 'sale' | 'reprint') => {
    if (!platform) return;
    // A cash sale opens the drawer (the till's one drawer rule: printAtTill); a reprint never does.
    const cash = kind === 'sale' && sale.sale.tenders.some((x) => x.method === 'cash');
    const outcome = await printAtTill(
      platform,
      (widthMm) =>
        receiptDocument(
          {
            kind,
            storeName: context.storeName ?? '',
            terminalId: sale.terminalId,
            clerkName: member?.name ?? sale.staffId,
            receiptNo: sale.receiptNo,
            createdAt: sale.createdAt,
            timeZone: context.timeZone,
            sale: sale.sale,
          },
          widthMm,
        ),
      kind,
      { cash },
    );
    await markReceiptPrinted(db, sale.id, outcome.printed);
    const notes: string[] = [];
    if (outcome.printError !== undefined)
      notes.push(t('sale.paid.printFailed', { reason: outcome.printError }));
    if (outcome.drawerError !== undefined)
      notes.push(t('sale.paid.drawerFailed', { reason: outcome.drawerError }));
    if (notes.length > 0) info(notes.join(' '));
  };

  const hold = async () => {
    if (cart.lines.length === 0 || !member) return;
    const store = useCartStore.getState();
    if (store.heldCartId) await dropHeldCart(db, store.heldCartId);
    await holdCart(db, cartOf(store), { staffId: member.id });
    store.clear();
    info(t('sale.held.parked'));
    focusScan();
  };

  const resume = async (row: HeldCartRow) => {
    if (useCartStore.getState().lines.length > 0) {
      fail(t('sale.held.replaceCart'));
      return;
    }
    useCartStore.getState().load(row.cart, row.id);
    setMode({ kind: 'cart' });
    setMessage(null);
    focusScan();
  };

  const voidSale = async () => {
    const store = useCartStore.getState();
    if (store.lines.length === 0) return;
    try {
      // 整单作废 is on record: the audit log (to HQ) and the Z report's voids; the held copy goes too
      await voidCart(
        db,
        cartOf(store),
        { staffId: member?.id ?? 'unknown' },
        { heldCartId: store.heldCartId },
      );
    } catch (error) {
      if (error instanceof StorageFullError) fail(t('sale.errors.storageFull'));
      else throw error;
      return;
    }
    store.clear();
    setPendingQty(null);
    setMessage(null);
    focusScan();
  };

  const attachCustomer = async () => {
    const last4 = phone.trim();
    if (!/^\d{4}$/.test(last4)) {
      fail(t('sale.errors.qty.notANumber'));
      return;
    }
    const orders = await db.orders.where('customer.phoneLast4').equals(last4).toArray();
    const people = new Map(orders.map((o) => [o.customer.customerRef ?? o.customer.maskedName, o.customer]));
    const only = people.size === 1 ? [...people.values()][0] : undefined;
    cart.setCustomer({
      phoneLast4: last4,
      ...(only?.maskedName ? { name: only.maskedName } : {}),
      ...(only?.customerRef ? { ref: only.customerRef } : {}),
    });
    setPhone('');
    focusScan();
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const empty = text.trim() === '';
    if ((e.key === '*' || e.key === '×') && QTY_PREFIX.test(text.trim())) {
      e.preventDefault();
      const qty = Number(text.trim());
      if (qty < 1 || qty > 999) {
        fail(t(`sale.errors.qty.${qty < 1 ? 'zero' : 'tooLarge'}`));
      } else {
        setPendingQty(qty);
        setText('');
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const dir = e.key === 'ArrowDown' ? 1 : -1;
      if (hits.length > 0) {
        setActive((a) => (a + dir + hits.length) % hits.length);
      } else if (cart.lines.length > 0) {
        const i = cart.lines.findIndex((l) => l.id === selected?.id);
        const next = cart.lines[Math.max(0, Math.min(cart.lines.length - 1, i + dir))];
        if (next) cart.select(next.id);
      }
      return;
    }
    if (empty && selected && (e.key === '+' || e.key === '-')) {
      e.preventDefault();
      const r = cart.step(selected.id, e.key === '+' ? 1 : -1);
      if (!r.ok) fail(t(`sale.errors.qty.${r.reason}`));
      return;
    }
    if (empty && selected && e.key === 'Delete') {
      e.preventDefault();
      cart.remove(selected.id);
      return;
    }
    if (e.key === 'Escape') {
      setText('');
      setPendingQty(null);
      return;
    }
  };

  const onRootKey = (e: Pick<KeyboardEvent, 'key' | 'preventDefault'>) => {
    if (dialog || mode.kind === 'tender') return;
    const keys: Record<string, () => void> = {
      F2: () => void hold(),
      F3: () => setMode({ kind: 'held' }),
      F4: () => openRefund(),
      F6: () => selected && setDialog({ kind: 'override', lineId: selected.id }),
      F7: () => selected && setDialog({ kind: 'discount', lineId: selected.id }),
      F8: () => void voidSale(),
      F12: () => void startPayment(),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      if (mode.kind === 'paid') setMode({ kind: 'cart' });
      run();
    }
  };

  // Focus can fall to the page (a view that held it went away, a click on empty space): the
  // till's function keys still work then, as they do from anywhere inside the till.
  const onLostFocusKey = useEffectEvent((e: globalThis.KeyboardEvent) => {
    if (e.defaultPrevented || e.target !== document.body) return;
    onRootKey(e);
  });
  useEffect(() => {
    const listener = (e: globalThis.KeyboardEvent) => onLostFocusKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const totals = cartTotals(cart);
  const due = amountDue(cartOf(cart), context.policy, ['cash']);
  const run = <T,>(
    privileged: boolean,
    action: (actor: PrivilegedActor) => Promise<T>,
  ): Promise<T | null> => {
    if (!member) return Promise.resolve(null);
    return privileged ? runPrivileged('refundAboveThreshold', action) : action({ staffId: member.id });
  };
  const money = (fen: number) => formatFen(fen, i18n.language);

  return (
    <section className="screen till" aria-labelledby="screen-title" onKeyDown={onRootKey}>
      <h1 id="screen-title" className="visually-hidden">
        {t('screen.sale.title')}
      </h1>
      <div className="till-grid">
        <div className="till-left">
          <div className="till-search">
            <label htmlFor="till-scan">{t('sale.scanLabel')}</label>
            <input
              id="till-scan"
              ref={inputRef}
              autoFocus
              autoComplete="off"
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls="till-hits"
              aria-activedescendant={
                hits.length > 0 ? `till-hit-${Math.min(active, hits.length - 1)}` : undefined
              }
              aria-describedby="till-scan-hint"
              value={text}
              disabled={mode.kind === 'tender'}
              onChange={(e) => {
                setText(e.target.value);
                setActive(0);
                if (mode.kind === 'paid') setMode({ kind: 'cart' });
              }}
              onKeyDown={(e) => {
                onSearchKey(e);
                if (e.key === 'Enter' && !e.defaultPrevented) {
                  e.preventDefault();
                  if (mode.kind === 'paid' && !text.trim()) {
                    setMode({ kind: 'cart' });
                    return;
                  }
                  void submitSearch();
                }
              }}
            />
            <p id="till-scan-hint" className="muted till-hint">
              {pendingQty !== null ? t('sale.qtyPending', { qty: pendingQty }) : t('sale.scanHint')}
            </p>
          </div>
          {(index === null || !catalog.ready) && (
            <p className="muted">
              {t('sale.catalogArriving')} {catalog.ready ? '' : `${catalog.percent}%`}
            </p>
          )}
          {hits.length > 0 ? (
            <ul id="till-hits" role="listbox" aria-label={t('sale.results')} className="till-hits">
              {hits.map((h, i) => {
                const qty = stock.get(h.product.sku);
                return (
                  <li
                    key={h.product.sku}
                    id={`till-hit-${i}`}
                    role="option"
                    aria-selected={i === Math.min(active, hits.length - 1)}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      if (addProduct(h.product)) setText('');
                      focusScan();
                    }}
                  >
                    <span className="till-hit-name">{h.product.name}</span>
                    <span className="till-hit-price">
                      {money(h.product.priceFen)}/{h.product.unit}
                    </span>
                    <span className="till-hit-stock muted">
                      {qty === undefined
                        ? ''
                        : h.product.weighed
                          ? t('sale.onHandWeight', { kg: (qty / 1000).toFixed(1) })
                          : t('sale.onHand', { qty })}
                    </span>
                  </li>
                );
              })}
            </ul>
          ) : text.trim() && index ? (
            <p className="muted">{t('sale.noResults', { text: text.trim() })}</p>
          ) : (
            index && (
              <QuickKeys
                index={index}
                category={quickCategory}
                onCategory={setQuickCategory}
                onPick={(p) => {
                  if (addProduct(p) && !p.weighed) focusScan();
                }}
              />
            )
          )}
        </div>

        <div className="till-middle">
          {mode.kind === 'refund' ? (
            <RefundPanel
              key={refundSession}
              db={db}
              policy={context.policy}
              timeZone={context.timeZone}
              storeName={context.storeName}
              scanned={receiptScan}
              gateway={gateway}
              online={online}
              run={run}
              onDone={(m) => {
                // The panel stays on the refund, to print its slip; Back (or a scan) moves on.
                info(m);
                playSound('success');
              }}
              onCancel={() => {
                setMode({ kind: 'cart' });
                focusScan();
              }}
            />
          ) : mode.kind === 'held' ? (
            <HeldList
              db={db}
              onResume={(row) => void resume(row)}
              onCancel={() => {
                setMode({ kind: 'cart' });
                focusScan();
              }}
            />
          ) : mode.kind === 'paid' ? (
            <section className="card" aria-labelledby="paid-title">
              <h2 id="paid-title">{t('sale.paid.title')}</h2>
              <ReceiptView
                sale={mode.sale}
                timeZone={context.timeZone}
                storeName={context.storeName}
                clerkName={member?.name}
              />
            </section>
          ) : (
            <CartTable
              cart={cart}
              selectedId={selected?.id ?? null}
              onAction={focusScan}
              failMessage={fail}
            />
          )}
          {/* Beside the cart, where the middle column has room: never pushes the till's keys off screen. */}
          <CustomerNotes
            db={db}
            customer={
              cart.customer?.ref
                ? {
                    customerRef: cart.customer.ref,
                    ...(cart.customer.name ? { maskedName: cart.customer.name } : {}),
                    ...(cart.customer.phoneLast4 ? { phoneLast4: cart.customer.phoneLast4 } : {}),
                  }
                : null
            }
            surface="till"
            compact
          />
        </div>

        <div className="till-right">
          {mode.kind === 'tender' ? (
            <TenderPanel
              cart={cartOf(cart)}
              policy={context.policy}
              gateway={gateway}
              online={online}
              onPaid={(tenders) => finishSale(tenders, mode.actor)}
              onUnresolved={(pending) => recordPendingReversal(db, pending)}
              clock={paymentClock}
              onCancel={() => {
                setMode({ kind: 'cart' });
                focusScan();
              }}
            />
          ) : mode.kind === 'paid' ? (
            <section className="card till-big" aria-live="polite">
              <p className="till-big-label">{t('sale.totals.paid')}</p>
              <p className="till-big-amount" data-testid="paid-total">
                {money(mode.sale.sale.totalFen)}
              </p>
              <p className="till-big-label">{t('sale.paid.change')}</p>
              <p className="till-big-amount till-change" data-testid="change">
                {money(mode.changeFen)}
              </p>
              <p>{t('sale.paid.receipt', { receiptNo: mode.sale.receiptNo })}</p>
              <button type="button" onClick={() => void print(mode.sale, 'reprint')}>
                {t('sale.actions.reprint')}
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setMode({ kind: 'cart' });
                  focusScan();
                }}
              >
                {t('sale.actions.newSale')}
              </button>
            </section>
          ) : (
            <section className="card till-big" aria-label={t('sale.totals.due')}>
              <p className="till-big-label">
                {t('sale.totals.due')} · {t('sale.totals.items', { count: totals.itemCount })}
              </p>
              <p className="till-big-amount" data-testid="due">
                {money(due.dueFen)}
              </p>
              {totals.totalDiscountFen > 0 && (
                <p>
                  {t('sale.totals.discount')} -{money(totals.totalDiscountFen)}
                </p>
              )}
              {due.roundingFen !== 0 && (
                <p>
                  {t('sale.totals.rounding')} {money(due.roundingFen)}
                </p>
              )}
            </section>
          )}
          {openShiftRow === null && member && (
            <OpenShiftPrompt
              onOpen={async (floatYuan) => {
                try {
                  await openShift(db, { count: floatCount(floatYuan) }, { staffId: member.id });
                  info(t('sale.shift.opened'));
                  focusScan();
                } catch (error) {
                  if (error instanceof DayEndRefusedError)
                    fail(t('sale.shift.refused', { reason: error.refusal.reason }));
                  else throw error;
                }
              }}
            />
          )}
          {pendingWalletRefunds > 0 && (
            <p className="muted" data-testid="wallet-refunds-pending">
              {t('sale.refund.pendingCount', { count: pendingWalletRefunds })}
            </p>
          )}
          {message && (
            <p
              role={message.tone === 'error' ? 'alert' : 'status'}
              className={message.tone === 'error' ? 'error' : ''}
            >
              {message.text}
            </p>
          )}
          <CustomerBox
            customer={cart.customer}
            phone={phone}
            onPhone={setPhone}
            onAttach={() => void attachCustomer()}
            onDetach={() => cart.setCustomer(undefined)}
          />
          {mode.kind !== 'tender' && (
            <div className="till-actions">
              <button
                type="button"
                className="primary"
                onClick={() => void startPayment()}
                disabled={cart.lines.length === 0}
              >
                {t('sale.actions.pay')}
              </button>
              <button type="button" onClick={() => void hold()} disabled={cart.lines.length === 0}>
                {t('sale.actions.hold')}
              </button>
              <button type="button" onClick={() => setMode({ kind: 'held' })}>
                {t('sale.actions.resume')}
              </button>
              <button type="button" onClick={() => openRefund()}>
                {t('sale.actions.refund')}
              </button>
              <button
                type="button"
                onClick={() => selected && setDialog({ kind: 'override', lineId: selected.id })}
                disabled={!selected}
              >
                {t('sale.actions.override')}
              </button>
              <button
                type="button"
                onClick={() => selected && setDialog({ kind: 'discount', lineId: selected.id })}
                disabled={!selected}
              >
                {t('sale.actions.discount')}
              </button>
              <button
                type="button"
                onClick={() => setDialog({ kind: 'saleDiscount' })}
                disabled={cart.lines.length === 0}
              >
                {t('sale.actions.saleDiscount')}
              </button>
              <button type="button" onClick={() => void voidSale()} disabled={cart.lines.length === 0}>
                {t('sale.actions.void')}
              </button>
            </div>
          )}
          <p className="muted till-hint">{t('sale.shortcuts')}</p>
        </div>
      </div>
      {dialog?.kind === 'weight' && (
        <WeightDialog
          product={dialog.product}
          onClose={() => {
            setDialog(null);
            focusScan();
          }}
          onError={fail}
        />
      )}
      {dialog && dialog.kind !== 'weight' && (
        <PriceDialog
          dialog={dialog}
          onClose={() => {
            setDialog(null);
            focusScan();
          }}
          onError={fail}
        />
      )}
    </section>
  );
}

function CartTable({
  cart,
  selectedId,
  onAction,
  failMessage,
}: {
  cart: ReturnType<typeof useCartStore.getState>;
  selectedId: string | null;
  onAction: () => void;
  failMessage: (m: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const money = (fen: number) => formatFen(fen, i18n.language);
  if (cart.lines.length === 0) {
    return (
      <section className="card till-cart" aria-label={t('sale.cart')}>
        {cart.customer?.orderNo && <p>{t('sale.customerFromOrder', { orderNo: cart.customer.orderNo })}</p>}
        <p className="muted">{t('sale.emptyCart')}</p>
      </section>
    );
  }
  return (
    <section className="card till-cart" aria-label={t('sale.cart')}>
      {cart.customer?.orderNo && <p>{t('sale.customerFromOrder', { orderNo: cart.customer.orderNo })}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>{t('sale.col.name')}</th>
            <th>{t('sale.col.qty')}</th>
            <th className="num">{t('sale.col.amount')}</th>
            <th>
              <span className="visually-hidden">{t('sale.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((l) => (
            <tr
              key={l.id}
              aria-selected={l.id === selectedId}
              className={l.id === selectedId ? 'selected' : ''}
            >
              <td>
                {l.name}
                <div className="muted">
                  {money(l.unitPriceFen)}/{l.unit}
                  {l.unitPriceFen !== l.listPriceFen && (
                    <> · {t('sale.listPrice', { price: money(l.listPriceFen) })}</>
                  )}
                  {l.discountFen > 0 && <> · {t('sale.lineDiscount', { amount: money(l.discountFen) })}</>}
                </div>
              </td>
              <td>
                {l.weighed ? (
                  t('sale.weighed', { kg: ((l.weightGrams ?? 0) / 1000).toFixed(3) })
                ) : (
                  <span className="till-stepper">
                    <button
                      type="button"
                      tabIndex={-1}
                      aria-label={t('sale.lessOf', { name: l.name })}
                      onClick={() => {
                        cart.step(l.id, -1);
                        onAction();
                      }}
                    >
                      −
                    </button>
                    <span aria-label={t('sale.col.qty')}>{l.qty}</span>
                    <button
                      type="button"
                      tabIndex={-1}
                      aria-label={t('sale.moreOf', { name: l.name })}
                      onClick={() => {
                        const r = cart.step(l.id, 1);
                        if (!r.ok) failMessage(t(`sale.errors.qty.${r.reason}`));
                        onAction();
                      }}
                    >
                      +
                    </button>
                  </span>
                )}
              </td>
              <td className="num">{money(lineAmountFen(l))}</td>
              <td>
                <button
                  type="button"
                  tabIndex={-1}
                  aria-label={t('sale.removeLine', { name: l.name })}
                  onClick={() => {
                    cart.remove(l.id);
                    onAction();
                  }}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cart.saleDiscountFen > 0 && (
        <p>
          {t('sale.actions.saleDiscount')} -{money(cart.saleDiscountFen)}
        </p>
      )}
    </section>
  );
}

function PriceDialog({
  dialog,
  onClose,
  onError,
}: {
  dialog: Exclude<NonNullable<Dialog>, { kind: 'weight' }>;
  onClose: () => void;
  onError: (m: string) => void;
}) {
  const { t } = useTranslation();
  const cart = useCartStore();
  const line = dialog.kind === 'saleDiscount' ? null : cart.lines.find((l) => l.id === dialog.lineId);
  const [value, setValue] = useState(
    dialog.kind === 'override' && line ? (line.unitPriceFen / 100).toFixed(2) : '',
  );
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const title =
    dialog.kind === 'override'
      ? t('sale.price.title', { name: line?.name ?? '' })
      : dialog.kind === 'discount'
        ? t('sale.price.discountTitle', { name: line?.name ?? '' })
        : t('sale.price.saleDiscountTitle');
  const apply = () => {
    const fen = parseYuan(value);
    const result =
      dialog.kind === 'override'
        ? cart.overridePrice(dialog.lineId, fen)
        : dialog.kind === 'discount'
          ? cart.discountLine(dialog.lineId, fen)
          : cart.discountSale(fen);
    if (!result.ok) {
      onError(t(`sale.errors.${result.field}.${result.reason}`));
      return;
    }
    onClose();
  };
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="price-title" className="card till-dialog">
        <h2 id="price-title">{title}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
          onKeyDown={(e) => e.key === 'Escape' && onClose()}
        >
          <label htmlFor="price-value">
            {dialog.kind === 'override' ? t('sale.price.label') : t('sale.price.discountLabel')}
          </label>
          <input
            id="price-value"
            ref={ref}
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          {line && dialog.kind !== 'override' && <p className="muted">{formatFen(lineGrossFen(line))}</p>}
          <p className="muted">{t('sale.price.needsManager')}</p>
          <div className="till-actions">
            <button type="submit" className="primary">
              {t('sale.price.apply')}
            </button>
            <button type="button" onClick={onClose}>
              {t('sale.price.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

function HeldList({
  db,
  onResume,
  onCancel,
}: {
  db: LinliDb;
  onResume: (row: HeldCartRow) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const held = useLiveQuery(() => listHeldCarts(db), [db]);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (held) (first.current ?? null)?.focus();
  }, [held]);
  return (
    <section
      className="card"
      aria-labelledby="held-title"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <h2 id="held-title">{t('sale.held.title')}</h2>
      {held && held.length === 0 && <p className="muted">{t('sale.held.none')}</p>}
      <ul className="till-held">
        {held?.map((row, i) => (
          <li key={row.id}>
            <button type="button" ref={i === 0 ? first : undefined} onClick={() => onResume(row)}>
              {t('sale.held.take')} ·{' '}
              {t('sale.held.entry', {
                time: new Date(row.heldAt).toLocaleTimeString(i18n.language, {
                  hour: '2-digit',
                  minute: '2-digit',
                }),
                count: row.cart.lines.length,
                amount: formatFen(cartTotals(row.cart).subtotalFen),
              })}
              {' · '}
              {row.cart.lines
                .map((l) => l.name)
                .join('、')
                .slice(0, 40)}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onCancel}>
        {t('sale.actions.back')}
      </button>
    </section>
  );
}

function QuickKeys({
  index,
  category,
  onCategory,
  onPick,
}: {
  index: ProductIndex;
  category: string | null;
  onCategory: (c: string) => void;
  onPick: (p: ProductRow) => void;
}) {
  const { t } = useTranslation();
  const categories = [...index.quickKeys.keys()];
  const current = category ?? categories[0] ?? null;
  if (!current) return null;
  return (
    <section aria-labelledby="quick-title" className="till-quickkeys">
      <h2 id="quick-title">{t('sale.quickKeys')}</h2>
      <div role="group" aria-label={t('sale.category')} className="till-row">
        {categories.map((c) => (
          <button key={c} type="button" aria-pressed={c === current} onClick={() => onCategory(c)}>
            {c}
          </button>
        ))}
      </div>
      <div className="till-keys">
        {(index.quickKeys.get(current) ?? []).slice(0, 24).map((p) => (
          <button key={p.sku} type="button" onClick={() => onPick(p)}>
            {p.name}
          </button>
        ))}
      </div>
    </section>
  );
}

function CustomerBox({
  customer,
  phone,
  onPhone,
  onAttach,
  onDetach,
}: {
  customer: Cart['customer'];
  phone: string;
  onPhone: (v: string) => void;
  onAttach: () => void;
  onDetach: () => void;
}) {
  const { t } = useTranslation();
  if (customer) {
    return (
      <p className="till-customer">
        {t('sale.customerAttached', { name: customer.name ?? '—', phone: customer.phoneLast4 ?? '—' })}{' '}
        <button type="button" onClick={onDetach}>
          {t('sale.detach')}
        </button>
      </p>
    );
  }
  return (
    <form
      className="till-row till-customer"
      onSubmit={(e) => {
        e.preventDefault();
        onAttach();
      }}
    >
      <label htmlFor="till-phone">{t('sale.customerPhone')}</label>
      <input
        id="till-phone"
        inputMode="numeric"
        maxLength={4}
        className="till-qty-input"
        value={phone}
        onChange={(e) => onPhone(e.target.value)}
      />
      <button type="submit">{t('sale.attach')}</button>
    </form>
  );
}

/** A float in whole yuan as notes (100s, 10s, 1s): the count a shift opens with. */
function floatCount(yuan: number): Record<string, number> {
  return {
    'note-100': Math.floor(yuan / 100),
    'note-10': Math.floor((yuan % 100) / 10),
    'note-1': yuan % 10,
  };
}

/**
 * No shift open on this till: a sale would be refused. The clerk opens one
 * here with the float in the drawer (the day-end screen has the full count).
 */
function OpenShiftPrompt({ onOpen }: { onOpen: (floatYuan: number) => Promise<void> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('500');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card till-shift"
      aria-labelledby="till-shift-title"
      onSubmit={(e) => {
        e.preventDefault();
        const yuan = Number(value);
        if (!Number.isInteger(yuan) || yuan < 0 || yuan > 100_000) return;
        setBusy(true);
        void onOpen(yuan).finally(() => setBusy(false));
      }}
    >
      <h2 id="till-shift-title">{t('sale.shift.title')}</h2>
      <label htmlFor="till-float">{t('sale.shift.float')}</label>
      <input id="till-float" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>
        {t('sale.shift.open')}
      </button>
    </form>
  );
}

/** A performance measure (read by the B8 benchmark) from now until `end()`. */
function startTiming(name: string): { end(): void } {
  const start = performance.now();
  return { end: () => void performance.measure(name, { start, end: performance.now() }) };
}

/** A weighed product without a scale label: the weight the scale shows, in grams. */
function WeightDialog({
  product,
  onClose,
  onError,
}: {
  product: ProductRow;
  onClose: () => void;
  onError: (m: string) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const apply = () => {
    const grams = Number(value.trim());
    const checked = checkWeight(grams);
    if (!checked.ok) {
      onError(t(`sale.errors.qty.${checked.reason}`));
      return;
    }
    useCartStore.getState().addLine({
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      weighed: true,
      qty: grams / 1000,
      weightGrams: grams,
      listPriceFen: product.priceFen,
      unitPriceFen: product.priceFen,
      discountFen: 0,
    });
    playSound('success');
    onClose();
  };
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="weight-title" className="card till-dialog">
        <h2 id="weight-title">{t('sale.weight.title', { name: product.name })}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
          onKeyDown={(e) => e.key === 'Escape' && onClose()}
        >
          <label htmlFor="weight-grams">{t('sale.weight.label')}</label>
          <input
            id="weight-grams"
            ref={ref}
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <p className="muted">
            {formatFen(product.priceFen)}/{product.unit}
          </p>
          <div className="till-actions">
            <button type="submit" className="primary">
              {t('sale.price.apply')}
            </button>
            <button type="button" onClick={onClose}>
              {t('sale.price.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
