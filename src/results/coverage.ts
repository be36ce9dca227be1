import { z } from 'zod';

/**
 * The `coverage` section of `autoglm-results.json`: what `autoglm coverage` (or the coverage step
 * of `autoglm run`) measured, per file and in total, compared with the baseline, plus patch
 * coverage. Line-level hit counts are not stored (they would dwarf the rest); per-file counters
 * are, so a later run can compare file by file against this document as its baseline.
 */

export const COVERAGE_FORMATS = ['istanbul', 'lcov', 'cobertura', 'v8'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

/** The four classic metrics, in the order reports show them. */
export const COVERAGE_KINDS = ['lines', 'statements', 'functions', 'branches'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

const count = z.number().int().nonnegative();

export const CounterSchema = z.object({ covered: count, total: count });
export type Counter = z.infer<typeof CounterSchema>;

export const CoverageTotalsSchema = z.object({
  lines: CounterSchema,
  statements: CounterSchema,
  functions: CounterSchema,
  branches: CounterSchema,
});
export type CoverageTotals = z.infer<typeof CoverageTotalsSchema>;

/** One file of the repository, by its repo-relative POSIX path. */
export const CoverageFileSchema = CoverageTotalsSchema.extend({ path: z.string() });
export type CoverageFile = z.infer<typeof CoverageFileSchema>;

export const IGNORE_REASONS = ['outside-repo', 'not-in-repo', 'excluded'] as const;
export const IgnoredFileSchema = z.object({
  /** As the report wrote it (after `file://` and backslashes are undone). */
  path: z.string(),
  reason: z.enum(IGNORE_REASONS),
  /** The report it came from. */
  input: z.string(),
});
export type IgnoredFile = z.infer<typeof IgnoredFileSchema>;

export const CoverageInputSchema = z.object({
  /** Report file, relative to the working directory. */
  file: z.string(),
  format: z.enum(COVERAGE_FORMATS),
  /** File entries the report held (before path normalisation). */
  entries: count,
});

/** A file present in both runs whose counters differ. */
export const FileChangeSchema = z.object({
  path: z.string(),
  /** Set when git followed a rename from this path since the merge-base. */
  previousPath: z.string().optional(),
  before: CoverageTotalsSchema,
  after: CoverageTotalsSchema,
});
export type FileChange = z.infer<typeof FileChangeSchema>;

export const CoverageComparisonSchema = z.object({
  /** Where the baseline came from (results document or report), as given. */
  source: z.string(),
  totals: CoverageTotalsSchema,
  /** Files covered now and not in the baseline. */
  newFiles: z.array(z.string()),
  /** Files in the baseline and no longer in the report (deleted, renamed away, or not loaded). */
  deletedFiles: z.array(CoverageFileSchema),
  /** Changed coverage in files this change touched (or every changed file when `indirectKnown` is false). */
  changed: z.array(FileChangeSchema),
  /** Changed coverage in files whose code did not change: test order, flaky tests, indirect calls. */
  indirect: z.array(FileChangeSchema),
  /** Whether a git diff was available to tell direct from indirect changes. */
  indirectKnown: z.boolean(),
  /** Whether indirect changes count in `max_drop` gates (config `coverage.gate_indirect`). */
  gateIndirect: z.boolean(),
});
export type CoverageComparison = z.infer<typeof CoverageComparisonSchema>;

export const LineRangeSchema = z.object({
  start: z.number().int().positive(),
  end: z.number().int().positive(),
});
export type LineRange = z.infer<typeof LineRangeSchema>;

export const PatchFileSchema = z.object({
  path: z.string(),
  previousPath: z.string().optional(),
  /** Changed executable lines that ran / all changed executable lines of the file. */
  covered: count,
  total: count,
  /** Uncovered changed lines, grouped (lines between two of them that are not executable join the range). */
  uncovered: z.array(LineRangeSchema),
});
export type PatchFile = z.infer<typeof PatchFileSchema>;

export const PatchCoverageSchema = z.object({
  /** The base as asked for (ref or sha), and the commits the diff ran between. */
  base: z.string(),
  mergeBase: z.string(),
  head: z.string(),
  /** Changed executable lines (added or modified since the merge-base) that ran / all of them. */
  lines: CounterSchema,
  /** Files with changed executable lines, in path order. */
  files: z.array(PatchFileSchema),
  /** Changed files of a covered kind (same extension) that no report mentions: their lines are unknown. */
  notInReport: z.array(z.string()),
});
export type PatchCoverage = z.infer<typeof PatchCoverageSchema>;

export const CoverageResultSchema = z.object({
  inputs: z.array(CoverageInputSchema),
  totals: CoverageTotalsSchema,
  /** Every counted file, in path order. */
  files: z.array(CoverageFileSchema),
  /** Report entries not counted: outside the repository, absent from it, or excluded. */
  ignored: z.object({ count, files: z.array(IgnoredFileSchema) }),
  comparison: CoverageComparisonSchema.optional(),
  patch: PatchCoverageSchema.optional(),
  /** Things the user should know that did not stop the run (no base commit, duplicates, ...). */
  notices: z.array(z.string()),
});
export type CoverageResult = z.infer<typeof CoverageResultSchema>;

/** istanbul's percentage: 100 when there is nothing to cover, else floored to two decimals. */
export function percent(c: Counter): number {
  if (c.total <= 0) return 100;
  return Math.floor((1000 * 100 * c.covered) / c.total / 10) / 100;
}

/** The gate metrics of the coverage section, percent 0-100. */
export const COVERAGE_METRICS = [
  'coverage.lines',
  'coverage.statements',
  'coverage.functions',
  'coverage.branches',
  'coverage.patch',
] as const;
export type CoverageMetric = (typeof COVERAGE_METRICS)[number];

/**
 * The section's gate metrics (percent 0-100): `coverage.lines`, `.statements`, `.functions`,
 * `.branches`, and `coverage.patch` when patch coverage was computed (100 when no executable line
 * changed: nothing is left uncovered). Read a baseline document's section the same way.
 *
 * `forDrop: true` is for `max_drop` against a baseline: it takes out the indirect changes (files
 * whose coverage moved although this change did not touch them) unless the config gates them
 * (`comparison.gateIndirect`), so flaky tests and test order do not fail the gate.
 */
export function coverageMetrics(
  section: CoverageResult,
  options: { forDrop?: boolean } = {},
): Record<string, number> {
  let totals = section.totals;
  const cmp = section.comparison;
  if (options.forDrop && cmp?.indirectKnown && !cmp.gateIndirect && cmp.indirect.length > 0) {
    const adjusted = structuredClone(totals);
    for (const change of cmp.indirect) {
      for (const k of COVERAGE_KINDS) {
        adjusted[k].covered += change.before[k].covered - change.after[k].covered;
        adjusted[k].total += change.before[k].total - change.after[k].total;
      }
    }
    totals = adjusted;
  }
  const out: Record<string, number> = {};
  for (const k of COVERAGE_KINDS) out[`coverage.${k}`] = percent(totals[k]);
  if (section.patch) out['coverage.patch'] = percent(section.patch.lines);
  return out;
}
