import { describe, expect, it } from 'vitest';
import { unevaluatedRelativeGates } from '../src/compare/gate-status.js';
import { evaluateGates, metricValue, verdictOf } from '../src/compare/gates.js';
import { ConfigSchema, GATE_METRICS } from '../src/config/schema.js';
import type { Finding } from '../src/results/comparison.js';
import { finding, model, suite } from './factories.js';

/**
 * Rows of the gate table and what each one says: absolute gates (min, max) on this run, and
 * baseline-relative gates (max_drop, max_increase) that no finding judged.
 */

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

describe('metricValue', () => {
  it('reads every gate metric from its own field', () => {
    const m = model('m', {
      accuracy: 0.91,
      macroF1: 0.82,
      mae: 0.13,
      rmse: 0.24,
      cosine: 0.95,
      latency: { meanMs: 2.1, p50Ms: 2.2, p95Ms: 2.3, p99Ms: 2.4, minMs: 1, maxMs: 9 },
      throughput: 480,
      loadMs: 11,
      memoryMiB: 3.6,
      sizeBytes: 4096,
    });
    expect(Object.fromEntries(GATE_METRICS.map((metric) => [metric, metricValue(m, metric)]))).toEqual({
      accuracy: 0.91,
      macro_f1: 0.82,
      mae: 0.13,
      rmse: 0.24,
      cosine: 0.95,
      'latency.mean_ms': 2.1,
      'latency.p50_ms': 2.2,
      'latency.p95_ms': 2.3,
      'latency.p99_ms': 2.4,
      throughput: 480,
      load_time_ms: 11,
      memory_mib: 3.6,
      size_bytes: 4096,
    });
  });
});

describe('evaluateGates', () => {
  it('a max gate fails above the limit and its row carries the limit', () => {
    const rows = evaluateGates(
      [suite([model('m', { sizeBytes: 5001 }), model('n', { sizeBytes: 5000 })])],
      gates({ size_bytes: { max: 5000 } }),
    );
    expect(rows).toEqual([
      {
        metric: 'size_bytes',
        suite: 'digits-eval',
        model: 'm',
        value: 5001,
        max: 5000,
        mode: 'block',
        status: 'fail',
      },
      {
        metric: 'size_bytes',
        suite: 'digits-eval',
        model: 'n',
        value: 5000,
        max: 5000,
        mode: 'block',
        status: 'pass',
      },
    ]);
  });

  it("baseline-relative gates and LLM suites' gates make no row here", () => {
    const s = [suite([model('m', { accuracy: 0.5 })])];
    expect(evaluateGates(s, gates({ accuracy: { max_drop: 0.01 } }))).toEqual([]);
    expect(evaluateGates(s, gates({ pass_rate: { min: 0.9 } }))).toEqual([]);
  });

  it('a gate whose scope matched no model is not evaluated, naming the scope it asked for', () => {
    const s = [suite([model('m', { accuracy: 0.9 })])];
    expect(evaluateGates(s, gates({ accuracy: { min: 0.8, suite: 'other', model: 'x' } }))).toEqual([
      {
        metric: 'accuracy',
        suite: 'other',
        model: 'x',
        value: null,
        min: 0.8,
        mode: 'block',
        status: 'not evaluated',
        reason: 'no model in its scope (suite other, model x) ran in this run',
      },
    ]);
    expect(evaluateGates(s, gates({ accuracy: { min: 0.8, model: 'x' } }))[0]?.reason).toBe(
      'no model in its scope (model x) ran in this run',
    );
    expect(evaluateGates([], gates({ accuracy: { min: 0.8 } }))[0]).toMatchObject({
      suite: '*',
      model: '*',
      reason: 'no model ran in this run',
    });
  });

  it('a gate naming a model that lacks the metric in one of its suites is missing, though another suite measured it', () => {
    const rows = evaluateGates(
      [suite([model('m', { accuracy: 0.9 })], { name: 'a' }), suite([model('m')], { name: 'b' })],
      gates({ accuracy: { min: 0.8, model: 'm', mode: 'warn' } }),
    );
    expect(rows.map((r) => [r.suite, r.status, r.reason])).toEqual([
      ['a', 'pass', undefined],
      ['b', 'missing', 'm does not report accuracy'],
    ]);
  });

  it('models lacking the metric are one "not applicable" row naming them and their suites', () => {
    const one = evaluateGates(
      [suite([model('m', { accuracy: 0.9 }), model('x')], { name: 'a' })],
      gates({ accuracy: { min: 0.8 } }),
    );
    expect(one.at(-1)).toMatchObject({
      suite: 'a',
      model: 'x',
      status: 'not applicable',
      reason: 'x does not report accuracy',
    });
    const two = evaluateGates(
      [suite([model('m', { accuracy: 0.9 }), model('x')], { name: 'a' }), suite([model('y')], { name: 'b' })],
      gates({ accuracy: { min: 0.8 } }),
    );
    expect(two.at(-1)).toMatchObject({
      suite: 'a, b',
      model: '2 models',
      status: 'not applicable',
      reason: 'x, y do not report accuracy',
      models: ['x', 'y'],
    });
  });
});

