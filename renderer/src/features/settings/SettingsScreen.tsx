import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '@shared/ipc/contract';
import { LANGUAGES, type Language } from '@shared/settings';
import { usePlatform } from '../../app/PlatformContext';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { DevicesPanel } from './DevicesPanel';
import { FoldersPanel } from './FoldersPanel';
import { SoundSettings } from '../counter/SoundSettings';
import { HqConnection } from './HqConnection';
import { UpdatesPanel } from './UpdatesPanel';

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const platform = usePlatform();
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    let live = true;
    void platform.appInfo().then((next) => live && setInfo(next));
    return () => {
      live = false;
    };
  }, [platform]);

  const chooseLanguage = async (language: Language) => {
    await platform.updateSettings({ language });
    await i18n.changeLanguage(language);
  };

  return (
    <ScreenFrame title={t('screen.settings.title')} intro={t('screen.settings.intro')}>
      <fieldset className="card">
        <legend>{t('settings.language')}</legend>
        <div className="segmented">
          {LANGUAGES.map((language) => (
            <label key={language} className="segment">
              <input
                type="radio"
                name="language"
                value={language}
                checked={i18n.language === language}
                onChange={() => void chooseLanguage(language)}
              />
              <span lang={language}>{t(`settings.languageName.${language}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <HqConnection />
      <DevicesPanel />
      <FoldersPanel />
      <UpdatesPanel />
      <SoundSettings />
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">{t('settings.about')}</h2>
        <dl className="facts">
          <dt>{t('settings.version')}</dt>
          <dd>{info?.version ?? '…'}</dd>
          <dt>{t('settings.platform')}</dt>
          <dd>
            {info
              ? [info.platform, info.electron && `Electron ${info.electron}`].filter(Boolean).join(' · ')
              : '…'}
          </dd>
        </dl>
      </section>
    </ScreenFrame>
  );
}
