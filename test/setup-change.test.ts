import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { ConfigSchema } from '../src/config/schema.js';
import { ModelRegistry } from '../src/inference/registry.js';
import { runSuites } from '../src/pipeline/evals.js';
import { runPipeline } from '../src/pipeline/run.js';
import { writeResults } from '../src/results/io.js';
import type { ModelResult, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { DEMO, tempDir } from './helpers.js';

/** Temp folders of this file, removed when it ends. */
const made: string[] = [];
const scratch = (): string => {
  const dir = tempDir();
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SHA = 'a'.repeat(64);

const timing = (p95: number, throughput: number) => ({
  latency: { meanMs: p95 / 2, p50Ms: p95 / 2, p95Ms: p95, p99Ms: p95 * 1.2, minMs: 0.1, maxMs: p95 * 2 },
  throughput,
});

/** The issue's case: the same file, batch_size 16 -> 1, threads 1 -> 2, warmup 3 -> 0. */
const before = model('m', timing(1.28, 801), { sha256: SHA });
const after = model('m', timing(6.91, 359), {
  sha256: SHA,
  batchSize: 1,
  threads: { intraOp: 2, interOp: 1 },
  warmupRuns: 0,
});
const CHANGE = 'batch_size 16 -> 1, threads 1 -> 2, warmup 3 -> 0';
const run = (m: ModelResult): Results => results([suite([m])]);

describe('a changed setup is a change, not noise', () => {
  it('with only stored numbers: not called noise, not blamed on another machine, and named', () => {
    const c = compareResults(run(after), run(before), {
      gates: gates({ 'latency.p95_ms': { max_increase: '10%' } }),
    });
    for (const f of c.findings) expect(f.outcome, `${f.metric}: ${f.reason}`).not.toBe('noise');
    const p95 = c.findings.find((f) => f.metric === 'latency.p95_ms');
    expect(p95?.outcome).toBe('inconclusive');
    expect(p95?.reason).toContain(`the setup changed: ${CHANGE}`);
    expect(p95?.reason).not.toMatch(/unchanged|runner's noise/);
    expect(p95).toMatchObject({ mode: 'block' });
    expect(p95?.downgraded).toBeUndefined();
    expect(c.findings.find((f) => f.metric === 'throughput')?.reason).toContain(CHANGE);
    expect(c.notes.join('\n')).toContain(
      `model m (suite digits-eval): the setup changed since the baseline: ${CHANGE}`,
    );
  });

  it('the same file and setup is still the runner noise', () => {
    const c = compareResults(run(model('m', timing(1.4, 780), { sha256: SHA })), run(before));
    expect(c.findings.find((f) => f.metric === 'latency.p95_ms')?.outcome).toBe('noise');
  });

  it('timed interleaved with both setups: a 5x slower p95 is a regression that names the change', () => {
    const rounds = 12;
    const baseBatches = Array.from({ length: rounds }, (_, r) =>
      Array.from({ length: 16 }, (_, i) => 0.08 + 0.001 * ((i * 7 + r) % 5)),
    );
    const candidateBatches = Array.from({ length: rounds }, (_, r) =>
      Array.from({ length: 256 }, (_, i) => (i % 10 === 0 ? 0.45 : 0.09) + 0.001 * ((i + r) % 3)),
    );
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    const timed: ModelResult = {
      ...after,
      interleaved: {
        baseSha256: SHA,
        baseSource: 'models/m.onnx with the baseline setup',
        rounds,
        samplesPerRound: 256,
        base: baseBatches.map(med),
        candidate: candidateBatches.map(med),
        baseBatches,
        candidateBatches,
        baseSetup: { batchSize: 16, threads: 1, warmup: 3 },
      },
    };
    const c = compareResults(run(timed), run(before), {
      gates: gates({ 'latency.p95_ms': { max_increase: '10%' } }),
    });
    const p95 = c.findings.find((f) => f.metric === 'latency.p95_ms');
    expect(p95).toMatchObject({ outcome: 'regression', method: 'interleaved', mode: 'block' });
    expect(p95?.reason).toContain(`the setup changed: ${CHANGE}`);
    expect(c.outcome).toBe('regression');
  });
});

describe('the pipeline times the baseline setup against this one', () => {
  it('an unchanged model file with a changed setup is timed interleaved with the baseline setup', async () => {
    const registry = new ModelRegistry();
    registry.register('v1', {
      path: path.join(DEMO, 'models', 'digits-v1.onnx'),
      adapter: 'classifier',
      labels: LABELS,
      batchSize: 1,
      threads: 2,
      warmup: 0,
    });
    const r = await runSuites(
      { registry, suites: [{ name: 'digits', dataset: 'data/eval.jsonl', limit: 64 }], dir: DEMO },
      {
        cwd: scratch(),
        interleave: {
          rounds: 8,
          resolve: async () => undefined,
          setup: (s, m) =>
            s === 'digits' && m === 'v1' ? { batchSize: 16, threads: 1, warmup: 3 } : undefined,
        },
      },
    );
    const m = r.suites[0]?.models[0] as ModelResult;
    expect(m.interleaved?.baseSetup).toEqual({ batchSize: 16, threads: 1, warmup: 3 });
    expect(m.interleaved?.baseSha256).toBe(m.sha256);
    // 64 samples a round: 4 batches of 16 for the baseline setup, 64 of 1 for this one.
    expect(m.interleaved?.baseBatches?.map((b) => b.length)).toEqual(Array(8).fill(4));
    expect(m.interleaved?.candidateBatches?.map((b) => b.length)).toEqual(Array(8).fill(64));
  });

  it('autoglm run against a stored baseline with another setup names the change', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'models'));
    mkdirSync(path.join(dir, 'data'));
    copyFileSync(path.join(DEMO, 'models', 'digits-v1.onnx'), path.join(dir, 'models', 'v1.onnx'));
    copyFileSync(path.join(DEMO, 'data', 'eval.jsonl'), path.join(dir, 'data', 'eval.jsonl'));
    const config = (batch: number, threads: number, warmup: number) =>
      [
        'models:',
        '  - name: v1',
        '    path: models/v1.onnx',
        '    adapter: classifier',
        `    labels: [${LABELS.map((l) => `"${l}"`).join(', ')}]`,
        `    batch_size: ${batch}`,
        `    threads: ${threads}`,
        `    warmup: ${warmup}`,
        'suites:',
        '  - name: digits',
        '    dataset: data/eval.jsonl',
        '    limit: 64',
        'gates:',
        '  latency.p95_ms:',
        '    max_increase: 10%',
        '    mode: warn',
        'baseline:',
        '  store: file',
        '  rounds: 12',
        '',
      ].join('\n');
    const settings = { config: 'autoglm.yml', cwd: dir, failOn: 'never' as const, env: {} };
    writeFileSync(path.join(dir, 'autoglm.yml'), config(16, 1, 3));
    const first = await runPipeline(settings);
    await writeResults(path.join(dir, 'autoglm-baseline.json'), first.results);
    writeFileSync(path.join(dir, 'autoglm.yml'), config(1, 2, 0));
    const second = await runPipeline(settings);
    const m = second.results.suites[0]?.models[0];
    expect(m?.interleaved?.baseSetup).toEqual({ batchSize: 16, threads: 1, warmup: 3 });
    const p95 = second.results.comparison?.findings.find((f) => f.metric === 'latency.p95_ms');
    // Batch 1 costs several times batch 16 per sample here: a regression of the tail, never noise.
    // Real timing on a shared runner: a burst can leave it inconclusive (seen once in CI), so the
    // assertion is what the issue names: timed interleaved, judged, not called noise.
    expect(p95).toMatchObject({ method: 'interleaved', mode: 'warn' });
    expect(['regression', 'inconclusive']).toContain(p95?.outcome);
    expect(p95?.reason).toContain(`the setup changed: ${CHANGE}`);
    expect(second.markdown).toContain('the setup changed since the baseline: batch\\_size 16 -\\> 1');
  });
});
