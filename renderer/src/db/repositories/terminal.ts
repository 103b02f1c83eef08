import type { LinliDb } from '../database';
import { getMeta, setMeta } from '../meta';
import type { TerminalIdentity } from '../types';

/** The terminal this database belongs to (written by terminal setup). */
export const getTerminalIdentity = (db: LinliDb): Promise<TerminalIdentity | undefined> =>
  getMeta(db.meta, 'terminal');

export const setTerminalIdentity = (db: LinliDb, identity: TerminalIdentity): Promise<void> =>
  setMeta(db.meta, 'terminal', identity);
