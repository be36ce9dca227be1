/**
 * Weight-only int8 quantization of ONNX models.
 *
 * The float32 weight (input 1) of every MatMul, Gemm and Conv that comes from an initializer or
 * a `Constant` node (as exporters such as paddle2onnx write them) is stored as an int8 initializer
 * plus a float32 scale, and nodes that recreate the float tensor under its original name take its
 * place: DequantizeLinear from opset 10, `Cast` to float then `Mul` by the scale below that
 * (opset 7-9, where DequantizeLinear does not exist). Activations stay float, so the model's inputs,
 * outputs and every other node are untouched; the file shrinks close to 4x for weight-dominated
 * models at a small accuracy cost.
 *
 * Quantization is symmetric (zero point 0, scale = max|w| / 127) and per output channel when the
 * opset allows it (DequantizeLinear's `axis` from 13; the broadcasting `Mul` at 7-9), per tensor
 * otherwise.
 *
 * Caveat: the model is decoded and re-encoded with onnx-proto (ONNX 1.10 schema), so fields
 * newer than IR 8 would be dropped. A model with nothing to quantize is returned byte-for-byte,
 * with the reason, and quantizeModelFile writes nothing for it.
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

/** Cast + broadcasting Mul exist from opset 7; DequantizeLinear from 10, its per-axis form from 13. */
const MIN_OPSET = 7;
const MIN_DQ_OPSET = 10;
const MIN_PER_CHANNEL_OPSET = 13;
const ATTR_TENSOR = onnx.AttributeProto.AttributeType.TENSOR;
/** Ops whose input 1 is a weight, and the axis of its output channels. */
const WEIGHT_OPS = new Set(['MatMul', 'Gemm', 'Conv']);
const NOTHING =
  'no float32 MatMul, Gemm or Conv weight is stored in the file (as an initializer or a Constant node)';

export interface QuantizeOptions {
  /** Quantize per output channel when the opset allows it (default true). */
  perChannel?: boolean;
}

export interface QuantizeResult {
  bytes: Uint8Array;
  /** Names of the float weights (initializers or Constant outputs) that were replaced. */
  quantized: string[];
  /** Why nothing was quantized, when `quantized` is empty. */
  reason?: string;
}

export interface QuantizeFileResult {
  quantized: string[];
  originalBytes: number;
  /** Size of the file written; the original's size when nothing was written. */
  quantizedBytes: number;
  /** False when there was nothing to quantize: no copy is written then. */
  written: boolean;
  reason?: string;
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

type Source = { kind: 'initializer'; index: number } | { kind: 'constant'; node: NodeProto };

interface Plan {
  name: string;
  source: Source;
  dims: number[];
  values: Float32Array;
  axis: number | null;
}

/** The float tensor a Constant node holds in its `value` attribute. */
function constantTensor(n: NodeProto): TensorProto | undefined {
  if (n.opType !== 'Constant' || (n.domain && n.domain !== 'ai.onnx') || n.output?.length !== 1)
    return undefined;
  const a = n.attribute?.find((x) => x.name === 'value');
  return a && (a.type === ATTR_TENSOR || a.t) ? (a.t ?? undefined) : undefined;
}

/** Output-channel axis of a weight: MatMul B [..., K, N] -> last; Gemm B [K, N] or [N, K] if transB; Conv W [M, C, ...] -> 0. */
function channelAxis(n: NodeProto, rank: number): number {
  if (n.opType === 'MatMul') return rank - 1;
  if (n.opType === 'Gemm') return intAttr(n, 'transB', 0) ? 0 : 1;
  return 0;
}

/** Pick the weights to quantize: input 1 of MatMul/Gemm/Conv, a float32 initializer or Constant, rank >= 2. */
function planWeights(g: GraphProto, perChannel: boolean): Plan[] {
  const sources = new Map<string, { source: Source; t: TensorProto }>();
  (g.initializer ?? []).forEach((t, index) => {
    if (t.name) sources.set(t.name, { source: { kind: 'initializer', index }, t });
  });
  for (const n of g.node ?? []) {
    const t = constantTensor(n);
    const out = n.output?.[0];
    if (t && out && !sources.has(out)) sources.set(out, { source: { kind: 'constant', node: n }, t });
  }
  // An initializer that is also a graph input is an overridable default; keep it float.
  const graphInputs = new Set((g.input ?? []).map((v) => v.name));
  const plans = new Map<string, Plan>();
  for (const n of g.node ?? []) {
    if (n.domain && n.domain !== 'ai.onnx') continue;
    if (!WEIGHT_OPS.has(n.opType ?? '')) continue;
    const name = n.input?.[1];
    if (!name || plans.has(name) || graphInputs.has(name)) continue; // shared weights: once
    const found = sources.get(name);
    if (!found) continue;
    const { source, t } = found;
    if (t.dataType !== FLOAT || t.dataLocation === EXTERNAL) continue;
    const dims = (t.dims ?? []).map((d) => toNum(d));
    if (dims.length < 2 || (n.opType === 'Gemm' && dims.length !== 2)) continue;
    const values = readFloats(
      t,
      dims.reduce((a, b) => a * b, 1),
    );
    if (!values || values.length === 0) continue;
    const axis = perChannel ? channelAxis(n, dims.length) : null;
    plans.set(name, { name, source, dims, values, axis });
  }
  return [...plans.values()];
}

const skip = (bytes: Uint8Array, reason: string): QuantizeResult => ({ bytes, quantized: [], reason });

function quantizeModel(bytes: Uint8Array, label: string, opts: QuantizeOptions): QuantizeResult {
  const model = decodeModel(bytes, label);
  const g = model.graph as GraphProto;
  const opset = defaultOpset(model);
  const ir = toNum(model.irVersion);
  // Below IR 4 initializers must also be graph inputs; below opset 7 Mul does not broadcast.
  // Changing the opset would touch every node's semantics, so leave such models alone.
  if (ir < 4) return skip(bytes, `IR version ${ir} < 4 (initializers there must also be graph inputs)`);
  if (opset < MIN_OPSET) {
    return skip(
      bytes,
      `default-domain opset ${opset} < ${MIN_OPSET} (no broadcasting Mul to dequantize with)`,
    );
  }
  const useDq = opset >= MIN_DQ_OPSET;
  const perChannel = (opts.perChannel ?? true) && (opset >= MIN_PER_CHANNEL_OPSET || !useDq);

  const taken = takenNames(g);
  const unique = (base: string): string => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };

