import { UsageError } from '../../errors.js';

export interface McNemarResult {
  /** Discordant pairs: pass in the base and fail in the candidate. */
  b: number;
  /** Discordant pairs: fail in the base and pass in the candidate. */
  c: number;
  /** b + c; concordant pairs carry no information about the difference. */
  n: number;
  /** Exact two-sided p: 2 * P(X <= min(b, c)) for X ~ Binomial(n, 1/2), capped at 1; 1 when n = 0. */
  pValue: number;
  /**
   * Mid-p: the same with only half the probability of the observed count. Less conservative (its
   * size is closer to the nominal alpha); reported for reference, the verdicts use the exact p.
   */
  midPValue: number;
}

/**
 * P(X <= k) and P(X = k) for X ~ Binomial(n, 1/2), k <= n/2. Summed downward from the largest term
 * in ratio form, so n in the millions neither underflows (2^-n) nor overflows (n choose k).
 */
function binomialHalfLowerTail(n: number, k: number): { cdf: number; pmf: number } {
  let logChoose = 0;
  for (let i = 1; i <= k; i++) logChoose += Math.log((n - k + i) / i);
  const pmf = Math.exp(logChoose - n * Math.LN2);
  let term = 1;
  let sum = 1;
  for (let i = k; i >= 1 && term > sum * 1e-18; i--) {
    term *= i / (n - i + 1); // P(X = i - 1) / P(X = i)
    sum += term;
  }
  return { cdf: pmf * sum, pmf };
}

/** Exact two-sided McNemar test on the discordant pair counts b (pass->fail) and c (fail->pass). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new UsageError(`McNemar test: ${name} must be a non-negative integer count, got ${v}`);
    }
  }
  const n = b + c;
  if (n === 0) return { b, c, n, pValue: 1, midPValue: 1 };
  const { cdf, pmf } = binomialHalfLowerTail(n, Math.min(b, c));
  return { b, c, n, pValue: Math.min(1, 2 * cdf), midPValue: Math.min(1, 2 * cdf - pmf) };
}
