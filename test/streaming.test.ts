import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJsonl, parseSyntheticSpecs, syntheticDataset } from '../src/evals/dataset.js';
import { evaluateModel } from '../src/evals/evaluate.js';
import { addExact, mergePartials, roundPartials } from '../src/evals/exact-sum.js';
import { openJsonl } from '../src/evals/jsonl.js';
import { syntheticSource } from '../src/evals/source.js';
import { ModelRegistry, type RegisterOptions } from '../src/inference/registry.js';
import type { HostTensor } from '../src/inference/tensor.js';
import { fillUniform, mulberry32 } from '../src/random.js';
import { usageErrorAsync } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIGITS_V1 = path.join(ROOT, 'examples', 'demo', 'models', 'digits-v1.onnx');
const EVAL_JSONL = path.join(ROOT, 'examples', 'demo', 'data', 'eval.jsonl');
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-stream-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const spec = (name: string, options: RegisterOptions) =>
  new ModelRegistry().register(name, { warmup: 0, threads: 1, ...options });

/** Records without the timing fields, which differ run to run. */
const stable = (samples: ReadonlyArray<{ latencyMs: number }>) =>
  samples.map(({ latencyMs: _, ...rest }) => rest);

describe('fast synthetic generator', () => {
  it('fillUniform writes the mulberry32 sequence of its seed', () => {
    const out = new Float64Array(1000);
    fillUniform(out, 0, 1000, 12345);
    const next = mulberry32(12345);
    expect(Array.from(out)).toEqual(Array.from({ length: 1000 }, () => next()));
  });

  it('gives every sample the same values whatever the batch size', async () => {
    const specs = parseSyntheticSpecs(['x:float32[1,3,4,5]', 'ids:int64[1,6]']);
    const source = syntheticSource(specs, 11, 9);
    const inputs = [
      { name: 'x', dtype: 'float32', shape: ['batch', 3, 4, 5] },
      { name: 'ids', dtype: 'int64', shape: ['batch', 6] },
    ];
    const collect = async (batchSize: number) => {
      const xs: number[][] = [];
      const ids: number[][] = [];
      for await (const b of source.batches({ inputs, model: 'm', batchSize })) {
        const x = b.feeds.x as HostTensor;
        const id = b.feeds.ids as HostTensor;
        expect(x.dims[0]).toBe(b.rows.length);
        for (let k = 0; k < b.rows.length; k++) {
          xs.push(Array.from(x.data.subarray(k * 60, (k + 1) * 60) as Float32Array));
          ids.push(Array.from(id.data.subarray(k * 6, (k + 1) * 6) as BigInt64Array, Number));
        }
      }
      return { xs, ids };
    };
    const one = await collect(1);
    expect(await collect(4)).toEqual(one);
    expect(await collect(32)).toEqual(one);
    // The in-memory dataset draws the very same values.
    const ds = syntheticDataset(['x:float32[1,3,4,5]', 'ids:int64[1,6]'], 11, 9);
    expect(ds.rows.map((r) => Array.from((r.fields.x as HostTensor).data as Float32Array))).toEqual(one.xs);
    expect(new Set(one.xs.map((x) => x[0])).size).toBe(11);
  });

  it('the prefetch worker generates the very same batches as the inline generator', async () => {
    const specs = parseSyntheticSpecs(['x:float32[1,3,5,7]', 'm:bool[1,9]', 'ids:int32[1,4]']);
    const inputs = [
      { name: 'x', dtype: 'float32', shape: ['batch', 3, 5, 7] },
      { name: 'm', dtype: 'bool', shape: ['batch', 9] },
      { name: 'ids', dtype: 'int32', shape: ['batch', 4] },
    ];
    const collect = async (prefetch: 'always' | 'never') => {
      const out: unknown[] = [];
      const source = syntheticSource(specs, 23, 4, undefined, prefetch);
      for await (const b of source.batches({ inputs, model: 'm', batchSize: 5, start: 5 })) {
        out.push({
          index: b.index,
          ids: b.rows.map((r) => r.id),
          feeds: Object.fromEntries(
            Object.entries(b.feeds).map(([k, t]) => [
              k,
              { dims: t.dims, data: Array.from(t.data as Float32Array) },
            ]),
          ),
        });
      }
      return out;
    };
    const inline = await collect('never');
    expect(inline).toHaveLength(4);
    expect(await collect('always')).toEqual(inline);
  });

  it('a shard range starts at its own sample, not at the first', async () => {
    const specs = parseSyntheticSpecs(['x:float32[1,8]']);
    const source = syntheticSource(specs, 20, 3);
    const inputs = [{ name: 'x', dtype: 'float32', shape: ['batch', 8] }];
    const firstOf = async (start: number) => {
      for await (const b of source.batches({ inputs, model: 'm', batchSize: 4, start })) {
        return {
          id: b.rows[0]?.id,
          index: b.index,
          x: Array.from((b.feeds.x as HostTensor).data.slice(0, 8) as Float32Array),
        };
      }
      return undefined;
    };
    const all = syntheticDataset(['x:float32[1,8]'], 20, 3);
    const s8 = await firstOf(8);
    expect(s8?.id).toBe('synthetic-9');
    expect(s8?.index).toBe(2);
    const x8 = all.rows[8]?.fields.x as HostTensor;
    expect(s8?.x).toEqual(Array.from(x8.data as Float32Array));
  });
});