  const replacements = new Map<number, TensorProto[]>(); // initializer index -> new tensors
  const added: TensorProto[] = []; // tensors of weights that were Constant nodes
  const dequant = new Map<string, NodeProto[]>(); // weight name -> nodes that recreate it
  const constants = new Map<NodeProto, string>(); // Constant node -> the weight it held
  for (const p of planWeights(g, perChannel)) {
    const result = quantizeValues(p.values, p.dims, p.axis);
    if (!result) continue;
    const qName = unique(`${p.name}_quantized`);
    const sName = unique(`${p.name}_scale`);
    const tensors: TensorProto[] = [
      { name: qName, dims: p.dims, dataType: INT8, rawData: new Uint8Array(result.q.buffer) },
    ];
    let nodes: NodeProto[];
    if (useDq) {
      const zName = unique(`${p.name}_zero_point`);
      const paramDims = p.axis === null ? [] : [p.dims[p.axis] as number];
      tensors.push(
        { name: sName, dims: paramDims, dataType: FLOAT, rawData: floatRaw(result.scales) },
        { name: zName, dims: paramDims, dataType: INT8, rawData: new Uint8Array(result.scales.length) },
      );
      const dq: NodeProto = {
        input: [qName, sName, zName],
        output: [p.name], // the float tensor keeps its name, so consumers need no rewiring
        name: unique(`${p.name}_DequantizeLinear`),
        opType: 'DequantizeLinear',
      };
      if (p.axis !== null) dq.attribute = [{ name: 'axis', type: ATTR_INT, i: p.axis }];
      nodes = [dq];
    } else {
      // The scale broadcasts along the channel axis: [1, ..., C, ..., 1].
      const scaleDims = p.axis === null ? [] : p.dims.map((d, i) => (i === p.axis ? d : 1));
      tensors.push({ name: sName, dims: scaleDims, dataType: FLOAT, rawData: floatRaw(result.scales) });
      const asFloat = unique(`${p.name}_int8_as_float`);
      nodes = [
        {
          input: [qName],
          output: [asFloat],
          name: unique(`${p.name}_Cast`),
          opType: 'Cast',
          attribute: [{ name: 'to', type: ATTR_INT, i: FLOAT }],
        },
        { input: [asFloat, sName], output: [p.name], name: unique(`${p.name}_Mul`), opType: 'Mul' },
      ];
    }
    if (p.source.kind === 'initializer') replacements.set(p.source.index, tensors);
    else {
      added.push(...tensors);
      constants.set(p.source.node, p.name);
    }
    dequant.set(p.name, nodes);
  }
  if (dequant.size === 0) return skip(bytes, NOTHING);

  // Swap each float initializer for its int8/scale(/zero-point) tensors, in place.
  g.initializer = [...(g.initializer ?? []).flatMap((t, i) => replacements.get(i) ?? [t]), ...added];
  // A Constant node is replaced where it stands. An initializer's nodes go right before its first
  // consumer: their inputs are all initializers, so the node list stays topologically sorted.
  const pending = new Map([...dequant].filter(([name]) => ![...constants.values()].includes(name)));
  const nodes: NodeProto[] = [];
  for (const n of g.node ?? []) {
    const held = constants.get(n);
    if (held !== undefined) {
      nodes.push(...(dequant.get(held) as NodeProto[]));
      continue;
    }
    for (const [name, dq] of pending) {
      if (consumes(n, name)) {
        nodes.push(...dq);
        pending.delete(name);
      }
    }
    nodes.push(n);
  }
  g.node = nodes;
  return { bytes: onnx.ModelProto.encode(model).finish(), quantized: [...dequant.keys()] };
}

/** Quantize the MatMul/Gemm/Conv weights of an encoded model; throws UsageError if it is not ONNX. */
export function quantizeModelBytes(bytes: Uint8Array, opts: QuantizeOptions = {}): QuantizeResult {
  return quantizeModel(bytes, 'input', opts);
}

/**
 * Quantize `src` into `dest` (atomically: temp file + rename). With nothing to quantize, nothing is
 * written: `written` is false and `reason` says why.
 */
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
  if (result.quantized.length === 0) {
    return {
      quantized: [],
      originalBytes: original.length,
      quantizedBytes: original.length,
      written: false,
      reason: result.reason ?? NOTHING,
    };
  }
  await fs.mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, result.bytes);
    await fs.rename(tmp, dest);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return {
    quantized: result.quantized,
    originalBytes: original.length,
    quantizedBytes: result.bytes.length,
    written: true,
  };
}
