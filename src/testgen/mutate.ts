import type { Dictionary } from './inputs.js';
import type { CallInput, InputValue } from './types.js';

/** A small seeded generator (LCG), so the behaviour diff's mutants are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;

function mutateString(s: string, dict: Dictionary, r: () => number): string {
  const pieces = [...dict.strings.filter((w) => w.length > 0 && w.length <= 8), 'a', '.', '@', '-', ' ', '1'];
  const at = Math.floor(r() * (s.length + 1));
  switch (Math.floor(r() * 5)) {
    case 0:
      return s.slice(0, at) + pick(pieces, r) + s.slice(at);
    case 1:
      return s + pick(pieces, r);
    case 2:
      return s.length > 0 ? s.slice(0, at) + s.slice(at + 1) : pick(pieces, r);
    case 3:
      return s.length > 0 ? s.slice(0, at) + pick(pieces, r).slice(0, 1) + s.slice(at + 1) : s;
    default:
      return pick(pieces, r) + s;
  }
}

function mutateValue(v: InputValue, dict: Dictionary, r: () => number): InputValue {
  if (typeof v === 'string') return mutateString(v, dict, r);
  if (typeof v === 'number')
    return pick(
      [v + 1, v - 1, -v, v * 2, Math.trunc(v / 2), pick(dict.numbers.length ? dict.numbers : [0], r)],
      r,
    );
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) {
    if (v.length === 0 || r() < 0.2) return [...v, v[0] ?? 0];
    const i = Math.floor(r() * v.length);
    return v.map((x, j) => (j === i ? mutateValue(x, dict, r) : x));
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return v;
    const k = pick(keys, r);
    return { ...v, [k]: mutateValue(v[k] as InputValue, dict, r) };
  }
  return v;
}

/**
 * Neighbours of an input: one argument changed a little (a character inserted, removed or replaced
 * with a literal of the code, a number moved by one, an element changed). Inputs that reach a
 * changed line are mutated into more that do, since a change often shows on only some of them.
 */
export function mutants(input: CallInput, dict: Dictionary, r: () => number, n: number): CallInput[] {
  const out: CallInput[] = [];
  if (input.args.length === 0) return out;
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * input.args.length);
    let v = input.args[i] as InputValue;
    // Sometimes two steps, for changes that need two edits (a second `@` and a `.` after it).
    for (let step = r() < 0.4 ? 2 : 1; step > 0; step--) v = mutateValue(v, dict, r);
    out.push({ ...input, args: input.args.map((a, j) => (j === i ? v : a)) });
  }
  return out;
}
