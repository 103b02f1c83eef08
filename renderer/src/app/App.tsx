import { useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import { SessionBar } from '../features/staff/SessionBar';
import { StaffGate } from '../features/staff/StaffGate';
import { StorageFullBanner } from '../features/sync/StorageFullBanner';
import { SyncBadge } from '../features/sync/SyncBadge';
import { SimulatedLights } from '../features/lights/SimulatedLights';
import { WalletRefundKeeper } from '../features/sale/payments/WalletRefundKeeper';
import { ScannerSettingsProvider } from '../features/scanning/ScannerSettingsContext';
import type { Platform } from '../platform/types';
import { PlatformContext, usePlatform } from './PlatformContext';
import { useSoundVolume } from '../features/counter/SoundSettings';
import { SCREENS } from './routes';
import { ScreenView } from './ScreenView';
import { ServicesContext, type Services, useServices } from './services';
import { useHashScreen } from './useHashScreen';

function Shell() {
  const { t, i18n } = useTranslation();
  useSoundVolume(usePlatform());
  const screen = useHashScreen();
  const services = useServices();

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.name');
  }, [i18n.language, t]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <SyncBadge />
        <SessionBar />
      </header>
      <nav className="sidenav" aria-label={t('app.mainNav')}>
        <ul>
          {SCREENS.map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={name === screen ? 'page' : undefined}>
                {t(`nav.${name}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <StorageFullBanner />
        <ScreenView screen={screen} />
      </main>
      <SimulatedLights />
      {services && <WalletRefundKeeper db={services.db} />}
    </div>
  );
}

/**
 * With services (database + sync), nothing is usable until a staff member
 * signs in (the staff gate). Without them the bare shell renders (component tests).
 */
export function App({ platform, i18n, services }: { platform: Platform; i18n: i18n; services?: Services }) {
  return (
    <PlatformContext value={platform}>
      <ServicesContext value={services ?? null}>
        <I18nextProvider i18n={i18n}>
          <ScannerSettingsProvider platform={platform}>
            {services ? (
              <StaffGate db={services.db}>
                <Shell />
              </StaffGate>
            ) : (
              <Shell />
            )}
          </ScannerSettingsProvider>
        </I18nextProvider>
      </ServicesContext>
    </PlatformContext>
  );
}
