import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreement } from '../src/evals/agreement.js';
import { type Dataset, loadJsonl, syntheticDataset } from '../src/evals/dataset.js';
import { type EvaluatedModel, evaluateModel, planBatches } from '../src/evals/evaluate.js';
import { getAdapter } from '../src/inference/adapters.js';
import { ModelRegistry, type RegisterOptions } from '../src/inference/registry.js';
import type { HostTensor } from '../src/inference/tensor.js';
import { usageErrorAsync } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'models');
const DIGITS_V1 = path.join(ROOT, 'examples', 'demo', 'models', 'digits-v1.onnx');
const DIGITS_V2 = path.join(ROOT, 'examples', 'demo', 'models', 'digits-v2.onnx');
const EVAL_JSONL = path.join(ROOT, 'examples', 'demo', 'data', 'eval.jsonl');
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const fixture = (name: string) => path.join(FIXTURES, name);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh registry per spec so names never clash between tests. */
function spec(name: string, options: RegisterOptions) {
  return new ModelRegistry().register(name, { warmup: 0, threads: 1, ...options });
}

/** An in-memory dataset whose rows say they came from `rows.jsonl:N`. */
function rowsDataset(rows: Record<string, unknown>[], file = 'rows.jsonl'): Dataset {
  return {
    info: { kind: 'jsonl', source: file, samples: rows.length },
    rows: rows.map((fields, i) => ({ id: String(i + 1), where: `${file}:${i + 1}`, fields })),
  };
}

function maxAbsDiff(a: readonly HostTensor[], b: readonly HostTensor[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let s = 0; s < a.length; s++) {
    const ta = a[s] as HostTensor;
    const tb = b[s] as HostTensor;
    expect(ta.data.length).toBe(tb.data.length);
    for (let i = 0; i < ta.data.length; i++) {
      max = Math.max(max, Math.abs(Number(ta.data[i]) - Number(tb.data[i])));
    }
  }
  return max;
}

describe('batching', () => {
  let dataset: Dataset;
  let batched: EvaluatedModel;
  let single: EvaluatedModel;

  beforeAll(async () => {
    dataset = await loadJsonl(EVAL_JSONL, 'data/eval.jsonl');
    const options = { path: DIGITS_V1, adapter: 'classifier', labels: LABELS } as const;
    batched = await evaluateModel(spec('digits-v1', { ...options, batchSize: 16 }), dataset);
    single = await evaluateModel(spec('digits-v1', { ...options, batchSize: 1 }), dataset);
  });

  it('records how the model ran', () => {
    expect(dataset.rows).toHaveLength(200);
    expect(batched.result.batched).toBe(true);
    expect(batched.result.batchSize).toBe(16);
    expect(single.result.batched).toBe(false);
    expect(single.result.batchSize).toBe(1);
    // 200 rows in batches of 16: 13 batches, the last one holding 8 rows.
    expect(Math.max(...batched.result.samples.map((s) => s.batch))).toBe(12);
    expect(batched.result.samples.filter((s) => s.batch === 12)).toHaveLength(8);
    expect(Math.max(...single.result.samples.map((s) => s.batch))).toBe(199);
  });

  it('gives the same prediction for every sample as per-sample runs', () => {
    const pick = (e: EvaluatedModel) => e.result.samples.map((s) => [s.id, s.prediction, s.correct]);
    expect(pick(batched)).toEqual(pick(single));
    expect(batched.result.samples.map((s) => s.id)).toEqual(dataset.rows.map((r) => r.id));
  });

  it('gives the same accuracy (the demo v1 model scores 92.0%)', () => {
    expect(batched.result.metrics.accuracy).toBe(single.result.metrics.accuracy);
    expect(batched.result.metrics.macroF1).toBe(single.result.metrics.macroF1);
    expect(batched.result.metrics.accuracy).toBe(0.92);
  });

  it('gives the same raw outputs (max abs diff < 1e-5)', () => {
    const a = batched.outputs.get('logits');
    const b = single.outputs.get('logits');
    expect(a).toHaveLength(200);
    expect(b).toHaveLength(200);
    for (const t of a ?? []) expect(t.dims).toEqual([1, 10]);
    expect(maxAbsDiff(a ?? [], b ?? [])).toBeLessThan(1e-5);
  });

  it('planBatches splits on size and on a change of shape', () => {
    const t = (n: number): HostTensor => ({ dtype: 'float32', dims: [1, n], data: new Float32Array(n) });
    const feeds = [{ x: t(2) }, { x: t(2) }, { x: t(2) }, { x: t(3) }, { x: t(2) }];
    expect(planBatches(feeds, 2)).toEqual([[0, 1], [2], [3], [4]]);
    expect(planBatches(feeds, 1)).toEqual([[0], [1], [2], [3], [4]]);
  });
});

