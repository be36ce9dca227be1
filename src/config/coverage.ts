import { z } from 'zod';
import { thresholdSchema } from './threshold.js';

/**
 * The `coverage:` section of `autoglm.yml`. Strict like the rest of the config. Gates here use the
 * shared gate machinery; their metrics are `coverage.<key>` (`coverage.lines`, `coverage.patch`).
 */

const nonEmptyString = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'expected a non-empty string' });
const globList = z.array(nonEmptyString, { error: 'expected a list of paths or globs' });

export const COVERAGE_FORMAT_OPTIONS = ['auto', 'istanbul', 'lcov', 'cobertura', 'v8'] as const;

const DROP_HELP =
  'expected a non-negative number of percentage points or a percentage of the baseline such as "5%"';
/** `0.5` is percentage points; `"2%"` is relative to the baseline's value (2% of 80% = 1.6 points). */
const DropSchema = thresholdSchema(DROP_HELP);

const mode = z
  .enum(['block', 'warn', 'info'], { error: 'expected block, warn or info' })
  .default('block')
  .describe('`block` (a failure is a regression), `warn` or `info`, as for model gates.');
const percentValue = z
  .number({ error: 'expected a percentage between 0 and 100' })
  .min(0, { error: 'expected a percentage between 0 and 100' })
  .max(100, { error: 'expected a percentage between 0 and 100' });

export const CoverageGateSchema = z.strictObject({
  min: percentValue.optional().describe('The metric (percent, 0-100) must be >= min.'),
  max_drop: DropSchema.optional().describe(
    'Largest acceptable fall against the baseline: `0.5` is percentage points, `"2%"` is relative to the baseline\'s value.',
  ),
  mode,
});
export type CoverageGateConfig = z.infer<typeof CoverageGateSchema>;

/** Patch coverage has no baseline to drop from: `min` only. */
export const PatchGateSchema = z.strictObject({
  min: percentValue.describe(
    'Coverage (percent, 0-100) of the lines this change added or modified must be >= min.',
  ),
  mode,
});

export const CoverageGatesSchema = z.strictObject({
  lines: CoverageGateSchema.optional().describe('Gate on `coverage.lines`.'),
  statements: CoverageGateSchema.optional().describe('Gate on `coverage.statements`.'),
  functions: CoverageGateSchema.optional().describe('Gate on `coverage.functions`.'),
  branches: CoverageGateSchema.optional().describe('Gate on `coverage.branches`.'),
  patch: PatchGateSchema.optional().describe(
    'Gate on `coverage.patch`: the coverage of the lines this change added or modified (`min` and `mode` only).',
  ),
});

export const CoverageConfigSchema = z.strictObject({
  files: globList
    .min(1, { error: 'expected at least one path or glob' })
    .describe(
      'Coverage reports (istanbul JSON, lcov, Cobertura XML, a NODE_V8_COVERAGE folder): paths or globs relative to the config file. Every match is merged (shards, monorepo packages).',
    ),
  format: z
    .enum(COVERAGE_FORMAT_OPTIONS, { error: `expected one of ${COVERAGE_FORMAT_OPTIONS.join(', ')}` })
    .default('auto')
    .describe("`auto` detects each file's format from its content."),
  exclude: globList
    .optional()
    .describe(
      "Repo-relative globs of files not to count. Raw V8 reports default to c8's list (tests, node_modules).",
    ),
  base: nonEmptyString
    .optional()
    .describe(
      "Git ref or sha that patch coverage diffs against (its merge-base with HEAD; default: the CI's base).",
    ),
  cobertura: nonEmptyString
    .optional()
    .describe("Also write a Cobertura XML here, for GitLab's `artifacts:reports:coverage_report`."),
  gate_indirect: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe(
      'Count files whose coverage moved although this change did not touch them in `max_drop` gates.',
    ),
  gates: CoverageGatesSchema.default({}).describe('Coverage gates by metric (below).'),
});
export type CoverageConfig = z.infer<typeof CoverageConfigSchema>;

/** The gates of the section under their metric names (`coverage.lines`, ...), as the gate machinery reads them. */
export function coverageGates(
  config: CoverageConfig | undefined,
): Record<string, CoverageGateConfig | z.infer<typeof PatchGateSchema>> {
  const out: Record<string, CoverageGateConfig | z.infer<typeof PatchGateSchema>> = {};
  for (const [key, gate] of Object.entries(config?.gates ?? {})) {
    if (gate) out[`coverage.${key}`] = gate;
  }
  return out;
}
