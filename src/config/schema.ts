import { z } from 'zod';
import { CoverageConfigSchema } from './coverage.js';
import { TestgenConfigSchema } from './testgen.js';
import { thresholdSchema } from './threshold.js';

/**
 * The `autoglm.yml` schema. Every object is strict: an unknown key is an error with a suggestion.
 * Seed keys of a model entry (`model`, `batch_size`, `quantize`) keep their snake_case names.
 */

const positiveInt = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });
const nonNegativeInt = z
  .number({ error: 'expected a non-negative integer' })
  .int({ error: 'expected a non-negative integer' })
  .nonnegative({ error: 'expected a non-negative integer' });
const nonEmptyString = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'expected a non-empty string' });
const stringList = z.array(nonEmptyString, { error: 'expected a list of strings' });

export const AdapterOptionsSchema = z.strictObject({
  /** Adapter name: tensor, classifier, regression, embedding (or one registered by a library user). */
  type: nonEmptyString,
  /** Class labels, index i names output column i (classifier). */
  labels: stringList.optional(),
  /** Output to read predictions from; defaults to the model's first output. */
  output: nonEmptyString.optional(),
  /** Model input name -> dataset field, when the dataset names fields differently. */
  inputs: z
    .record(z.string(), nonEmptyString, { error: 'expected a map of model input -> dataset field' })
    .optional(),
  /** Dataset field holding the expected value (default `expected`). */
  expected: nonEmptyString.optional(),
});
export type AdapterOptions = z.infer<typeof AdapterOptionsSchema>;

export const ModelSchema = z.strictObject({
  name: nonEmptyString,
  /** ONNX file, relative to the config file. */
  path: nonEmptyString.optional(),
  /** Seed name for `path`, kept for compatibility. */
  model: nonEmptyString.optional(),
  /** Remote endpoint (OpenAI-compatible or HTTP); served by a later version. */
  endpoint: nonEmptyString.optional(),
  adapter: z
    .union([nonEmptyString, AdapterOptionsSchema], { error: 'expected an adapter name or {type: ...}' })
    .default('tensor'),
  labels: stringList.optional(),
  capabilities: stringList.default([]),
  batch_size: positiveInt.default(1),
  quantize: z.boolean({ error: 'expected true or false' }).default(false),
  threads: positiveInt.optional(),
  warmup: nonNegativeInt.default(3),
  /** The baseline version of this model, timed interleaved with it (default: the same path at the merge-base). */
  baseline_model: nonEmptyString.optional(),
});
export type ModelConfig = z.infer<typeof ModelSchema>;

export const SyntheticSchema = z.strictObject({
  /** One spec per model input: `NAME:DTYPE[d0,d1,...]`, the shape of one sample with batch 1. */
  inputs: z.array(nonEmptyString, { error: 'expected a list like ["input:float32[1,3,224,224]"]' }).min(1),
  samples: positiveInt.default(64),
  seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }).default(1),
});

export const DatasetSchema = z.union(
  [nonEmptyString, z.strictObject({ path: nonEmptyString }), z.strictObject({ synthetic: SyntheticSchema })],
  { error: 'expected a JSONL path or {synthetic: {inputs: [...]}}' },
);

export const METRIC_NAMES = [
  'accuracy',
  'macro_f1',
  'mae',
  'rmse',
  'cosine',
  'latency',
  'throughput',
  'load_time',
  'memory',
  'size',
  'agreement',
] as const;

export const SuiteSchema = z.strictObject({
  name: nonEmptyString,
  dataset: DatasetSchema,
  /** Model names; or select them with `capabilities`. */
  models: stringList.optional(),
  /** Models having all of these capabilities join the suite. */
  capabilities: stringList.optional(),
  metrics: z.array(z.enum(METRIC_NAMES, { error: `expected one of ${METRIC_NAMES.join(', ')}` })).optional(),
  /** Evaluate only the first N samples. */
  limit: positiveInt.optional(),
});
export type SuiteConfig = z.infer<typeof SuiteSchema>;

