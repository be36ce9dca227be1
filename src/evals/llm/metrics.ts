import type { LlmCaseResult, LlmMetrics } from '../../results/llm.js';
import { summarizeLatency } from '../stats.js';
import { groupConsistency } from './scorers.js';

export interface ClientCounters {
  hits: number;
  misses: number;
  requests: number;
  retries: number;
  throttled: number;
}

/** Aggregate a model's cases: pass rate, latency and TTFT percentiles, tokens/s, usage, cost. */
export function llmMetrics(
  cases: readonly LlmCaseResult[],
  counters: ClientCounters,
  memoryMiB: number | undefined,
): LlmMetrics {
  const count = (s: LlmCaseResult['status']) => cases.filter((c) => c.status === s).length;
  const passed = count('pass');
  const failed = count('fail');
  const errors = count('error');
  const graded = passed + failed + errors;
  const runs = cases.flatMap((c) => c.runs);
  const answered = runs.filter((r) => r.latencyMs !== undefined);
  const latencies = answered.map((r) => r.latencyMs as number);
  const ttfts = answered.flatMap((r) => (r.ttftMs !== undefined ? [r.ttftMs] : []));
  let promptTokens = 0;
  let completionTokens = 0;
  let unknown = 0;
  let genTokens = 0;
  let genSeconds = 0;
  let cost = 0;
  let costKnown = answered.length > 0;
  for (const r of answered) {
    const u = r.usage;
    if (!u || u.completionTokens === null) unknown++;
    else {
      promptTokens += u.promptTokens ?? 0;
      completionTokens += u.completionTokens;
      // Decode speed: tokens over the time after the first token when streamed, else the whole answer.
      const secs = ((r.latencyMs as number) - (r.ttftMs ?? 0)) / 1000;
      if (secs > 0 && u.completionTokens > 0) {
        genTokens += u.completionTokens;
        genSeconds += secs;
      }
    }
    if (r.costUsd === undefined) costKnown = false;
    else cost += r.costUsd;
  }
  const byType = new Map<string, { passed: number; graded: number; skipped: number }>();
  for (const r of runs) {
    for (const a of r.assertions) {
      const t = byType.get(a.type) ?? { passed: 0, graded: 0, skipped: 0 };
      if (a.skipped) t.skipped++;
      else {
        t.graded++;
        if (a.pass) t.passed++;
      }
      byType.set(a.type, t);
    }
  }
  const groups = new Map<string, string[]>();
  for (const c of cases) {
    const out = c.runs[0]?.status !== 'error' ? c.runs[0]?.output : undefined;
    if (c.group && out !== undefined) groups.set(c.group, [...(groups.get(c.group) ?? []), out]);
  }
  const multi = [...groups.values()].filter((g) => g.length > 1);
  const sources: LlmMetrics['sources'] = { network: 0, cache: 0, replay: 0 };
  for (const r of answered) {
    if (r.source === 'local') sources.local = (sources.local ?? 0) + 1;
    else if (r.source) sources[r.source]++;
  }
  return {
    cases: cases.length,
    passed,
    failed,
    errors,
    skipped: count('skipped'),
    passRate: graded === 0 ? null : passed / graded,
    latency: latencies.length ? summarizeLatency(latencies) : null,
    ttft: ttfts.length ? summarizeLatency(ttfts) : null,
    tokensPerSecond: genSeconds > 0 ? genTokens / genSeconds : null,
    usage: { promptTokens, completionTokens, unknown },
    costUsd: costKnown ? cost : null,
    assertions: [...byType.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([type, v]) => ({ type, ...v })),
    ...(multi.length
      ? { consistency: multi.reduce((s, g) => s + groupConsistency(g), 0) / multi.length }
      : {}),
    memoryMiB: memoryMiB ?? null,
    cache: { hits: counters.hits, misses: counters.misses },
    sources,
    requests: counters.requests,
    retries: counters.retries,
    throttled: counters.throttled,
  };
}
