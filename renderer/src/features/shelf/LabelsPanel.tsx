import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShelfLayout } from '@shared/contract';
import { PlatformContext } from '../../app/PlatformContext';
import { labelSheetHtml, type LabelSymbology } from './labels';

/** Prints one shelf unit's slot labels through the platform (the print dialog in a browser). */
export function LabelsPanel({ layout }: { layout: ShelfLayout }) {
  const { t } = useTranslation();
  const platform = useContext(PlatformContext);
  const units = layout.zones.flatMap((z) => z.units.map((unit) => ({ zone: z.zone, unit })));
  const [unitId, setUnitId] = useState(units[0]?.unit.id ?? '');
  const [symbology, setSymbology] = useState<LabelSymbology>('both');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = units.find((u) => u.unit.id === unitId);

  const print = async () => {
    if (!chosen || !platform) return;
    const zoneName = t(`shelf.zone.${chosen.zone}`);
    const html = await labelSheetHtml({
      unit: chosen.unit,
      zone: chosen.zone,
      zoneName,
      symbology,
      title: `${chosen.unit.name} ${t('shelf.tabs.labels')}`,
    });
    const result = await platform.printHtml({ html, widthMm: null, silent: false });
    setMessage(
      result.ok
        ? { ok: true, text: t('shelf.labels.printed') }
        : { ok: false, text: t('shelf.labels.failed', { reason: result.error ?? '' }) },
    );
  };

  return (
    <section className="shelf-panel" aria-label={t('shelf.labels.region')}>
      <h2>{t('shelf.labels.region')}</h2>
      <p>
        <label>
          {t('shelf.labels.unit')}{' '}
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            {units.map(({ zone, unit }) => (
              <option key={unit.id} value={unit.id}>
                {t(`shelf.zone.${zone}`)} · {unit.name} ({unit.id})
              </option>
            ))}
          </select>
        </label>
      </p>
      <fieldset>
        <legend>{t('shelf.labels.format')}</legend>
        {(['code128', 'qr', 'both'] as const).map((s) => (
          <label key={s} style={{ marginRight: 16 }}>
            <input type="radio" name="symbology" checked={symbology === s} onChange={() => setSymbology(s)} />{' '}
            {t(`shelf.labels.${s}`)}
          </label>
        ))}
      </fieldset>
      <p>
        <button type="button" onClick={() => void print()} disabled={!chosen}>
          {t('shelf.labels.print', { unit: chosen?.unit.id ?? '', count: chosen?.unit.slots.length ?? 0 })}
        </button>
      </p>
      <div role="status">{message?.ok && message.text}</div>
      <div role="alert">{message && !message.ok && message.text}</div>
    </section>
  );
}
