/**
 * Weight-only int8 quantization of ONNX models.
 *
 * The float32 weight (input 1) of every MatMul and Gemm that comes from an initializer is
 * stored as int8 plus a float32 scale, and a DequantizeLinear node recreates the float tensor
 * under its original name just before its first consumer. Activations stay float, so the
 * model's inputs, outputs and every other node are untouched; the file shrinks close to 4x for
 * weight-dominated models at a small accuracy cost.
 *
 * Quantization is symmetric (zero point 0, scale = max|w| / 127) and per output channel when
 * the model imports default-domain opset >= 13 (DequantizeLinear's `axis`), per tensor otherwise.
 *
 * Caveat: the model is decoded and re-encoded with onnx-proto (ONNX 1.10 schema), so fields
 * newer than IR 8 would be dropped. A model with nothing to quantize is returned byte-for-byte.
 */
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import onnxProto from 'onnx-proto';
import { errorMessage, UsageError } from '../errors.js';

const { onnx } = onnxProto;
type ModelProto = onnxProto.onnx.ModelProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT8 = onnx.TensorProto.DataType.INT8;
const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;
const ATTR_INT = onnx.AttributeProto.AttributeType.INT;

/** DequantizeLinear exists from opset 10; its per-axis form from opset 13. */
const MIN_OPSET = 10;
const MIN_PER_CHANNEL_OPSET = 13;

export interface QuantizeOptions {
  /** Quantize per output channel when the opset allows it (default true). */
  perChannel?: boolean;
}

export interface QuantizeResult {
  bytes: Uint8Array;
  /** Names of the float initializers that were replaced, in graph order. */
  quantized: string[];
}

export interface QuantizeFileResult {
  quantized: string[];
  originalBytes: number;
  quantizedBytes: number;
}

/** onnx-proto gives int64 fields as number or Long (when decoded). */
type Int64 = number | { toNumber(): number } | null | undefined;

function toNum(v: Int64): number {
  if (v == null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function decodeModel(bytes: Uint8Array, label: string): ModelProto {
  const invalid = (why: string): UsageError =>
    new UsageError(
      `${label} is not a valid ONNX model (${why})`,
      'Expected an .onnx file holding a ModelProto.',
    );
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw invalid(`protobuf decoding failed: ${errorMessage(e)}`);
  }
  // Arbitrary bytes sometimes decode "successfully" into an empty message; a real model has
  // an IR version and a graph.
  if (toNum(model.irVersion) <= 0) throw invalid('no ir_version');
  if (!model.graph) throw invalid('no graph');
  return model;
}

function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNum(entry.version) : 0;
}

function intAttr(n: NodeProto, name: string, fallback: number): number {
  const a = n.attribute?.find((x) => x.name === name);
  return a ? toNum(a.i) : fallback;
}

/** Float values of an initializer from raw_data (little-endian) or float_data; null if unusable. */
function readFloats(t: TensorProto, count: number): Float32Array | null {
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * 4) return null;
    // DataView because decoded buffers need not be 4-byte aligned.
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  if (t.floatData && t.floatData.length === count) return Float32Array.from(t.floatData);
  return null;
}

function floatRaw(values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return raw;
}

interface Quantized {
  q: Int8Array;
  scales: Float32Array;
}

/**
 * Symmetric int8: q = round(w / scale) in [-127, 127]. `axis` null means one scale for the
 * whole tensor. Returns null for non-finite weights (no meaningful scale).
 */
function quantizeValues(
  values: Float32Array,
  dims: readonly number[],
  axis: number | null,
): Quantized | null {
  const channels = axis === null ? 1 : (dims[axis] as number);
  const inner = axis === null ? values.length : dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number): number => (axis === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] as number);
    if (!Number.isFinite(v)) return null;
    const c = channelOf(i);
    if (v > (maxAbs[c] as number)) maxAbs[c] = v;
  }
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = Math.fround((maxAbs[c] as number) / 127);
    // An all-zero channel (or one that underflows) gets scale 1 so dequantization is exact 0.
    scales[c] = s > 0 ? s : 1;
  }
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const r = (values[i] as number) / (scales[channelOf(i)] as number);
    const rounded = Math.sign(r) * Math.round(Math.abs(r)); // round half away from zero
    q[i] = Math.max(-127, Math.min(127, rounded));
  }
  return { q, scales };
}

/** Does `n` read `name`, directly or from inside one of its subgraphs (If/Loop/Scan bodies)? */
function consumes(n: NodeProto, name: string): boolean {
  if (n.input?.includes(name)) return true;
  for (const a of n.attribute ?? []) {
    const graphs = [...(a.g ? [a.g] : []), ...(a.graphs ?? [])];
    if (graphs.some((g) => (g.node ?? []).some((inner) => consumes(inner, name)))) return true;
  }
  return false;
}

/** Every name already used in the graph, so new tensor and node names never collide. */
function takenNames(g: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const t of g.initializer ?? []) if (t.name) names.add(t.name);
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])])
    if (v.name) names.add(v.name);
  for (const n of g.node ?? []) {
    if (n.name) names.add(n.name);
    for (const x of [...(n.input ?? []), ...(n.output ?? [])]) names.add(x);
  }
  return names;
}

interface Plan {
  name: string;
  index: number; // position in graph.initializer
  dims: number[];
  values: Float32Array;
  axis: number | null;
}

