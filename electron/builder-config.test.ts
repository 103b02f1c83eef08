import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder's own YAML parser and schema validator (already installed with it).
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const root = fileURLToPath(new URL('..', import.meta.url));
const load = () =>
  yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    directories: { output: string; buildResources: string };
    files: string[];
    win: { target: { target: string }[]; icon: string };
    mac: {
      target: { target: string }[];
      icon: string;
      hardenedRuntime?: boolean;
      entitlements?: string;
      entitlementsInherit?: string;
      extendInfo?: Record<string, string>;
    };
    deb: { depends: string[] };
    asarUnpack?: string[];
    linux: { target: { target: string }[]; icon: string; maintainer?: string; description?: string };
  };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema validation', async () => {
    await expect(validateConfiguration(load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validator does catch a broken configuration (so the check above means something)', async () => {
    await expect(validateConfiguration({ ...load(), asarr: true }, new DebugLogger(false))).rejects.toThrow(
      /unknown property 'asarr'/,
    );
  });

  it('names the app and packs the built app into an asar', () => {
    const config = load();
    expect(config).toMatchObject({
      appId: 'cn.linli.counter',
      productName: 'Linli Counter',
      asar: true,
      directories: { output: 'release', buildResources: 'resources/build' },
      extraMetadata: { main: 'dist/electron/main.cjs' },
    });
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']),
    );
  });

  it('targets Windows NSIS, macOS dmg, Linux AppImage and deb (with maintainer and description)', () => {
    const config = load();
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux.description?.length).toBeGreaterThan(20);
  });

  it('points at real icons of the right sizes', () => {
    const config = load();
    expect(pngSize(path.join(root, config.win.icon))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(root, config.mac.icon))).toEqual({ width: 512, height: 512 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(path.join(root, config.linux.icon, `${size}x${size}.png`))).toEqual({
        width: size,
        height: size,
      });
    }
    expect(pngSize(path.join(root, 'resources/public/icon.png'))).toEqual({ width: 256, height: 256 });
    expect(fs.readFileSync(path.join(root, 'resources/icon.svg'), 'utf8')).toContain('<svg');
  });

  it('macOS: hardened runtime with the camera entitlement and a camera usage text (else no camera)', () => {
    const config = load();
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo?.NSCameraUsageDescription).toMatch(/摄像头.*camera/s);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(file).toBeDefined();
      const plist = fs.readFileSync(path.join(root, file!), 'utf8');
      for (const key of [
        'com.apple.security.device.camera',
        'com.apple.security.cs.allow-jit',
        'com.apple.security.network.client',
      ]) {
        // Each key must be followed by <true/>, not merely mentioned.
        expect(plist).toMatch(new RegExp(`<key>${key.replaceAll('.', '\\.')}</key>\\s*<true/>`));
      }
    }
  });

  it('Linux .deb: electron-builder’s default dependencies are kept and ours added', () => {
    // A custom `depends` replaces the defaults, so compare with electron-builder's own list.
    const FpmTarget = (
      require('app-builder-lib/out/targets/FpmTarget') as {
        default: { prototype: { getDefaultDepends(target: string): string[] } };
      }
    ).default;
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'deb');
    expect(defaults).toEqual(
      expect.arrayContaining(['libsecret-1-0', 'libxtst6', 'libatspi2.0-0', 'xdg-utils']),
    );
    const depends = load().deb.depends;
    expect(depends).toEqual(expect.arrayContaining([...defaults, 'libasound2']));
  });

  it('keeps PGlite’s wasm and data files outside the asar (the in-app demo HQ loads them with fs)', () => {
    const config = load();
    const dist = path.join(root, 'node_modules/@electric-sql/pglite/dist');
    const needed = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm') || f.endsWith('.data'));
    expect(needed.length).toBeGreaterThanOrEqual(2);
    for (const file of needed) {
      const rel = `node_modules/@electric-sql/pglite/dist/${file}`;
      expect(
        (config.asarUnpack ?? []).some((pattern) => path.matchesGlob(rel, pattern)),
        `${rel} is unpacked`,
      ).toBe(true);
    }
  });
});
