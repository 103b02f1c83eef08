import type { LinliApi } from '@shared/ipc/contract';

/**
 * Platform services the UI needs from its host: the IPC contract's functions
 * (`LinliApi`, declared once in shared/ipc/contract.ts) and which host this
 * is. Three implementations: `electron` (the preload's `window.linli`),
 * `browser` (a plain Chromium tab: development and end-to-end tests) and
 * `testing` (in-memory, for component tests).
 */
export type Platform = LinliApi & {
  readonly kind: 'electron' | 'browser' | 'testing';
};
