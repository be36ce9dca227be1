import { UsageError } from '../../errors.js';
import { type BootstrapInterval, bootstrapRatioOfMedians, pairedBootstrapDiff } from './bootstrap.js';
import { checkOpenUnit, checkPositiveInt, median } from './describe.js';
import { type MannWhitneyResult, mannWhitneyU } from './mann-whitney.js';
import { type McNemarResult, mcnemarExact, mcnemarSamplesToDecide } from './mcnemar.js';
import { normalQuantile } from './normal.js';
import { DEFAULT_SEED } from './rng.js';

/** The four answers a comparison can give (Chromium Pinpoint's three, plus improvement). */
export type Outcome = 'regression' | 'improvement' | 'no change' | 'inconclusive';

/**
 * Evidence on a "badness" scale where positive is worse and 0 is no change (log ratio for latency,
 * accuracy drop for pass rates), so one rule serves every metric.
 */
export interface Evidence {
  estimate: number;
  lower: number;
  upper: number;
  /** The test's p <= alpha. */
  significant: boolean;
  /** The test's standardized statistic (signed; |z| grows like sqrt(n) for a fixed effect). */
  z: number;
  zCritical: number;
  /** Sample size the interval and the test scale with (per side, or pairs). */
  n: number;
  /** Badness at which a change counts as a regression (the gate), > 0. */
  regressAt: number;
  /** Betterness at which a change counts as an improvement, > 0. */
  improveAt: number;
}

/** Interval coverage for verdicts; its upper side is a one-sided 5% test for "no change". */
export const DEFAULT_CONFIDENCE = 0.9;

/** Beyond this many times the current sample, "more samples" is not a useful suggestion. */
const MAX_GROWTH = 100;

/**
 * The decision rule:
 * - regression: significant AND estimate >= gate AND the interval excludes no change (lower > 0);
 * - improvement: the mirror image;
 * - no change: the interval's worst case stays within the gate (upper <= gate): a gate-sized
 *   regression is ruled out, even if a smaller significant shift exists;
 * - inconclusive: anything else (a gate-sized regression is neither shown nor ruled out).
 */
export function decide(e: Evidence): { outcome: Outcome; moreSamples?: number } {
  if (e.significant && e.estimate >= e.regressAt && e.lower > 0) return { outcome: 'regression' };
  if (e.significant && e.estimate <= -e.improveAt && e.upper < 0) return { outcome: 'improvement' };
  if (e.upper <= e.regressAt) return { outcome: 'no change' };
  // Assume the estimate holds and the interval and z scale with 1/sqrt(n), sqrt(n).
  let growth: number;
  if (e.estimate >= e.regressAt) {
    const forInterval =
      e.estimate > 0 ? ((e.estimate - e.lower) / e.estimate) ** 2 : Number.POSITIVE_INFINITY;
    const forTest = e.z !== 0 ? (e.zCritical / e.z) ** 2 : Number.POSITIVE_INFINITY;
    growth = Math.max(forInterval, forTest);
  } else {
    growth = ((e.upper - e.estimate) / (e.regressAt - e.estimate)) ** 2;
  }
  if (!Number.isFinite(growth) || growth > MAX_GROWTH) return { outcome: 'inconclusive' };
  return { outcome: 'inconclusive', moreSamples: Math.max(1, Math.ceil(e.n * growth - e.n)) };
}

const pct = (fraction: number, digits = 1): string =>
  `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(digits)}%`;

/** p-values in reasons: two significant digits, floored so tiny values do not read as zero. */
export function formatP(p: number): string {
  return p < 0.0001 ? 'p < 0.0001' : `p = ${Number(p.toPrecision(2))}`;
}

const num = (v: number): string => String(Number(v.toPrecision(4)));

function checkEffect(value: number, what: string, max = Number.POSITIVE_INFINITY): void {
  if (!(value >= 0 && value < max)) {
    throw new UsageError(`${what}: expected a number in [0, ${max}), got ${value}`);
  }
}

export interface LatencyVerdictOptions {
  /** Significance level of the Mann-Whitney test. Default 0.01. */
  alpha?: number;
  /** Smallest relative slowdown that counts (the gate), e.g. 0.05 = 5%; speedups mirror it. */
  minEffect?: number;
  /**
   * Coverage of the ratio's bootstrap interval. Default 0.9: "no change" then rules out a
   * gate-sized slowdown at the 5% level (one side of a 90% interval, as in an equivalence test).
   */
  confidence?: number;
  iterations?: number;
  seed?: number;
  /** Fewer samples per side than this is inconclusive whatever the data say. Default 8. */
  minSamples?: number;
  /** Unit for the reason text. Default 'ms'. */
  unit?: string;
}

