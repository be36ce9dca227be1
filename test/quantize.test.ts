import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DenseLayer,
  denseGraph,
  ElemType,
  floatTensor,
  graph,
  modelBytes,
  node,
  valueInfo,
} from '../scripts/lib/onnx-build.js';
import { UsageError } from '../src/errors.js';
import { quantizeModelBytes, quantizeModelFile } from '../src/inference/quantize.js';

const { onnx } = onnxProto;
const ROOT = join(import.meta.dirname, '..');
const DIGITS_V1 = join(ROOT, 'examples/demo/models/digits-v1.onnx');
const FIXTURES = join(ROOT, 'test/fixtures/models');
const tmp = mkdtempSync(join(tmpdir(), 'autoglm-quantize-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(model: string | Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model)
      : await ort.InferenceSession.create(model);
  const out = await session.run(feeds);
  const first = out[session.outputNames[0] as string];
  await session.release();
  return first?.data as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function argmaxRows(v: Float32Array, width: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < v.length / width; r++) {
    let best = 0;
    for (let k = 1; k < width; k++)
      if ((v[r * width + k] as number) > (v[r * width + best] as number)) best = k;
    out.push(best);
  }
  return out;
}

/** Decoded node and initializer lists (onnx-proto types every field as optional). */
function decodeGraph(bytes: Uint8Array): {
  nodes: onnxProto.onnx.INodeProto[];
  inits: onnxProto.onnx.ITensorProto[];
} {
  const g = onnx.ModelProto.decode(bytes).graph;
  return { nodes: g?.node ?? [], inits: g?.initializer ?? [] };
}

function dqNodes(bytes: Uint8Array): onnxProto.onnx.INodeProto[] {
  return decodeGraph(bytes).nodes.filter((n) => n.opType === 'DequantizeLinear');
}

function axisOf(n: onnxProto.onnx.INodeProto): number | undefined {
  const a = n.attribute?.find((x) => x.name === 'axis');
  return a ? Number(a.i) : undefined;
}

function initializerDims(bytes: Uint8Array, name: string): number[] | undefined {
  const t = decodeGraph(bytes).inits.find((x) => x.name === name);
  return t?.dims?.map((d) => Number(d));
}

/** A random-ish batch of float inputs, deterministic. */
function ramp(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * scale);
}

