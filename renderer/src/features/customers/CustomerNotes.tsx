import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { PermissionDeniedError } from '@shared/staff/roles';
import { NOTE_MAX_CHARS, noteDeletionNeedsManager, noteLength, type CardEntry } from '@shared/customers';
import type { LinliDb } from '../../db/database';
import {
  CustomerNoteError,
  deleteNote,
  noteCustomer,
  recordNotesRead,
  resolveWish,
  wishFor,
  type NoteSubject,
} from '../../db/repositories/customers';
import type { ProductRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { usePrivileged } from '../staff/usePrivileged';
import { productIndex, searchIndex } from '../sale/productIndex';
import { useFormatTime } from '../counter/OrderCard';
import { useCustomerNotes } from './useCustomerNotes';
import './customers.css';

type Mode = { kind: 'list' } | { kind: 'note' } | { kind: 'wish' } | { kind: 'delete'; noteId: string };

/** The customer of a pickup order, as notes name them (null: HQ sent no customer reference). */
export const noteSubjectOf = (order: {
  customer: { customerRef?: string | undefined; maskedName: string; phoneLast4: string };
}): NoteSubject | null =>
  order.customer.customerRef
    ? {
        customerRef: order.customer.customerRef,
        maskedName: order.customer.maskedName,
        phoneLast4: order.customer.phoneLast4,
      }
    : null;

/**
 * A customer's notes and open wishes on the pickup card and at the till —
 * staff screens only (never a receipt or the customer display). 今天刚到
 * wishes come first; a wish is marked bought or declined, or kept. Alt+N adds
 * a note, Alt+W a wish (type a product, Enter takes the first match). Who
 * read the notes is audited once per customer shown.
 */
export function CustomerNotes({
  db,
  customer,
  surface,
  now = Date.now,
  compact = false,
}: {
  db: LinliDb;
  customer: NoteSubject | null;
  surface: 'counter' | 'till';
  now?: () => number;
  /** The till's column is tall already: the top entry only, the rest on request. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const member = useSessionStore((s) => s.member);
  const view = useCustomerNotes(db, customer?.customerRef, now());
  const format = useFormatTime(view?.timeZone);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [expanded, setExpanded] = useState(!compact);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const runPrivileged = usePrivileged();
  const returnFocus = useRef<HTMLElement | null>(null);
  const customerRef = customer?.customerRef;

  // Who read this customer's notes (PIPL): once per customer shown, when there was something to read.
  const audited = useRef<string | null>(null);
  useEffect(() => {
    if (!customerRef || !member || !view || view.entries.length === 0 || audited.current === customerRef)
      return;
    audited.current = customerRef;
    void recordNotesRead(
      db,
      customerRef,
      view.entries.map((e) => e.note),
      surface,
      { staffId: member.id },
    );
  }, [db, customerRef, member, view, surface]);

  const open = (next: Mode) => {
    if (mode.kind === 'list') returnFocus.current = document.activeElement as HTMLElement | null;
    setMessage(null);
    setMode(next);
  };
  const close = () => {
    setMode({ kind: 'list' });
    returnFocus.current?.focus();
  };

  // Alt+N / Alt+W from anywhere on the screen (the scan field keeps focus otherwise).
  useEffect(() => {
    if (!customerRef) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const key = event.code === 'KeyN' ? 'note' : event.code === 'KeyW' ? 'wish' : null;
      if (!key) return;
      event.preventDefault();
      open({ kind: key });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // no customer, or HQ gave no reference for them: nothing to remember them by
  if (!customer?.customerRef) return null;

  const actor = member ? { staffId: member.id } : null;
  const refusalText = (error: unknown): string => {
    if (error instanceof PermissionDeniedError) return t('customers.panel.errors.denied');
    if (!(error instanceof CustomerNoteError)) throw error;
    const r = error.refusal;
    switch (r.kind) {
      case 'text':
        return r.refusal.reason === 'tooLong'
          ? t('customers.panel.errors.tooLong', { length: r.refusal.length, max: r.refusal.max })
          : t(`customers.panel.errors.${r.refusal.reason}`);
      case 'target':
        return r.refusal.reason === 'unknownProduct'
          ? t('customers.panel.errors.unknownProduct', { sku: r.refusal.sku })
          : t('customers.panel.errors.unknownCategory', { category: r.refusal.category });
      case 'resolution':
        return t(`customers.panel.errors.${r.refusal.reason}`);
      default:
        return t(`customers.panel.errors.${r.kind}`);
    }
  };
  const attempt = async (run: () => Promise<unknown>, done?: string) => {
    try {
      await run();
      setMessage(done ? { tone: 'ok', text: done } : null);
      return true;
    } catch (error) {
      setMessage({ tone: 'error', text: refusalText(error) });
      return false;
    }
  };

  const all = view?.entries ?? [];
  const entries = expanded ? all : all.slice(0, 1);
  const needsManager = !!member && noteDeletionNeedsManager(view?.policy, member.role);
  return (
    <section className="customer-notes" aria-labelledby={titleId} data-surface={surface}>
      <header className="customer-notes-head">
        <h2 id={titleId}>{t('customers.panel.title')}</h2>
        <span className="customer-notes-muted">{t('customers.panel.staffOnly')}</span>
        <button
          type="button"
          onClick={() => open({ kind: 'note' })}
          aria-keyshortcuts="Alt+N"
          disabled={!actor}
        >
          {t('customers.panel.addNote')} <kbd>{t('customers.panel.addNoteKey')}</kbd>
        </button>
        <button
          type="button"
          onClick={() => open({ kind: 'wish' })}
          aria-keyshortcuts="Alt+W"
          disabled={!actor}
        >
          {t('customers.panel.addWish')} <kbd>{t('customers.panel.addWishKey')}</kbd>
        </button>
        {compact && all.length > 1 && (
          <button type="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? t('customers.panel.collapse') : t('customers.panel.expand', { count: all.length })}
          </button>
        )}
      </header>
      {message && (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`customer-notes-message--${message.tone}`}
        >
          {message.text}
        </p>
      )}
      {actor && mode.kind === 'note' && (
        <NoteForm
          onCancel={close}
          onSave={async (text) => {
            if (await attempt(() => noteCustomer(db, customer, text, actor), t('customers.panel.saved')))
              close();
          }}
        />
      )}
      {actor && mode.kind === 'wish' && (
        <WishForm
          db={db}
          onCancel={close}
          onSave={async (text, target) => {
            if (await attempt(() => wishFor(db, customer, text, target, actor), t('customers.panel.saved')))
              close();
          }}
        />
      )}
      {all.length === 0 && mode.kind === 'list' && (
        <p className="customer-notes-muted">{t('customers.panel.empty')}</p>
      )}
      {entries.length > 0 && (
        <ul className="customer-notes-list" aria-label={t('customers.panel.title')}>
          {entries.map((entry) => (
            <NoteItem
              key={entry.note.id}
              entry={entry}
              product={
                entry.arrival
                  ? view?.products.get(entry.arrival.sku)
                  : entry.note.sku
                    ? view?.products.get(entry.note.sku)
                    : undefined
              }
              staffName={view?.staffNames.get(entry.note.createdBy) ?? entry.note.createdBy}
              format={format}
              actions={!!actor && expanded}
              onResolve={(resolution) =>
                actor && void attempt(() => resolveWish(db, entry.note.id, resolution, actor))
              }
              onDelete={() => open({ kind: 'delete', noteId: entry.note.id })}
            >
              {actor && mode.kind === 'delete' && mode.noteId === entry.note.id && (
                <DeleteForm
                  needsManager={needsManager}
                  onCancel={close}
                  onDelete={async (reason) => {
                    const noteId = entry.note.id;
                    const ok = await attempt(async () => {
                      if (!needsManager) return deleteNote(db, noteId, reason, actor);
                      const done = await runPrivileged('deleteCustomerNote', (privileged) =>
                        deleteNote(db, noteId, reason, privileged),
                      );
                      // the manager override was cancelled: nothing deleted
                      if (done === null)
                        throw new PermissionDeniedError(
                          'deleteCustomerNote',
                          actor.staffId,
                          'manager-required',
                        );
                      return done;
                    }, t('customers.panel.deleted'));
                    if (ok) close();
                  }}
                />
              )}
            </NoteItem>
          ))}
        </ul>
      )}
    </section>
  );
}

function NoteItem({
  entry,
  product,
  staffName,
  format,
  actions,
  onResolve,
  onDelete,
  children,
}: {
  entry: CardEntry;
  product: ProductRow | undefined;
  staffName: string;
  format: (iso: string) => string;
  actions: boolean;
  onResolve: (resolution: 'done' | 'declined') => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { note, arrival, arrivedToday } = entry;
  const target = note.sku
    ? (product?.name ?? note.sku)
    : note.category
      ? t('customers.panel.category', { category: note.category })
      : '';
  return (
    <li className={`customer-note customer-note--${note.kind}${arrival ? ' customer-note--arrived' : ''}`}>
      <div className="customer-note-text">
        {arrival && (
          <span className={arrivedToday ? 'customer-badge customer-badge--today' : 'customer-badge'}>
            {arrivedToday ? t('customers.panel.arrivedToday') : t('customers.panel.arrived')}
            {arrival.sku !== note.sku && product ? ` · ${product.name}` : ''}
          </span>
        )}{' '}
        <strong>{note.text}</strong>
        {/* the product is named unless the words already name it ("想要天湖无糖酸奶") */}
        {note.kind === 'wish' && target && !note.text.includes(target) && (
          <span className="customer-notes-muted"> · {t('customers.panel.wishFor', { target })}</span>
        )}
        <small className="customer-notes-muted">
          {' '}
          {t('customers.panel.by', { staff: staffName, time: format(note.createdAt) })}
        </small>
      </div>
      {actions && (
        <div className="customer-note-actions">
          {note.kind === 'wish' && (
            <>
              <button type="button" onClick={() => onResolve('done')}>
                {t('customers.panel.done')}
              </button>
              <button type="button" onClick={() => onResolve('declined')}>
                {t('customers.panel.declined')}
              </button>
            </>
          )}
          <button type="button" className="customer-note-delete" onClick={onDelete}>
            {t('customers.panel.delete')}
          </button>
        </div>
      )}
      {children}
    </li>
  );
}

