import { describe, expect, it } from 'vitest';
import { resources } from './resources';

const zhCN = resources['zh-CN'].translation;
const en = resources.en.translation;

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('English has exactly the keys of Chinese', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('no translation is empty', () => {
    for (const [name, messages] of [
      ['zh-CN', zhCN],
      ['en', en],
    ] as const) {
      const empty = keys(messages).filter((k) => {
        const value = k
          .split('.')
          .reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], messages);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, name).toEqual([]);
    }
  });
});
