// @ts-check
/**
 * Mutation testing over the pure rules in shared/ (`npm run test:mutation`).
 * Not part of CI: a full run takes minutes on two cores; the score is in the
 * README. Incremental: a re-run only retests mutants whose code or tests changed
 * (reports/stryker-incremental.json, kept locally).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'shared/**/*.ts',
    '!shared/**/*.test.ts',
    '!shared/**/*.d.ts',
    // Schema declarations of the HQ and IPC contracts: no rule to get wrong, and
    // their behaviour is proved by the central and electron suites, which this
    // run does not execute (their mutants would survive for want of a runner).
    '!shared/contract/{api,common,entities,mutations,sync,index}.ts',
    '!shared/ipc/contract.ts',
    // Barrel files and the RFC test vectors the PIN tests read.
    '!shared/**/index.ts',
    '!shared/staff/pin-vectors.ts',
  ],
  // The sandbox needs only what the shared tests load.
  // The sandbox needs only shared/ and the tsconfigs vite resolves (tsconfig.json references every zone's).
  ignorePatterns: [
    ...['renderer', 'electron', 'central'].flatMap((zone) => [`/${zone}/*`, `!/${zone}/tsconfig*.json`]),
    '/e2e',
    '/bench',
    '/resources',
    '/scripts/*',
    '!/scripts/fast-check-capped.ts',
    '/dist',
    '/release',
    '/test-results',
    '/test-reports',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: 85 },
  // Generous: on a busy two-core machine a slow run must not pass for a killed mutant.
  timeoutMS: 15_000,
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