describe('fixed batch dimension', () => {
  it('runs per sample, records batch 1 and one record per row', async () => {
    const rows = [{ x: [1, 2, 3, 4] }, { x: [0, 0, 0, 0] }, { x: [1, 1, 1, 1] }];
    const fb = await evaluateModel(
      spec('fixed', { path: fixture('fixed-batch.onnx'), batchSize: 8 }),
      rowsDataset(rows),
    );
    expect(fb.result.batched).toBe(false);
    expect(fb.result.batchSize).toBe(1);
    expect(fb.result.samples).toHaveLength(3);
    expect(fb.result.samples.map((s) => s.batch)).toEqual([0, 1, 2]);
    for (const s of fb.result.samples) {
      const y = (s.prediction as { y: number[] }).y;
      expect(y).toHaveLength(3);
    }
    // The zero row yields the bias alone, unlike the others.
    const [y0, y1] = fb.result.samples.map((s) => (s.prediction as { y: number[] }).y);
    expect(y0).not.toEqual(y1);
  });
});

describe('two inputs, tensor adapter', () => {
  const a1 = [1.5, -2, 0.25];
  const b1 = [0.5, 3, 0.125];
  const a2 = [10, 20, 30];
  const b2 = [-1, -2, -3];
  const sum = (a: number[], b: number[]) => a.map((x, i) => x + (b[i] as number));

  it('predicts sum = a + b exactly, batched', async () => {
    const e = await evaluateModel(
      spec('two', { path: fixture('two-inputs.onnx'), batchSize: 4 }),
      rowsDataset([
        { a: a1, b: b1 },
        { a: a2, b: b2 },
      ]),
    );
    expect(e.result.batched).toBe(true);
    expect(e.result.samples.map((s) => s.prediction)).toEqual([{ sum: sum(a1, b1) }, { sum: sum(a2, b2) }]);
    expect(e.result.metrics.accuracy).toBeUndefined();
    expect(e.result.samples[0]?.correct).toBeUndefined();
  });

  it('scores expected outputs: all right gives accuracy 1, one of two wrong gives 0.5', async () => {
    const model = spec('two', { path: fixture('two-inputs.onnx'), batchSize: 4 });
    const right = await evaluateModel(
      model,
      rowsDataset([
        { a: a1, b: b1, expected: { sum: sum(a1, b1) } },
        { a: a2, b: b2, expected: { sum: sum(a2, b2) } },
      ]),
    );
    expect(right.result.samples.map((s) => s.correct)).toEqual([true, true]);
    expect(right.result.metrics.accuracy).toBe(1);

    const half = await evaluateModel(
      model,
      rowsDataset([
        { a: a1, b: b1, expected: { sum: sum(a1, b1) } },
        { a: a2, b: b2, expected: { sum: [9, 18, 28] } },
      ]),
    );
    expect(half.result.samples.map((s) => s.correct)).toEqual([true, false]);
    expect(half.result.samples[1]?.error).toBe(1);
    expect(half.result.metrics.accuracy).toBe(0.5);
  });

  it('an expected output the model does not have names it', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(
        spec('two', { path: fixture('two-inputs.onnx') }),
        rowsDataset([{ a: a1, b: b1, expected: { total: [1, 2, 3] } }]),
      ),
    );
    expect(e.message).toBe('rows.jsonl:1: "expected" names output "total", which the model does not have');
  });
});

