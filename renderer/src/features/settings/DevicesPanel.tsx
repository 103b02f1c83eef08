import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterInfo } from '@shared/ipc/contract';
import { formatStoreTime, DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import { settingsPatchSchema, type PrintPurpose, type Settings } from '@shared/settings';
import { usePlatform } from '../../app/PlatformContext';
import { useServices } from '../../app/services';

type Draft = Pick<
  Settings,
  'printerName' | 'labelPrinterName' | 'receiptPrinter' | 'kiosk' | 'scanner' | 'shelfLights'
>;
type Note = { kind: 'ok' | 'error'; text: string } | null;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Settings → devices: printers by purpose with a test page, kiosk, scanner
 * timing, the shelf-light driver with a test. Everything here is already in
 * `shared/settings.ts`; this is where a store reaches it.
 */
export function DevicesPanel() {
  const { t, i18n } = useTranslation();
  const platform = usePlatform();
  const services = useServices();
  const id = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [printers, setPrinters] = useState<PrinterInfo[]>([]);
  const [note, setNote] = useState<Note>(null);

  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => {
      if (live)
        setDraft({
          printerName: s.printerName,
          labelPrinterName: s.labelPrinterName,
          receiptPrinter: s.receiptPrinter,
          kiosk: s.kiosk,
          scanner: s.scanner,
          shelfLights: s.shelfLights,
        });
    });
    void platform.listPrinters().then((list) => live && setPrinters(list));
    return () => {
      live = false;
    };
  }, [platform]);

  if (!draft) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const patch = settingsPatchSchema.safeParse(draft);
    if (!patch.success) {
      setNote({ kind: 'error', text: t('device.invalid') });
      return false;
    }
    await platform.updateSettings(patch.data);
    setNote({ kind: 'ok', text: t('device.saved') });
    return true;
  };

  const testPage = async (purpose: PrintPurpose) => {
    if (!(await save())) return;
    const printer =
      (purpose === 'receipt' ? draft.printerName : draft.labelPrinterName) || t('device.systemDefault');
    const body = t('device.testPageBody', {
      purpose: t(purpose === 'receipt' ? 'device.receiptPrinter' : 'device.labelPrinter'),
      printer,
      time: formatStoreTime(new Date(), DEFAULT_STORE_TIME_ZONE, i18n.language),
    });
    const result = await platform.printHtml({
      html: `<h1>${escapeHtml(t('device.testPageTitle'))}</h1><p>${escapeHtml(body)}</p><p>¥0.00 · 一二三 ABC 123</p>`,
      widthMm: purpose === 'receipt' ? draft.receiptPrinter.paperWidthMm : null,
      silent: true,
      purpose,
    });
    setNote(
      result.ok
        ? { kind: 'ok', text: t('device.printed') }
        : { kind: 'error', text: t('device.notPrinted', { error: result.error ?? '' }) },
    );
  };

  const testLights = async () => {
    if (!(await save())) return;
    const slot = (await services?.db.slots.orderBy('id').first())?.id ?? 'A1-01';
    const result = await platform.showLights({ slotIds: [slot], color: 'green', durationMs: 3000 });
    setNote(
      result.ok
        ? { kind: 'ok', text: t('device.lightsOk', { slot, ms: result.elapsedMs }) }
        : { kind: 'error', text: t('device.lightsFailed', { error: result.error ?? '' }) },
    );
  };

  const printerSelect = (field: 'printerName' | 'labelPrinterName') => (
    <select id={`${id}-${field}`} value={draft[field]} onChange={(e) => set({ [field]: e.target.value })}>
      <option value="">{t('device.systemDefault')}</option>
      {printers.map((p) => (
        <option key={p.name} value={p.name}>
          {p.displayName}
        </option>
      ))}
      {draft[field] && !printers.some((p) => p.name === draft[field]) && (
        <option value={draft[field]}>{draft[field]}</option>
      )}
    </select>
  );
  const receipt = draft.receiptPrinter;
  const setReceipt = (patch: Partial<Draft['receiptPrinter']>) =>
    set({ receiptPrinter: { ...receipt, ...patch } });

  return (
    <form
      className="card form-grid"
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void save(e)}
    >
      <h2 id={`${id}-title`}>{t('device.title')}</h2>
      <p className="muted">{t('device.intro')}</p>

      <label htmlFor={`${id}-connection`}>{t('device.connection')}</label>
      <select
        id={`${id}-connection`}
        value={receipt.connection}
        onChange={(e) => setReceipt({ connection: e.target.value === 'network' ? 'network' : 'system' })}
      >
        <option value="system">{t('device.connectionName.system')}</option>
        <option value="network">{t('device.connectionName.network')}</option>
      </select>
      {receipt.connection === 'system' ? (
        <label htmlFor={`${id}-printerName`}>{t('device.receiptPrinter')}</label>
      ) : (
        <label htmlFor={`${id}-host`}>{t('device.networkPrinter')}</label>
      )}
      <div className="inline-fields">
        {receipt.connection === 'system' ? (
          printerSelect('printerName')
        ) : (
          <>
            <input
              id={`${id}-host`}
              value={receipt.host}
              placeholder="192.168.1.50"
              onChange={(e) => setReceipt({ host: e.target.value })}
            />
            <input
              aria-label={t('device.port')}
              type="number"
              min={1}
              max={65535}
              value={receipt.port}
              onChange={(e) => setReceipt({ port: Number(e.target.value) })}
            />
          </>
        )}
        <select
          aria-label={t('device.receiptWidth')}
          value={receipt.paperWidthMm}
          onChange={(e) => setReceipt({ paperWidthMm: Number(e.target.value) === 58 ? 58 : 80 })}
        >
          {[58, 80].map((width) => (
            <option key={width} value={width}>
              {t('device.mm', { width })}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void testPage('receipt')}>
          {t('device.testPage')}
        </button>
      </div>

      <label htmlFor={`${id}-drawer`}>{t('device.drawer')}</label>
      <select
        id={`${id}-drawer`}
        value={receipt.drawer}
        onChange={(e) => setReceipt({ drawer: e.target.value as Draft['receiptPrinter']['drawer'] })}
      >
        {(['none', 'driver', 'pulse'] as const).map((drawer) => (
          <option key={drawer} value={drawer}>
            {t(`device.drawerName.${drawer}`)}
          </option>
        ))}
      </select>

      <label htmlFor={`${id}-labelPrinterName`}>{t('device.labelPrinter')}</label>
      <div className="inline-fields">
        {printerSelect('labelPrinterName')}
        <button
          type="button"
          aria-label={`${t('device.labelPrinter')} ${t('device.testPage')}`}
          onClick={() => void testPage('label')}
        >
          {t('device.testPage')}
        </button>
      </div>

      <label htmlFor={`${id}-kiosk`}>{t('device.kiosk')}</label>
      <input
        id={`${id}-kiosk`}
        type="checkbox"
        checked={draft.kiosk}
        onChange={(e) => set({ kiosk: e.target.checked })}
      />

      <label htmlFor={`${id}-gap`}>{t('device.keyGap')}</label>
      <input
        id={`${id}-gap`}
        type="number"
        min={10}
        max={500}
        value={draft.scanner.maxKeyGapMs}
        onChange={(e) => set({ scanner: { ...draft.scanner, maxKeyGapMs: Number(e.target.value) } })}
      />
      <label htmlFor={`${id}-min`}>{t('device.minLength')}</label>
      <input
        id={`${id}-min`}
        type="number"
        min={1}
        max={64}
        value={draft.scanner.minLength}
        onChange={(e) => set({ scanner: { ...draft.scanner, minLength: Number(e.target.value) } })}
      />

      <label htmlFor={`${id}-driver`}>{t('device.lights')}</label>
      <div className="inline-fields">
        <select
          id={`${id}-driver`}
          value={draft.shelfLights.driver}
          onChange={(e) =>
            set({
              shelfLights: {
                ...draft.shelfLights,
                driver: e.target.value as Settings['shelfLights']['driver'],
              },
            })
          }
        >
          {(['none', 'simulated', 'http'] as const).map((driver) => (
            <option key={driver} value={driver}>
              {t(`device.driverName.${driver}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => void testLights()}
          disabled={draft.shelfLights.driver === 'none'}
        >
          {t('device.testLights')}
        </button>
      </div>
      {draft.shelfLights.driver === 'http' && (
        <>
          <label htmlFor={`${id}-lightsUrl`}>{t('device.lightsUrl')}</label>
          <input
            id={`${id}-lightsUrl`}
            type="url"
            value={draft.shelfLights.url}
            onChange={(e) => set({ shelfLights: { ...draft.shelfLights, url: e.target.value } })}
          />
        </>
      )}

      <div className="form-actions">
        <button type="submit" className="primary">
          {t('device.save')}
        </button>
      </div>
      {note && (
        <p role={note.kind === 'error' ? 'alert' : 'status'} className={note.kind === 'error' ? 'error' : ''}>
          {note.text}
        </p>
      )}
    </form>
  );
}
