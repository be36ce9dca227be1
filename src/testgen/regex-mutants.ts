import fc from 'fast-check';
import type { Execution } from './types.js';

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

const MAX_SOURCE = 120;
const plain = (flags: string) => flags.replace(/[gy]/g, '');
const cache = new Map<string, RegExp[]>();

/** The mutants of one regex (level 1, as StrykerJS mutates), compiled; [] when it cannot be parsed. */
export function regexMutants(source: string, flags: string): RegExp[] {
  const key = `${flags}/${source}`;
  let out = cache.get(key);
  if (out) return out;
  out = [];
  if (!weapon) return out;
  // Past the allowance, or a long regex (semver's 181-character FULL takes most of a second alone):
  // no mutants.
  if (source.length > MAX_SOURCE || allowanceMs <= 0) {
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

const killsCache = new WeakMap<object, string[]>();

/** The regex mutants (`flags/source#i`) a call tells apart from their originals. */
export function regexKills(exec: Pick<Execution, 'regexes'>): string[] {
  const hit = killsCache.get(exec);
  if (hit) return hit;
  const out: string[] = [];
  for (const r of exec.regexes ?? []) {
    const subjects = r.subjects ?? [];
    if (subjects.length === 0) continue;
    let orig: RegExp;
    try {
      orig = new RegExp(r.source, plain(r.flags));
    } catch {
      continue;
    }
    const want = subjects.map((s) => matchOf(orig, s));
    regexMutants(r.source, r.flags).forEach((m, i) => {
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
  let orig: RegExp | undefined;
  try {
    orig = new RegExp(r.source, plain(r.flags));
  } catch {
    // Not a regex this engine accepts: nothing to draw.
  }
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
