import type { EntityTable } from 'dexie';
import type { MetaKey, MetaRow, MetaValues } from './types';

type MetaTable = Pick<EntityTable<MetaRow, 'key'>, 'get' | 'put'>;

export async function getMeta<K extends MetaKey>(
  meta: MetaTable,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = await meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(
  meta: MetaTable,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await meta.put({ key, value } as MetaRow);
}
