import { useTranslation } from 'react-i18next';
import { useSyncReadiness, useSyncStatus } from '../../sync';
import { formatAge } from './formatAge';
import { pullPercent } from './pullPercent';
import { useNow } from './useNow';

/**
 * The sync badge in the top bar, on every screen: online / offline / syncing,
 * how much is waiting and for how long, and when HQ last confirmed everything.
 * A link to the Sync screen.
 */
export function SyncBadge() {
  const { t } = useTranslation();
  const now = useNow();
  const phase = useSyncStatus((s) => s.phase);
  const pending = useSyncStatus((s) => s.pendingCount);
  const oldestAt = useSyncStatus((s) => s.oldestPendingAt);
  const lastSuccessAt = useSyncStatus((s) => s.lastSuccessAt);
  const openExceptions = useSyncStatus((s) => s.openExceptions);
  // A long pull (a new terminal's first) shows how far it is, on every screen.
  const pulling = useSyncStatus((s) => (s.pull?.active && s.pull.total ? pullPercent(s.pull) : null));
  // A new terminal's first sync says what already works instead of one percentage.
  const ready = useSyncReadiness();
  const stages = ready.complete
    ? []
    : [
        ready.pickupReady ? t('sync.stages.pickupReady') : t('sync.stages.pickupPending'),
        t('sync.stages.catalog', { percent: ready.catalogPercent }),
        t('sync.stages.history', { percent: ready.historyPercent }),
      ];

  const parts = [
    ...stages,
    pulling === null || stages.length > 0 ? null : t('sync.pullPercent', { percent: pulling }),
    pending > 0 ? t('sync.pending', { count: pending }) : t('sync.nothingPending'),
    oldestAt ? t('sync.oldest', { age: formatAge(t, now - Date.parse(oldestAt)) }) : null,
    lastSuccessAt ? t('sync.lastSync', { age: formatAge(t, now - lastSuccessAt) }) : t('sync.neverSynced'),
  ].filter(Boolean);

  return (
    <a className={`sync-badge sync-${phase}`} href="#/sync">
      <span className="visually-hidden">{t('sync.badgeLabel')}: </span>
      <span role="status" className="sync-phase">
        <span className="sync-dot" aria-hidden="true" />
        {t(`sync.phase.${phase}`)}
      </span>
      <span className="sync-facts">{parts.join(' · ')}</span>
      {openExceptions > 0 && (
        <span className="sync-exceptions">{t('sync.exceptions.count', { count: openExceptions })}</span>
      )}
    </a>
  );
}
