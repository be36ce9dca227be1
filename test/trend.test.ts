import { describe, expect, it } from 'vitest';
import { trendOf } from '../src/compare/trend.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

const run = (createdAt: string, sha: string, suites: Results['suites']): Results => ({
  ...results(suites),
  createdAt,
  provenance: { sha, ref: 'refs/heads/main' },
});

describe('trendOf: the headline metrics of each model over the history', () => {
  it("takes each point from the same suite's model, skipping runs that lack the suite", () => {
    const p95 = (ms: number) => ({
      latency: { meanMs: 1, p50Ms: 1, p95Ms: ms, p99Ms: ms, minMs: 1, maxMs: ms },
    });
    const other = suite([model('m', p95(99))], { name: 'other-eval' });
    const history = [
      // Another suite with a model of the same name comes first: its figure must not be taken.
      run('2026-01-02T00:00:00.000Z', 'bbbbbbbbbb', [other, suite([model('m', p95(5))])]),
      run('2026-01-01T00:00:00.000Z', 'aaaaaaaaaa', [suite([model('m', p95(4))])]),
      // A run without the suite adds no point and does not fail.
      run('2026-01-03T00:00:00.000Z', 'cccccccccc', [other]),
    ];
    const current = run('2026-01-04T00:00:00.000Z', 'dddddddddd', [suite([model('m', p95(6))])]);
    const trend = trendOf(current, history);
    expect(trend.find((t) => t.metric === 'latency.p95_ms')).toEqual({
      suite: 'digits-eval',
      model: 'm',
      metric: 'latency.p95_ms',
      points: [
        { label: 'aaaaaaa', value: 4 },
        { label: 'bbbbbbb', value: 5 },
        { label: 'this run', value: 6 },
      ],
    });
  });

  it('no history, no trend', () => {
    expect(trendOf(results([suite([model('m')])]), [])).toEqual([]);
  });
});
