import { UsageError } from '../../errors.js';

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

/** A gate allowance: `5%` is relative to the baseline, `0.05` is in the metric's own units. */
export interface Threshold {
  kind: 'relative' | 'absolute';
  /** A fraction for relative thresholds (5% -> 0.05), the metric's units for absolute ones. */
  value: number;
  /** The text as written, for reports. */
  source: string;
}

const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parse a gate threshold such as `max_drop: 2%` (relative) or `max_increase: 0.5` (absolute).
 * `where` names the config key for the error message.
 */
export function parseThreshold(input: string | number, where: string): Threshold {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      throw new UsageError(
        `${where}: expected a non-negative number or a percentage such as 5%, got ${input}`,
      );
    }
    return { kind: 'absolute', value: input, source: String(input) };
  }
  const text = input.trim();
  const percent = text.endsWith('%');
  const body = percent ? text.slice(0, -1).trim() : text;
  if (!NUMBER.test(body)) {
    throw new UsageError(
      `${where}: expected a non-negative number (absolute, e.g. 0.02) or a percentage (relative, e.g. 5%), got '${input}'`,
    );
  }
  const value = Number(body);
  return percent
    ? { kind: 'relative', value: value / 100, source: text }
    : { kind: 'absolute', value, source: text };
}

/** How much worse cur is than base, in the threshold's own terms (fraction or metric units). */
export function regressionIn(threshold: Threshold, base: number, cur: number, direction: Direction): number {
  return threshold.kind === 'relative'
    ? relativeRegression(base, cur, direction)
    : absoluteRegression(base, cur, direction);
}

/** True when cur is worse than base by more than the threshold allows (equal to it is allowed). */
export function exceedsThreshold(
  threshold: Threshold,
  base: number,
  cur: number,
  direction: Direction,
): boolean {
  return regressionIn(threshold, base, cur, direction) > threshold.value;
}
