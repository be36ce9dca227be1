import fc from 'fast-check';
import type { Execution } from './types.js';

// Strings for the regexes a module runs: strings that match them (matchingStrings, for guards
// search would never pass by chance) and strings that tell their mutants apart.
//
// Weak mutation on regexes. A regex's alternatives, quantifiers, anchors and character classes take
// no branch, so branch coverage keeps one matching and one failing string and a mutated regex goes
// unnoticed. The regexes a call ran are mutated the way mutation testers do (weapon-regex, the
// library StrykerJS uses), and a call "tells a mutant apart" when the mutant matches one of the
// strings the call met differently from the original. Selection keeps calls that tell new mutants
// apart; search is fed strings that do.

type Weapon = typeof import('weapon-regex');
let weapon: Weapon | undefined;

// Mutating a regex and drawing strings from its mutants costs from a millisecond to about a second
// for nested ones (semver's PRERELEASE: 0.9 s + 0.9 s). Each run spends at most a share of its
// budget on it; regexes met after that fall back to strings of new shapes (select.ts).
let allowanceMs = Number.POSITIVE_INFINITY;

/** Load the regex mutator (once; generation works without it, minus what it adds). */
export async function loadRegexMutator(budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
  allowanceMs = Math.min(3000, Math.max(300, budgetMs * 0.05));
  try {
    weapon ??= await import('weapon-regex');
  } catch {
    // Not installed (a trimmed install): regexes are then only matched, never mutated.
  }
}

const MAX_SOURCE = 400;
/** A counted repetition of 64 or more (`{0,256}`). */
const largeCount = (source: string): boolean =>
  [...source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)].some((m) => Number(m[1]) >= 64 || Number(m[2] || 0) >= 64);
const plain = (flags: string) => flags.replace(/[gy]/g, '');
const cache = new Map<string, RegExp[]>();

/** The mutants of one regex (level 1, as StrykerJS mutates), compiled; [] when it cannot be parsed. */
export function regexMutants(source: string, flags: string): RegExp[] {
  const key = `${flags}/${source}`;
  let out = cache.get(key);
  if (out) return out;
  out = [];
  if (!weapon) return out;
  // Past the allowance, or a regex with large counted repetitions (semver's `\d{0,256}`: most of a
  // second for one regex, where ms's 127 characters of alternatives take 40 ms): no mutants.
  if (source.length > MAX_SOURCE || largeCount(source) || allowanceMs <= 0) {
    cache.set(key, out);
    return out;
  }
  const t0 = Date.now();
  try {
    for (const m of weapon.mutate(source, flags, { mutationLevels: [1] })) {
      try {
        out.push(new RegExp(m.pattern, plain(flags)));
      } catch {
        // A mutant JS rejects (an emptied class): nothing to tell apart.
      }
      if (out.length >= 48) break;
    }
  } catch {
    // A pattern weapon-regex cannot parse (newer syntax): no mutants.
  }
  allowanceMs -= Date.now() - t0;
  cache.set(key, out);
  return out;
}

/** What a regex makes of a string: the match and its groups (what code built on it observes). */
const matchOf = (re: RegExp, s: string): string => JSON.stringify(re.exec(s.slice(0, 64)));

// The originals, compiled once per regex (every candidate call is checked against its regexes).
const originals = new Map<string, RegExp | undefined>();
function compiled(r: { source: string; flags: string }): RegExp | undefined {
  const key = `${r.flags}/${r.source}`;
  if (!originals.has(key)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(r.source, plain(r.flags));
    } catch {
      // Not a regex this engine accepts: nothing to compare with.
    }
    originals.set(key, re);
  }
  return originals.get(key);
}

const killsCache = new WeakMap<object, string[]>();

/** The regex mutants (`flags/source#i`) a call tells apart from their originals. */
export function regexKills(exec: Pick<Execution, 'regexes'>): string[] {
  const hit = killsCache.get(exec);
  if (hit) return hit;
  const out: string[] = [];
  for (const r of exec.regexes ?? []) {
    const subjects = r.subjects ?? [];
    const mutants = subjects.length > 0 ? regexMutants(r.source, r.flags) : [];
    const orig = mutants.length > 0 ? compiled(r) : undefined;
    if (!orig) continue;
    const want = subjects.map((s) => matchOf(orig, s));
    mutants.forEach((m, i) => {
      if (subjects.some((s, j) => matchOf(m, s) !== want[j])) out.push(`${r.flags}/${r.source}#${i}`);
    });
  }
  killsCache.set(exec, out);
  return out;
}

/** Whether any regex the call ran has mutants (else selection falls back to string shapes). */
export const hasRegexMutants = (exec: Pick<Execution, 'regexes'>): boolean =>
  (exec.regexes ?? []).some((r) => regexMutants(r.source, r.flags).length > 0);

