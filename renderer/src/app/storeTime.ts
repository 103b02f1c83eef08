import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { DEFAULT_STORE_TIME_ZONE, formatStoreTime, type TimeStyle } from '@shared/time/storeTime';
import type { LinliDb } from '../db/database';
import { getMeta, metaKey } from '../db/meta';
import { useServices } from './services';

/** The store's IANA time zone from HQ's store record (Asia/Shanghai until it has arrived), never the machine's. */
export async function storeTimeZone(db: LinliDb): Promise<string> {
  const identity = await getMeta(db, 'terminal');
  if (!identity?.storeId) return DEFAULT_STORE_TIME_ZONE;
  const store = await getMeta(db, metaKey.store(identity.storeId));
  return store?.timeZone || DEFAULT_STORE_TIME_ZONE;
}

export function useStoreTimeZone(db?: LinliDb): string {
  const services = useServices();
  const database = db ?? services?.db;
  return (
    useLiveQuery(async () => (database ? storeTimeZone(database) : DEFAULT_STORE_TIME_ZONE), [database]) ??
    DEFAULT_STORE_TIME_ZONE
  );
}

/**
 * Formats instants as people at the store read them: the store's zone, the UI
 * language. Every time a screen shows goes through this (or `formatStoreTime`).
 */
export function useStoreTime(db?: LinliDb): (instant: string | number | Date, style?: TimeStyle) => string {
  const zone = useStoreTimeZone(db);
  const { i18n } = useTranslation();
  return useCallback(
    (instant, style = 'dateTime') => formatStoreTime(instant, zone, i18n.language, style),
    [zone, i18n.language],
  );
}
