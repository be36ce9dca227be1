import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJsonl, parseSyntheticSpec, prng, syntheticDataset } from '../src/evals/dataset.js';
import type { HostTensor } from '../src/inference/tensor.js';
import { usageErrorAsync } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
function writeJsonl(text: string): string {
  const file = path.join(tmp, `data-${++counter}.jsonl`);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadJsonl', () => {
  it('reads one row per JSON line with fields, where and ids', async () => {
    const file = writeJsonl(
      [
        '{"id":"first","x":[1,2],"expected":"a"}',
        '',
        '{"x":[3,4],"expected":"b"}',
        '{"id":7,"x":[5,6]}',
        '',
      ].join('\n'),
    );
    const ds = await loadJsonl(file, 'data/eval.jsonl');
    expect(ds.rows.map((r) => r.id)).toEqual(['first', '3', '7']);
    expect(ds.rows.map((r) => r.where)).toEqual([
      'data/eval.jsonl:1',
      'data/eval.jsonl:3',
      'data/eval.jsonl:4',
    ]);
    expect(ds.rows[1]?.fields).toEqual({ x: [3, 4], expected: 'b' });
    expect(ds.info).toMatchObject({ kind: 'jsonl', source: 'data/eval.jsonl', samples: 3 });
    expect(ds.info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses the line number as id when `id` is not a string or number', async () => {
    const ds = await loadJsonl(writeJsonl('{"id":null,"x":1}\n{"id":{"a":1},"x":2}\n'));
    expect(ds.rows.map((r) => r.id)).toEqual(['1', '2']);
  });

  it('accepts CRLF line endings', async () => {
    const ds = await loadJsonl(writeJsonl('{"x":1}\r\n{"x":2}\r\n'));
    expect(ds.rows.map((r) => r.fields.x)).toEqual([1, 2]);
  });

  it('the content hash changes with the content', async () => {
    const a = await loadJsonl(writeJsonl('{"x":1}\n'));
    const b = await loadJsonl(writeJsonl('{"x":2}\n'));
    const a2 = await loadJsonl(writeJsonl('{"x":1}\n'));
    expect(a.info.sha256).toBe(a2.info.sha256);
    expect(a.info.sha256).not.toBe(b.info.sha256);
  });

  it('a malformed line names file:line', async () => {
    const file = writeJsonl('{"x":1}\n{"x":2}\n{"x": 3,\n{"x":4}\n');
    const e = await usageErrorAsync(() => loadJsonl(file, 'eval.jsonl'));
    expect(e.message).toMatch(/^eval\.jsonl:3: malformed JSON line/);
  });

  it('a line that is not an object names file:line and shows it', async () => {
    const file = writeJsonl('{"x":1}\n[1,2,3]\n');
    const e = await usageErrorAsync(() => loadJsonl(file, 'eval.jsonl'));
    expect(e.message).toBe("eval.jsonl:2: expected a JSON object with the model's input fields, got [1,2,3]");
    const nul = await usageErrorAsync(() => loadJsonl(writeJsonl('null\n'), 'n.jsonl'));
    expect(nul.message).toMatch(/^n\.jsonl:1: expected a JSON object/);
    const num = await usageErrorAsync(() => loadJsonl(writeJsonl('42\n'), 'n.jsonl'));
    expect(num.message).toMatch(/^n\.jsonl:1: expected a JSON object/);
  });

  it('an empty file, or one with blank lines only, is empty', async () => {
    const empty = await usageErrorAsync(() => loadJsonl(writeJsonl(''), 'empty.jsonl'));
    expect(empty.message).toBe('empty.jsonl: the dataset is empty (no JSON lines)');
    const blank = await usageErrorAsync(() => loadJsonl(writeJsonl('\n  \n\t\n\r\n'), 'blank.jsonl'));
    expect(blank.message).toContain('blank.jsonl');
    expect(blank.message).toContain('is empty');
  });

  it('a missing file is a UsageError naming it', async () => {
    const e = await usageErrorAsync(() => loadJsonl(path.join(tmp, 'missing.jsonl'), 'data/missing.jsonl'));
    expect(e.message).toBe('dataset not found: data/missing.jsonl');
  });
});

