import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedCode } from '@shared/codes/parse';
import type { HandOverVerification, MissingItem, ProxyPickup } from '@shared/contract';
import { MAX_LIT_SLOTS } from '@shared/shelf/lights';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { OrderActionError, StorageFullError } from '../../db/errors';
import { handOver as recordHandOver } from '../../db/repositories/orders';
import type { OrderRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { customerDisplay as defaultDisplay, type CustomerDisplayPublisher } from '../customer-display';
import type { ScanFieldHandle } from '../scanning/ScanField';
import { usePrivileged } from '../staff/usePrivileged';
import { recordCounterEvent } from './audit';
import { lookupScan, lookupTyped, type CounterOutcome } from './lookup';
import { playSound, type CounterSound } from './sounds';

/**
 * The counter screen's state machine: what is shown (ready, looking, an outcome,
 * done), the handover form of the order card (proxy, partial), and the commands
 * a scan, a key or a button sends. The reducer is pure; `useCounterFlow` runs
 * the lookups, the handover, the sounds and the shelf lights around it.
 */

export type ItemMark = 'none' | 'missing' | 'damaged';

export type HandOverProblem = 'counter.proxy.required' | 'counter.partial.required';

export interface HandOverForm {
  proxyOpen: boolean;
  partialOpen: boolean;
  proxyName: string;
  idChecked: boolean;
  marks: Record<string, ItemMark>;
  /** What is missing from the form, or null. */
  problem: HandOverProblem | null;
}

export type CounterView =
  | { kind: 'ready' }
  | { kind: 'looking' }
  | { kind: 'outcome'; outcome: CounterOutcome }
  | { kind: 'done'; message: string };

export interface CounterState {
  view: CounterView;
  busy: boolean;
  syncing: boolean;
  refusal: string | null;
  form: HandOverForm;
}

export type CounterAction =
  | { type: 'looking' }
  | { type: 'show'; outcome: CounterOutcome }
  | { type: 'done'; message: string }
  | { type: 'ready' }
  | { type: 'busy'; busy: boolean }
  | { type: 'syncing'; syncing: boolean }
  | { type: 'refused'; message: string }
  | { type: 'form'; patch: Partial<HandOverForm> };

export const EMPTY_FORM: HandOverForm = {
  proxyOpen: false,
  partialOpen: false,
  proxyName: '',
  idChecked: false,
  marks: {},
  problem: null,
};

export const INITIAL_COUNTER_STATE: CounterState = {
  view: { kind: 'ready' },
  busy: false,
  syncing: false,
  refusal: null,
  form: EMPTY_FORM,
};

export function counterReducer(state: CounterState, action: CounterAction): CounterState {
  switch (action.type) {
    case 'looking':
      return { ...state, view: { kind: 'looking' } };
    case 'show':
      // Every outcome starts clean: no refusal or half-filled form from the last order.
      return {
        ...state,
        view: { kind: 'outcome', outcome: action.outcome },
        refusal: null,
        form: EMPTY_FORM,
      };
    case 'done':
      return { ...state, view: { kind: 'done', message: action.message }, refusal: null, form: EMPTY_FORM };
    case 'ready':
      return { ...state, view: { kind: 'ready' }, refusal: null, form: EMPTY_FORM };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'syncing':
      return { ...state, syncing: action.syncing };
    case 'refused':
      return { ...state, refusal: action.message };
    case 'form':
      return { ...state, form: { ...state.form, ...action.patch } };
  }
}

export interface HandOverRequest {
  proxy?: ProxyPickup;
  missing?: MissingItem[];
}

/** The handover the card's form asks for, or the i18n key of what is missing. */
export function handOverRequest(
  order: Pick<OrderRow, 'items'>,
  form: HandOverForm,
): { ok: true; request: HandOverRequest } | { ok: false; problem: HandOverProblem } {
  const request: HandOverRequest = {};
  if (form.proxyOpen) {
    if (!form.proxyName.trim() || !form.idChecked) return { ok: false, problem: 'counter.proxy.required' };
    request.proxy = { name: form.proxyName.trim().slice(0, 64), idChecked: true };
  }
  if (form.partialOpen) {
    const missing = order.items
      .filter((i) => (form.marks[i.sku] ?? 'none') !== 'none')
      .map((i): MissingItem => ({
        sku: i.sku,
        qty: i.qty,
        reason: form.marks[i.sku] as 'missing' | 'damaged',
      }));
    if (missing.length === 0) return { ok: false, problem: 'counter.partial.required' };
    request.missing = missing;
  }
  return { ok: true, request };
}

/** Outcomes that are a good read (success sound) or ask the clerk to act (attention); the rest are refusals. */
const GOOD: ReadonlySet<CounterOutcome['kind']> = new Set(['order', 'batch', 'phoneMatches']);
const ATTENTION: ReadonlySet<CounterOutcome['kind']> = new Set(['notArrived', 'expired', 'pending']);

export function soundFor(outcome: CounterOutcome['kind']): CounterSound {
  return GOOD.has(outcome) ? 'success' : ATTENTION.has(outcome) ? 'attention' : 'error';
}

/** How long an order's slots stay lit when nobody hands it over or cancels (SPEC C1/C2). */
export const PICKUP_LIGHT_MS = 2 * 60_000;

export interface CounterFlowOptions {
  db: LinliDb;
  now: () => number;
  syncNow: () => Promise<unknown>;
  /** The screen's scan field: focus goes back there after every step. */
  scanField: RefObject<ScanFieldHandle | null>;
  /** The customer display (顾客屏): the order found, then thanks; idle otherwise. */
  display?: CustomerDisplayPublisher;
}

export function useCounterFlow({
  db,
  now,
  syncNow,
  scanField,
  display = defaultDisplay,
}: CounterFlowOptions) {
  const { t } = useTranslation();
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const platform = useContext(PlatformContext);
  const [state, dispatch] = useReducer(counterReducer, INITIAL_COUNTER_STATE);
  /** The last lookup, run again after Sync now. */
  const lastLookup = useRef<(() => Promise<CounterOutcome>) | null>(null);
  const scanSeq = useRef(0);
  /** A handover in flight: a second Enter/F2 must not start another. */
  const handingOver = useRef(false);

  const outcome = state.view.kind === 'outcome' ? state.view.outcome : null;
  const readyOrder = outcome?.kind === 'order' ? outcome.order : null;
  const verifiedBy: HandOverVerification | null = outcome?.kind === 'order' ? outcome.verifiedBy : null;
  // What keys and async commands act on: the last rendered state.
  const latest = useRef({ state, readyOrder, verifiedBy });
  useLayoutEffect(() => {
    latest.current = { state, readyOrder, verifiedBy };
  });

  const focusScan = useCallback(() => scanField.current?.focus(), [scanField]);

  const show = useCallback(
    async (next: CounterOutcome, raw?: string) => {
      dispatch({ type: 'show', outcome: next });
      if (next.kind === 'order') display.pickup(next.order);
      else display.idle();
      playSound(soundFor(next.kind));
      // Keyboard-first: the next scan or Enter goes to the scan field unless the clerk is elsewhere.
      if (!document.activeElement || document.activeElement === document.body) focusScan();
      if (next.kind === 'invalidToken' && member) {
        // Forged or altered tokens are on record, with what was scanned (bounded).
        await recordCounterEvent(
          db,
          'counter.invalidToken',
          { staffId: member.id },
          { subject: next.reason, detail: { reason: next.reason, text: (raw ?? next.text).slice(0, 200) } },
        ).catch(() => undefined);
      }
    },
    [db, member, focusScan, display],
  );

  const resolve = useCallback(
    async (find: () => Promise<CounterOutcome>, raw?: string) => {
      const seq = ++scanSeq.current;
      lastLookup.current = find;
      const started = performance.now();
      const found = await find();
      // For B1 and the profiler: how much of scan → card is the local lookup.
      performance.measure('counter:lookup', { start: started, end: performance.now() });
      // A newer scan wins over a slower older lookup.
      if (seq !== scanSeq.current) return;
      await show(found, raw);
    },
    [show],
  );

  const scan = useCallback(
    (parsed: ParsedCode) => void resolve(() => lookupScan(db, parsed, { now: now() }), parsed.text),
    [db, now, resolve],
  );

  const typed = useCallback(
    (text: string) => {
      dispatch({ type: 'looking' });
      void resolve(() => lookupTyped(db, text, { now: now() }), text);
    },
    [db, now, resolve],
  );

  const pick = useCallback(
    (order: OrderRow) => void resolve(async () => ({ kind: 'order', order, verifiedBy: 'manual' })),
    [resolve],
  );

  const refuse = useCallback(
    (error: unknown) => {
      if (error instanceof OrderActionError) {
        const kind = error.refusal.kind;
        dispatch({
          type: 'refused',
          message:
            kind === 'already-collected' || kind === 'order-cancelled' || kind === 'order-not-found'
              ? t(`counter.refusal.${kind}`)
              : t('counter.refusal.other', { message: kind }),
        });
      } else if (error instanceof StorageFullError) {
        dispatch({ type: 'refused', message: t('counter.refusal.storageFull') });
      } else {
        dispatch({
          type: 'refused',
          message: t('counter.refusal.other', { message: String((error as Error)?.message ?? error) }),
        });
      }
    },
    [t],
  );

  /** Hand over the order on the card with what its form says (button, Enter on the empty field, F2). */
  const handOver = useCallback(async () => {
    const { state: current, readyOrder: order, verifiedBy: verified } = latest.current;
    if (!order || !verified || !member || handingOver.current) return;
    const asked = handOverRequest(order, current.form);
    if (!asked.ok) {
      dispatch({ type: 'form', patch: { problem: asked.problem } });
      return;
    }
    dispatch({ type: 'form', patch: { problem: null } });
    handingOver.current = true;
    dispatch({ type: 'busy', busy: true });
    try {
      const { request } = asked;
      await recordHandOver(
        db,
        order.id,
        {
          verifiedBy: verified,
          ...(request.proxy ? { proxy: request.proxy } : {}),
          ...(request.missing ? { missing: request.missing, refundRequested: true } : {}),
        },
        { staffId: member.id },
      );
      playSound('success');
      dispatch({ type: 'done', message: t('counter.outcome.handedOver', { orderNo: order.orderNo }) });
      display.handedOver(order.orderNo);
      focusScan();
    } catch (error) {
      playSound('error');
      refuse(error);
    } finally {
      handingOver.current = false;
      dispatch({ type: 'busy', busy: false });
    }
  }, [db, member, t, focusScan, refuse, display]);

  // A manager accepts an expired token; a clerk gets the manager override dialog first.
  const overrideExpired = useCallback(
    async (order: OrderRow) => {
      if (!member) return;
      try {
        const recorded = await runPrivileged('expiredPickupOverride', (actor) =>
          recordCounterEvent(db, 'counter.expiredOverride', actor, {
            subject: order.id,
            detail: { orderId: order.id, orderNo: order.orderNo },
            refs: [`order:${order.id}`],
            guard: 'expiredPickupOverride',
          }),
        );
        if (!recorded) return focusScan();
      } catch (error) {
        dispatch({
          type: 'refused',
          message: t('counter.refusal.other', { message: String((error as Error)?.message ?? error) }),
        });
        return;
      }
      dispatch({ type: 'show', outcome: { kind: 'order', order, verifiedBy: 'token' } });
      display.pickup(order);
      // The override button is gone with the message: the next scan or Enter goes to the field.
      focusScan();
    },
    [db, member, runPrivileged, t, display, focusScan],
  );

  const cancel = useCallback(() => {
    dispatch({ type: 'ready' });
    display.idle();
    focusScan();
  }, [focusScan, display]);

  const batchDone = useCallback(
    (count: number) => {
      dispatch({ type: 'done', message: t('counter.outcome.batchHandedOver', { count }) });
      display.idle();
      focusScan();
    },
    [t, focusScan, display],
  );

  const sync = useCallback(async () => {
    dispatch({ type: 'syncing', syncing: true });
    try {
      await syncNow();
    } catch {
      // The sync badge shows why; the clerk can scan again.
    } finally {
      dispatch({ type: 'syncing', syncing: false });
    }
    if (lastLookup.current) void resolve(lastLookup.current);
  }, [syncNow, resolve]);

  const setForm = useCallback((patch: Partial<HandOverForm>) => dispatch({ type: 'form', patch }), []);

  // F2 or Ctrl+Enter anywhere hands over (Enter on the empty scan field comes from the field); Esc goes back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && latest.current.state.view.kind !== 'ready') {
        cancel();
        return;
      }
      const trigger = event.key === 'F2' || (event.key === 'Enter' && event.ctrlKey);
      if (!trigger || !latest.current.readyOrder) return;
      event.preventDefault();
      void handOver();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cancel, handOver]);

  // The order's slots light while its card is up (the same lights as put-away); they go
  // dark when the card goes (handover, Esc, the next scan) or by themselves after PICKUP_LIGHT_MS.
  const litSlots = readyOrder?.slotIds.slice(0, MAX_LIT_SLOTS) ?? [];
  const litKey = litSlots.join(',');
  useEffect(() => {
    if (!platform || !litKey) return;
    void platform.showLights({ slotIds: litKey.split(','), color: 'green', durationMs: PICKUP_LIGHT_MS });
    return () => void platform.clearLights();
  }, [platform, litKey]);

  return {
    state,
    member,
    outcome,
    readyOrder,
    scan,
    typed,
    pick,
    handOver,
    overrideExpired,
    cancel,
    batchDone,
    sync,
    setForm,
  };
}
