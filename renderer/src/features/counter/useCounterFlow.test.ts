import { describe, expect, it } from 'vitest';
import { makeOrder } from '../../testing/fixtures';
import {
  counterReducer,
  EMPTY_FORM,
  handOverRequest,
  INITIAL_COUNTER_STATE,
  type CounterState,
} from './useCounterFlow';

const order = makeOrder(1);

describe('counterReducer', () => {
  it('a new outcome clears the refusal and the last order’s half-filled form', () => {
    const dirty: CounterState = {
      ...INITIAL_COUNTER_STATE,
      refusal: '交付失败',
      form: { ...EMPTY_FORM, proxyOpen: true, proxyName: '王小明', problem: 'counter.proxy.required' },
    };
    const next = counterReducer(dirty, { type: 'show', outcome: { kind: 'notFound', text: 'x' } });
    expect(next.view).toEqual({ kind: 'outcome', outcome: { kind: 'notFound', text: 'x' } });
    expect(next.refusal).toBeNull();
    expect(next.form).toEqual(EMPTY_FORM);
    expect(counterReducer(dirty, { type: 'ready' }).form).toEqual(EMPTY_FORM);
    expect(counterReducer(dirty, { type: 'done', message: 'ok' }).view).toEqual({
      kind: 'done',
      message: 'ok',
    });
  });

  it('form patches merge; busy and syncing are flags apart from the view', () => {
    let state = counterReducer(INITIAL_COUNTER_STATE, { type: 'form', patch: { partialOpen: true } });
    state = counterReducer(state, { type: 'form', patch: { marks: { A: 'missing' } } });
    expect(state.form).toMatchObject({ partialOpen: true, marks: { A: 'missing' } });
    state = counterReducer(state, { type: 'busy', busy: true });
    expect(state).toMatchObject({ busy: true, view: { kind: 'ready' } });
  });
});

describe('handOverRequest', () => {
  it('a plain handover asks for nothing more', () => {
    expect(handOverRequest(order, EMPTY_FORM)).toEqual({ ok: true, request: {} });
  });

  it('proxy: a name and the ID check, both required', () => {
    expect(handOverRequest(order, { ...EMPTY_FORM, proxyOpen: true, proxyName: '王小明' })).toEqual({
      ok: false,
      problem: 'counter.proxy.required',
    });
    expect(
      handOverRequest(order, { ...EMPTY_FORM, proxyOpen: true, idChecked: true, proxyName: '  ' }),
    ).toEqual({
      ok: false,
      problem: 'counter.proxy.required',
    });
    expect(
      handOverRequest(order, { ...EMPTY_FORM, proxyOpen: true, idChecked: true, proxyName: ' 王小明 ' }),
    ).toEqual({ ok: true, request: { proxy: { name: '王小明', idChecked: true } } });
  });

  it('partial: at least one item marked; only marked items are missing, with their quantity', () => {
    const [first, second] = order.items;
    expect(handOverRequest(order, { ...EMPTY_FORM, partialOpen: true })).toEqual({
      ok: false,
      problem: 'counter.partial.required',
    });
    const marks = { [first!.sku]: 'damaged' as const, ...(second ? { [second.sku]: 'none' as const } : {}) };
    expect(handOverRequest(order, { ...EMPTY_FORM, partialOpen: true, marks })).toEqual({
      ok: true,
      request: { missing: [{ sku: first!.sku, qty: first!.qty, reason: 'damaged' }] },
    });
  });
});
