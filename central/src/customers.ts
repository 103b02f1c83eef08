import type { CustomerNote, Mutation } from '../../shared/contract';
import {
  cleanNoteText,
  noteDeletionNeedsManager,
  noteTextRefusal,
  wishResolutionRefusal,
  wishTargetRefusal,
} from '../../shared/customers';
import type { Queryable } from './db';
import { applied, reject, type Decision, type Outcome, type RuleContext, type RuleState } from './rules';

/**
 * HQ's rules for customer notes and wishes (issue #17), beside `rules.ts`:
 * the same shared rules the terminal applies (length, known product or
 * category, who may delete), decided against the store's state. A note lives
 * in the store's feed as entity `customerNote`; a deletion removes it from the
 * feed and scrubs its text from the mutation log, so HQ keeps no text of a
 * deleted note (the log keeps who deleted it, when and why).
 */

export const CUSTOMER_TYPES = new Set<Mutation['type']>([
  'customer.noted',
  'customer.wished',
  'customer.wishResolved',
  'customer.noteDeleted',
]);

type CustomerMutation = Extract<Mutation, { type: `customer.${string}` }>;

const refused = (outcome: Outcome): Decision => ({ outcome, effects: [] });

const TEXT_REASON = {
  empty: '内容为空 / empty note',
  tooLong: '内容超出长度限制 / note too long',
  unstorable: '内容含有无法保存的字符 / unstorable characters',
} as const;

/** The outcome of a customer mutation; `managerOk` says whether the actor or approver is a manager. */
export function decideCustomer(
  m: CustomerMutation,
  state: Readonly<RuleState>,
  ctx: RuleContext,
  actorRole: 'clerk' | 'manager',
  managerOk: boolean,
): Decision {
  switch (m.type) {
    case 'customer.noted':
    case 'customer.wished': {
      const p = m.payload;
      const textRefusal = noteTextRefusal(p.text);
      if (textRefusal) return refused(reject('invalid_state', TEXT_REASON[textRefusal.reason]));
      const existing = state.notes.get(p.noteId);
      if (existing) return refused(reject('invalid_state', '备注编号重复 / note id already recorded'));
      let target: { sku: string } | { category: string } | null = null;
      if (m.type === 'customer.wished') {
        target =
          m.payload.sku !== undefined ? { sku: m.payload.sku } : { category: m.payload.category ?? '' };
        const targetRefusal = wishTargetRefusal(target, {
          product: (sku) => state.products.get(sku),
          hasCategory: (category) => state.categories.has(category),
        });
        if (targetRefusal)
          return refused(
            reject(
              'unknown_product',
              targetRefusal.reason === 'unknownProduct'
                ? `未知商品 ${targetRefusal.sku} / unknown product`
                : `未知品类 ${targetRefusal.category} / unknown category`,
            ),
          );
      }
      const note: CustomerNote = {
        id: p.noteId,
        storeId: ctx.storeId,
        customerRef: p.customerRef,
        ...(p.customer ? { customer: p.customer } : {}),
        kind: m.type === 'customer.wished' ? 'wish' : 'note',
        text: cleanNoteText(p.text),
        ...(target ?? {}),
        status: 'open',
        createdAt: m.createdAt,
        createdBy: m.staffId,
        terminalId: ctx.terminalId,
      };
      return { outcome: applied, effects: [{ kind: 'note', noteId: note.id, note }] };
    }
    case 'customer.wishResolved': {
      const note = state.notes.get(m.payload.noteId);
      if (!note) return refused(reject('invalid_state', '备注不存在或已删除 / unknown or deleted note'));
      const refusal = wishResolutionRefusal(note);
      if (refusal?.reason === 'notAWish') return refused(reject('invalid_state', '这不是心愿 / not a wish'));
      if (refusal)
        return refused({
          status: 'conflict',
          code: 'already_closed',
          reason: '心愿已处理 / wish already resolved',
        });
      const resolved: CustomerNote = {
        ...note,
        status: m.payload.resolution,
        resolvedAt: m.createdAt,
        resolvedBy: m.staffId,
      };
      return { outcome: applied, effects: [{ kind: 'note', noteId: note.id, note: resolved }] };
    }
    case 'customer.noteDeleted': {
      if (noteDeletionNeedsManager(state.policy, managerOk ? 'manager' : actorRole))
        return refused(reject('forbidden_role', '需要店长授权：删除顾客备注 / manager approval required'));
      // already gone (deleted from another terminal): the customer's wish is met
      if (!state.notes.has(m.payload.noteId)) return { outcome: applied, effects: [] };
      return { outcome: applied, effects: [{ kind: 'note', noteId: m.payload.noteId, note: null }] };
    }
  }
}

/** What `loadState` needs for customer mutations: the notes they name and the categories wishes name. */
export function customerKeys(fresh: readonly Mutation[]): {
  noteIds: string[];
  skus: string[];
  categories: string[];
} {
  const noteIds: string[] = [];
  const skus: string[] = [];
  const categories: string[] = [];
  for (const m of fresh) {
    if (!CUSTOMER_TYPES.has(m.type)) continue;
    noteIds.push((m.payload as { noteId: string }).noteId);
    if (m.type === 'customer.wished') {
      if (m.payload.sku !== undefined) skus.push(m.payload.sku);
      if (m.payload.category !== undefined) categories.push(m.payload.category);
    }
  }
  return { noteIds, skus, categories };
}

/** The categories among `wanted` that some active product of the store belongs to. */
export async function loadCategories(
  tx: Queryable,
  storeId: string,
  wanted: readonly string[],
): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const { rows } = await tx.query<{ category: string }>(
    `SELECT DISTINCT data->>'category' AS category FROM entities
     WHERE store_id = $1 AND entity = 'product' AND NOT deleted
       AND data->>'category' = ANY($2::text[]) AND (data->>'active')::boolean`,
    [storeId, [...wanted]],
  );
  return new Set(rows.map((r) => r.category));
}

/** HQ forgets a deleted note's text: the mutations that carried it keep everything else. */
export async function scrubDeletedNotes(
  tx: Queryable,
  storeId: string,
  noteIds: readonly string[],
): Promise<void> {
  if (noteIds.length === 0) return;
  await tx.query(
    `UPDATE mutations SET payload = payload - 'text'
     WHERE store_id = $1 AND type IN ('customer.noted', 'customer.wished') AND payload->>'noteId' = ANY($2::text[])`,
    [storeId, [...noteIds]],
  );
}
