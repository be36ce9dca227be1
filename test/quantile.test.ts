import { describe, expect, it } from 'vitest';
import { quantileVerdict } from '../src/compare/stats/quantile.js';
import { seededRng } from '../src/compare/stats/rng.js';
import { exactQuantileVerdict, usageError } from './helpers.js';

/**
 * R interleaved rounds of `width` batch latencies near `scale` ms: a round-wide drift up to
 * `drift`, 10% of batches in a slow tail up to 2.5x (seeded, so every figure below is fixed).
 */
function rounds(seed: number, R: number, width: number, scale: number, drift = 0): number[][] {
  const rng = seededRng(seed);
  return Array.from({ length: R }, () => {
    const d = 1 + drift * rng();
    return Array.from(
      { length: width },
      () => d * scale * (1 + (rng() < 0.1 ? 1.5 * rng() : 0) + 0.05 * rng()),
    );
  });
}

const scaled = (rs: number[][], f: number) => rs.map((r) => r.map((x) => x * f));

// What a user reads on a p95/p99 finding, for each outcome.
describe('quantileVerdict reasons', () => {
  const base = rounds(1, 20, 40, 1);

  it('regression and improvement: the quantiles, the batches, the interval, the bootstrap p and the gate', () => {
    const slow = quantileVerdict(base, rounds(2, 20, 40, 1.3), 0.95);
    expect(slow.outcome).toBe('regression');
    expect(slow.reason).toBe(
      "the candidate's p95 is 41.4% slower (p95 2.726 ms vs 1.927 ms over 800 timed batches per side; 90% CI +26.2% to +56.3%, bootstrap over 20 rounds p = 0.002, alpha 0.01; gate 5%)",
    );
    const fast = quantileVerdict(base, rounds(2, 20, 40, 0.7), 0.95);
    expect(fast.outcome).toBe('improvement');
    expect(fast.reason).toBe(
      "the candidate's p95 is 23.8% faster (p95 1.468 ms vs 1.927 ms over 800 timed batches per side; 90% CI -32.0% to -15.9%, bootstrap over 20 rounds p = 0.001, alpha 0.01; gate 5%)",
    );
  });

  it('no change: says whether a smaller shift is significant', () => {
    const other = rounds(2, 20, 40, 1);
    const small = quantileVerdict(base, scaled(other, 1.01), 0.5);
    expect(small.outcome).toBe('no change');
    expect(small.reason).toBe(
      "a 1.1% slower p50 shift is significant but a slowdown of the gate's size is ruled out (p50 1.039 ms vs 1.028 ms over 800 timed batches per side; 90% CI +0.8% to +1.4%, bootstrap over 20 rounds p = 0.001, alpha 0.01; gate 5%)",
    );
    const none = quantileVerdict(base, other, 0.75);
    expect(none.outcome).toBe('no change');
    expect(none.reason).toBe(
      "no p75 slowdown of the gate's size: the interval stays below it (p75 1.043 ms vs 1.041 ms over 800 timed batches per side; 90% CI -0.1% to +0.3%, bootstrap over 20 rounds p = 0.22, alpha 0.01; gate 5%)",
    );
  });

  it('inconclusive: how many more rounds would likely decide it, or that more will not settle it soon', () => {
    const noisyBase = rounds(1, 8, 10, 1, 0.3);
    const v = quantileVerdict(noisyBase, rounds(2, 8, 10, 1.1, 0.3), 0.95);
    expect(v).toMatchObject({ outcome: 'inconclusive', moreSamples: 11 });
    expect(v.reason).toBe(
      "p95 100.5% slower, but the rounds neither show nor rule out a slowdown of the gate's size (p95 2.814 ms vs 1.403 ms over 80 timed batches per side; 90% CI +0.6% to +112.7%, bootstrap over 8 rounds p = 0.091, alpha 0.01; gate 5%); about 11 more rounds would likely decide it",
    );
    const atGate = quantileVerdict(noisyBase, rounds(2, 8, 10, 1, 0.3), 0.95, { minEffect: 0.83 });
    expect(atGate.outcome).toBe('inconclusive');
    expect(atGate).not.toHaveProperty('moreSamples');
    expect(atGate.reason).toMatch(
      /gate 83%\); the estimate sits at the gate, so more rounds are unlikely to settle it soon$/,
    );
  });

  it('too few rounds, or too few batches for the quantile, is inconclusive and says what is missing', () => {
    const few = quantileVerdict(rounds(1, 5, 40, 1), rounds(2, 5, 40, 1), 0.95);
    expect(few).toMatchObject({ outcome: 'inconclusive', moreSamples: 3, rounds: 5 });
    expect(few.reason).toBe(
      'only 5 interleaved round(s); at least 8 are needed to decide (p95 2.21 ms vs 1.79 ms over 200 timed batches per side)',
    );
    expect(quantileVerdict(rounds(1, 5, 40, 1), rounds(2, 5, 40, 1), 0.95, { minRounds: 5 }).reason).toMatch(
      /^p95 23\.5% slower, but the rounds neither show nor rule out/,
    );
    const thin = quantileVerdict(rounds(1, 10, 4, 1), rounds(2, 10, 4, 1), 0.999, { unit: 's' });
    expect(thin.outcome).toBe('inconclusive');
    expect(thin).not.toHaveProperty('moreSamples');
    expect(thin.reason).toBe(
      'p99.9 needs at least 2000 timed batches per side, got 40 (10 rounds); raise baseline.rounds (p99.9 2.481 s vs 2.299 s over 40 timed batches per side)',
    );
    // p95 needs 2 / 0.05 = 40 batches: 10 rounds of 4 are just enough.
    expect(quantileVerdict(rounds(1, 10, 4, 1), rounds(2, 10, 4, 1), 0.95).reason).not.toContain(
      'needs at least',
    );
  });
});

