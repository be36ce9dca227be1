import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { quantileVerdict, seededRng } from '../src/compare/stats.js';
import { ConfigSchema } from '../src/config/schema.js';
import type { Interleaved } from '../src/results/comparison.js';
import type { ModelResult, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { exactQuantileVerdict, sortedQuantile } from './helpers.js';

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

function run(m: ModelResult): Results {
  return results([suite([m])]);
}

/**
 * R interleaved rounds of `batches` per-sample batch latencies each: most batches near 1 ms, a
 * share `tail` of them `tailAt` ms (the slow tail a p95 sees and a median does not). Each round
 * shares a small drift.
 */
function rounds(
  rng: () => number,
  r: number,
  batches: number,
  tail: number,
  tailAt: number,
): { perBatch: number[][]; medians: number[] } {
  const perBatch: number[][] = [];
  const medians: number[] = [];
  for (let i = 0; i < r; i++) {
    const drift = 1 + (rng() - 0.5) * 0.02;
    const xs = Array.from({ length: batches }, () => {
      const base = 1 + (rng() - 0.5) * 0.05;
      return drift * (rng() < tail ? tailAt * base : base);
    });
    perBatch.push(xs);
    const s = [...xs].sort((a, b) => a - b);
    medians.push(((s[(batches >> 1) - 1] as number) + (s[batches >> 1] as number)) / 2);
  }
  return { perBatch, medians };
}

function timed(base: ReturnType<typeof rounds>, cand: ReturnType<typeof rounds>): Interleaved {
  return {
    baseSha256: 'b'.repeat(64),
    baseSource: 'models/m.onnx at 1a2b3c4d5e6f',
    rounds: base.medians.length,
    samplesPerRound: 256,
    base: base.medians,
    candidate: cand.medians,
    baseBatches: base.perBatch,
    candidateBatches: cand.perBatch,
  };
}

const lat = (p95: number, extra: Partial<ModelResult> = {}) =>
  model(
    'm',
    { latency: { meanMs: 1, p50Ms: 1, p95Ms: p95, p99Ms: p95, minMs: 0.9, maxMs: p95 * 2 } },
    { sha256: '1'.repeat(64), ...extra },
  );

describe('tail gates are judged on the tail', () => {
  // Same median; the candidate's slow batches are 1.8x slower: p95 about 72% worse.
  const rng = seededRng(14);
  const base = rounds(rng, 20, 32, 0.1, 2.5);
  const cand = rounds(rng, 20, 32, 0.1, 4.3);

  it('a 72% p95 regression fails a 10% latency.p95_ms gate although the medians agree', () => {
    const c = compareResults(run(lat(4.3, { interleaved: timed(base, cand) })), run(lat(2.5)), {
      gates: gates({
        'latency.p95_ms': { max_increase: '10%' },
        'latency.p50_ms': { max_increase: '10%' },
      }),
    });
    const p95 = c.findings.find((f) => f.metric === 'latency.p95_ms');
    expect(p95).toMatchObject({ outcome: 'regression', method: 'interleaved', mode: 'block' });
    expect(p95?.reason).toMatch(/p95 .* slower/);
    expect(p95?.interval?.lower).toBeGreaterThan(0.5);
    // The median gate keeps its rule (ratio of round medians): no slowdown there.
    const p50 = c.findings.find((f) => f.metric === 'latency.p50_ms');
    expect(p50).toMatchObject({ outcome: 'no change', method: 'interleaved' });
    expect(c.outcome).toBe('regression');
  });

  it('the same tail on both sides is no change', () => {
    const again = rounds(seededRng(15), 20, 32, 0.1, 2.5);
    const c = compareResults(run(lat(2.5, { interleaved: timed(base, again) })), run(lat(2.5)), {
      gates: gates({ 'latency.p95_ms': { max_increase: '10%' } }),
    });
    const p95 = c.findings.find((f) => f.metric === 'latency.p95_ms');
    expect(p95?.method).toBe('interleaved');
    expect(p95?.outcome).not.toBe('regression');
    expect(p95?.outcome).not.toBe('improvement');
  });
});

describe("interleaved findings carry the gate's size and the verdict's figures", () => {
  // Every batch 20% slower: the median and the tail both move by about 20%.
  const rng = seededRng(21);
  const base = rounds(rng, 20, 32, 0.1, 2.5);
  const scaled = (r: ReturnType<typeof rounds>, k: number) => ({
    perBatch: r.perBatch.map((xs) => xs.map((x) => x * k)),
    medians: r.medians.map((x) => x * k),
  });
  const cand = scaled(rounds(rng, 20, 32, 0.1, 2.5), 1.2);
  const judge = (gate: string, il = timed(base, cand)) =>
    compareResults(run(lat(3, { interleaved: il })), run(lat(2.5)), {
      gates: gates({ 'latency.p50_ms': { max_increase: gate }, 'latency.p95_ms': { max_increase: gate } }),
    }).findings;

  it('a 20% slowdown fails a 10% gate and passes a 50% one, on the median and on the tail', () => {
    for (const metric of ['latency.p50_ms', 'latency.p95_ms']) {
      const tight = judge('10%').find((f) => f.metric === metric);
      expect(tight).toMatchObject({ outcome: 'regression', method: 'interleaved' });
      expect(tight?.pValue).toBeLessThan(0.01);
      expect(tight?.severity).toBeGreaterThanOrEqual(4);
      expect(tight && 'moreSamples' in tight).toBe(false);
      expect(judge('50%').find((f) => f.metric === metric)?.outcome).toBe('no change');
    }
  });

  it('too few rounds for the tail is inconclusive, with how many more rounds would decide it', () => {
    const few = { ...timed(base, cand), rounds: 5 };
    few.base = few.base.slice(0, 5);
    few.candidate = few.candidate.slice(0, 5);
    few.baseBatches = few.baseBatches?.slice(0, 5);
    few.candidateBatches = few.candidateBatches?.slice(0, 5);
    const p95 = judge('10%', few).find((f) => f.metric === 'latency.p95_ms');
    expect(p95).toMatchObject({ outcome: 'inconclusive', method: 'interleaved', moreSamples: 3 });
  });
});

describe('quantileVerdict', () => {
  it('estimates the ratio of the pooled quantiles, with a bootstrap interval over the rounds', () => {
    const rng = seededRng(3);
    const a = rounds(rng, 20, 32, 0.1, 2.5).perBatch;
    const b = rounds(rng, 20, 32, 0.1, 4.3).perBatch;
    const v = quantileVerdict(a, b, 0.95, { minEffect: 0.1 });
    expect(v.ratio).toBeCloseTo(sortedQuantile(b.flat(), 0.95) / sortedQuantile(a.flat(), 0.95), 10);
    expect(v.interval.lower).toBeLessThan(v.ratio);
    expect(v.interval.upper).toBeGreaterThan(v.ratio);
    expect(v.outcome).toBe('regression');
    // Swapping the sides mirrors the answer.
    expect(quantileVerdict(b, a, 0.95, { minEffect: 0.1 }).outcome).toBe('improvement');
  });

  it('computes the quantile exactly on any pooled sample, ties included', () => {
    const rng = seededRng(9);
    for (let trial = 0; trial < 40; trial++) {
      const r = 8 + (trial % 5);
      const width = 1 + Math.floor(rng() * 40);
      // Few distinct values on one side: quickselect must cope with runs of equal values.
      const mk = (levels: number) =>
        Array.from({ length: r }, () =>
          Array.from({ length: width }, () => 1 + Math.floor(rng() * levels) / 4),
        );
      const a = mk(3);
      const b = mk(1000);
      for (const q of [0.5, 0.95, 0.99]) {
        exactQuantileVerdict(a, b, q, { iterations: 20 });
      }
    }
  });

  it('too few timed batches for the quantile is inconclusive and says how many it needs', () => {
    const rng = seededRng(4);
    const a = rounds(rng, 10, 4, 0.1, 2.5).perBatch;
    const b = rounds(rng, 10, 4, 0.1, 4.3).perBatch;
    const v = quantileVerdict(a, b, 0.99, { minEffect: 0.1 });
    expect(v.outcome).toBe('inconclusive');
    expect(v.reason).toMatch(/p99 needs at least 200 timed batches per side, got 40/);
  });
});
