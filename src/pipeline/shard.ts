import { UsageError } from '../errors.js';

/** This worker's part of the work: shard `index` (1-based) of `total`. */
export interface Shard {
  index: number;
  total: number;
}

/** `--shard i/N`: 1 <= i <= N. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m)
    throw new UsageError(`${flag} "${text}": expected i/N, such as 1/4 (shard i of N, counting from 1)`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1) throw new UsageError(`${flag} "${text}": the number of shards must be at least 1`);
  if (index < 1 || index > total) {
    throw new UsageError(`${flag} "${text}": the shard must be between 1 and ${total} (got ${index})`);
  }
  return { index, total };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Least common multiple of the batch sizes: shard boundaries on it keep every batch whole. */
export function batchUnit(batchSizes: readonly number[]): number {
  return batchSizes.reduce((acc, b) => (acc * b) / gcd(acc, b), 1);
}

/**
 * The samples [start, end) of a shard: contiguous, in whole units of `unit` samples, so each
 * sample runs in the same batch (same neighbours, same batch index) as in a single run and its
 * outputs are bit-identical. Shards differ by at most one unit.
 */
export function shardRange(size: number, unit: number, shard: Shard): { start: number; end: number } {
  const units = Math.ceil(size / unit);
  const from = Math.floor(((shard.index - 1) * units) / shard.total);
  const to = Math.floor((shard.index * units) / shard.total);
  return { start: Math.min(size, from * unit), end: Math.min(size, to * unit) };
}

/** Deterministic pick of list items for a shard (suites, test-generation targets): round robin. */
export function shardItems<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard || shard.total === 1) return [...items];
  return items.filter((_, i) => i % shard.total === shard.index - 1);
}
