import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TenderMethod } from '@shared/contract';
import { formatFen, parseYuan } from '@shared/money';
import type { Cart } from '@shared/sale/cart';
import type { TillPolicy } from '@shared/sale/policy';
import { amountDue, cashTender, type TenderInput } from '@shared/sale/settle';
import { useWedgeScanner } from '../scanning/useWedgeScanner';
import type { PendingReversal } from './payments/pendingReversals';
import {
  checkPaymentCode,
  type MicropayPhase,
  type PaymentGateway,
  runMicropay,
} from '@shared/payments/gateway';

export type TenderTab = 'cash' | 'card' | 'wallet';

export interface TenderPanelProps {
  cart: Cart;
  policy: TillPolicy;
  /** E-wallet payments; null when there is no HQ connection configured. */
  gateway: PaymentGateway | null;
  /** The sync engine's view of HQ: e-wallets need it. */
  online: boolean;
  /** All tenders taken add up to what is due: write the sale. */
  onPaid(tenders: TenderInput[]): Promise<void>;
  onCancel(): void;
  /**
   * A wallet payment the till could neither confirm nor reverse (HQ went away
   * mid-payment): kept so that it is reversed once HQ is back.
   */
  onUnresolved?(pending: PendingReversal): Promise<void>;
  /** The micropay flow's clock (tests run it on a fake one). */
  clock?: { now(): number; sleep(ms: number): Promise<void> };
}

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const QUICK_FEN = [1000, 2000, 5000, 10000];

/**
 * Taking payment: cash (tendered, quick amounts, change), bank card (slip
 * number), WeChat Pay / Alipay (the customer's payment code, charged through
 * the gateway with the micropay flow). Several tenders make a split payment;
 * change comes only from cash. The payment code lives in this component's
 * state only until it is sent, then it is cleared — it is never stored.
 */
