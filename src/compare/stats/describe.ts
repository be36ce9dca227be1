import { UsageError } from '../../errors.js';

/**
 * Check that a sample is non-empty and all finite, naming the input in the error, since these
 * numbers come from results files a user can hand-edit.
 */
export function checkSample(values: readonly number[], what: string, minLength = 1): void {
  if (values.length < minLength) {
    throw new UsageError(`${what}: expected at least ${minLength} value(s), got ${values.length}`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new UsageError(`${what}: value at index ${i} is ${String(v)}, expected a finite number`);
    }
  }
}

/** Check a probability-like option lies strictly inside (0, 1). */
export function checkOpenUnit(value: number, what: string): void {
  if (!(value > 0 && value < 1)) throw new UsageError(`${what}: expected a number in (0, 1), got ${value}`);
}

/** Check an iteration count or size option is a positive integer. */
export function checkPositiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${what}: expected a positive integer, got ${value}`);
  }
}

/** Quantile of sorted values, linear interpolation between closest ranks (R type 7, numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = q * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Median of sorted values (mean of the middle two for even lengths). */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function median(values: readonly number[]): number {
  return medianSorted(sortedCopy(values));
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length === 0 ? Number.NaN : s / values.length;
}

/** Consistency constant that makes the MAD estimate sigma for normal data: 1 / Phi^-1(3/4). */
export const MAD_TO_SIGMA = 1.4826;

/** Median absolute deviation from the median (raw, not scaled by MAD_TO_SIGMA). */
export function mad(values: readonly number[], center: number = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}
