import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCode } from '@shared/codes/parse';
import { joinSplitScan, ScanField } from './ScanField';

afterEach(cleanup);

describe('joinSplitScan', () => {
  it('a tail that means nothing joins the head left in the field when together they are a code', () => {
    const tail = parseCode('0001', { context: 'counter' });
    expect(tail.kind).toBe('unrecognised');
    expect(joinSplitScan('LL20261124', tail)).toMatchObject({ kind: 'orderNumber', text: 'LL202611240001' });
  });

  it('a tail that is a code on its own, or no head, stays as scanned', () => {
    const code = parseCode('LL202611240001', { context: 'counter' });
    expect(joinSplitScan('LL2026', code)).toBe(code);
    const junk = parseCode('%%x', { context: 'counter' });
    expect(joinSplitScan('  ', junk)).toBe(junk);
    expect(joinSplitScan('hello', junk)).toBe(junk);
  });
});

describe('<ScanField>', () => {
  it('typed text: onTyped gets all of it; otherwise codes go to onScan and the rest to onText', async () => {
    const onScan = vi.fn();
    const onText = vi.fn();
    const { unmount } = render(<ScanField label="扫码" onScan={onScan} onText={onText} />);
    const field = screen.getByRole('searchbox', { name: '扫码' });
    expect(field).toHaveFocus();
    await userEvent.click(field);
    await userEvent.paste('LL202611240001');
    await userEvent.keyboard('{Enter}');
    expect(onScan).toHaveBeenCalledWith(expect.objectContaining({ kind: 'orderNumber' }));
    await userEvent.paste('1234');
    await userEvent.keyboard('{Enter}');
    expect(onText).toHaveBeenCalledWith('1234');
    expect(field).toHaveValue('');
    unmount();

    const onTyped = vi.fn();
    render(<ScanField label="扫码" onScan={onScan} onTyped={onTyped} />);
    await userEvent.click(screen.getByRole('searchbox', { name: '扫码' }));
    await userEvent.paste('LL202611240001');
    await userEvent.keyboard('{Enter}');
    expect(onTyped).toHaveBeenCalledWith('LL202611240001');
    expect(onScan).toHaveBeenCalledTimes(1);
  });

  it('Enter on the empty field is its own command; a visible label names the field', async () => {
    const onEmptyEnter = vi.fn();
    render(
      <ScanField
        label="扫码或输入"
        visibleLabel
        id="f"
        hint="提示"
        onScan={vi.fn()}
        onEmptyEnter={onEmptyEnter}
      />,
    );
    const field = screen.getByRole('searchbox', { name: '扫码或输入' });
    expect(field).toHaveAccessibleDescription('提示');
    await userEvent.type(field, '{Enter}');
    expect(onEmptyEnter).toHaveBeenCalledOnce();
  });
});