export function TenderPanel({
  cart,
  policy,
  gateway,
  online,
  onPaid,
  onCancel,
  onUnresolved,
  clock = realClock,
}: TenderPanelProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TenderTab>('cash');
  const [tenders, setTenders] = useState<TenderInput[]>([]);
  const [cashText, setCashText] = useState('');
  const [cardRef, setCardRef] = useState('');
  const [walletCode, setWalletCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [phase, setPhase] = useState<MicropayPhase | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);
  const walletsAvailable = online && gateway !== null;

  const pendingMethod: TenderMethod = tab === 'wallet' ? 'wechat' : tab;
  const methods = [...tenders.map((x) => x.method), pendingMethod];
  const { dueFen, roundingFen } = amountDue(cart, policy, methods);
  const paidFen = tenders.reduce((s, x) => s + x.amountFen, 0);
  const remainingFen = Math.max(0, dueFen - paidFen);
  const changeFen = tenders.reduce((s, x) => s + ((x.tenderedFen ?? x.amountFen) - x.amountFen), 0);

  useEffect(() => {
    fieldRef.current?.focus();
  }, [tab]);

  const take = async (tender: TenderInput) => {
    const next = [...tenders, tender];
    const after = amountDue(
      cart,
      policy,
      next.map((x) => x.method),
    ).dueFen;
    const paid = next.reduce((s, x) => s + x.amountFen, 0);
    setTenders(next);
    if (paid >= after) {
      setBusy(true);
      try {
        await onPaid(next);
      } finally {
        setBusy(false);
      }
    } else {
      setMessage(t('sale.errors.sale.underpaid', { amount: formatFen(after - paid) }));
    }
  };

  const takeCash = async (tenderedFen: number | null) => {
    if (tenderedFen === null || tenderedFen <= 0) {
      setMessage(t('sale.errors.price.notANumber'));
      return;
    }
    setMessage(null);
    setCashText('');
    await take(cashTender(crypto.randomUUID(), remainingFen, tenderedFen));
  };

  const takeCard = async () => {
    setMessage(null);
    const reference = cardRef.trim().slice(0, 64);
    setCardRef('');
    await take({
      id: crypto.randomUUID(),
      method: 'card',
      amountFen: remainingFen,
      ...(reference ? { reference } : {}),
    });
  };

  const charge = async (text: string) => {
    // The code is read once and dropped from state before anything else happens.
    setWalletCode('');
    if (!walletsAvailable || !gateway) {
      setMessage(t('sale.tender.offline'));
      return;
    }
    const code = checkPaymentCode(text);
    if (!code.ok) {
      setMessage(
        t('sale.tender.failed.invalidCode', { method: t('sale.tender.wallet'), text: text.slice(0, 32) }),
      );
      return;
    }
    setMessage(null);
    setBusy(true);
    const paymentId = crypto.randomUUID();
    const amountFen = remainingFen;
    try {
      const result = await runMicropay(
        gateway,
        { paymentId, method: code.method, amountFen, authCode: code.code },
        { now: clock.now, sleep: clock.sleep, onProgress: (p) => setPhase(p.phase) },
      );
      setPhase(null);
      if (!result.ok && result.reason === 'unresolved') {
        // The customer may have been charged: the reversal is retried until HQ confirms it.
        await onUnresolved?.({
          paymentId,
          method: code.method,
          amountFen,
          since: new Date(clock.now()).toISOString(),
        });
      }
      if (!result.ok) {
        setMessage(
          t(`sale.tender.failed.${result.reason}`, {
            message: result.message,
            method: t(`sale.tender.method.${code.method}`),
            text: '',
          }),
        );
        return;
      }
      await take({ id: paymentId, method: code.method, amountFen, reference: result.reference });
    } finally {
      setBusy(false);
      setPhase(null);
    }
  };

  // The customer's code from the scanner, wherever focus is: read in the payment context.
  useWedgeScanner({
    onScan: (parsed) => {
      if (busy) return;
      // A short burst into the cash or card field is a fast typist (or a card slip scan), not a payment code.
      if (parsed.kind !== 'paymentCode' && !/^\d{10,}$/.test(parsed.text) && tab !== 'wallet') {
        if (tab === 'cash') void takeCash(parseYuan(parsed.text));
        else setCardRef(parsed.text.slice(0, 64));
        return;
      }
      setTab('wallet');
      void charge(parsed.kind === 'paymentCode' ? parsed.code : parsed.text);
    },
    parse: { context: 'payment' },
  });

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !busy && tenders.length === 0) onCancel();
  };

  return (
    <section className="card till-tender" aria-labelledby="tender-title" onKeyDown={onKey}>
      <h2 id="tender-title">{t('sale.tender.title')}</h2>
      <dl className="till-due">
        <div>
          <dt>{t('sale.tender.due')}</dt>
          <dd data-testid="tender-due">{formatFen(dueFen)}</dd>
        </div>
        {roundingFen !== 0 && (
          <div>
            <dt>{t('sale.totals.rounding')}</dt>
            <dd>{formatFen(roundingFen)}</dd>
          </div>
        )}
        <div>
          <dt>{t('sale.tender.remaining')}</dt>
          <dd data-testid="tender-remaining">{formatFen(remainingFen)}</dd>
        </div>
      </dl>
      <div role="radiogroup" aria-label={t('sale.tender.title')} className="segmented">
        {(['cash', 'card', 'wallet'] as const).map((m) => (
          <label key={m} className="segment">
            <input type="radio" name="tender" checked={tab === m} onChange={() => setTab(m)} />
            {t(`sale.tender.${m}`)}
          </label>
        ))}
      </div>
      {tab === 'cash' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            // The field itself: a fast Enter can come before React has re-rendered the typed text.
            void takeCash(parseYuan(fieldRef.current?.value ?? cashText));
          }}
        >
          <label htmlFor="cash-tendered">{t('sale.tender.cashTendered')}</label>
          <input
            id="cash-tendered"
            ref={fieldRef}
            inputMode="decimal"
            autoComplete="off"
            value={cashText}
            disabled={busy}
            onChange={(e) => setCashText(e.target.value)}
          />
          <div className="till-quick" role="group" aria-label={t('sale.tender.quick')}>
            {[remainingFen, ...QUICK_FEN.filter((q) => q > remainingFen)].map((q) => (
              <button
                key={q}
                type="button"
                disabled={busy || remainingFen === 0}
                onClick={() => void takeCash(q)}
              >
                {formatFen(q)}
              </button>
            ))}
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t('sale.tender.addCash')}
          </button>
        </form>
      )}
      {tab === 'card' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void takeCard();
          }}
        >
          <label htmlFor="card-ref">{t('sale.tender.cardReference')}</label>
          <input
            id="card-ref"
            ref={fieldRef}
            autoComplete="off"
            maxLength={64}
            value={cardRef}
            disabled={busy}
            onChange={(e) => setCardRef(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('sale.tender.addCard')} {formatFen(remainingFen)}
          </button>
        </form>
      )}
      {tab === 'wallet' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void charge(walletCode);
          }}
        >
          {!walletsAvailable && (
            <p className="banner banner-danger" role="alert">
              {t('sale.tender.offline')}
            </p>
          )}
          <label htmlFor="wallet-code">{t('sale.tender.walletCode')}</label>
          <input
            id="wallet-code"
            ref={fieldRef}
            inputMode="numeric"
            autoComplete="off"
            value={walletCode}
            disabled={busy || !walletsAvailable}
            onChange={(e) => setWalletCode(e.target.value)}
          />
          <p className="muted">{t('sale.tender.walletHint')}</p>
          <button type="submit" className="primary" disabled={busy || !walletsAvailable}>
            {t('sale.tender.charge')} {formatFen(remainingFen)}
          </button>
        </form>
      )}
      {phase && (
        <p role="status" className="till-phase">
          {t(
            phase === 'userPaying'
              ? 'sale.tender.userPaying'
              : phase === 'checking'
                ? 'sale.tender.querying'
                : phase === 'reversing'
                  ? 'sale.tender.reversing'
                  : 'sale.tender.charging',
          )}
        </p>
      )}
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {tenders.length > 0 && (
        <>
          <h3>{t('sale.tender.split')}</h3>
          <ul className="till-tenders">
            {tenders.map((x) => (
              <li key={x.id}>
                {t(`sale.tender.method.${x.method}`)} {formatFen(x.amountFen)}
                {x.method === 'cash' && x.tenderedFen !== undefined && x.tenderedFen > x.amountFen && (
                  <> · {t('sale.tender.change', { amount: formatFen(x.tenderedFen - x.amountFen) })}</>
                )}
              </li>
            ))}
          </ul>
          {changeFen > 0 && <p>{t('sale.tender.change', { amount: formatFen(changeFen) })}</p>}
        </>
      )}
      <button type="button" onClick={onCancel} disabled={busy || tenders.length > 0}>
        {t('sale.tender.cancel')}
      </button>
    </section>
  );
}
