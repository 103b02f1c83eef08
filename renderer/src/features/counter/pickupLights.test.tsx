import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { deleteTestDbs } from '../../testing/db';
import { createI18n } from '../../i18n';
import { createTestingPlatform, type TestingPlatform } from '../../platform/memory';
import { useSessionStore } from '../../session/sessionStore';
import { SimulatedLights } from '../lights/SimulatedLights';
import { useLightsStore } from '../lights/lightsStore';
import { CounterScreen } from './CounterScreen';
import { NOW, seededCounterDb } from '../../testing/counter';
import { PICKUP_LIGHT_MS } from './useCounterFlow';

let db: LinliDb;
let platform: TestingPlatform;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await seededCounterDb();
  platform = createTestingPlatform();
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  useLightsStore.getState().clear();
  await deleteTestDbs();
});

function renderCounter() {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <PlatformContext value={platform}>
        <CounterScreen db={db} now={() => NOW} syncNow={async () => undefined} camera={false} />
        <SimulatedLights />
      </PlatformContext>
    </I18nextProvider>,
  );
  return screen.getByRole('status', { name: '货架灯（模拟）' });
}

async function enter(user: ReturnType<typeof userEvent.setup>, text: string) {
  const field = screen.getByRole('searchbox', { name: '扫码或输入' });
  await user.click(field);
  await user.paste(text);
  await user.keyboard('{Enter}');
}

const litIds = (region: HTMLElement) =>
  within(region)
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('.simulated-lights__id')?.textContent);

describe('the pickup lights the slot (SPEC C1/C2)', () => {
  it('an order card lights its slots through the lights service; handover puts them out', async () => {
    const user = userEvent.setup();
    const region = renderCounter();
    await enter(user, '123456');
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    await vi.waitFor(() => expect(litIds(region)).toEqual(['C1-02']));
    expect(platform.lightCommands[0]).toEqual({
      slotIds: ['C1-02'],
      color: 'green',
      durationMs: PICKUP_LIGHT_MS,
    });
    await user.click(screen.getByRole('button', { name: /交付/ }));
    await screen.findByText('已交付：LL202611240001');
    await vi.waitFor(() => expect(region).toBeEmptyDOMElement());
    expect(platform.lightCommands.at(-1)).toBe('clear');
  });

  it('Esc and a refusal put them out; an order without slots lights nothing', async () => {
    const user = userEvent.setup();
    const region = renderCounter();
    await enter(user, 'LL202611240007');
    await screen.findByRole('article', { name: '订单 LL202611240007' });
    await vi.waitFor(() => expect(litIds(region)).toEqual(['C1-02']));
    await user.keyboard('{Escape}');
    await vi.waitFor(() => expect(region).toBeEmptyDOMElement());

    await enter(user, '123456');
    await vi.waitFor(() => expect(litIds(region)).toEqual(['C1-02']));
    await enter(user, 'LL202611240003'); // cancelled: an alert, no card
    await screen.findByRole('alert');
    await vi.waitFor(() => expect(region).toBeEmptyDOMElement());

    const commands = platform.lightCommands.length;
    await enter(user, 'LL202611240006'); // arrived, not shelved: no slot
    await screen.findByRole('article', { name: '订单 LL202611240006' });
    expect(platform.lightCommands.slice(commands)).toEqual([]);
  });

  it('they go dark by themselves when nobody hands over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const region = renderCounter();
    await enter(user, '123456');
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    await vi.waitFor(() => expect(litIds(region)).toEqual(['C1-02']));
    act(() => vi.advanceTimersByTime(PICKUP_LIGHT_MS - 1000));
    expect(litIds(region)).toEqual(['C1-02']);
    act(() => vi.advanceTimersByTime(1000));
    expect(region).toBeEmptyDOMElement();
    // The card stays: the clerk can still hand over.
    expect(screen.getByRole('article', { name: '订单 LL202611240001' })).toBeInTheDocument();
  });
});
