// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Node's built-in modules, bare and `node:`-prefixed. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodeBuiltinRegex = `^(node:.*|(${nodeBuiltins.map((n) => n.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`;

/** An import path that reaches into another zone, relative or aliased. */
const zone = (name) => `(^|\\/)${name}(\\/|$)`;

/**
 * Import boundaries between the zones (see STYLE.md): shared/ is pure, the
 * renderer never touches Electron or Node, and only types cross from the
 * preload to the renderer. Each entry is [message, regex, allowTypeImports].
 */
const boundaries = {
  shared: [
    ['shared/ is pure TypeScript: no Node built-ins.', nodeBuiltinRegex],
    ['shared/ must not import Electron.', '^electron(\\/.*)?$'],
    [
      'shared/ must not import the renderer, Electron, central or browser-only libraries.',
      `${zone('renderer')}|${zone('electron')}|${zone('central')}|^(react|react-dom|dexie|zustand|fastify|pg)(\\/.*)?$|^@electric-sql\\/`,
    ],
  ],
  renderer: [
    ['The renderer must not import Electron: use the platform interface.', '^electron(\\/.*)?$'],
    ['The renderer must not import Node built-ins: use the platform interface.', nodeBuiltinRegex],
    [
      'The renderer must not import the main process or central.',
      `${zone('electron\\/main')}|${zone('central')}|^(fastify|pg)(\\/.*)?$|^@electric-sql\\/`,
    ],
    ['Only types may be imported from the preload.', zone('electron\\/preload'), true],
  ],
  // Renderer tests and their harness may start the reference central in-process (never the app itself).
  rendererTests: [
    ['The renderer must not import Electron: use the platform interface.', '^electron(\\/.*)?$'],
    ['The renderer must not import Node built-ins: use the platform interface.', nodeBuiltinRegex],
    [
      'Renderer tests must not import the main process.',
      `${zone('electron\\/main')}|^(fastify|pg)(\\/.*)?$|^@electric-sql\\/`,
    ],
    ['Only types may be imported from the preload.', zone('electron\\/preload'), true],
  ],
  electron: [['Electron code must not import the renderer.', zone('renderer')]],
  central: [
    [
      'central/ must not import the renderer or Electron.',
      `${zone('renderer')}|${zone('electron')}|^electron(\\/.*)?$`,
    ],
  ],
};

/** Test files of the renderer and the reference-HQ harness they share (compiled with the tests only). */
const RENDERER_TEST_HARNESS = ['renderer/src/**/*.test.{ts,tsx}', 'renderer/src/sync/chaos/referenceHq.ts'];

const boundaryRule = (entries) => [
  'error',
  {
    patterns: entries.map(([message, regex, allowTypeImports]) => ({
      regex,
      message,
      ...(allowTypeImports ? { allowTypeImports: true } : {}),
    })),
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      '.tsbuild/',
      '.central-data/',
      'test-results/',
      'playwright-report/',
      'test-reports/',
      'reports/',
      '.stryker-tmp*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      '**/*.{js,mjs,cjs}',
      'electron/**',
      'central/**',
      'bench/**',
      'e2e/**',
      '*.config.ts',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': boundaryRule(boundaries.shared) },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': boundaryRule(boundaries.renderer) },
  },
  {
    files: RENDERER_TEST_HARNESS,
    rules: { '@typescript-eslint/no-restricted-imports': boundaryRule(boundaries.rendererTests) },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': boundaryRule(boundaries.electron) },
  },
  {
    files: ['central/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': boundaryRule(boundaries.central) },
  },
  {
    // CLIs, benchmarks and build scripts print to the console by design.
    files: ['scripts/**', 'bench/**', 'central/src/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
