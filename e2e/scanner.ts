import type { CDPSession, Page } from '@playwright/test';

/**
 * Types a code the way a USB keyboard-wedge scanner does: every key of the
 * burst stamped `intervalMs` after the previous one, then Enter.
 *
 * `page.keyboard.type(code, { delay: 5 })` waits for the page to acknowledge
 * each key before sending the next, so a busy page (garbage collection, a
 * loaded 2-core CI box) stretches the gaps past the 50 ms a scanner is allowed
 * and the code arrives in pieces — something a real scanner never does: the OS
 * stamps its keys when they arrive, however late the page handles them. The
 * DevTools protocol lets us stamp each key ourselves, which is what the app's
 * scanner listener reads (`event.timeStamp`).
 */
const sessions = new WeakMap<Page, Promise<CDPSession>>();

function session(page: Page): Promise<CDPSession> {
  let existing = sessions.get(page);
  if (!existing) {
    existing = page.context().newCDPSession(page);
    sessions.set(page, existing);
  }
  return existing;
}

function keyFields(char: string): {
  key: string;
  code: string;
  keyCode: number;
  text: string;
  shift: boolean;
} {
  if (/^[a-z]$/.test(char))
    return {
      key: char,
      code: `Key${char.toUpperCase()}`,
      keyCode: char.toUpperCase().charCodeAt(0),
      text: char,
      shift: false,
    };
  if (/^[A-Z]$/.test(char))
    return { key: char, code: `Key${char}`, keyCode: char.charCodeAt(0), text: char, shift: true };
  if (/^[0-9]$/.test(char))
    return { key: char, code: `Digit${char}`, keyCode: char.charCodeAt(0), text: char, shift: false };
  const table: Record<string, [string, number, boolean]> = {
    '-': ['Minus', 189, false],
    _: ['Minus', 189, true],
    '.': ['Period', 190, false],
    ':': ['Semicolon', 186, true],
    '/': ['Slash', 191, false],
    '+': ['Equal', 187, true],
    '=': ['Equal', 187, false],
  };
  const [code, keyCode, shift] = table[char] ?? ['', 0, false];
  return { key: char, code, keyCode, text: char, shift };
}

export async function scanLikeScanner(page: Page, code: string, intervalMs = 5): Promise<void> {
  const cdp = await session(page);
  let at = Date.now() / 1000;
  const step = intervalMs / 1000;
  for (const char of code) {
    const k = keyFields(char);
    const common = {
      key: k.key,
      code: k.code,
      windowsVirtualKeyCode: k.keyCode,
      modifiers: k.shift ? 8 : 0,
    };
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      text: k.text,
      unmodifiedText: k.text,
      timestamp: at,
      ...common,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: at + step / 2, ...common });
    at += step;
  }
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyDown',
    text: '\r',
    unmodifiedText: '\r',
    timestamp: at,
    ...enter,
  });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: at + step / 2, ...enter });
}
