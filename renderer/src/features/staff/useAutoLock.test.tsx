import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAutoLock } from './useAutoLock';

const MIN = 60_000;

describe('useAutoLock (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after the idle time, and any key, click or touch starts the wait again', () => {
    const onIdle = vi.fn();
    renderHook(() => useAutoLock({ enabled: true, idleMs: 5 * MIN, onIdle }));
    act(() => vi.advanceTimersByTime(4 * MIN));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    act(() => vi.advanceTimersByTime(4 * MIN));
    window.dispatchEvent(new Event('pointerdown'));
    act(() => vi.advanceTimersByTime(5 * MIN - 1));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onIdle).toHaveBeenCalledOnce();
  });

  it('does nothing while nobody is signed in, and follows a new idle time', () => {
    const onIdle = vi.fn();
    const { rerender } = renderHook(
      (props: { enabled: boolean; idleMs: number }) => useAutoLock({ ...props, onIdle }),
      {
        initialProps: { enabled: false, idleMs: 5 * MIN },
      },
    );
    act(() => vi.advanceTimersByTime(60 * MIN));
    expect(onIdle).not.toHaveBeenCalled();
    rerender({ enabled: true, idleMs: 2 * MIN });
    act(() => vi.advanceTimersByTime(2 * MIN));
    expect(onIdle).toHaveBeenCalledOnce();
  });
});
