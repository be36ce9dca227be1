/** Builders of LLM suite results for the report tests. */
import type { LlmCaseResult, LlmMetrics, LlmModelResult, LlmSuiteResult } from '../src/results/llm.js';

export const metrics = (over: Partial<LlmMetrics> = {}): LlmMetrics => ({
  cases: 4,
  passed: 3,
  failed: 1,
  errors: 0,
  skipped: 0,
  passRate: 0.75,
  latency: { meanMs: 120, p50Ms: 100, p95Ms: 250, p99Ms: 300, minMs: 50, maxMs: 310 },
  ttft: { meanMs: 30, p50Ms: 20, p95Ms: 45, p99Ms: 50, minMs: 10, maxMs: 60 },
  tokensPerSecond: 42.5,
  usage: { promptTokens: 100, completionTokens: 50, unknown: 0 },
  costUsd: 0.004,
  assertions: [
    { type: 'contains', passed: 3, graded: 4, skipped: 0 },
    { type: 'llm-rubric', passed: 0, graded: 0, skipped: 4 },
  ],
  memoryMiB: null,
  cache: { hits: 0, misses: 0 },
  sources: { network: 4, cache: 0, replay: 0 },
  requests: 4,
  retries: 0,
  throttled: 0,
  ...over,
});

export const failing = (id: string, over: Partial<LlmCaseResult> = {}): LlmCaseResult => ({
  id,
  prompt: 'p',
  vars: {},
  status: 'fail',
  passRate: 0,
  runs: [
    {
      status: 'fail',
      score: 0,
      output: 'o',
      assertions: [
        { type: 'contains', pass: false, score: 0, reason: 'expected "4"', weight: 1 },
        { type: 'equals', pass: true, score: 1, reason: 'ok', weight: 1 },
        { type: 'llm-rubric', pass: false, score: 0, reason: 'no grader', weight: 1, skipped: true },
      ],
    },
  ],
  ...over,
});

export const endpoint = (name: string, over: Partial<LlmModelResult> = {}): LlmModelResult => ({
  name,
  api: 'openai',
  profile: 'vllm',
  kind: 'chat',
  params: {},
  identity: name,
  determinism: 'temperature 0, seed 1',
  concurrency: 2,
  price: { input: 1, output: 2 },
  metrics: metrics(),
  cases: [],
  ...over,
});

export const onnx = (name: string): LlmModelResult => ({
  ...endpoint(name),
  api: 'onnx',
  path: 'models/m.onnx',
  kind: 'classifier',
  profile: 'onnx',
  price: undefined,
  metrics: metrics({
    ttft: null,
    tokensPerSecond: null,
    costUsd: null,
    memoryMiB: 12.4,
    sources: { network: 0, cache: 0, replay: 0, local: 4 },
  }),
});

export const suite = (models: LlmModelResult[], over: Partial<LlmSuiteResult> = {}): LlmSuiteResult => ({
  name: 'qa',
  cases: { source: 'evals/qa.yaml', sha256: '0'.repeat(64), count: 4 },
  prompts: ['p'],
  repeat: 1,
  repeatThreshold: 1,
  skippedAssertions: [],
  models,
  ...over,
});