describe('quantileVerdict on uneven rounds, seeds and boundaries', () => {
  it('rounds of different lengths (a batch cut short) pool exactly: every batch counts, no padding', () => {
    const rng = seededRng(5);
    const uneven = (scale: number) =>
      Array.from({ length: 12 }, (_, r) =>
        Array.from({ length: 3 + (r % 4) * 5 }, () => scale * (1 + rng())),
      );
    const a = uneven(1);
    const b = uneven(1.2);
    for (const q of [0.5, 0.9, 0.95]) {
      const v = exactQuantileVerdict(a, b, q, { iterations: 200 });
      expect(v.interval.lower).toBeGreaterThan(0.9);
    }
  });

  it('the reason counts the smaller side: batches per side is what both sides have', () => {
    const thin = quantileVerdict(rounds(1, 10, 4, 1), rounds(2, 10, 6, 1), 0.99);
    expect(thin.reason).toMatch(/^p99 needs at least 200 timed batches per side, got 40 \(10 rounds\);/);
    expect(thin.reason).toMatch(/over 40 timed batches per side\)$/);
    // p95 needs 40: 30 base batches are too few although the candidate has 50.
    expect(quantileVerdict(rounds(1, 10, 3, 1), rounds(2, 10, 5, 1), 0.95).reason).toMatch(
      /^p95 needs at least 40 timed batches per side, got 30 \(10 rounds\)/,
    );
    // Enough rounds (exactly minRounds), too few batches: the batches are what is missing.
    const rounds8 = quantileVerdict(rounds(1, 8, 4, 1), rounds(2, 8, 4, 1), 0.95);
    expect(rounds8.reason).toMatch(/^p95 needs at least 40 timed batches per side, got 32 \(8 rounds\)/);
    expect(rounds8).not.toHaveProperty('moreSamples');
  });

  it('the seed picks the resamples: the same seed repeats the interval, another moves it', () => {
    const base = rounds(1, 10, 20, 1, 0.2);
    const cand = rounds(2, 10, 20, 1.1, 0.2);
    const one = quantileVerdict(base, cand, 0.95, { seed: 1 });
    expect(quantileVerdict(base, cand, 0.95, { seed: 1 }).interval).toEqual(one.interval);
    expect(one.interval.seed).toBe(1);
    expect(quantileVerdict(base, cand, 0.95, { seed: 2 }).interval.lower).not.toBe(one.interval.lower);
  });

  it('exactly minRounds rounds decide; a significant speedup smaller than the gate is no change', () => {
    const base = rounds(1, 8, 40, 1);
    const slow = quantileVerdict(base, scaled(base, 1.5), 0.95, { iterations: 400 });
    expect(slow.outcome).toBe('regression');
    expect(slow).not.toHaveProperty('moreSamples');
    // Every batch 3% faster: significant, but below the 5% gate either way.
    const bit = quantileVerdict(base, scaled(base, 0.97), 0.95, { iterations: 400 });
    expect(bit.pValue).toBeLessThan(0.01);
    expect(bit.outcome).toBe('no change');
    expect(quantileVerdict(base, scaled(base, 0.8), 0.95, { iterations: 400 }).outcome).toBe('improvement');
  });
});

