import { useTranslation } from 'react-i18next';
import { useSyncStatus } from '../../sync';

/**
 * On every screen while the device refuses to store more: what no longer
 * works (new work may not be saved) and what still does (finding orders and
 * products, syncing, exporting unsynced work from the Sync screen).
 */
export function StorageFullBanner() {
  const { t } = useTranslation();
  const full = useSyncStatus((s) => s.storageFull);
  if (!full) return null;
  return (
    <div role="alert" className="banner banner-danger storage-full">
      <strong>{t('sync.storageFull')}</strong> {t('sync.storageFullStillWorks')}{' '}
      <a href="#/sync">{t('sync.storageFullAction')}</a>
    </div>
  );
}
