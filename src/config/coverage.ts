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

const mode = z.enum(['block', 'warn', 'info'], { error: 'expected block, warn or info' }).default('block');
const percentValue = z
  .number({ error: 'expected a percentage between 0 and 100' })
  .min(0, { error: 'expected a percentage between 0 and 100' })
  .max(100, { error: 'expected a percentage between 0 and 100' });

export const CoverageGateSchema = z.strictObject({
  /** The metric (percent, 0-100) must be >= min. */
  min: percentValue.optional(),
  /** Largest acceptable fall against the baseline. */
  max_drop: DropSchema.optional(),
  mode,
});
export type CoverageGateConfig = z.infer<typeof CoverageGateSchema>;

/** Patch coverage has no baseline to drop from: `min` only. */
export const PatchGateSchema = z.strictObject({ min: percentValue, mode });

export const CoverageGatesSchema = z.strictObject({
  lines: CoverageGateSchema.optional(),
  statements: CoverageGateSchema.optional(),
  functions: CoverageGateSchema.optional(),
  branches: CoverageGateSchema.optional(),
  patch: PatchGateSchema.optional(),
});

export const CoverageConfigSchema = z.strictObject({
  /** Coverage reports: paths or globs relative to the config file; every match is merged. */
  files: globList.min(1, { error: 'expected at least one path or glob' }),
  /** Report format; `auto` detects it from each file's content. */
  format: z
    .enum(COVERAGE_FORMAT_OPTIONS, { error: `expected one of ${COVERAGE_FORMAT_OPTIONS.join(', ')}` })
    .default('auto'),
  /** Repo-relative globs of files not to count (tests, generated code). */
  exclude: globList.optional(),
  /** Git ref or sha to diff against for patch coverage (default: the CI's base branch). */
  base: nonEmptyString.optional(),
  /** Also write a Cobertura XML here (for GitLab's `artifacts:reports:coverage_report`). */
  cobertura: nonEmptyString.optional(),
  /** Count files whose coverage changed without their code changing in `max_drop` gates. */
  gate_indirect: z.boolean({ error: 'expected true or false' }).default(false),
  gates: CoverageGatesSchema.default({}),
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
