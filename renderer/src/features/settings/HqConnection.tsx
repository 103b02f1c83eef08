import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hqTargetSchema, type HqTestResult } from '@shared/hq/testConnection';
import { DEMO_HQ_URL, settingsPatchSchema, type Settings } from '@shared/settings';
import { holdWorkBeforeReload } from '../../app/holdBeforeReload';
import { usePlatform } from '../../app/PlatformContext';
import { useServices } from '../../app/services';
import { pendingSummary } from '../../db/repositories/outbox';

type Draft = Pick<Settings, 'hqUrl' | 'storeId' | 'terminalId' | 'apiKey'>;
type Check = { state: 'idle' | 'checking' } | { state: 'done'; result: HqTestResult };

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Terminal setup: which HQ, store and terminal this is, and its key. The app
 * starts configured as terminal T1 of the demo store; a real store changes it
 * here. Moving to another store or terminal is refused while anything is
 * still waiting to upload, so nothing recorded here is stranded.
 */
export function HqConnection() {
  const { t } = useTranslation();
  const platform = usePlatform();
  const services = useServices();
  const formId = useId();
  const [saved, setSaved] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => {
      if (!live) return;
      const current = { hqUrl: s.hqUrl, storeId: s.storeId, terminalId: s.terminalId, apiKey: s.apiKey };
      setSaved(current);
      setDraft(current);
    });
    return () => {
      live = false;
    };
  }, [platform]);

  if (!draft || !saved) return null;

  const field = (name: keyof Draft) => ({
    id: `${formId}-${name}`,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const patch = settingsPatchSchema.safeParse({ ...draft, useDemoHq: draft.hqUrl === DEMO_HQ_URL });
    if (!patch.success || !draft.storeId.trim() || !draft.terminalId.trim() || !draft.apiKey) {
      setMessage({ kind: 'error', text: t('settings.hq.invalid') });
      return;
    }
    const movesTerminal =
      draft.hqUrl !== saved.hqUrl || draft.storeId !== saved.storeId || draft.terminalId !== saved.terminalId;
    if (movesTerminal && services) {
      const pending = await pendingSummary(services.db);
      if (pending.count > 0) {
        setMessage({ kind: 'error', text: t('settings.hq.pendingBlocks', { count: pending.count }) });
        return;
      }
    }
    // A new HQ origin reloads the window (its CSP names the HQ): put away a sale in progress first.
    if (originOf(draft.hqUrl) !== originOf(saved.hqUrl)) await holdWorkBeforeReload();
    await platform.updateSettings(patch.data);
    setSaved(draft);
    setMessage({ kind: 'ok', text: t('settings.saved') });
  };

  const test = async () => {
    const target = hqTargetSchema.safeParse(draft);
    if (!target.success) {
      setMessage({ kind: 'error', text: t('settings.hq.invalid') });
      return;
    }
    setCheck({ state: 'checking' });
    try {
      setCheck({ state: 'done', result: await platform.testHqConnection(target.data) });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      setCheck({ state: 'done', result: { stage: 'error', status: null, detail } });
    }
  };
  const result = check.state === 'done' ? check.result : null;

  return (
    <form className="card form-grid" aria-labelledby={`${formId}-title`} onSubmit={(e) => void save(e)}>
      <h2 id={`${formId}-title`}>{t('settings.hq.title')}</h2>
      <p className="muted">{t('settings.hq.intro')}</p>
      <label htmlFor={`${formId}-hqUrl`}>{t('settings.hq.url')}</label>
      <input type="url" required autoComplete="off" {...field('hqUrl')} />
      <label htmlFor={`${formId}-storeId`}>{t('settings.hq.store')}</label>
      <input required autoComplete="off" {...field('storeId')} />
      <label htmlFor={`${formId}-terminalId`}>{t('settings.hq.terminal')}</label>
      <input required autoComplete="off" {...field('terminalId')} />
      <label htmlFor={`${formId}-apiKey`}>{t('settings.hq.key')}</label>
      <input type="password" required autoComplete="off" {...field('apiKey')} />
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('settings.hq.save')}
        </button>
        <button type="button" onClick={() => void test()} disabled={check.state === 'checking'}>
          {t('settings.hq.test')}
        </button>
        <button
          type="button"
          onClick={() =>
            setDraft({ hqUrl: DEMO_HQ_URL, storeId: 'S001', terminalId: 'T1', apiKey: 'demo-key-T1' })
          }
        >
          {t('settings.hq.useDemo')}
        </button>
      </div>
      <p role="status" className={result && result.stage !== 'ok' ? 'error' : 'muted'}>
        {check.state === 'checking' && t('settings.hq.checking')}
        {result &&
          t(`settings.hq.stage.${result.stage}`, {
            detail: result.detail ?? (result.status ? `HTTP ${result.status}` : ''),
            store: draft.storeId,
          })}
      </p>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : ''}
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
