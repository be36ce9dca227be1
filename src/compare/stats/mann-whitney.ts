import { UsageError } from '../../errors.js';
import { checkSample } from './describe.js';
import { normalSf } from './normal.js';

export interface MannWhitneyResult {
  /** U of x: pairs (x_i, y_j) with x_i > y_j, ties counting 1/2 (scipy's `statistic`). */
  u: number;
  /** U of y = n1 * n2 - u. */
  uY: number;
  n1: number;
  n2: number;
  /** u / (n1 n2): estimated P(X > Y) + P(X = Y)/2 (0.5 = no shift; > 0.5 = x tends to be larger). */
  probabilityXGreater: number;
  /** Standard deviation of U under H0, tie-corrected (0 when every value is the same). */
  sigma: number;
  /** (u - n1 n2 / 2) / sigma, tie-corrected, without continuity correction; sign says which is larger. */
  z: number;
  /** Two-sided p-value from `method`. */
  pValue: number;
  method: 'exact' | 'normal';
  /** Whether any value occurs in both or either sample more than once (midranks were used). */
  ties: boolean;
}

export interface MannWhitneyOptions {
  /**
   * 'auto' (default): exact when there are no ties and both samples have at most 50 values, else the
   * normal approximation with tie and continuity correction (as scipy's method='asymptotic').
   */
  method?: 'auto' | 'exact' | 'normal';
}

/** Largest sample size for which 'auto' computes the exact distribution (cost ~ (n1 n2)^2 / 4). */
export const EXACT_MAX_N = 50;

/**
 * P(U = u) for u = 0..n1*n2 under H0 with no ties. Recurrence on the largest of the n1 + n2 values:
 * it comes from x with probability i/(i+j) (then it beats all j y's), else from y.
 */
export function exactUDistribution(n1: number, n2: number): Float64Array {
  return cachedExactU(n1, n2).slice();
}

function cachedExactU(n1: number, n2: number): Float64Array {
  const key = `${n1},${n2}`;
  const cached = exactCache.get(key);
  if (cached) return cached;
  if (exactCache.size >= 64) exactCache.clear();
  const dist = computeExactU(n1, n2);
  exactCache.set(key, dist);
  return dist;
}

/** Distributions by (n1, n2): interleaved benchmarks ask for the same sizes over and over. */
const exactCache = new Map<string, Float64Array>();

function computeExactU(n1: number, n2: number): Float64Array {
  // rows[j] holds the distribution for (i, j) while i advances; all additions of positives.
  let rows: Float64Array[] = [];
  for (let j = 0; j <= n2; j++) rows.push(Float64Array.of(1));
  for (let i = 1; i <= n1; i++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n2; j++) {
      const fromX = rows[j] as Float64Array; // (i-1, j), shifted by j
      const fromY = next[j - 1] as Float64Array; // (i, j-1)
      const out = new Float64Array(i * j + 1);
      const px = i / (i + j);
      const py = j / (i + j);
      for (let u = 0; u < fromX.length; u++) out[u + j] = (out[u + j] as number) + px * (fromX[u] as number);
      for (let u = 0; u < fromY.length; u++) out[u] = (out[u] as number) + py * (fromY[u] as number);
      next.push(out);
    }
    rows = next;
  }
  return rows[n2] as Float64Array;
}

/** Midranks (1-based) of the pooled values and the tie term sum(t^3 - t) over tie groups. */
function midranks(pooled: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = pooled.map((_, i) => i).sort((a, b) => (pooled[a] as number) - (pooled[b] as number));
  const ranks = new Float64Array(pooled.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && pooled[order[end] as number] === pooled[order[start] as number]) end++;
    const t = end - start;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test, two-sided. Why ranks: latency samples carry outliers
 * (GC pauses, scheduler hiccups) that a t-test would let dominate.
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  checkSample(x, 'Mann-Whitney test, first sample');
  checkSample(y, 'Mann-Whitney test, second sample');
  const method = options.method ?? 'auto';
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  const { ranks, tieTerm } = midranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const ties = tieTerm > 0;
  // Tie-corrected variance: the exact variance of U over all rank permutations with these midranks.
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const sigma = Math.sqrt(Math.max(0, variance));
  const z = sigma > 0 ? (u - mu) / sigma : 0;
  const base = { u, uY: n1 * n2 - u, n1, n2, probabilityXGreater: u / (n1 * n2), sigma, z, ties };

  if (method === 'exact' && ties) {
    throw new UsageError(
      'Mann-Whitney test: the exact method needs samples without ties; use the normal method',
    );
  }
  const exact = method === 'exact' || (method === 'auto' && !ties && n1 <= EXACT_MAX_N && n2 <= EXACT_MAX_N);
  if (exact) {
    const dist = cachedExactU(n1, n2);
    // Symmetric distribution: two-sided p = 2 * P(U <= min(u, uY)).
    const lowU = Math.round(Math.min(u, n1 * n2 - u));
    let tail = 0;
    for (let k = 0; k <= lowU; k++) tail += dist[k] as number;
    return { ...base, pValue: Math.min(1, 2 * tail), method: 'exact' };
  }
  if (sigma === 0) return { ...base, pValue: 1, method: 'normal' };
  const zc = (Math.abs(u - mu) - 0.5) / sigma;
  return { ...base, pValue: Math.min(1, 2 * normalSf(zc)), method: 'normal' };
}
