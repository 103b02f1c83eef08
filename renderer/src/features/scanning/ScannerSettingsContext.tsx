import { createContext, useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '@shared/settings';
import type { Platform } from '../../platform/types';

/** The terminal's scanner settings (key gap, minimum length), for every wedge listener. */
export const ScannerSettingsContext = createContext<Settings['scanner'] | null>(null);

/** Loads the scanner settings from the platform and follows changes to them. */
export function ScannerSettingsProvider({ platform, children }: { platform: Platform; children: ReactNode }) {
  const [scanner, setScanner] = useState<Settings['scanner'] | null>(null);
  useEffect(() => {
    let live = true;
    void platform.getSettings().then((s) => live && setScanner(s.scanner));
    const stop = platform.onSettingsChanged((s) => setScanner(s.scanner));
    return () => {
      live = false;
      stop();
    };
  }, [platform]);
  return <ScannerSettingsContext value={scanner}>{children}</ScannerSettingsContext>;
}