describe('quantizeModelFile on the demo model', () => {
  const rows = readFileSync(join(ROOT, 'examples/demo/data/eval.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { pixels: number[] });

  it('shrinks digits-v1 below 35% and keeps its predictions', async () => {
    const dest = join(tmp, 'digits-v1.int8.onnx');
    const r = await quantizeModelFile(DIGITS_V1, dest);
    expect(r.quantized).toEqual(['fc1.weight', 'fc2.weight']);
    expect(r.originalBytes).toBe(readFileSync(DIGITS_V1).length);
    expect(r.quantizedBytes).toBe(readFileSync(dest).length);
    // Measured: 11664 / 38973 = 0.299.
    expect(r.quantizedBytes / r.originalBytes).toBeLessThan(0.35);

    const x = new ort.Tensor('float32', Float32Array.from(rows.flatMap((row) => row.pixels)), [
      rows.length,
      64,
    ]);
    const original = await run(DIGITS_V1, { pixels: x });
    const quantized = await run(dest, { pixels: x });
    const a = argmaxRows(original, 10);
    const b = argmaxRows(quantized, 10);
    const agreement = a.filter((p, i) => p === b[i]).length / rows.length;
    // Measured: 200/200 rows agree, max |logit difference| 0.057 (logits reach ~13.6).
    expect(agreement).toBeGreaterThanOrEqual(0.95);
    expect(maxAbsDiff(original, quantized)).toBeLessThan(0.2);
  });

  it('is deterministic', () => {
    const bytes = readFileSync(DIGITS_V1);
    expect(Buffer.from(quantizeModelBytes(bytes).bytes)).toEqual(
      Buffer.from(quantizeModelBytes(bytes).bytes),
    );
  });

  it('writes atomically (no temp file left behind) and can overwrite in place', async () => {
    const dest = join(tmp, 'in-place.onnx');
    await quantizeModelFile(DIGITS_V1, dest);
    const before = readFileSync(dest);
    const again = await quantizeModelFile(dest, dest);
    // The weights are already int8, so there is nothing left to quantize.
    expect(again.quantized).toEqual([]);
    expect(again.written).toBe(false);
    expect(readFileSync(dest)).toEqual(before);
    const leftovers = readdirSync(tmp).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});

describe('weights in Constant nodes (paddle2onnx exports, e.g. PP-OCR)', () => {
  const CONSTANT = join(FIXTURES, 'constant-weights.onnx');

  it('quantizes Conv and MatMul weights held by Constant nodes, in place, and stays close', async () => {
    const original = readFileSync(CONSTANT);
    expect(decodeGraph(original).inits).toEqual([]);
    const q = quantizeModelBytes(original);
    expect(q.quantized).toEqual(['conv.weight', 'fc.weight']);
    const { nodes, inits } = decodeGraph(q.bytes);
    // The weights' Constant nodes are gone; the biases' stay float.
    expect(nodes.filter((n) => n.opType === 'Constant').map((n) => n.output?.[0])).toEqual([
      'conv.bias',
      'fc.bias',
    ]);
    expect(inits.map((t) => [t.name, t.dataType])).toEqual([
      ['conv.weight_quantized', onnx.TensorProto.DataType.INT8],
      ['conv.weight_scale', onnx.TensorProto.DataType.FLOAT],
      ['fc.weight_quantized', onnx.TensorProto.DataType.INT8],
      ['fc.weight_scale', onnx.TensorProto.DataType.FLOAT],
    ]);
    // Conv's scale is per output channel (axis 0), MatMul's per column.
    expect(initializerDims(q.bytes, 'conv.weight_scale')).toEqual([2, 1, 1, 1]);
    expect(initializerDims(q.bytes, 'fc.weight_scale')).toEqual([1, 3]);
    // Opset 9: the weight is recreated where its Constant stood, before its consumer.
    expect(nodes.map((n) => n.opType).slice(0, 4)).toEqual(['Cast', 'Mul', 'Constant', 'Conv']);
    const x = new ort.Tensor('float32', ramp(3 * 16), [3, 1, 4, 4]);
    const a = await run(original, { x });
    const b = await run(q.bytes, { x });
    expect(maxAbsDiff(a, b)).toBeLessThan(0.01);
    expect(argmaxRows(b, 3)).toEqual(argmaxRows(a, 3));
  });

  it('quantizeModelFile writes the int8 copy for it, and nothing at all when nothing can be quantized', async () => {
    const dest = join(tmp, 'constant.int8.onnx');
    const r = await quantizeModelFile(CONSTANT, dest);
    expect(r.written).toBe(true);
    expect(readFileSync(dest).length).toBe(r.quantizedBytes);
    const none = join(tmp, 'two-inputs.int8.onnx');
    const skipped = await quantizeModelFile(join(FIXTURES, 'two-inputs.onnx'), none);
    expect(skipped).toMatchObject({ quantized: [], written: false });
    expect(skipped.reason).toMatch(/no float32 MatMul, Gemm or Conv weight/);
    expect(existsSync(none)).toBe(false);
  });
});

describe('models without MatMul/Gemm weights', () => {
  it.each(['two-inputs.onnx', 'int64-input.onnx'])('%s comes out unchanged with quantized: []', (file) => {
    const bytes = readFileSync(join(FIXTURES, file));
    const r = quantizeModelBytes(bytes);
    expect(r.quantized).toEqual([]);
    expect(Buffer.from(r.bytes)).toEqual(bytes);
  });

  it('leaves a MatMul whose weight is an activation alone', () => {
    const g = graph({
      name: 'activation_matmul',
      nodes: [node('MatMul', ['a', 'b'], ['c'], 'MatMul')],
      inputs: [valueInfo('a', ElemType.FLOAT, [2, 3]), valueInfo('b', ElemType.FLOAT, [3, 2])],
      outputs: [valueInfo('c', ElemType.FLOAT, [2, 2])],
    });
    expect(quantizeModelBytes(modelBytes(g)).quantized).toEqual([]);
  });
});

describe('bad input', () => {
  it.each(['not-a-model.onnx', 'truncated.onnx'])('%s gives a UsageError naming the file', async (file) => {
    const src = join(FIXTURES, file);
    const err = await quantizeModelFile(src, join(tmp, `${file}.out`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(src);
    expect((err as Error).message).toContain('not a valid ONNX model');
  });

  it('rejects bytes that decode but hold no graph', () => {
    const empty = onnx.ModelProto.encode({ irVersion: 8 }).finish();
    expect(() => quantizeModelBytes(empty)).toThrow(UsageError);
    expect(() => quantizeModelBytes(new Uint8Array())).toThrow(/not a valid ONNX model/);
  });

  it('reports a missing file as a UsageError', async () => {
    const err = await quantizeModelFile(join(tmp, 'missing.onnx'), join(tmp, 'x.onnx')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('missing.onnx');
  });
});

describe('per-channel and per-tensor quantization', () => {
  it('quantizes Gemm transB=1 per channel along axis 0 and stays close', async () => {
    const src = join(FIXTURES, 'flatten-input.onnx');
    const original = readFileSync(src);
    const q = quantizeModelBytes(original);
    expect(q.quantized).toEqual(['fc.weight']);
    const [dq] = dqNodes(q.bytes);
    expect(dq && axisOf(dq)).toBe(0);
    expect(initializerDims(q.bytes, 'fc.weight_scale')).toEqual([3]); // one scale per output row
    expect(initializerDims(q.bytes, 'fc.weight_quantized')).toEqual([3, 4]);
    // The DequantizeLinear comes right before the Gemm that reads it.
    const ops = decodeGraph(q.bytes).nodes.map((n) => n.opType);
    expect(ops).toEqual(['Flatten', 'DequantizeLinear', 'Gemm']);

    const x = new ort.Tensor('float32', ramp(5 * 4), [5, 1, 2, 2]);
    const a = await run(original, { 'onnx::Flatten_0': x });
    const b = await run(q.bytes, { 'onnx::Flatten_0': x });
    // Glorot weights give max|w| <= 0.93, so scale <= 0.0073 and |error| <= 4 * 0.0073 / 2 < 0.02
    // for |x| <= 1 (measured: 0.0018).
    expect(maxAbsDiff(a, b)).toBeLessThan(0.02);
  });

  it('uses axis 1 for Gemm with transB=0 and for MatMul', () => {
    const fixed = quantizeModelBytes(readFileSync(join(FIXTURES, 'fixed-batch.onnx'))); // Gemm, W [4,3]
    expect(dqNodes(fixed.bytes).map(axisOf)).toEqual([1]);
    expect(initializerDims(fixed.bytes, 'W_scale')).toEqual([3]);
    const reg = quantizeModelBytes(readFileSync(join(FIXTURES, 'regression.onnx'))); // MatMul, W [5,1]
    expect(dqNodes(reg.bytes).map(axisOf)).toEqual([1]);
    expect(initializerDims(reg.bytes, 'linear.weight_scale')).toEqual([1]);
  });

  it('falls back to per-tensor below opset 13 and when perChannel is false', async () => {
    const layers: DenseLayer[] = [
      { inFeatures: 6, outFeatures: 4, weight: ramp(24, 0.5), bias: ramp(4, 0.1), relu: true },
      { inFeatures: 4, outFeatures: 2, weight: ramp(8, 0.5), bias: ramp(2, 0.1), relu: false },
    ];
    const g = denseGraph({ graphName: 'small', inputName: 'x', outputName: 'y', layers, dynamicBatch: true });
    const opset12 = modelBytes(g, { opset: 12 });
    const q12 = quantizeModelBytes(opset12);
    expect(q12.quantized).toEqual(['fc1.weight', 'fc2.weight']);
    expect(dqNodes(q12.bytes).map(axisOf)).toEqual([undefined, undefined]);
    expect(initializerDims(q12.bytes, 'fc1.weight_scale')).toEqual([]);

    const qOff = quantizeModelBytes(modelBytes(g), { perChannel: false });
    expect(dqNodes(qOff.bytes).map(axisOf)).toEqual([undefined, undefined]);

    const x = new ort.Tensor('float32', ramp(3 * 6), [3, 6]);
    const a = await run(opset12, { x });
    expect(maxAbsDiff(a, await run(q12.bytes, { x }))).toBeLessThan(0.05);
    expect(maxAbsDiff(a, await run(qOff.bytes, { x }))).toBeLessThan(0.05);
  });

  it('opset 7-9 (no DequantizeLinear): Cast then a per-channel Mul recreate the weight', async () => {
    const layers: DenseLayer[] = [
      { inFeatures: 3, outFeatures: 2, weight: ramp(6), bias: ramp(2), relu: false },
    ];
    const g = denseGraph({ graphName: 'old', inputName: 'x', outputName: 'y', layers });
    const original = modelBytes(g, { opset: 9 });
    const q = quantizeModelBytes(original);
    expect(q.quantized).toHaveLength(1);
    const ops = decodeGraph(q.bytes).nodes.map((n) => n.opType);
    expect(ops).not.toContain('DequantizeLinear');
    expect(ops.slice(0, 2)).toEqual(['Cast', 'Mul']);
    // The scale broadcasts along MatMul's output channels: [1, 2].
    expect(initializerDims(q.bytes, `${q.quantized[0]}_scale`)).toEqual([1, 2]);
    const x = new ort.Tensor('float32', ramp(2 * 3), [2, 3]);
    expect(maxAbsDiff(await run(original, { x }), await run(q.bytes, { x }))).toBeLessThan(0.02);
  });

  it('leaves opset < 7 models alone and says why', () => {
    const layers: DenseLayer[] = [
      { inFeatures: 3, outFeatures: 2, weight: ramp(6), bias: ramp(2), relu: false },
    ];
    const g = denseGraph({ graphName: 'older', inputName: 'x', outputName: 'y', layers });
    const q = quantizeModelBytes(modelBytes(g, { opset: 6 }));
    expect(q.quantized).toEqual([]);
    expect(q.reason).toBe('default-domain opset 6 < 7 (no broadcasting Mul to dequantize with)');
  });
});

describe('graph details', () => {
  it('reads weights stored as float_data', async () => {
    const w = floatTensor('w', [3, 2], ramp(6));
    const floatDataW = { name: 'w', dims: [3, 2], dataType: ElemType.FLOAT, floatData: Array.from(ramp(6)) };
    const make = (t: onnxProto.onnx.ITensorProto): Uint8Array =>
      modelBytes(
        graph({
          name: 'float_data',
          nodes: [node('MatMul', ['x', 'w'], ['y'], 'MatMul')],
          inputs: [valueInfo('x', ElemType.FLOAT, ['batch', 3])],
          outputs: [valueInfo('y', ElemType.FLOAT, ['batch', 2])],
          initializers: [t],
        }),
      );
    const fromRaw = quantizeModelBytes(make(w));
    const fromFloatData = quantizeModelBytes(make(floatDataW));
    expect(fromFloatData.quantized).toEqual(['w']);
    // Same values, same quantized model regardless of how the weight was stored.
    expect(Buffer.from(fromFloatData.bytes)).toEqual(Buffer.from(fromRaw.bytes));
    const x = new ort.Tensor('float32', ramp(6), [2, 3]);
    expect(
      maxAbsDiff(await run(make(floatDataW), { x }), await run(fromFloatData.bytes, { x })),
    ).toBeLessThan(0.02);
  });

  it('quantizes a weight shared by two nodes once, before its first consumer', async () => {
    const bytes = modelBytes(
      graph({
        name: 'shared',
        nodes: [
          node('Relu', ['x'], ['r'], 'Relu'),
          node('MatMul', ['r', 'w'], ['m1'], 'MatMul_1'),
          node('MatMul', ['m1', 'w'], ['y'], 'MatMul_2'),
        ],
        inputs: [valueInfo('x', ElemType.FLOAT, ['batch', 4])],
        outputs: [valueInfo('y', ElemType.FLOAT, ['batch', 4])],
        initializers: [floatTensor('w', [4, 4], ramp(16, 0.5))],
      }),
    );
    const q = quantizeModelBytes(bytes);
    expect(q.quantized).toEqual(['w']);
    const decoded = decodeGraph(q.bytes);
    expect(decoded.nodes.map((n) => n.opType)).toEqual(['Relu', 'DequantizeLinear', 'MatMul', 'MatMul']);
    expect(decoded.inits.map((t) => t.name)).toEqual(['w_quantized', 'w_scale', 'w_zero_point']);
    const x = new ort.Tensor('float32', ramp(8), [2, 4]);
    expect(maxAbsDiff(await run(bytes, { x }), await run(q.bytes, { x }))).toBeLessThan(0.02);
  });

  it('avoids name collisions with existing tensors', () => {
    const bytes = modelBytes(
      graph({
        name: 'collide',
        nodes: [
          node('MatMul', ['x', 'w'], ['w_scale'], 'MatMul'), // an activation already named w_scale
          node('Relu', ['w_scale'], ['y'], 'Relu'),
        ],
        inputs: [valueInfo('x', ElemType.FLOAT, ['batch', 2])],
        outputs: [valueInfo('y', ElemType.FLOAT, ['batch', 2])],
        initializers: [floatTensor('w', [2, 2], [1, -2, 3, -4])],
      }),
    );
    const names = decodeGraph(quantizeModelBytes(bytes).bytes).inits.map((t) => t.name);
    expect(names).toEqual(['w_quantized', 'w_scale_1', 'w_zero_point']);
  });
});

describe('quantize: true through the built CLI', () => {
  const runDirs: string[] = [];
  afterAll(() => {
    for (const d of runDirs) rmSync(d, { recursive: true, force: true });
  });
  const cli = (args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'autoglm-quantize-cli-'));
    runDirs.push(dir);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'autoglm.js'), 'eval', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
    });
    return { ...r, dir };
  };

  it('a Constant-weight model gets its int8 copy evaluated; a model with nothing to quantize gets none, and the reason', () => {
    const q = cli([
      '--model',
      `c=${join(FIXTURES, 'constant-weights.onnx')}`,
      '--synthetic',
      'x:float32[1,1,4,4]',
      '--samples',
      '8',
      '--quantize',
      '--json',
      'out.json',
    ]);
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('c-int8');
    expect(existsSync(join(q.dir, '.autoglm', 'models', 'c.int8.onnx'))).toBe(true);
    const none = cli([
      '--model',
      `t=${join(FIXTURES, 'two-inputs.onnx')}`,
      '--synthetic',
      'a:float32[1,3]',
      '--synthetic',
      'b:float32[1,3]',
      '--samples',
      '4',
      '--quantize',
    ]);
    expect(none.status).toBe(0);
    expect(none.stderr).toContain(
      'model "t": quantize: true, but nothing to quantize: no float32 MatMul, Gemm or Conv weight is stored in the file',
    );
    expect(none.stderr).toContain('no int8 copy written');
    expect(none.stdout).not.toContain('t-int8');
    expect(existsSync(join(none.dir, '.autoglm', 'models', 't.int8.onnx'))).toBe(false);
  });
});
