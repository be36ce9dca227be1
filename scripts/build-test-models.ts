/**
 * Build the small ONNX fixtures under test/fixtures/models/ and check each one loads and runs
 * in onnxruntime-node.
 *
 *   npx tsx scripts/build-test-models.ts [--out DIR]   (default test/fixtures/models)
 *
 * Needs examples/demo/models/digits-v1.onnx (for truncated.onnx): run build-demo-models first.
 * Weights come from a seeded PRNG, so the output is byte-identical on every run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import {
  type Dim,
  ElemType,
  floatTensor,
  glorotUniform,
  graph,
  int64Tensor,
  modelBytes,
  mulberry32,
  type NodeProto,
  node,
  valueInfo,
} from './lib/onnx-build.js';
import { textClassifierModel, textEmbeddingModel, textTokenizerJson } from './lib/text-models.js';

const TENSOR_ATTR = 4; // onnx.AttributeProto.AttributeType.TENSOR

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEST_MODELS_DIR = join(REPO_ROOT, 'test/fixtures/models');
const DIGITS_V1 = join(REPO_ROOT, 'examples/demo/models/digits-v1.onnx');

function weights(seed: number, fanIn: number, fanOut: number): Float32Array {
  return glorotUniform(mulberry32(seed), fanIn, fanOut, fanIn * fanOut);
}

function smallBias(seed: number, n: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() - 0.5) * 0.2);
}

/** x float32 [1,4] -> Gemm -> y [1,3]: a classifier whose batch is fixed to 1. */
function fixedBatch(): Uint8Array {
  return modelBytes(
    graph({
      name: 'fixed_batch',
      nodes: [node('Gemm', ['x', 'W', 'B'], ['y'], 'fc/Gemm')],
      inputs: [valueInfo('x', ElemType.FLOAT, [1, 4])],
      outputs: [valueInfo('y', ElemType.FLOAT, [1, 3])],
      initializers: [floatTensor('W', [4, 3], weights(101, 4, 3)), floatTensor('B', [3], smallBias(102, 3))],
    }),
  );
}

/**
 * PyTorch-style export: the input keeps the tracer's name `onnx::Flatten_0`, the image is
 * flattened and fed to a Gemm with transB=1 (weight stored [out, in]).
 */
function flattenInput(): Uint8Array {
  return modelBytes(
    graph({
      name: 'flatten_input',
      nodes: [
        node('Flatten', ['onnx::Flatten_0'], ['flat'], '/Flatten', { axis: { int: 1 } }),
        node('Gemm', ['flat', 'fc.weight', 'fc.bias'], ['logits'], '/fc/Gemm', {
          alpha: { float: 1 },
          beta: { float: 1 },
          transB: { int: 1 },
        }),
      ],
      inputs: [valueInfo('onnx::Flatten_0', ElemType.FLOAT, ['batch', 1, 2, 2])],
      outputs: [valueInfo('logits', ElemType.FLOAT, ['batch', 3])],
      initializers: [
        floatTensor('fc.weight', [3, 4], weights(201, 4, 3)),
        floatTensor('fc.bias', [3], smallBias(202, 3)),
      ],
    }),
  );
}

/** sum = a + b, both [batch,3]: two inputs and no weights at all. */
function twoInputs(): Uint8Array {
  return modelBytes(
    graph({
      name: 'two_inputs',
      nodes: [node('Add', ['a', 'b'], ['sum'], 'Add')],
      inputs: [valueInfo('a', ElemType.FLOAT, ['batch', 3]), valueInfo('b', ElemType.FLOAT, ['batch', 3])],
      outputs: [valueInfo('sum', ElemType.FLOAT, ['batch', 3])],
    }),
  );
}

/** value = features @ W + b: a linear regressor, features [batch,5] -> value [batch,1]. */
function regression(): Uint8Array {
  return modelBytes(
    graph({
      name: 'regression',
      nodes: [
        node('MatMul', ['features', 'linear.weight'], ['linear.matmul'], 'linear/MatMul'),
        node('Add', ['linear.matmul', 'linear.bias'], ['value'], 'linear/Add'),
      ],
      inputs: [valueInfo('features', ElemType.FLOAT, ['batch', 5])],
      outputs: [valueInfo('value', ElemType.FLOAT, ['batch', 1])],
      initializers: [
        floatTensor('linear.weight', [5, 1], weights(301, 5, 1)),
        floatTensor('linear.bias', [1], [0.5]),
      ],
    }),
  );
}

/** tokens [batch,8] -> MatMul -> LpNormalization (L2) -> embedding [batch,4], unit-length rows. */
function embedding(): Uint8Array {
  return modelBytes(
    graph({
      name: 'embedding',
      nodes: [
        node('MatMul', ['tokens', 'proj.weight'], ['proj.out'], 'proj/MatMul'),
        node('LpNormalization', ['proj.out'], ['embedding'], 'LpNormalization', {
          axis: { int: -1 },
          p: { int: 2 },
        }),
      ],
      inputs: [valueInfo('tokens', ElemType.FLOAT, ['batch', 8])],
      outputs: [valueInfo('embedding', ElemType.FLOAT, ['batch', 4])],
      initializers: [floatTensor('proj.weight', [8, 4], weights(401, 8, 4))],
    }),
  );
}

/**
 * ids int64 [batch,4] -> Cast(float) -> ReduceSum(axis 1, keepdims) -> score [batch,1], i.e. the
 * score is exactly the sum of the ids. Opset 13 ReduceSum takes its axes as an input.
 */
