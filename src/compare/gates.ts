import { isLlmGateMetric } from '../config/llm-checks.js';
import type { GateConfig, GateMetric } from '../config/schema.js';
import type { Finding } from '../results/comparison.js';
import type { GateOutcome, ModelResult, SuiteResult, Verdict } from '../results/schema.js';

/** Read a gate metric off a model's results; undefined when the model does not have it. */
export function metricValue(model: ModelResult, metric: GateMetric): number | undefined {
  const m = model.metrics;
  switch (metric) {
    case 'accuracy':
      return m.accuracy;
    case 'macro_f1':
      return m.macroF1;
    case 'mae':
      return m.mae;
    case 'rmse':
      return m.rmse;
    case 'cosine':
      return m.cosine;
    case 'latency.mean_ms':
      return m.latency.meanMs;
    case 'latency.p50_ms':
      return m.latency.p50Ms;
    case 'latency.p95_ms':
      return m.latency.p95Ms;
    case 'latency.p99_ms':
      return m.latency.p99Ms;
    case 'throughput':
      return m.throughput;
    case 'load_time_ms':
      return m.loadMs;
    case 'memory_mib':
      return m.memoryMiB;
    case 'size_bytes':
      return m.sizeBytes;
  }
}

/**
 * Absolute thresholds on this run's metrics, per suite and model. A metric some models in the
 * gate's scope lack (accuracy of an unlabelled model) is `not applicable` to those, listed in one
 * row; it is `missing` (a warning, never a block) only when no model in scope reports it, or the
 * gate names the model. A gate whose scope matched no model is `not evaluated`.
 */
export function evaluateGates(
  suites: readonly SuiteResult[],
  gates: Readonly<Record<string, GateConfig>>,
): GateOutcome[] {
  const outcomes: GateOutcome[] = [];
  for (const [metric, gate] of Object.entries(gates)) {
    // A gate with only baseline-relative rules (max_drop, max_increase) is judged by the comparison.
    if (gate.min === undefined && gate.max === undefined) continue;
    if (isLlmGateMetric(metric)) continue; // LLM suites' metrics: pipeline/llm.ts
    const limits = {
      ...(gate.min !== undefined ? { min: gate.min } : {}),
      ...(gate.max !== undefined ? { max: gate.max } : {}),
    };
    const lacking: Array<{ suite: string; model: string }> = [];
    let measured = 0;
    for (const suite of suites) {
      if (gate.suite && gate.suite !== suite.name) continue;
      for (const model of suite.models) {
        if (gate.model && gate.model !== model.name) continue;
        const value = metricValue(model, metric as GateMetric);
        if (value === undefined) {
          lacking.push({ suite: suite.name, model: model.name });
          continue;
        }
        measured++;
        const failed =
          (gate.min !== undefined && value < gate.min) || (gate.max !== undefined && value > gate.max);
        outcomes.push({
          metric,
          suite: suite.name,
          model: model.name,
          value,
          ...limits,
          mode: gate.mode,
          status: failed ? 'fail' : 'pass',
        });
      }
    }
    const scope = [gate.suite ? `suite ${gate.suite}` : '', gate.model ? `model ${gate.model}` : '']
      .filter(Boolean)
      .join(', ');
    if (!measured && !lacking.length) {
      outcomes.push({
        metric,
        suite: gate.suite ?? '*',
        model: gate.model ?? '*',
        value: null,
        ...limits,
        mode: gate.mode,
        status: 'not evaluated',
        reason: `no model ${scope ? `in its scope (${scope}) ` : ''}ran in this run`,
      });
    } else if (lacking.length) {
      // Named for one model, or reported by none: nothing was measured where the gate expects it.
      const missing = Boolean(gate.model) || measured === 0;
      const names = [...new Set(lacking.map((l) => l.model))];
      const suitesOf = [...new Set(lacking.map((l) => l.suite))];
      outcomes.push({
        metric,
        suite: suitesOf.length === 1 ? (suitesOf[0] as string) : suitesOf.join(', '),
        model: names.length === 1 ? (names[0] as string) : `${names.length} models`,
        value: null,
        ...limits,
        mode: gate.mode,
        status: missing ? 'missing' : 'not applicable',
        reason: missing
          ? names.length === 1
            ? `${names[0]} does not report ${metric}`
            : `none of ${names.join(', ')} reports ${metric}`
          : `${names.join(', ')} ${names.length === 1 ? 'does' : 'do'} not report ${metric}`,
        models: names,
      });
    }
  }
  return outcomes;
}

/**
 * A failed `block` gate, or a `block` finding against the baseline that is a regression, makes a
 * regression; a failed `warn` gate or warn-level regression, or a missing metric, a warning.
 */
export function verdictOf(
  allOutcomes: readonly GateOutcome[],
  allFindings: readonly Finding[] = [],
): Verdict {
  // Failures a reviewer accepted for the pull request no longer count.
  const outcomes = allOutcomes.filter((o) => !o.accepted);
  const findings = allFindings.filter((f) => !f.accepted);
  const blockFinding = findings.some((f) => f.outcome === 'regression' && f.mode === 'block');
  if (blockFinding || outcomes.some((o) => o.status === 'fail' && o.mode === 'block')) return 'regression';
  const warnFinding = findings.some((f) => f.outcome === 'regression' && f.mode === 'warn');
  if (
    warnFinding ||
    outcomes.some(
      (o) => (o.status === 'fail' && o.mode === 'warn') || (o.status === 'missing' && o.mode !== 'info'),
    )
  ) {
    return 'warning';
  }
  return 'pass';
}