export interface LatencyVerdict {
  outcome: Outcome;
  reason: string;
  /** median(cand) / median(base): 1.10 = 10% slower. */
  ratio: number;
  interval: BootstrapInterval;
  baseMedian: number;
  candMedian: number;
  test: MannWhitneyResult;
  alpha: number;
  minEffect: number;
  /** For inconclusive: about how many more samples per side would likely decide it. */
  moreSamples?: number;
}

/**
 * Latency verdict from interleaved samples of base and candidate: Mann-Whitney U for significance,
 * bootstrap CI of the ratio of medians for the size. See docs/statistics.md for the rule and its
 * simulated false-alarm and detection rates.
 */
export function latencyVerdict(
  base: readonly number[],
  cand: readonly number[],
  options: LatencyVerdictOptions = {},
): LatencyVerdict {
  const alpha = options.alpha ?? 0.01;
  const minEffect = options.minEffect ?? 0.05;
  const minSamples = options.minSamples ?? 8;
  const unit = options.unit ?? 'ms';
  checkOpenUnit(alpha, 'latency verdict alpha');
  checkEffect(minEffect, 'latency verdict minEffect', 1);
  checkPositiveInt(minSamples, 'latency verdict minSamples');
  const interval = bootstrapRatioOfMedians(base, cand, {
    iterations: options.iterations ?? 2000,
    seed: options.seed ?? DEFAULT_SEED,
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
  });
  const test = mannWhitneyU(cand, base);
  const baseMedian = median(base);
  const candMedian = median(cand);
  const ratio = interval.estimate;
  const common = { ratio, interval, baseMedian, candMedian, test, alpha, minEffect };
  const n = Math.min(base.length, cand.length);
  const size = `median ${num(candMedian)} ${unit} vs ${num(baseMedian)} ${unit}`;
  if (n < minSamples) {
    return {
      ...common,
      outcome: 'inconclusive',
      moreSamples: minSamples - n,
      reason: `only ${n} sample(s) per side (${size}); at least ${minSamples} are needed to decide`,
    };
  }
  const { outcome, moreSamples } = decide({
    estimate: Math.log(ratio),
    lower: Math.log(interval.lower),
    upper: Math.log(interval.upper),
    significant: test.pValue <= alpha,
    z: test.z,
    zCritical: normalQuantile(1 - alpha / 2),
    n,
    regressAt: Math.log1p(minEffect),
    // A speedup mirrors the gate in plain terms: ratio <= 1 - minEffect.
    improveAt: minEffect > 0 ? -Math.log1p(-minEffect) : 0,
  });
  const change = ratio - 1;
  const ci = `${Math.round(interval.confidence * 100)}% CI ${pct(interval.lower - 1)} to ${pct(interval.upper - 1)}`;
  const evidence = `${size}; ${ci}; Mann-Whitney ${formatP(test.pValue)}, alpha ${alpha}; gate ${pct(minEffect, 0).slice(1)}`;
  const word = change >= 0 ? 'slower' : 'faster';
  const shift = `${pct(Math.abs(change)).slice(1)} ${word}`;
  let reason: string;
  switch (outcome) {
    case 'regression':
      reason = `candidate is ${shift} (${evidence})`;
      break;
    case 'improvement':
      reason = `candidate is ${shift} (${evidence})`;
      break;
    case 'no change':
      reason =
        test.pValue <= alpha
          ? `a ${shift} shift is significant but a slowdown of the gate's size is ruled out (${evidence})`
          : `no slowdown of the gate's size: the interval stays below it (${evidence})`;
      break;
    case 'inconclusive':
      reason =
        `${shift} by the medians, but the data neither show nor rule out a slowdown of the gate's size (${evidence}); ` +
        (moreSamples !== undefined
          ? `about ${moreSamples} more samples per side would likely decide it`
          : 'the estimate sits at the gate, so more samples are unlikely to settle it soon');
      break;
  }
  return { ...common, outcome, reason, ...(moreSamples !== undefined ? { moreSamples } : {}) };
}

export interface AccuracyVerdictOptions {
  /** Significance level of the exact McNemar test. Default 0.05. */
  alpha?: number;
  /** Smallest drop in pass rate that counts (absolute: 0.01 = one point). Default 0.01. */
  minEffect?: number;
  /** Coverage of the bootstrap interval of the difference. Default 0.9 (see LatencyVerdictOptions). */
  confidence?: number;
  iterations?: number;
  seed?: number;
}

export interface AccuracyVerdict {
  outcome: Outcome;
  reason: string;
  n: number;
  baseRate: number;
  candRate: number;
  /** candRate - baseRate. */
  difference: number;
  /** Bootstrap interval of candRate - baseRate over the paired samples. */
  interval: BootstrapInterval;
  test: McNemarResult;
  /** Indices that passed in the base and fail in the candidate. */
  passToFail: number[];
  /** Indices that failed in the base and pass in the candidate. */
  failToPass: number[];
  /** Every flipped index, pass->fail first, then fail->pass (the order reports list them in). */
  flipped: number[];
  alpha: number;
  minEffect: number;
  /** For inconclusive: about how many more paired samples would likely decide it. */
  moreSamples?: number;
}

