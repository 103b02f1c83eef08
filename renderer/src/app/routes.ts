/** The product's screens, in navigation order. Keys double as URL hashes and i18n keys. */
export const SCREENS = [
  'counter',
  'shelf',
  'dispatch',
  'sale',
  'dayend',
  'wishes',
  'sync',
  'staff',
  'settings',
] as const;
export type Screen = (typeof SCREENS)[number];
export const DEFAULT_SCREEN: Screen = 'counter';

export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : DEFAULT_SCREEN;
}
