import { z } from 'zod';
import {
  isoDateTimeSchema,
  skuSchema,
  staffIdSchema,
  storeIdSchema,
  terminalIdSchema,
  uuidSchema,
} from './common';

/**
 * The store's memory of its regulars (issue #17): notes and wishes staff keep
 * on a customer, keyed by HQ's opaque customer reference. Staff only — never
 * on a receipt or the customer display; deletable on the customer's request
 * (HQ then drops the text too). The limits are the rule in
 * shared/customers/notes.ts; the schemas repeat them so HQ refuses at the door.
 */

/** Characters (code points) a note or wish may hold. */
export const NOTE_MAX_CHARS = 200;

/** Counts code points, as people count characters (an emoji is one). */
export const noteLength = (text: string): number => Array.from(text).length;

export const customerRefSchema = z.string().min(1).max(64);

/** Note text: trimmed, 1–NOTE_MAX_CHARS characters. */
export const noteTextSchema = z
  .string()
  .max(NOTE_MAX_CHARS * 2)
  .refine((t) => t.trim().length > 0 && t === t.trim(), { message: 'empty or untrimmed text' })
  .refine((t) => noteLength(t) <= NOTE_MAX_CHARS, { message: `longer than ${NOTE_MAX_CHARS} characters` });

/** Who the note is about, as the order showed them (masked name, phone last 4). */
export const noteCustomerSchema = z.object({
  maskedName: z.string().min(1).max(32).optional(),
  phoneLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});

export const wishStatusSchema = z.enum(['open', 'done', 'declined']);
export type WishStatus = z.infer<typeof wishStatusSchema>;

/** One note or wish on a customer (entity `customerNote`, key = id). */
export const customerNoteSchema = z.object({
  id: uuidSchema,
  storeId: storeIdSchema,
  customerRef: customerRefSchema,
  customer: noteCustomerSchema.optional(),
  kind: z.enum(['note', 'wish']),
  text: noteTextSchema,
  /** A wish is for one product (sku) or a category. */
  sku: skuSchema.optional(),
  category: z.string().min(1).max(64).optional(),
  /** Notes stay `open`; a wish becomes `done` (bought) or `declined`. */
  status: wishStatusSchema,
  createdAt: isoDateTimeSchema,
  createdBy: staffIdSchema,
  terminalId: terminalIdSchema.optional(),
  resolvedAt: isoDateTimeSchema.optional(),
  resolvedBy: staffIdSchema.optional(),
});
export type CustomerNote = z.infer<typeof customerNoteSchema>;
export type NoteCustomer = z.infer<typeof noteCustomerSchema>;

export const customerNotedPayloadSchema = z.object({
  noteId: uuidSchema,
  customerRef: customerRefSchema,
  customer: noteCustomerSchema.optional(),
  text: noteTextSchema,
});

export const customerWishedPayloadSchema = z
  .object({
    noteId: uuidSchema,
    customerRef: customerRefSchema,
    customer: noteCustomerSchema.optional(),
    text: noteTextSchema,
    sku: skuSchema.optional(),
    category: z.string().min(1).max(64).optional(),
  })
  .refine((p) => (p.sku === undefined) !== (p.category === undefined), {
    message: 'a wish names exactly one of sku or category',
  });

export const customerWishResolvedPayloadSchema = z.object({
  noteId: uuidSchema,
  resolution: z.enum(['done', 'declined']),
});

/** Deleted on the customer's request (or a mistake): HQ forgets the text; the audit keeps no text. */
export const customerNoteDeletedPayloadSchema = z.object({
  noteId: uuidSchema,
  reason: z.enum(['customerRequest', 'mistake']),
  approvedBy: staffIdSchema.optional().describe('Manager who approved a clerk’s deletion'),
});
