/**
 * Whether this page may load the end-to-end test hooks (sync/testHooks.ts):
 * in the Vite dev server, or with `?linli-test=1` over plain http from a
 * loopback host. Never in Electron (app://) nor from any other host.
 */
export function testHooksRequested(location: Pick<Location, 'protocol' | 'hostname' | 'search'>): boolean {
  if (import.meta.env.DEV) return true;
  const loopback = location.hostname === '127.0.0.1' || location.hostname === 'localhost';
  return (
    location.protocol === 'http:' &&
    loopback &&
    new URLSearchParams(location.search).get('linli-test') === '1'
  );
}
