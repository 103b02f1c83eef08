import type { TFunction } from 'i18next';

/** "3 分钟" / "3 min": the coarsest unit that fits. */
export function formatAge(t: TFunction, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('sync.age.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('sync.age.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return t('sync.age.hours', { n: h });
  return t('sync.age.days', { n: Math.floor(h / 24) });
}
