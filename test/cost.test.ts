import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { runCost } from '../src/cost/run-cost.js';
import { renderCostMarkdown } from '../src/report/plan.js';
import { ResultsSchema } from '../src/results/schema.js';
import { usageErrorAsync } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const demo = () =>
  ResultsSchema.parse(
    JSON.parse(readFileSync(path.join(ROOT, 'examples/demo/autoglm-baseline.json'), 'utf8')),
  );

describe('run cost', () => {
  it('prices stages and models; per 1,000 inferences against the baseline and the original', () => {
    const doc = demo();
    const faster = structuredClone(doc);
    for (const m of faster.suites[0]?.models ?? []) for (const s of m.samples) s.latencyMs /= 2;
    const cost = runCost(
      faster,
      [{ stage: 'evals', seconds: 36 }],
      { runner_per_hour: 3.6, currency: 'USD' },
      doc,
    );
    // 3.6 USD an hour is 0.001 USD a second.
    expect(cost.total).toBeCloseTo(0.036, 10);
    const v1 = doc.suites[0]?.models[0];
    const m0 = cost.models[0];
    const seconds =
      ((v1?.metrics.loadMs ?? 0) + (v1?.samples ?? []).reduce((a, s) => a + s.latencyMs / 2, 0)) / 1000;
    expect(m0?.seconds).toBeCloseTo(seconds, 12);
    expect(m0?.per1kInferences).toBeCloseTo((seconds * 0.001 * 1000) / 200, 12);
    expect(m0?.baselinePer1k).toBeGreaterThan(m0?.per1kInferences ?? 0);
    const int8 = cost.models.find((m) => m.model === 'digits-v1-int8');
    expect(int8?.originalPer1k).toBe(m0?.per1kInferences);
    const md = renderCostMarkdown(cost).join('\n');
    expect(md).toContain('This run: 0.0360 USD at 3.6 USD per runner hour (evals 36.0 s).');
    expect(md).toMatch(/\| `digits-v1` \| 200 \|.*\| -\d+\.\d% \|/);
  });

  it('negative or non-numeric prices are config errors naming the line', async () => {
    const bad = async (yaml: string) =>
      (await usageErrorAsync(() => parseConfig(yaml, 'autoglm.yml'))).message;
    expect(await bad('cost:\n  runner_per_hour: -1\n')).toContain('autoglm.yml:2:20');
    expect(await bad('cost:\n  runner_per_hour: -1\n')).toContain(
      'expected a non-negative number (price per runner hour)',
    );
    expect(await bad('cost:\n  runner_per_hour: cheap\n')).toContain('expected a non-negative number');
  });
});