/** Up to `n` strings matching a regex, shortest first ([] when fast-check cannot draw from it). */
function sampleOf(re: RegExp, n: number, seed: number): string[] {
  try {
    // fast-check refuses flags it cannot honour (i, m, s); the strings still match with them.
    const gen = new RegExp(re.source, re.flags.replace(/[dims]/g, ''));
    return fc
      .sample(fc.stringMatching(gen, { maxLength: 16 }), { numRuns: n, seed })
      .sort((a, b) => a.length - b.length);
  } catch {
    return [];
  }
}

/**
 * Strings that tell a regex's mutants apart from it: drawn from each mutant and from the original,
 * kept when the two make something else of them (`#abcd` for the mutant that drops `{4}`, `fff` for
 * the one that makes the `#` required).
 */
export function distinguishingStrings(regexes: { source: string; flags: string }[], perMutant = 3): string[] {
  const out = new Set<string>();
  for (const r of regexes) for (const s of apartOf(r, perMutant)) out.add(s);
  return [...out];
}

// Per regex, once: fast-check draws slowly from long regexes (semver's take a second).
const apartCache = new Map<string, string[]>();

function apartOf(r: { source: string; flags: string }, perMutant: number): string[] {
  const key = `${r.flags}/${r.source}`;
  const hit = apartCache.get(key);
  if (hit) return hit;
  const out = new Set<string>();
  const orig = compiled(r);
  const mutants = orig ? regexMutants(r.source, r.flags) : [];
  const t0 = Date.now();
  if (orig && mutants.length > 0) {
    const own = sampleOf(orig, 24, 1);
    for (const m of mutants) {
      let kept = 0;
      for (const s of [...sampleOf(m, 8, 1), ...own]) {
        if (kept >= perMutant) break;
        if (s.length <= 40 && matchOf(m, s) !== matchOf(orig, s)) {
          out.add(s);
          kept++;
        }
      }
    }
  }
  allowanceMs -= Date.now() - t0;
  const list = [...out];
  if (weapon) apartCache.set(key, list);
  return list;
}

// Per regex, a pool drawn once, four times the size asked for: search redraws its strings each
// time it learns a regex, and fast-check takes up to ~100 ms to draw from a long one. Each draw
// takes another window of the pool, so the strings still vary from one redraw to the next (a suite
// of camelcase's kept 56% of its mutants with one fixed set, 72% with varying ones).
const samplePools = new Map<string, string[] | undefined>();

function samplesOf(r: { source: string; flags: string }, n: number, seed: number): string[] | undefined {
  const key = `${n}:${r.flags}/${r.source}`;
  let pool = samplePools.get(key);
  if (!samplePools.has(key)) {
    try {
      // Without the flags fast-check refuses (i, m, s): the strings still match with them.
      const re = new RegExp(r.source, r.flags.replace(/[gydims]/g, ''));
      pool = fc.sample(fc.stringMatching(re, { maxLength: 24 }), { numRuns: 4 * n, seed });
    } catch {
      // A regex fast-check cannot generate from (lookbehind, backreferences): no strings from it.
      pool = undefined;
    }
    if (samplePools.size < 256) samplePools.set(key, pool);
  }
  if (!pool) return undefined;
  const start = (Math.abs(seed) * n) % pool.length;
  return [...pool, ...pool].slice(start, start + n);
}

/**
 * A few strings matching each regex the code matched strings against at run time (recorded by the
 * sandbox): a guard like `version.match(re[FULL])`, with the regex built at load time from other
 * files, is out of reach of literals and random strings, but not of strings drawn from the regex.
 */
export function matchingStrings(
  regexes: { source: string; flags: string }[],
  seed: number,
  words: string[] = [],
  perRegex = 24,
): string[] {
  const out = new Set<string>();
  for (const r of regexes) {
    const samples = samplesOf(r, perRegex, seed);
    if (!samples) continue;
    const full = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
    // Small numbers where they still match ('1.0.2' rather than '915.4934.0'): readable, and two
    // of them often share a part (the same major version), which comparisons need.
    let i = seed;
    for (const m of samples) {
      const small = m.replace(/\d+/g, () => String(i++ % 3));
      if (small !== m && full.test(small)) out.add(small);
    }
    for (const m of samples) if (m.length <= 40) out.add(m);
    // The code's literals spliced into matching strings, where the result still matches: a
    // capture group compared with literals (`switch (match[2])`) gets each of them.
    const spliced = new Set<string>();
    for (const w of words.filter((x) => x.length > 0 && x.length <= 16).slice(0, 48)) {
      for (const m of samples.slice(0, 6)) {
        for (let k = 0; k <= m.length; k++) {
          const c = m.slice(0, k) + w;
          if (c.length <= 40 && full.test(c)) {
            spliced.add(c);
            break;
          }
        }
        if (spliced.size >= 64) break;
      }
    }
    for (const c of spliced) out.add(c);
  }
  return [...out].slice(0, 160);
}
