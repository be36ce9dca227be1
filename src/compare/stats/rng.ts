/** Seed used when a caller gives none, so every statistic is reproducible by default. */
export const DEFAULT_SEED = 0x5eed;

/**
 * mulberry32: a tiny 32-bit seeded PRNG, uniform in [0, 1). Why this one: deterministic across
 * platforms, fast, and good enough for bootstrap resampling (not for cryptography).
 */
export function seededRng(seed: number = DEFAULT_SEED): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n): the index draw of a bootstrap resample. */
export function randomIndex(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal deviate (Box-Muller); for simulations and tests, not for the statistics. */
export function normalDeviate(rng: () => number): number {
  // 1 - u keeps the log argument in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
