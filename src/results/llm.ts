import { z } from 'zod';

/** Same shape as the ONNX models' latency (schema.ts), kept here so the two files do not import each other. */
const LatencySchema = z.object({
  meanMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
});

/** LLM suites in the results document (`llm:`): cases against endpoint models, per case kept. */

export const AssertionResultSchema = z.object({
  type: z.string(),
  pass: z.boolean(),
  score: z.number(),
  reason: z.string(),
  weight: z.number(),
  skipped: z.boolean().optional(),
  metric: z.string().optional(),
});

export const UsageSchema = z.object({
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
});

/** One ask of one case (a case asked `repeat` times has several). */
export const LlmRunSchema = z.object({
  status: z.enum(['pass', 'fail', 'error', 'skipped']),
  score: z.number(),
  output: z.string(),
  error: z.string().optional(),
  latencyMs: z.number().optional(),
  ttftMs: z.number().optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().optional(),
  /** network, cache (the response cache), replay (a cassette) or local (an ONNX text model). */
  source: z.enum(['network', 'cache', 'replay', 'local']).optional(),
  attempts: z.number().int().optional(),
  assertions: z.array(AssertionResultSchema),
});
export type LlmRun = z.infer<typeof LlmRunSchema>;

export const LlmCaseResultSchema = z.object({
  /** Stable id (the test's description, or #N): what pairs a case with its baseline. */
  id: z.string(),
  prompt: z.string(),
  vars: z.record(z.string(), z.unknown()),
  /** pass/fail over the repeats (repeat_threshold); error: no answer; skipped: nothing gradable. */
  status: z.enum(['pass', 'fail', 'error', 'skipped']),
  /** Share of repeats that passed. */
  passRate: z.number(),
  group: z.string().optional(),
  runs: z.array(LlmRunSchema),
});
export type LlmCaseResult = z.infer<typeof LlmCaseResultSchema>;

export const LlmMetricsSchema = z.object({
  cases: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  skipped: z.number().int(),
  /** passed / (passed + failed + errors); null when no case could be graded. */
  passRate: z.number().nullable(),
  latency: LatencySchema.nullable(),
  ttft: LatencySchema.nullable(),
  /** Completion tokens per second of streaming time, over answers that reported usage. */
  tokensPerSecond: z.number().nullable(),
  usage: z.object({
    promptTokens: z.number(),
    completionTokens: z.number(),
    /** Answers without usage (TGI streams, some servers): their tokens are unknown, not 0. */
    unknown: z.number().int(),
  }),
  costUsd: z.number().nullable(),
  /** Pass rate per assertion type. */
  assertions: z.array(
    z.object({
      type: z.string(),
      passed: z.number().int(),
      graded: z.number().int(),
      skipped: z.number().int(),
    }),
  ),
  /** Mean agreement inside groups of paraphrased cases (metadata.group), when there are groups. */
  consistency: z.number().optional(),
  /** Server memory from Prometheus /metrics (vLLM, TGI); null = the server does not report it. */
  memoryMiB: z.number().nullable(),
  cache: z.object({ hits: z.number().int(), misses: z.number().int() }),
  /** Answers by source: network, cache, replay. */
  sources: z.object({
    network: z.number().int(),
    cache: z.number().int(),
    replay: z.number().int(),
    /** Answers computed by a local ONNX text model in this run. */
    local: z.number().int().optional(),
  }),
  requests: z.number().int(),
  retries: z.number().int(),
  throttled: z.number().int(),
});
export type LlmMetrics = z.infer<typeof LlmMetricsSchema>;

/** A model a suite selected that did not take part in it, and why. */
export const ExcludedModelSchema = z.object({ model: z.string(), reason: z.string() });

export const LlmModelResultSchema = z.object({
  name: z.string(),
  /** Base URL without query string or credentials; absent for a local ONNX text model. */
  endpoint: z.string().optional(),
  /** `onnx`: a local ONNX text model (tokenizer + classifier) answering the cases. */
  api: z.enum(['openai', 'http', 'onnx']),
  /** ONNX text models: the model file (relative to the working directory). */
  path: z.string().optional(),
  profile: z.string(),
  kind: z.string(),
  /** Effective request parameters after defaults and the profile (no keys). */
  params: z.record(z.string(), z.unknown()),
  /** sha256 of api, endpoint, kind, params and templates: what was evaluated. */
  identity: z.string(),
  determinism: z.string(),
  concurrency: z.number().int(),
  /** USD per million tokens from the config (`price:`); absent: cost is not computed. */
  price: z.object({ input: z.number(), output: z.number() }).optional(),
  /** Set when the circuit breaker stopped the suite for this model. */
  breaker: z
    .object({ openedAfter: z.number().int(), reason: z.string(), notSent: z.number().int() })
    .optional(),
  metrics: LlmMetricsSchema,
  cases: z.array(LlmCaseResultSchema),
});
export type LlmModelResult = z.infer<typeof LlmModelResultSchema>;

export const LlmSuiteResultSchema = z.object({
  name: z.string(),
  cases: z.object({ source: z.string(), sha256: z.string(), count: z.number().int() }),
  prompts: z.array(z.string()),
  repeat: z.number().int(),
  repeatThreshold: z.number(),
  /** Assertion types not graded, with why and how often. */
  skippedAssertions: z.array(z.object({ type: z.string(), reason: z.string(), count: z.number().int() })),
  /** How `similar` was scored: an embedding model, or the labelled n-gram fallback. */
  similarity: z.string().optional(),
  /** Models the suite selected (by capabilities) that cannot answer its cases, with the reason. */
  excluded: z.array(ExcludedModelSchema).optional(),
  /** replay: from cassettes (no network); record: cassettes written. */
  cassette: z.object({ mode: z.enum(['record', 'replay']), dir: z.string() }).optional(),
  models: z.array(LlmModelResultSchema),
});
export type LlmSuiteResult = z.infer<typeof LlmSuiteResultSchema>;

/** The reason of a timing finding not compared because both runs replayed cassette timings. */
export const REPLAYED_TIMING_REASON =
  'both runs replayed the timings recorded in their cassettes: nothing was measured, so nothing to compare';
