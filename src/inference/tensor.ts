/** Host-side tensors: what adapters and datasets exchange with a backend, independent of its runtime. */

export const DTYPES = ['float32', 'float64', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool'] as const;
export type Dtype = (typeof DTYPES)[number];

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | BigInt64Array;

export interface HostTensor {
  dtype: Dtype;
  dims: number[];
  data: TensorData;
}

/** A model input or output as the model declares it; string dims are symbolic (e.g. `batch`). */
export interface TensorInfo {
  name: string;
  dtype: string;
  shape: Array<number | string>;
}

export function isDtype(s: string): s is Dtype {
  return (DTYPES as readonly string[]).includes(s);
}

export function allocate(dtype: Dtype, length: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'int64':
      return new BigInt64Array(length);
  }
}

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.join(',')}]`;
}

export function describeTensorInfo(t: TensorInfo): string {
  return `${t.name} ${t.dtype}${formatShape(t.shape)}`;
}

/** A dimension the model leaves open (symbolic name, -1, or unknown). */
export function isDynamicDim(d: number | string | undefined): boolean {
  return typeof d === 'string' || d === undefined || d < 0;
}

/** Element i as a JS number (int64 values beyond 2^53 lose precision, which is fine for scoring). */
export function numberAt(data: TensorData, i: number): number {
  const v = data[i];
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

export function toNumberArray(data: TensorData): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = numberAt(data, i);
  return out;
}

/** Nest a flat array by dims, for human-readable predictions. */
export function nest(values: readonly number[], dims: readonly number[]): unknown {
  if (dims.length === 0) return values[0];
  if (dims.length === 1) return values.length === dims[0] ? values : values.slice(0, dims[0]);
  const [head, ...rest] = dims as [number, ...number[]];
  const stride = product(rest);
  const out: unknown[] = new Array(head);
  for (let i = 0; i < head; i++) out[i] = nest(values.slice(i * stride, (i + 1) * stride), rest);
  return out;
}

/** Concatenate same-shaped sample tensors (batch 1 each) along axis 0. */
export function concatBatch(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0];
  if (!first) throw new Error('concatBatch: no tensors');
  if (parts.length === 1) return first;
  const per = first.data.length;
  const data = allocate(first.dtype, per * parts.length) as unknown as {
    set(a: ArrayLike<number | bigint>, o: number): void;
  };
  for (let i = 0; i < parts.length; i++) data.set((parts[i] as HostTensor).data, i * per);
  return {
    dtype: first.dtype,
    dims: [parts.length * (first.dims[0] ?? 1), ...first.dims.slice(1)],
    data: data as unknown as TensorData,
  };
}

/** Split a batched output into `count` per-sample tensors along axis 0. */
export function splitBatch(t: HostTensor, count: number): HostTensor[] {
  if (count === 1) return [t];
  const per = t.data.length / count;
  if (!Number.isInteger(per)) {
    throw new Error(`output of ${t.data.length} elements does not split into ${count} samples`);
  }
  const dims = [1, ...t.dims.slice(1)];
  return Array.from({ length: count }, (_, i) => ({
    dtype: t.dtype,
    dims,
    data: t.data.subarray(i * per, (i + 1) * per) as TensorData,
  }));
}