describe('unevaluatedRelativeGates', () => {
  it('a scoped gate no finding judged keeps its scope, mode and rule, and says which model it looked for', () => {
    const g = gates({
      accuracy: { max_drop: 0.02, suite: 's', model: 'x', mode: 'warn' },
      size_bytes: { max: 10 },
    });
    expect(unevaluatedRelativeGates(g, [], undefined)).toEqual([
      {
        metric: 'accuracy',
        suite: 's',
        model: 'x',
        value: null,
        mode: 'warn',
        status: 'not evaluated',
        rule: 'max_drop 0.02',
        reason: 'neither the baseline nor this run has accuracy for the same model (suite s, model x)',
      },
    ]);
  });

  it('only a finding of the same metric under the same rule counts as judging the gate', () => {
    const g = gates({ accuracy: { max_drop: 0.02 } });
    expect(unevaluatedRelativeGates(g, [finding({ rule: 'max_drop 0.02' })], undefined)).toEqual([]);
    expect(unevaluatedRelativeGates(g, [finding({ rule: 'max_drop 0.05' })], undefined)).toHaveLength(1);
    expect(
      unevaluatedRelativeGates(g, [finding({ metric: 'cosine', rule: 'max_drop 0.02' })], undefined),
    ).toHaveLength(1);
  });

  it('an unscoped gate covers every suite and model (`*`), and names no scope in its reason', () => {
    const [row] = unevaluatedRelativeGates(
      gates({ 'latency.p95_ms': { max_increase: '10%' } }),
      [],
      undefined,
    );
    expect(row).toMatchObject({
      suite: '*',
      model: '*',
      rule: 'max_increase 10%',
      reason: 'neither the baseline nor this run has latency.p95_ms for the same model',
    });
  });
});

describe('verdictOf: only failures and regressions move the verdict', () => {
  const outcome = (status: 'pass' | 'fail', mode: 'block' | 'warn') => ({
    metric: 'accuracy',
    suite: 's',
    model: 'm',
    value: 0.9,
    min: 0.8,
    mode,
    status,
  });
  const findingOf = (outcome: Finding['outcome'], mode: Finding['mode']) => finding({ outcome, mode });

  it('a passing warn gate and warn findings that are not regressions leave a pass', () => {
    expect(verdictOf([outcome('pass', 'warn'), outcome('pass', 'block')])).toBe('pass');
    expect(
      verdictOf(
        [],
        [
          findingOf('no change', 'warn'),
          findingOf('inconclusive', 'warn'),
          findingOf('improvement', 'block'),
        ],
      ),
    ).toBe('pass');
    expect(verdictOf([outcome('fail', 'warn')])).toBe('warning');
    expect(verdictOf([], [findingOf('regression', 'warn')])).toBe('warning');
    expect(verdictOf([], [findingOf('regression', 'info')])).toBe('pass');
  });
});
