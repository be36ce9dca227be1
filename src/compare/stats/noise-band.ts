import { UsageError } from '../../errors.js';
import { checkSample, MAD_TO_SIGMA, mad, median } from './describe.js';
import { type Direction, relativeRegression } from './direction.js';
import type { Outcome } from './verdict.js';

export interface NoiseBandOptions {
  /** Half-width in robust standard deviations. Default 3 (~0.3% of normal noise falls outside). */
  k?: number;
  /** Floor on the half-width in the metric's units, for histories with zero spread. Default 0. */
  minHalfWidth?: number;
  /** Floor on the half-width relative to |center| (0.01 = 1%). Default 0. */
  minRelativeHalfWidth?: number;
}

export interface NoiseBand {
  /** Median of the history. */
  center: number;
  /** Robust standard deviation: 1.4826 * MAD (estimates sigma for normal noise, ignores outliers). */
  sigma: number;
  /** max(k * sigma, floors). */
  halfWidth: number;
  lower: number;
  upper: number;
  k: number;
  /** Number of past values the band was learnt from. */
  n: number;
}

/**
 * Band of ordinary run-to-run variation learnt from past values: median +- k * 1.4826 * MAD.
 * Why median/MAD: a few bad runs in the history (a noisy runner) do not widen the band.
 */
export function noiseBand(history: readonly number[], options: NoiseBandOptions = {}): NoiseBand {
  const k = options.k ?? 3;
  const minHalfWidth = options.minHalfWidth ?? 0;
  const minRel = options.minRelativeHalfWidth ?? 0;
  checkSample(history, 'noise band history');
  for (const [name, v] of [
    ['k', k],
    ['minHalfWidth', minHalfWidth],
    ['minRelativeHalfWidth', minRel],
  ] as const) {
    if (!(v >= 0 && Number.isFinite(v)))
      throw new UsageError(`noise band ${name}: expected a number >= 0, got ${v}`);
  }
  const center = median(history);
  const sigma = MAD_TO_SIGMA * mad(history, center);
  const halfWidth = Math.max(k * sigma, minHalfWidth, minRel * Math.abs(center));
  return {
    center,
    sigma,
    halfWidth,
    lower: center - halfWidth,
    upper: center + halfWidth,
    k,
    n: history.length,
  };
}

export interface BandClassifyOptions {
  /** Also require a relative worsening (or gain) of at least this much, e.g. the gate's 5%. Default 0. */
  minEffect?: number;
  /** Fewer past values than this is inconclusive (a MAD from 3 points is a guess). Default 5. */
  minHistory?: number;
}

export interface BandClassification {
  outcome: Outcome;
  reason: string;
  /** Whether the value lies inside the band. */
  withinNoise: boolean;
  /** (value - center) in band sigmas (the half-width / k when a floor applies); +-Infinity on a zero band. */
  z: number;
  /** Relative worsening against the band's center; positive is worse. */
  effect: number;
}

/** Judge one new value against the band, direction-aware; says which method decided. */
export function classifyAgainstBand(
  value: number,
  band: NoiseBand,
  direction: Direction,
  options: BandClassifyOptions = {},
): BandClassification {
  checkSample([value], 'value to classify');
  const minEffect = options.minEffect ?? 0;
  const minHistory = options.minHistory ?? 5;
  const scale = band.k > 0 ? band.halfWidth / band.k : band.sigma;
  const diff = value - band.center;
  const z =
    diff === 0
      ? 0
      : scale > 0
        ? diff / scale
        : diff > 0
          ? Number.POSITIVE_INFINITY
          : Number.NEGATIVE_INFINITY;
  const effect = relativeRegression(band.center, value, direction);
  const withinNoise = value >= band.lower && value <= band.upper;
  const where = `${value} vs noise band ${band.center} +- ${Number(band.halfWidth.toPrecision(4))} (median +- ${band.k} x 1.4826 x MAD of ${band.n} past runs)`;
  if (band.n < minHistory) {
    return {
      outcome: 'inconclusive',
      reason: `only ${band.n} past run(s); the noise band needs at least ${minHistory} (${where})`,
      withinNoise,
      z,
      effect,
    };
  }
  const worse = direction === 'lower-is-better' ? value > band.upper : value < band.lower;
  const better = direction === 'lower-is-better' ? value < band.lower : value > band.upper;
  const size = `${(Math.abs(effect) * 100).toFixed(1)}% ${effect >= 0 ? 'worse' : 'better'}`;
  let outcome: Outcome = 'no change';
  let reason = `within run-to-run noise: ${where}`;
  if (worse && effect >= minEffect) {
    outcome = 'regression';
    reason = `${size}, outside the noise band: ${where}`;
  } else if (better && -effect >= minEffect) {
    outcome = 'improvement';
    reason = `${size}, outside the noise band: ${where}`;
  } else if (worse || better) {
    reason = `outside the noise band but ${size} is below the ${(minEffect * 100).toFixed(1)}% gate: ${where}`;
  }
  return { outcome, reason, withinNoise, z, effect };
}
