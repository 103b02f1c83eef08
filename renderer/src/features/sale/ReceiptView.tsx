import { useTranslation } from 'react-i18next';
import { formatFen } from '@shared/money';
import { formatStoreTime } from '@shared/time/storeTime';
import type { SaleRow } from '../../db/types';

/**
 * The receipt on screen after a sale (and for a reprint): what the customer's
 * paper says, in the store's time zone. Printing (58/80 mm, barcode, ESC/POS)
 * is the receipts feature's; this is the till's view of the same data.
 */
export function ReceiptView({
  sale,
  timeZone,
  storeName,
  clerkName,
}: {
  sale: SaleRow;
  timeZone: string;
  storeName?: string | undefined;
  clerkName?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const money = (fen: number) => formatFen(fen, i18n.language);
  const p = sale.sale;
  return (
    <article className="till-receipt" aria-label={t('sale.receipt.title')}>
      {storeName && <h3>{storeName}</h3>}
      <dl className="facts">
        <dt>{t('sale.receipt.number')}</dt>
        <dd data-testid="receipt-no">{sale.receiptNo}</dd>
        <dt>{t('sale.receipt.terminal')}</dt>
        <dd>{sale.terminalId}</dd>
        <dt>{t('sale.receipt.clerk')}</dt>
        <dd>{clerkName ?? sale.staffId}</dd>
        <dt>{t('sale.receipt.time')}</dt>
        <dd>{formatStoreTime(sale.createdAt, timeZone, i18n.language)}</dd>
      </dl>
      <table className="table">
        <tbody>
          {p.lines.map((l, i) => (
            <tr key={i}>
              <td>{l.name}</td>
              <td>{l.weightGrams !== undefined ? `${(l.weightGrams / 1000).toFixed(3)} kg` : `×${l.qty}`}</td>
              <td className="num">{money(l.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        {(p.discountFen ?? 0) > 0 && (
          <>
            <dt>{t('sale.receipt.discount')}</dt>
            <dd>-{money(p.discountFen ?? 0)}</dd>
          </>
        )}
        {(p.roundingFen ?? 0) !== 0 && (
          <>
            <dt>{t('sale.receipt.rounding')}</dt>
            <dd>{money(p.roundingFen ?? 0)}</dd>
          </>
        )}
        <dt>{t('sale.receipt.total')}</dt>
        <dd>{money(p.totalFen)}</dd>
        {p.tenders.map((tender, i) => (
          <div key={i} className="till-receipt-tender">
            <dt>{t(`sale.tender.method.${tender.method}`)}</dt>
            <dd>{money(tender.tenderedFen ?? tender.amountFen)}</dd>
            {(tender.changeFen ?? 0) > 0 && (
              <>
                <dt>{t('sale.receipt.change')}</dt>
                <dd>{money(tender.changeFen ?? 0)}</dd>
              </>
            )}
          </div>
        ))}
      </dl>
    </article>
  );
}
