import { type Dtype, product, type TensorData } from '../inference/tensor.js';
import { fillXorshift128, streamSeed, xorshiftState } from '../random.js';
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

/** Integer inputs draw from [0, scale): 10 (valid small ids and indices), 2 for bools. */
export const scaleOf = (dtype: Dtype): number | undefined =>
  dtype === 'float32' || dtype === 'float64' ? undefined : dtype === 'bool' ? 2 : 10;

function fillTyped(dtype: Dtype, out: TensorData, offset: number, length: number, seed: number): void {
  const [a, b, c, d] = xorshiftState(seed);
  if (out instanceof BigInt64Array) {
    // int64 is rare in synthetic inputs (token ids): draw as int32, then widen.
    const tmp = new Int32Array(length);
    fillXorshift128(tmp, 0, length, a, b, c, d, 10);
    for (let i = 0; i < length; i++) out[offset + i] = BigInt(tmp[i] as number);
  } else {
    fillXorshift128(out, offset, length, a, b, c, d, scaleOf(dtype));
  }
}
