import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerNoteDeletedPayloadSchema, customerWishedPayloadSchema, noteTextSchema } from '../contract';
import {
  NOTE_MAX_CHARS,
  mayReadNotes,
  mayShowNotesOn,
  noteDeletionNeedsManager,
  noteTextRefusal,
  wishResolutionRefusal,
  wishTargetRefusal,
} from './notes';

describe('note text limits', () => {
  it('refuses empty, too long and unstorable text with what was wrong', () => {
    expect(noteTextRefusal('   ')).toEqual({ reason: 'empty' });
    expect(noteTextRefusal('对乳糖不耐受')).toBeNull();
    expect(noteTextRefusal('字'.repeat(NOTE_MAX_CHARS))).toBeNull();
    expect(noteTextRefusal('字'.repeat(NOTE_MAX_CHARS + 1))).toEqual({
      reason: 'tooLong',
      length: NOTE_MAX_CHARS + 1,
      max: NOTE_MAX_CHARS,
    });
    expect(noteTextRefusal('a\u0000b')).toEqual({ reason: 'unstorable' });
  });

  it('counts characters as people do: an emoji is one', () => {
    expect(noteTextRefusal('🥛'.repeat(NOTE_MAX_CHARS))).toBeNull();
    expect(noteTextRefusal('🥛'.repeat(NOTE_MAX_CHARS + 1))).toMatchObject({ reason: 'tooLong' });
  });

  it('property: the rule and the contract schema agree on trimmed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 260 }), (raw) => {
        const text = raw.trim();
        expect(noteTextRefusal(text) === null).toBe(noteTextSchema.safeParse(text).success);
      }),
    );
  });
});

describe('wishes', () => {
  const catalogue = {
    product: (sku: string) => (sku === 'YOG' ? { sku } : undefined),
    hasCategory: (c: string) => c === '酸奶',
  };
  it('a wish must name a known product or category', () => {
    expect(wishTargetRefusal({ sku: 'YOG' }, catalogue)).toBeNull();
    expect(wishTargetRefusal({ sku: 'NOPE' }, catalogue)).toEqual({ reason: 'unknownProduct', sku: 'NOPE' });
    expect(wishTargetRefusal({ category: '酸奶' }, catalogue)).toBeNull();
    expect(wishTargetRefusal({ category: '火箭' }, catalogue)).toEqual({
      reason: 'unknownCategory',
      category: '火箭',
    });
  });

  it('the contract wants exactly one of sku or category', () => {
    const base = { noteId: crypto.randomUUID(), customerRef: 'CU1', text: '想试试无糖酸奶' };
    expect(customerWishedPayloadSchema.safeParse({ ...base, sku: 'YOG' }).success).toBe(true);
    expect(customerWishedPayloadSchema.safeParse(base).success).toBe(false);
    expect(customerWishedPayloadSchema.safeParse({ ...base, sku: 'YOG', category: '酸奶' }).success).toBe(
      false,
    );
  });

  it('only an open wish can be marked done or declined', () => {
    expect(wishResolutionRefusal({ kind: 'wish', status: 'open' })).toBeNull();
    expect(wishResolutionRefusal({ kind: 'note', status: 'open' })).toEqual({ reason: 'notAWish' });
    expect(wishResolutionRefusal({ kind: 'wish', status: 'done' })).toEqual({
      reason: 'alreadyResolved',
      status: 'done',
    });
  });
});

describe('privacy', () => {
  it('notes show on staff screens only, never on a receipt or the customer display', () => {
    expect(mayShowNotesOn('counter')).toBe(true);
    expect(mayShowNotesOn('till')).toBe(true);
    expect(mayShowNotesOn('managerList')).toBe(true);
    expect(mayShowNotesOn('receipt')).toBe(false);
    expect(mayShowNotesOn('customerDisplay')).toBe(false);
  });

  it('only active staff read notes', () => {
    expect(mayReadNotes({ active: true })).toBe(true);
    expect(mayReadNotes({ active: false })).toBe(false);
    expect(mayReadNotes(undefined)).toBe(false);
  });

  it('deleting needs a manager unless the policy lets anyone; a manager never needs one', () => {
    expect(noteDeletionNeedsManager(undefined, 'clerk')).toBe(true);
    expect(noteDeletionNeedsManager({ customerNoteDeletion: 'manager' }, 'clerk')).toBe(true);
    expect(noteDeletionNeedsManager({ customerNoteDeletion: 'anyone' }, 'clerk')).toBe(false);
    expect(noteDeletionNeedsManager(undefined, 'manager')).toBe(false);
  });

  it('a deletion carries no text: the payload has nowhere to put it', () => {
    const parsed = customerNoteDeletedPayloadSchema.parse({
      noteId: crypto.randomUUID(),
      reason: 'customerRequest',
      text: '对乳糖不耐受',
    });
    expect(JSON.stringify(parsed)).not.toContain('乳糖');
  });
});
