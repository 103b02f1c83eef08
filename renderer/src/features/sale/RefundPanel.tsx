import { useLiveQuery } from 'dexie-react-hooks';
import {
  type FormEvent,
  type KeyboardEvent,
  useContext,
  useEffect,
  useEffectEvent,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { parseCode } from '@shared/codes/parse';
import { formatFen, parseYuan } from '@shared/money';
import type { PaymentGateway } from '@shared/payments/gateway';
import {
  inRefundOrder,
  refundOrdinal,
  refundSlipDocument,
  refundSlipNo,
  refundSlipOpensDrawer,
} from '@shared/printing/refundSlip';
import type { Language } from '@shared/settings';
import type { TillPolicy } from '@shared/sale/policy';
import { planRefund, refundable } from '@shared/sale/refund';
import { PermissionDeniedError } from '@shared/staff/roles';
import { businessDateOf } from '@shared/time/storeTime';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import {
  findSaleByReceipt,
  findSales,
  refundsOf,
  refundSale,
  SaleRefusedError,
} from '../../db/repositories/sales';
import { DayEndRefusedError } from '../../db/repositories/dayendContext';
import type { PrivilegedActor } from '../../db/repositories/staff';
import type { RefundRow, SaleRow, WalletRefund } from '../../db/types';
import { refundSlipText } from '../receipts/receipt';
import { sendWalletRefunds } from './payments/walletRefunds';
import { printAtTill, type TillPrintOutcome } from './printAtTill';
import { refusalMessage } from './refusals';

export interface RefundPanelProps {
  db: LinliDb;
  policy: TillPolicy;
  timeZone: string;
  /** The store's name, at the top of the refund slip. */
  storeName?: string;
  /** A receipt scanned anywhere on the till (seq: a new scan each time). */
  scanned: { receiptNo: string; seq: number } | null;
  /** E-wallet refunds go back through it; null (no HQ configured) or offline: they wait, queued. */
  gateway: PaymentGateway | null;
  online: boolean;
  /** Runs the refund as the signed-in member, asking a manager when `privileged`. */
  run<T>(privileged: boolean, action: (actor: PrivilegedActor) => Promise<T>): Promise<T | null>;
  /** The refund is recorded (the panel stays, to print its slip). */
  onDone(message: string): void;
  onCancel(): void;
}

/** The refund just made, while its slip can be printed. */
interface Refunded {
  refundId: string;
  sale: SaleRow;
  amountFen: number;
  /** Slips printed so far: a later one is marked as a reprint. */
  prints: number;
  /** Prints asked for: only the first opens the drawer (as a sale's first receipt does). */
  attempts: number;
}

/**
 * Refunds: find the sale by its receipt code (scanned or typed) or by day and
 * amount, choose lines and quantities (no more than is left after earlier
 * refunds), the reason, and refund to the original tenders. Above the store's
 * threshold a manager approves. Once done, the refund slip (退款凭证) prints
 * from here (F9), through the till's printer and drawer rule.
 */
export function RefundPanel({
  db,
  policy,
  timeZone,
  storeName,
  scanned,
  gateway,
  online,
  run,
  onDone,
  onCancel,
}: RefundPanelProps) {
  const { t, i18n } = useTranslation();
  const platform = useContext(PlatformContext);
  const [text, setText] = useState('');
  const [date, setDate] = useState(() => businessDateOf(Date.now(), timeZone));
  const [amount, setAmount] = useState('');
  const [matches, setMatches] = useState<SaleRow[] | null>(null);
  const [sale, setSale] = useState<SaleRow | null>(null);
  // Live: a wallet refund confirmed by the background retry shows here at once.
  const saleId = sale?.id;
  const previous = useLiveQuery(
    () => (saleId ? refundsOf(db, saleId) : Promise.resolve([] as RefundRow[])),
    [db, saleId],
    [] as RefundRow[],
  );
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState<string>(t('sale.refund.defaultReason'));
  const [restock, setRestock] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  const [refunded, setRefunded] = useState<Refunded | null>(null);
  const [printing, setPrinting] = useState(false);
  const [printNote, setPrintNote] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const firstQtyRef = useRef<HTMLInputElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);

  useEffect(() => findRef.current?.focus(), []);
  // A sale found: the first quantity takes the focus once its form is there.
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (shown > 0) firstQtyRef.current?.focus();
  }, [shown]);
  // A refund just done: its print action takes the focus (the form with it is gone).
  const refundedId = refunded?.refundId;
  useEffect(() => {
    if (refundedId) printRef.current?.focus();
  }, [refundedId]);

  const show = async (found: SaleRow | undefined, receiptNo: string) => {
    setMessage(null);
    setRefunded(null);
    setPrintNote(null);
    if (!found) {
      setSale(null);
      setMessage(t('sale.refund.notFound', { text: receiptNo }));
      return;
    }
    setSale(found);
    setMatches(null);
    setQty({});
    setShown((n) => n + 1);
  };
  const open = (receiptNo: string) =>
    findSaleByReceipt(db, receiptNo).then((found) => show(found, receiptNo));
  const showScanned = useEffectEvent(
    (found: SaleRow | undefined, receiptNo: string) => void show(found, receiptNo),
  );

  useEffect(() => {
    if (!scanned) return;
    void findSaleByReceipt(db, scanned.receiptNo).then((found) => showScanned(found, scanned.receiptNo));
  }, [db, scanned]);

  const onFind = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseCode(text, { context: 'till' });
    void open(parsed.kind === 'receiptNumber' ? parsed.receiptNo : text.trim());
  };

  const onFindByDay = async (e: FormEvent) => {
    e.preventDefault();
    const fen = amount.trim() ? parseYuan(amount) : null;
    setMatches(await findSales(db, { businessDate: date, ...(fen !== null ? { totalFen: fen } : {}) }));
  };

  /** The refund's e-wallet part, sent at once when HQ is there; otherwise it waits in the queue. */
  const sendToWallets = async (refund: RefundRow): Promise<WalletRefund[]> => {
    const waiting = refund.wallet?.filter((w) => w.state === 'pending') ?? [];
    if (waiting.length === 0) return refund.wallet ?? [];
    setSending(waiting.map((w) => t(`sale.tender.method.${w.method}`)).join(' + '));
    try {
      return await sendWalletRefunds(db, online ? gateway : null, refund.id, {
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        attempts: 2,
        pollMs: 1_000,
      });
    } finally {
      setSending(null);
    }
  };
  const walletNote = (w: WalletRefund) =>
    t(`sale.refund.wallet.${w.state}`, {
      method: t(`sale.tender.method.${w.method}`),
      amount: formatFen(w.amountFen),
      reason: reasonText(w.reason),
    });
  /** A gateway reason is a code (exceedsPayment…); the till's own reasons are translated. */
  const reasonText = (reason: string | undefined) =>
    reason ? t(`sale.refund.walletReason.${reason}`, { defaultValue: reason }) : '';

  const rows = sale
    ? refundable(
        sale.sale,
        previous.map((r) => r.refund),
      )
    : [];
  const requestOf = (qtyOf: (line: number) => string) =>
    rows
      .map((r) => ({ line: r.line, qty: Number(qtyOf(r.line) || '0') }))
      .filter((r) => r.qty !== 0 || Number.isNaN(r.qty));
  const planOf = (request: { line: number; qty: number }[]) =>
    sale && request.length > 0
      ? planRefund(
          sale.sale,
          previous.map((r) => r.refund),
          request,
        )
      : null;
  const plan = planOf(requestOf((line) => qty[line] ?? ''));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!sale) return;
    // The fields themselves: a fast Enter can come before React has re-rendered what was typed.
    const form = e.currentTarget;
    const request = requestOf(
      (line) => (form.elements.namedItem(`qty-${line}`) as HTMLInputElement | null)?.value ?? '',
    );
    const plan = planOf(request);
    if (!plan || !plan.ok) {
      setMessage(refusalMessage(t, plan ?? { reason: 'empty' }));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const done = await run(plan.totalFen > policy.refundApprovalThresholdFen, (actor) =>
        refundSale(
          db,
          {
            saleId: sale.id,
            lines: request,
            reason: reason.trim() || t('sale.refund.defaultReason'),
            restock,
          },
          actor,
        ),
      );
      if (!done) {
        setMessage(t('sale.errors.denied'));
        return;
      }
      const methods = done.refund.refund.tenders.map((x) => t(`sale.tender.method.${x.method}`)).join(' + ');
      const summary = t('sale.refund.done', {
        amount: formatFen(done.refund.refund.totalFen),
        method: methods,
      });
      const wallet = await sendToWallets(done.refund);
      const declined = wallet.filter((w) => w.state === 'declined');
      const notes = wallet.map((w) => walletNote(w)).join(' ');
      // Recorded: its slip can print now (a declined wallet part prints as not refunded).
      setRefunded({
        refundId: done.refund.id,
        sale,
        amountFen: done.refund.refund.totalFen,
        prints: 0,
        attempts: 0,
      });
      setPrintNote(null);
      if (declined.length > 0) {
        // Not done: the customer has not got that money back. It stays on the sale for a manager.
        setMessage(`${summary} ${notes}`);
        return;
      }
      onDone(notes ? `${summary} ${notes}` : summary);
    } catch (error) {
      if (error instanceof SaleRefusedError) setMessage(refusalMessage(t, error.refusal));
      else if (error instanceof PermissionDeniedError) setMessage(t('sale.errors.denied'));
      else if (error instanceof DayEndRefusedError && error.refusal.reason === 'no-open-shift')
        setMessage(t('sale.errors.noOpenShift'));
      else throw error;
    } finally {
      setBusy(false);
    }
  };

  /**
   * A refund's slip, as the refund stands now (a wallet part confirmed since
   * shows as refunded), numbered by its place among the sale's refunds — the
   * same number on the first print and on every reprint. Null: not printed.
   */
  const printRefundSlip = async (
    refundId: string,
    sale: SaleRow,
    print: { reprint: boolean; firstAttempt: boolean },
  ): Promise<TillPrintOutcome | null> => {
    if (!platform) {
      setPrintNote({ tone: 'error', text: t('sale.refund.slip.noPrinter') });
      return null;
    }
    const [row, all] = await Promise.all([db.refunds.get(refundId), refundsOf(db, sale.id)]);
    if (!row) return null;
    const [clerk, manager] = await Promise.all([
      db.staff.get(row.staffId),
      row.refund.approvedBy ? db.staff.get(row.refund.approvedBy) : undefined,
    ]);
    const language: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
    const input = {
      storeName: storeName ?? '',
      receiptNo: sale.receiptNo,
      ordinal: refundOrdinal(all, row.id),
      createdAt: row.createdAt,
      timeZone,
      saleLines: sale.sale.lines,
      refund: row.refund,
      ...(row.wallet ? { wallet: row.wallet } : {}),
      clerkName: clerk?.name ?? row.staffId,
      ...(row.refund.approvedBy ? { approvedByName: manager?.name ?? row.refund.approvedBy } : {}),
      language,
      reprint: print.reprint,
    };
    // The drawer rule: cash paid out opens it on the first print asked for only.
    return printAtTill(
      platform,
      (widthMm) => refundSlipDocument(input, refundSlipText(language), widthMm),
      'refund',
      { cash: refundSlipOpensDrawer({ refund: row.refund, reprint: !print.firstAttempt }) },
    );
  };
  const outcomeNote = (outcome: TillPrintOutcome, printed: string, failed: (reason: string) => string) => {
    const notes = [
      outcome.printed ? printed : failed(outcome.printError ?? ''),
      ...(outcome.drawerError !== undefined
        ? [t('sale.refund.slip.drawerFailed', { reason: outcome.drawerError })]
        : []),
    ];
    setPrintNote({
      tone: outcome.printed && outcome.drawerError === undefined ? 'info' : 'error',
      text: notes.join(' '),
    });
  };

  /** The slip of the refund just made (F9); a print after one that printed is a reprint. */
  const printSlip = async () => {
    if (!refunded || printing) return;
    setPrinting(true);
    try {
      const outcome = await printRefundSlip(refunded.refundId, refunded.sale, {
        reprint: refunded.prints > 0,
        firstAttempt: refunded.attempts === 0,
      });
      if (!outcome) return;
      setRefunded({
        ...refunded,
        prints: refunded.prints + (outcome.printed ? 1 : 0),
        attempts: refunded.attempts + 1,
      });
      outcomeNote(outcome, t('sale.refund.slip.printed'), (reason) =>
        t('sale.refund.slip.printFailed', { reason }),
      );
    } finally {
      setPrinting(false);
    }
  };

  /** An earlier refund's slip again (the customer's copy, a jammed printer): a reprint, no drawer. */
  const reprintEarlier = async (refundId: string, refundNo: string) => {
    if (!sale || printing) return;
    setPrinting(true);
    try {
      const outcome = await printRefundSlip(refundId, sale, { reprint: true, firstAttempt: false });
      if (outcome)
        outcomeNote(outcome, t('sale.refund.slip.reprinted', { refundNo }), (reason) =>
          t('sale.refund.slip.reprintFailed', { refundNo, reason }),
        );
    } finally {
      setPrinting(false);
    }
  };
  const onPanelKey = (e: KeyboardEvent) => {
    if (!refunded) return;
    if (e.key === 'F9') {
      e.preventDefault();
      void printSlip();
    } else if (e.key === 'Escape' && !e.defaultPrevented) {
      // As the Back button says: Esc leaves a finished refund for the till.
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <section className="card till-refund" aria-labelledby="refund-title" onKeyDown={onPanelKey}>
      {/* Back beside the title: on screen however long the sale's refunds and lines run. */}
      <div className="till-refund-head">
        <h2 id="refund-title">{t('sale.refund.title')}</h2>
        <button type="button" onClick={onCancel}>
          {t('sale.actions.back')}
        </button>
      </div>
      <form onSubmit={onFind} className="till-row till-refund-find">
        <label htmlFor="refund-find">{t('sale.refund.find')}</label>
        <input
          id="refund-find"
          ref={findRef}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            onCancel();
          }}
        />
        <button type="submit">{t('sale.refund.search')}</button>
      </form>
      <form
        onSubmit={(e) => void onFindByDay(e)}
        className="till-row"
        aria-label={t('sale.refund.findByDay')}
      >
        <label htmlFor="refund-date">{t('sale.refund.date')}</label>
        <input id="refund-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="refund-amount">{t('sale.refund.amount')}</label>
        <input
          id="refund-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <button type="submit">{t('sale.refund.search')}</button>
      </form>
      {matches && (
        <ul className="till-matches">
          {matches.map((m) => (
            <li key={m.id}>
              <button type="button" onClick={() => void open(m.receiptNo)}>
                {m.receiptNo} · {formatFen(m.sale.totalFen)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {refunded && (
        <div className="till-refund-done" aria-labelledby="refund-done-title" role="group">
          <p id="refund-done-title">
            {t('sale.refund.slip.done', {
              amount: formatFen(refunded.amountFen),
              receiptNo: refunded.sale.receiptNo,
            })}
          </p>
          <button
            type="button"
            ref={printRef}
            className="primary"
            aria-keyshortcuts="F9"
            // Not `disabled`: that would drop the focus, and F9 / Enter must work again after.
            aria-disabled={printing}
            onClick={() => void printSlip()}
          >
            {refunded.prints > 0 ? t('sale.refund.slip.reprint') : t('sale.refund.slip.print')}
          </button>
          {printNote && (
            <p role="status" className={printNote.tone === 'error' ? 'error' : undefined}>
              {printNote.text}
            </p>
          )}
        </div>
      )}
      {sale && previous.length > 0 && (
        <>
          <p className="muted" id="refund-history">
            {t('sale.refund.history')}
          </p>
          <ul className="till-refund-history" aria-labelledby="refund-history">
            {inRefundOrder(previous).map((r, i) => {
              const refundNo = refundSlipNo(sale.receiptNo, i + 1);
              return (
                <li key={r.id}>
                  {/* R1, R2…: the sale's receipt number is on the line below, and in the button's name. */}
                  <span>
                    {refundNo.slice(sale.receiptNo.length + 1)} · {formatFen(r.refund.totalFen)} ·{' '}
                    {r.refund.tenders.map((x) => t(`sale.tender.method.${x.method}`)).join(' + ')}
                    {r.wallet?.map((w) => (
                      <span key={w.gatewayRefundId} className={w.state === 'declined' ? 'error' : undefined}>
                        {' · '}
                        {t(`sale.tender.method.${w.method}`)} {formatFen(w.amountFen)}{' '}
                        {t(`sale.refund.walletState.${w.state}`, { reason: reasonText(w.reason) })}
                      </span>
                    ))}
                  </span>
                  {/* The refund just made prints from its own action above (F9, the drawer's first print). */}
                  {r.id !== refunded?.refundId && (
                    <button
                      type="button"
                      aria-label={t('sale.refund.slip.reprintOf', { refundNo })}
                      aria-disabled={printing}
                      onClick={() => void reprintEarlier(r.id, refundNo)}
                    >
                      {t('sale.refund.slip.reprintEarlier')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {!refunded && printNote && (
            <p role="status" className={printNote.tone === 'error' ? 'error' : undefined}>
              {printNote.text}
            </p>
          )}
        </>
      )}
      {sale && !refunded && (
        <form onSubmit={(e) => void submit(e)}>
          <p>
            {t('sale.paid.receipt', { receiptNo: sale.receiptNo })} · {formatFen(sale.sale.totalFen)}
          </p>
          <p className="muted">{t('sale.refund.choose')}</p>
          <table className="table">
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.line}>
                  <td>{r.name}</td>
                  <td>
                    {t('sale.refund.sold', { qty: r.soldQty })}
                    {r.refundedQty > 0 && <> · {t('sale.refund.refunded', { qty: r.refundedQty })}</>}
                  </td>
                  <td>
                    <input
                      ref={i === 0 ? firstQtyRef : undefined}
                      name={`qty-${r.line}`}
                      aria-label={t('sale.refund.refundQty', { name: r.name })}
                      inputMode="decimal"
                      className="till-qty-input"
                      value={qty[r.line] ?? ''}
                      placeholder="0"
                      onChange={(e) => setQty({ ...qty, [r.line]: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label htmlFor="refund-reason">{t('sale.refund.reason')}</label>
          <input
            id="refund-reason"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
          <label className="till-check">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
            {t('sale.refund.restock')}
          </label>
          {plan?.ok && plan.totalFen > policy.refundApprovalThresholdFen && (
            <p className="muted">{t('sale.refund.needsManager')}</p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('sale.refund.submit', { amount: formatFen(plan?.ok ? plan.totalFen : 0) })}
          </button>
        </form>
      )}
      {sending && <p role="status">{t('sale.refund.walletSending', { method: sending })}</p>}
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
    </section>
  );
}
