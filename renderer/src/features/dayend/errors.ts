import type { TFunction } from 'i18next';
import { formatFen } from '@shared/money';
import { PermissionDeniedError } from '@shared/staff/roles';
import { DayEndRefusedError } from '../../db/repositories/dayendContext';

/** A refusal or denial as the person at the counter reads it; other errors are rethrown. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof PermissionDeniedError) return t(`staff.denied.${error.reason}`);
  if (!(error instanceof DayEndRefusedError)) throw error;
  const r = error.refusal;
  switch (r.reason) {
    case 'movement':
      return t(`dayend.errors.movement.${r.refusal}`, { drawer: formatFen(r.drawerFen) });
    case 'day':
      return t(`dayend.report.refused.${r.refusal.reason}`, {
        count: 'count' in r.refusal ? r.refusal.count : 0,
        time: 'closedAt' in r.refusal ? r.refusal.closedAt : '',
      });
    case 'unknown-product':
      return t('dayend.errors.unknown-product', { code: r.code });
    case 'wrong-category':
      return t('dayend.errors.wrong-category', { category: r.category });
    case 'unknown-staff':
      return t('dayend.errors.unknown-staff', { staffId: r.staffId });
    case 'not-an-exception':
      return t('dayend.errors.not-an-exception', { bag: r.bagLabel });
    default:
      return t(`dayend.errors.${r.reason}`);
  }
}
