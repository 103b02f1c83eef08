import type { TFunction } from 'i18next';
import { formatFen } from '@shared/money';
import type { SaleRefusal } from '../../db/repositories/sales';

/** The clerk's message for a refused sale, tender or refund. */
export function refusalMessage(t: TFunction, refusal: SaleRefusal): string {
  switch (refusal.reason) {
    case 'underpaid':
      return t('sale.errors.sale.underpaid', { amount: formatFen(refusal.shortFen) });
    case 'changeFromNonCash':
      return t('sale.errors.sale.changeFromNonCash', { method: t(`sale.tender.method.${refusal.method}`) });
    case 'badLine':
      return t('sale.errors.sale.badLine', { sku: refusal.sku });
    case 'alreadyRefunded':
    case 'partialWeighed':
      return t(`sale.errors.sale.${refusal.reason}`, { name: refusal.name });
    case 'exceedsSold':
      return t('sale.errors.sale.exceedsSold', { name: refusal.name, remaining: refusal.remainingQty });
    default:
      return t(`sale.errors.sale.${refusal.reason}`);
  }
}
