import { z } from 'zod';

/**
 * The `testgen:` section of `autoglm.yml`: which sources to generate tests for, where the tests go
 * and how much time the generator may spend. Strict like the rest of the config. Paths and globs
 * are relative to the config file.
 */

const nonEmptyString = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'expected a non-empty string' });
const globList = z.array(nonEmptyString, { error: 'expected a list of paths or globs' });
const positiveInt = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

export const TESTGEN_FRAMEWORKS = ['node', 'vitest', 'jest'] as const;
export type TestgenFramework = (typeof TESTGEN_FRAMEWORKS)[number];

export const TestgenConfigSchema = z.strictObject({
  /** Source files to generate tests for (TS or JS, ESM or CommonJS). */
  targets: globList.min(1, { error: 'expected at least one path or glob' }),
  /** Globs excluded from `targets` (tests, declarations and node_modules always are). */
  exclude: globList.default([]),
  /** Folder for the emitted tests, inside the repository. */
  out: nonEmptyString.default('test/generated'),
  /** Test framework of the emitted files; detected from package.json when absent (node:test otherwise). */
  framework: z
    .enum(TESTGEN_FRAMEWORKS, { error: `expected one of ${TESTGEN_FRAMEWORKS.join(', ')}` })
    .optional(),
  /** Seconds for analysis, solving and search over all functions. */
  budget: positiveInt.default(60),
  /** Time limit of one call of the code under test, in milliseconds. */
  timeout_ms: positiveInt.default(1000),
  /** Only functions changed against `base` (or the run's baseline ref). */
  changed_only: z.boolean({ error: 'expected true or false' }).default(false),
  /** Git ref of the base version: enables the behaviour-change diff. */
  base: nonEmptyString.optional(),
  /** JUnit XML of the emitted tests' run. */
  junit: nonEmptyString.optional(),
  /** Iterations a loop is unrolled to during symbolic exploration. */
  loop_bound: positiveInt.default(5),
  /** Paths explored per function. */
  max_paths: positiveInt.default(96),
});
export type TestgenConfig = z.infer<typeof TestgenConfigSchema>;
