import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { createI18n } from '../../i18n';
import { useLightsStore } from '../lights/lightsStore';
import { makeOrder } from '../../testing/fixtures';
import { LiveSlotMap } from './SlotMap';

afterEach(async () => {
  cleanup();
  useLightsStore.getState().clear();
  await deleteTestDbs();
});

describe('LiveSlotMap (the order card’s mini map)', () => {
  it('compact, one zone, the order’s slots highlighted; a lit slot is highlighted too', async () => {
    const db = await openTestDb();
    await seedFromHq(db, [
      makeOrder(1, {
        status: 'shelved',
        slotAssignments: [{ bagLabel: 'LL202611240001-B1', slotId: 'C1-02', at: '2026-11-24T03:00:00.000Z' }],
      }),
    ]);
    useLightsStore
      .getState()
      .apply({ slots: [{ slotId: 'C1-04', color: 'green', blink: false }], durationMs: 60_000 });
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <LiveSlotMap db={db} zones={['chilled']} highlighted={['C1-02']} compact />
      </I18nextProvider>,
    );
    expect(await screen.findByRole('listitem', { name: '货位 C1-02，选中' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: '货位 C1-04，选中' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: '货位 C1-01，空闲' })).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: /货位 A1-01/ })).toBeNull();
    // Compact: no legend, no fullness meter.
    expect(screen.queryByRole('list', { name: '图例' })).toBeNull();
    expect(screen.queryByRole('meter')).toBeNull();
  });

  it('with `mine`, reads only the units holding the order: their bags and orders, never every shelved order (B1)', async () => {
    const db = await openTestDb();
    const on = (n: number, slotId: string) =>
      makeOrder(n, {
        status: 'shelved',
        slotAssignments: [{ bagLabel: `LL20261124000${n}-B1`, slotId, at: '2026-11-24T03:00:00.000Z' }],
      });
    await seedFromHq(db, [on(1, 'C1-02'), on(2, 'C1-03'), on(3, 'A1-01')]);
    const where = vi.spyOn(db.orders, 'where');
    const toCollection = vi.spyOn(db.orders, 'toCollection');
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <LiveSlotMap db={db} mine={['C1-02']} compact />
      </I18nextProvider>,
    );
    const mine = await screen.findByRole('listitem', { name: /C1-02/ });
    expect(mine.className).toContain('slot-highlighted');
    // The neighbour in the same unit shows its bag, coloured by its order's deadline (long
    // past in the fixture); another unit is not drawn.
    expect(screen.getByRole('listitem', { name: /C1-03/ }).className).toContain('slot-overdue');
    expect(screen.getByRole('listitem', { name: /C1-01/ }).className).toContain('slot-free');
    expect(screen.queryByRole('listitem', { name: /A1-01/ })).toBeNull();
    // A store's history can leave thousands of orders `shelved`: the card never scans them.
    expect(where).not.toHaveBeenCalled();
    expect(toCollection).not.toHaveBeenCalled();
  });
});
