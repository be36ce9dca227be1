import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRng } from '../src/compare/stats.js';
import { loadModel, runLoadedModels } from '../src/evals/evaluate.js';
import { openJsonl } from '../src/evals/jsonl.js';
import type { ModelSession } from '../src/inference/backend.js';
import { createOnnxSession } from '../src/inference/onnx.js';
import { adapterOptions, ModelRegistry, type ModelSpec } from '../src/inference/registry.js';
import { runSuites } from '../src/pipeline/evals.js';
import type { ModelResult } from '../src/results/schema.js';
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

const DIGITS = path.join(DEMO, 'models', 'digits-v1.onnx');
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Every consecutive group of `names.length` entries holds each name once: the models alternate. */
function expectAlternating(order: readonly string[], names: readonly string[]): void {
  expect(order.length % names.length).toBe(0);
  for (let i = 0; i < order.length; i += names.length) {
    expect([...order.slice(i, i + names.length)].sort(), `entries ${i}..${i + names.length - 1}`).toEqual(
      [...names].sort(),
    );
  }
}

/** A real session that logs which model each run belongs to. */
const logged = (calls: string[], name: string, session: ModelSession): ModelSession => ({
  inputs: session.inputs,
  outputs: session.outputs,
  runtime: session.runtime,
  threads: session.threads,
  run: (feeds) => {
    calls.push(name);
    return session.run(feeds);
  },
  close: () => session.close(),
});

/** What a sample record says about the model's output (everything but its timing). */
const outcomes = (m: ModelResult | undefined) =>
  m?.samples.map(({ latencyMs: _latency, ...rest }) => rest) ?? [];

describe('models of a suite are timed interleaved', () => {
  it('runs the batches of the same model listed three times round-robin, with records as if run alone', async () => {
    const registry = new ModelRegistry();
    for (const name of ['a', 'b', 'c', 'alone']) {
      registry.register(name, { path: DIGITS, adapter: 'classifier', labels: LABELS, batchSize: 8 });
    }
    const progress: string[] = [];
    const suite = { name: 'digits', dataset: 'data/eval.jsonl', limit: 64 };
    const results = await runSuites(
      { registry, suites: [{ ...suite, models: ['a', 'b', 'c'] }], dir: DEMO },
      { cwd: scratch(), progress: (message) => progress.push(message) },
    );
    // Progress is reported after each timed batch: 64 samples / 8 = 8 batches per model.
    const order = progress.map((m) => m.slice(0, m.indexOf(':')));
    expect(order).toHaveLength(24);
    expectAlternating(order, ['a', 'b', 'c']);

    const alone = await runSuites(
      { registry, suites: [{ ...suite, models: ['alone'] }], dir: DEMO },
      { cwd: scratch() },
    );
    const models = results.suites[0]?.models ?? [];
    expect(models.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    const reference = outcomes(alone.suites[0]?.models[0]);
    expect(reference.map((r) => r.id)).toEqual(
      Array.from({ length: 64 }, (_, i) => `eval-${String(i + 1).padStart(4, '0')}`),
    );
    for (const m of models) {
      expect(outcomes(m)).toEqual(reference);
      expect(m.metrics.accuracy).toBe(alone.suites[0]?.models[0]?.metrics.accuracy);
      expect(m.warmupRuns).toBe(3);
    }
    // Agreement between identical models stays exact.
    expect(results.suites[0]?.agreement.map((a) => a.top1)).toEqual([1, 1, 1]);
  });

  it('warms every model up before the first timed batch of any, then alternates', async () => {
    const calls: string[] = [];
    const names = ['a', 'b', 'c'];
    const sessions = await Promise.all(names.map(() => createOnnxSession(DIGITS, {})));
    try {
      const loaded = await Promise.all(
        names.map((name, i) => {
          const spec: ModelSpec = {
            name,
            path: DIGITS,
            adapter: adapterOptions('classifier', LABELS),
            capabilities: [],
            batchSize: 4,
            quantize: false,
            warmup: 2,
          };
          return loadModel(spec, { session: logged(calls, name, sessions[i] as ModelSession) });
        }),
      );
      const dataset = await openJsonl(path.join(DEMO, 'data', 'eval.jsonl'), 'eval.jsonl', 20);
      const done = await runLoadedModels(loaded, dataset);
      // 2 warm-up runs each, then 20 / 4 = 5 timed batches each.
      expect(calls).toHaveLength(3 * (2 + 5));
      expect(calls.slice(0, 6)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
      expectAlternating(calls.slice(6), names);
      expect(done.map((d) => d.result.samples.map((s) => s.id))).toEqual(
        names.map(() => Array.from({ length: 20 }, (_, i) => `eval-${String(i + 1).padStart(4, '0')}`)),
      );
      expect(done.map((d) => d.result.warmupRuns)).toEqual([2, 2, 2]);
    } finally {
      for (const s of sessions) await s.close();
    }
  });

  it('draws the order within each round anew, so no model always goes first', async () => {
    const calls: string[] = [];
    const names = ['a', 'b', 'c'];
    const sessions = await Promise.all(names.map(() => createOnnxSession(DIGITS, {})));
    try {
      const loaded = await Promise.all(
        names.map((name, i) =>
          loadModel(
            {
              name,
              path: DIGITS,
              adapter: adapterOptions('classifier', LABELS),
              capabilities: [],
              batchSize: 1,
              quantize: false,
              warmup: 0,
            },
            { session: logged(calls, name, sessions[i] as ModelSession) },
          ),
        ),
      );
      const dataset = await openJsonl(path.join(DEMO, 'data', 'eval.jsonl'), 'eval.jsonl', 30);
      await runLoadedModels(loaded, dataset, { random: seededRng(7) });
      expectAlternating(calls, names);
      const firsts = new Set(Array.from({ length: 30 }, (_, r) => calls[r * 3]));
      expect([...firsts].sort()).toEqual(names);
    } finally {
      for (const s of sessions) await s.close();
    }
  });

  it('keeps models of different batch sizes in step by samples done', async () => {
    const calls: string[] = [];
    const sizes = { one: 1, four: 4 };
    const sessions = await Promise.all([1, 2].map(() => createOnnxSession(DIGITS, {})));
    try {
      const loaded = await Promise.all(
        Object.entries(sizes).map(([name, batchSize], i) => {
          const spec: ModelSpec = {
            name,
            path: DIGITS,
            adapter: adapterOptions('classifier', LABELS),
            capabilities: [],
            batchSize,
            quantize: false,
            warmup: 0,
          };
          return loadModel(spec, { session: logged(calls, name, sessions[i] as ModelSession) });
        }),
      );
      const dataset = await openJsonl(path.join(DEMO, 'data', 'eval.jsonl'), 'eval.jsonl', 16);
      await runLoadedModels(loaded, dataset);
      expect(calls.filter((c) => c === 'one')).toHaveLength(16);
      expect(calls.filter((c) => c === 'four')).toHaveLength(4);
      // Whichever model runs next is the one furthest behind in samples done.
      const done: Record<string, number> = { one: 0, four: 0 };
      calls.forEach((name, i) => {
        const other = name === 'one' ? 'four' : 'one';
        expect(done[name], `call ${i} (${name})`).toBeLessThanOrEqual(done[other] as number);
        done[name] = (done[name] as number) + sizes[name as keyof typeof sizes];
      });
    } finally {
      for (const s of sessions) await s.close();
    }
  });
});
