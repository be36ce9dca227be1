import { type Dtype, product, type TensorData } from '../inference/tensor.js';
import { fillXorshift128, streamSeed } from '../random.js';
import type { SyntheticSpec } from './dataset.js';

/**
 * Synthetic values of sample `index` for input `spec` (the `specIndex`-th spec), written straight
 * into `out` at `offset`: floats in [0, 1), integers in [0, 10), bools 0/1. Every (seed, input,
 * sample) has its own stream, so a sample's values do not depend on batch size, shard or order.
 */
export function fillSynthetic(
  spec: SyntheticSpec,
  specIndex: number,
  seed: number,
  index: number,
  out: TensorData,
  offset: number,
): void {
  const length = product(spec.dims);
  const s = streamSeed(streamSeed(seed, specIndex), index);
  fillTyped(spec.dtype, out, offset, length, s);
}

function fillTyped(dtype: Dtype, out: TensorData, offset: number, length: number, seed: number): void {
  if (out instanceof Float32Array || out instanceof Float64Array) {
    fillXorshift128(out, offset, length, seed);
  } else if (out instanceof BigInt64Array) {
    // int64 is rare in synthetic inputs (token ids): draw as int32, then widen.
    const tmp = new Int32Array(length);
    fillXorshift128(tmp, 0, length, seed, 10);
    for (let i = 0; i < length; i++) out[offset + i] = BigInt(tmp[i] as number);
  } else {
    fillXorshift128(out, offset, length, seed, dtype === 'bool' ? 2 : 10);
  }
}
