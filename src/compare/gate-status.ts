import type { GateConfig } from '../config/schema.js';
import type { Finding } from '../results/comparison.js';
import type { GateOutcome } from '../results/schema.js';

/**
 * Baseline-relative gates (`max_drop`, `max_increase`) that no finding judged, as `not evaluated`
 * rows with the reason, so a gate never disappears silently: no baseline, comparison off, or a
 * baseline without that metric for the models in the gate's scope.
 */
export function unevaluatedRelativeGates(
  gates: Readonly<Record<string, GateConfig>>,
  findings: readonly Finding[],
  /** Why nothing could be compared at all (no baseline, comparison off); undefined when it was. */
  noComparison: string | undefined,
): GateOutcome[] {
  const rows: GateOutcome[] = [];
  for (const [metric, gate] of Object.entries(gates)) {
    const t = gate.max_drop ?? gate.max_increase;
    if (!t) continue;
    const rule = `${gate.max_drop ? 'max_drop' : 'max_increase'} ${t.text}`;
    if (findings.some((f) => f.metric === metric && f.rule === rule)) continue;
    const scope = [gate.suite ? `suite ${gate.suite}` : '', gate.model ? `model ${gate.model}` : '']
      .filter(Boolean)
      .join(', ');
    rows.push({
      metric,
      suite: gate.suite ?? '*',
      model: gate.model ?? '*',
      value: null,
      mode: gate.mode,
      status: 'not evaluated',
      rule,
      reason:
        noComparison ??
        `neither the baseline nor this run has ${metric} for the same model${scope ? ` (${scope})` : ''}`,
    });
  }
  return rows;
}
