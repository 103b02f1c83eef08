import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { parseCode, type ParsedCode } from '@shared/codes/parse';
import { useWedgeScanner } from './useWedgeScanner';
import './scanField.css';

const DIALOG = '[role="dialog"], [role="alertdialog"], dialog';

export interface ScanFieldHandle {
  focus(): void;
}

export interface ScanFieldProps {
  /** A keyboard-wedge scan anywhere on the screen, or typed text that parses as a code. */
  onScan: (parsed: ParsedCode) => void;
  /** Typed text that is not a code (a search); without it, it goes to `onScan` as unrecognised. */
  onText?: (text: string) => void;
  /** Every typed text + Enter, unparsed (the counter looks up codes, phone numbers and names itself). */
  onTyped?: (text: string) => void;
  /** Enter on the empty field (the counter: hand over). */
  onEmptyEnter?: () => void;
  /** The field's accessible name; shown as a visible label when `visibleLabel`. */
  label: string;
  visibleLabel?: boolean;
  hint?: ReactNode;
  /** A submit button next to the field (mouse users). */
  submitLabel?: string;
  id?: string;
  ref?: Ref<ScanFieldHandle>;
}

/**
 * The one scan input of the app (counter and shelf): wedge scans anywhere on the
 * screen, or text typed into the field and Enter. The field keeps focus, so the
 * keys of a scan split by a pause land in it and are joined to its tail here.
 */
export function ScanField({
  onScan,
  onText,
  onTyped,
  onEmptyEnter,
  label,
  visibleLabel = false,
  hint,
  submitLabel,
  id,
  ref,
}: ScanFieldProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => input.current?.focus() }), []);
  // Keyboard-first: the field has focus, so keys of a scan split by a pause land in it.
  useEffect(() => input.current?.focus(), []);
  // After any dialog closes (manager override, a confirmation…), focus comes back here,
  // not to the button that opened it: the next scan's Enter must not press that button.
  useEffect(() => {
    const observer = new MutationObserver((records) => {
      const closed = records.some((record) =>
        [...record.removedNodes].some(
          (node) => node instanceof Element && (node.matches(DIALOG) || node.querySelector(DIALOG) !== null),
        ),
      );
      if (!closed) return;
      // After the dialog's own focus handling has run; not while another dialog is open.
      setTimeout(() => {
        if (!document.querySelector(DIALOG)) input.current?.focus();
      }, 0);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  useWedgeScanner({
    onScan: (scanned) => {
      onScan(joinSplitScan(input.current?.value ?? '', scanned));
      setText('');
      if (!document.activeElement || document.activeElement === document.body) input.current?.focus();
    },
    parse: { context: 'counter' },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) {
      onEmptyEnter?.();
      return;
    }
    setText('');
    if (onTyped) return onTyped(trimmed);
    const parsed = parseCode(trimmed, { context: 'counter' });
    if (parsed.kind === 'unrecognised' && onText) onText(trimmed);
    else onScan(parsed);
  };
  const hintId = id && hint ? `${id}-hint` : undefined;
  return (
    <form className="scan-field" onSubmit={submit} role="search">
      {visibleLabel && (
        <label htmlFor={id} className="scan-field-label">
          {label}
        </label>
      )}
      <div className="scan-field-row">
        <input
          id={id}
          ref={input}
          type="search"
          aria-label={visibleLabel ? undefined : label}
          aria-describedby={hintId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        {submitLabel && (
          <button type="submit" className="scan-field-submit">
            {submitLabel}
          </button>
        )}
      </div>
      {hint && (
        <p id={hintId} className="scan-field-hint">
          {hint}
        </p>
      )}
    </form>
  );
}

/**
 * A scan whose burst was interrupted (a pause between keys longer than the wedge's
 * gap, e.g. a busy CPU) leaves its head in the field and reports only its tail:
 * when the tail alone means nothing but head + tail does, it was one code.
 */
export function joinSplitScan(head: string, scanned: ParsedCode): ParsedCode {
  const before = head.trim();
  if (scanned.kind !== 'unrecognised' || !before) return scanned;
  const joined = parseCode(before + scanned.text, { context: 'counter' });
  return joined.kind === 'unrecognised' ? scanned : joined;
}
