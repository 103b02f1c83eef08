import { useTranslation } from 'react-i18next';
import { CounterScreen } from '../features/counter/CounterScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { ShelfScreen } from '../features/shelf/ShelfScreen';
import { StaffScreen } from '../features/staff/StaffScreen';
import { SyncScreen } from '../features/sync/SyncScreen';
import { ComingSoon } from '../ui/ComingSoon';
import { ScreenFrame } from '../ui/ScreenFrame';
import type { Screen } from './routes';

/** Maps a screen to its feature; screens whose issue is not done say so. */
export function ScreenView({ screen }: { screen: Screen }) {
  const { t } = useTranslation();
  if (screen === 'counter') return <CounterScreen />;
  if (screen === 'settings') return <SettingsScreen />;
  if (screen === 'shelf') return <ShelfScreen />;
  if (screen === 'staff') return <StaffScreen />;
  if (screen === 'sync') return <SyncScreen />;
  return (
    <ScreenFrame title={t(`screen.${screen}.title`)} intro={t(`screen.${screen}.intro`)}>
      <ComingSoon />
    </ScreenFrame>
  );
}