describe('regression adapter', () => {
  const features = [
    [1, 2, 3, 4, 5],
    [0, 0, 0, 0, 0],
    [-1, 0.5, 2, -3, 1],
    [0.25, 0.25, 0.25, 0.25, 0.25],
  ];
  const offsets = [0.5, -1, 2, -0.25];

  it('computes MAE and RMSE against hand-computed values', async () => {
    const model = spec('reg', { path: fixture('regression.onnx'), adapter: 'regression', batchSize: 4 });
    const plain = await evaluateModel(model, rowsDataset(features.map((f) => ({ features: f }))));
    const outputs = plain.result.samples.map((s) => s.prediction as number);
    for (const o of outputs) expect(typeof o).toBe('number');
    // The all-zero row yields the bias alone.
    expect(outputs[1]).toBe(0.5);
    expect(plain.result.metrics.mae).toBeUndefined();

    const scored = await evaluateModel(
      model,
      rowsDataset(
        features.map((f, i) => ({ features: f, expected: (outputs[i] as number) + (offsets[i] as number) })),
      ),
    );
    const mae = offsets.reduce((s, x) => s + Math.abs(x), 0) / offsets.length;
    const rmse = Math.sqrt(offsets.reduce((s, x) => s + x * x, 0) / offsets.length);
    expect(mae).toBe(0.9375);
    expect(Math.abs((scored.result.metrics.mae as number) - mae)).toBeLessThan(1e-6);
    expect(Math.abs((scored.result.metrics.rmse as number) - rmse)).toBeLessThan(1e-6);
    scored.result.samples.forEach((s, i) => {
      expect(Math.abs((s.error as number) - Math.abs(offsets[i] as number))).toBeLessThan(1e-6);
    });
  });

  // RMSE over every value, not over per-sample means: errors [1, -3, 0, 0] give sqrt(10/4).
  it('RMSE of a multi-value output is over every element', async () => {
    const model = spec('vec', { path: fixture('embedding.onnx'), adapter: 'regression' });
    const tokens = [1, 2, 3, 4, 5, 6, 7, 8];
    const plain = await evaluateModel(model, rowsDataset([{ tokens }]));
    const out = plain.result.samples[0]?.prediction as number[];
    expect(out).toHaveLength(4);
    const diffs = [1, -3, 0, 0];
    const scored = await evaluateModel(
      model,
      rowsDataset([{ tokens, expected: out.map((v, i) => v + (diffs[i] as number)) }]),
    );
    expect(Math.abs((scored.result.metrics.mae as number) - 1)).toBeLessThan(1e-6);
    expect(Math.abs((scored.result.metrics.rmse as number) - Math.sqrt(10 / 4))).toBeLessThan(1e-6);
  });

  it('an expected value of the wrong length is a UsageError naming the row', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(
        spec('reg', { path: fixture('regression.onnx'), adapter: 'regression' }),
        rowsDataset([{ features: [1, 2, 3, 4, 5], expected: [1, 2] }]),
      ),
    );
    expect(e.message).toBe('rows.jsonl:1: "expected" has 2 values, the model outputs 1');
  });
});

describe('embedding adapter', () => {
  it('cosine is 1 when expected equals the output, lower otherwise', async () => {
    const model = spec('emb', { path: fixture('embedding.onnx'), adapter: 'embedding', batchSize: 2 });
    const tokens = [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [0, 1, 0, 1, 0, 1, 0, 1],
    ];
    const plain = await evaluateModel(model, rowsDataset(tokens.map((t) => ({ tokens: t }))));
    const vectors = plain.result.samples.map((s) => s.prediction as number[]);
    for (const v of vectors) {
      expect(v).toHaveLength(4);
      // LpNormalization: unit length.
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-5);
    }

    const same = await evaluateModel(
      model,
      rowsDataset(tokens.map((t, i) => ({ tokens: t, expected: vectors[i] }))),
    );
    expect(Math.abs((same.result.metrics.cosine as number) - 1)).toBeLessThan(1e-9);

    const v0 = vectors[0] as number[];
    const other = await evaluateModel(
      model,
      rowsDataset([
        { tokens: tokens[0], expected: v0 },
        { tokens: tokens[1], expected: v0.map((x) => -x) },
      ]),
    );
    expect(other.result.samples.map((s) => s.similarity)).toEqual([expect.closeTo(1, 9), expect.any(Number)]);
    expect(other.result.samples[1]?.similarity).toBeLessThan(0.99);
    expect(other.result.metrics.cosine).toBeLessThan(0.99);
  });
});

