/**
 * What an ONNX file holds, read with onnx-proto without loading a runtime: inputs and outputs
 * (dtype and shape, symbolic dimensions by name), opsets, producer, size, and what weight-only
 * int8 quantization would make of it. `autoglm inspect` prints it; `autoglm init` writes the
 * synthetic input specs of a config from it.
 */
import { promises as fs } from 'node:fs';
import onnxProto from 'onnx-proto';
import { errorMessage, UsageError } from '../errors.js';
import { quantizeModelBytes } from './quantize.js';

const { onnx } = onnxProto;
type Int64 = number | { toNumber(): number } | null | undefined;
const toNum = (v: Int64): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

/** ONNX TensorProto.DataType -> the dtype names of synthetic specs (`float32[1,3]`). */
const DTYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

export interface TensorInfo {
  name: string;
  dtype: string;
  /** A number per fixed dimension, the symbol's name (or `?`) per dynamic one; null when unknown. */
  shape: (number | string)[] | null;
}

export interface ModelInfo {
  file: string;
  sizeBytes: number;
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  nodes: number;
  initializers: number;
  quantization: { weights: number; sizeBytes: number } | { weights: 0; reason: string };
}

function tensorInfo(v: onnxProto.onnx.IValueInfoProto): TensorInfo {
  const t = v.type?.tensorType;
  const dims = t?.shape?.dim;
  return {
    name: v.name ?? '',
    dtype: t ? (DTYPES[t.elemType ?? 0] ?? `type${t.elemType}`) : 'non-tensor',
    shape: dims
      ? dims.map((d) => (d.dimValue != null && toNum(d.dimValue) > 0 ? toNum(d.dimValue) : d.dimParam || '?'))
      : null,
  };
}

/** Read and describe an ONNX model; a file that is not one is a usage error naming it. */
export async function inspectModel(file: string, label = file): Promise<ModelInfo> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read ${label}: ${errorMessage(e)}`);
  }
  const invalid = (why: string) =>
    new UsageError(
      `${label} is not a valid ONNX model (${why})`,
      'Expected an .onnx file holding a ModelProto.',
    );
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw invalid(`protobuf decoding failed: ${errorMessage(e)}`);
  }
  if (toNum(model.irVersion) <= 0) throw invalid('no ir_version');
  const g = model.graph;
  if (!g) throw invalid('no graph');
  // Initializers listed as graph inputs are overridable defaults, not inputs a caller must feed.
  const inits = new Set((g.initializer ?? []).map((t) => t.name));
  let quantization: ModelInfo['quantization'];
  try {
    const q = quantizeModelBytes(bytes);
    quantization = q.quantized.length
      ? { weights: q.quantized.length, sizeBytes: q.bytes.length }
      : { weights: 0, reason: q.reason ?? 'nothing to quantize' };
  } catch (e) {
    quantization = { weights: 0, reason: errorMessage(e) };
  }
  return {
    file: label,
    sizeBytes: bytes.length,
    irVersion: toNum(model.irVersion),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain || 'ai.onnx', version: toNum(o.version) })),
    inputs: (g.input ?? []).filter((v) => !inits.has(v.name)).map(tensorInfo),
    outputs: (g.output ?? []).map(tensorInfo),
    nodes: g.node?.length ?? 0,
    initializers: g.initializer?.length ?? 0,
    quantization,
  };
}

/** The synthetic dataset spec of one input (`name:float32[1,64]`): dynamic dimensions become 1. */
export function syntheticSpec(t: TensorInfo): string | undefined {
  if (!t.shape || t.dtype === 'string' || t.dtype === 'non-tensor' || t.dtype.startsWith('type'))
    return undefined;
  return `${t.name}:${t.dtype}[${t.shape.map((d) => (typeof d === 'number' ? d : 1)).join(',')}]`;
}

const shapeText = (t: TensorInfo) =>
  t.shape ? `[${t.shape.map((d) => (typeof d === 'number' ? String(d) : d)).join(', ')}]` : '(unknown shape)';

/** The human report of `autoglm inspect`. */
export function renderModelInfo(info: ModelInfo, formatBytes: (n: number) => string): string {
  const width = Math.max(4, ...[...info.inputs, ...info.outputs].map((t) => t.name.length));
  const row = (t: TensorInfo) => `  ${t.name.padEnd(width)}  ${t.dtype.padEnd(8)} ${shapeText(t)}`;
  const lines = [
    `${info.file}: ONNX IR ${info.irVersion}, ${info.opsets.map((o) => `${o.domain} opset ${o.version}`).join(', ')}` +
      (info.producer ? `, from ${info.producer}` : ''),
    `Size: ${formatBytes(info.sizeBytes)} (${info.nodes} ${info.nodes === 1 ? 'node' : 'nodes'}, ${info.initializers} ${info.initializers === 1 ? 'initializer' : 'initializers'})`,
    'Inputs:',
    ...(info.inputs.length ? info.inputs.map(row) : ['  (none)']),
    'Outputs:',
    ...info.outputs.map(row),
  ];
  const q = info.quantization;
  lines.push(
    q.weights > 0 && 'sizeBytes' in q
      ? `Quantization: ${q.weights} float32 ${q.weights === 1 ? 'weight' : 'weights'} can be stored as int8 (quantize: true): ${formatBytes(info.sizeBytes)} -> ${formatBytes(q.sizeBytes)}${q.sizeBytes >= info.sizeBytes ? ' (larger: the weights are too small to gain)' : ''}`
      : `Quantization: nothing to quantize (${'reason' in q ? q.reason : ''})`,
  );
  const specs = info.inputs.map(syntheticSpec);
  if (specs.length && specs.every(Boolean)) {
    lines.push(`Synthetic inputs for autoglm.yml: ${JSON.stringify(specs)}`);
  }
  return `${lines.join('\n')}\n`;
}
