import { useLiveQuery } from 'dexie-react-hooks';
import { type ChangeEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import { useSessionStore } from '../../session/sessionStore';
import { usePrivileged } from '../staff/usePrivileged';
import { parseRecoveryFile, RecoveryError } from '@shared/recovery/format';
import { exportRecovery, importRecovery } from '../../db/repositories/recovery';
import { downloadRecoveryFile } from '../../sync/recovery';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

/**
 * Disaster recovery on the Sync screen: export this terminal's unsynced
 * mutations and open exceptions to a file (anyone signed in: it is the way out
 * of a full disk), import such a file from a dead terminal (manager only; the
 * repository refuses anyone else too).
 */
export function RecoveryPanel({ db }: { db: LinliDb }) {
  const { t } = useTranslation();
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const counts = useLiveQuery(
    async () => ({
      outbox: await db.outbox.count(),
      exceptions: await db.exceptions.where('state').equals('open').count(),
    }),
    [db],
    { outbox: 0, exceptions: 0 },
  );
  const isManager = member?.role === 'manager';

  const describe = (error: unknown): string => {
    if (error instanceof RecoveryError)
      return t(`sync.recovery.error.${error.kind}`, { ...error.detail, defaultValue: error.message });
    return t('sync.recovery.error.unknown', {
      message: error instanceof Error ? error.message : String(error),
    });
  };

  const onExport = async () => {
    setNotice(null);
    try {
      const file = await exportRecovery(db, member ? { staffId: member.id } : null);
      const name = downloadRecoveryFile(file);
      setNotice({ tone: 'ok', text: t('sync.recovery.exported', { count: file.mutations.length, name }) });
    } catch (error) {
      setNotice({ tone: 'error', text: describe(error) });
    }
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen || !member) return;
    setNotice(null);
    setBusy(true);
    try {
      const parsed = await parseRecoveryFile(await chosen.text());
      if (!parsed.ok) throw parsed.error;
      // A manager imports alone; a clerk gets the manager override dialog (null: cancelled).
      const result = await runPrivileged('importRecovery', (actor) => importRecovery(db, parsed.file, actor));
      if (!result) return;
      setNotice({
        tone: 'ok',
        text: result.alreadyImported
          ? t('sync.recovery.alreadyImported')
          : t('sync.recovery.imported', {
              queued: result.queued,
              skipped: result.skipped,
              exceptions: result.exceptions,
              terminal: `${result.from.storeId}/${result.from.terminalId}`,
            }),
      });
    } catch (error) {
      setNotice({ tone: 'error', text: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="recovery-title" data-testid="recovery-panel">
      <h2 id="recovery-title">{t('sync.recovery.title')}</h2>
      <p className="muted">{t('sync.recovery.intro')}</p>
      <p data-testid="recovery-pending">
        {t('sync.recovery.pending', { count: counts.outbox, exceptions: counts.exceptions })}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void onExport()}>
          {t('sync.recovery.export')}
        </button>
        <button type="button" disabled={!member || busy} onClick={() => input.current?.click()}>
          {busy ? t('sync.recovery.importing') : t('sync.recovery.import')}
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="recovery-file"
          aria-label={t('sync.recovery.import')}
          onChange={(e) => void onFile(e)}
        />
      </div>
      {!isManager && <p className="muted">{t('sync.recovery.managerOnly')}</p>}
      {notice && (
        <p
          role={notice.tone === 'error' ? 'alert' : 'status'}
          className={notice.tone === 'error' ? 'banner banner-danger' : 'banner'}
        >
          {notice.text}
        </p>
      )}
    </section>
  );
}
