import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { verdictOf } from '../src/compare/gates.js';
import { mcnemarExact, severity } from '../src/compare/stats.js';
import { ConfigSchema } from '../src/config/schema.js';
import { comparisonLines, findingRow } from '../src/report/comparison.js';
import type { ModelResult } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

/** `n` labelled samples; the ids in `wrong` fail. */
function withWrong(n: number, wrong: number[]): ModelResult {
  const set = new Set(wrong);
  return model(
    'digits-v2',
    { accuracy: (n - set.size) / n },
    {
      samples: Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        prediction: '1',
        expected: '1',
        correct: !set.has(i),
        latencyMs: 1,
        batch: 0,
      })),
    },
  );
}

const run = (m: ModelResult, n: number) =>
  results([suite([m], { dataset: { kind: 'jsonl', source: 'eval.jsonl', samples: n, sha256: 'd1' } })]);
const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

describe('an inconclusive finding beyond its gate (issue 14, item 4)', () => {
  // 60% -> 40% on 10 samples with 4 flips: s0-s2 pass -> fail, s6 fail -> pass; McNemar p = 0.625.
  const base = run(withWrong(10, [6, 7, 8, 9]), 10);
  const cur = run(withWrong(10, [0, 1, 2, 7, 8, 9]), 10);
  const c = compareResults(cur, base, { gates: gates({ accuracy: { max_drop: 0.05 } }), alpha: 0.05 });
  const f = c.findings.find((x) => x.metric === 'accuracy');

  it('is not "within noise" (level 1): it gets level 2, its own level', () => {
    expect(f).toMatchObject({ outcome: 'inconclusive', mode: 'block', severity: 2 });
    expect(f?.pValue).toBeCloseTo(0.625, 12);
    expect(f?.flips).toEqual({ passToFail: ['s0', 's1', 's2'], failToPass: ['s6'] });
    // Not a failure: only a regression in a block gate fails a run.
    expect(verdictOf([], c.findings)).toBe('pass');
  });

  it('says how many samples would decide it: the n at which exact McNemar reaches alpha at the observed flip rate', () => {
    // 4 flips per 10 samples, split 3 : 1. At k flips (B = round(0.75 k), C = k - B) the exact
    // test's p jitters with the rounding: k = 19 (14 : 5) is 0.064, k = 20-23 stay <= 0.05, so 20
    // flips, i.e. 50 samples, decide it.
    const p = (k: number) => mcnemarExact(Math.round(0.75 * k), k - Math.round(0.75 * k)).pValue;
    expect(p(19)).toBeGreaterThan(0.05);
    for (const k of [20, 21, 22, 23]) expect(p(k)).toBeLessThanOrEqual(0.05);
    expect(f?.moreSamples).toBe(40);
    expect(f?.reason).toContain('at 50 samples (40 more) the exact McNemar test would reach alpha 0.05');
  });

  it('is worded as its own level in the terminal and the findings table', () => {
    const lines = comparisonLines(c).join('\n');
    expect(lines).toContain(
      'inconclusive beyond the gate: digits-v2 accuracy 33.3% worse [paired, severity 2: inconclusive beyond the gate]',
    );
    expect(lines).not.toContain('within noise');
    expect(findingRow(f as NonNullable<typeof f>)).toContain('❔ inconclusive beyond the gate');
  });

  it('severity(): an inconclusive worsening beyond the gate is 2, below the gate 1', () => {
    const base = { pValue: 0.2, threshold: 0.05, mode: 'block', withinNoise: false } as const;
    expect(severity({ ...base, effect: 0.2, inconclusive: true })).toBe(2);
    expect(severity({ ...base, effect: 0.03, inconclusive: true })).toBe(1);
  });
});
