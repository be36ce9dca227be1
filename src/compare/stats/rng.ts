import { mulberry32 } from '../../random.js';
/** Seed used when a caller gives none, so every statistic is reproducible by default. */
export const DEFAULT_SEED = 0x5eed;

/** The project's seeded PRNG (mulberry32), defaulting to this module's seed. */
export function seededRng(seed: number = DEFAULT_SEED): () => number {
  return mulberry32(seed);
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
