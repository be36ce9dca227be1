import { UsageError } from '../../errors.js';
import { checkOpenUnit, checkPositiveInt, checkSample, medianSorted, quantileSorted } from './describe.js';
import { DEFAULT_SEED, randomIndex, seededRng } from './rng.js';

export interface BootstrapOptions {
  /** Resamples. Default 2000 (enough for the 5% tails of a 90% interval; use more for 99%). */
  iterations?: number;
  /** PRNG seed: the same inputs and seed give the same interval. */
  seed?: number;
  /** Two-sided coverage of the interval, e.g. 0.95. */
  confidence?: number;
}

export interface BootstrapInterval {
  /** The statistic on the original data (not the bootstrap mean). */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  iterations: number;
  seed: number;
}

const DEFAULT_ITERATIONS = 2000;

function resolve(options: BootstrapOptions, defaultConfidence: number) {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const confidence = options.confidence ?? defaultConfidence;
  const seed = options.seed ?? DEFAULT_SEED;
  checkPositiveInt(iterations, 'bootstrap iterations');
  checkOpenUnit(confidence, 'bootstrap confidence');
  return { iterations, confidence, seed };
}

/** Percentile interval of the bootstrap replicates. */
function percentileInterval(replicates: Float64Array, confidence: number): { lower: number; upper: number } {
  replicates.sort();
  const tail = (1 - confidence) / 2;
  return { lower: quantileSorted(replicates, tail), upper: quantileSorted(replicates, 1 - tail) };
}

const toNumbers = (values: readonly (boolean | number)[]): number[] =>
  values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));

/**
 * Percentile bootstrap CI of mean(after) - mean(before) over paired samples. Why resample pair
 * indices: pairs share the sample's difficulty, so keeping them together keeps that correlation
 * and gives a much narrower, still honest, interval. Booleans count as 1 (pass) and 0 (fail).
 */
export function pairedBootstrapDiff(
  before: readonly (boolean | number)[],
  after: readonly (boolean | number)[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { iterations, confidence, seed } = resolve(options, 0.95);
  const a = toNumbers(before);
  const b = toNumbers(after);
  checkSample(a, 'paired bootstrap, before');
  checkSample(b, 'paired bootstrap, after');
  if (a.length !== b.length) {
    throw new UsageError(
      `paired bootstrap: before has ${a.length} samples and after has ${b.length}; pairs need equal lengths`,
    );
  }
  const n = a.length;
  const diffs = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    diffs[i] = (b[i] as number) - (a[i] as number);
    total += diffs[i] as number;
  }
  const rng = seededRng(seed);
  const replicates = new Float64Array(iterations);
  for (let r = 0; r < iterations; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diffs[randomIndex(rng, n)] as number;
    replicates[r] = s / n;
  }
  return { estimate: total / n, ...percentileInterval(replicates, confidence), confidence, iterations, seed };
}

function checkPositive(values: readonly number[], what: string): void {
  checkSample(values, what);
  const bad = values.findIndex((v) => v <= 0);
  if (bad >= 0) throw new UsageError(`${what}: value at index ${bad} is ${values[bad]}, expected > 0`);
}

/**
 * Median of a with-replacement resample of `sorted`. Why counts instead of sorting the resample:
 * drawing indices into a sorted sample and walking their counts is O(n), not O(n log n).
 */
function resampledMedian(sorted: Float64Array, counts: Uint32Array, rng: () => number): number {
  const n = sorted.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[randomIndex(rng, n)]++;
  // 0-based ranks of the middle value(s) of the resample.
  const lowRank = (n - 1) >> 1;
  const highRank = n >> 1;
  let seen = 0;
  let low = Number.NaN;
  for (let i = 0; i < n; i++) {
    seen += counts[i] as number;
    if (Number.isNaN(low) && seen > lowRank) low = sorted[i] as number;
    if (seen > highRank) return (low + (sorted[i] as number)) / 2;
  }
  return low;
}

/**
 * Percentile bootstrap CI of median(cand) / median(base), resampling each side independently.
 * Why medians: robust to the long right tail of latencies; why a ratio: a slowdown is relative.
 */
export function bootstrapRatioOfMedians(
  base: readonly number[],
  cand: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { iterations, confidence, seed } = resolve(options, 0.95);
  checkPositive(base, 'ratio of medians, base');
  checkPositive(cand, 'ratio of medians, candidate');
  const rng = seededRng(seed);
  const baseSorted = Float64Array.from(base).sort();
  const candSorted = Float64Array.from(cand).sort();
  const baseCounts = new Uint32Array(base.length);
  const candCounts = new Uint32Array(cand.length);
  const replicates = new Float64Array(iterations);
  for (let r = 0; r < iterations; r++) {
    const mb = resampledMedian(baseSorted, baseCounts, rng);
    replicates[r] = resampledMedian(candSorted, candCounts, rng) / mb;
  }
  const estimate = medianSorted(candSorted) / medianSorted(baseSorted);
  return { estimate, ...percentileInterval(replicates, confidence), confidence, iterations, seed };
}
