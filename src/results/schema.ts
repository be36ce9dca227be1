import { z } from 'zod';
import { ComparisonSchema, InterleavedSchema } from './comparison.js';
import { CostSchema } from './cost.js';
import { CoverageResultSchema } from './coverage.js';
import { ExcludedModelSchema, LlmSuiteResultSchema } from './llm.js';
import { PlanSchema, TriageSchema } from './plan.js';
import { TestgenResultSchema } from './testgen.js';
import { WaiverSchema } from './waivers.js';

/**
 * `autoglm-results.json`: the one document that flows from execute to compare to report, and that
 * baselines store. Per-sample records are kept so shards merge exactly and paired statistics work.
 * Bump SCHEMA_VERSION on any incompatible change and document it in docs/results.md.
 */
export const SCHEMA_VERSION = 1;

/** A JSON value (predictions of the tensor adapter are nested arrays). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const JsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonSchema),
    z.record(z.string(), JsonSchema),
  ]),
);

export const LatencySchema = z.object({
  meanMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
});
export type Latency = z.infer<typeof LatencySchema>;

export const SampleRecordSchema = z.object({
  /** Dataset row id (the row's `id` field, or its 1-based line number). */
  id: z.string(),
  prediction: JsonSchema,
  expected: JsonSchema.optional(),
  /** Whether the prediction matched (classifier) — the per-sample pass/fail for paired tests. */
  correct: z.boolean().optional(),
  /** Absolute error (regression) or cosine similarity (embedding). */
  error: z.number().optional(),
  /** Mean squared error over the sample's values (regression). */
  squaredError: z.number().optional(),
  similarity: z.number().optional(),
  /** This sample's share of its batch's wall time. */
  latencyMs: z.number(),
  /** Index of the batch the sample ran in. */
  batch: z.number().int(),
});
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

export const ModelMetricsSchema = z.object({
  accuracy: z.number().optional(),
  macroF1: z.number().optional(),
  mae: z.number().optional(),
  rmse: z.number().optional(),
  cosine: z.number().optional(),
  latency: LatencySchema,
  /** Samples per second over the measured (non warm-up) runs. */
  throughput: z.number(),
  /** Absent for an endpoint model (nothing is loaded here). */
  loadMs: z.number().optional(),
  /**
   * RSS growth from before the session was created to the peak while it ran; for an endpoint
   * model, the server's memory from /metrics when it reports it (absent otherwise).
   */
  memoryMiB: z.number().optional(),
  /** Process peak RSS seen while this model ran (ONNX models). */
  peakRssMiB: z.number().optional(),
  /** Model file size (ONNX models). */
  sizeBytes: z.number().int().optional(),
});
export type ModelMetrics = z.infer<typeof ModelMetricsSchema>;

export const ModelResultSchema = z.object({
  name: z.string(),
  /** The ONNX file, or an endpoint model's URL. */
  path: z.string(),
  /** Set for an endpoint model (`api: http`) asked with each row: its URL without query string. */
  endpoint: z.string().optional(),
  /** Endpoint models: requests in flight at once. */
  concurrency: z.number().int().optional(),
  /** sha256 of the model file (an endpoint: of its URL, templates and parameters). */
  sha256: z.string(),
  adapter: z.string(),
  batchSize: z.number().int(),
  /** Whether samples were packed into batches (dynamic first dimension) or run one by one. */
  batched: z.boolean(),
  /** onnxruntime threads (ONNX models). */
  threads: z.object({ intraOp: z.number().int(), interOp: z.number().int() }).optional(),
  warmupRuns: z.number().int(),
  /** Set when this model is the int8 weight-quantized copy of another model of the suite. */
  quantizedFrom: z.string().optional(),
  /** Baseline and candidate timed interleaved in this job (see docs/baselines.md). */
  interleaved: InterleavedSchema.optional(),
  metrics: ModelMetricsSchema,
  samples: z.array(SampleRecordSchema),
});
export type ModelResult = z.infer<typeof ModelResultSchema>;

export const AgreementSchema = z.object({
  a: z.string(),
  b: z.string(),
  samples: z.number().int(),
  /** Share of samples whose argmax matches (outputs with a class axis). */
  top1: z.number().optional(),
  /** Samples whose argmax matches: top1 times samples, kept so shards merge exactly. */
  top1Matches: z.number().int().optional(),
  outputs: z.array(
    z.object({
      name: z.string(),
      maxAbsDiff: z.number(),
      meanAbsDiff: z.number(),
      /** Values compared, and the exact sum of their absolute differences (non-overlapping partials). */
      values: z.number().int().optional(),
      absDiffSum: z.array(z.number()).optional(),
    }),
  ),
});
export type Agreement = z.infer<typeof AgreementSchema>;

