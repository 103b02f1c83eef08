/**
 * Validation of HQ's answers against the shared contract, shaped for speed on
 * the main thread. `changesPageSchema` is a union over every entity × op, so
 * zod tries the options in turn (an order is tried as a store, a terminal, …
 * first) — 1000 orders took ~300 ms on this machine without zod's JIT, which
 * the app's CSP (no 'unsafe-eval') turns off. Here the envelope is checked
 * first and the data against exactly its entity's schema (`entitySchemas`, the
 * same schemas the union is built from), in slices with a yield between them so
 * no single task runs long. Accepts and rejects the same inputs as
 * `changesPageSchema` (see validate.test.ts).
 */
import {
  type ChangesPage,
  ENTITY_NAMES,
  type EntityName,
  entitySchemas,
  firstSyncProgressSchema,
} from '@shared/contract';
import { z } from 'zod';

const pageEnvelopeSchema = z.object({
  changes: z.array(z.unknown()),
  cursor: z.string(),
  hasMore: z.boolean(),
  remaining: z.number().int().min(0).optional(),
  firstSync: firstSyncProgressSchema.optional(),
});

const changeEnvelopeSchema = z.object({
  entity: z.enum(ENTITY_NAMES as [EntityName, ...EntityName[]]),
  op: z.enum(['upsert', 'delete']),
  key: z.string().min(1),
  data: z.unknown(),
  version: z.number().int().min(1),
});

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

const describe = (where: string, error: z.ZodError) =>
  `${where}: ${error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;

export interface ValidateOptions {
  /** Changes validated between two yields. */
  sliceSize?: number;
  /** Lets the UI thread run between slices; default a macrotask. */
  yieldToUi?: () => Promise<void>;
}

/** Never throws: a typed result for any input (R3). */
export async function validateChangesPage(
  body: unknown,
  options: ValidateOptions = {},
): Promise<ValidationResult<ChangesPage>> {
  const { sliceSize = 250, yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0)) } =
    options;
  const envelope = pageEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, message: describe('changes page', envelope.error) };
  const changes: ChangesPage['changes'] = [];
  const raw = envelope.data.changes;
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % sliceSize === 0) await yieldToUi();
    const change = changeEnvelopeSchema.safeParse(raw[i]);
    if (!change.success) return { ok: false, message: describe(`changes.${i}`, change.error) };
    const { entity, op, key, version } = change.data;
    if (op === 'delete') {
      if (change.data.data !== null)
        return { ok: false, message: `changes.${i}.data: a delete carries null` };
      changes.push({ entity, op, key, data: null, version } as ChangesPage['changes'][number]);
      continue;
    }
    const data = entitySchemas[entity].safeParse(change.data.data);
    if (!data.success) return { ok: false, message: describe(`changes.${i}.data (${entity})`, data.error) };
    changes.push({ entity, op, key, data: data.data, version } as ChangesPage['changes'][number]);
  }
  const { cursor, hasMore, remaining, firstSync } = envelope.data;
  return {
    ok: true,
    value: {
      changes,
      cursor,
      hasMore,
      ...(remaining === undefined ? {} : { remaining }),
      ...(firstSync === undefined ? {} : { firstSync }),
    },
  };
}
