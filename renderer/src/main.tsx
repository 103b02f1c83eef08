import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { CUSTOMER_DISPLAY_HASH } from './features/customer-display/protocol';
import { App } from './app/App';
import { preloadScreens } from './app/ScreenView';
import { startServices } from './app/services';
import { appDb } from './db';
import { createI18n } from './i18n';
import { detectPlatform } from './platform';
import { testHooksRequested } from './sync/testHooksGate';
import './ui/app.css';

async function start() {
  const platform = detectPlatform();
  const settings = await platform.getSettings();
  const i18n = createI18n(settings.language);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  // The customer display (顾客屏) is a window of its own: no database, no sync, no staff screens.
  if (window.location.hash.startsWith(CUSTOMER_DISPLAY_HASH)) {
    const { CustomerDisplay } = await import('./features/customer-display/CustomerDisplay');
    document.title = i18n.t('customerDisplay.title');
    createRoot(root).render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <CustomerDisplay />
        </I18nextProvider>
      </StrictMode>,
    );
    requestAnimationFrame(() => document.documentElement.setAttribute('data-ready', 'true'));
    return;
  }
  const services = await startServices(platform, appDb(), settings);
  // End-to-end tests and benchmarks only, in their own chunk (see sync/testHooks.ts).
  if (testHooksRequested(window.location)) {
    void import('./sync/testHooks').then((m) => m.installTestHooks(services, () => platform.getSettings()));
  }
  createRoot(root).render(
    <StrictMode>
      <App platform={platform} i18n={i18n} services={services} />
    </StrictMode>,
  );
  // Benchmarks and end-to-end tests wait for this: the shell is interactive.
  requestAnimationFrame(() => {
    performance.mark('linli:ready');
    document.documentElement.setAttribute('data-ready', 'true');
    // The other screens' code, once start-up is over (see ScreenView).
    const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 500));
    idle(() => void preloadScreens());
  });
}

void start();
