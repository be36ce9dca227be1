import type { Finding } from '../results/comparison.js';
import { type CoverageResult, coverageMetrics } from '../results/coverage.js';
import type { GateOutcome } from '../results/schema.js';
import { severity } from './stats.js';

/** A coverage gate as the config's `coverage.gates` holds it (percent values, drops in points or %). */
export interface CoverageGate {
  min?: number;
  max_drop?: { amount: number; relative: boolean; text: string };
  mode: 'block' | 'warn' | 'info';
}

const SUITE = 'coverage';
const MODEL = 'all files';

/**
 * Coverage gates through the shared machinery: `min` becomes a gate outcome on this run's value,
 * `max_drop` a finding against the baseline (indirect changes left out unless gated). Coverage is
 * deterministic for a given test run, so a threshold decides. A gate that cannot be judged (no
 * patch metric without a diff, no coverage in the baseline) is a `not evaluated` row with the reason.
 */
export function coverageGateResults(
  current: CoverageResult,
  baseline: CoverageResult | undefined,
  gates: Readonly<Record<string, CoverageGate>>,
  /** Why `baseline` is undefined, for the not-evaluated rows of `max_drop` gates. */
  noBaseline = 'the baseline has no coverage section',
): { outcomes: GateOutcome[]; findings: Finding[] } {
  const now = coverageMetrics(current);
  const forDrop = coverageMetrics(current, { forDrop: true });
  const before = baseline ? coverageMetrics(baseline) : undefined;
  const outcomes: GateOutcome[] = [];
  const findings: Finding[] = [];
  for (const [metric, gate] of Object.entries(gates)) {
    const value = now[metric];
    const notEvaluated = (rule: string, reason: string): GateOutcome => ({
      metric,
      suite: SUITE,
      model: MODEL,
      value: null,
      mode: gate.mode,
      status: 'not evaluated',
      rule,
      reason,
    });
    if (value === undefined) {
      const why =
        metric === 'coverage.patch'
          ? 'no patch coverage: no diff against the base (see the coverage section)'
          : `this run has no ${metric}`;
      if (gate.min !== undefined) outcomes.push(notEvaluated(`min ${gate.min}`, why));
      if (gate.max_drop) outcomes.push(notEvaluated(`max_drop ${gate.max_drop.text}`, why));
      continue;
    }
    if (gate.min !== undefined) {
      outcomes.push({
        metric,
        suite: SUITE,
        model: MODEL,
        value,
        min: gate.min,
        mode: gate.mode,
        status: value < gate.min ? 'fail' : 'pass',
      });
    }
    const base = before?.[metric];
    const cur = forDrop[metric];
    if (!gate.max_drop) continue;
    if (base === undefined || cur === undefined) {
      outcomes.push(
        notEvaluated(`max_drop ${gate.max_drop.text}`, before ? `the baseline has no ${metric}` : noBaseline),
      );
      continue;
    }
    const allowed = gate.max_drop.relative ? gate.max_drop.amount * base : gate.max_drop.amount;
    const drop = base - cur;
    const outcome: Finding['outcome'] =
      drop > allowed ? 'regression' : drop < -allowed && allowed > 0 ? 'improvement' : 'no change';
    const worsening = base === 0 ? 0 : drop / base;
    findings.push({
      suite: SUITE,
      model: MODEL,
      metric,
      base,
      current: cur,
      delta: cur - base,
      worsening,
      outcome,
      method: 'threshold',
      reason: `${base.toFixed(2)}% → ${cur.toFixed(2)}% (${drop >= 0 ? '−' : '+'}${Math.abs(drop).toFixed(2)} points; allowed drop ${gate.max_drop.text}${gate.max_drop.relative ? '' : gate.max_drop.amount === 1 ? ' point' : ' points'})${cur !== now[metric] ? '; indirect changes left out' : ''}`,
      mode: gate.mode,
      rule: `max_drop ${gate.max_drop.text}`,
      severity: severity({
        effect: Math.max(worsening, 0),
        threshold: base === 0 ? 0 : allowed / base,
        mode: gate.mode,
        withinNoise: outcome !== 'regression',
      }),
    });
  }
  return { outcomes, findings };
}
