/**
 * mulberry32: a tiny 32-bit seeded PRNG, uniform in [0, 1). Deterministic across platforms and
 * fast: synthetic datasets, bootstrap resampling and the demo models all draw from it. Not for
 * cryptography.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed for stream `index` of `seed` (a murmur3-style finaliser over both), so every
 * synthetic sample has its own stream: sample i gets the same values whatever the batch size or
 * shard it lands in, without drawing the samples before it.
 */
export function streamSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index >>> 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Fill `out[offset, offset + length)` with the mulberry32 sequence of `seed` as uniform floats in
 * [0, 1): the same values as calling `mulberry32(seed)` `length` times, inlined so a tensor of
 * 30,000 values costs tens of microseconds rather than a closure call per value.
 */
export function fillUniform(
  out: Float32Array | Float64Array,
  offset: number,
  length: number,
  seed: number,
): void {
  let a = seed >>> 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** The four state words of xorshift128 for `seed` (never all zero). */
export function xorshiftState(seed: number): [number, number, number, number] {
  return [streamSeed(seed, 0) | 1, streamSeed(seed, 1), streamSeed(seed, 2), streamSeed(seed, 3)];
}

/**
 * Marsaglia's xorshift128 from state words a, b, c, d (xorshiftState): the synthetic-tensor
 * generator, with no multiplications. Floats in [0, 1) take 16 bits each, two per draw (test
 * inputs need no finer grain, and it halves the work: ~40 µs for a 3x48x192 tensor); integers in
 * [0, scale) take 24 bits each. Self-contained (no module references), so the prefetch worker
 * runs this very function from its source text.
 */
export function fillXorshift128(
  out: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array,
  offset: number,
  length: number,
  a0: number,
  b0: number,
  c0: number,
  d0: number,
  scale?: number,
): void {
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  const end = offset + length;
  if (scale === undefined) {
    let i = offset;
    for (; i + 1 < end; i += 2) {
      const t = a ^ (a << 11);
      a = b;
      b = c;
      c = d;
      d = d ^ (d >>> 19) ^ (t ^ (t >>> 8));
      out[i] = (d >>> 16) * 1.52587890625e-5;
      out[i + 1] = (d & 0xffff) * 1.52587890625e-5;
    }
    if (i < end) {
      const t = a ^ (a << 11);
      d = d ^ (d >>> 19) ^ (t ^ (t >>> 8));
      out[i] = (d >>> 16) * 1.52587890625e-5;
    }
    return;
  }
  const k = scale * 5.9604644775390625e-8;
  for (let i = offset; i < end; i++) {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = d ^ (d >>> 19) ^ (t ^ (t >>> 8));
    out[i] = Math.floor((d >>> 8) * k);
  }
}
