import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '@shared/money';
import { CUSTOMER_DISPLAY_CHANNEL, type CustomerDisplayMessage, type CustomerDisplayState } from './protocol';
import './customerDisplay.css';

/** After a handover or a paid sale, the display goes back to idle by itself. */
export const THANKS_MS = 8000;

/**
 * The customer-facing display (顾客屏): a window of its own that shows only
 * what the staff window publishes over the BroadcastChannel (see publisher.ts).
 * It reads no database and has no controls: nothing from staff screens.
 */
export function CustomerDisplay({
  channel = () => new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL),
}: {
  channel?: () => Pick<BroadcastChannel, 'postMessage' | 'addEventListener' | 'close'>;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<CustomerDisplayState>({ kind: 'idle', storeName: null });

  useEffect(() => {
    const bc = channel();
    bc.addEventListener('message', (event: MessageEvent<CustomerDisplayMessage>) => {
      if (event.data?.type === 'state') setState(event.data.state);
    });
    // Opened after the staff window published: ask for what it shows now.
    bc.postMessage({ type: 'hello' } satisfies CustomerDisplayMessage);
    return () => bc.close();
  }, [channel]);

  useEffect(() => {
    if (state.kind !== 'handedOver' && state.kind !== 'paid') return;
    const timer = setTimeout(() => setState({ kind: 'idle', storeName: state.storeName }), THANKS_MS);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <main className="customer-display" aria-label={t('customerDisplay.title')} data-state={state.kind}>
      <header className="customer-display-store">
        {state.storeName
          ? `${t('customerDisplay.welcome')} · ${state.storeName}`
          : t('customerDisplay.welcome')}
      </header>
      <section className="customer-display-body" aria-live="polite">
        {state.kind === 'idle' && (
          <>
            <h1>{t('customerDisplay.showCode')}</h1>
            <p>{t('customerDisplay.showCodeHint')}</p>
          </>
        )}
        {state.kind === 'pickup' && (
          <>
            <h1>{t('customerDisplay.pickupTitle')}</h1>
            <dl className="customer-display-facts">
              <div>
                <dt>{t('customerDisplay.orderNo')}</dt>
                <dd>{state.orderNo}</dd>
              </div>
              <div>
                <dt>{t('customerDisplay.customer')}</dt>
                <dd>{state.maskedName}</dd>
              </div>
            </dl>
            <p className="customer-display-big">{t('customerDisplay.bags', { count: state.bagCount })}</p>
            <p>{t('customerDisplay.pickupWait')}</p>
          </>
        )}
        {state.kind === 'handedOver' && <h1>{t('customerDisplay.handedOver')}</h1>}
        {state.kind === 'cart' && (
          <>
            <h1>{t('customerDisplay.cartTitle')}</h1>
            <ul className="customer-display-lines" aria-label={t('customerDisplay.cartTitle')}>
              {state.lines.map((line, i) => (
                <li key={i}>
                  <span>
                    {line.name} {t('customerDisplay.qty', { qty: line.qty, unit: line.unit })}
                  </span>
                  <span>{formatFen(line.amountFen)}</span>
                </li>
              ))}
            </ul>
            <p className="customer-display-big">
              {t('customerDisplay.total')} {formatFen(state.totalFen)}
            </p>
          </>
        )}
        {state.kind === 'paid' && (
          <>
            <dl className="customer-display-facts customer-display-big">
              <div>
                <dt>{t('customerDisplay.total')}</dt>
                <dd>{formatFen(state.totalFen)}</dd>
              </div>
              <div>
                <dt>{t('customerDisplay.paid')}</dt>
                <dd>{formatFen(state.paidFen)}</dd>
              </div>
              <div>
                <dt>{t('customerDisplay.change')}</dt>
                <dd>{formatFen(state.changeFen)}</dd>
              </div>
            </dl>
            <p>{t('customerDisplay.thanks')}</p>
          </>
        )}
      </section>
    </main>
  );
}
