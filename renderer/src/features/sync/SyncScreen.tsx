import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useStoreTime } from '../../app/storeTime';
import { readinessOf, useSyncStatus } from '../../sync';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { ExceptionsInbox } from './ExceptionsInbox';
import { RecoveryPanel } from './RecoveryPanel';
import { formatAge } from './formatAge';
import { pullPercent } from './pullPercent';
import { useNow } from './useNow';

/** Sync details, Sync now, pull progress and the exceptions inbox. */
export function SyncScreen() {
  const { t } = useTranslation();
  const services = useServices();
  const engine = useSyncExternalStore(
    (cb) => services?.sync.subscribe(cb) ?? (() => {}),
    () => services?.sync.current() ?? null,
  );
  const status = useSyncStatus((s) => s);
  const now = useNow(1000);
  const formatTime = useStoreTime();
  const [busy, setBusy] = useState(false);

  const syncNow = async () => {
    if (!engine) return;
    setBusy(true);
    try {
      await engine.syncNow();
    } finally {
      setBusy(false);
    }
  };

  return (
    <ScreenFrame title={t('screen.sync.title')} intro={t('screen.sync.intro')}>
      {status.phase === 'unauthorised' && (
        <p role="alert" className="banner banner-danger">
          {t('sync.unauthorised')}
        </p>
      )}
      <section className="card" aria-labelledby="sync-details-title">
        <h2 id="sync-details-title">{t('sync.details')}</h2>
        <dl className="facts">
          <dt>{t('sync.badgeLabel')}</dt>
          <dd data-testid="sync-phase">{t(`sync.phase.${status.phase}`)}</dd>
          <dt>{t('sync.pendingLabel')}</dt>
          <dd data-testid="sync-pending">
            {status.pendingCount}
            {status.oldestPendingAt &&
              ` · ${t('sync.oldest', { age: formatAge(t, now - Date.parse(status.oldestPendingAt)) })}`}
          </dd>
          <dt>{t('sync.lastSyncLabel')}</dt>
          <dd>{status.lastSuccessAt ? formatTime(status.lastSuccessAt) : t('sync.neverSynced')}</dd>
          <dt>{t('sync.terminal')}</dt>
          <dd>{t(`sync.role.${status.role}`)}</dd>
          <dt>{t('sync.storageLabel')}</dt>
          <dd data-testid="sync-storage" className={status.storagePersisted === false ? 'error' : undefined}>
            {t(
              status.storagePersisted === null
                ? 'sync.storage.unknown'
                : status.storagePersisted
                  ? 'sync.storage.persistent'
                  : 'sync.storage.evictable',
            )}
          </dd>
        </dl>
        {status.firstSync !== null && <FirstSyncStages firstSync={status.firstSync} />}
        {status.pull?.active && (
          <div className="progress-block">
            <label htmlFor="pull-progress">
              {status.pull.total
                ? t('sync.pullProgressOf', {
                    changes: status.pull.changes,
                    total: status.pull.total,
                    percent: pullPercent(status.pull),
                  })
                : t('sync.pullProgress', { changes: status.pull.changes, pages: status.pull.pages })}
            </label>
            {status.pull.total ? (
              <progress id="pull-progress" value={status.pull.changes} max={status.pull.total} />
            ) : (
              <progress id="pull-progress" />
            )}
          </div>
        )}
        {status.lastError && (
          <p className="muted">
            {t('sync.lastError')}: {t(`sync.errorKind.${status.lastError.kind}`)}
            {status.retryAt &&
              status.retryAt > now &&
              ` · ${t('sync.retryAt', { age: formatAge(t, status.retryAt - now) })}`}
          </p>
        )}
        <button type="button" className="primary" disabled={!engine || busy} onClick={() => void syncNow()}>
          {busy ? t('sync.syncing') : t('sync.syncNow')}
        </button>
      </section>
      {services && <ExceptionsInbox db={services.db} />}
      {services && <RecoveryPanel db={services.db} />}
    </ScreenFrame>
  );
}

/** A new terminal's first sync, stage by stage: what already works and how far the rest is. */
function FirstSyncStages({ firstSync }: { firstSync: Parameters<typeof readinessOf>[0] }) {
  const { t } = useTranslation();
  const ready = readinessOf(firstSync);
  if (ready.complete) return null;
  return (
    <div className="progress-block" data-testid="first-sync-stages">
      <h3>{t('sync.stages.title')}</h3>
      <p role="status">{ready.pickupReady ? t('sync.stages.pickupReady') : t('sync.stages.pickupPending')}</p>
      <label htmlFor="stage-catalog">{t('sync.stages.catalog', { percent: ready.catalogPercent })}</label>
      <progress id="stage-catalog" value={ready.catalogPercent} max={100} />
      <label htmlFor="stage-history">{t('sync.stages.history', { percent: ready.historyPercent })}</label>
      <progress id="stage-history" value={ready.historyPercent} max={100} />
    </div>
  );
}