describe('parseSyntheticSpec', () => {
  it('keeps colons in input names (the dtype follows the last colon)', () => {
    expect(parseSyntheticSpec('onnx::Flatten_0:float32[1,1,2,2]')).toEqual({
      name: 'onnx::Flatten_0',
      dtype: 'float32',
      dims: [1, 1, 2, 2],
    });
  });

  it('allows spaces between dimensions', () => {
    expect(parseSyntheticSpec('pixels:float32[1, 64]')).toEqual({
      name: 'pixels',
      dtype: 'float32',
      dims: [1, 64],
    });
  });

  it('an unknown dtype is a UsageError naming the spec and the dtype', async () => {
    const e = await usageErrorAsync(() => parseSyntheticSpec('x:float16[1,4]'));
    expect(e.message).toContain('"x:float16[1,4]"');
    expect(e.message).toContain('unknown dtype "float16"');
    expect(e.message).toContain('float32, float64');
  });

  it('a zero or empty dimension is a UsageError naming the spec', async () => {
    for (const spec of ['x:float32[1,0]', 'x:float32[]', 'x:float32[1,,2]', 'x:float32[01]']) {
      const e = await usageErrorAsync(() => parseSyntheticSpec(spec));
      expect(e.message).toContain(`"${spec}"`);
      expect(e.message).toContain('every dimension must be a positive integer');
    }
  });

  it('a spec without brackets, name or dtype is a UsageError naming the spec', async () => {
    for (const spec of ['x:float32', 'x:float32(1,4)', 'float32[1,4]', ':float32[1,4]', 'x:float32[-1,4]']) {
      const e = await usageErrorAsync(() => parseSyntheticSpec(spec));
      expect(e.message).toContain(`"${spec}"`);
      expect(e.message).toContain('expected NAME:DTYPE[d0,d1,...]');
    }
  });
});

describe('syntheticDataset', () => {
  const values = (t: unknown): number[] => Array.from((t as HostTensor).data, Number);

  it('is deterministic for a seed and differs for another seed', () => {
    const a = syntheticDataset(['x:float32[1,8]'], 5, 42);
    const b = syntheticDataset(['x:float32[1,8]'], 5, 42);
    const c = syntheticDataset(['x:float32[1,8]'], 5, 43);
    expect(a.rows.map((r) => values(r.fields.x))).toEqual(b.rows.map((r) => values(r.fields.x)));
    expect(a.rows.map((r) => values(r.fields.x))).not.toEqual(c.rows.map((r) => values(r.fields.x)));
    expect(a.info).toEqual({ kind: 'synthetic', source: 'x:float32[1,8]', samples: 5, seed: 42 });
  });

  it('makes one tensor per spec per sample, with the spec dims, and samples differ', () => {
    const ds = syntheticDataset(['a:float32[1,3]', 'onnx::b:float64[1,2,2]'], 3, 1);
    expect(ds.rows).toHaveLength(3);
    expect(ds.rows.map((r) => r.id)).toEqual(['synthetic-1', 'synthetic-2', 'synthetic-3']);
    const a0 = ds.rows[0]?.fields.a as HostTensor;
    const b0 = ds.rows[0]?.fields['onnx::b'] as HostTensor;
    expect(a0.dtype).toBe('float32');
    expect(a0.dims).toEqual([1, 3]);
    expect(a0.data).toBeInstanceOf(Float32Array);
    expect(b0.dims).toEqual([1, 2, 2]);
    expect(b0.data).toBeInstanceOf(Float64Array);
    expect(b0.data).toHaveLength(4);
    for (const v of values(a0)) expect(v >= 0 && v < 1).toBe(true);
    expect(values(ds.rows[0]?.fields.a)).not.toEqual(values(ds.rows[1]?.fields.a));
  });

  it('int64 specs give BigInt64Array values in [0, 10)', () => {
    const ds = syntheticDataset(['ids:int64[1,50]'], 4, 7);
    const seen = new Set<bigint>();
    for (const row of ds.rows) {
      const t = row.fields.ids as HostTensor;
      expect(t.dtype).toBe('int64');
      expect(t.data).toBeInstanceOf(BigInt64Array);
      for (const v of t.data as BigInt64Array) {
        expect(v >= 0n && v < 10n).toBe(true);
        seen.add(v);
      }
    }
    // 200 draws cover more than one value: the data is not constant.
    expect(seen.size).toBeGreaterThan(5);
  });

  it('bool specs give 0/1 bytes', () => {
    const t = syntheticDataset(['m:bool[1,64]'], 1, 3).rows[0]?.fields.m as HostTensor;
    expect(t.data).toBeInstanceOf(Uint8Array);
    const vs = new Set(values(t));
    expect([...vs].sort()).toEqual([0, 1]);
  });

  it('rejects no specs and a duplicated input name', async () => {
    await usageErrorAsync(() => syntheticDataset([], 1, 1));
    const dup = await usageErrorAsync(() => syntheticDataset(['x:float32[1]', 'x:int64[1]'], 1, 1));
    expect(dup.message).toContain('input "x" is given twice');
  });

  it('prng is the mulberry32 sequence: in [0,1) and reproducible', () => {
    const a = prng(123);
    const b = prng(123);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