/** Metrics a gate can name (later features add theirs, e.g. `coverage.lines`). */
export const GATE_METRICS = [
  'accuracy',
  'macro_f1',
  'mae',
  'rmse',
  'cosine',
  'latency.mean_ms',
  'latency.p50_ms',
  'latency.p95_ms',
  'latency.p99_ms',
  'throughput',
  'load_time_ms',
  'memory_mib',
  'size_bytes',
] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** Which way is better, per metric: gates and deltas are direction-aware. */
export const HIGHER_IS_BETTER: ReadonlySet<string> = new Set([
  'accuracy',
  'macro_f1',
  'cosine',
  'throughput',
]);
export const isHigherBetter = (metric: string): boolean =>
  HIGHER_IS_BETTER.has(metric) || metric.startsWith('coverage.');

const THRESHOLD_HELP = 'expected a non-negative number (absolute) or a percentage such as "5%" (relative)';
/** `0.02` is absolute (in the metric's unit), `"5%"` is relative to the baseline. */
export const ThresholdSchema = thresholdSchema(THRESHOLD_HELP);
export type Threshold = z.infer<typeof ThresholdSchema>;

export const GateSchema = z.strictObject({
  min: z.number({ error: 'expected a number' }).optional(),
  max: z.number({ error: 'expected a number' }).optional(),
  /** Largest acceptable worsening against the baseline for a bigger-is-better metric. */
  max_drop: ThresholdSchema.optional(),
  /** Largest acceptable worsening against the baseline for a smaller-is-better metric. */
  max_increase: ThresholdSchema.optional(),
  mode: z.enum(['block', 'warn', 'info'], { error: 'expected block, warn or info' }).default('block'),
  suite: nonEmptyString.optional(),
  model: nonEmptyString.optional(),
});
export type GateConfig = z.infer<typeof GateSchema>;

export const ReportSchema = z.strictObject({
  results: nonEmptyString.default('autoglm-results.json'),
  markdown: nonEmptyString.default('autoglm-report.md'),
  title: nonEmptyString.default('Open-AutoGLM CI'),
});

export const BASELINE_STORES = ['file', 'branch', 'artifact', 'cache', 'gitlab', 'none'] as const;

export const BaselineSchema = z.strictObject({
  /** Where baselines live; `none` turns comparison off. */
  store: z.enum(BASELINE_STORES, { error: `expected one of ${BASELINE_STORES.join(', ')}` }).default('file'),
  /** file store: the committed results document. */
  path: nonEmptyString.default('autoglm-baseline.json'),
  /** branch store: the orphan data branch. */
  branch: nonEmptyString.default('autoglm-data'),
  /** Runs kept per branch (branch and cache stores). */
  history: positiveInt.default(100),
  /** Base branch when the CI does not say (local runs). */
  base_branch: nonEmptyString.optional(),
  /** Interleaved rounds per model when the baseline model is available in the job (0 turns it off). */
  rounds: nonNegativeInt.default(20),
  /** Significance level of the paired and interleaved tests. */
  alpha: z.number({ error: 'expected a number in (0, 1)' }).gt(0).lt(1).default(0.01),
  /** Noise band half-width in robust standard deviations (median ± k·1.4826·MAD of the history). */
  noise_k: z.number({ error: 'expected a positive number' }).positive().default(3),
});
export type BaselineConfig = z.infer<typeof BaselineSchema>;

/** Sections owned by later features: accepted as maps so configs can be written ahead of them. */
const reserved = z.record(z.string(), z.unknown(), { error: 'expected a map' }).optional();

export const ConfigSchema = z.strictObject({
  models: z.array(ModelSchema, { error: 'expected a list of models' }).default([]),
  suites: z.array(SuiteSchema, { error: 'expected a list of suites' }).default([]),
  /** Metric name (e.g. `accuracy`, `latency.p95_ms`) -> thresholds. */
  gates: z
    .record(z.string(), GateSchema, { error: 'expected a map of metric -> {min, max, mode}' })
    .default({}),
  report: ReportSchema.default({
    results: 'autoglm-results.json',
    markdown: 'autoglm-report.md',
    title: 'Open-AutoGLM CI',
  }),
  testgen: TestgenConfigSchema.optional(),
  coverage: CoverageConfigSchema.optional(),
  baseline: BaselineSchema.default(BaselineSchema.parse({})),
  cost: reserved,
});
export type Config = z.infer<typeof ConfigSchema>;
