import { describe, expect, it } from 'vitest';
import { EXACT_MAX_N, exactUDistribution, mannWhitneyU } from '../src/compare/stats/mann-whitney.js';

/** n distinct values off, off + 1, ... */
const run = (n: number, off: number) => Array.from({ length: n }, (_, i) => off + i);

describe('mannWhitneyU', () => {
  it("'auto' is exact up to 50 values per side without ties, the normal approximation beyond", () => {
    expect(EXACT_MAX_N).toBe(50);
    expect(mannWhitneyU(run(50, 0.5), run(50, 10)).method).toBe('exact');
    expect(mannWhitneyU(run(51, 0.5), run(50, 10)).method).toBe('normal');
    expect(mannWhitneyU(run(50, 0.5), run(51, 10)).method).toBe('normal');
    // Ties: normal whatever the size; 'exact' asked for explicitly on 51 values still is exact.
    expect(mannWhitneyU([1, 1, 2], [3, 4]).method).toBe('normal');
    expect(mannWhitneyU(run(51, 0.5), run(3, 10), { method: 'exact' }).method).toBe('exact');
    expect(mannWhitneyU([5, 6, 7], [1, 2], { method: 'normal' }).method).toBe('normal');
  });

  it('reports U of both sides, P(X > Y), the signed z and the tie flag', () => {
    const r = mannWhitneyU([5, 6, 7], [1, 2]);
    expect(r).toMatchObject({
      u: 6,
      uY: 0,
      n1: 3,
      n2: 2,
      probabilityXGreater: 1,
      ties: false,
      method: 'exact',
    });
    // 2 * P(U >= 6) = 2 / C(5, 2) = 0.2; sigma = sqrt(3 * 2 * 6 / 12).
    expect(r.pValue).toBeCloseTo(0.2, 14);
    expect(r.sigma).toBeCloseTo(Math.sqrt(3), 14);
    expect(r.z).toBeCloseTo(3 / Math.sqrt(3), 14);
    expect(mannWhitneyU([1, 2], [5, 6, 7]).z).toBeCloseTo(-Math.sqrt(3), 14);
    expect(mannWhitneyU([1, 1, 2], [3, 4]).ties).toBe(true);
  });

  it('a U at its mean gives an exact p of 1, not more; equal values everywhere give p = 1 and z = 0', () => {
    // P(U <= 2) = 4/6 for 2 vs 2 values: twice that is capped at 1.
    expect(mannWhitneyU([1, 4], [2, 3])).toMatchObject({ u: 2, pValue: 1, z: 0, method: 'exact' });
    expect(mannWhitneyU([2, 2, 2], [2, 2])).toMatchObject({ sigma: 0, z: 0, pValue: 1, method: 'normal' });
  });

  it('exactUDistribution hands out a copy: changing it does not change later tests', () => {
    const before = mannWhitneyU([5, 6, 7], [1, 2]).pValue;
    const dist = exactUDistribution(3, 2);
    dist.fill(0.5);
    expect(exactUDistribution(3, 2)[0]).toBeCloseTo(0.1, 14);
    expect(mannWhitneyU([5, 6, 7], [1, 2]).pValue).toBe(before);
  });

  it('the exact error names the cure', () => {
    expect(() => mannWhitneyU([1, 2, 2], [3, 4], { method: 'exact' })).toThrow(
      'Mann-Whitney test: the exact method needs samples without ties; use the normal method',
    );
  });
});
