import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { createTestingPlatform } from '../platform/memory';
import { App } from './App';

function renderApp(language: 'zh-CN' | 'en' = 'zh-CN') {
  const platform = createTestingPlatform({ language });
  const i18n = createI18n(language);
  render(<App platform={platform} i18n={i18n} />);
  return { platform, i18n };
}

describe('App shell', () => {
  it('starts in Chinese on the counter screen with every screen in the navigation', () => {
    renderApp();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('柜台取货');
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const links = Array.from(nav.querySelectorAll('a')).map((a) => a.textContent);
    expect(links).toEqual(['柜台取货', '货架', '配送', '收银', '日结', '顾客心愿', '同步', '员工', '设置']);
    expect(screen.getByRole('link', { name: '柜台取货' })).toHaveAttribute('aria-current', 'page');
  });

  it('follows the hash to a screen', async () => {
    renderApp('en');
    await act(async () => {
      window.location.hash = '#/sync';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Sync');
    expect(screen.getByRole('link', { name: 'Sync' })).toHaveAttribute('aria-current', 'page');
  });

  it('switches language from Settings and persists the choice through the platform', async () => {
    const { platform } = renderApp();
    await act(async () => {
      window.location.hash = '#/settings';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await userEvent.click(screen.getByRole('radio', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect((await platform.getSettings()).language).toBe('en');
  });
});
