/**
 * A small, deterministic builder for ONNX models on top of onnx-proto.
 *
 * Used by the scripts that produce the demo models, the test fixtures and benchmark models.
 * Everything here is a pure function of its arguments: no timestamps, no random ids and a
 * fixed field order, so the same call always encodes to the same bytes.
 */
import onnxProto from 'onnx-proto';
import { prng } from '../../src/evals/dataset.js';

const { onnx } = onnxProto;

export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** The subset of ONNX element types the builders need (values from TensorProto.DataType). */
export const ElemType = {
  FLOAT: 1,
  INT8: 3,
  INT64: 7,
} as const;
export type ElemType = (typeof ElemType)[keyof typeof ElemType];

export const IR_VERSION = 8;
export const DEFAULT_OPSET = 13;
export const PRODUCER_NAME = 'open-autoglm-ci';

/** A dimension: a fixed size, or a symbolic name such as 'batch'. */
export type Dim = number | string;

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32, the same seeded PRNG as synthetic datasets use: same numbers on every run and machine. */
export const mulberry32 = prng;

/**
 * Glorot/Xavier-uniform weights in [-limit, limit), limit = sqrt(6 / (fanIn + fanOut)).
 * Math.sqrt is correctly rounded (IEEE 754), so this stays deterministic.
 */
export function glorotUniform(
  rand: () => number,
  fanIn: number,
  fanOut: number,
  count: number,
): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (rand() * 2 - 1) * limit;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tensors, value infos, attributes, nodes
// ---------------------------------------------------------------------------------------------

function checkCount(name: string, dims: readonly number[], count: number): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== count) {
    throw new Error(`tensor ${name}: dims [${dims.join(', ')}] need ${expected} values, got ${count}`);
  }
}

/** A float32 initializer stored as little-endian raw_data (the compact, common encoding). */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  checkCount(name, dims, values.length);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { name, dims: [...dims], dataType: ElemType.FLOAT, rawData: raw };
}

/** An int64 initializer stored as little-endian raw_data. */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number | bigint>,
): TensorProto {
  checkCount(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i] as number | bigint), true);
  return { name, dims: [...dims], dataType: ElemType.INT64, rawData: raw };
}

/** A tensor-typed graph input/output; string dims become symbolic (`dim_param`). */
export function valueInfo(name: string, elemType: ElemType, dims: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** Attribute values, tagged so an integral float (e.g. alpha = 1.0) is not mistaken for an int. */
export type AttrValue =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string };

const AttrType = onnx.AttributeProto.AttributeType;

function attribute(name: string, value: AttrValue): AttributeProto {
  if ('int' in value) return { name, type: AttrType.INT, i: value.int };
  if ('float' in value) return { name, type: AttrType.FLOAT, f: value.float };
  if ('ints' in value) return { name, type: AttrType.INTS, ints: [...value.ints] };
  if ('floats' in value) return { name, type: AttrType.FLOATS, floats: [...value.floats] };
  return { name, type: AttrType.STRING, s: new TextEncoder().encode(value.string) };
}

/**
 * A node in the default domain. Attributes keep the insertion order of `attrs`, which is
 * deterministic for object literals.
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  attrs: Readonly<Record<string, AttrValue>> = {},
): NodeProto {
  const attribute_ = Object.entries(attrs).map(([k, v]) => attribute(k, v));
  const n: NodeProto = { input: [...inputs], output: [...outputs], name, opType };
  if (attribute_.length > 0) n.attribute = attribute_;
  return n;
}

export interface GraphSpec {
  name: string;
  nodes: readonly NodeProto[];
  inputs: readonly ValueInfoProto[];
  outputs: readonly ValueInfoProto[];
  initializers?: readonly TensorProto[];
}

export function graph(spec: GraphSpec): GraphProto {
  return {
    name: spec.name,
    node: [...spec.nodes],
    input: [...spec.inputs],
    output: [...spec.outputs],
    initializer: [...(spec.initializers ?? [])],
  };
}

export interface ModelOptions {
  opset?: number;
  docString?: string;
}

/** Encode a graph as a complete ModelProto (IR 8, default-domain opset 13 unless told otherwise). */
export function modelBytes(g: GraphProto, opts: ModelOptions = {}): Uint8Array {
  const model: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: opts.opset ?? DEFAULT_OPSET }],
    producerName: PRODUCER_NAME,
    graph: g,
  };
  if (opts.docString) model.docString = opts.docString;
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(model).finish();
}

// ---------------------------------------------------------------------------------------------
// Dense (fully connected) networks
// ---------------------------------------------------------------------------------------------

/** One fully connected layer. `weight` is row-major [inFeatures, outFeatures] (MatMul's B). */
export interface DenseLayer {
  inFeatures: number;
  outFeatures: number;
  weight: ArrayLike<number>;
  bias: ArrayLike<number>;
  relu: boolean;
}

