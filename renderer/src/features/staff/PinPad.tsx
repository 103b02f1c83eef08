import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const PAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const MAX_PIN = 8;

/**
 * A PIN field with an on-screen pad. Keyboard: digits, Backspace and Enter in
 * the field (native editing, so it works under the keyboard shield); touch:
 * 64 px keys. The PIN is handed to `onSubmit` and cleared; it is never kept.
 */
export function PinPad({
  onSubmit,
  disabled = false,
  busy = false,
  message,
  label,
}: {
  onSubmit: (pin: string) => void;
  disabled?: boolean;
  busy?: boolean;
  /** An error or lockout message, announced. */
  message?: string | null;
  label?: string;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const messageId = useId();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || busy || pin.length === 0) return;
    const entered = pin;
    setPin('');
    onSubmit(entered);
  };
  const press = (next: string) => {
    setPin(next.replace(/\D/g, '').slice(0, MAX_PIN));
    field.current?.focus();
  };

  return (
    <form className="pin-pad" onSubmit={submit} aria-busy={busy}>
      <label className="pin-field">
        <span>{label ?? t('staff.pin.label')}</span>
        <input
          ref={field}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          maxLength={MAX_PIN}
          value={pin}
          disabled={disabled}
          aria-describedby={message ? messageId : undefined}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, MAX_PIN))}
        />
      </label>
      <div className="pin-keys" role="group" aria-label={t('staff.pin.pad')}>
        {PAD.map((d) => (
          <button key={d} type="button" disabled={disabled} onClick={() => press(pin + d)}>
            {d}
          </button>
        ))}
        <button type="button" disabled={disabled} onClick={() => press('')}>
          {t('staff.pin.clear')}
        </button>
        <button type="button" disabled={disabled} onClick={() => press(pin + '0')}>
          0
        </button>
        <button type="button" disabled={disabled} onClick={() => press(pin.slice(0, -1))}>
          {t('staff.pin.backspace')}
        </button>
      </div>
      <button type="submit" className="pin-submit" disabled={disabled || busy || pin.length === 0}>
        {busy ? t('staff.pin.checking') : t('staff.pin.submit')}
      </button>
      <p id={messageId} className="pin-message" role="alert">
        {message ?? ''}
      </p>
    </form>
  );
}
