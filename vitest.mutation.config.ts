import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Stryker runs only the node project's shared/ tests: the rules it mutates are
// pure, and the dom/central suites would make every mutant minutes slower.
const alias = {
  '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
  'fast-check': fileURLToPath(new URL('./scripts/fast-check-capped.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    name: 'node',
    environment: 'node',
    include: ['shared/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