export interface DenseModelSpec {
  graphName: string;
  inputName: string;
  outputName: string;
  layers: readonly DenseLayer[];
  /** true: batch is `dim_param: 'batch'`; false: batch is fixed to 1. */
  dynamicBatch?: boolean;
  /**
   * 'matmul': MatMul + Add per layer. 'gemm': one Gemm per layer with transB=1, i.e. the
   * weight is stored transposed as [outFeatures, inFeatures] like PyTorch exports do.
   */
  op?: 'matmul' | 'gemm';
}

function transpose(w: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c] as number;
  return t;
}

/** Build the graph of a stack of dense layers (hidden layers named fc1, fc2, ...). */
export function denseGraph(spec: DenseModelSpec): GraphProto {
  const batch: Dim = (spec.dynamicBatch ?? true) ? 'batch' : 1;
  const op = spec.op ?? 'matmul';
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  let current = spec.inputName;
  spec.layers.forEach((layer, idx) => {
    const p = `fc${idx + 1}`;
    const last = idx === spec.layers.length - 1;
    const linearOut = last && !layer.relu ? spec.outputName : `${p}.linear`;
    if (op === 'gemm') {
      inits.push(
        floatTensor(
          `${p}.weight`,
          [layer.outFeatures, layer.inFeatures],
          transpose(layer.weight, layer.inFeatures, layer.outFeatures),
        ),
      );
      inits.push(floatTensor(`${p}.bias`, [layer.outFeatures], layer.bias));
      nodes.push(
        node('Gemm', [current, `${p}.weight`, `${p}.bias`], [linearOut], `${p}/Gemm`, { transB: { int: 1 } }),
      );
    } else {
      inits.push(floatTensor(`${p}.weight`, [layer.inFeatures, layer.outFeatures], layer.weight));
      inits.push(floatTensor(`${p}.bias`, [layer.outFeatures], layer.bias));
      nodes.push(node('MatMul', [current, `${p}.weight`], [`${p}.matmul`], `${p}/MatMul`));
      nodes.push(node('Add', [`${p}.matmul`, `${p}.bias`], [linearOut], `${p}/Add`));
    }
    current = linearOut;
    if (layer.relu) {
      const reluOut = last ? spec.outputName : `${p}.relu`;
      nodes.push(node('Relu', [current], [reluOut], `${p}/Relu`));
      current = reluOut;
    }
  });
  const first = spec.layers[0];
  const lastLayer = spec.layers[spec.layers.length - 1];
  if (!first || !lastLayer) throw new Error('denseGraph: need at least one layer');
  return graph({
    name: spec.graphName,
    nodes,
    inputs: [valueInfo(spec.inputName, ElemType.FLOAT, [batch, first.inFeatures])],
    outputs: [valueInfo(spec.outputName, ElemType.FLOAT, [batch, lastLayer.outFeatures])],
    initializers: inits,
  });
}

export interface MlpOptions {
  inputs: number;
  hidden?: readonly number[];
  outputs: number;
  seed: number;
  dynamicBatch?: boolean;
  op?: 'matmul' | 'gemm';
  inputName?: string;
  outputName?: string;
}

/** A randomly initialised MLP (benchmarks): Relu after every hidden layer, raw logits out. */
export function mlpModel(opts: MlpOptions): Uint8Array {
  const rand = mulberry32(opts.seed);
  const sizes = [opts.inputs, ...(opts.hidden ?? [512, 512, 512]), opts.outputs];
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const inF = sizes[i] as number;
    const outF = sizes[i + 1] as number;
    layers.push({
      inFeatures: inF,
      outFeatures: outF,
      weight: glorotUniform(rand, inF, outF, inF * outF),
      // Small non-zero biases so Add is not a no-op.
      bias: Float32Array.from({ length: outF }, () => (rand() - 0.5) * 0.1),
      relu: i + 2 < sizes.length,
    });
  }
  return modelBytes(
    denseGraph({
      graphName: 'mlp',
      inputName: opts.inputName ?? 'input',
      outputName: opts.outputName ?? 'logits',
      layers,
      dynamicBatch: opts.dynamicBatch ?? true,
      op: opts.op ?? 'matmul',
    }),
  );
}

export interface ConvNetOptions {
  seed: number;
  dynamicBatch?: boolean;
}

/**
 * A small MNIST-shaped conv net (benchmarks):
 * image [batch,1,28,28] -> Conv(8,3x3,pad 1)/Relu/MaxPool 2 -> Conv(16,3x3,pad 1)/Relu/MaxPool 2
 * -> Flatten -> Gemm(784 -> 10) -> logits [batch,10].
 */
