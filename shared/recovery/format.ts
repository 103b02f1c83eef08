/**
 * The disaster-recovery file: everything a terminal has not delivered to HQ
 * yet, sealed so another terminal of the same store can import it. Pure: the
 * format, its schema, the checksum, the name and the parser. The repository
 * (`renderer/src/db/repositories/recovery.ts`) exports and imports it; the
 * renderer saves it through the browser's download.
 *
 * The file carries a format name and version, the exporting terminal's
 * identity (HQ URL, store, terminal), the export time, the outbox mutations
 * (with their ids, HQ's idempotency keys) and the open exceptions, sealed with
 * a SHA-256 over the canonical JSON of everything else. Import refuses a file
 * that is not one, of an unknown version, altered, from another store or
 * another HQ.
 */
import { z } from 'zod';
import { type EntityName, MUTATION_TYPES, type MutationType } from '../contract';

export const RECOVERY_FORMAT = 'linli-counter.recovery';
export const RECOVERY_VERSION = 1;

/** `order:<id>`: an entity a mutation changes. */
type EntityRef = `${EntityName}:${string}`;
const entityRefSchema = z.string().regex(/^[a-zA-Z]+:.+$/) as unknown as z.ZodType<EntityRef>;

/** A mutation as the outbox holds it (payloads are checked by the sync engine as usual). */
const recoveryMutationSchema = z.object({
  id: z.uuid(),
  seq: z.number().int().min(1),
  type: z.enum(MUTATION_TYPES as [MutationType, ...MutationType[]]),
  payload: z.unknown(),
  staffId: z.string().min(1).max(32),
  createdAt: z.string().min(1),
  affects: z.array(entityRefSchema),
});
export type RecoveryMutation = z.infer<typeof recoveryMutationSchema>;

const recoveryExceptionSchema = z.object({
  id: z.uuid(),
  status: z.enum(['rejected', 'conflict']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  receivedAt: z.string(),
  mutation: recoveryMutationSchema,
});
export type RecoveryException = z.infer<typeof recoveryExceptionSchema>;

export const recoveryFileSchema = z.object({
  format: z.literal(RECOVERY_FORMAT),
  version: z.literal(RECOVERY_VERSION),
  terminal: z.object({ hqUrl: z.string().min(1), storeId: z.string().min(1), terminalId: z.string().min(1) }),
  exportedAt: z.iso.datetime({ offset: true }),
  exportedBy: z.string().nullable(),
  mutations: z.array(recoveryMutationSchema),
  exceptions: z.array(recoveryExceptionSchema),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RecoveryFile = z.infer<typeof recoveryFileSchema>;

export type RecoveryErrorKind =
  | 'not-json'
  | 'unknown-format'
  | 'unsupported-version'
  | 'invalid'
  | 'checksum-mismatch'
  | 'foreign-store'
  | 'foreign-hq'
  | 'no-terminal'
  | 'manager-required';

/** Why a recovery file was refused; nothing was written. `kind` maps to a message in `sync.recovery.error`. */
export class RecoveryError extends Error {
  constructor(
    readonly kind: RecoveryErrorKind,
    readonly detail: Record<string, string> = {},
  ) {
    super(`recovery: ${kind}${Object.keys(detail).length ? ` ${JSON.stringify(detail)}` : ''}`);
    this.name = 'RecoveryError';
  }
}

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The checksum of a file: SHA-256 of the canonical JSON of everything but the checksum. */
export function recoveryChecksum(
  file: Omit<RecoveryFile, 'checksum'> & { checksum?: string },
): Promise<string> {
  const { checksum: _ignored, ...content } = file;
  return sha256Hex(canonicalJson(content));
}

/** The fields of an outbox row the file keeps. */
export const toRecoveryMutation = (row: RecoveryMutation): RecoveryMutation => ({
  id: row.id,
  seq: row.seq,
  type: row.type,
  payload: row.payload,
  staffId: row.staffId,
  createdAt: row.createdAt,
  affects: row.affects,
});

export const serializeRecovery = (file: RecoveryFile): string => `${JSON.stringify(file, null, 1)}\n`;

/** `linli-recovery-S001-T1-20261124T163700Z.json` */
export function recoveryFileName(file: Pick<RecoveryFile, 'terminal' | 'exportedAt'>): string {
  const stamp = file.exportedAt.replace(/\.\d+/, '').replace(/[-:]/g, '');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `linli-recovery-${safe(file.terminal.storeId)}-${safe(file.terminal.terminalId)}-${stamp}.json`;
}

export type ParseResult = { ok: true; file: RecoveryFile } | { ok: false; error: RecoveryError };

/** Reads a recovery file's text: JSON, format, version, schema, checksum. Never throws. */
export async function parseRecoveryFile(text: string): Promise<ParseResult> {
  const fail = (kind: RecoveryErrorKind, detail?: Record<string, string>): ParseResult => ({
    ok: false,
    error: new RecoveryError(kind, detail),
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('not-json');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== RECOVERY_FORMAT)
    return fail('unknown-format');
  const version = (raw as { version?: unknown }).version;
  if (version !== RECOVERY_VERSION) return fail('unsupported-version', { version: String(version) });
  const parsed = recoveryFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalid', { path: issue?.path.join('.') ?? '', message: issue?.message ?? '' });
  }
  // The checksum covers the content as written (parsing drops nothing: every field is declared).
  const { checksum, ...content } = raw as RecoveryFile;
  if ((await sha256Hex(canonicalJson(content))) !== checksum) return fail('checksum-mismatch');
  return { ok: true, file: parsed.data };
}

/** Whether two HQ addresses name the same HQ (trailing slashes and URL spelling aside). */
export const sameHq = (a: string, b: string): boolean => {
  const norm = (u: string) => {
    try {
      return new URL(u).href.replace(/\/+$/, '');
    } catch {
      return u.trim().replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
};
