import { parseCode } from '@shared/codes/parse';
import { createWedgeDetector } from '@shared/codes/wedge';
import { removeScannedText } from '../scanning/useWedgeScanner';
import type { ShieldHandlers } from './StaffContext';

const isTextField = (target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement =>
  target instanceof HTMLTextAreaElement ||
  (target instanceof HTMLInputElement &&
    ['', 'text', 'search', 'tel', 'number', 'password'].includes(target.type));

/**
 * While the sign-in screen or the manager override dialog is up, keys belong
 * to it: other features' window listeners (the counter's scanner, shortcuts)
 * must not act on a badge scan or a PIN. Installed once, in the capture phase,
 * before any feature's listener, it stops keydown from reaching them. It never
 * cancels a key's default action, so typing into the PIN field, Backspace,
 * Enter submitting the form, Tab and button activation all work natively —
 * except for a scanned staff badge, which is taken out of the field and
 * handed to the surface.
 */
export function installKeyboardShield(target: Window, current: () => ShieldHandlers | null): () => void {
  const detector = createWedgeDetector();
  const onKeyDown = (event: KeyboardEvent) => {
    const handlers = current();
    if (!handlers) {
      detector.reset();
      return;
    }
    event.stopImmediatePropagation();
    if (event.isComposing) return;
    const step = detector.feed({
      key: event.key,
      time: event.timeStamp,
      inEditableField: isTextField(event.target),
    });
    if (step.scan) {
      const parsed = parseCode(step.scan.text);
      if (parsed.kind === 'staffBadge') {
        event.preventDefault();
        if (isTextField(event.target) && step.scan.fieldText)
          removeScannedText(event.target, step.scan.fieldText);
        handlers.onBadge(parsed.text, parsed.staffId);
        return;
      }
    }
    handlers.onKey?.(event);
  };
  const onBlur = () => detector.reset();
  target.addEventListener('keydown', onKeyDown, { capture: true });
  target.addEventListener('blur', onBlur);
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    target.removeEventListener('blur', onBlur);
  };
}