describe('streaming JSONL', () => {
  it('gives the same records and metrics as the in-memory dataset', async () => {
    const model = spec('digits', { path: DIGITS_V1, adapter: 'classifier', labels: LABELS, batchSize: 16 });
    const memory = await evaluateModel(model, await loadJsonl(EVAL_JSONL, 'data/eval.jsonl'));
    const source = await openJsonl(EVAL_JSONL, 'data/eval.jsonl');
    const streamed = await evaluateModel(model, source);
    expect(stable(streamed.result.samples)).toEqual(stable(memory.result.samples));
    expect(streamed.result.metrics.accuracy).toBe(memory.result.metrics.accuracy);
    expect(streamed.result.metrics.macroF1).toBe(memory.result.metrics.macroF1);
    expect(await source.describe()).toEqual((await loadJsonl(EVAL_JSONL, 'data/eval.jsonl')).info);
  });

  it('streams a range and keeps line numbers and ids of the whole file', async () => {
    const file = path.join(tmp, 'small.jsonl');
    fs.writeFileSync(file, '{"x":[1]}\n\n{"id":"b","x":[2]}\n{"x":[3]}\n  \n{"x":[4]}\n');
    const source = await openJsonl(file, 'small.jsonl');
    expect(source.size).toBe(4);
    const inputs = [{ name: 'x', dtype: 'float32', shape: ['batch', 1] }];
    const rows = [];
    for await (const b of source.batches({ inputs, model: 'm', batchSize: 2, start: 1, end: 3 })) {
      rows.push(...b.rows.map((r) => ({ id: r.id, where: r.where, index: r.index, batch: b.index })));
    }
    expect(rows).toEqual([
      { id: 'b', where: 'small.jsonl:3', index: 1, batch: 0 },
      { id: '4', where: 'small.jsonl:4', index: 2, batch: 0 },
    ]);
  });

  it('hashes a big file in a worker thread: the same sha256 as hashing it inline', async () => {
    const file = path.join(tmp, 'big.jsonl');
    const line = `${JSON.stringify({ x: Array.from({ length: 64 }, (_, i) => i / 64) })}\n`;
    fs.writeFileSync(file, line.repeat(Math.ceil((9 * 1024 * 1024) / line.length)));
    const source = await openJsonl(file, 'big.jsonl');
    const info = await source.describe();
    expect(info.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(info.samples).toBe(source.size);
  });

  it('a bad line, a missing file and an empty file name the file', async () => {
    const file = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(file, '{"x":[1]}\n{"x":[2\n');
    const source = await openJsonl(file, 'bad.jsonl');
    const inputs = [{ name: 'x', dtype: 'float32', shape: ['batch', 1] }];
    const e = await usageErrorAsync(async () => {
      for await (const _ of source.batches({ inputs, model: 'm', batchSize: 4 })) {
        // drain
      }
    });
    expect(e.message).toContain('bad.jsonl:2: malformed JSON line');
    expect((await usageErrorAsync(() => openJsonl(path.join(tmp, 'nope.jsonl'), 'nope.jsonl'))).message).toBe(
      'dataset not found: nope.jsonl',
    );
    fs.writeFileSync(path.join(tmp, 'empty.jsonl'), '\n \n');
    expect(
      (await usageErrorAsync(() => openJsonl(path.join(tmp, 'empty.jsonl'), 'empty.jsonl'))).message,
    ).toContain('the dataset is empty');
  });
});

describe('exact sums', () => {
  it('do not depend on the order or grouping of the additions', () => {
    const next = mulberry32(5);
    const xs = Array.from({ length: 5000 }, () => (next() - 0.3) * 10 ** Math.floor(next() * 12));
    const all: number[] = [];
    for (const x of xs) addExact(all, x);
    const parts = [0, 1234, 2500, 4999, 5000].slice(0, -1).map((from, i, a) => {
      const p: number[] = [];
      for (const x of xs.slice(from, a[i + 1] ?? 5000)) addExact(p, x);
      return p;
    });
    const reversed: number[] = [];
    for (const x of [...xs].reverse()) addExact(reversed, x);
    expect(roundPartials(mergePartials(parts))).toBe(roundPartials(all));
    expect(roundPartials(reversed)).toBe(roundPartials(all));
    expect(roundPartials([0.1, 0.2])).toBe(0.30000000000000004);
  });
});
