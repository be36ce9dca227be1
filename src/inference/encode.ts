import { UsageError } from '../errors.js';
import {
  allocate,
  describeTensorInfo,
  formatShape,
  type HostTensor,
  isDtype,
  isDynamicDim,
  product,
  type TensorData,
  type TensorInfo,
} from './tensor.js';

/** Where a value came from, for messages: `data/eval.jsonl:12` and the model's name. */
export interface EncodeContext {
  where: string;
  model: string;
  inputs: readonly TensorInfo[];
}

export function isHostTensor(v: unknown): v is HostTensor {
  return (
    typeof v === 'object' &&
    v !== null &&
    'dtype' in v &&
    'dims' in v &&
    'data' in v &&
    ArrayBuffer.isView((v as HostTensor).data)
  );
}

/** Shape of a nested array from its first elements; fillNested finds any ragged row. */
function shapeOf(value: unknown): number[] {
  const dims: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    dims.push(v.length);
    v = v[0];
  }
  return dims;
}

/**
 * Write a nested array of numbers into `out` in row-major order, checking that every row has the
 * shape and every leaf the type expected; returns the next write position.
 */
function fillNested(
  value: unknown,
  dims: readonly number[],
  depth: number,
  out: TensorData,
  pos: number,
  floats: boolean,
  check: (v: unknown, i: number) => number,
  label: string,
): number {
  const n = dims[depth] as number;
  if (!Array.isArray(value) || value.length !== n) {
    throw new UsageError(`${label}: ragged nested array (rows of different lengths)`);
  }
  let p = pos;
  if (depth === dims.length - 1) {
    if (out instanceof BigInt64Array) {
      for (let i = 0; i < n; i++) out[p + i] = BigInt(check(value[i], p + i));
    } else {
      for (let i = 0; i < n; i++) {
        const v = value[i];
        // The common case (a finite number for a float input) skips the checker's call.
        out[p + i] = floats && typeof v === 'number' && v - v === 0 ? v : check(v, p + i);
      }
    }
    return p + n;
  }
  for (let i = 0; i < n; i++) p = fillNested(value[i], dims, depth + 1, out, p, floats, check, label);
  return p;
}

function modelInputsList(ctx: EncodeContext): string {
  return ctx.inputs.map(describeTensorInfo).join(', ');
}

/** The sample shape the model expects: batch dimension 1, other open dims taken from the data. */
function checkShape(info: TensorInfo, dims: number[], ctx: EncodeContext): number[] {
  let shape = dims;
  // Rows usually omit the batch axis: `[...64]` for a `[batch,64]` input.
  if (shape.length === info.shape.length - 1) shape = [1, ...shape];
  const ok =
    shape.length === info.shape.length &&
    info.shape.every((d, i) =>
      i === 0 && isDynamicDim(d) ? shape[0] === 1 : isDynamicDim(d) || d === shape[i],
    );
  if (!ok) {
    throw new UsageError(
      `${ctx.where}: shape mismatch for input "${info.name}" of model "${ctx.model}": got ${formatShape(dims)}, expected ${formatShape(info.shape)} (one sample, batch 1). Model inputs: ${modelInputsList(ctx)}`,
    );
  }
  return shape;
}

function encodeOne(info: TensorInfo, value: unknown, ctx: EncodeContext): HostTensor {
  if (!isDtype(info.dtype)) {
    throw new UsageError(
      `model "${ctx.model}": input "${info.name}" has dtype ${info.dtype}, which autoglm cannot feed yet (supported: float32, float64, int8, uint8, int16, int32, int64, bool)`,
    );
  }
  const label = `${ctx.where}: input "${info.name}"`;
  if (isHostTensor(value)) {
    if (value.dtype !== info.dtype) {
      throw new UsageError(
        `${label}: dtype mismatch: got ${value.dtype}, model "${ctx.model}" expects ${info.dtype}. Model inputs: ${modelInputsList(ctx)}`,
      );
    }
    return { ...value, dims: checkShape(info, value.dims, ctx) };
  }
  const dims = shapeOf(value);
  const shape = checkShape(info, dims, ctx);
  const data = allocate(info.dtype, product(shape));
  const integer = info.dtype !== 'float32' && info.dtype !== 'float64';
  const check = (raw: unknown, i: number): number => {
    let v = raw;
    if (info.dtype === 'bool' && typeof v === 'boolean') v = v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      if (Array.isArray(v)) throw new UsageError(`${label}: ragged nested array (rows of different lengths)`);
      throw new UsageError(
        `${label}: dtype mismatch at element ${i}: got ${JSON.stringify(v)}, model "${ctx.model}" expects ${integer ? 'integers' : 'numbers'} (${info.dtype})`,
      );
    }
    return v;
  };
  if (dims.length === 0) {
    const v = check(value, 0);
    if (data instanceof BigInt64Array) data[0] = BigInt(v);
    else data[0] = v;
  } else {
    fillNested(value, dims, 0, data, 0, !integer, check, label);
  }
  return { dtype: info.dtype, dims: shape, data };
}

/**
 * Turn one dataset row into the model's feeds. Fields are named after the model's inputs, or mapped
 * with `inputs: {modelInput: field}`; a missing one is an error listing what the model takes.
 */
export function encodeRow(
  row: Record<string, unknown>,
  ctx: EncodeContext,
  mapping: Record<string, string> = {},
): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const info of ctx.inputs) {
    const field = mapping[info.name] ?? info.name;
    if (!(field in row)) {
      const fields = Object.keys(row).join(', ') || 'none';
      throw new UsageError(
        `${ctx.where}: model "${ctx.model}" needs input "${info.name}" but the row has no field "${field}" (fields: ${fields}). Model inputs: ${modelInputsList(ctx)}`,
        'name dataset fields after the model inputs, or map them with adapter: {type: ..., inputs: {INPUT: FIELD}}',
      );
    }
    feeds[info.name] = encodeOne(info, row[field], ctx);
  }
  return feeds;
}
