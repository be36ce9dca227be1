// @ts-check
/**
 * `npm run mutation`: StrykerJS over the pure core (compare, coverage, baseline, report, config)
 * and the interpreter's builtin models, against the unit tests in vitest.stryker.config.ts.
 * One folder at a time: `npm run mutation -- --mutate 'src/compare/**\/*.ts'`.
 * Reports: reports/mutation/ (HTML and JSON, gitignored).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most.
  concurrency: 2,
  mutate: [
    'src/compare/**/*.ts',
    'src/coverage/**/*.ts',
    'src/baseline/**/*.ts',
    'src/report/**/*.ts',
    'src/config/**/*.ts',
    'src/testgen/explore/builtins*.ts',
  ],
  // In place, not in a sandbox copy: the coverage tests map reports onto the files git tracks, and
  // a copy under .stryker-tmp/ is untracked. Stryker restores the files when it ends; after a crash,
  // `git checkout -- src` does. Don't edit src/ while it runs.
  inPlace: true,
  ignoreStatic: true,
  // vitest never type-checks; and a `// @ts-nocheck` line in the sandbox would shift the coverage
  // fixtures' sources under their recorded V8 offsets.
  disableTypeChecks: false,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: '.stryker-tmp',
};
