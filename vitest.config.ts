import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    // CI also writes a JSON report; .ci/run prints the closing count from it.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-reports/vitest.json' }]]
      : ['default'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'central/**/*.test.ts',
            'bench/**/*.test.ts',
            'e2e/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          exclude: ['renderer/**/*.tz.test.tsx'],
          setupFiles: ['renderer/src/test/setup.ts'],
          testTimeout: 30_000,
        },
      },
      // Times people see are in the store's zone whatever the machine's: *.tz.test.tsx run
      // with the machine in UTC and in New York (Node applies process.env.TZ when it is set).
      ...(['UTC', 'America/New_York'] as const).map((zone) => ({
        resolve: { alias },
        plugins: [react()],
        test: {
          name: `dom-tz-${zone === 'UTC' ? 'utc' : 'new-york'}`,
          environment: 'jsdom',
          include: ['renderer/**/*.tz.test.tsx'],
          setupFiles: ['renderer/src/test/setup.ts'],
          env: { TZ: zone },
          testTimeout: 30_000,
        },
      })),
    ],
  },
});
