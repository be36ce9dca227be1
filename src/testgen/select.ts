import { display, encodedKey, inputLiteral } from './literal.js';
import { hasRegexMutants, regexKills } from './regex-mutants.js';
import type { Term } from './terms.js';
import * as T from './terms.js';
import type { CallInput, Execution, Outcome } from './types.js';

// Which candidate inputs become tests: set cover, oracle tests, paths worth solving, keys.

export interface Candidate {
  input: CallInput;
  origin: 'solver' | 'search';
  conds: string[];
  exact: boolean;
  exec: Execution;
}

export type Ok = Extract<Outcome, { kind: 'return' | 'throw' }>;
export const isOk = (o: Outcome): o is Ok => o.kind === 'return' || o.kind === 'throw';

/** `a !== b` for each numeric comparison of the path over plain number inputs. */
export function interiorOf(pc: Term[]): Term[] {
  const plain = (t: Term): boolean =>
    t.k === 'num' ||
    (t.k === 'var' && t.sort === 'num' && !t.name.includes('#') && !t.name.endsWith('.length')) ||
    (t.k === 'op' && ['add', 'sub', 'neg', 'mul'].includes(t.op) && t.args.every(plain));
  const out: Term[] = [];
  const visit = (t: Term) => {
    if (t.k !== 'op') return;
    if (t.op === 'not' || t.op === 'and') t.args.forEach(visit);
    else if (
      (t.op === 'lt' || t.op === 'le') &&
      t.args.every(plain) &&
      t.args.some((a) => a.k === 'var' || a.k === 'op')
    )
      out.push(T.not(T.eq(t.args[0] as Term, t.args[1] as Term)));
  };
  pc.forEach(visit);
  return out.slice(0, 8);
}

function armKey(c: Candidate, arms: Set<number>): string {
  return [...new Set(c.exec.arms.filter((a) => arms.has(a)))].sort((a, b) => a - b).join(',');
}

/** An error's kind: its class and message, with the string arguments it quotes and numbers blanked. */
export function errorKey(c: Pick<Candidate, 'input' | 'exec'>): string | undefined {
  const o = c.exec.outcome;
  if (o.kind !== 'throw') return undefined;
  let msg = o.message;
  const strings = [...(c.input.ctorArgs ?? []), ...c.input.args].filter(
    (a): a is string => typeof a === 'string' && a.length > 0,
  );
  // Whole occurrences only: blanking the input `a` must not turn `Invalid` into `Inv<arg>lid`.
  for (const a of strings.sort((x, y) => y.length - x.length)) {
    const lead = /^\w/.test(a) ? '(?<!\\w)' : '';
    const trail = /\w$/.test(a) ? '(?!\\w)' : '';
    msg = msg.replace(new RegExp(lead + a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + trail, 'g'), '<arg>');
  }
  return `${o.name}:${msg.replace(/\d+/g, '#')}`;
}