export const DatasetInfoSchema = z.object({
  kind: z.enum(['jsonl', 'synthetic']),
  /** JSONL path relative to the working directory, or the synthetic specs. */
  source: z.string(),
  samples: z.number().int(),
  sha256: z.string().optional(),
  seed: z.number().int().optional(),
});

export const SuiteResultSchema = z.object({
  name: z.string(),
  /** The suite's `metrics:` selection; absent means all that apply. */
  metrics: z.array(z.string()).optional(),
  dataset: DatasetInfoSchema,
  /** A shard's samples [start, end) of the dataset's `of` (`--shard i/N`); absent in a full run. */
  range: z.object({ start: z.number().int(), end: z.number().int(), of: z.number().int() }).optional(),
  models: z.array(ModelResultSchema),
  agreement: z.array(AgreementSchema),
  /** Models the suite selected (by capabilities) that cannot run on its dataset, with the reason. */
  excluded: z.array(ExcludedModelSchema).optional(),
});
export type SuiteResult = z.infer<typeof SuiteResultSchema>;

export const GateOutcomeSchema = z.object({
  metric: z.string(),
  suite: z.string(),
  model: z.string(),
  value: z.number().nullable(),
  min: z.number().optional(),
  max: z.number().optional(),
  mode: z.enum(['block', 'warn', 'info']),
  /**
   * `missing`: no model in the gate's scope reports the metric (warns); `not applicable`: some do,
   * these (`models`) do not (neutral, listed once); `not evaluated`: the gate could not be judged
   * at all (`reason`: no baseline, no coverage in the baseline, no diff ...).
   */
  status: z.enum(['pass', 'fail', 'missing', 'not applicable', 'not evaluated']),
  /** The rule as written when min/max do not say it (`max_drop 0.05`). */
  rule: z.string().optional(),
  /** Why the gate was not evaluated, or is not applicable. */
  reason: z.string().optional(),
  /** The models a `not applicable` or `missing` row stands for. */
  models: z.array(z.string()).optional(),
  /** Set when a reviewer accepted this failure for the pull request (see `waivers`). */
  accepted: z.boolean().optional(),
});
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

export const VerdictSchema = z.enum(['pass', 'warning', 'regression']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const EnvironmentSchema = z.object({
  platform: z.string(),
  arch: z.string(),
  cpu: z.string(),
  cores: z.number().int(),
  node: z.string(),
  onnxruntime: z.string().optional(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const ResultsSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('open-autoglm-ci'), version: z.string() }),
  createdAt: z.string(),
  /** Where the run happened: commit, ref and CI run, when known. */
  provenance: z.object({
    sha: z.string().optional(),
    ref: z.string().optional(),
    event: z.string().optional(),
    runId: z.string().optional(),
  }),
  environment: EnvironmentSchema,
  /** Set on a shard's results (`--shard i/N`): what `autoglm merge` checks before joining. */
  shard: z.object({ index: z.number().int(), total: z.number().int(), configSha256: z.string() }).optional(),
  suites: z.array(SuiteResultSchema),
  /** Which suites ran and were skipped, and why (change-based selection). */
  plan: PlanSchema.optional(),
  /** Anomalies triaged by this run and the queue it carries to the next scheduled run. */
  triage: TriageSchema.optional(),
  /** What the run cost, when the config has prices (`cost:`). */
  cost: CostSchema.optional(),
  coverage: CoverageResultSchema.optional(),
  testgen: TestgenResultSchema.optional(),
  /** LLM suites (cases against endpoint models); see docs/llm.md. */
  llm: z.array(LlmSuiteResultSchema).optional(),
  gates: z.array(GateOutcomeSchema),
  /** This run against its baseline; absent when comparison is off. */
  comparison: ComparisonSchema.optional(),
  /** Regressions accepted for this pull request by reviewers (`/autoglm accept`). */
  waivers: z.array(WaiverSchema).optional(),
  /** Where the config's entries are, so annotations can point at a model's line of autoglm.yml. */
  sources: z
    .object({
      /** The config file, relative to the repository root (POSIX). */
      config: z.string(),
      /** Line of each model's entry. */
      models: z.record(z.string(), z.number().int().positive()),
      /** `report.title`, so a publishing job without the config names the report the same. */
      title: z.string().optional(),
    })
    .optional(),
  verdict: VerdictSchema,
});
export type Results = z.infer<typeof ResultsSchema>;
