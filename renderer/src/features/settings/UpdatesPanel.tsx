import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsPatchSchema, type Settings } from '@shared/settings';
import { DEFAULT_STORE_TIME_ZONE, formatStoreTime } from '@shared/time/storeTime';
import type { UpdateState } from '@shared/updates/safeMoment';
import { anySaleOpen } from '../../app/holdBeforeReload';
import { usePlatform } from '../../app/PlatformContext';
import { useServices } from '../../app/services';
import { currentBusinessDay } from '../../db/repositories/dayClose';
import { pendingSummary } from '../../db/repositories/outbox';

/**
 * Settings → updates: off by default; a store names its update server. A
 * downloaded update installs only at a safe moment: the page reports whether a
 * sale is open and what is pending, and the main process applies the rule.
 */
export function UpdatesPanel() {
  const { t, i18n } = useTranslation();
  const platform = usePlatform();
  const services = useServices();
  const id = useId();
  const [draft, setDraft] = useState<Settings['updates'] | null>(null);
  const [state, setState] = useState<UpdateState>({ state: 'off' });
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => live && setDraft(s.updates));
    void platform.updateStatus().then((s) => live && setState(s));
    const off = platform.onUpdateChanged(setState);
    return () => {
      live = false;
      off();
    };
  }, [platform]);

  if (!draft) return null;
  if (platform.kind !== 'electron' && state.state === 'off' && !draft.enabled) {
    return (
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('device.updates')}</h2>
        <p className="muted">{t('device.desktopOnly')}</p>
      </section>
    );
  }

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const patch = settingsPatchSchema.safeParse({ updates: draft });
    if (!patch.success) return;
    await platform.updateSettings(patch.data);
    setNote(t('device.saved'));
  };

  const install = async () => {
    const pending = services ? await pendingSummary(services.db) : { count: 0 };
    // Today's business day closed: what is still pending is accounted for by the close.
    const dayClosed = services
      ? await currentBusinessDay(services.db, Date.now()).then(
          (day) => day.afterClose,
          () => false, // not set up as a terminal yet: no day to have closed
        )
      : false;
    const answer = await platform.installUpdate({
      saleOpen: anySaleOpen(),
      pendingCount: pending.count,
      dayClosed,
    });
    if (!answer.installing) setNote(t(`device.blocked.${answer.reason}`, { count: pending.count }));
  };

  const status =
    state.state === 'idle'
      ? state.checkedAt
        ? t('device.state.idleChecked', {
            time: formatStoreTime(state.checkedAt, DEFAULT_STORE_TIME_ZONE, i18n.language, 'time'),
          })
        : t('device.state.idle')
      : t(`device.state.${state.state}`, {
          version: 'version' in state ? state.version : '',
          percent: 'percent' in state ? state.percent : 0,
          message: 'message' in state ? state.message : '',
        });

  return (
    <form className="card form-grid" aria-labelledby={`${id}-title`} onSubmit={(e) => void save(e)}>
      <h2 id={`${id}-title`}>{t('device.updates')}</h2>
      <label htmlFor={`${id}-enabled`}>{t('device.updatesEnabled')}</label>
      <input
        id={`${id}-enabled`}
        type="checkbox"
        checked={draft.enabled}
        onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
      />
      <label htmlFor={`${id}-url`}>{t('device.updatesUrl')}</label>
      <input
        id={`${id}-url`}
        type="url"
        value={draft.url}
        onChange={(e) => setDraft({ ...draft, url: e.target.value })}
      />
      <div className="form-actions">
        <button type="submit">{t('device.updatesSave')}</button>
        {state.state === 'ready' && (
          <button type="button" className="primary" onClick={() => void install()}>
            {t('device.install')}
          </button>
        )}
      </div>
      <p role="status" className={state.state === 'error' ? 'error' : 'muted'}>
        {status}
      </p>
      {note && <p role="alert">{note}</p>}
    </form>
  );
}