/** Pick the weights to quantize: input 1 of MatMul/Gemm, float32 initializer, rank >= 2. */
function planWeights(g: GraphProto, perChannel: boolean): Plan[] {
  const initIndex = new Map<string, number>();
  (g.initializer ?? []).forEach((t, i) => {
    if (t.name) initIndex.set(t.name, i);
  });
  // An initializer that is also a graph input is an overridable default; keep it float.
  const graphInputs = new Set((g.input ?? []).map((v) => v.name));
  const plans = new Map<string, Plan>();
  for (const n of g.node ?? []) {
    if (n.domain && n.domain !== 'ai.onnx') continue;
    if (n.opType !== 'MatMul' && n.opType !== 'Gemm') continue;
    const name = n.input?.[1];
    if (!name || plans.has(name) || graphInputs.has(name)) continue; // shared weights: once
    const index = initIndex.get(name);
    const t = index === undefined ? undefined : g.initializer?.[index];
    if (index === undefined || !t) continue;
    if (t.dataType !== FLOAT || t.dataLocation === EXTERNAL) continue;
    const dims = (t.dims ?? []).map((d) => toNum(d));
    if (dims.length < 2 || (n.opType === 'Gemm' && dims.length !== 2)) continue;
    const values = readFloats(
      t,
      dims.reduce((a, b) => a * b, 1),
    );
    if (!values || values.length === 0) continue;
    // Output channels: MatMul B is [..., K, N] -> last axis; Gemm B is [K, N], or [N, K] if transB.
    let axis: number | null = null;
    if (perChannel) axis = n.opType === 'MatMul' ? dims.length - 1 : intAttr(n, 'transB', 0) ? 0 : 1;
    plans.set(name, { name, index, dims, values, axis });
  }
  return [...plans.values()];
}

function quantizeModel(
  bytes: Uint8Array,
  label: string,
  opts: QuantizeOptions,
): { bytes: Uint8Array; quantized: string[] } {
  const model = decodeModel(bytes, label);
  const g = model.graph as GraphProto;
  const opset = defaultOpset(model);
  // Below opset 10 there is no DequantizeLinear; below IR 4 initializers must also be graph
  // inputs. Changing the opset would touch every node's semantics, so leave such models alone.
  if (opset < MIN_OPSET || toNum(model.irVersion) < 4) return { bytes, quantized: [] };
  const perChannel = (opts.perChannel ?? true) && opset >= MIN_PER_CHANNEL_OPSET;

  const taken = takenNames(g);
  const unique = (base: string): string => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };

  const replacements = new Map<number, TensorProto[]>(); // initializer index -> new tensors
  const dqNodes = new Map<string, NodeProto>(); // weight name -> its DequantizeLinear
  for (const p of planWeights(g, perChannel)) {
    const result = quantizeValues(p.values, p.dims, p.axis);
    if (!result) continue;
    const qName = unique(`${p.name}_quantized`);
    const sName = unique(`${p.name}_scale`);
    const zName = unique(`${p.name}_zero_point`);
    const paramDims = p.axis === null ? [] : [p.dims[p.axis] as number];
    replacements.set(p.index, [
      { name: qName, dims: p.dims, dataType: INT8, rawData: new Uint8Array(result.q.buffer) },
      { name: sName, dims: paramDims, dataType: FLOAT, rawData: floatRaw(result.scales) },
      { name: zName, dims: paramDims, dataType: INT8, rawData: new Uint8Array(result.scales.length) },
    ]);
    const dq: NodeProto = {
      input: [qName, sName, zName],
      output: [p.name], // the float tensor keeps its name, so consumers need no rewiring
      name: unique(`${p.name}_DequantizeLinear`),
      opType: 'DequantizeLinear',
    };
    if (p.axis !== null) dq.attribute = [{ name: 'axis', type: ATTR_INT, i: p.axis }];
    dqNodes.set(p.name, dq);
  }
  if (dqNodes.size === 0) return { bytes, quantized: [] };

  // Swap each float initializer for its int8/scale/zero-point triple, in place.
  g.initializer = (g.initializer ?? []).flatMap((t, i) => replacements.get(i) ?? [t]);
  // Insert each DequantizeLinear right before its first consumer: its inputs are all
  // initializers, so the node list stays topologically sorted.
  const pending = new Map(dqNodes);
  const nodes: NodeProto[] = [];
  for (const n of g.node ?? []) {
    for (const [name, dq] of pending) {
      if (consumes(n, name)) {
        nodes.push(dq);
        pending.delete(name);
      }
    }
    nodes.push(n);
  }
  g.node = nodes;
  return { bytes: onnx.ModelProto.encode(model).finish(), quantized: [...dqNodes.keys()] };
}

/** Quantize the MatMul/Gemm weights of an encoded model; throws UsageError if it is not ONNX. */
export function quantizeModelBytes(bytes: Uint8Array, opts: QuantizeOptions = {}): QuantizeResult {
  return quantizeModel(bytes, 'input', opts);
}

/** Quantize `src` into `dest` (atomically: temp file + rename). */
export async function quantizeModelFile(
  src: string,
  dest: string,
  opts: QuantizeOptions = {},
): Promise<QuantizeFileResult> {
  let original: Uint8Array;
  try {
    original = await fs.readFile(src);
  } catch (e) {
    throw new UsageError(`cannot read model file ${src}: ${errorMessage(e)}`);
  }
  const result = quantizeModel(original, src, opts);
  await fs.mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, result.bytes);
    await fs.rename(tmp, dest);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return { quantized: result.quantized, originalBytes: original.length, quantizedBytes: result.bytes.length };
}