function int64Input(): Uint8Array {
  return modelBytes(
    graph({
      name: 'int64_input',
      nodes: [
        node('Cast', ['ids'], ['ids_float'], 'Cast', { to: { int: ElemType.FLOAT } }),
        node('ReduceSum', ['ids_float', 'axes'], ['score'], 'ReduceSum', { keepdims: { int: 1 } }),
      ],
      inputs: [valueInfo('ids', ElemType.INT64, ['batch', 4])],
      outputs: [valueInfo('score', ElemType.FLOAT, ['batch', 1])],
      initializers: [int64Tensor('axes', [1], [1])],
    }),
  );
}

/** A Constant node holding a float tensor, as paddle2onnx writes weights. */
function constant(name: string, dims: readonly number[], values: ArrayLike<number>): NodeProto {
  return {
    input: [],
    output: [name],
    name: `${name}/Constant`,
    opType: 'Constant',
    attribute: [{ name: 'value', type: TENSOR_ATTR, t: floatTensor(name, dims, values) }],
  };
}

/**
 * A paddle2onnx-style export (as PP-OCR's recognition model): opset 9, every weight in a `Constant`
 * node and no initializer. x [batch,1,4,4] -> Conv 3x3 (2 channels, pad 1) -> Relu -> Flatten ->
 * MatMul [32,3] -> Add -> Softmax -> probs [batch,3].
 */
function constantWeights(): Uint8Array {
  return modelBytes(
    graph({
      name: 'constant_weights',
      nodes: [
        constant('conv.weight', [2, 1, 3, 3], weights(701, 9, 2)),
        constant('conv.bias', [2], smallBias(702, 2)),
        node('Conv', ['x', 'conv.weight', 'conv.bias'], ['conv.out'], 'conv/Conv', {
          kernel_shape: { ints: [3, 3] },
          pads: { ints: [1, 1, 1, 1] },
        }),
        node('Relu', ['conv.out'], ['relu.out'], 'Relu'),
        node('Flatten', ['relu.out'], ['flat'], 'Flatten', { axis: { int: 1 } }),
        constant('fc.weight', [32, 3], weights(703, 32, 3)),
        node('MatMul', ['flat', 'fc.weight'], ['fc.matmul'], 'fc/MatMul'),
        constant('fc.bias', [3], smallBias(704, 3)),
        node('Add', ['fc.matmul', 'fc.bias'], ['logits'], 'fc/Add'),
        node('Softmax', ['logits'], ['probs'], 'Softmax', { axis: { int: 1 } }),
      ],
      inputs: [valueInfo('x', ElemType.FLOAT, ['batch', 1, 4, 4])],
      outputs: [valueInfo('probs', ElemType.FLOAT, ['batch', 3])],
    }),
    { opset: 9 },
  );
}

export const MODEL_FIXTURES: Readonly<Record<string, () => Uint8Array>> = {
  'fixed-batch.onnx': fixedBatch,
  'flatten-input.onnx': flattenInput,
  'two-inputs.onnx': twoInputs,
  'regression.onnx': regression,
  'embedding.onnx': embedding,
  'int64-input.onnx': int64Input,
  'constant-weights.onnx': constantWeights,
  'text-embedding.onnx': textEmbeddingModel,
  'text-classifier.onnx': textClassifierModel,
};

/** Text files beside the models: the text models' tokenizer. */
export const TEXT_FIXTURES: Readonly<Record<string, () => string>> = {
  'text-tokenizer.json': textTokenizerJson,
};

/** Feed every input a small deterministic tensor (symbolic dims become 2) and run once. */
async function smokeRun(path: string): Promise<string> {
  const session = await ort.InferenceSession.create(path);
  const feeds: Record<string, ort.Tensor> = {};
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor) throw new Error(`${path}: non-tensor input ${meta.name}`);
    const dims = meta.shape.map((d: Dim) => (typeof d === 'number' ? d : 2));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[meta.name] =
      meta.type === 'int64'
        ? new ort.Tensor(
            'int64',
            BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
            dims,
          )
        : new ort.Tensor(
            'float32',
            Float32Array.from({ length: n }, (_, i) => i / n),
            dims,
          );
  }
  const out = await session.run(feeds);
  await session.release();
  return Object.entries(out)
    .map(([name, t]) => `${name}[${t.dims.join(',')}]`)
    .join(' ');
}

export async function buildTestModels(outDir: string = TEST_MODELS_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const [file, build] of Object.entries(MODEL_FIXTURES)) {
    const path = join(outDir, file);
    writeFileSync(path, build());
    process.stderr.write(`${file}: ok, ${await smokeRun(path)}\n`);
  }
  for (const [file, build] of Object.entries(TEXT_FIXTURES)) writeFileSync(join(outDir, file), build());
  // Invalid inputs for the error paths: plain text, and a model cut off half way.
  writeFileSync(join(outDir, 'not-a-model.onnx'), 'This is a text file, not an ONNX model.\n');
  const digits = readFileSync(DIGITS_V1);
  writeFileSync(join(outDir, 'truncated.onnx'), digits.subarray(0, Math.floor(digits.length / 2)));
  process.stderr.write('not-a-model.onnx, truncated.onnx: written\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = outIdx >= 0 && args[outIdx + 1] ? (args[outIdx + 1] as string) : TEST_MODELS_DIR;
  await buildTestModels(outDir);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
