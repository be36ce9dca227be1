/**
 * Pure statistics for comparing runs: paired and interleaved tests, bootstrap intervals, the
 * four-way verdicts, noise bands from history, change points and severity. No I/O; every random
 * step takes a seed. Methods, assumptions and decision rules: docs/statistics.md.
 */
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapRatioOfMedians,
  pairedBootstrapDiff,
} from './stats/bootstrap.js';
export { type ChangePoint, type ChangePointOptions, changePoints } from './stats/change-points.js';
export { MAD_TO_SIGMA, mad, mean, median, quantileSorted } from './stats/describe.js';
export {
  absoluteRegression,
  type Direction,
  relativeChange,
  relativeRegression,
} from './stats/direction.js';
export {
  EXACT_MAX_N,
  exactUDistribution,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyU,
} from './stats/mann-whitney.js';
export { type McNemarResult, mcnemarExact, mcnemarSamplesToDecide } from './stats/mcnemar.js';
export {
  type BandClassification,
  type BandClassifyOptions,
  classifyAgainstBand,
  type NoiseBand,
  type NoiseBandOptions,
  noiseBand,
} from './stats/noise-band.js';
export { erfc, normalCdf, normalQuantile, normalSf } from './stats/normal.js';
export { type QuantileVerdict, type QuantileVerdictOptions, quantileVerdict } from './stats/quantile.js';
export { DEFAULT_SEED, normalDeviate, seededRng } from './stats/rng.js';
export { type GateMode, type Severity, type SeverityInput, severity } from './stats/severity.js';
export {
  type AccuracyVerdict,
  type AccuracyVerdictOptions,
  accuracyVerdict,
  formatP,
  type LatencyVerdict,
  type LatencyVerdictOptions,
  latencyVerdict,
  type Outcome,
} from './stats/verdict.js';
