import { afterEach, describe, expect, it, vi } from 'vitest';
import { installKeyboardShield } from './keyboardShield';
import type { ShieldHandlers } from './StaffContext';

/** Types like a scanner: each key a millisecond apart, then Enter. */
function scanKeys(text: string, into: EventTarget = window) {
  for (const key of [...text, 'Enter'])
    into.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

describe('keyboard shield', () => {
  let uninstall = () => {};
  afterEach(() => uninstall());

  it('while active, hands badge scans to the surface and hides every key from later listeners', () => {
    let handlers: ShieldHandlers | null = { onBadge: vi.fn(), onKey: vi.fn() };
    uninstall = installKeyboardShield(window, () => handlers);
    const featureScanner = vi.fn();
    window.addEventListener('keydown', featureScanner, { capture: true });
    try {
      scanKeys('LS-M01');
      expect(handlers.onBadge).toHaveBeenCalledWith('LS-M01', 'M01');
      expect(featureScanner).not.toHaveBeenCalled();

      const escape = new KeyboardEvent('keydown', { key: 'Escape', cancelable: true });
      window.dispatchEvent(escape);
      expect(handlers.onKey).toHaveBeenCalledWith(escape);
      // Default actions (typing, Enter submitting the PIN form) are left alone.
      expect(escape.defaultPrevented).toBe(false);

      handlers = null;
      scanKeys('LS-C01');
      expect(featureScanner).toHaveBeenCalledTimes(7);
    } finally {
      window.removeEventListener('keydown', featureScanner, { capture: true });
    }
  });

  it('takes a scanned badge back out of the field it was typed into', () => {
    const handlers: ShieldHandlers = { onBadge: vi.fn() };
    uninstall = installKeyboardShield(window, () => handlers);
    const input = document.createElement('input');
    document.body.append(input);
    input.value = '12';
    // The browser's default action for a printable key: the character lands in the field.
    for (const key of [...'LS-C01', 'Enter']) {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      input.dispatchEvent(event);
      if (!event.defaultPrevented && key.length === 1) input.value += key;
    }
    expect(input.value).toBe('12');
    expect(handlers.onBadge).toHaveBeenCalledWith('LS-C01', 'C01');
    input.remove();
  });
});
