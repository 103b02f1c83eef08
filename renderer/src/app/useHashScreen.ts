import { useSyncExternalStore } from 'react';
import { screenFromHash, type Screen } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current screen from `location.hash` (`#/shelf`); no router library needed. */
export function useHashScreen(): Screen {
  return useSyncExternalStore(subscribe, () => screenFromHash(window.location.hash));
}
