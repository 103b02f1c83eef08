/**
 * The terminal's local database (Dexie 4 over IndexedDB).
 *
 *   appDb()                      the app's database (one per profile), opened lazily
 *   LinliDb / openLinliDb(name)  a database by name (tests, disaster-recovery import)
 *   SCHEMA_V1, DB_VERSION        schema versions (see schema.ts for how to add v2)
 *
 * Writes go through the repositories (one rw transaction per domain action:
 * change + outbox mutation + audit row):
 *   putAway(db, orderId, placements, actor)   handOver(db, orderId, details, actor)
 *   acknowledgeException / retryException     recordMutation(tx, type, payload, actor, { affects })
 *   appendAudit / recordAuditEvent (audit.ts)  allocateSeq (the terminal's sequence)
 *   getMeta(db, 'pullCursor') / setMeta / metaKey.storePolicy(id)   typed meta
 * Refusals throw `OrderActionError` (typed `refusal`), a full disk `StorageFullError`.
 * A mutating transaction must include `MUTATION_TABLES` (outbox, outboxBases,
 * meta, audit): `writeAction(db, tables, fn)` adds them.
 */
import { LinliDb } from './database';

export { LinliDb, openLinliDb } from './database';
export { DB_NAME, DB_VERSION, SCHEMA_V1, SCHEMA_V2, SCHEMA_HISTORY } from './schema';
export type * from './types';
export { entityRef, splitEntityRef } from './types';
export { isQuotaError, OrderActionError, type OrderRefusal, StorageFullError } from './errors';
export { type Clock, systemClock } from './clock';
export { deleteMeta, getMeta, getMetaByPrefix, metaKey, setMeta } from './meta';
export {
  allocateSeq,
  MUTATION_TABLES,
  pendingSummary,
  type PendingSummary,
  recordMutation,
  writeAction,
} from './repositories/outbox';
export { handOver, type HandOverDetails, type Placement, putAway, slotIdsOf } from './repositories/orders';
export { acknowledgeException, ExceptionActionError, retryException } from './repositories/exceptions';
export { appendAudit, logAuditEvent, recordAuditEvent } from './repositories/audit';
export { adoptTerminalIdentity, getTerminalIdentity, setTerminalIdentity } from './repositories/terminal';

let app: LinliDb | null = null;

/** The app's database; Dexie opens it on first use. */
export function appDb(): LinliDb {
  app ??= new LinliDb();
  return app;
}
