import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '@shared/contract';
import { type Services, ServicesContext } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { createI18n } from '../../i18n';
import { initialSyncStatus, SyncFailure, type SyncEngine, syncStatusStore } from '../../sync';
import { makeOrder } from '../../testing/fixtures';
import { NotFoundHere } from './NotFoundHere';

afterEach(() => syncStatusStore.setState(initialSyncStatus));

function renderWith(lookupAtHq: SyncEngine['lookupAtHq'], text = 'LL202611240042') {
  const engine = { lookupAtHq } as SyncEngine;
  const services: Services = {
    db: {} as LinliDb,
    sync: { current: () => engine, restart: async () => {}, subscribe: () => () => {}, stop: async () => {} },
  };
  return render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ServicesContext.Provider value={services}>
        <NotFoundHere text={text} message={`没有找到订单：${text}`} />
      </ServicesContext.Provider>
    </I18nextProvider>,
  );
}

describe('NotFoundHere (the counter found nothing locally)', () => {
  it('while history is still arriving, says how far it is instead of asking HQ', () => {
    act(() =>
      syncStatusStore.getState().dispatch({
        type: 'first-sync',
        progress: {
          stage: 'history',
          totals: { config: 1, open: 1, catalog: 1, history: 1000 },
          served: { config: 1, open: 1, catalog: 1, history: 400 },
        },
      }),
    );
    const lookup = vi.fn<SyncEngine['lookupAtHq']>().mockResolvedValue([]);
    renderWith(lookup);
    expect(screen.getByRole('alert')).toHaveTextContent('历史订单下载中 — 40%');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('shows what HQ has, marked as from HQ, for the typed order number', async () => {
    const old: Order = {
      ...makeOrder(42),
      status: 'collected',
      collection: {
        at: '2026-09-01T02:00:00.000Z',
        terminalId: 'T2',
        staffId: 'C01',
        verifiedBy: 'code',
        partial: false,
      },
    };
    const lookup = vi.fn<SyncEngine['lookupAtHq']>().mockResolvedValue([old]);
    renderWith(lookup);
    expect(await screen.findByRole('region', { name: '来自总部' })).toHaveTextContent(old.orderNo);
    expect(screen.getByTestId('hq-order')).toHaveTextContent('已取货');
    expect(lookup.mock.calls[0]![0]).toMatchObject({ kind: 'orderNumber', orderNumber: 'LL202611240042' });
  });

  it('offline: not here, may be an older order', async () => {
    renderWith(() => Promise.reject(new SyncFailure('network', 'fetch failed')));
    expect(
      await screen.findByText('本机没有此单，可能是较早的订单；总部暂时连不上，无法查询。'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('没有找到订单：LL202611240042');
  });

  it('HQ has nothing either', async () => {
    renderWith(() => Promise.resolve([]));
    expect(await screen.findByText('总部也没有这张单。')).toBeInTheDocument();
  });
});