/** Enter saves, Esc cancels — and neither reaches the screen's own shortcuts. */
function formKeys(event: KeyboardEvent, onEnter: () => void, onCancel: () => void) {
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
    event.preventDefault();
    event.stopPropagation();
    onEnter();
  }
}

function NoteForm({ onSave, onCancel }: { onSave: (text: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const id = useId();
  const length = noteLength(text.trim());
  return (
    <div className="customer-notes-form">
      <label htmlFor={id}>{t('customers.panel.noteLabel')}</label>
      <input
        id={id}
        autoFocus
        value={text}
        placeholder={t('customers.panel.notePlaceholder')}
        aria-describedby={`${id}-count`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => formKeys(e, () => void onSave(text), onCancel)}
      />
      <small
        id={`${id}-count`}
        className={length > NOTE_MAX_CHARS ? 'customer-notes-over' : 'customer-notes-muted'}
      >
        {t('customers.panel.count', { count: length, max: NOTE_MAX_CHARS })}
      </small>
      <button type="button" className="primary" onClick={() => void onSave(text)}>
        {t('customers.panel.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('customers.panel.cancel')}
      </button>
    </div>
  );
}

type WishPick = { kind: 'product'; product: ProductRow } | { kind: 'category'; category: string };

function WishForm({
  db,
  onSave,
  onCancel,
}: {
  db: LinliDb;
  onSave: (text: string, target: { sku: string } | { category: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [words, setWords] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const version = useLiveQuery(async () => String(await db.products.count()), [db]);
  const index = useLiveQuery(async () => (version ? productIndex(db, version) : undefined), [db, version]);
  const picks = useMemo((): WishPick[] => {
    const q = query.trim();
    if (!index || !q) return [];
    const categories = [...new Set(index.entries.map((e) => e.product.category))].filter((c) =>
      c.includes(q),
    );
    return [
      ...searchIndex(index, q, 5).map((hit): WishPick => ({ kind: 'product', product: hit.product })),
      ...categories.slice(0, 2).map((category): WishPick => ({ kind: 'category', category })),
    ];
  }, [index, query]);
  const save = (pick: WishPick | undefined) => {
    if (!pick) {
      setProblem(t('customers.panel.errors.noMatch'));
      return;
    }
    const name = pick.kind === 'product' ? pick.product.name : pick.category;
    const text = words.trim() || t('customers.panel.wishDefault', { name });
    void onSave(text, pick.kind === 'product' ? { sku: pick.product.sku } : { category: pick.category });
  };
  const label = (pick: WishPick) =>
    pick.kind === 'product' ? pick.product.name : t('customers.panel.category', { category: pick.category });
  return (
    <div className="customer-notes-form">
      <label htmlFor={`${id}-q`}>{t('customers.panel.wishSearchLabel')}</label>
      <input
        id={`${id}-q`}
        autoFocus
        value={query}
        placeholder={t('customers.panel.wishSearchPlaceholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => formKeys(e, () => save(picks[0]), onCancel)}
      />
      <label htmlFor={`${id}-w`}>{t('customers.panel.wishTextLabel')}</label>
      <input
        id={`${id}-w`}
        value={words}
        onChange={(e) => setWords(e.target.value)}
        onKeyDown={(e) => formKeys(e, () => save(picks[0]), onCancel)}
      />
      {problem && (
        <p role="alert" className="customer-notes-message--error">
          {problem}
        </p>
      )}
      {picks.length > 0 && (
        <ul className="customer-notes-picks" aria-label={t('customers.panel.wishSearchLabel')}>
          {picks.map((pick) => (
            <li key={pick.kind === 'product' ? pick.product.sku : `c:${pick.category}`}>
              <button type="button" onClick={() => save(pick)}>
                {label(pick)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onCancel}>
        {t('customers.panel.cancel')}
      </button>
    </div>
  );
}

function DeleteForm({
  needsManager,
  onDelete,
  onCancel,
}: {
  needsManager: boolean;
  onDelete: (reason: 'customerRequest' | 'mistake') => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState<'customerRequest' | 'mistake'>('customerRequest');
  return (
    <div className="customer-notes-form" role="group" aria-labelledby={id}>
      <strong id={id}>{t('customers.panel.deleteTitle')}</strong>
      <label>
        {t('customers.panel.deleteReason')}{' '}
        <select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
          <option value="customerRequest">{t('customers.panel.reason.customerRequest')}</option>
          <option value="mistake">{t('customers.panel.reason.mistake')}</option>
        </select>
      </label>
      {needsManager && <p className="customer-notes-muted">{t('customers.panel.deleteNeedsManager')}</p>}
      <button type="button" className="danger" onClick={() => void onDelete(reason)}>
        {t('customers.panel.deleteConfirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('customers.panel.cancel')}
      </button>
    </div>
  );
}
