import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParsedCode } from '@shared/codes/parse';
import { createTestingPlatform } from '../../platform/memory';
import { ScannerSettingsProvider } from './ScannerSettingsContext';
import { useWedgeScanner } from './useWedgeScanner';

function Counter(props: {
  onScan: (p: ParsedCode) => void;
  onSubmit: () => void;
  onEnter: () => void;
  gap?: number;
}) {
  const [note, setNote] = useState('');
  useWedgeScanner({
    onScan: props.onScan,
    scanner: { maxKeyGapMs: props.gap ?? 50, minLength: 4 },
    clock: () => now,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <label>
        备注 Note
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') props.onEnter();
          }}
        />
      </label>
      <output aria-label="state">{note}</output>
    </form>
  );
}

function setup(gap?: number) {
  const onScan = vi.fn<(p: ParsedCode) => void>();
  const onSubmit = vi.fn();
  const onEnter = vi.fn();
  render(<Counter onScan={onScan} onSubmit={onSubmit} onEnter={onEnter} gap={gap} />);
  const input = screen.getByRole('textbox', { name: '备注 Note' });
  return { onScan, onSubmit, onEnter, input };
}

/** The hook's clock: each simulated key advances it by the typist's gap. */
let now = 0;

/** Types `keys` (user-event syntax) one key every `gapMs` on the injected clock. */
function typist(gapMs: number) {
  const user = userEvent.setup({ delay: null });
  const press = async (keys: string) => {
    for (const key of keys.match(/\{[^}]+\}|./gu) ?? []) {
      now += gapMs;
      await user.keyboard(key);
    }
  };
  return {
    keyboard: press,
    type: async (field: HTMLElement, keys: string) => {
      field.focus();
      await press(keys);
    },
  };
}

describe('useWedgeScanner', () => {
  beforeEach(() => {
    now = 1_000_000;
  });

  it('parses a scan typed at scanner speed outside any field', async () => {
    const { onScan, onSubmit } = setup();
    await typist(5).keyboard('LL202611240123{Enter}');
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan.mock.calls[0]?.[0]).toMatchObject({ kind: 'orderNumber', orderNumber: 'LL202611240123' });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('leaves a person typing in a text field alone, Enter included', async () => {
    const { onScan, onSubmit, onEnter, input } = setup();
    await typist(120).type(input, '482913{Enter}');
    expect(onScan).not.toHaveBeenCalled();
    expect(input).toHaveValue('482913');
    expect(screen.getByRole('status', { name: 'state' })).toHaveTextContent('482913');
    expect(onEnter).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('takes a scan typed into a text field back out of it and swallows its Enter', async () => {
    const { onScan, onSubmit, onEnter, input } = setup();
    const human = typist(150);
    await human.type(input, '门口');
    now += 500;
    await typist(4).keyboard('482913{Enter}');
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan.mock.calls[0]?.[0]).toEqual({ kind: 'pickupCode', text: '482913', code: '482913' });
    // The field keeps what the person typed and no half code; React state agrees.
    expect(input).toHaveValue('门口');
    expect(screen.getByRole('status', { name: 'state' })).toHaveTextContent(/^门口$/);
    expect(onEnter).not.toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('normalises a full-width scan and uses the configured key gap', async () => {
    const { onScan } = setup(100);
    await typist(80).keyboard('ＬＳ-Ｃ０１{Enter}');
    expect(onScan.mock.calls[0]?.[0]).toEqual({ kind: 'staffBadge', text: 'LS-C01', staffId: 'C01' });
  });

  it('reports garbage as unrecognised instead of dropping it', async () => {
    const { onScan } = setup();
    await typist(3).keyboard('zz!?{Tab}');
    expect(onScan.mock.calls[0]?.[0]).toEqual({
      kind: 'unrecognised',
      text: 'zz!?',
      reason: 'unknownFormat',
    });
  });

  it('stops listening on unmount', async () => {
    const onScan = vi.fn();
    function Probe() {
      useWedgeScanner({ onScan, clock: () => now });
      return null;
    }
    const { unmount } = render(<Probe />);
    unmount();
    await typist(3).keyboard('482913{Enter}');
    expect(onScan).not.toHaveBeenCalled();
  });

  it('still reads a scan when a Chinese IME turns every key into Process', () => {
    const onScan = vi.fn();
    function Probe() {
      useWedgeScanner({ onScan, clock: () => now });
      return null;
    }
    render(<Probe />);
    const codes = [
      'KeyL',
      'KeyL',
      'Digit2',
      'Digit0',
      'Digit2',
      'Digit6',
      'Digit1',
      'Digit1',
      'Digit2',
      'Digit4',
    ];
    codes.push('Digit0', 'Digit1', 'Digit2', 'Digit3', 'Enter');
    for (const code of codes) {
      now += 6;
      const shiftKey = code.startsWith('Key');
      window.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Process', code, shiftKey, isComposing: true }),
      );
    }
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan.mock.calls[0]?.[0]).toMatchObject({ kind: 'orderNumber', orderNumber: 'LL202611240123' });
  });
});

function SettingsDriven({ onScan }: { onScan: (p: ParsedCode) => void }) {
  useWedgeScanner({ onScan, clock: () => now });
  return null;
}

describe('useWedgeScanner with the terminal’s scanner settings', () => {
  beforeEach(() => {
    now = 1_000_000;
  });

  it('follows Settings → scanner key gap when the screen passes none', async () => {
    const platform = createTestingPlatform({ scanner: { maxKeyGapMs: 120, minLength: 4 } });
    const onScan = vi.fn<(p: ParsedCode) => void>();
    render(
      <ScannerSettingsProvider platform={platform}>
        <SettingsDriven onScan={onScan} />
      </ScannerSettingsProvider>,
    );
    await act(async () => {}); // settings loaded
    // A slow scanner (keys 100 ms apart): a scan with a 120 ms setting…
    await typist(100).keyboard('LL202611240123{Enter}');
    expect(onScan).toHaveBeenCalledTimes(1);
    // …and not with the default 50 ms, once the setting changes back.
    await act(() => platform.updateSettings({ scanner: { maxKeyGapMs: 50 } }));
    await typist(100).keyboard('LL202611240124{Enter}');
    expect(onScan).toHaveBeenCalledTimes(1);
  });
});
