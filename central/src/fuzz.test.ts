import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, errorBodySchema, pushResponseSchema } from '../../shared/contract';
import type { Db } from './db';
import { seedDemo } from './demo';
import { buildApp } from './server';
import { testBackends } from './testing';

/**
 * Issue #15 item 4, kept in the project: requests generated from HQ's own
 * published OpenAPI document (the push body's JSON Schema), with hostile
 * values spliced in where a schema-driven fuzzer found 500s (U+0000, lone
 * surrogates, year 0, extreme numbers, very long strings), posted to the app.
 * HQ never answers 500, every answer matches the contract, and the feed stays
 * within the contract's own schema afterwards.
 */

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

const NOW = new Date('2026-11-24T04:00:00.000Z');

/** A fast-check arbitrary for the values a JSON Schema (as zod emits them) describes. */
function fromSchema(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return fc.oneof(...options.map(fromSchema));
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      if (Object.keys(props).length === 0 && schema.additionalProperties)
        return fc.dictionary(
          fc.string({ maxLength: 6 }),
          typeof schema.additionalProperties === 'object'
            ? fromSchema(schema.additionalProperties)
            : fc.jsonValue({ maxDepth: 2 }),
          { maxKeys: 3 },
        );
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s)])), {
        requiredKeys: (schema.required ?? []) as never[],
      });
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(fromSchema(schema.items ?? {}), {
        minLength,
        maxLength: Math.min(schema.maxItems ?? minLength + 3, minLength + 3),
      });
    }
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time')
        return fc
          .date({
            min: new Date('1999-06-01T00:00:00Z'),
            max: new Date('2201-01-01T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((d) => d.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 12, 12) });
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.exclusiveMinimum ?? schema.minimum ?? -1e15,
        max: schema.maximum ?? 1e15,
        noNaN: true,
        noDefaultInfinity: true,
        minExcluded: schema.exclusiveMinimum !== undefined,
      });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+23:59',
  'x'.repeat(5000),
  '../../etc/passwd',
  "'; DROP TABLE mutations; --",
];
const HOSTILE_NUMBERS = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 0.1, -1];

/** Replaces the `n`-th leaf (string or number, in walk order) with a hostile value. */
function poison(value: unknown, n: number, hostile: { text: string; number: number }): unknown {
  let seen = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return seen++ === n ? hostile.text : v;
    if (typeof v === 'number') return seen++ === n ? hostile.number : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

describe.each(testBackends())('HQ under schema-driven fuzzing on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let orderIds: string[] = [];

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 11, now: NOW, pinIterations: 1000, ordersS001: 20, ordersS002: 2 });
    app = buildApp({ db, enableAdmin: true, now: () => NOW });
    await app.ready();
    const { rows } = await db.query<{ key: string }>(
      `SELECT key FROM entities WHERE store_id = 'S001' AND entity = 'order' ORDER BY key LIMIT 10`,
    );
    orderIds = rows.map((r) => r.key);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('never answers 500; every answer matches the contract; the feed stays valid', async () => {
    const doc = (await app.inject({ url: '/v1/openapi.json' })).json() as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: JsonSchema }> } } }>;
    };
    const body =
      doc.paths['/v1/stores/{store}/mutations']!.post.requestBody.content['application/json']!.schema;
    const mutationArb = fromSchema(body.properties!.mutations!.items!).map((m) => {
      const mutation = m as { staffId: string; payload: Record<string, unknown> };
      return mutation;
    });
    // most mutations come from known staff about known orders, so the rules run, not only the validator
    const realistic = fc
      .tuple(mutationArb, fc.constantFrom('C01', 'M01', null), fc.constantFrom(...orderIds, null))
      .map(([m, staffId, orderId]) => ({
        ...m,
        ...(staffId ? { staffId } : {}),
        payload: { ...m.payload, ...(orderId && 'orderId' in m.payload ? { orderId } : {}) },
      }));
    const hostile = fc
      .tuple(
        realistic,
        fc.nat({ max: 40 }),
        fc.constantFrom(...HOSTILE_STRINGS),
        fc.constantFrom(...HOSTILE_NUMBERS),
      )
      .map(([m, n, text, number]) => poison(m, n, { text, number }));
    const batch = fc.array(fc.oneof(realistic, hostile), { minLength: 1, maxLength: 5 });

    let answered200 = 0;
    let answered400 = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (mutations) => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/stores/S001/mutations',
          headers: { authorization: 'Bearer demo-key-T1' },
          payload: { terminalId: 'T1', mutations },
        });
        expect(res.statusCode, res.body.slice(0, 500)).not.toBe(500);
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 200) {
          answered200 += 1;
          const { results } = pushResponseSchema.parse(res.json());
          expect(results.map((r) => r.id)).toEqual(mutations.map((m) => (m as { id: string }).id));
        } else {
          answered400 += 1;
          expect(errorBodySchema.safeParse(res.json()).success).toBe(true);
        }
      }),
      {
        numRuns: Number(process.env.LINLI_FUZZ_RUNS ?? 60),
        seed: Number(process.env.LINLI_FUZZ_SEED ?? 20261124),
      },
    );
    // both kinds of answer were exercised, not only the validator
    expect(answered200).toBeGreaterThan(0);
    expect(answered400).toBeGreaterThan(0);
    const res = await app.inject({
      url: '/v1/stores/S001/changes?limit=5000',
      headers: { authorization: 'Bearer demo-key-T1' },
    });
    expect(changesPageSchema.safeParse(res.json()).success).toBe(true);
  }, 300_000);
});
