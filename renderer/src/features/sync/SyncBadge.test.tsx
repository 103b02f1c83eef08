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

describe('first sync stages', () => {
  const totals = { config: 10, open: 200, catalog: 1000, history: 4000 };
  const stage = (
    name: 'config' | 'open' | 'catalog' | 'history',
    served: Partial<typeof totals>,
    hasMore = true,
  ) =>
    ({
      type: 'pull-progress',
      pages: 1,
      changes: 1,
      total: null,
      hasMore,
      pageMs: 5,
      firstSync: { stage: name, totals, served: { config: 0, open: 0, catalog: 0, history: 0, ...served } },
    }) as const;

  it('the badge says what already works while the rest arrives, and nothing once all is in', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncBadge />
      </I18nextProvider>,
    );
    const badge = () => screen.getByRole('link');
    dispatch({ type: 'first-sync', progress: 'not-started' });
    expect(badge()).toHaveTextContent('取货数据下载中 · 商品目录 0% · 历史订单 0%');
    dispatch(stage('open', { config: 10, open: 100 }));
    expect(badge()).toHaveTextContent('取货数据下载中');
    dispatch(stage('open', { config: 10, open: 200 }));
    expect(badge()).toHaveTextContent('可接待取货 · 商品目录 0% · 历史订单 0%');
    dispatch(stage('catalog', { config: 10, open: 200, catalog: 500 }));
    expect(badge()).toHaveTextContent('可接待取货 · 商品目录 50% · 历史订单 0%');
    dispatch(stage('history', { config: 10, open: 200, catalog: 1000, history: 1000 }));
    expect(badge()).toHaveTextContent('可接待取货 · 商品目录 100% · 历史订单 25%');
    dispatch(stage('history', totals, false));
    expect(badge()).not.toHaveTextContent('可接待取货');
    expect(badge()).not.toHaveTextContent('历史订单');
  });

  it('the Sync screen draws a bar per stage', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncScreen />
      </I18nextProvider>,
    );
    dispatch(stage('catalog', { config: 10, open: 200, catalog: 250 }));
    expect(screen.getByText('可接待取货')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: '商品目录 25%' })).toHaveAttribute('value', '25');
    expect(screen.getByRole('progressbar', { name: '历史订单 0%' })).toHaveAttribute('value', '0');
  });

  it('an HQ that serves the plain feed holds nothing back', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncBadge />
      </I18nextProvider>,
    );
    dispatch({ type: 'first-sync', progress: 'not-started' });
    expect(screen.getByRole('link')).toHaveTextContent('取货数据下载中');
    dispatch(page(1000, 4000));
    expect(screen.getByRole('link')).not.toHaveTextContent('取货数据下载中');
    expect(screen.getByRole('link')).toHaveTextContent('下载中 25%');
  });
});

describe('storage persistence on the Sync screen', () => {
  it('says whether unsent data can be evicted by the browser', () => {
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SyncScreen />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('sync-storage')).toHaveTextContent('正在确认');
    dispatch({ type: 'storage-persistence', persisted: false });
    expect(screen.getByTestId('sync-storage')).toHaveTextContent('未获得持久保存');
    dispatch({ type: 'storage-persistence', persisted: true });
    expect(screen.getByTestId('sync-storage')).toHaveTextContent('持久保存：磁盘紧张时');
  });
});
