import { act, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlatformContext } from '../../app/PlatformContext';
import { createI18n } from '../../i18n';
import { createTestingPlatform } from '../../platform/memory';
import { SimulatedLights } from './SimulatedLights';
import { useLightsStore } from './lightsStore';

afterEach(() => {
  vi.useRealTimers();
  useLightsStore.getState().clear();
});

async function setup(language: 'zh-CN' | 'en' = 'zh-CN') {
  const platform = createTestingPlatform({ language });
  const i18n = createI18n(language);
  render(
    <I18nextProvider i18n={i18n}>
      <PlatformContext value={platform}>
        <SimulatedLights />
      </PlatformContext>
    </I18nextProvider>,
  );
  return platform;
}

describe('<SimulatedLights>', () => {
  it('shows the lit slots in a status region and puts them out after the duration', async () => {
    vi.useFakeTimers();
    const platform = await setup();
    const region = screen.getByRole('status', { name: '货架灯（模拟）' });
    expect(region).toBeEmptyDOMElement();
    await act(() =>
      platform.showLights({ slotIds: ['C2-07', 'C2-08'], color: 'green', durationMs: 5000, blink: true }),
    );
    const items = within(region).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['C2-07 绿 · 闪烁', 'C2-08 绿 · 闪烁']);
    expect(items[0]).toHaveAttribute('data-color', 'green');
    act(() => vi.advanceTimersByTime(4999));
    expect(within(region).getAllByRole('listitem')).toHaveLength(2);
    act(() => vi.advanceTimersByTime(1));
    expect(region).toBeEmptyDOMElement();
  });

  it('a new command replaces the last (and its timer); clear puts them out at once', async () => {
    vi.useFakeTimers();
    const platform = await setup('en');
    const region = screen.getByRole('status', { name: 'Shelf lights (simulated)' });
    await act(() => platform.showLights({ slotIds: ['A1-01'], color: 'blue', durationMs: 1000 }));
    await act(() => platform.showLights({ slotIds: ['F1-03'], color: 'red', durationMs: 3000 }));
    expect(within(region).getByRole('listitem')).toHaveTextContent('F1-03 red');
    act(() => vi.advanceTimersByTime(1500));
    expect(within(region).getByRole('listitem')).toHaveTextContent('F1-03');
    await act(() => platform.clearLights());
    expect(region).toBeEmptyDOMElement();
  });

  it('stays dark with the driver set to none', async () => {
    const platform = createTestingPlatform({ shelfLights: { driver: 'none', url: '' } });
    const i18n = createI18n('zh-CN');
    render(
      <I18nextProvider i18n={i18n}>
        <PlatformContext value={platform}>
          <SimulatedLights />
        </PlatformContext>
      </I18nextProvider>,
    );
    await act(() => platform.showLights({ slotIds: ['A1-01'], color: 'blue', durationMs: 1000 }));
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(platform.lightCommands).toHaveLength(1);
  });
});
