import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` (StrykerJS, stryker.config.mjs) runs against each mutant: the unit
 * tests of the mutated folders. Tests that spawn dist/ never see a mutant (dist/ is built from the
 * unmutated source), so they are left out; so are the slow model and generator suites.
 */
export const MUTATION_TESTS = [
  // compare
  'test/compare.test.ts',
  'test/stats.test.ts',
  'test/coverage-gates.test.ts',
  // coverage
  'test/coverage-cli.test.ts',
  'test/coverage-ingest.test.ts',
  'test/coverage-patch.test.ts',
  'test/coverage-report.test.ts',
  // baseline
  'test/baseline-artifact.test.ts',
  'test/baseline-cache.test.ts',
  'test/baseline-gitlab.test.ts',
  'test/baseline-stores.test.ts',
  // report
  'test/report.test.ts',
  'test/report-comment.test.ts',
  'test/gitlab-reports.test.ts',
  'test/cost.test.ts',
  'test/plan.test.ts',
  'test/triage.test.ts',
  'test/llm-evals.test.ts',
  // config
  'test/config.test.ts',
  // the interpreter's builtin models
  'test/testgen-units.test.ts',
  'test/testgen-builtins.test.ts',
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
