import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the import-boundary rule in eslint.config.js bites: each case lints a
 * snippet as if it lived in a zone's file and expects (or not) a violation.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;"],
    ['shared/x.ts', "import path from 'path';\nexport const p = path;"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['shared/x.ts', "import { App } from '../renderer/src/app/App';\nexport const a = App;"],
    ['shared/x.ts', "import { start } from '../central/src/server';\nexport const s = start;"],
    ['shared/x.ts', "import Dexie from 'dexie';\nexport const d = Dexie;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ['renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;"],
    ['renderer/src/x.ts', "import { initApp } from '../../electron/main/app';\nexport const i = initApp;"],
    ['renderer/src/x.ts', "import { api } from '../../electron/preload/index';\nexport const a = api;"],
    [
      'renderer/src/x.ts',
      "import { createCentral } from '../../central/src/central';\nexport const c = createCentral;",
    ],
    [
      'renderer/src/sync/x.test.ts',
      "import { initApp } from '../../../electron/main/app';\nexport const i = initApp;",
    ],
    ['renderer/src/sync/x.test.ts', "import fs from 'node:fs';\nexport const f = fs;"],
    ['electron/main/x.ts', "import { App } from '../../renderer/src/app/App';\nexport const a = App;"],
    ['central/src/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ])('%s: forbidden import is reported', async (file, code) => {
    expect((await boundaryErrors(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();"],
    [
      'renderer/src/x.ts',
      "import type { LinliApi } from '../../electron/preload/index';\nexport type A = LinliApi;",
    ],
    [
      'renderer/src/x.ts',
      "import { settingsSchema } from '@shared/settings';\nexport const s = settingsSchema;",
    ],
    [
      'electron/main/x.ts',
      "import { app } from 'electron';\nimport fs from 'node:fs';\nexport const a = [app, fs];",
    ],
    // the renderer tests' reference HQ starts central in-process, like any module
    [
      'renderer/src/sync/chaos/referenceHq.ts',
      "import { createCentral } from '../../../../central/src/central';\nexport const c = createCentral;",
    ],
    [
      'renderer/src/sync/x.test.ts',
      "import { createCentral } from '../../../central/src/central';\nexport const c = createCentral;",
    ],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });

  it('the real `npm run lint` config fails on a violation (exit status)', async () => {
    const [result] = await eslint.lintText("import os from 'node:os';\nexport const o = os;\n", {
      filePath: 'shared/violation.ts',
    });
    expect(result?.errorCount).toBeGreaterThan(0);
  });
});