/**
 * Pass-rate verdict on the same samples before and after: exact McNemar test on the flips for
 * significance, paired bootstrap CI of the difference for the size.
 */
export function accuracyVerdict(
  basePass: readonly boolean[],
  candPass: readonly boolean[],
  options: AccuracyVerdictOptions = {},
): AccuracyVerdict {
  const alpha = options.alpha ?? 0.05;
  const minEffect = options.minEffect ?? 0.01;
  checkOpenUnit(alpha, 'accuracy verdict alpha');
  checkEffect(minEffect, 'accuracy verdict minEffect', 1);
  if (basePass.length !== candPass.length) {
    throw new UsageError(
      `accuracy verdict: base has ${basePass.length} samples and candidate ${candPass.length}; a paired comparison needs the same samples`,
    );
  }
  if (basePass.length === 0) throw new UsageError('accuracy verdict: no samples to compare');
  const passToFail: number[] = [];
  const failToPass: number[] = [];
  let basePassed = 0;
  let candPassed = 0;
  for (let i = 0; i < basePass.length; i++) {
    if (basePass[i]) basePassed++;
    if (candPass[i]) candPassed++;
    if (basePass[i] && !candPass[i]) passToFail.push(i);
    else if (!basePass[i] && candPass[i]) failToPass.push(i);
  }
  const n = basePass.length;
  const test = mcnemarExact(passToFail.length, failToPass.length);
  const interval = pairedBootstrapDiff(basePass, candPass, {
    iterations: options.iterations ?? 2000,
    seed: options.seed ?? DEFAULT_SEED,
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
  });
  const b = passToFail.length;
  const c = failToPass.length;
  const decided = decide({
    estimate: -interval.estimate,
    lower: -interval.upper,
    upper: -interval.lower,
    significant: test.pValue <= alpha,
    // McNemar's z: (b - c) / sqrt(b + c), positive when the candidate fails more.
    z: b + c > 0 ? (b - c) / Math.sqrt(b + c) : 0,
    zCritical: normalQuantile(1 - alpha / 2),
    n,
    regressAt: minEffect,
    improveAt: minEffect,
  });
  const { outcome } = decided;
  let { moreSamples } = decided;
  // Towards a regression the test is what lacks: at the observed flip rates, the exact McNemar
  // test says at how many samples it would reach alpha (computed, not extrapolated from z).
  const toDecide =
    outcome === 'inconclusive' && -interval.estimate >= minEffect
      ? mcnemarSamplesToDecide(b, c, n, alpha, MAX_GROWTH * n)
      : undefined;
  if (toDecide !== undefined && toDecide > n) moreSamples = toDecide - n;
  const points = (d: number) => `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)} pts`;
  const evidence =
    `${b} pass->fail, ${c} fail->pass of ${n}; ${Math.round(interval.confidence * 100)}% CI ` +
    `${points(interval.lower)} to ${points(interval.upper)}; McNemar ${formatP(test.pValue)}, alpha ${alpha}; ` +
    `gate ${(minEffect * 100).toFixed(1)} pts`;
  const rates = `pass rate ${(candPassed / n).toFixed(4)} vs ${(basePassed / n).toFixed(4)} (${points(interval.estimate)})`;
  let reason: string;
  switch (outcome) {
    case 'regression':
      reason = `${rates}: a significant drop (${evidence})`;
      break;
    case 'improvement':
      reason = `${rates}: a significant gain (${evidence})`;
      break;
    case 'no change':
      reason =
        b + c === 0
          ? `${rates}: no sample changed outcome`
          : `${rates}: a drop of the gate's size is ruled out (${evidence})`;
      break;
    case 'inconclusive':
      reason =
        `${rates}: the flips neither show nor rule out a drop of the gate's size (${evidence}); ` +
        (toDecide !== undefined && toDecide > n
          ? `at ${toDecide} samples (${toDecide - n} more) the exact McNemar test would reach alpha ${alpha}, if the flips kept their rate (${b} pass->fail, ${c} fail->pass in ${n})`
          : moreSamples !== undefined
            ? `about ${moreSamples} more samples would likely decide it`
            : 'the estimate sits at the gate, so more samples are unlikely to settle it soon');
      break;
  }
  return {
    outcome,
    reason,
    n,
    baseRate: basePassed / n,
    candRate: candPassed / n,
    difference: interval.estimate,
    interval,
    test,
    passToFail,
    failToPass,
    flipped: [...passToFail, ...failToPass],
    alpha,
    minEffect,
    ...(moreSamples !== undefined ? { moreSamples } : {}),
  };
}
