import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App';
import { SCREENS } from '../../app/routes';
import { createI18n } from '../../i18n';
import { createTestingPlatform } from '../../platform/memory';
import { initialSyncStatus, syncStatusStore } from '../../sync';

afterEach(() => syncStatusStore.setState(initialSyncStatus));

const go = (name: string) =>
  act(async () => {
    window.location.hash = `#/${name}`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });

const quota = () =>
  act(() =>
    syncStatusStore.getState().dispatch({
      type: 'sync-failed',
      error: { kind: 'quota', message: 'storage full', at: Date.now() },
      retryAt: null,
    }),
  );

describe('storage full', () => {
  it('every screen says so, and what still works, until a sync succeeds', async () => {
    render(<App platform={createTestingPlatform({ language: 'zh-CN' })} i18n={createI18n('zh-CN')} />);
    expect(screen.queryByText(/存储空间已满/)).not.toBeInTheDocument();
    await quota();
    for (const name of SCREENS) {
      await go(name);
      const banners = screen.getAllByRole('alert').filter((a) => a.textContent?.includes('存储空间已满'));
      expect(banners, name).toHaveLength(1);
      expect(banners[0]).toHaveTextContent('仍可查单、查商品、同步上传和导出未同步数据。');
      expect(screen.getByRole('link', { name: '去同步页' })).toHaveAttribute('href', '#/sync');
    }
    await act(() =>
      syncStatusStore.getState().dispatch({ type: 'sync-succeeded', at: Date.now(), pushed: 1, pulled: 0 }),
    );
    expect(screen.queryByText(/存储空间已满/)).not.toBeInTheDocument();
  });
});