describe('quantileVerdict bootstrap p-value', () => {
  const base = rounds(3, 10, 10, 1, 0.1);

  it('is 2 (min(replicates <= 1, replicates >= 1) + 1) / (iterations + 1); alpha itself is significant', () => {
    // Every replicate of an exact 25% slowdown is 1.25: p = 2 / 100 with 99 iterations.
    const slower = scaled(base, 1.25);
    const v = quantileVerdict(base, slower, 0.95, { iterations: 99 });
    expect(v.pValue).toBe(0.02);
    expect(v.interval).toMatchObject({ lower: 1.25, upper: 1.25, iterations: 99 });
    expect(v.outcome).toBe('inconclusive');
    expect(quantileVerdict(base, slower, 0.95, { iterations: 99, alpha: 0.02 }).outcome).toBe('regression');
    // Identical sides: every replicate is exactly 1, on both sides of it: p = 1.
    const same = quantileVerdict(base, base, 0.95);
    expect(same.pValue).toBe(1);
    expect(same.outcome).toBe('no change');
  });
});

describe('quantileVerdict input checks', () => {
  const a = rounds(1, 8, 5, 1);

  it('rejects bad options, naming the option and the value', () => {
    expect(usageError(() => quantileVerdict(a, a, 1)).message).toBe(
      'quantile verdict q: expected a number in (0, 1), got 1',
    );
    expect(usageError(() => quantileVerdict(a, a, 0.95, { alpha: 0 })).message).toContain(
      'quantile verdict alpha',
    );
    expect(usageError(() => quantileVerdict(a, a, 0.95, { confidence: 1.5 })).message).toContain(
      'quantile verdict confidence',
    );
    expect(usageError(() => quantileVerdict(a, a, 0.95, { iterations: 0 })).message).toContain(
      'quantile verdict iterations',
    );
    expect(usageError(() => quantileVerdict(a, a, 0.95, { minEffect: 1 })).message).toBe(
      'quantile verdict minEffect: expected a number in [0, 1), got 1',
    );
    expect(usageError(() => quantileVerdict(a, a, 0.95, { minEffect: -0.01 })).message).toContain(
      'got -0.01',
    );
    expect(quantileVerdict(a, a, 0.95, { minEffect: 0 }).outcome).toBe('no change');
  });

  it('rejects unpaired or empty rounds and non-finite batches, naming the round', () => {
    expect(usageError(() => quantileVerdict(a, a.slice(1), 0.95)).message).toBe(
      'quantile verdict: 8 base and 7 candidate rounds; interleaved rounds come in pairs',
    );
    expect(usageError(() => quantileVerdict([], [], 0.95)).message).toContain(
      '0 base and 0 candidate rounds',
    );
    const bad = a.map((r) => [...r]);
    (bad[2] as number[])[1] = Number.NaN;
    expect(usageError(() => quantileVerdict(bad, a, 0.95)).message).toContain(
      'quantile verdict, base round 2',
    );
    expect(usageError(() => quantileVerdict(a, bad, 0.95)).message).toContain(
      'quantile verdict, candidate round 2',
    );
  });
});
