export type ElectronBinary = { ok: true; path: string } | { ok: false; expected: string | null };
export function findElectronBinary(root: string, env?: Record<string, string | undefined>): ElectronBinary;
export function missingElectronMessage(expected: string | null): string;
