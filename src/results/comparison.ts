import { z } from 'zod';

/** Where the baseline came from: the report always says what it compared against. */
export const BaselineInfoSchema = z.object({
  store: z.string(),
  /** merge-base: the PR's merge-base commit; base-branch: the base branch's latest; file: a fixed file. */
  matched: z.enum(['merge-base', 'base-branch', 'file']),
  location: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  /** The git ref the merge-base came from (`origin/main`). */
  ref: z.string().optional(),
  /** How the local branch of that name relates to it (`local main is 3 commits ahead`). */
  refRelation: z.string().optional(),
  runId: z.string().optional(),
  createdAt: z.string(),
  ageHours: z.number(),
});
export type BaselineInfo = z.infer<typeof BaselineInfoSchema>;

/**
 * `not compared`: the method could not judge (stored timings from another machine); `noise`: the
 * model file is unchanged, so a difference is the runner's. Both are neutral, never a green tick.
 */
export const OUTCOMES = [
  'regression',
  'improvement',
  'no change',
  'inconclusive',
  'new',
  'removed',
  'not compared',
  'noise',
] as const;

/** One metric of one model against the baseline. */
export const FindingSchema = z.object({
  suite: z.string(),
  model: z.string(),
  metric: z.string(),
  /**
   * The values compared: the stored runs' values, or for interleaved timing this job's base and
   * candidate figures (the ratio's medians or quantiles), so the change matches the verdict.
   */
  base: z.number().nullable(),
  current: z.number().nullable(),
  /** current - base. */
  delta: z.number().nullable(),
  /** Relative worsening (positive = worse), direction-aware. */
  worsening: z.number().nullable(),
  outcome: z.enum(OUTCOMES),
  /** What decided: paired test on the same samples, interleaved timing, the history's noise band, a threshold, or an exact value. */
  method: z.enum(['paired', 'interleaved', 'noise-band', 'threshold', 'none']),
  reason: z.string(),
  mode: z.enum(['block', 'warn', 'info']),
  /** Why the mode was lowered (e.g. different machines), when it was. */
  downgraded: z.string().optional(),
  /** The gate's rule as written (`max_drop 1%`), when a gate names this metric. */
  rule: z.string().optional(),
  severity: z.number().int().min(1).max(5),
  pValue: z.number().optional(),
  interval: z.object({ lower: z.number(), upper: z.number(), confidence: z.number() }).optional(),
  moreSamples: z.number().int().optional(),
  /** Set when a reviewer accepted this regression for the pull request (see `waivers`). */
  accepted: z.boolean().optional(),
  /** Samples that flipped, by id: pass to fail first. */
  flips: z.object({ passToFail: z.array(z.string()), failToPass: z.array(z.string()) }).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Headline metrics over the stored history plus this run, oldest first (the report's trend chart). */
export const TrendSchema = z.array(
  z.object({
    suite: z.string(),
    model: z.string(),
    metric: z.string(),
    points: z.array(z.object({ label: z.string(), value: z.number() })),
  }),
);
export type Trend = z.infer<typeof TrendSchema>;

export const ComparisonSchema = z.object({
  baseline: BaselineInfoSchema.optional(),
  /** Notices: no baseline yet, ignored baselines, shallow clone, fingerprint differences. */
  notes: z.array(z.string()),
  findings: z.array(FindingSchema),
  /** Overall: the worst outcome among gated findings. */
  outcome: z.enum(['regression', 'improvement', 'no change', 'inconclusive']),
  trend: TrendSchema.optional(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

/** Interleaved timings of this model and its baseline version, recorded in the same process. */
export const InterleavedSchema = z.object({
  /** sha256 of the baseline model file that was timed. */
  baseSha256: z.string(),
  baseSource: z.string(),
  rounds: z.number().int(),
  samplesPerRound: z.number().int(),
  /** Per-sample latency (ms) of each round: the median over its batches. */
  base: z.array(z.number()),
  candidate: z.array(z.number()),
  /** Per-sample latency (ms) of every batch, round by round: tail gates (p95, p99) are judged on these. */
  baseBatches: z.array(z.array(z.number())).optional(),
  candidateBatches: z.array(z.array(z.number())).optional(),
  /** The baseline's setup, when it differs from this run's and was timed as such (see docs/baselines.md). */
  baseSetup: z
    .object({ batchSize: z.number().int(), threads: z.number().int(), warmup: z.number().int() })
    .optional(),
});
export type Interleaved = z.infer<typeof InterleavedSchema>;
