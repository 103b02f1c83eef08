import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../i18n';
import { makeOrder } from '../../testing/fixtures';
import { CustomerDisplay, THANKS_MS } from './CustomerDisplay';
import type { CustomerDisplayMessage } from './protocol';
import { createCustomerDisplayPublisher, type DisplayChannel } from './publisher';

afterEach(cleanup);

/** Two ends of one in-memory BroadcastChannel: what one posts, the others get (never itself). */
function channelPair() {
  const ends: { listeners: ((event: MessageEvent<CustomerDisplayMessage>) => void)[] }[] = [];
  const open = (): DisplayChannel => {
    const end = { listeners: [] as ((event: MessageEvent<CustomerDisplayMessage>) => void)[] };
    ends.push(end);
    return {
      postMessage: (message) => {
        for (const other of ends)
          if (other !== end)
            for (const listener of other.listeners)
              listener({ data: structuredClone(message) } as MessageEvent<CustomerDisplayMessage>);
      },
      addEventListener: (_type, listener) => end.listeners.push(listener),
      close: () => ends.splice(ends.indexOf(end), 1),
    };
  };
  return open;
}

function renderDisplay(open: () => DisplayChannel) {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <CustomerDisplay channel={open as never} />
    </I18nextProvider>,
  );
  return screen.getByRole('main', { name: '顾客屏' });
}

describe('customer display', () => {
  it('a display opened late gets the current state; the pickup shows number, masked name, bags — never phone or items', () => {
    const open = channelPair();
    const publisher = createCustomerDisplayPublisher(open);
    const order = makeOrder(1, { customer: { maskedName: '张*华', phoneLast4: '1234' } });
    publisher.setStoreName('邻里生鲜·幸福路店');
    publisher.pickup(order);
    const display = renderDisplay(open);
    expect(display).toHaveTextContent('您的订单');
    expect(display).toHaveTextContent(order.orderNo);
    expect(display).toHaveTextContent('张*华');
    expect(display).toHaveTextContent(`共 ${order.bags.length} 袋`);
    expect(display).toHaveTextContent('邻里生鲜·幸福路店');
    expect(display).not.toHaveTextContent('1234');
    for (const item of order.items) expect(display).not.toHaveTextContent(item.name);
    // What crosses the channel holds nothing else either.
    expect(JSON.stringify(publisher.current())).not.toMatch(/1234|phone|items|note/);
  });

  it('idle asks for the pickup code with the store name; the till’s cart, total, paid and change', () => {
    const open = channelPair();
    const publisher = createCustomerDisplayPublisher(open);
    const display = renderDisplay(open);
    act(() => publisher.setStoreName('邻里生鲜·幸福路店'));
    expect(display).toHaveTextContent('请出示取货码');
    expect(display).toHaveTextContent('欢迎光临 · 邻里生鲜·幸福路店');
    act(() =>
      publisher.cart({
        lines: [
          { name: '纯牛奶 250ml', qty: 2, unit: '盒', amountFen: 700 },
          { name: '苹果', qty: 1.25, unit: 'kg', amountFen: 1250 },
        ],
        totalFen: 1950,
      }),
    );
    expect(screen.getByRole('list', { name: '您的商品' })).toHaveTextContent('纯牛奶 250ml × 2 盒¥7.00');
    expect(display).toHaveTextContent('合计 ¥19.50');
    act(() => publisher.paid({ totalFen: 1950, paidFen: 5000, changeFen: 3050 }));
    expect(display).toHaveTextContent('实收¥50.00');
    expect(display).toHaveTextContent('找零¥30.50');
  });

  it('after a handover it thanks the customer, then goes back to idle by itself', () => {
    vi.useFakeTimers();
    try {
      const open = channelPair();
      const publisher = createCustomerDisplayPublisher(open);
      const display = renderDisplay(open);
      act(() => publisher.handedOver('LL202611240001'));
      expect(display).toHaveTextContent('取货完成，谢谢光临！');
      act(() => vi.advanceTimersByTime(THANKS_MS));
      expect(display).toHaveTextContent('请出示取货码');
    } finally {
      vi.useRealTimers();
    }
  });
});
