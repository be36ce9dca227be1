/** Which way is good for a metric: accuracy is higher-is-better, latency lower-is-better. */
export type Direction = 'higher-is-better' | 'lower-is-better';

/**
 * Signed relative change (cur - base) / |base|: +0.1 means cur is 10% larger. A zero base gives 0
 * when cur is also 0, else +-Infinity (any change from nothing is unbounded in relative terms).
 */
export function relativeChange(base: number, cur: number): number {
  if (base === 0) return cur === 0 ? 0 : cur > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (cur - base) / Math.abs(base);
}

/**
 * Relative worsening, direction-aware: positive means worse by that fraction, negative better.
 * Why one function: every gate, band and severity reads "how much worse" the same way.
 */
export function relativeRegression(base: number, cur: number, direction: Direction): number {
  const change = relativeChange(base, cur);
  return direction === 'lower-is-better' ? change : -change;
}

/** Absolute worsening, direction-aware: positive means worse by that amount. */
export function absoluteRegression(base: number, cur: number, direction: Direction): number {
  return direction === 'lower-is-better' ? cur - base : base - cur;
}
