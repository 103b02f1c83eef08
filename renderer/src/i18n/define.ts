/** The shape a translation must have: the same keys as Chinese, any strings. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * A feature's messages in both languages. Chinese is the source; English must
 * have exactly the same keys (the compiler checks, and i18n.test.ts too).
 * Register the result in `renderer/src/i18n/resources.ts` under the feature's name.
 */
export function defineMessages<const T>(messages: { 'zh-CN': T; en: Widen<T> }) {
  return messages;
}
