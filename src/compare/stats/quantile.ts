import { UsageError } from '../../errors.js';
import type { BootstrapInterval } from './bootstrap.js';
import { checkOpenUnit, checkPositiveInt, checkSample } from './describe.js';
import { normalQuantile } from './normal.js';
import { DEFAULT_SEED, randomIndex, seededRng } from './rng.js';
import { DEFAULT_CONFIDENCE, decide, formatP, type Outcome } from './verdict.js';

/**
 * The k-th smallest of a[0..n) (0-based), partially reordering a (Hoare's quickselect with a
 * median-of-three pivot): O(n) per replicate where sorting the pooled rounds would be O(n log n).
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** Quantile of a[0..n) by linear interpolation between ranks (as the results' p95 is computed). */
function quantileOf(a: Float64Array, n: number, q: number): number {
  const rank = q * (n - 1);
  const lo = Math.floor(rank);
  const low = select(a, n, lo);
  if (lo + 1 >= n || rank === lo) return low;
  // After selecting rank lo, everything from lo + 1 on is >= a[lo]: the next rank is their minimum.
  let next = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < n; i++) if ((a[i] as number) < next) next = a[i] as number;
  return low + (next - low) * (rank - lo);
}

function pool(rounds: readonly (readonly number[])[], picks: ArrayLike<number>, into: Float64Array): number {
  let n = 0;
  for (let r = 0; r < picks.length; r++) {
    const xs = rounds[picks[r] as number] as readonly number[];
    for (let i = 0; i < xs.length; i++) into[n++] = xs[i] as number;
  }
  return n;
}

export interface QuantileVerdictOptions {
  /** Significance level of the bootstrap test (ratio = 1). Default 0.01. */
  alpha?: number;
  /** Smallest relative slowdown of the quantile that counts (the gate). Default 0.05. */
  minEffect?: number;
  /** Coverage of the interval. Default 0.9, as for the median (see LatencyVerdictOptions). */
  confidence?: number;
  iterations?: number;
  seed?: number;
  /** Fewer rounds than this is inconclusive. Default 8. */
  minRounds?: number;
  unit?: string;
}

export interface QuantileVerdict {
  outcome: Outcome;
  reason: string;
  q: number;
  /** quantile(candidate) / quantile(base) over all timed batches: 1.72 = 72% slower. */
  ratio: number;
  interval: BootstrapInterval;
  baseQuantile: number;
  candQuantile: number;
  /** Two-sided bootstrap p-value of "the ratio is 1". */
  pValue: number;
  rounds: number;
  /** For inconclusive: about how many more rounds would likely decide it. */
  moreSamples?: number;
}

const pct = (fraction: number, digits = 1): string =>
  `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(digits)}%`;
const num = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * A tail latency (p95, p99) from interleaved rounds: the ratio of the quantile over every timed
 * batch of the candidate to the same of the base, with a percentile bootstrap interval that
 * resamples whole rounds (a round's base and candidate batches together, since they ran in the same
 * stretch of time and share its drift). Significance: the bootstrap's two-sided p-value of ratio 1.
 * The decision rule is the median's (docs/statistics.md).
 */
