import { UsageError } from '../../errors.js';

export type GateMode = 'block' | 'warn' | 'info';
export type Severity = 1 | 2 | 3 | 4 | 5;

export interface SeverityInput {
  /** Relative worsening (positive = worse), e.g. 0.12 for 12% slower or 12% fewer passes. */
  effect: number;
  /** The test's p-value; omit when a noise band decided (then "outside the band" is the evidence). */
  pValue?: number;
  /** Default 0.01. */
  alpha?: number;
  /** The gate's minimum effect (same units as effect). Default 0.05. */
  threshold?: number;
  mode: GateMode;
  /** The value lies inside the noise band (or the comparison found no change). */
  withinNoise: boolean;
  /**
   * The comparison could neither show nor rule out a gate-sized worsening. Beyond the gate that is
   * level 2, never "within noise": more samples would decide it.
   */
  inconclusive?: boolean;
}

/**
 * Severity 1-5 of a finding (docs/statistics.md has the table). Levels >= 4 ask the planner for the
 * full regression run, so 4 needs a significant gate-sized regression in a gate that matters.
 *   1 not worse, within noise, or an inconclusive worsening smaller than the gate;
 *   2 inconclusive beyond the gate: worse by at least the gate but not (yet) significant (also a
 *     method's regression below the gate);
 *   3 significant gate-sized regression in an info gate, or in a warn gate below 2x the gate;
 *   4 in a warn gate at >= 2x the gate, or in a block gate below 2x;  5 block gate at >= 2x the gate.
 */
export function severity(input: SeverityInput): Severity {
  const alpha = input.alpha ?? 0.01;
  const threshold = input.threshold ?? 0.05;
  if (Number.isNaN(input.effect)) throw new UsageError('severity: effect is NaN');
  if (!(threshold >= 0)) throw new UsageError(`severity: threshold must be >= 0, got ${threshold}`);
  if (input.effect <= 0) return 1;
  if (input.inconclusive) return input.effect >= threshold ? 2 : 1;
  if (input.withinNoise) return 1;
  const significant = input.pValue === undefined ? true : input.pValue <= alpha;
  if (!significant || input.effect < threshold) return 2;
  const large = input.effect >= 2 * threshold;
  switch (input.mode) {
    case 'block':
      return large ? 5 : 4;
    case 'warn':
      return large ? 4 : 3;
    case 'info':
      return 3;
  }
}
