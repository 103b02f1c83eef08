import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCode, type ParsedCode } from '@shared/codes/parse';
import { useWedgeScanner } from '../scanning/useWedgeScanner';

/**
 * The shelf screens' scan input: a keyboard-wedge scan anywhere on the screen,
 * or text typed into the field and Enter (manual entry, search).
 */
export function ScanField({
  onScan,
  onText,
  label,
}: {
  onScan: (parsed: ParsedCode) => void;
  /** Typed text that is not a code (a search); defaults to parsing it as a scan. */
  onText?: (text: string) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  // Keyboard-first: the field has focus, so keys of a scan split by a pause land in it.
  useEffect(() => ref.current?.focus(), []);
  useWedgeScanner({
    onScan: (scanned) => {
      // A scan whose burst was interrupted (a pause between keys longer than the wedge's
      // gap, e.g. a busy CPU) leaves its head in the field and reports only its tail:
      // when the tail alone means nothing but head + tail does, it was one code.
      let parsed = scanned;
      const head = ref.current?.value.trim() ?? '';
      if (scanned.kind === 'unrecognised' && head) {
        const joined = parseCode(head + scanned.text, { context: 'counter' });
        if (joined.kind !== 'unrecognised') parsed = joined;
      }
      setText('');
      onScan(parsed);
      if (!document.activeElement || document.activeElement === document.body) ref.current?.focus();
    },
    parse: { context: 'counter' },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    setText('');
    const parsed = parseCode(trimmed, { context: 'counter' });
    if (parsed.kind === 'unrecognised' && onText) onText(trimmed);
    else onScan(parsed);
  };
  return (
    <form className="shelf-scan-row" onSubmit={submit} role="search">
      <input
        ref={ref}
        type="search"
        aria-label={label ?? t('shelf.scanField')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    </form>
  );
}
