import type { TriageResult, TriageRowResult } from '../results/plan.js';
import type { Results } from '../results/schema.js';

/** Anomalies the run found itself: comparison findings that regressed, at their severity level. */
export function runAnomalies(results: Results): TriageRowResult[] {
  return (results.comparison?.findings ?? [])
    .filter((f) => f.outcome === 'regression')
    .map((f) => ({
      time: results.createdAt,
      level: f.severity,
      message: `${f.suite}/${f.model} ${f.metric}: ${f.reason}`,
      suites: [f.suite],
      action: f.severity >= 4 ? 'escalate' : 'queue',
      source: 'run',
    }));
}

const key = (r: TriageRowResult) => `${r.time}\u0000${r.level}\u0000${r.message}`;

/**
 * The queue after this run. A scheduled run runs every suite, so it drains the queue it inherits
 * (and anything low it finds itself); any other run appends its low-level anomalies to it.
 * Escalated anomalies never wait: they made this run the full regression.
 */
export function nextTriage(
  rows: readonly TriageRowResult[],
  inherited: readonly TriageRowResult[],
  scheduled: boolean,
  escalated: boolean,
): TriageResult {
  const low = rows.filter((r) => r.action === 'queue');
  if (scheduled) {
    return { rows: [...rows], escalated, queue: [], drained: [...inherited, ...low] };
  }
  const seen = new Set(inherited.map(key));
  return { rows: [...rows], escalated, queue: [...inherited, ...low.filter((r) => !seen.has(key(r)))] };
}
