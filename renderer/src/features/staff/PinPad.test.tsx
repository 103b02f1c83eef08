import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../i18n';
import { PinPad } from './PinPad';

function renderPad(props: Partial<Parameters<typeof PinPad>[0]> = {}) {
  const onSubmit = vi.fn();
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <PinPad onSubmit={onSubmit} {...props} />
    </I18nextProvider>,
  );
  return onSubmit;
}

describe('PinPad', () => {
  it('takes digits, Backspace and Enter from the keyboard, ignores other keys, and clears after submit', async () => {
    const onSubmit = renderPad();
    const field = screen.getByLabelText('PIN', { selector: 'input' });
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute('type', 'password');
    await userEvent.keyboard('12a{Backspace}34{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('134');
    expect(field).toHaveValue('');
  });

  it('works by touch: digit keys, Delete, Clear and OK', async () => {
    const onSubmit = renderPad();
    const pad = screen.getByRole('group', { name: 'PIN 键盘' });
    expect(screen.getByRole('button', { name: '确定' })).toBeDisabled();
    for (const key of ['9', '8', '删除', '9', '清空', '9', '9', '9', '9']) {
      await userEvent.click(within(pad).getByRole('button', { name: key }));
    }
    await userEvent.click(screen.getByRole('button', { name: '确定' }));
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('9999');
  });

  it('announces a message and refuses input when disabled', async () => {
    const onSubmit = renderPad({ disabled: true, message: '已锁定' });
    expect(screen.getByRole('alert')).toHaveTextContent('已锁定');
    expect(screen.getByLabelText('PIN', { selector: 'input' })).toBeDisabled();
    await userEvent.keyboard('1234{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
