/**
 * The test files that spawn the built CLI or action (bin/autoglm.js, dist/, or a package packed
 * from this checkout). They form the `dist` project of vitest.config.ts, whose global setup
 * (test/dist-setup.ts) rebuilds a stale dist/ first; test/test-suite.test.ts checks that every file
 * that spawns dist/ is listed here.
 */
export const DIST_TESTS = [
  'test/action-inputs.test.ts',
  'test/action.test.ts',
  'test/bad-input-git.test.ts',
  'test/baseline-cache-action.test.ts',
  'test/baseline-pr.test.ts',
  'test/cli-scale.test.ts',
  'test/cli.test.ts',
  'test/dataset-labels.test.ts',
  'test/doc-commands.test.ts',
  'test/github-report.test.ts',
  'test/gitlab-component.test.ts',
  'test/init.test.ts',
  'test/library.test.ts',
  'test/llm-cli.test.ts',
  'test/llm-mixed.test.ts',
  'test/packaging.test.ts',
  'test/platform.test.ts',
  'test/quantize.test.ts',
  'test/readable-numbers.test.ts',
  'test/run-coverage.test.ts',
  'test/run-testgen.test.ts',
  'test/terminal.test.ts',
  'test/testgen-declared.test.ts',
  'test/testgen-instances.test.ts',
  'test/testgen-keep.test.ts',
];