export function convNetModel(opts: ConvNetOptions): Uint8Array {
  const rand = mulberry32(opts.seed);
  const batch: Dim = (opts.dynamicBatch ?? true) ? 'batch' : 1;
  const inits: TensorProto[] = [];
  const nodes: NodeProto[] = [];
  const conv = (idx: number, input: string, cin: number, cout: number): string => {
    const p = `conv${idx}`;
    const fanIn = cin * 9;
    inits.push(
      floatTensor(`${p}.weight`, [cout, cin, 3, 3], glorotUniform(rand, fanIn, cout * 9, cout * fanIn)),
    );
    inits.push(
      floatTensor(
        `${p}.bias`,
        [cout],
        Float32Array.from({ length: cout }, () => (rand() - 0.5) * 0.1),
      ),
    );
    nodes.push(
      node('Conv', [input, `${p}.weight`, `${p}.bias`], [`${p}.out`], `${p}/Conv`, {
        kernel_shape: { ints: [3, 3] },
        pads: { ints: [1, 1, 1, 1] },
        strides: { ints: [1, 1] },
      }),
    );
    nodes.push(node('Relu', [`${p}.out`], [`${p}.relu`], `${p}/Relu`));
    nodes.push(
      node('MaxPool', [`${p}.relu`], [`${p}.pool`], `${p}/MaxPool`, {
        kernel_shape: { ints: [2, 2] },
        strides: { ints: [2, 2] },
      }),
    );
    return `${p}.pool`;
  };
  const c1 = conv(1, 'image', 1, 8); // -> [b, 8, 14, 14]
  const c2 = conv(2, c1, 8, 16); // -> [b, 16, 7, 7]
  nodes.push(node('Flatten', [c2], ['flat'], 'Flatten', { axis: { int: 1 } }));
  const flat = 16 * 7 * 7;
  inits.push(floatTensor('fc.weight', [10, flat], glorotUniform(rand, flat, 10, 10 * flat)));
  inits.push(
    floatTensor(
      'fc.bias',
      [10],
      Float32Array.from({ length: 10 }, () => (rand() - 0.5) * 0.1),
    ),
  );
  nodes.push(node('Gemm', ['flat', 'fc.weight', 'fc.bias'], ['logits'], 'fc/Gemm', { transB: { int: 1 } }));
  return modelBytes(
    graph({
      name: 'convnet',
      nodes,
      inputs: [valueInfo('image', ElemType.FLOAT, [batch, 1, 28, 28])],
      outputs: [valueInfo('logits', ElemType.FLOAT, [batch, 10])],
      initializers: inits,
    }),
  );
}

export interface ImageConvNetOptions {
  seed: number;
  height?: number;
  width?: number;
  /** Output channels of the three conv blocks. */
  channels?: readonly [number, number, number];
  classes?: number;
}

/**
 * A conv net of realistic input size (benchmarks), shaped like a text-direction classifier:
 * x [batch,3,H,W] (default 3x48x192) -> 3 x (Conv 3x3 pad 1 / Relu / MaxPool 2) ->
 * GlobalAveragePool -> Flatten -> Gemm -> logits [batch,classes].
 */
export function imageConvNetModel(opts: ImageConvNetOptions): Uint8Array {
  const rand = mulberry32(opts.seed);
  const h = opts.height ?? 48;
  const w = opts.width ?? 192;
  const channels = opts.channels ?? [24, 48, 96];
  const classes = opts.classes ?? 2;
  const inits: TensorProto[] = [];
  const nodes: NodeProto[] = [];
  let input = 'x';
  let cin = 3;
  channels.forEach((cout, i) => {
    const p = `block${i + 1}`;
    const fanIn = cin * 9;
    inits.push(
      floatTensor(`${p}.weight`, [cout, cin, 3, 3], glorotUniform(rand, fanIn, cout * 9, cout * fanIn)),
    );
    inits.push(
      floatTensor(
        `${p}.bias`,
        [cout],
        Float32Array.from({ length: cout }, () => (rand() - 0.5) * 0.1),
      ),
    );
    nodes.push(
      node('Conv', [input, `${p}.weight`, `${p}.bias`], [`${p}.conv`], `${p}/Conv`, {
        kernel_shape: { ints: [3, 3] },
        pads: { ints: [1, 1, 1, 1] },
        strides: { ints: [1, 1] },
      }),
    );
    nodes.push(node('Relu', [`${p}.conv`], [`${p}.relu`], `${p}/Relu`));
    nodes.push(
      node('MaxPool', [`${p}.relu`], [`${p}.pool`], `${p}/MaxPool`, {
        kernel_shape: { ints: [2, 2] },
        strides: { ints: [2, 2] },
      }),
    );
    input = `${p}.pool`;
    cin = cout;
  });
  nodes.push(node('GlobalAveragePool', [input], ['gap'], 'GlobalAveragePool'));
  nodes.push(node('Flatten', ['gap'], ['flat'], 'Flatten', { axis: { int: 1 } }));
  inits.push(floatTensor('fc.weight', [classes, cin], glorotUniform(rand, cin, classes, classes * cin)));
  inits.push(
    floatTensor(
      'fc.bias',
      [classes],
      Float32Array.from({ length: classes }, () => (rand() - 0.5) * 0.1),
    ),
  );
  nodes.push(node('Gemm', ['flat', 'fc.weight', 'fc.bias'], ['logits'], 'fc/Gemm', { transB: { int: 1 } }));
  return modelBytes(
    graph({
      name: 'image-convnet',
      nodes,
      inputs: [valueInfo('x', ElemType.FLOAT, ['batch', 3, h, w])],
      outputs: [valueInfo('logits', ElemType.FLOAT, ['batch', classes])],
      initializers: inits,
    }),
  );
}