describe('int64 inputs', () => {
  const model = () => spec('ids', { path: fixture('int64-input.onnx'), batchSize: 2 });

  it('JSON integer rows work and score equals the sum of the ids', async () => {
    const rows = [
      [1, 2, 3, 4],
      [10, 20, 30, 40],
      [5, 5, 5, 5],
      [0, -1, 7, 1000000],
    ];
    const e = await evaluateModel(model(), rowsDataset(rows.map((ids) => ({ ids }))));
    expect(e.result.batched).toBe(true);
    expect(e.result.samples.map((s) => s.prediction)).toEqual(
      rows.map((ids) => ({ score: [ids.reduce((a, b) => a + b, 0)] })),
    );
  });

  it('a non-integer value is a dtype mismatch naming the row, input and element', async () => {
    const d = await usageErrorAsync(() =>
      evaluateModel(model(), rowsDataset([{ ids: [1, 2, 3, 4] }, { ids: [1, 2, 3.5, 4] }])),
    );
    expect(d.message).toBe(
      'rows.jsonl:2: input "ids": dtype mismatch at element 2: got 3.5, model "ids" expects integers (int64)',
    );
    const s = await usageErrorAsync(() => evaluateModel(model(), rowsDataset([{ ids: [1, '2', 3, 4] }])));
    expect(s.message).toContain('dtype mismatch');
  });

  it('a synthetic float32 spec for an int64 input names both dtypes', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(model(), syntheticDataset(['ids:float32[1,4]'], 2, 1)),
    );
    expect(e.message).toContain('dtype mismatch');
    expect(e.message).toContain('got float32');
    expect(e.message).toContain('expects int64');
    expect(e.message).toContain('ids int64[batch,4]');
  });

  it('a synthetic int64 spec works and scores the sum', async () => {
    const data = syntheticDataset(['ids:int64[1,4]'], 3, 5);
    const e = await evaluateModel(model(), data);
    e.result.samples.forEach((s, i) => {
      const ids = data.rows[i]?.fields.ids as HostTensor;
      const total = Array.from(ids.data as BigInt64Array, Number).reduce((a, b) => a + b, 0);
      expect(s.prediction).toEqual({ score: [total] });
    });
  });
});

describe('input mapping and input errors', () => {
  it('maps a model input to a differently named field', async () => {
    const dataset = await loadJsonl(EVAL_JSONL, 'data/eval.jsonl');
    const first = dataset.rows.slice(0, 20);
    const renamed: Dataset = {
      info: dataset.info,
      rows: first.map(({ fields: { pixels, ...rest }, ...r }) => ({
        ...r,
        fields: { ...rest, image: pixels },
      })),
    };
    const original: Dataset = { info: dataset.info, rows: first };
    const mapped = await evaluateModel(
      spec('m', {
        path: DIGITS_V1,
        adapter: { type: 'classifier', labels: LABELS, inputs: { pixels: 'image' } },
        batchSize: 8,
      }),
      renamed,
    );
    const plain = await evaluateModel(
      spec('m', { path: DIGITS_V1, adapter: 'classifier', labels: LABELS }),
      original,
    );
    expect(mapped.result.samples.map((s) => s.prediction)).toEqual(
      plain.result.samples.map((s) => s.prediction),
    );
    expect(mapped.result.metrics.accuracy).toBe(plain.result.metrics.accuracy);
    expect(mapped.result.samples.every((s) => s.correct !== undefined)).toBe(true);
  });

  it('a missing input names file:line, the input, the fields and the model inputs', async () => {
    const file = path.join(tmp, 'no-pixels.jsonl');
    fs.writeFileSync(
      file,
      `{"pixels":${JSON.stringify(new Array(64).fill(0))}}\n\n{"image":[1,2],"expected":"3"}\n`,
    );
    const dataset = await loadJsonl(file, 'data/no-pixels.jsonl');
    const e = await usageErrorAsync(() =>
      evaluateModel(spec('digits', { path: DIGITS_V1, adapter: 'classifier' }), dataset),
    );
    expect(e.message).toBe(
      'data/no-pixels.jsonl:3: model "digits" needs input "pixels" but the row has no field "pixels" (fields: image, expected). Model inputs: pixels float32[batch,64]',
    );
    expect(e.hint).toContain('inputs: {INPUT: FIELD}');
  });

  it('a mapped field that is missing names the field', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(
        spec('digits', { path: DIGITS_V1, adapter: { type: 'classifier', inputs: { pixels: 'image' } } }),
        rowsDataset([{ pixels: new Array(64).fill(0) }]),
      ),
    );
    expect(e.message).toContain('needs input "pixels" but the row has no field "image"');
  });

  it('a wrong shape (63 values) names the input and both shapes', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(
        spec('digits', { path: DIGITS_V1, adapter: 'classifier' }),
        rowsDataset([{ pixels: new Array(64).fill(0) }, { pixels: new Array(63).fill(0) }]),
      ),
    );
    expect(e.message).toBe(
      'rows.jsonl:2: shape mismatch for input "pixels" of model "digits": got [63], expected [batch,64] (one sample, batch 1). Model inputs: pixels float32[batch,64]',
    );
  });

  it('a ragged nested array is a UsageError naming the row', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(
        spec('flat', { path: fixture('flatten-input.onnx') }),
        rowsDataset([{ 'onnx::Flatten_0': [[[1, 2], [3]]] }]),
      ),
    );
    expect(e.message).toContain('rows.jsonl:1: input "onnx::Flatten_0": ragged nested array');
  });

  it('nested rows with or without the batch axis both encode and batch', async () => {
    const e = await evaluateModel(
      spec('flat', { path: fixture('flatten-input.onnx'), adapter: 'classifier', batchSize: 4 }),
      rowsDataset([
        {
          'onnx::Flatten_0': [
            [
              [1, 2],
              [3, 4],
            ],
          ],
        },
        {
          'onnx::Flatten_0': [
            [
              [
                [1, 2],
                [3, 4],
              ],
            ],
          ],
        },
      ]),
    );
    expect(e.result.samples.map((s) => s.batch)).toEqual([0, 0]);
    expect(e.result.samples[0]?.prediction).toEqual(e.result.samples[1]?.prediction);
  });
});

