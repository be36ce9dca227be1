import { UsageError } from '../../errors.js';
import { checkOpenUnit, checkPositiveInt, checkSample, median } from './describe.js';
import { relativeChange } from './direction.js';

export interface ChangePointOptions {
  /** Significance level of each Pettitt test. Default 0.01. */
  alpha?: number;
  /** Shortest segment on either side of a change (a lone spike is not a step). Default 5. */
  minSize?: number;
  /** Ignore steps whose medians differ by less than this fraction of the earlier one. Default 0. */
  minRelativeShift?: number;
  /** Stop after this many change points. Default 10. */
  maxChangePoints?: number;
}

export interface ChangePoint {
  /** Index of the first value after the change. */
  index: number;
  /** Pettitt's approximate p-value within the segment the change was found in. */
  pValue: number;
  /** Medians of the segments just before and after, as found by the split. */
  before: number;
  after: number;
  /** relativeChange(before, after). */
  relativeShift: number;
}

interface Split {
  /** Length of the left part. */
  at: number;
  pValue: number;
}

/**
 * Pettitt's test for one shift in location within `values[start, end)`: K = max |U_t| where U_t is
 * the Mann-Whitney statistic of the first t values against the rest; p ~ 2 exp(-6K^2 / (m^3 + m^2)).
 * Why rank-based: outliers and skewed noise (latencies) neither create nor hide steps.
 */
function pettitt(values: readonly number[], start: number, end: number, minSize: number): Split | undefined {
  const m = end - start;
  if (m < 2 * minSize) return undefined;
  let u = 0;
  let best = -1;
  let bestAt = 0;
  for (let t = 1; t < m; t++) {
    // U_t = U_{t-1} + sum_j sign(x_t - x_j): the new left value against every value.
    const xt = values[start + t - 1] as number;
    for (let j = start; j < end; j++) u += Math.sign(xt - (values[j] as number));
    if (t >= minSize && m - t >= minSize && Math.abs(u) > best) {
      best = Math.abs(u);
      bestAt = t;
    }
  }
  const pValue = Math.min(1, 2 * Math.exp((-6 * best * best) / (m * m * m + m * m)));
  return { at: bestAt, pValue };
}

/**
 * Change points of a series by binary segmentation with Pettitt's test: split where the evidence of
 * a shift is strongest, keep the split if significant, then look again on each side.
 */
export function changePoints(series: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  const alpha = options.alpha ?? 0.01;
  const minSize = options.minSize ?? 5;
  const minShift = options.minRelativeShift ?? 0;
  const maxCount = options.maxChangePoints ?? 10;
  checkSample(series, 'change-point series', 0);
  checkOpenUnit(alpha, 'change-point alpha');
  checkPositiveInt(minSize, 'change-point minSize');
  checkPositiveInt(maxCount, 'change-point maxChangePoints');
  if (!(minShift >= 0)) throw new UsageError(`change-point minRelativeShift: expected >= 0, got ${minShift}`);

  const found: ChangePoint[] = [];
  const candidates: (Split & { start: number; end: number })[] = [];
  const consider = (start: number, end: number) => {
    const split = pettitt(series, start, end, minSize);
    if (split && split.pValue <= alpha) candidates.push({ ...split, start, end });
  };
  consider(0, series.length);
  while (candidates.length > 0 && found.length < maxCount) {
    // Most significant first, so maxChangePoints keeps the clearest steps.
    let bestIdx = 0;
    for (let q = 1; q < candidates.length; q++) {
      if ((candidates[q] as Split).pValue < (candidates[bestIdx] as Split).pValue) bestIdx = q;
    }
    const best = candidates.splice(bestIdx, 1)[0] as Split & { start: number; end: number };
    const index = best.start + best.at;
    const before = median(series.slice(best.start, index));
    const after = median(series.slice(index, best.end));
    const shift = relativeChange(before, after);
    // A split too small to matter is dropped and its segment not searched again.
    if (Math.abs(shift) < minShift) continue;
    found.push({ index, pValue: best.pValue, before, after, relativeShift: shift });
    consider(best.start, index);
    consider(index, best.end);
  }
  return found.sort((a, b) => a.index - b.index);
}
