import { z } from 'zod';
import { CostConfigSchema } from './cost.js';
import { CoverageConfigSchema } from './coverage.js';
import { EndpointFields, LlmSuiteFields } from './llm.js';
import { nonEmptyString, nonNegativeInt, positiveInt } from './primitives.js';
import { TestgenConfigSchema } from './testgen.js';
import { thresholdSchema } from './threshold.js';

/**
 * The `autoglm.yml` schema. Every object is strict: an unknown key is an error with a suggestion.
 * Seed keys of a model entry (`model`, `batch_size`, `quantize`) keep their snake_case names.
 */

const stringList = z.array(nonEmptyString, { error: 'expected a list of strings' });

export const AdapterOptionsSchema = z.strictObject({
  type: nonEmptyString.describe(
    'Adapter name: `tensor`, `classifier`, `regression`, `embedding`, or one a library user registered.',
  ),
  labels: stringList.optional().describe('Class labels (classifier): label i names output column i.'),
  output: nonEmptyString
    .optional()
    .describe("Output to read predictions from (default: the model's first output)."),
  inputs: z
    .record(z.string(), nonEmptyString, { error: 'expected a map of model input -> dataset field' })
    .optional()
    .describe('Model input -> dataset field, when the dataset names fields differently.'),
  expected: nonEmptyString.optional().describe('Dataset field with the expected value (default `expected`).'),
});
export type AdapterOptions = z.infer<typeof AdapterOptionsSchema>;

export const ModelSchema = z.strictObject({
  name: nonEmptyString.describe('Unique name used by suites, gates and reports.'),
  path: nonEmptyString.optional().describe('ONNX model file, relative to the config file.'),
  model: nonEmptyString.optional().describe('Same as `path` (the seed name of the key).'),
  endpoint: nonEmptyString
    .optional()
    .describe('Remote endpoint base URL (OpenAI-compatible or HTTP JSON); see docs/llm.md.'),
  ...EndpointFields,
  adapter: z
    .union([nonEmptyString, AdapterOptionsSchema], { error: 'expected an adapter name or {type: ...}' })
    .default('tensor')
    .describe(
      'How outputs become predictions: an adapter name, or the map form below. Endpoint models: `chat`, `completion` or `embedding`; an `api: http` endpoint in a dataset suite may take `classifier` or `regression` to read its answers (docs/llm.md).',
    ),
  labels: stringList.optional().describe('Class labels (classifier): label i names output column i.'),
  capabilities: stringList
    .default([])
    .describe('Suites with `capabilities:` pick the models that have all of them.'),
  batch_size: positiveInt
    .default(1)
    .describe(
      'Samples per run when every model input has a dynamic first dimension; models with a fixed batch run one sample at a time. Results are identical either way.',
    ),
  quantize: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe('Also evaluate an int8 weight-only copy (`<name>-int8`), written to `.autoglm/models/`.'),
  threads: positiveInt
    .optional()
    .describe(
      'onnxruntime intra-op threads (default: half the cores, at least 1); inter-op is 1 and execution sequential, so runs do not oversubscribe a shared runner.',
    ),
  warmup: nonNegativeInt.default(3).describe('Runs of the first batch before timing starts; never measured.'),
  tokenizer: nonEmptyString
    .optional()
    .describe(
      'ONNX models that read text: a Hugging Face `tokenizer.json` (WordPiece: BERT, MiniLM, BGE, E5, GTE), relative to the config file. Such a model takes part in LLM suites: `adapter: embedding` scores `similar`, `adapter: classifier` answers each case with its label.',
    ),
  pooling: z
    .enum(['mean', 'cls'], { error: 'expected mean or cls' })
    .optional()
    .describe(
      'Text embedding models whose output is one vector per token: `mean` (mask-weighted mean, sentence-transformers) or `cls` (the first token, BGE). Default mean.',
    ),
  baseline_model: nonEmptyString
    .optional()
    .describe(
      'The baseline version of this model, timed interleaved with it in the same process (default: the same `path` at the merge-base; see `baseline.rounds`).',
    ),
});
export type ModelConfig = z.infer<typeof ModelSchema>;

export const SyntheticSchema = z.strictObject({
  inputs: z
    .array(nonEmptyString, { error: 'expected a list like ["input:float32[1,3,224,224]"]' })
    .min(1)
    .describe(
      'One spec per model input, `NAME:DTYPE[d0,d1,...]`, the shape of one sample with batch 1 (`pixels:float32[1,64]`; `autoglm inspect MODEL.onnx` prints them).',
    ),
  samples: positiveInt.default(64).describe('Number of samples.'),
  seed: z
    .number({ error: 'expected an integer seed' })
    .int({ error: 'expected an integer seed' })
    .default(1)
    .describe('Seed of the mulberry32 generator: floats uniform in [0, 1), integers in [0, 10), bools 0/1.'),
});

