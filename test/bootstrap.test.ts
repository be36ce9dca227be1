import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapRatioOfMedians, pairedBootstrapDiff } from '../src/compare/stats/bootstrap.js';
import { DEFAULT_SEED, seededRng } from '../src/compare/stats/rng.js';
import { usageError } from './helpers.js';

// Test-side references, written plainly: draw indices with the documented seeded PRNG, sort each
// resample, take its median or mean, and read the percentile interval off the sorted replicates.
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const medianOf = (xs: number[]) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const quantile = (s: number[], q: number) => {
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo);
};
const resample = (rng: () => number, xs: readonly number[]) =>
  xs.map(() => xs[Math.floor(rng() * xs.length)] as number);

function referenceRatio(
  base: number[],
  cand: number[],
  iterations: number,
  confidence: number,
  seed: number,
) {
  const rng = seededRng(seed);
  // Each side resamples its own sorted values: indices point into the sorted sample.
  const b = sorted(base);
  const c = sorted(cand);
  const reps: number[] = [];
  for (let r = 0; r < iterations; r++) {
    const mb = medianOf(resample(rng, b));
    reps.push(medianOf(resample(rng, c)) / mb);
  }
  const s = sorted(reps);
  const tail = (1 - confidence) / 2;
  return { lower: quantile(s, tail), upper: quantile(s, 1 - tail) };
}

function referencePaired(
  before: number[],
  after: number[],
  iterations: number,
  confidence: number,
  seed: number,
) {
  const rng = seededRng(seed);
  const diffs = before.map((v, i) => (after[i] as number) - v);
  const reps: number[] = [];
  for (let r = 0; r < iterations; r++) {
    const xs = resample(rng, diffs);
    reps.push(xs.reduce((a, x) => a + x, 0) / xs.length);
  }
  const s = sorted(reps);
  const tail = (1 - confidence) / 2;
  return { lower: quantile(s, tail), upper: quantile(s, 1 - tail) };
}

const positives = (min: number, max: number) =>
  fc.array(
    fc.integer({ min: 1, max: 50 }).map((v) => v / 4),
    { minLength: min, maxLength: max },
  );

describe('bootstrapRatioOfMedians', () => {
  it('is the percentile interval of resampled median ratios, odd and even sizes, ties included (property)', () => {
    fc.assert(
      fc.property(
        positives(1, 9),
        positives(1, 9),
        fc.constantFrom(0.8, 0.9, 0.95),
        fc.integer({ min: 0, max: 1000 }),
        (base, cand, confidence, seed) => {
          const got = bootstrapRatioOfMedians(base, cand, { iterations: 101, confidence, seed });
          const want = referenceRatio(base, cand, 101, confidence, seed);
          expect(got.lower).toBeCloseTo(want.lower, 12);
          expect(got.upper).toBeCloseTo(want.upper, 12);
          expect(got.estimate).toBeCloseTo(medianOf(cand) / medianOf(base), 12);
        },
      ),
      { seed: 21, numRuns: 150 },
    );
  });

  it('defaults: 2000 iterations, 95% coverage, the default seed; reported with the interval', () => {
    const base = [10, 12, 11, 13, 9];
    const cand = [12, 14, 13, 15];
    const got = bootstrapRatioOfMedians(base, cand);
    expect(got).toMatchObject({ iterations: 2000, confidence: 0.95, seed: DEFAULT_SEED });
    const want = referenceRatio(base, cand, 2000, 0.95, DEFAULT_SEED);
    expect(got.lower).toBeCloseTo(want.lower, 12);
    expect(got.upper).toBeCloseTo(want.upper, 12);
  });

  it('rejects a latency that is not positive, naming the side and the index', () => {
    expect(usageError(() => bootstrapRatioOfMedians([1, 0], [1])).message).toBe(
      'ratio of medians, base: value at index 1 is 0, expected > 0',
    );
    expect(usageError(() => bootstrapRatioOfMedians([1], [2, 3, -1])).message).toBe(
      'ratio of medians, candidate: value at index 2 is -1, expected > 0',
    );
    expect(usageError(() => bootstrapRatioOfMedians([0.5], [-2, 3])).message).toBe(
      'ratio of medians, candidate: value at index 0 is -2, expected > 0',
    );
    expect(usageError(() => bootstrapRatioOfMedians([1], [])).message).toContain(
      'ratio of medians, candidate',
    );
  });
});

describe('pairedBootstrapDiff', () => {
  it('is the percentile interval of resampled mean differences (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.constantFrom(0.8, 0.9, 0.95),
        fc.integer({ min: 0, max: 1000 }),
        (pairs, confidence, seed) => {
          const before = pairs.map(([a]) => a);
          const after = pairs.map(([, b]) => b);
          const got = pairedBootstrapDiff(before, after, { iterations: 101, confidence, seed });
          const want = referencePaired(before, after, 101, confidence, seed);
          expect(got.lower).toBeCloseTo(want.lower, 12);
          expect(got.upper).toBeCloseTo(want.upper, 12);
          const mean = after.reduce((s, v, i) => s + v - (before[i] as number), 0) / pairs.length;
          expect(got.estimate).toBeCloseTo(mean, 12);
        },
      ),
      { seed: 22, numRuns: 150 },
    );
  });

  it('booleans count as 1 (pass) and 0 (fail); defaults are 2000 iterations at 95%', () => {
    const got = pairedBootstrapDiff([true, false, false, true], [1, 1, 0, 0]);
    expect(got).toMatchObject({ estimate: 0, iterations: 2000, confidence: 0.95, seed: DEFAULT_SEED });
    const want = referencePaired([1, 0, 0, 1], [1, 1, 0, 0], 2000, 0.95, DEFAULT_SEED);
    expect(got.lower).toBeCloseTo(want.lower, 12);
    expect(got.upper).toBeCloseTo(want.upper, 12);
  });

  it('rejects unpaired samples and bad options, saying what was expected', () => {
    expect(usageError(() => pairedBootstrapDiff([1, 2], [1])).message).toBe(
      'paired bootstrap: before has 2 samples and after has 1; pairs need equal lengths',
    );
    expect(usageError(() => pairedBootstrapDiff([], [])).message).toContain('paired bootstrap, before');
    expect(usageError(() => pairedBootstrapDiff([1], [Number.NaN])).message).toContain(
      'paired bootstrap, after',
    );
    expect(usageError(() => pairedBootstrapDiff([1], [1], { iterations: 1.5 })).message).toBe(
      'bootstrap iterations: expected a positive integer, got 1.5',
    );
    expect(usageError(() => pairedBootstrapDiff([1], [1], { confidence: 0 })).message).toBe(
      'bootstrap confidence: expected a number in (0, 1), got 0',
    );
  });
});