describe('model files', () => {
  it.each(['not-a-model.onnx', 'truncated.onnx'])(
    '%s is "not a valid ONNX model" naming the file',
    async (name) => {
      const e = await usageErrorAsync(() =>
        evaluateModel(spec('bad', { path: fixture(name) }), rowsDataset([{ x: [1] }]), {
          displayPath: `models/${name}`,
        }),
      );
      expect(e.message).toBe(
        `models/${name}: not a valid ONNX model (the file is not an ONNX protobuf, or it is truncated)`,
      );
    },
  );

  it('a missing model file names it', async () => {
    const e = await usageErrorAsync(() =>
      evaluateModel(spec('gone', { path: path.join(tmp, 'gone.onnx') }), rowsDataset([{ x: [1] }]), {
        displayPath: 'models/gone.onnx',
      }),
    );
    expect(e.message).toBe('models/gone.onnx: model file not found');
  });
});

describe('adapters and registry', () => {
  it('an unknown adapter name suggests the close one', async () => {
    const e = await usageErrorAsync(() => spec('m', { path: DIGITS_V1, adapter: 'clasifier' }));
    expect(e.message).toBe(
      'unknown adapter "clasifier"; did you mean "classifier"? (adapters: classifier, regression, embedding, tensor)',
    );
    const g = await usageErrorAsync(() => getAdapter('regresion'));
    expect(g.message).toContain('did you mean "regression"?');
    const far = await usageErrorAsync(() => getAdapter('xyz'));
    expect(far.message).not.toContain('did you mean');
  });

  it('register, get and withCapabilities', async () => {
    const r = new ModelRegistry();
    const v1 = r.register('digits-v1', {
      path: DIGITS_V1,
      adapter: 'classifier',
      labels: LABELS,
      capabilities: ['digits', 'fast'],
    });
    r.register('digits-v2', { path: DIGITS_V2, capabilities: ['digits'], batchSize: 16 });
    r.register('other', { path: fixture('regression.onnx'), adapter: 'regression' });
    expect(v1).toMatchObject({
      name: 'digits-v1',
      path: DIGITS_V1,
      adapter: { type: 'classifier', labels: LABELS },
      batchSize: 1,
      quantize: false,
      warmup: 3,
    });
    expect(r.get('digits-v2').batchSize).toBe(16);
    expect(r.get('digits-v2').adapter).toEqual({ type: 'tensor' });
    expect(r.withCapabilities(['digits']).map((m) => m.name)).toEqual(['digits-v1', 'digits-v2']);
    expect(r.withCapabilities(['digits', 'fast']).map((m) => m.name)).toEqual(['digits-v1']);
    expect(r.withCapabilities([]).map((m) => m.name)).toEqual(['digits-v1', 'digits-v2', 'other']);
    expect(r.withCapabilities(['audio'])).toEqual([]);
    const missing = await usageErrorAsync(() => r.get('digits-v3'));
    expect(missing.message).toMatch(/^no model named "digits-v3"; did you mean "digits-v[12]"\?$/);
  });

  it('registers an endpoint model with its defaults (concurrency 8, chat, openai profile)', async () => {
    const spec = new ModelRegistry().register('remote', {
      endpoint: 'https://example.test/v1',
      capabilities: ['text_gen'],
    });
    expect(spec.remote).toMatchObject({
      kind: 'chat',
      api: 'openai',
      profile: 'openai',
      concurrency: 8,
      retries: 3,
    });
    const e = await usageErrorAsync(() =>
      new ModelRegistry().register('bad', { endpoint: 'https://example.test', adapter: 'classifier' }),
    );
    expect(e.message).toBe(
      'model "bad": adapter: an endpoint model is chat, completion, embedding, got "classifier"',
    );
  });

  it('needs exactly one of path or endpoint, a positive batch size, and a unique name', async () => {
    const r = new ModelRegistry();
    expect((await usageErrorAsync(() => r.register('none', {}))).message).toBe(
      'model "none": give exactly one of path (ONNX file) or endpoint',
    );
    expect((await usageErrorAsync(() => r.register('zero', { path: 'm.onnx', batchSize: 0 }))).message).toBe(
      'model "zero": batch_size: expected a positive integer, got 0',
    );
    r.register('m', { path: 'm.onnx' });
    expect((await usageErrorAsync(() => r.register('m', { path: 'n.onnx' }))).message).toBe(
      'model "m" is already registered',
    );
    await usageErrorAsync(() => r.add({ ...r.get('m') }));
  });
});

