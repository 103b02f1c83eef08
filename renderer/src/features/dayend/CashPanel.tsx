import { type FormEvent, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '@shared/money';
import { formatStoreTime } from '@shared/time/storeTime';
import type { LinliDb } from '../../db/database';
import { type DayEndContext, DayEndRefusedError } from '../../db/repositories/dayendContext';
import {
  type CountPreview,
  closeShift,
  currentOpenShift,
  moveCash,
  movementRefusal,
  openShift,
  previewCount,
} from '../../db/repositories/shifts';
import { currentActor } from '../../session/sessionStore';
import { usePrivileged } from '../staff/usePrivileged';
import { type CountText, DenominationForm, parseCountText } from './DenominationForm';
import { describeError } from './errors';
import { useStaffNames } from './useDayEnd';
import { Toggle } from './Toggle';

type Message = { tone: 'ok' | 'error'; text: string } | null;

/** Shift open with a counted float; pay-ins and pay-outs; the blind count that closes or hands over the shift. */
export function CashPanel({ db, ctx }: { db: LinliDb; ctx: DayEndContext }) {
  const { t, i18n } = useTranslation();
  const runPrivileged = usePrivileged();
  const shift = useLiveQuery(() => currentOpenShift(db), [db]);
  const names = useStaffNames(db);
  const staff = useLiveQuery(
    () => db.staff.filter((s) => s.active && s.storeId === ctx.terminal.storeId).toArray(),
    [db],
  );
  const [floatText, setFloatText] = useState<CountText>({});
  const [countText, setCountText] = useState<CountText>({});
  const [preview, setPreview] = useState<CountPreview | null>(null);
  const [note, setNote] = useState('');
  const [handOverTo, setHandOverTo] = useState('');
  const [kind, setKind] = useState<'payIn' | 'payOut'>('payOut');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const time = (iso: string) => formatStoreTime(iso, ctx.timeZone, i18n.language, 'time');

  const attempt = async (run: () => Promise<string | null>) => {
    try {
      const ok = await run();
      if (ok) setMessage({ tone: 'ok', text: ok });
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(t, error) });
    }
  };

  if (shift === undefined && staff === undefined) return null;

  if (!shift) {
    const parsed = parseCountText(floatText);
    const submit = (e: FormEvent) => {
      e.preventDefault();
      if (Object.keys(parsed.errors).length)
        return setMessage({ tone: 'error', text: t('dayend.errors.invalid-count') });
      void attempt(async () => {
        await openShift(db, { count: parsed.count }, currentActor());
        setFloatText({});
        // the open shift's own line says who opened it, when, with what float
        setMessage(null);
        return null;
      });
    };
    return (
      <section aria-labelledby="dayend-open-title" className="dayend-card">
        <h2 id="dayend-open-title">{t('dayend.shift.openTitle')}</h2>
        <p>{t('dayend.shift.none')}</p>
        <form onSubmit={submit}>
          <DenominationForm value={floatText} onChange={setFloatText} />
          <button type="submit" className="primary">
            {t('dayend.shift.open')}
          </button>
        </form>
        <Status message={message} />
      </section>
    );
  }

  const parsedCount = parseCountText(countText);
  const countDone = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(parsedCount.errors).length)
      return setMessage({ tone: 'error', text: t('dayend.errors.invalid-count') });
    void attempt(async () => {
      setPreview(await previewCount(db, parsedCount.count));
      return null;
    });
  };
  const finish = () =>
    void attempt(async () => {
      const input = {
        count: parsedCount.count,
        ...(note.trim() ? { note } : {}),
        ...(handOverTo ? { handOverTo } : {}),
      };
      const done = preview?.needsManager
        ? await runPrivileged('cashDifference', (actor) => closeShift(db, input, actor))
        : await closeShift(db, input, currentActor());
      if (!done) return null;
      setPreview(null);
      setCountText({});
      setNote('');
      setHandOverTo('');
      return done.next
        ? t('dayend.shift.handedOver', {
            name: names.get(done.next.staffId) ?? done.next.staffId,
            float: formatFen(done.next.floatFen),
          })
        : t('dayend.shift.closed', {
            counted: formatFen(done.shift.countedFen ?? 0),
            difference: formatFen(done.shift.differenceFen ?? 0),
          });
    });
  const recordMovement = (e: FormEvent) => {
    e.preventDefault();
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0) return setMessage({ tone: 'error', text: t('dayend.errors.amount') });
    const input = { kind, amountFen: fen, reason };
    void attempt(async () => {
      // a refusal (more than the drawer holds) is said before a manager is asked to approve
      const refused = await movementRefusal(db, input);
      if (refused)
        throw new DayEndRefusedError({
          reason: 'movement',
          refusal: refused.refusal,
          drawerFen: refused.drawerFen,
        });
      const row =
        fen > ctx.policy.cashMovementThresholdFen
          ? await runPrivileged('cashMovementAboveThreshold', (actor) => moveCash(db, input, actor))
          : await moveCash(db, input, currentActor());
      if (!row) return null;
      setAmount('');
      setReason('');
      return t('dayend.shift.recorded', {
        kind: t(`dayend.shift.${kind}`),
        amount: formatFen(row.amountFen),
      });
    });
  };

  return (
    <div className="dayend-cash">
      <p className="dayend-shift" role="status">
        {t('dayend.shift.opened', {
          name: names.get(shift.staffId) ?? shift.staffId,
          time: time(shift.openedAt),
          float: formatFen(shift.floatFen),
        })}
      </p>
      <div className="dayend-columns">
        <section aria-labelledby="dayend-move-title" className="dayend-card">
          <h2 id="dayend-move-title">{t('dayend.shift.movement')}</h2>
          <form onSubmit={recordMovement} className="dayend-form">
            <Toggle
              label={t('dayend.shift.movement')}
              name="movement-kind"
              options={['payOut', 'payIn'] as const}
              value={kind}
              onChange={setKind}
              text={(k) => t(`dayend.shift.${k}`)}
            />
            <label>
              {t('dayend.shift.amount')}
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              {t('dayend.shift.reason')}
              <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit">{t('dayend.shift.record')}</button>
          </form>
        </section>
        <section aria-labelledby="dayend-count-title" className="dayend-card dayend-count">
          <h2 id="dayend-count-title">{t('dayend.shift.count')}</h2>
          <p className="dayend-hint">{t('dayend.shift.countHint')}</p>
          <form onSubmit={countDone}>
            <DenominationForm
              value={countText}
              onChange={(v) => {
                setCountText(v);
                setPreview(null);
              }}
              disabled={preview !== null}
            />
            {preview ? null : <button type="submit">{t('dayend.shift.countDone')}</button>}
          </form>
          {preview ? (
            <div className="dayend-preview" aria-live="polite">
              <p>{t('dayend.shift.counted', { amount: formatFen(preview.countedFen) })}</p>
              <p>{t('dayend.shift.expected', { amount: formatFen(preview.expected.expectedFen) })}</p>
              <p className="dayend-hint">
                {t('dayend.shift.breakdown', {
                  float: formatFen(preview.expected.floatFen),
                  sales: formatFen(preview.expected.cashSalesFen),
                  refunds: formatFen(preview.expected.cashRefundsFen),
                  payIns: formatFen(preview.expected.payInsFen),
                  payOuts: formatFen(preview.expected.payOutsFen),
                })}
              </p>
              <p className={preview.differenceFen === 0 ? '' : 'dayend-diff'}>
                {t('dayend.shift.difference', { amount: formatFen(preview.differenceFen) })}
              </p>
              {preview.needsManager ? (
                <>
                  <p role="alert">
                    {t('dayend.shift.needsManager', {
                      threshold: formatFen(ctx.policy.cashDifferenceThresholdFen),
                    })}
                  </p>
                  <label>
                    {t('dayend.shift.note')}
                    <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
                  </label>
                </>
              ) : null}
              <label>
                {t('dayend.shift.handOverTo')}
                <select value={handOverTo} onChange={(e) => setHandOverTo(e.target.value)}>
                  <option value="">{t('dayend.shift.nobody')}</option>
                  {(staff ?? [])
                    .filter((s) => s.id !== shift.staffId)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              </label>
              <div className="dayend-actions">
                <button type="button" className="primary" onClick={finish}>
                  {handOverTo ? t('dayend.shift.handOver') : t('dayend.shift.close')}
                </button>
                <button type="button" onClick={() => setPreview(null)}>
                  {t('dayend.shift.recount')}
                </button>
              </div>
            </div>
          ) : null}
        </section>
      </div>
      <Status message={message} />
    </div>
  );
}

export function Status({ message }: { message: Message }) {
  if (!message) return <p className="dayend-status" role="status" />;
  return (
    <p
      className={`dayend-status dayend-${message.tone}`}
      role={message.tone === 'error' ? 'alert' : 'status'}
    >
      {message.text}
    </p>
  );
}
