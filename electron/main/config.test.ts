import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnvironment, isAppUrl, parseDevServerUrl } from './config';

describe('isAppUrl', () => {
  it.each(['app://linli/', 'app://linli/index.html', 'app://linli/assets/x.js?v=1#top'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );
  it.each([
    'app://linli.evil/',
    'app://evil/',
    'app://user@linli/',
    'app://linli:pw@evil/',
    'https://linli/',
    'file:///app/index.html',
    'http://127.0.0.1:5173/',
    '',
    null,
    undefined,
    'garbage',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
  it('accepts the dev server only when given', () => {
    expect(isAppUrl('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/x')).toBe(false);
  });
});

describe('configFromEnvironment', () => {
  it('accepts only a loopback http dev server', () => {
    expect(parseDevServerUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    expect(parseDevServerUrl('http://localhost:5173')).toBe('http://localhost:5173');
    expect(parseDevServerUrl('https://evil.example')).toBeNull();
    expect(parseDevServerUrl('http://192.168.1.2:5173')).toBeNull();
    expect(parseDevServerUrl('file:///tmp/index.html')).toBeNull();
  });

  it('never uses a dev server in a packaged app', () => {
    const env = { LINLI_DEV_SERVER_URL: 'http://127.0.0.1:5173', NODE_ENV: 'development' };
    const packaged = configFromEnvironment({ env, mainDir: '/app/dist/electron', isPackaged: true });
    expect(packaged).toMatchObject({ isDev: false, devServerUrl: null });
    const dev = configFromEnvironment({ env, mainDir: '/app/dist/electron', isPackaged: false });
    expect(dev).toMatchObject({ isDev: true, devServerUrl: 'http://127.0.0.1:5173' });
    expect(dev.rendererRoot).toBe(path.resolve('/app/dist/renderer'));
    expect(dev.preloadPath).toBe(path.resolve('/app/dist/electron/preload.cjs'));
  });
});
