import {
  NOTE_MAX_CHARS,
  noteLength,
  textProblem,
  type CustomerNote,
  type Product,
  type StaffRole,
  type StorePolicy,
} from '../contract';

/**
 * Notes and wishes on a customer: what may be written, who may read and who
 * may delete. One rule for the terminal's repository, its screens and HQ.
 */

export { NOTE_MAX_CHARS, noteLength };

/** Why a note's text is refused, or null. */
export type NoteTextRefusal =
  { reason: 'empty' } | { reason: 'tooLong'; length: number; max: number } | { reason: 'unstorable' };

/** The text as it is stored: surrounding whitespace trimmed. */
export const cleanNoteText = (text: string): string => text.trim();

export function noteTextRefusal(text: string): NoteTextRefusal | null {
  const clean = cleanNoteText(text);
  if (clean.length === 0) return { reason: 'empty' };
  const length = noteLength(clean);
  if (length > NOTE_MAX_CHARS) return { reason: 'tooLong', length, max: NOTE_MAX_CHARS };
  if (textProblem(clean)) return { reason: 'unstorable' };
  return null;
}

/** What a wish is for: one product, or any product of a category. */
export type WishTarget = { sku: string } | { category: string };

export type WishTargetRefusal =
  { reason: 'unknownProduct'; sku: string } | { reason: 'unknownCategory'; category: string };

/** A wish must name a product or category the catalogue knows. */
export function wishTargetRefusal(
  target: WishTarget,
  catalogue: {
    product(sku: string): Pick<Product, 'sku'> | undefined;
    hasCategory(category: string): boolean;
  },
): WishTargetRefusal | null {
  if ('sku' in target)
    return catalogue.product(target.sku) ? null : { reason: 'unknownProduct', sku: target.sku };
  return catalogue.hasCategory(target.category)
    ? null
    : { reason: 'unknownCategory', category: target.category };
}

/**
 * Where a customer's notes may be shown. Staff screens only: a receipt leaves
 * the store with the customer and the customer display faces them (PIPL).
 */
export type NoteSurface = 'counter' | 'till' | 'managerList' | 'receipt' | 'customerDisplay';
export const mayShowNotesOn = (surface: NoteSurface): boolean =>
  surface === 'counter' || surface === 'till' || surface === 'managerList';

/** Any active staff member of the store may read notes (each read is audited). */
export const mayReadNotes = (staff: { active: boolean } | undefined): boolean => staff?.active === true;

/** Who the store's policy lets delete a note (default: a manager, or a clerk with one's approval). */
export const noteDeletionPolicy = (policy: Pick<StorePolicy, 'customerNoteDeletion'> | undefined) =>
  policy?.customerNoteDeletion ?? 'manager';

/** Whether deleting a note needs a manager, for this acting role under the policy. */
export const noteDeletionNeedsManager = (
  policy: Pick<StorePolicy, 'customerNoteDeletion'> | undefined,
  role: StaffRole,
): boolean => noteDeletionPolicy(policy) === 'manager' && role !== 'manager';

export type WishResolutionRefusal =
  { reason: 'notAWish' } | { reason: 'alreadyResolved'; status: 'done' | 'declined' };

/** Only an open wish can be marked done or declined. */
export function wishResolutionRefusal(
  note: Pick<CustomerNote, 'kind' | 'status'>,
): WishResolutionRefusal | null {
  if (note.kind !== 'wish') return { reason: 'notAWish' };
  if (note.status !== 'open') return { reason: 'alreadyResolved', status: note.status };
  return null;
}
