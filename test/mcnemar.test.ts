import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemarExact, mcnemarSamplesToDecide } from '../src/compare/stats/mcnemar.js';

/** Exact McNemar p at k flips split like b : c (B = round(k b / (b + c)), C = k - B). */
function pAt(b: number, c: number, k: number): number {
  const B = Math.round((k * b) / (b + c));
  return mcnemarExact(B, k - B).pValue;
}

// The figure behind "at N samples (M more) the exact McNemar test would reach alpha" on an
// inconclusive accuracy finding (issue 14): each case below is checked against the p-values it rests on.
describe('mcnemarSamplesToDecide', () => {
  it('5 : 3 flips in 8 samples: 72, the first k that holds for a whole rounding cycle (3 flips), not 67', () => {
    // k = 67, 68 reach 0.05 but 69 does not (C grows there); k = 72, 73, 74 all do.
    expect(pAt(5, 3, 67)).toBeLessThanOrEqual(0.05);
    expect(pAt(5, 3, 68)).toBeLessThanOrEqual(0.05);
    expect(pAt(5, 3, 69)).toBeGreaterThan(0.05);
    for (const k of [72, 73, 74]) expect(pAt(5, 3, k)).toBeLessThanOrEqual(0.05);
    expect(pAt(5, 3, 71)).toBeGreaterThan(0.05);
    expect(mcnemarSamplesToDecide(5, 3, 8, 0.05)).toBe(72);
    // The same rate in 16 samples: twice the flips needed, as twice the samples.
    expect(mcnemarSamplesToDecide(5, 3, 16, 0.05)).toBe(144);
  });

  it('9 : 4 flips in 30 samples: 33 flips, i.e. 76.2 samples, rounded up to 77', () => {
    // p jitters: k = 30 reaches 0.05 but 31 and 32 do not; 33-36 (a 4-flip cycle) do.
    expect(pAt(9, 4, 30)).toBeLessThanOrEqual(0.05);
    expect(pAt(9, 4, 32)).toBeGreaterThan(0.05);
    for (const k of [33, 34, 35, 36]) expect(pAt(9, 4, k)).toBeLessThanOrEqual(0.05);
    expect(mcnemarSamplesToDecide(9, 4, 30, 0.05)).toBe(77);
  });

  it('with no fail->pass flips, one count reaching alpha decides; alpha itself is reached (p <= alpha)', () => {
    // 3 : 0 flips: p = 2 / 2^k, so k = 5 gives exactly 0.0625 and k = 6 gives 0.03125.
    expect(mcnemarSamplesToDecide(3, 0, 3, 0.0625)).toBe(5);
    expect(mcnemarSamplesToDecide(3, 0, 3, 0.05)).toBe(6);
    // 3 flips in 12 samples: 6 flips take 24.
    expect(mcnemarSamplesToDecide(3, 0, 12, 0.05)).toBe(24);
  });

  it('answers only up to maxN samples (default 100 times n), the bound included', () => {
    expect(mcnemarSamplesToDecide(5, 3, 8, 0.05, 72)).toBe(72);
    expect(mcnemarSamplesToDecide(5, 3, 8, 0.05, 71)).toBeUndefined();
    expect(mcnemarSamplesToDecide(3, 0, 3, 0.05, 6)).toBe(6);
    expect(mcnemarSamplesToDecide(3, 0, 3, 0.05, 5)).toBeUndefined();
    // 14 : 13 flips in 27 samples needs 2862 samples: more than 100 * 27 = 2700.
    expect(mcnemarSamplesToDecide(14, 13, 27, 0.05)).toBeUndefined();
    expect(mcnemarSamplesToDecide(14, 13, 27, 0.05, 2862)).toBe(2862);
    expect(mcnemarSamplesToDecide(12, 11, 23, 0.05)).toBe(2093);
  });

  it('is undefined when the flips do not lean towards pass->fail, or there are no samples', () => {
    expect(mcnemarSamplesToDecide(3, 5, 10, 0.05)).toBeUndefined();
    expect(mcnemarSamplesToDecide(4, 4, 10, 0.05)).toBeUndefined();
    expect(mcnemarSamplesToDecide(0, 0, 10, 0.05)).toBeUndefined();
    expect(mcnemarSamplesToDecide(3, 0, 0, 0.05, 100)).toBeUndefined();
  });

  it('gives up rather than searching too long: 41 : 39 flips would need about 6400 flips', () => {
    // The answer exists below maxN = 8000 (p <= 0.05 from about k = 6400), but the search stops
    // after a bounded amount of work: the report then falls back to the interval's estimate.
    expect(pAt(41, 39, 7000)).toBeLessThanOrEqual(0.05);
    expect(mcnemarSamplesToDecide(41, 39, 80, 0.05)).toBeUndefined();
  });

  it('any answer lies in [n, maxN] and the exact test reaches alpha there at the observed rate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(0.01, 0.05, 0.1),
        (b, c, extra, alpha) => {
          fc.pre(b > c);
          const flips = b + c;
          const n = flips + extra;
          const N = mcnemarSamplesToDecide(b, c, n, alpha);
          if (N === undefined) return;
          expect(N).toBeGreaterThanOrEqual(n);
          expect(N).toBeLessThanOrEqual(100 * n);
          // The flips at N samples: the smallest k whose samples round up to N.
          const k = Math.ceil(((N - 1) * flips) / n + 1e-9);
          expect(Math.ceil((k * n) / flips)).toBe(N);
          expect(pAt(b, c, k)).toBeLessThanOrEqual(alpha);
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });
});
