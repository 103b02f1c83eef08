import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOLDERS, type DataFolders } from '@shared/ipc/contract';
import { usePlatform } from '../../app/PlatformContext';

/** Settings → where the data, logs and exports are, each with an Open button (desktop app). */
export function FoldersPanel() {
  const { t } = useTranslation();
  const platform = usePlatform();
  const id = useId();
  const [folders, setFolders] = useState<DataFolders | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void platform.dataFolders().then((f) => live && setFolders(f));
    return () => {
      live = false;
    };
  }, [platform]);

  if (folders === undefined) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('device.folders')}</h2>
      {folders === null ? (
        <p className="muted">{t('device.foldersBrowser')}</p>
      ) : (
        <>
          <p className="muted">{t('device.foldersIntro')}</p>
          <dl className="facts">
            {FOLDERS.map((folder) => (
              <div key={folder} className="fact-row">
                <dt>{t(`device.folder.${folder}`)}</dt>
                <dd>
                  <code>{folders[folder]}</code>{' '}
                  <button
                    type="button"
                    aria-label={`${t('device.open')} ${t(`device.folder.${folder}`)}`}
                    onClick={() =>
                      void platform.openFolder(folder).then((r) => setError(r.ok ? null : r.error))
                    }
                  >
                    {t('device.open')}
                  </button>
                </dd>
              </div>
            ))}
          </dl>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}
