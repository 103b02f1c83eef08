import type { Session, WebContents } from 'electron';
import { isAppUrl } from './config';
import type { Logger } from './logger';

export interface SecurityPolicy {
  devServerUrl: string | null;
  logger: Logger;
}

/**
 * Granted to the app's own pages besides the camera, and nothing else:
 * `persistent-storage` so `navigator.storage.persist()` succeeds and the outbox is
 * never evicted on a full disk; Chromium's local-network / loopback requests,
 * without which every request to the demo HQ on 127.0.0.1 or a HQ on the store's
 * LAN may be blocked.
 */
export const APP_PERMISSIONS: readonly string[] = [
  'persistent-storage',
  'local-network-access',
  'local-network',
  'loopback-network',
];

function allFromApp(origins: readonly (string | null | undefined)[], devServerUrl: string | null): boolean {
  const present = origins.filter((origin): origin is string => typeof origin === 'string' && origin !== '');
  return present.length > 0 && present.every((origin) => isAppUrl(origin, devServerUrl));
}

/** Whether a page may have a permission: the camera (video only) or APP_PERMISSIONS, for the app's origin only. */
export function isGrantedToApp(
  permission: string,
  origins: readonly (string | null | undefined)[],
  mediaTypes: readonly string[] | undefined,
  devServerUrl: string | null,
): boolean {
  if (APP_PERMISSIONS.includes(permission)) return allFromApp(origins, devServerUrl);
  return isCameraForApp(permission, origins, mediaTypes, devServerUrl);
}

/** The camera (video, not the microphone) for the app's own pages. */
export function isCameraForApp(
  permission: string,
  origins: readonly (string | null | undefined)[],
  mediaTypes: readonly string[] | undefined,
  devServerUrl: string | null,
): boolean {
  if (permission !== 'media') return false;
  if (!mediaTypes || mediaTypes.length === 0 || mediaTypes.some((type) => type !== 'video')) return false;
  return allFromApp(origins, devServerUrl);
}

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};

export function permissionRequestHandler({ devServerUrl, logger }: SecurityPolicy): PermissionRequestHandler {
  return (_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const securityOrigin = 'securityOrigin' in details ? details.securityOrigin : undefined;
    const granted = isGrantedToApp(
      permission,
      [details.requestingUrl, securityOrigin],
      mediaTypes,
      devServerUrl,
    );
    if (!granted)
      logger.warn('security: permission denied', { permission, url: details.requestingUrl, mediaTypes });
    callback(granted);
  };
}

export function permissionCheckHandler({ devServerUrl }: SecurityPolicy): PermissionCheckHandler {
  return (_webContents, permission, requestingOrigin, details) =>
    isGrantedToApp(
      permission,
      [requestingOrigin, details.requestingUrl, details.securityOrigin],
      details.mediaType ? [details.mediaType] : undefined,
      devServerUrl,
    );
}

/** Every session's permissions: deny all but the app's camera and APP_PERMISSIONS; no HID, USB or serial devices. */
export function lockDownSession(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
  policy: SecurityPolicy,
): void {
  session.setPermissionRequestHandler(permissionRequestHandler(policy));
  session.setPermissionCheckHandler(permissionCheckHandler(policy));
  session.setDevicePermissionHandler(() => false);
}

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Per webContents: no navigation or redirect away from the app, no new windows,
 * no <webview>. Links to elsewhere are simply refused (logged); nothing opens.
 */
export function guardWebContents(contents: GuardedContents, { devServerUrl, logger }: SecurityPolicy): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, devServerUrl)) return;
    event.preventDefault();
    logger.warn('security: navigation blocked', { url: event.url });
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url, devServerUrl)) return;
    event.preventDefault();
    logger.warn('security: redirect blocked', { url: event.url });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('security: webview blocked');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('security: window.open blocked', { url });
    return { action: 'deny' };
  });
}
