import { defineConfig } from 'vitest/config';

/**
 * The vitest run StrykerJS (stryker.config.mjs) makes against each mutant: only the unit tests of
 * the mutated folder, listed per scope in scripts/mutation.ts. Tests that spawn dist/ never see a
 * mutant (dist/ is built from the unmutated source), so no scope lists them.
 */
const tests = (process.env.MUTATION_TESTS ?? '').split(',').filter((t) => t !== '');
if (tests.length === 0) {
  throw new Error('vitest.stryker.config.ts: run it through `npm run mutation` (MUTATION_TESTS is not set)');
}

export default defineConfig({
  test: {
    include: tests,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
