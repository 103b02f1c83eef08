import { useContext, useEffect, useRef } from 'react';
import { ScannerSettingsContext } from './ScannerSettingsContext';
import { parseCode, type ParsedCode, type ParseOptions } from '@shared/codes/parse';
import { createWedgeDetector, keyFromCode, type WedgeOptions, type WedgeScan } from '@shared/codes/wedge';

export interface UseWedgeScannerOptions {
  /** Called once per scan with the parsed code (never throws: unrecognised is a result). */
  onScan: (parsed: ParsedCode, scan: WedgeScan) => void;
  /** Listen only while true (e.g. only on screens where a scan makes sense). */
  enabled?: boolean;
  /** `settings.scanner`: key gap and minimum length. */
  scanner?: Partial<WedgeOptions>;
  /** Scan context and scale layout for the parser. */
  parse?: ParseOptions;
  /**
   * When a key arrived, in ms. Defaults to `event.timeStamp` — when the key was
   * pressed, not when a busy main thread got round to it, so keys queued behind
   * a long task do not look like a burst. Tests inject a controlled clock.
   */
  clock?: (event: KeyboardEvent) => number;
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'tel', 'number', 'password', 'email', 'url']);

type TextField = HTMLInputElement | HTMLTextAreaElement;

function asTextField(target: EventTarget | null): TextField | null {
  if (target instanceof HTMLTextAreaElement) return target;
  if (target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type)) return target;
  return null;
}

function isEditable(target: EventTarget | null): boolean {
  return asTextField(target) !== null || (target instanceof HTMLElement && target.isContentEditable);
}

/**
 * Takes the scanned characters back out of the field they were typed into,
 * through the native value setter plus an `input` event so React's controlled
 * inputs see the change.
 */
export function removeScannedText(field: TextField, typed: string): void {
  if (!typed) return;
  const { value } = field;
  const caret = field.selectionEnd ?? value.length;
  let start = caret - typed.length;
  if (start < 0 || value.slice(start, caret) !== typed) {
    // The caret moved (or the field is a number input without selection): fall back to the end.
    if (!value.endsWith(typed)) return;
    start = value.length - typed.length;
  }
  const end = start + typed.length;
  const next = value.slice(0, start) + value.slice(end);
  const proto =
    field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next);
  try {
    field.setSelectionRange(start, start);
  } catch {
    // number/email inputs have no selection API.
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens for a keyboard-wedge scanner anywhere in the window (capture phase,
 * so it sees keys before any field or shortcut handler). A scan's Enter/Tab is
 * swallowed — it neither submits a form nor triggers the screen's own Enter
 * shortcut — and characters the scan typed into a text field are removed.
 */
export function useWedgeScanner({
  onScan,
  enabled = true,
  scanner,
  parse,
  clock,
}: UseWedgeScannerOptions): void {
  const latest = useRef({ onScan, parse, clock });
  useEffect(() => {
    latest.current = { onScan, parse, clock };
  });

  // Explicit options win; otherwise the terminal's scanner settings (Settings → scanner).
  const fromSettings = useContext(ScannerSettingsContext);
  const maxKeyGapMs = scanner?.maxKeyGapMs ?? fromSettings?.maxKeyGapMs;
  const minLength = scanner?.minLength ?? fromSettings?.minLength;

  useEffect(() => {
    if (!enabled) return;
    const detector = createWedgeDetector({
      ...(maxKeyGapMs !== undefined && { maxKeyGapMs }),
      ...(minLength !== undefined && { minLength }),
    });

    const onKeyDown = (event: KeyboardEvent) => {
      // Ctrl/Alt/Meta combinations are shortcuts, never scanned characters.
      if ((event.ctrlKey || event.altKey || event.metaKey) && event.key.length === 1) {
        detector.reset();
        return;
      }
      const target = event.target;
      const time = latest.current.clock?.(event) ?? event.timeStamp;
      // With a Chinese IME on, keys arrive as 'Process': read the physical key instead.
      const key =
        event.key === 'Process' || event.isComposing
          ? (keyFromCode(event.code, event.shiftKey) ?? event.key)
          : event.key;
      const step = detector.feed({ key, time, inEditableField: isEditable(target) });
      if (!step.swallow || !step.scan) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const field = asTextField(target);
      if (field && step.scan.fieldText) removeScannedText(field, step.scan.fieldText);
      const { parse: parseOptions, onScan: report } = latest.current;
      report(parseCode(step.scan.text, parseOptions), step.scan);
    };
    const onBlur = () => detector.reset();

    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener('blur', onBlur);
    };
  }, [enabled, maxKeyGapMs, minLength]);
}