export function quantileVerdict(
  baseRounds: readonly (readonly number[])[],
  candRounds: readonly (readonly number[])[],
  q: number,
  options: QuantileVerdictOptions = {},
): QuantileVerdict {
  const alpha = options.alpha ?? 0.01;
  const minEffect = options.minEffect ?? 0.05;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const iterations = options.iterations ?? 2000;
  const seed = options.seed ?? DEFAULT_SEED;
  const minRounds = options.minRounds ?? 8;
  const unit = options.unit ?? 'ms';
  checkOpenUnit(q, 'quantile verdict q');
  checkOpenUnit(alpha, 'quantile verdict alpha');
  checkOpenUnit(confidence, 'quantile verdict confidence');
  checkPositiveInt(iterations, 'quantile verdict iterations');
  if (!(minEffect >= 0 && minEffect < 1)) {
    throw new UsageError(`quantile verdict minEffect: expected a number in [0, 1), got ${minEffect}`);
  }
  const R = baseRounds.length;
  if (R === 0 || candRounds.length !== R) {
    throw new UsageError(
      `quantile verdict: ${R} base and ${candRounds.length} candidate rounds; interleaved rounds come in pairs`,
    );
  }
  baseRounds.forEach((xs, r) => {
    checkSample(xs as number[], `quantile verdict, base round ${r}`);
  });
  candRounds.forEach((xs, r) => {
    checkSample(xs as number[], `quantile verdict, candidate round ${r}`);
  });
  const label = `p${Math.round(q * 1000) / 10}`;
  const all = Array.from({ length: R }, (_, i) => i);
  // Room for R picks of the longest round.
  const room = (rounds: readonly (readonly number[])[]) => R * Math.max(...rounds.map((xs) => xs.length));
  const baseAll = new Float64Array(room(baseRounds));
  const candAll = new Float64Array(room(candRounds));
  const baseN = pool(baseRounds, all, baseAll);
  const candN = pool(candRounds, all, candAll);
  const baseQuantile = quantileOf(baseAll, baseN, q);
  const candQuantile = quantileOf(candAll, candN, q);
  const ratio = candQuantile / baseQuantile;

  const rng = seededRng(seed);
  const picks = new Uint32Array(R);
  const replicates = new Float64Array(iterations);
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let b = 0; b < iterations; b++) {
    for (let r = 0; r < R; r++) picks[r] = randomIndex(rng, R);
    const nb = pool(baseRounds, picks, baseAll);
    const nc = pool(candRounds, picks, candAll);
    const x = quantileOf(candAll, nc, q) / quantileOf(baseAll, nb, q);
    replicates[b] = x;
    if (x <= 1) atOrBelow++;
    if (x >= 1) atOrAbove++;
  }
  replicates.sort();
  const tail = (1 - confidence) / 2;
  const at = (p: number) => {
    const rank = p * (iterations - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(iterations - 1, lo + 1);
    return (
      (replicates[lo] as number) + ((replicates[hi] as number) - (replicates[lo] as number)) * (rank - lo)
    );
  };
  const interval: BootstrapInterval = {
    estimate: ratio,
    lower: at(tail),
    upper: at(1 - tail),
    confidence,
    iterations,
    seed,
  };
  const pValue = Math.min(1, (2 * (Math.min(atOrBelow, atOrAbove) + 1)) / (iterations + 1));
  const common = { q, ratio, interval, baseQuantile, candQuantile, pValue, rounds: R };
  const sizes = `${label} ${num(candQuantile)} ${unit} vs ${num(baseQuantile)} ${unit} over ${Math.min(baseN, candN)} timed batches per side`;
  const needed = Math.ceil(2 / (1 - q) - 1e-9);
  if (R < minRounds || Math.min(baseN, candN) < needed) {
    const why =
      R < minRounds
        ? `only ${R} interleaved round(s); at least ${minRounds} are needed to decide`
        : `${label} needs at least ${needed} timed batches per side, got ${Math.min(baseN, candN)} (${R} rounds); raise baseline.rounds`;
    return {
      ...common,
      outcome: 'inconclusive',
      reason: `${why} (${sizes})`,
      ...(R < minRounds ? { moreSamples: minRounds - R } : {}),
    };
  }
  const z = (ratio >= 1 ? 1 : -1) * normalQuantile(1 - pValue / 2);
  const { outcome, moreSamples } = decide({
    estimate: Math.log(ratio),
    lower: Math.log(interval.lower),
    upper: Math.log(interval.upper),
    significant: pValue <= alpha,
    z: Number.isFinite(z) ? z : 0,
    zCritical: normalQuantile(1 - alpha / 2),
    n: R,
    regressAt: Math.log1p(minEffect),
    improveAt: minEffect > 0 ? -Math.log1p(-minEffect) : 0,
  });
  const change = ratio - 1;
  const evidence = `${sizes}; ${Math.round(confidence * 100)}% CI ${pct(interval.lower - 1)} to ${pct(interval.upper - 1)}, bootstrap over ${R} rounds ${formatP(pValue)}, alpha ${alpha}; gate ${pct(minEffect, 0).slice(1)}`;
  const shift = `${pct(Math.abs(change)).slice(1)} ${change >= 0 ? 'slower' : 'faster'}`;
  let reason: string;
  switch (outcome) {
    case 'regression':
    case 'improvement':
      reason = `the candidate's ${label} is ${shift} (${evidence})`;
      break;
    case 'no change':
      reason =
        pValue <= alpha
          ? `a ${shift} ${label} shift is significant but a slowdown of the gate's size is ruled out (${evidence})`
          : `no ${label} slowdown of the gate's size: the interval stays below it (${evidence})`;
      break;
    case 'inconclusive':
      reason =
        `${label} ${shift}, but the rounds neither show nor rule out a slowdown of the gate's size (${evidence}); ` +
        (moreSamples !== undefined
          ? `about ${moreSamples} more rounds would likely decide it`
          : 'the estimate sits at the gate, so more rounds are unlikely to settle it soon');
      break;
  }
  return { ...common, outcome, reason, ...(moreSamples !== undefined ? { moreSamples } : {}) };
}
