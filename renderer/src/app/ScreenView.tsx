import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CounterScreen } from '../features/counter/CounterScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { ComingSoon } from '../ui/ComingSoon';
import { ScreenFrame } from '../ui/ScreenFrame';
import type { Screen } from './routes';

const loaders: (() => Promise<unknown>)[] = [];

/**
 * A screen whose code loads when it is first opened (its own chunk), so start-up
 * loads only the counter and sign-in (B6). One line per screen:
 *
 *   sale: lazyScreen(() => import('../features/sale/SaleScreen'), 'SaleScreen'),
 */
function lazyScreen<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType {
  loaders.push(load);
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/** The screens' components: the counter (the first screen) and settings (small) are in the first load. */
const SCREEN_VIEWS: Partial<Record<Screen, ComponentType>> = {
  counter: CounterScreen,
  settings: SettingsScreen,
  shelf: lazyScreen(() => import('../features/shelf/ShelfScreen'), 'ShelfScreen'),
  dispatch: lazyScreen(() => import('../features/dispatch/DispatchScreen'), 'DispatchScreen'),
  sale: lazyScreen(() => import('../features/sale/SaleScreen'), 'SaleScreen'),
  staff: lazyScreen(() => import('../features/staff/StaffScreen'), 'StaffScreen'),
  sync: lazyScreen(() => import('../features/sync/SyncScreen'), 'SyncScreen'),
  dayend: lazyScreen(() => import('../features/dayend/DayEndScreen'), 'DayEndScreen'),
  wishes: lazyScreen(() => import('../features/customers/WishArrivalsScreen'), 'WishArrivalsScreen'),
};

/**
 * Fetches every lazy screen's code once the app is idle after start-up, so a
 * screen opened later (or with the network gone, in the web build) is at hand.
 */
export function preloadScreens(): Promise<unknown> {
  return Promise.allSettled(loaders.map((load) => load()));
}

/** Maps a screen to its feature; screens whose issue is not done say so. */
export function ScreenView({ screen }: { screen: Screen }) {
  const { t } = useTranslation();
  const View = SCREEN_VIEWS[screen];
  // While a screen's code loads, its frame and title are already there.
  const frame = (body: ReactNode) => (
    <ScreenFrame title={t(`screen.${screen}.title`)} intro={t(`screen.${screen}.intro`)}>
      {body}
    </ScreenFrame>
  );
  if (!View) return frame(<ComingSoon />);
  return (
    <Suspense fallback={frame(<p role="status">{t('app.screenLoading')}</p>)}>
      <View />
    </Suspense>
  );
}
