import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { guardWebContents, lockDownSession, type GuardedContents } from './security';
import { createMemoryLogger, FakeSession, FakeWebContents } from './test-support';

const DEV = 'http://127.0.0.1:5173';

function guarded(devServerUrl: string | null = null) {
  const contents = new FakeWebContents();
  const logger = createMemoryLogger();
  guardWebContents(contents as unknown as GuardedContents, { devServerUrl, logger });
  return { contents, logger };
}

describe('navigation guard', () => {
  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8787/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://other/index.html',
    'app://linli@evil.example/',
    'http://127.0.0.1:5173/',
    'not a url',
  ])('blocks navigating and redirecting to %s', (url) => {
    const { contents, logger } = guarded();
    expect(contents.tryNavigate(url, 'will-navigate')).toBe(false);
    expect(contents.tryNavigate(url, 'will-redirect')).toBe(false);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
  });

  it('lets the app navigate within its own origin', () => {
    const { contents } = guarded();
    expect(contents.tryNavigate('app://linli/index.html')).toBe(true);
    expect(contents.tryNavigate('app://linli/counter', 'will-redirect')).toBe(true);
  });

  it('accepts the dev server only when one is configured (development)', () => {
    expect(guarded(null).contents.tryNavigate(`${DEV}/`)).toBe(false);
    expect(guarded(DEV).contents.tryNavigate(`${DEV}/`)).toBe(true);
    expect(guarded(DEV).contents.tryNavigate('http://127.0.0.1:5174/')).toBe(false);
  });

  it('denies every window.open, even to the app itself', () => {
    const { contents } = guarded();
    expect(contents.openHandler).not.toBeNull();
    for (const url of ['https://evil.example/', 'app://linli/index.html', 'about:blank']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});

const ALL_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'persistent-storage',
  'local-network-access',
  'local-network',
  'loopback-network',
] as const;

const APP_GRANTED: readonly string[] = [
  'media',
  'persistent-storage',
  'local-network-access',
  'local-network',
  'loopback-network',
];

function lockedSession(devServerUrl: string | null = null) {
  const session = new FakeSession();
  lockDownSession(session as unknown as Session, { devServerUrl, logger: createMemoryLogger() });
  const request = (permission: string, details: Record<string, unknown>): boolean => {
    let granted: boolean | undefined;
    (session.requestHandler as (...args: unknown[]) => void)({}, permission, (g: boolean) => (granted = g), {
      isMainFrame: true,
      ...details,
    });
    if (granted === undefined) throw new Error('the request handler never answered');
    return granted;
  };
  const check = (permission: string, origin: string, details: Record<string, unknown>): boolean =>
    (session.checkHandler as (...args: unknown[]) => boolean)({}, permission, origin, {
      isMainFrame: true,
      ...details,
    });
  return { session, request, check };
}

describe('permission requests', () => {
  const app = { requestingUrl: 'app://linli/index.html', securityOrigin: 'app://linli/' };

  it('grant the camera (video only) to the app origin', () => {
    expect(lockedSession().request('media', { ...app, mediaTypes: ['video'] })).toBe(true);
  });

  it('deny the microphone, or camera + microphone', () => {
    const { request } = lockedSession();
    expect(request('media', { ...app, mediaTypes: ['audio'] })).toBe(false);
    expect(request('media', { ...app, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(request('media', { ...app, mediaTypes: [] })).toBe(false);
    expect(request('media', { ...app })).toBe(false);
  });

  it.each(['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///x.html', 'app://other/'])(
    'deny the camera to %s',
    (url) => {
      const { request } = lockedSession();
      expect(request('media', { requestingUrl: url, securityOrigin: url, mediaTypes: ['video'] })).toBe(
        false,
      );
      // An app page URL with a foreign security origin (e.g. a cross-origin frame) is refused too.
      expect(
        request('media', { requestingUrl: app.requestingUrl, securityOrigin: url, mediaTypes: ['video'] }),
      ).toBe(false);
    },
  );

  it.each(['persistent-storage', 'local-network-access', 'local-network', 'loopback-network'])(
    'grant %s to the app origin only (the outbox must not be evicted; the demo HQ is on loopback)',
    (permission) => {
      const { request, check } = lockedSession();
      expect(request(permission, app)).toBe(true);
      expect(check(permission, 'app://linli', { requestingUrl: app.requestingUrl })).toBe(true);
      for (const url of [
        'https://evil.example/',
        'http://127.0.0.1:8787/',
        'file:///x.html',
        'app://other/',
      ]) {
        expect(request(permission, { requestingUrl: url, securityOrigin: url })).toBe(false);
        expect(request(permission, { requestingUrl: app.requestingUrl, securityOrigin: url })).toBe(false);
        expect(check(permission, url, { requestingUrl: url })).toBe(false);
      }
      expect(request(permission, {})).toBe(false);
    },
  );

  it.each(ALL_PERMISSIONS.filter((p) => !APP_GRANTED.includes(p)))(
    'deny %s even to the app',
    (permission) => {
      const { request, check } = lockedSession();
      expect(request(permission, { ...app, mediaTypes: ['video'] })).toBe(false);
      expect(check(permission, 'app://linli', { ...app, mediaType: 'video' })).toBe(false);
    },
  );

  it('grant the dev server the camera in development only', () => {
    const dev = { requestingUrl: `${DEV}/`, securityOrigin: `${DEV}/`, mediaTypes: ['video'] };
    expect(lockedSession(null).request('media', dev)).toBe(false);
    expect(lockedSession(DEV).request('media', dev)).toBe(true);
  });
});

describe('permission checks', () => {
  it('pass only for the app origin asking for video', () => {
    const { check } = lockedSession();
    expect(
      check('media', 'app://linli', { mediaType: 'video', requestingUrl: 'app://linli/index.html' }),
    ).toBe(true);
    expect(check('media', 'app://linli', { mediaType: 'audio' })).toBe(false);
    expect(check('media', 'app://linli', { mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'app://linli', {})).toBe(false);
    expect(check('media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
    expect(
      check('media', 'app://linli', { mediaType: 'video', requestingUrl: 'https://evil.example/frame.html' }),
    ).toBe(false);
  });

  it('deny every device (HID, USB, serial)', () => {
    const { session } = lockedSession();
    expect(
      (session.deviceHandler as (d: unknown) => boolean)({ deviceType: 'usb', origin: 'app://linli' }),
    ).toBe(false);
  });
});
