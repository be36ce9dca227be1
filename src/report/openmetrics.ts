import { coverageMetrics } from '../results/coverage.js';
import type { ModelMetrics, Results } from '../results/schema.js';

/** Headline metrics of one model: metric name (without the `autoglm_` prefix) -> value. */
export function headlineMetrics(m: ModelMetrics): Array<[string, number]> {
  const out: Array<[string, number | undefined]> = [
    ['accuracy', m.accuracy],
    ['macro_f1', m.macroF1],
    ['mae', m.mae],
    ['rmse', m.rmse],
    ['cosine', m.cosine],
    ['latency_p95_ms', m.latency.p95Ms],
    ['throughput', m.throughput],
    ['size_bytes', m.sizeBytes],
  ];
  return out.filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
}

/** OpenMetrics label values escape `\`, `"` and newlines; anything else is kept as is. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The run as OpenMetrics text (GitLab's `artifacts:reports:metrics`, `metrics.txt`): one gauge per
 * headline metric, labelled by suite and model, plus coverage and the verdict. GitLab compares
 * each line with the target branch's, so names and labels stay stable run to run.
 */
export function renderOpenMetrics(results: Results): string {
  const families = new Map<string, string[]>();
  const add = (name: string, labels: Record<string, string>, value: number) => {
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}="${label(v)}"`)
      .join(',');
    const lines = families.get(name) ?? [];
    lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
    families.set(name, lines);
  };
  for (const s of results.suites) {
    for (const m of s.models) {
      for (const [metric, value] of headlineMetrics(m.metrics)) {
        add(`autoglm_${metric}`, { suite: s.name, model: m.name }, value);
      }
    }
  }
  if (results.coverage) {
    for (const [metric, value] of Object.entries(coverageMetrics(results.coverage))) {
      add(`autoglm_${metric.replace('.', '_')}_percent`, {}, value);
    }
  }
  add(
    'autoglm_regressions',
    {},
    results.comparison?.findings.filter((f) => f.outcome === 'regression').length ?? 0,
  );
  add('autoglm_gates_failed', {}, results.gates.filter((g) => g.status === 'fail').length);
  const out: string[] = [];
  for (const [name, lines] of families) out.push(`# TYPE ${name} gauge`, ...lines);
  out.push('# EOF', '');
  return out.join('\n');
}
