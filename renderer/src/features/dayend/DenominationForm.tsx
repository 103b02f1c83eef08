import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS, parsePieces } from '@shared/dayend/denominations';
import { formatFen } from '@shared/money';

/** What the person typed per denomination (kept as text so a bad entry can be shown, not lost). */
export type CountText = Record<string, string>;

export interface ParsedCount {
  count: Record<string, number>;
  totalFen: number;
  errors: Record<string, 'not-a-number' | 'negative' | 'too-many'>;
}

export function parseCountText(text: CountText): ParsedCount {
  const count: Record<string, number> = {};
  const errors: ParsedCount['errors'] = {};
  let totalFen = 0;
  for (const d of DENOMINATIONS) {
    const parsed = parsePieces(text[d.id] ?? '');
    if (!parsed.ok) errors[d.id] = parsed.reason;
    else if (parsed.pieces > 0) {
      count[d.id] = parsed.pieces;
      totalFen += parsed.pieces * d.fen;
    }
  }
  return { count, totalFen, errors };
}

const yuan = (fen: number) => (fen >= 100 ? String(fen / 100) : `0.${fen / 10}`);

/** A drawer count by denomination, ¥100 … ¥0.1, notes and coins; each field checked as typed. */
export function DenominationForm({
  value,
  onChange,
  disabled = false,
}: {
  value: CountText;
  onChange: (next: CountText) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const parsed = parseCountText(value);
  return (
    <fieldset className="dayend-denoms" disabled={disabled}>
      <legend>{t('dayend.denom.legend')}</legend>
      <div className="dayend-denom-grid">
        {DENOMINATIONS.map((d) => {
          const error = parsed.errors[d.id];
          const label = t('dayend.denom.piecesOf', {
            value: `¥${yuan(d.fen)}`,
            kind: t(`dayend.denom.${d.kind}`),
          });
          return (
            <div key={d.id} className="dayend-denom">
              <label htmlFor={`${id}-${d.id}`}>
                ¥{yuan(d.fen)} <small>{t(`dayend.denom.${d.kind}`)}</small>
              </label>
              <input
                id={`${id}-${d.id}`}
                inputMode="numeric"
                autoComplete="off"
                aria-label={label}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-${d.id}-err` : undefined}
                value={value[d.id] ?? ''}
                onChange={(e) => onChange({ ...value, [d.id]: e.target.value })}
              />
              {error ? (
                <span id={`${id}-${d.id}-err`} className="dayend-error" role="alert">
                  {t(`dayend.denom.bad.${error}`)}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
      <p className="dayend-total" aria-live="polite">
        {t('dayend.denom.total', { amount: formatFen(parsed.totalFen) })}
      </p>
    </fieldset>
  );
}
