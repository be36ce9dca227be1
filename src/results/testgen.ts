import { z } from 'zod';

/**
 * The `testgen` section of `autoglm-results.json`: what `autoglm testgen` (or the testgen step of
 * `autoglm run`) generated, per file and function, with branch coverage measured by running the
 * emitted tests under istanbul, and the behaviour changes found against a base version.
 */

const count = z.number().int().nonnegative();

export const TestgenFunctionSchema = z.object({
  /** Source file, repo-relative POSIX path. */
  file: z.string(),
  /** `login`, `Cart.add`. */
  name: z.string(),
  line: z.number().int(),
  /** tested; partial (some constructs were not modelled, see notes); skipped (see reason). */
  status: z.enum(['tested', 'partial', 'skipped']),
  reason: z.string().optional(),
  notes: z.array(z.string()),
  tests: count,
  /** Tests whose inputs came from a solved path constraint, and from coverage-guided search. */
  bySolver: count,
  bySearch: count,
  pathsExplored: count,
  /** Candidate tests dropped because reruns gave different results. */
  flaky: count,
  /** Branch arms (istanbul's count) of the function covered by the emitted tests. */
  branches: z.object({ covered: count, total: count }),
  /** True when `branches` comes from a real run of the emitted tests. */
  measured: z.boolean(),
});
export type TestgenFunction = z.infer<typeof TestgenFunctionSchema>;

export const TestgenFileSchema = z.object({
  file: z.string(),
  /** The emitted test file, repo-relative; absent when no test was kept. */
  testFile: z.string().optional(),
  skipped: z.string().optional(),
  /** Syntax errors as `file:line:col: message`. */
  diagnostics: z.array(z.string()),
  /**
   * The whole module (helpers included) as istanbul counts it when the emitted tests run: branch
   * arms and statements covered. The function rows measure only each function's own branches.
   */
  module: z
    .object({
      branches: z.object({ covered: count, total: count }),
      statements: z.object({ covered: count, total: count }),
    })
    .optional(),
});

export const BehaviourChangeSchema = z.object({
  file: z.string(),
  function: z.string(),
  /** The call, e.g. `parsePrice("1,5")`. */
  call: z.string(),
  /** What the base version returned (or threw), and what the head version does. */
  base: z.string(),
  head: z.string(),
});
export type BehaviourChange = z.infer<typeof BehaviourChangeSchema>;

export const TestgenResultSchema = z.object({
  framework: z.enum(['node', 'vitest', 'jest']),
  /** Output folder, repo-relative. */
  out: z.string(),
  budgetSeconds: z.number(),
  durationMs: z.number(),
  /** The base ref of the behaviour diff, when one was run. */
  base: z.string().optional(),
  files: z.array(TestgenFileSchema),
  functions: z.array(TestgenFunctionSchema),
  totals: z.object({
    functions: count,
    tested: count,
    partial: count,
    skipped: count,
    tests: count,
    bySolver: count,
    bySearch: count,
    branches: z.object({ covered: count, total: count }),
  }),
  behaviourChanges: z.array(BehaviourChangeSchema),
  /** Changed functions that the base version does not have: new, not behaviour changes. */
  newFunctions: z.array(z.object({ file: z.string(), function: z.string() })).optional(),
  /** JUnit XML of the emitted tests' run, repo-relative. */
  junit: z.string().optional(),
  stats: z.object({
    solverChecks: count,
    solverMs: z.number(),
    executions: count,
    timeouts: count,
    testRunError: z.string().optional(),
  }),
});
export type TestgenResult = z.infer<typeof TestgenResultSchema>;
