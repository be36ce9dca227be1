// The solver side of test/testgen-builtins.test.ts, run as its own Node process (as `autoglm
// testgen` runs): Z3's wasm build crashed its worker thread now and then inside vitest's workers,
// and a crash there fails the whole test file. For every row named on the command line, a small
// function is explored with the solver alone (no search to cover for a wrong model), each exact
// path is solved (up to four models per path, see checkRow), the real JS runs on
// the solved input, and the path's claim (throws or not, and the returned value as the model
// evaluates it) must agree with what JS does. Prints one JSON line per row: {i, error?, results}.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseFiles } from '../src/testgen/analyse.js';
import { DEFAULT_LIMITS, Explorer } from '../src/testgen/explore.js';
import { inputFromModel } from '../src/testgen/inputs.js';
import { closeSolver, type ModelValue, Z3Session } from '../src/testgen/solve.js';
import type { Term } from '../src/testgen/terms.js';
import * as T from '../src/testgen/terms.js';
import type { FunctionInfo } from '../src/testgen/types.js';

import { ROWS } from './builtins-rows.js';

export { ROWS };

const key = (v: unknown): string =>
  typeof v === 'number' && Object.is(v, -0) ? '0' : v === undefined ? 'undefined' : JSON.stringify(v);
const constOf = (v: ModelValue): Term =>
  typeof v === 'number' ? T.num(v) : typeof v === 'string' ? T.str(v) : T.bool(v);

class Disagree extends Error {}
function agree(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected)
    throw new Disagree(`${what}: JS gives ${String(actual)}, the model ${String(expected)}`);
}

/**
 * One row: the distinct results solved for and checked; throws where model and JS disagree, or when
 * no path carries the inexact note the row expects (`inexact`).
 */
export async function checkRow(
  z3: Z3Session,
  fn: FunctionInfo,
  real: (...a: unknown[]) => unknown,
  sf: import('typescript').SourceFile,
  inexact?: string,
): Promise<string[]> {
  const explored = await new Explorer(sf, z3, { ...DEFAULT_LIMITS, deadline: Date.now() + 30_000 }).explore(
    fn,
  );
  // The builtin is modelled: nothing on the way became opaque. A noted call is reported only after
  // the exact paths are checked: a model that noted a call yet claimed a value for it (`/(a)\1/`
  // as always true) would still mislead the paths through it.
  const unsupported =
    explored.unsupported.length > 0
      ? new Disagree(`unsupported: ${explored.unsupported.join('; ')}`)
      : undefined;
  // A path the model cannot follow exactly says so: one that claimed to be exact would be solved
  // first and its test named after conditions the input may not meet.
  if (!unsupported && inexact !== undefined && !explored.paths.some((p) => p.inexact.includes(inexact)))
    throw new Disagree(`no path is marked inexact with "${inexact}"`);
  const exact = explored.paths.filter((p) => p.inexact.length === 0);
  if (exact.length === 0) throw unsupported ?? new Disagree('no exact path');
  const shapes = { ctor: explored.ctorShapes, args: explored.argShapes };
  const results = new Set<string>();
  for (const p of exact) {
    const vars = new Map(explored.vars);
    const r = p.returns;
    if (r !== undefined && typeof r !== 'string') vars.set('__result', r);
    // Up to four models per path: a symbolic result takes a value not seen yet while there is one;
    // a boolean result then also gets other inputs with a result already seen. One model per value
    // let a wrong predicate pass when Z3's first answer suited both: `endsWith` modelled as
    // `includes` agreed with JS on 'xab'. (Other inputs for string and number results can stall
    // Z3, e.g. on `join`'s number-to-string conversions.)
    const otherInput: Term[] = [];
    const otherResult: Term[] = [];
    for (let k = 0; k < 4; k++) {
      let m = await z3.model([...p.pc, ...otherInput, ...otherResult], vars);
      if (!m && otherInput.length > 0 && otherResult.length > 0) {
        otherResult.length = 0;
        m = await z3.model([...p.pc, ...otherInput], vars);
      }
      if (!m) break;
      const input = inputFromModel(fn, shapes, m);
      const where = `${fn.name}(${input.args.map((a) => key(a)).join(', ')}) on ${p.conds.join(' and ') || 'the only path'}`;
      let got: unknown;
      let threw = false;
      try {
        got = real(...structuredClone(input.args));
      } catch {
        threw = true;
      }
      // A call left to search may throw (`'a'.repeat(-1)`): the model claims nothing about it.
      if (threw && !p.throws && unsupported) break;
      agree(threw, p.throws, `${where}: throws`);
      if (p.throws || r === undefined) break;
      const want = r === 'undefined' ? undefined : r === 'null' ? null : m.get('__result');
      agree(key(got), key(want), `${where}: result`);
      results.add(key(got));
      if (typeof r === 'string') break;
      const model = m;
      const same = [...explored.vars.keys()]
        .filter((name) => model.has(name))
        .map((name) => T.eq(explored.vars.get(name) as Term, constOf(model.get(name) as ModelValue)));
      if (typeof model.get('__result') === 'boolean' && same.length > 0)
        otherInput.push(T.not(T.and(...same)));
      otherResult.push(T.not(T.eq(r, constOf(m.get('__result') as ModelValue))));
    }
  }
  z3.reset();
  if (unsupported) throw unsupported;
  return [...results];
}

/** Every row's function written to one temp file, analysed, and imported to run the real JS. */
export async function prepareRows(): Promise<{
  fnOf: (i: number) => FunctionInfo;
  realOf: (i: number) => (...a: unknown[]) => unknown;
  inexactOf: (i: number) => string | undefined;
  sourceFile: import('typescript').SourceFile;
}> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'autoglm-builtins-')), 'builtins.ts');
  writeFileSync(file, ROWS.map(([, src], i) => `export const f${i} = ${src};\n`).join(''));
  const info = analyseFiles([file]).infos[0];
  if (!info) throw new Error('no analysis');
  const mod = (await import(file)) as Record<string, (...a: unknown[]) => unknown>;
  rmSync(path.dirname(file), { recursive: true, force: true });
  return {
    fnOf: (i) => info.functions.find((f) => f.name === `f${i}`) as FunctionInfo,
    realOf: (i) => mod[`f${i}`] as (...a: unknown[]) => unknown,
    inexactOf: (i) => ROWS[i]?.[2],
    sourceFile: info.sourceFile,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('builtins-check.ts')) {
  const wanted = process.argv.slice(2).map(Number);
  const rows = await prepareRows();
  const z3 = await Z3Session.open(5000);
  for (const i of wanted) {
    let line: { i: number; results?: string[]; error?: string; internal?: boolean };
    try {
      line = {
        i,
        results: await checkRow(z3, rows.fnOf(i), rows.realOf(i), rows.sourceFile, rows.inexactOf(i)),
      };
    } catch (e) {
      line =
        e instanceof Disagree
          ? { i, error: e.message }
          : { i, error: String((e as Error).stack ?? e), internal: true };
    }
    if (!z3.usable || line.internal) {
      // The solver stalled or crashed, or the harness threw (not a disagreement): the row is about
      // the model, so the parent runs it again in a new process, from this row on. (A local run once
      // failed its last 41 rows within seconds, as a session left broken would.)
      console.log(JSON.stringify({ i, stalled: true, error: line.error }));
      break;
    }
    console.log(JSON.stringify(line));
  }
  await closeSolver();
}