export const DatasetSchema = z.union(
  [
    nonEmptyString,
    z.strictObject({ path: nonEmptyString.describe('JSONL file, relative to the config file.') }),
    z.strictObject({ synthetic: SyntheticSchema.describe('Generated inputs of the given shapes (below).') }),
  ],
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
  name: nonEmptyString.describe('Suite name.'),
  dataset: DatasetSchema.optional().describe(
    'Tensor samples for ONNX models: a JSONL file (`data/eval.jsonl` or `{path: ...}`), or `{synthetic: {inputs, samples, seed}}`. An LLM suite gives `cases` instead.',
  ),
  ...LlmSuiteFields,
  models: stringList.optional().describe('Models to run, by name.'),
  capabilities: stringList
    .optional()
    .describe(
      'Run every model having all of these (when `models` is absent). Without either, every model runs.',
    ),
  metrics: z
    .array(z.enum(METRIC_NAMES, { error: `expected one of ${METRIC_NAMES.join(', ')}` }))
    .optional()
    .describe('Columns and sections to report (default: all that apply).'),
  limit: positiveInt.optional().describe('Evaluate only the first N samples.'),
  allow_unlabelled: z
    .boolean({ error: 'expected true or false' })
    .default(false)
    .describe(
      'Rows without the expected field are scored on the labelled rows only, with a warning counting them. Off (the default), such a row in a dataset whose other rows have the field is an error naming its `file:line`.',
    ),
  paths: stringList
    .optional()
    .describe(
      'Globs (from the repository root) of the code this suite exercises: PR runs select it when one matches a changed file.',
    ),
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

const rel = (amount: number, text: string) => ({ amount, relative: true, text });
const abs = (amount: number, text: string) => ({ amount, relative: false, text });

/**
 * What counts as a change when no gate names the metric: the comparison still judges it against
 * the baseline, reported at info level only (never failing, never ahead of a gated finding).
 */
export const DEFAULT_THRESHOLDS: Readonly<
  Record<GateMetric, { amount: number; relative: boolean; text: string }>
> = {
  accuracy: abs(0.01, '0.01'),
  macro_f1: abs(0.01, '0.01'),
  cosine: abs(0.01, '0.01'),
  mae: rel(0.05, '5%'),
  rmse: rel(0.05, '5%'),
  'latency.mean_ms': rel(0.05, '5%'),
  'latency.p50_ms': rel(0.05, '5%'),
  'latency.p95_ms': rel(0.05, '5%'),
  'latency.p99_ms': rel(0.05, '5%'),
  throughput: rel(0.05, '5%'),
  load_time_ms: rel(0.2, '20%'),
  memory_mib: rel(0.1, '10%'),
  size_bytes: rel(0.01, '1%'),
};

const DEFAULTS_TEXT = GATE_METRICS.map((m) => `\`${m}\` ${DEFAULT_THRESHOLDS[m].text}`).join(', ');

/** Which way is better, per metric: gates and deltas are direction-aware. */
export const HIGHER_IS_BETTER: ReadonlySet<string> = new Set([
  'accuracy',
  'macro_f1',
  'cosine',
  'throughput',
  'pass_rate',
  'tokens_per_s',
]);
export const isHigherBetter = (metric: string): boolean =>
  HIGHER_IS_BETTER.has(metric) || metric.startsWith('coverage.');

const THRESHOLD_HELP = 'expected a non-negative number (absolute) or a percentage such as "5%" (relative)';
/** `0.02` is absolute (in the metric's unit), `"5%"` is relative to the baseline. */
export const ThresholdSchema = thresholdSchema(THRESHOLD_HELP);
export type Threshold = z.infer<typeof ThresholdSchema>;

export const GateSchema = z.strictObject({
  min: z.number({ error: 'expected a number' }).optional().describe('The metric must be >= min.'),
  max: z.number({ error: 'expected a number' }).optional().describe('The metric must be <= max.'),
  max_drop: ThresholdSchema.optional().describe(
    'Against the baseline, a higher-is-better metric may drop at most this much: `0.02` (absolute) or `"2%"` (relative). A regression also needs statistical evidence.',
  ),
  max_increase: ThresholdSchema.optional().describe(
    'Against the baseline, a lower-is-better metric may grow at most this much: `5` or `"5%"`.',
  ),
  mode: z
    .enum(['block', 'warn', 'info'], { error: 'expected block, warn or info' })
    .default('block')
    .describe('`block` (a failure is a regression: exit 1), `warn` (a warning), `info` (reported only).'),
  suite: nonEmptyString.optional().describe('Apply to this suite only.'),
  model: nonEmptyString.optional().describe('Apply to this model only.'),
});
export type GateConfig = z.infer<typeof GateSchema>;

export const ReportSchema = z.strictObject({
  results: nonEmptyString
    .default('autoglm-results.json')
    .describe('Results document, relative to the working directory.'),
  markdown: nonEmptyString.default('autoglm-report.md').describe('Markdown report (also the job summary).'),
  title: nonEmptyString.default('Open-AutoGLM CI').describe('Report heading.'),
});

export const BASELINE_STORES = ['file', 'branch', 'artifact', 'cache', 'gitlab', 'none'] as const;

export const BaselineSchema = z.strictObject({
  store: z
    .enum(BASELINE_STORES, { error: `expected one of ${BASELINE_STORES.join(', ')}` })
    .default('file')
    .describe(
      '`file`: a results document committed in the repo (`autoglm baseline save --to PATH`), read as it was at the merge-base. `branch`: an orphan data branch written on pushes to the base branch. `artifact`: the results artifact of the latest successful run of the same workflow on the base branch. `cache`: the GitHub Actions cache, saved on pushes to the default or a protected branch (the action only). `none`: no comparison.',
    ),
  path: nonEmptyString
    .default('autoglm-baseline.json')
    .describe("File store: the document's path, relative to the config file."),
  branch: nonEmptyString.default('autoglm-data').describe('Branch store: the orphan data branch.'),
  history: positiveInt
    .default(100)
    .describe(
      'Branch and cache stores: runs kept per branch (the noise band and change points are learnt from them).',
    ),
  base_branch: nonEmptyString.optional().describe('Base branch when the CI does not say (local runs).'),
  rounds: nonNegativeInt
    .default(20)
    .describe(
      'Interleaved rounds per model when the baseline model is available in the job (`0` turns it off).',
    ),
  alpha: z
    .number({ error: 'expected a number in (0, 1)' })
    .gt(0)
    .lt(1)
    .default(0.01)
    .describe('Significance level of the paired (McNemar) and interleaved (Mann-Whitney) tests.'),
  noise_k: z
    .number({ error: 'expected a positive number' })
    .positive()
    .default(3)
    .describe('Noise band half-width, in robust standard deviations (median ± k·1.4826·MAD of the history).'),
});
export type BaselineConfig = z.infer<typeof BaselineSchema>;

export const ConfigSchema = z.strictObject({
  models: z
    .array(ModelSchema, { error: 'expected a list of models' })
    .default([])
    .describe('The model registry.'),
  suites: z
    .array(SuiteSchema, { error: 'expected a list of suites' })
    .default([])
    .describe('What to evaluate: a dataset and the models that run on it.'),
  gates: z
    .record(z.string(), GateSchema, { error: 'expected a map of metric -> {min, max, mode}' })
    .default({})
    .describe(
      `Metric name (\`accuracy\`, \`latency.p95_ms\`, ...) -> thresholds; decides the verdict. A metric no gate names is still compared with the baseline at a default allowance (absolute, or % of the baseline), reported at info level only: it never fails a run, never outranks a gated finding and is never named in the headline. Defaults: ${DEFAULTS_TEXT}.`,
    ),
  report: ReportSchema.default({
    results: 'autoglm-results.json',
    markdown: 'autoglm-report.md',
    title: 'Open-AutoGLM CI',
  }).describe('Where results and the report are written.'),
  testgen: TestgenConfigSchema.optional().describe(
    'Unit-test generation for JS/TS sources: [testgen.md](testgen.md).',
  ),
  coverage: CoverageConfigSchema.optional().describe(
    'Coverage reports to ingest, patch coverage and coverage gates: [coverage.md](coverage.md).',
  ),
  baseline: BaselineSchema.default(BaselineSchema.parse({})).describe(
    'Where the baseline comes from and how runs are compared with it: [baselines.md](baselines.md).',
  ),
  cost: CostConfigSchema.optional().describe(
    'Prices for the run cost in the report: runner time and tokens.',
  ),
});
export type Config = z.infer<typeof ConfigSchema>;
