import { z } from 'zod';
import { nonEmptyString, positiveInt } from './primitives.js';

/**
 * The `testgen:` section of `autoglm.yml`: which sources to generate tests for, where the tests go
 * and how much time the generator may spend. Strict like the rest of the config. Paths and globs
 * are relative to the config file.
 */

const globList = z.array(nonEmptyString, { error: 'expected a list of paths or globs' });

export const TESTGEN_FRAMEWORKS = ['node', 'vitest', 'jest'] as const;
export type TestgenFramework = (typeof TESTGEN_FRAMEWORKS)[number];

export const TestgenConfigSchema = z.strictObject({
  targets: globList
    .min(1, { error: 'expected at least one path or glob' })
    .describe(
      'Source files to generate tests for (TS or JS, ESM or CommonJS): paths or globs relative to the config file.',
    ),
  exclude: globList
    .default([])
    .describe('Globs excluded from `targets` (tests, declarations and node_modules always are).'),
  out: nonEmptyString
    .default('test/generated')
    .describe('Folder for the emitted tests, inside the repository.'),
  framework: z
    .enum(TESTGEN_FRAMEWORKS, { error: `expected one of ${TESTGEN_FRAMEWORKS.join(', ')}` })
    .optional()
    .describe(
      'Test framework of the emitted files; detected from package.json when absent (`node:test` otherwise).',
    ),
  budget: positiveInt.default(60).describe('Seconds for analysis, solving and search over all functions.'),
  timeout_ms: positiveInt
    .default(1000)
    .describe('Time limit of one call of the code under test, in milliseconds.'),
  changed_only: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe("Only functions changed against `base` (or the run's baseline ref)."),
  base: nonEmptyString.optional().describe('Git ref of the base version: enables the behaviour-change diff.'),
  junit: nonEmptyString.optional().describe("JUnit XML of the emitted tests' run."),
  force: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe(
      'Overwrite generated test files a person edited since testgen wrote them (told by the sha256 in their header); off, such a file stops the run (exit 2).',
    ),
  loop_bound: positiveInt
    .default(5)
    .describe('Iterations a loop is unrolled to during symbolic exploration.'),
  max_paths: positiveInt.default(96).describe('Paths explored per function.'),
});
export type TestgenConfig = z.infer<typeof TestgenConfigSchema>;