describe('agreement', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadJsonl(EVAL_JSONL, 'data/eval.jsonl');
    dataset = { ...dataset, rows: dataset.rows.slice(0, 50) };
  });

  it('identical models give max abs diff 0 and top-1 agreement 1', async () => {
    const options = { path: DIGITS_V1, adapter: 'classifier', labels: LABELS, batchSize: 16 } as const;
    const a = await evaluateModel(spec('a', options), dataset);
    const b = await evaluateModel(spec('b', options), dataset);
    const agree = agreement({ name: 'a', outputs: a.outputs }, { name: 'b', outputs: b.outputs });
    expect(agree).toEqual({
      a: 'a',
      b: 'b',
      samples: 50,
      top1: 1,
      top1Matches: 50,
      outputs: [{ name: 'logits', maxAbsDiff: 0, meanAbsDiff: 0, values: 500, absDiffSum: [0] }],
    });
  });

  it('different models disagree somewhere', async () => {
    const a = await evaluateModel(
      spec('v1', { path: DIGITS_V1, adapter: 'classifier', batchSize: 16 }),
      dataset,
    );
    const b = await evaluateModel(
      spec('v2', { path: DIGITS_V2, adapter: 'classifier', batchSize: 16 }),
      dataset,
    );
    const agree = agreement({ name: 'v1', outputs: a.outputs }, { name: 'v2', outputs: b.outputs });
    expect(agree.samples).toBe(50);
    expect(agree.outputs[0]?.maxAbsDiff).toBeGreaterThan(0);
    expect(agree.outputs[0]?.meanAbsDiff).toBeGreaterThan(0);
    expect(agree.top1).toBeGreaterThan(0.5);
    expect(agree.top1).toBeLessThanOrEqual(1);
  });

  it('outputs only one side has are skipped', () => {
    const t: HostTensor = { dtype: 'float32', dims: [1, 2], data: new Float32Array([1, 2]) };
    const agree = agreement(
      { name: 'a', outputs: new Map([['y', [t]]]) },
      { name: 'b', outputs: new Map([['z', [t]]]) },
    );
    expect(agree).toEqual({ a: 'a', b: 'b', samples: 0, outputs: [] });
  });
});
