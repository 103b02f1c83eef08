import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { initialSyncStatus, syncStatusStore } from '../../sync';
import { SyncBadge } from './SyncBadge';
import { SyncScreen } from './SyncScreen';

afterEach(() => {
  syncStatusStore.setState(initialSyncStatus);
});

const dispatch = (...events: Parameters<ReturnType<typeof syncStatusStore.getState>['dispatch']>[0][]) =>
  act(() => {
    for (const event of events) syncStatusStore.getState().dispatch(event);
  });

const page = (changes: number, total: number | null, hasMore = true) =>
  ({ type: 'pull-progress', pages: changes / 1000, changes, total, hasMore, pageMs: 50 }) as const;

describe('pull progress', () => {
  it('the badge shows how far a long pull is, on every screen, and drops it when done', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncBadge />
      </I18nextProvider>,
    );
    dispatch({ type: 'sync-started', at: Date.now() }, page(1000, 4000));
    expect(screen.getByRole('link')).toHaveTextContent('下载中 25%');
    dispatch(page(3000, 4000));
    expect(screen.getByRole('link')).toHaveTextContent('下载中 75%');
    dispatch(page(4000, 4000, false), { type: 'sync-succeeded', at: Date.now(), pushed: 0, pulled: 4000 });
    expect(screen.getByRole('link')).not.toHaveTextContent('下载中');
  });

  it('the Sync screen draws a determinate bar when HQ counted the pull, an indeterminate one otherwise', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncScreen />
      </I18nextProvider>,
    );
    dispatch({ type: 'sync-started', at: Date.now() }, page(2000, 70_000));
    const bar = screen.getByRole('progressbar');
    expect(bar).toHaveAttribute('value', '2000');
    expect(bar).toHaveAttribute('max', '70000');
    expect(screen.getByText('正在下载总部数据：2000 / 70000 条（2%）')).toBeInTheDocument();

    dispatch({ type: 'sync-started', at: Date.now() }, page(1000, null));
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('max');
    expect(screen.getByText('正在下载总部数据：已收到 1000 条（1 页）')).toBeInTheDocument();
  });
});
