import type { CostConfig } from '../config/cost.js';
import type { CostResult } from '../results/cost.js';
import type { Results } from '../results/schema.js';

/**
 * Price a run: each stage's wall seconds at the runner's hourly price, and each model's load and
 * inference seconds (from its records) per 1,000 inferences, against the baseline run's figure for
 * the same model and, for an int8 copy, against its original.
 */
export function runCost(
  results: Results,
  stages: ReadonlyArray<{ stage: string; seconds: number }>,
  prices: CostConfig,
  baseline?: Results,
): CostResult {
  const perSecond = prices.runner_per_hour / 3600;
  const per1kOf = (r: Results | undefined) => {
    const out = new Map<string, number>();
    for (const s of r?.suites ?? []) {
      for (const m of s.models) {
        const seconds = ((m.metrics.loadMs ?? 0) + m.samples.reduce((a, x) => a + x.latencyMs, 0)) / 1000;
        if (m.samples.length)
          out.set(`${s.name}\u0000${m.name}`, ((seconds * perSecond) / m.samples.length) * 1000);
      }
    }
    return out;
  };
  const mine = per1kOf(results);
  const theirs = per1kOf(baseline);
  const models: CostResult['models'] = [];
  for (const s of results.suites) {
    for (const m of s.models) {
      const seconds = ((m.metrics.loadMs ?? 0) + m.samples.reduce((a, x) => a + x.latencyMs, 0)) / 1000;
      const key = `${s.name}\u0000${m.name}`;
      const base = theirs.get(key);
      const original = m.quantizedFrom ? mine.get(`${s.name}\u0000${m.quantizedFrom}`) : undefined;
      models.push({
        suite: s.name,
        model: m.name,
        seconds,
        inferences: m.samples.length,
        cost: seconds * perSecond,
        per1kInferences: mine.get(key) ?? 0,
        ...(base === undefined ? {} : { baselinePer1k: base }),
        ...(original === undefined ? {} : { originalPer1k: original }),
      });
    }
  }
  const priced = stages.map((s) => ({ ...s, cost: s.seconds * perSecond }));
  return {
    currency: prices.currency,
    runnerPerHour: prices.runner_per_hour,
    stages: priced,
    models,
    total: priced.reduce((a, s) => a + s.cost, 0),
  };
}
