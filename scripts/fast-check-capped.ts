/**
 * fast-check for the Stryker run (aliased in vitest.mutation.config.ts): every
 * property test runs once per mutant it covers, so each property gets at most
 * 20 runs instead of 100 (or the 1000–2000 some parser properties ask for),
 * keeping a run within minutes on two cores. Fewer runs can only let more
 * mutants survive: the score reported is a lower bound.
 */
import real from '../node_modules/fast-check/lib/fast-check.js';

export * from '../node_modules/fast-check/lib/fast-check.js';

const MAX_RUNS = 20;
const capped = <P>(params?: P & { numRuns?: number }) => ({
  ...params,
  numRuns: Math.min(params?.numRuns ?? MAX_RUNS, MAX_RUNS),
});
const assert = ((property: Parameters<typeof real.assert>[0], params?: Parameters<typeof real.assert>[1]) =>
  real.assert(property, capped(params))) as typeof real.assert;

export default { ...real, assert };
