/**
 * Exact floating-point summation (Shewchuk's non-overlapping partials, as Python's math.fsum):
 * the rounded total does not depend on the order of the additions, so a mean over shards merged
 * later is bit-identical to the mean of one run over every sample.
 */
export function addExact(partials: number[], value: number): void {
  let x = value;
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The correctly rounded value of the partials' exact sum. */
export function roundPartials(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half to even across the remaining partials, as fsum does.
  const next = partials[n - 1];
  if (n > 0 && next !== undefined && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** Combine several exact sums into one (shard merging). */
export function mergePartials(all: ReadonlyArray<readonly number[]>): number[] {
  const out: number[] = [];
  for (const p of all) for (const v of p) addExact(out, v);
  return out;
}
