import type { Results } from '../results/schema.js';
import type { Waiver } from '../results/waivers.js';
import { verdictOf } from './gates.js';

const key = (model: string, metric: string) => `${model} ${metric}`;

/** Whether a waiver's target (`all`, a metric or a model name) covers a model's metric. */
export function covers(target: string, model: string, metric: string): boolean {
  return target === 'all' || target === metric || target === model;
}

/** The regressions and failed gates a target would accept now, as `model metric`. */
export function acceptable(results: Results, target: string): string[] {
  const out = new Set<string>();
  for (const f of results.comparison?.findings ?? []) {
    if (f.outcome === 'regression' && f.mode !== 'info' && covers(target, f.model, f.metric))
      out.add(key(f.model, f.metric));
  }
  for (const g of results.gates) {
    if (
      (g.status === 'fail' || g.status === 'missing') &&
      g.mode !== 'info' &&
      covers(target, g.model, g.metric)
    )
      out.add(key(g.model, g.metric));
  }
  return [...out];
}

/**
 * Apply reviewers' waivers: a regression or failed gate a waiver covers is marked accepted and
 * no longer counts for the verdict. Pure: returns a new document, the waivers recorded in it.
 */
export function applyWaivers(results: Results, waivers: readonly Waiver[]): Results {
  if (!waivers.length) return results;
  const waived = (model: string, metric: string) => waivers.some((w) => covers(w.target, model, metric));
  const gates = results.gates.map((g) =>
    g.status !== 'pass' && waived(g.model, g.metric) ? { ...g, accepted: true } : g,
  );
  const comparison = results.comparison && {
    ...results.comparison,
    findings: results.comparison.findings.map((f) =>
      f.outcome === 'regression' && waived(f.model, f.metric) ? { ...f, accepted: true } : f,
    ),
  };
  return {
    ...results,
    gates,
    ...(comparison ? { comparison } : {}),
    waivers: dedupe([...(results.waivers ?? []), ...waivers]),
    verdict: verdictOf(gates, comparison?.findings ?? []),
  };
}

function dedupe(list: Waiver[]): Waiver[] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const k = `${w.target} ${w.by} ${w.at}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
