import type { GateMetric } from '../config/schema.js';
import type { Trend } from '../results/comparison.js';
import type { Results } from '../results/schema.js';
import { metricValue } from './gates.js';

/** The metrics a trend chart follows: what a reviewer asks first (quality, then speed). */
export const TREND_METRICS: readonly GateMetric[] = ['accuracy', 'latency.p95_ms'];

/** At most this many runs per series: the chart reads at a glance and the document stays small. */
const MAX_POINTS = 20;

/**
 * The headline metrics of each model over the stored history (oldest first) plus this run, for
 * the report's trend chart. Pure; empty without history.
 */
export function trendOf(current: Results, history: readonly Results[]): Trend {
  if (!history.length) return [];
  const runs = [...history]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(-(MAX_POINTS - 1))
    .concat(current);
  const out: Trend = [];
  for (const suite of current.suites) {
    for (const model of suite.models) {
      for (const metric of TREND_METRICS) {
        const points = runs.flatMap((r) => {
          const m = r.suites.find((s) => s.name === suite.name)?.models.find((x) => x.name === model.name);
          const value = m ? metricValue(m, metric) : undefined;
          if (value === undefined) return [];
          return [
            {
              label: r === current ? 'this run' : (r.provenance.sha?.slice(0, 7) ?? r.createdAt.slice(0, 10)),
              value,
            },
          ];
        });
        if (points.length >= 2) out.push({ suite: suite.name, model: model.name, metric, points });
      }
    }
  }
  return out;
}
