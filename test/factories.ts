import { verdictOf } from '../src/compare/gates.js';
import type { Finding } from '../src/results/comparison.js';
import type { GateOutcome, ModelResult, Results, SuiteResult } from '../src/results/schema.js';
import { SCHEMA_VERSION } from '../src/results/schema.js';
import type { TestgenResult } from '../src/results/testgen.js';

/** Small, valid results documents for tests. */
export function model(
  name: string,
  overrides: Partial<ModelResult['metrics']> = {},
  extra: Partial<ModelResult> = {},
) {
  const m: ModelResult = {
    name,
    path: `models/${name}.onnx`,
    sha256: '0'.repeat(64),
    adapter: 'classifier',
    batchSize: 16,
    batched: true,
    threads: { intraOp: 1, interOp: 1 },
    warmupRuns: 3,
    metrics: {
      latency: { meanMs: 2, p50Ms: 1.5, p95Ms: 4, p99Ms: 5, minMs: 1, maxMs: 6 },
      throughput: 500,
      loadMs: 12,
      memoryMiB: 3.5,
      peakRssMiB: 120,
      sizeBytes: 40_960,
      ...overrides,
    },
    samples: [{ id: '1', prediction: '3', expected: '3', correct: true, latencyMs: 2, batch: 0 }],
    ...extra,
  };
  return m;
}

export function suite(models: ModelResult[], extra: Partial<SuiteResult> = {}): SuiteResult {
  return {
    name: 'digits-eval',
    dataset: { kind: 'jsonl', source: 'data/eval.jsonl', samples: 200 },
    models,
    agreement: [],
    ...extra,
  };
}

export function results(suites: SuiteResult[], gates: GateOutcome[] = []): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'open-autoglm-ci', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    provenance: { sha: '0123456789abcdef0123', ref: 'refs/heads/main' },
    environment: { platform: 'linux', arch: 'x64', cpu: 'Test CPU', cores: 4, node: 'v20.0.0' },
    suites,
    gates,
    verdict: verdictOf(gates),
  };
}

/** A generated-tests section with nothing in it, for the report tests to fill in. */
export const testgenResult = (over: Partial<TestgenResult> = {}): TestgenResult => ({
  framework: 'vitest',
  out: 'test/generated',
  budgetSeconds: 20,
  durationMs: 1000,
  files: [],
  functions: [],
  totals: {
    functions: 0,
    tested: 0,
    partial: 0,
    skipped: 0,
    tests: 0,
    bySolver: 0,
    bySearch: 0,
    branches: { covered: 0, total: 0 },
  },
  behaviourChanges: [],
  stats: { solverChecks: 0, solverMs: 0, executions: 0, timeouts: 0 },
  ...over,
});

/** A finding of the comparison: accuracy of model m, no change, unless told. */
export const finding = (over: Partial<Finding> = {}): Finding => ({
  suite: 'digits-eval',
  model: 'm',
  metric: 'accuracy',
  base: 0.9,
  current: 0.9,
  delta: 0,
  worsening: 0,
  outcome: 'no change',
  method: 'paired',
  reason: 'r',
  mode: 'warn',
  severity: 1,
  ...over,
});
