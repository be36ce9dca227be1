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

/**
 * The smallest number of paired samples at which the exact McNemar test would reach `alpha` if the
 * observed flips kept their rate: k = b + c flips per n samples, split b : c. Counted in flips: at
 * k flips, B = round(k b / (b + c)) and C = k - B. Rounding the split makes p jitter, so k must
 * hold for one whole rounding cycle (until both B and C have grown). Undefined when the flips do not
 * lean towards b, or more than `maxN` samples (or too much work) would be needed.
 */
export function mcnemarSamplesToDecide(
  b: number,
  c: number,
  n: number,
  alpha: number,
  maxN = 100 * n,
): number | undefined {
  const flips = b + c;
  if (b <= c || n <= 0 || flips === 0) return undefined;
  const q = b / flips;
  const p = (k: number) => {
    const B = Math.round(k * q);
    return mcnemarExact(B, k - B).pValue;
  };
  const cycle = c === 0 ? 1 : Math.ceil(1 / (1 - q));
  const maxK = Math.floor((maxN * flips) / n);
  let work = 0;
  let held = 0;
  for (let k = flips; k <= maxK + cycle; k++) {
    work += Math.min(k, 1000);
    if (work > 5e6) return undefined;
    if (p(k) <= alpha) held++;
    else held = 0;
    if (held === cycle) {
      const first = k - cycle + 1;
      const N = Math.max(n, Math.ceil((first * n) / flips));
      return N <= maxN ? N : undefined;
    }
  }
  return undefined;
}
