import { UsageError } from '../errors.js';
import {
  allocate,
  describeTensorInfo,
  formatShape,
  type HostTensor,
  isDtype,
  isDynamicDim,
  product,
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

/** Shape of a rectangular nested array; throws on ragged input. */
function shapeOf(value: unknown, label: string): number[] {
  if (!Array.isArray(value)) return [];
  if (value.length === 0) return [0];
  const inner = shapeOf(value[0], label);
  for (const item of value) {
    const s = shapeOf(item, label);
    if (s.length !== inner.length || s.some((d, i) => d !== inner[i])) {
      throw new UsageError(`${label}: ragged nested array (rows of different lengths)`);
    }
  }
  return [value.length, ...inner];
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
  const dims = shapeOf(value, label);
  const shape = checkShape(info, dims, ctx);
  const flat = dims.length === 0 ? [value] : (value as unknown[]).flat(dims.length);
  const data = allocate(info.dtype, product(shape));
  const integer = info.dtype !== 'float32' && info.dtype !== 'float64';
  for (let i = 0; i < flat.length; i++) {
    let v = flat[i];
    if (info.dtype === 'bool' && typeof v === 'boolean') v = v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new UsageError(
        `${label}: dtype mismatch at element ${i}: got ${JSON.stringify(v)}, model "${ctx.model}" expects ${integer ? 'integers' : 'numbers'} (${info.dtype})`,
      );
    }
    if (data instanceof BigInt64Array) data[i] = BigInt(v);
    else data[i] = v;
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