/** Greedy set cover: the fewest candidates that keep every arm (and the function's entry) covered. */
export function minimise(cands: Candidate[], fnArms: Set<number>): Candidate[] {
  const pool = cands.filter((c) => isOk(c.exec.outcome));
  const covers = pool.map((c) => new Set(c.exec.arms.filter((a) => fnArms.has(a))));
  const uncovered = new Set<number>();
  for (const s of covers) for (const a of s) uncovered.add(a);
  const chosen: number[] = [];
  if (pool.length === 0) return [];
  while (uncovered.size > 0) {
    let best = -1;
    let bestGain = 0;
    pool.forEach((c, i) => {
      if (chosen.includes(i)) return;
      let gain = 0;
      for (const a of covers[i] as Set<number>) if (uncovered.has(a)) gain++;
      const better =
        gain > bestGain ||
        (gain === bestGain && gain > 0 && best >= 0 && rank(c) < rank(pool[best] as Candidate));
      if (better) {
        best = i;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    for (const a of covers[best] as Set<number>) uncovered.delete(a);
  }
  if (chosen.length === 0) {
    // No branches: one test still pins the function's behaviour.
    const first = pool.map((c, i) => [rank(c), i] as const).sort((a, b) => a[0] - b[0])[0];
    if (first) chosen.push(first[1]);
  }
  return chosen.sort((a, b) => a - b).map((i) => pool[i] as Candidate);
}

/**
 * The covering set plus tests for oracle strength: one per distinct error, up to three per
 * distinct result, up to four more paths (arm combinations). Mutants hide where one test per arm
 * does not look.
 */
export function withOracleTests(cands: Candidate[], selected: Candidate[], fnArms: Set<number>): Candidate[] {
  const pool = cands.filter((c) => isOk(c.exec.outcome));
  const chosen = selected.map((c) => pool.indexOf(c)).filter((i) => i >= 0);
  // Each distinct error the function throws (often from a helper in another file, whose branches
  // are not counted here) keeps one test: an oracle for that behaviour.
  const errors = new Set(chosen.map((i) => errorKey(pool[i] as Candidate)).filter(Boolean));
  pool
    .map((c, i) => [rank(c), i] as const)
    .sort((a, b) => a[0] - b[0])
    .forEach(([, i]) => {
      const k = errorKey(pool[i] as Candidate);
      if (k && !errors.has(k) && errors.size < 6) {
        errors.add(k);
        chosen.push(i);
      }
    });
  // And each distinct result up to a few more: an interior input beside a boundary one.
  // (An error counts by its kind, the message with the input blanked, as above.)
  const results = new Set(chosen.map((i) => resultKey(pool[i] as Candidate)));
  let extra = 0;
  pool
    .map((c, i) => [rank(c), i] as const)
    .sort((a, b) => a[0] - b[0])
    .forEach(([, i]) => {
      const k = resultKey(pool[i] as Candidate);
      if (!results.has(k) && extra < 3) {
        results.add(k);
        chosen.push(i);
        extra++;
      }
    });
  // And a few more paths (arm combinations no chosen test takes): mutants hide in combinations.
  const paths = new Set(chosen.map((i) => armKey(pool[i] as Candidate, fnArms)));
  let more = 0;
  pool.forEach((c, i) => {
    const k = armKey(c, fnArms);
    if (!paths.has(k) && more < 4 && c.origin === 'solver' && !chosen.includes(i)) {
      paths.add(k);
      chosen.push(i);
      more++;
    }
  });
  // And calls that tell regex mutants apart (regex-mutants.ts): a regex's alternatives,
  // quantifiers and anchors take no branch, so only strings of other shapes catch a changed one
  // (`#fff` beside `ffffff`, `#ff`, `x#fff`). Greedy, the most new mutants first, up to eight.
  const killed = new Set(chosen.flatMap((i) => regexKills((pool[i] as Candidate).exec)));
  for (let added = 0; added < 8; added++) {
    let best = -1;
    let gain = 0;
    pool.forEach((c, i) => {
      if (chosen.includes(i)) return;
      const g = regexKills(c.exec).filter((k) => !killed.has(k)).length;
      if (g > gain || (g === gain && g > 0 && rank(c) < rank(pool[best] as Candidate))) {
        best = i;
        gain = g;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    for (const k of regexKills((pool[best] as Candidate).exec)) killed.add(k);
  }
  // Where no regex could be mutated, strings of new shapes (length, character classes, first and
  // last character's class), for calls that ran a regex and returned (not one test per rejected string).
  const shapes = new Set(chosen.map((i) => shapeKey(pool[i] as Candidate)));
  let shaped = 0;
  pool
    .map((c, i) => [rank(c), i] as const)
    .sort((a, b) => a[0] - b[0])
    .forEach(([, i]) => {
      const c = pool[i] as Candidate;
      if (shaped >= 6 || chosen.includes(i) || c.exec.outcome.kind !== 'return') return;
      if (!hasString(c) || !c.exec.regexes?.length || hasRegexMutants(c.exec)) return;
      const k = shapeKey(c);
      if (shapes.has(k)) return;
      shapes.add(k);
      chosen.push(i);
      shaped++;
    });
  return chosen.sort((a, b) => a - b).map((i) => pool[i] as Candidate);
}

export const hasString = (c: Pick<Candidate, 'input'>): boolean =>
  [...(c.input.ctorArgs ?? []), ...c.input.args].some((a) => typeof a === 'string' && a.length > 0);

const charClass = (ch: string): string =>
  /[0-9]/.test(ch) ? 'd' : /[a-z]/.test(ch) ? 'l' : /[A-Z]/.test(ch) ? 'u' : /\s/.test(ch) ? 's' : ch;

/** The result and the shape of each string argument (see withOracleTests). */
/** A result as the oracle selection counts it: an error by its kind (see errorKey), else exactly. */
export const resultKey = (c: Candidate): string => errorKey(c) ?? outcomeKey(c.exec.outcome);

export function shapeKey(c: Candidate): string {
  const shape = (a: unknown): string => {
    if (typeof a !== 'string') return '-';
    if (a.length === 0) return '0';
    const classes = [...new Set([...a].map(charClass))].sort().join('');
    return `${a.length}:${classes}:${charClass(a[0] as string)}${charClass(a[a.length - 1] as string)}`;
  };
  return `${resultKey(c)}|${[...(c.input.ctorArgs ?? []), ...c.input.args].map(shape).join(',')}`;
}

/**
 * The paths to solve, in order: greedily those that take branch sides no earlier path took, so a
 * function with many paths costs a solve per new branch side, not per path. Inexact paths follow
 * (their constraint may not lead where it says).
 */
export function pathsWorthSolving<P extends { decisions: string[]; inexact: string[] }>(paths: P[]): P[] {
  const seen = new Set<string>();
  const out: P[] = [];
  const pool = paths.filter((p) => p.inexact.length === 0);
  for (;;) {
    let best: P | undefined;
    let gain = 0;
    for (const p of pool) {
      if (out.includes(p)) continue;
      const g = new Set(p.decisions.filter((d) => !seen.has(d))).size;
      if (g > gain) {
        best = p;
        gain = g;
      }
    }
    if (!best) break;
    out.push(best);
    for (const d of best.decisions) seen.add(d);
  }
  if (out.length === 0 && pool[0]) out.push(pool[0]);
  return [...paths.filter((p) => out.includes(p)), ...paths.filter((p) => p.inexact.length > 0).slice(0, 8)];
}

/** Prefer solver paths with exact conditions, then short inputs. */
function rank(c: Candidate): number {
  const size =
    c.input.args.map(inputLiteral).join(',').length +
    (c.input.ctorArgs ?? []).map(inputLiteral).join(',').length +
    (c.input.before ?? []).reduce((n, b) => n + 8 + b.args.map(inputLiteral).join(',').length, 0);
  return (c.origin === 'solver' && c.exact ? 0 : 10_000) + size;
}

export function inputKey(input: CallInput): string {
  return JSON.stringify([input.ctorArgs ?? null, input.args, input.before ?? null], (_, v) =>
    v === undefined
      ? '__undef__'
      : typeof v === 'number' && !Number.isFinite(v)
        ? String(v)
        : Object.is(v, -0)
          ? '-0'
          : v,
  );
}

export function outcomeKey(o: Outcome): string {
  if (o.kind === 'return') return `r:${o.async}:${encodedKey(o.value)}`;
  if (o.kind === 'throw') return `t:${o.async}:${o.name}:${o.message}`;
  return o.kind;
}

export function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case 'return':
      return display(o.value, 60);
    case 'throw':
      return `throws ${o.name}${o.message ? ` ${JSON.stringify(o.message)}` : ''}`;
    case 'timeout':
      return 'no result (time limit)';
    case 'blocked':
      return `blocked (${o.what})`;
    case 'crash':
      return `crash (${o.message})`;
  }
}

export function skipReason(execs: Execution[], timeoutMs: number): string {
  const blocked = execs.find((e) => e.outcome.kind === 'blocked');
  if (blocked && blocked.outcome.kind === 'blocked') {
    return `uses ${blocked.outcome.what}, which is blocked while generating tests (file system, network and processes)`;
  }
  if (execs.length > 0 && execs.every((e) => e.outcome.kind === 'timeout'))
    return `never returned within the ${timeoutMs} ms time limit`;
  const crash = execs.find((e) => e.outcome.kind === 'crash');
  if (crash && crash.outcome.kind === 'crash') return crash.outcome.message;
  return 'no input ran to completion';
}
