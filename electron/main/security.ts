import type { Session, WebContents } from 'electron';
import { isAppUrl } from './config';
import type { Logger } from './logger';

export interface SecurityPolicy {
  devServerUrl: string | null;
  logger: Logger;
}

/** The only permission ever granted: the camera (video, not the microphone) for the app's own pages. */
export function isCameraForApp(
  permission: string,
  origins: readonly (string | null | undefined)[],
  mediaTypes: readonly string[] | undefined,
  devServerUrl: string | null,
): boolean {
  if (permission !== 'media') return false;
  if (!mediaTypes || mediaTypes.length === 0 || mediaTypes.some((type) => type !== 'video')) return false;
  const present = origins.filter((origin): origin is string => typeof origin === 'string' && origin !== '');
  return present.length > 0 && present.every((origin) => isAppUrl(origin, devServerUrl));
}

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};

export function permissionRequestHandler({ devServerUrl, logger }: SecurityPolicy): PermissionRequestHandler {
  return (_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const securityOrigin = 'securityOrigin' in details ? details.securityOrigin : undefined;
    const granted = isCameraForApp(
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
    isCameraForApp(
      permission,
      [requestingOrigin, details.requestingUrl, details.securityOrigin],
      details.mediaType ? [details.mediaType] : undefined,
      devServerUrl,
    );
}

/** Every session's permissions: deny all but the app's camera; no HID, USB or serial devices. */
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
