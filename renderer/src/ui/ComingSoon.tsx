import { useTranslation } from 'react-i18next';

/** Body of a screen whose issue is not done yet. */
export function ComingSoon() {
  const { t } = useTranslation();
  return <p className="coming">{t('screen.coming')}</p>;
}
