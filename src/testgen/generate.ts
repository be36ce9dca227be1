import './node-globals.js';
import path from 'node:path';
import ts from 'typescript';
import { analyseFiles, unsupportedReason } from './analyse.js';
import {
  type EmitFunction,
  type Framework,
  type GeneratedTest,
  renderTestFile,
  testFilePath,
  testName,
  uniqueNames,
} from './emit.js';
import { DEFAULT_LIMITS, type ExploreLimits, Explorer } from './explore.js';
import {
  callArbitrary,
  dictionaryOf,
  inputFromModel,
  randomCallArbitrary,
  sampleInputs,
  withSequences,
} from './inputs.js';
import { type Arm, type PreparedModule, prepareModule, type SourceReader } from './instrument.js';
import { display, displayInput, encodedKey, inputLiteral } from './literal.js';
import { type RunnableTestFile, runEmittedTests } from './runtests.js';
import { NOT_RUN, Sandbox, sandboxCall } from './sandbox.js';
import type { Z3Session } from './solve.js';
import type { Term } from './terms.js';
import * as T from './terms.js';
import type { CallInput, Execution, FunctionInfo, Outcome, SourceFileInfo } from './types.js';

export interface GenerateOptions {
  /** Project root: test paths and report paths are relative to it. */
  root: string;
  /** Absolute source files. */
  files: string[];
  /** Absolute output folder for the test files. */
  out: string;
  framework: Framework;
  /** Wall-clock budget for analysis, solving and search, over all functions. */
  budgetMs: number;
  /** Time limit of one call in the sandbox. */
  callTimeoutMs: number;
  /** Run the emitted tests for real and measure their coverage (else: coverage of the sandbox runs). */
  runTests: boolean;
  useSolver: boolean;
  useSearch: boolean;
  /** Only these functions (changed-only runs); all when absent. */
  select?: (file: string, fn: FunctionInfo) => boolean;
  /** Behaviour diff against a base version of the sources. */
  base?: { ref: string; read: SourceReader; isChanged: (file: string, fn: FunctionInfo) => boolean };
  limits?: Partial<ExploreLimits>;
  /** Opens the solver (src/testgen/solve.ts, loaded lazily by the caller). */
  openSolver?: () => Promise<Z3Session>;
  log?: (message: string) => void;
  /** Seed of the search's random choices. */
  seed?: number;
  /** `random`: unguided mixed-type inputs (the benchmark's random baseline); default `guided`. */
  searchMode?: 'guided' | 'random';
}

export interface FunctionReport {
  file: string;
  name: string;
  line: number;
  status: 'tested' | 'partial' | 'skipped';
  reason?: string;
  /** Constructs the symbolic explorer could not model (why a function is partly analysed). */
  notes: string[];
  tests: number;
  bySolver: number;
  bySearch: number;
  pathsExplored: number;
  /** Candidates dropped because reruns disagreed (clock, randomness, hidden state). */
  flaky: number;
  branches: { covered: number; total: number };
  /** Branch coverage measured by a real run of the emitted tests (else from the sandbox runs). */
  measured: boolean;
}

export interface FileReport {
  file: string;
  testFile?: string;
  skipped?: string;
  diagnostics: string[];
  /**
   * Coverage of the whole module (its helpers too) as istanbul counts it when the emitted tests run;
   * the function-level figures are in the function reports.
   */
  module?: { branches: { covered: number; total: number }; statements: { covered: number; total: number } };
}

export interface BehaviourChange {
  file: string;
  function: string;
  call: string;
  base: string;
  head: string;
}

export interface GenerateResult {
  files: FileReport[];
  functions: FunctionReport[];
  /** Test file path -> content (written by the caller). */
  outputs: Map<string, string>;
  junitXml?: string;
  behaviourChanges: BehaviourChange[];
  /** Changed functions the base version does not have. */
  newFunctions: { file: string; function: string }[];
  stats: {
    solverChecks: number;
    solverMs: number;
    executions: number;
    timeouts: number;
    durationMs: number;
    testRunError?: string;
  };
}

interface Candidate {
  input: CallInput;
  origin: 'solver' | 'search';
  conds: string[];
  exact: boolean;
  exec: Execution;
}

/** The least time a function gets, even when earlier functions used up the budget. */
const MIN_SLICE_MS = 1500;
/** How many even shares of the remaining budget one function may use. */
const SHARE_FACTOR = 2.5;

type Ok = Extract<Outcome, { kind: 'return' | 'throw' }>;
const isOk = (o: Outcome): o is Ok => o.kind === 'return' || o.kind === 'throw';

/** Arms of each target function: a branch belongs to the innermost target function around it. */
export function armsByFunction(
  sf: ts.SourceFile,
  fns: FunctionInfo[],
  arms: Arm[],
  prepared: PreparedModule,
): Map<FunctionInfo, number[]> {
  const ranges = fns.map((fn) => {
    const s = sf.getLineAndCharacterOfPosition(fn.node.getStart(sf));
    const e = sf.getLineAndCharacterOfPosition(fn.node.getEnd());
    return { fn, start: [s.line + 1, s.character] as const, end: [e.line + 1, e.character] as const };
  });
  const le = (a: readonly [number, number], b: readonly [number, number]) =>
    a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  const out = new Map<FunctionInfo, number[]>(fns.map((f) => [f, []]));
  arms.forEach((arm, i) => {
    const loc = prepared.coverage.branchMap[arm.branch]?.loc.start;
    if (!loc) return;
    const at = [loc.line, loc.column] as const;
    let best: (typeof ranges)[number] | undefined;
    for (const r of ranges) {
      if (le(r.start, at) && le(at, r.end) && (!best || le(best.start, r.start))) best = r;
    }
    if (best) out.get(best.fn)?.push(i);
  });
  return out;
}

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

function errorKey(c: Candidate): string | undefined {
  const o = c.exec.outcome;
  return o.kind === 'throw' ? `${o.name}:${o.message.replace(/\d+/g, '#')}` : undefined;
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
  const results = new Set(chosen.map((i) => outcomeKey((pool[i] as Candidate).exec.outcome)));
  let extra = 0;
  pool
    .map((c, i) => [rank(c), i] as const)
    .sort((a, b) => a[0] - b[0])
    .forEach(([, i]) => {
      const k = outcomeKey((pool[i] as Candidate).exec.outcome);
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
  return chosen.sort((a, b) => a - b).map((i) => pool[i] as Candidate);
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

function inputKey(input: CallInput): string {
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

function outcomeKey(o: Outcome): string {
  if (o.kind === 'return') return `r:${o.async}:${encodedKey(o.value)}`;
  if (o.kind === 'throw') return `t:${o.async}:${o.name}:${o.message}`;
  return o.kind;
}

function outcomeText(o: Outcome): string {
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

function skipReason(execs: Execution[], timeoutMs: number): string {
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

/** The testgen pipeline over a set of files: analyse, explore and solve, search, verify, emit, measure. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const log = options.log ?? (() => {});
  const rel = (f: string) => path.relative(options.root, f).split(path.sep).join('/');
  const result: GenerateResult = {
    files: [],
    functions: [],
    outputs: new Map(),
    behaviourChanges: [],
    newFunctions: [],
    stats: { solverChecks: 0, solverMs: 0, executions: 0, timeouts: 0, durationMs: 0 },
  };
  const { infos } = analyseFiles(options.files);
  const sandbox = new Sandbox(options.callTimeoutMs);
  let solver: Z3Session | undefined;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const runnable: {
    file: RunnableTestFile;
    info: SourceFileInfo;
    emits: EmitFunction[];
    reports: FunctionReport[];
    armsOf: Map<FunctionInfo, number[]>;
  }[] = [];
  let seed = options.seed ?? 1;
  try {
    const work = infos.map((info) => ({
      info,
      fns: info.functions.filter((fn) => !options.select || options.select(info.file, fn)),
    }));
    let remainingFns = work.reduce((n, w) => n + w.fns.length, 0);
    for (const { info, fns } of work) {
      const fileReport: FileReport = { file: rel(info.file), diagnostics: info.diagnostics };
      result.files.push(fileReport);
      if (info.diagnostics.length > 0) {
        fileReport.skipped = `syntax error: ${info.diagnostics[0]}`;
        log(`skip ${fileReport.file}: ${fileReport.skipped}`);
        remainingFns -= fns.length;
        continue;
      }
      if (fns.length === 0) {
        fileReport.skipped = info.functions.length === 0 ? 'no exported functions' : 'no changed functions';
        continue;
      }
      let prepared: PreparedModule;
      try {
        prepared = prepareModule(info.file, info.language, info.moduleKind);
      } catch (e) {
        fileReport.skipped = `cannot instrument: ${(e as Error).message.split('\n')[0]}`;
        remainingFns -= fns.length;
        continue;
      }
      const armsOf = armsByFunction(info.sourceFile, info.functions, prepared.arms, prepared);
      const owned = new Set([...armsOf.values()].flat());
      const helperArms = prepared.arms.map((_, i) => i).filter((i) => !owned.has(i));
      const emits: EmitFunction[] = [];
      const reports: FunctionReport[] = [];
      for (const fn of fns) {
        const now = Date.now();
        // An even share of what is left; every function gets a minimum, even past the budget.
        // Most functions need a fraction of their share, so one may take up to SHARE_FACTOR shares.
        const share = (deadline - now) / Math.max(1, remainingFns);
        const slice = Math.max(MIN_SLICE_MS, Math.min(deadline - now, share * SHARE_FACTOR));
        remainingFns--;
        const fnDeadline = now + slice;
        const fnArms = new Set(armsOf.get(fn) ?? []);
        // Search and selection aim at the function's arms and at those of the module's helpers
        // (code in no exported function), which only calls through the exports can reach.
        const goal = new Set([...fnArms, ...helperArms]);
        const report: FunctionReport = {
          file: rel(info.file),
          name: fn.name,
          line: fn.line,
          status: 'tested',
          notes: [],
          tests: 0,
          bySolver: 0,
          bySearch: 0,
          pathsExplored: 0,
          flaky: 0,
          branches: { covered: 0, total: fnArms.size },
          measured: false,
        };
        reports.push(report);
        const unsupported = unsupportedReason(fn);
        if (unsupported) {
          report.status = 'skipped';
          report.reason = unsupported;
          emits.push({ fn, tests: [] });
          continue;
        }
        const cands: Candidate[] = [];
        let rounds = 0;
        let lastGain = 0;
        const dbg = process.env.AUTOGLM_DEBUG ? (m: string) => log(`debug ${fn.name}: ${m}`) : () => {};
        const seen = new Set<string>();
        const covered = new Set<number>();
        const addCands = async (
          inputs: { input: CallInput; origin: Candidate['origin']; conds: string[]; exact: boolean }[],
          fresh: boolean,
          keepAll: boolean,
        ) => {
          const fresh2 = inputs.filter((x) => {
            const k = inputKey(x.input);
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
          const execs = await sandbox.run(
            prepared,
            fresh2.map((x) => sandboxCall(fn, x.input)),
            { fresh, perturb: 0, maxTimeouts: keepAll ? undefined : 2 },
          );
          fresh2.forEach((x, i) => {
            const exec = execs[i] as Execution;
            if (exec.outcome.kind === 'crash' && exec.outcome.message === NOT_RUN) return;
            const gain = exec.arms.some((a) => goal.has(a) && !covered.has(a));
            const firstOk = isOk(exec.outcome) && !cands.some((c) => isOk(c.exec.outcome));
            const o = exec.outcome;
            const newError =
              o.kind === 'throw' &&
              !cands.some((c) => c.exec.outcome.kind === 'throw' && errorKey(c) === errorKey({ ...x, exec }));
            if (keepAll || gain || firstOk || newError || !isOk(exec.outcome)) cands.push({ ...x, exec });
            if (isOk(exec.outcome))
              for (const a of exec.arms)
                if (goal.has(a) && !covered.has(a)) {
                  covered.add(a);
                  lastGain = rounds;
                }
          });
        };
        // 1. Symbolic paths, solved by Z3.
        if (options.useSolver && options.openSolver) {
          try {
            solver ??= await options.openSolver();
            const explorer = new Explorer(info.sourceFile, solver, {
              ...limits,
              deadline: now + slice * 0.5,
            });
            const explored = await explorer.explore(fn);
            report.pathsExplored = explored.paths.length;
            report.notes = explored.unsupported.slice(0, 10);
            if (explored.truncated)
              report.notes.push('exploration stopped at its limit (paths, solver checks or time)');
            const inputs: { input: CallInput; origin: 'solver'; conds: string[]; exact: boolean }[] = [];
            // A quarter of the slice stays for search (what the solver cannot reach, or too slowly).
            const solveUntil = now + slice * 0.75;
            for (const p of pathsWorthSolving(explored.paths)) {
              if (Date.now() > solveUntil) break;
              const model = await solver.model(p.pc, explored.vars);
              if (!model) continue;
              inputs.push({
                input: inputFromModel(fn, { ctor: explored.ctorShapes, args: explored.argShapes }, model),
                origin: 'solver',
                conds: p.conds,
                exact: p.inexact.length === 0,
              });
              // The same path off its boundaries (`a < b` with a !== b): minimal models sit on them,
              // where many mutants give the same result; an interior input tells them apart.
              const interior = interiorOf(p.pc);
              if (interior.length > 0 && inputs.length < 24 && Date.now() < now + slice * 0.5) {
                const m2 = await solver.model([...p.pc, ...interior], explored.vars);
                if (m2)
                  inputs.push({
                    input: inputFromModel(fn, { ctor: explored.ctorShapes, args: explored.argShapes }, m2),
                    origin: 'solver',
                    conds: p.conds,
                    exact: p.inexact.length === 0,
                  });
              }
            }
            solver.reset();
            dbg(`${explored.paths.length} paths, ${inputs.length} solved, ${Date.now() - now} ms`);
            await addCands(inputs, true, true);
            dbg(`executed: ${cands.map((c) => c.exec.outcome.kind).join(',')} at ${Date.now() - now} ms`);
          } catch (e) {
            solver?.reset();
            report.notes.push(`symbolic exploration failed: ${(e as Error).message.split('\n')[0]}`);
          }
        }
        // 2. Coverage-guided search for what the solver left uncovered.
        const dict = dictionaryOf(fn.node);
        const arb =
          options.searchMode === 'random'
            ? randomCallArbitrary(fn)
            : withSequences(fn, info.functions, callArbitrary(fn, dict), dict);
        const ownCovered = () => [...fnArms].every((a) => covered.has(a));
        // Helper arms may be out of this function's reach: stop once its own are covered and
        // search has stalled.
        const needsSearch = () =>
          !cands.some((c) => isOk(c.exec.outcome)) ||
          !ownCovered() ||
          (covered.size < goal.size && rounds - lastGain < 25);
        while (options.useSearch && needsSearch() && Date.now() < fnDeadline && rounds < 400) {
          rounds++;
          // A function that keeps running into the time limit gets small batches, then no more.
          const timeouts = cands.filter((c) => c.exec.outcome.kind === 'timeout').length;
          const anyOk = cands.some((c) => isOk(c.exec.outcome));
          if (timeouts >= 2 && !anyOk) break;
          const batch = sampleInputs(arb, timeouts > 0 ? 4 : 32, seed++).map((input) => ({
            input,
            origin: 'search' as const,
            conds: [],
            exact: false,
          }));
          await addCands(batch, false, false);
          if (cands.length > 0 && cands.every((c) => c.exec.outcome.kind === 'blocked')) break;
        }
        // 3. Minimise and verify with reruns (another clock and random sequence each time).
        let pool = cands.slice();
        let selected: Candidate[] = [];
        for (let round = 0; round < 3; round++) {
          selected = withOracleTests(pool, minimise(pool, goal), goal);
          if (selected.length === 0) break;
          const calls = selected.map((c) => sandboxCall(fn, c.input));
          const reruns: Execution[][] = [];
          for (const perturb of [1, 2, 3])
            reruns.push(await sandbox.run(prepared, calls, { fresh: true, perturb }));
          const flaky = selected.filter((c, i) =>
            reruns.some((r) => outcomeKey((r[i] as Execution).outcome) !== outcomeKey(c.exec.outcome)),
          );
          if (flaky.length === 0) break;
          report.flaky += flaky.length;
          pool = pool.filter((c) => !flaky.includes(c));
          selected = [];
        }
        const tests: GeneratedTest[] = selected.map((c) => {
          const outcome = c.exec.outcome as Ok;
          const conds = c.origin === 'solver' && c.exact ? c.conds : [];
          return {
            input: c.input,
            outcome,
            origin: c.origin,
            conds,
            name: testName(fn, c.input, outcome, conds),
          };
        });
        uniqueNames(tests);
        emits.push({ fn, tests });
        report.tests = tests.length;
        report.bySolver = tests.filter((t) => t.origin === 'solver').length;
        report.bySearch = tests.length - report.bySolver;
        const testArms = new Set(selected.flatMap((c) => c.exec.arms.filter((a) => fnArms.has(a))));
        report.branches.covered = testArms.size;
        if (tests.length === 0) {
          report.status = 'skipped';
          report.reason = skipReason(
            cands.map((c) => c.exec),
            options.callTimeoutMs,
          );
        } else if (report.notes.length > 0) report.status = 'partial';
        log(
          `${report.file} ${fn.name} (${((Date.now() - now) / 1000).toFixed(1)} s): ${tests.length} test${tests.length === 1 ? '' : 's'}, branches ${report.branches.covered}/${report.branches.total}${report.status === 'skipped' ? ` (skipped: ${report.reason})` : ''}`,
        );
        // Behaviour diff: the same inputs against the base version.
        if (options.base?.isChanged(info.file, fn)) {
          const diff = await behaviourDiff(options, sandbox, prepared, info, fn, cands, rel);
          if (diff === 'new') result.newFunctions.push({ file: rel(info.file), function: fn.name });
          else result.behaviourChanges.push(...diff);
        }
      }
      const testFile = testFilePath(info.file, options.root, options.out);
      if (emits.some((e) => e.tests.length > 0)) fileReport.testFile = rel(testFile);
      runnable.push({ file: { testFile, source: info.file, prepared }, info, emits, reports, armsOf });
      result.functions.push(...reports);
    }
  } finally {
    result.stats.executions = sandbox.executed;
    result.stats.timeouts = sandbox.timeouts;
    await sandbox.close();
    if (solver) {
      result.stats.solverChecks = solver.stats.checks;
      result.stats.solverMs = Math.round(solver.stats.ms);
    }
  }
  // 4. Emit, and run the emitted tests for real: failing tests are dropped and the file re-emitted.
  const render = (r: (typeof runnable)[number]) =>
    renderTestFile(r.info, r.file.testFile, r.emits, options.framework);
  const withTests = runnable.filter((r) => r.emits.some((e) => e.tests.length > 0));
  if (options.runTests && withTests.length > 0) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await runEmittedTests(
        withTests.map((r) => ({ file: r.file, content: render(r) })),
        options.root,
        Math.max(30_000, options.callTimeoutMs * 50),
      );
      result.junitXml = run.junitXml;
      if (run.error) result.stats.testRunError = run.error;
      let dropped = 0;
      for (const r of withTests) {
        const failed = run.failures.get(r.file.testFile) ?? new Set();
        for (const e of r.emits) {
          const keep = e.tests.filter(
            (t) => !failed.has(` > ${e.fn.name} > ${t.name}`) && !failed.has(`${e.fn.name} > ${t.name}`),
          );
          dropped += e.tests.length - keep.length;
          e.tests = keep;
        }
        const hits = run.branchHits.get(r.file.prepared.file) ?? {};
        const fileReport = result.files.find((f) => f.file === rel(r.info.file));
        if (fileReport)
          fileReport.module = moduleCoverage(
            r.file.prepared,
            hits,
            run.statementHits.get(r.file.prepared.file) ?? {},
          );
        for (const rep of r.reports) {
          const e = r.emits.find((x) => x.fn.name === rep.name && x.fn.line === rep.line);
          if (!e) continue;
          const armIdx = r.armsOf.get(e.fn) ?? [];
          rep.branches.covered = armIdx.filter((i) => {
            const arm = r.file.prepared.arms[i] as Arm;
            return (hits[arm.branch]?.[arm.arm] ?? 0) > 0;
          }).length;
          rep.measured = true;
          if (rep.tests > 0 && e.tests.length === 0) {
            rep.status = 'skipped';
            rep.reason = 'its generated tests failed when run as test files';
          }
          rep.tests = e.tests.length;
          rep.bySolver = e.tests.filter((t) => t.origin === 'solver').length;
          rep.bySearch = rep.tests - rep.bySolver;
        }
      }
      if (dropped === 0) break;
      log(`dropped ${dropped} test(s) that failed when run; re-running`);
    }
  }
  for (const r of withTests) {
    if (r.emits.some((e) => e.tests.length > 0)) result.outputs.set(r.file.testFile, render(r));
  }
  result.stats.durationMs = Date.now() - started;
  return result;
}

/** Branch arms and statements of the whole module that a run reached. */
function moduleCoverage(
  prepared: PreparedModule,
  branchHits: Record<string, number[]>,
  statementHits: Record<string, number>,
): NonNullable<FileReport['module']> {
  const statements = Object.keys(prepared.coverage.statementMap);
  return {
    branches: {
      covered: prepared.arms.filter((a) => (branchHits[a.branch]?.[a.arm] ?? 0) > 0).length,
      total: prepared.arms.length,
    },
    statements: {
      covered: statements.filter((id) => (statementHits[id] ?? 0) > 0).length,
      total: statements.length,
    },
  };
}

async function behaviourDiff(
  options: GenerateOptions,
  sandbox: Sandbox,
  headModule: PreparedModule,
  info: SourceFileInfo,
  fn: FunctionInfo,
  cands: Pick<Candidate, 'input' | 'exec'>[],
  rel: (f: string) => string,
): Promise<BehaviourChange[] | 'new'> {
  const base = options.base;
  if (!base || base.read(info.file) === undefined) return [];
  let prepared: PreparedModule;
  try {
    prepared = prepareModule(info.file, info.language, info.moduleKind, base.read);
  } catch {
    return [];
  }
  // The generated inputs, plus inputs built from the literals of both versions (a changed constant
  // is where behaviour most often moves).
  const baseText = base.read(info.file) ?? '';
  const baseDict = dictionaryOf(ts.createSourceFile(info.file, baseText, ts.ScriptTarget.ES2022, true));
  const headDict = dictionaryOf(fn.node);
  const dict = {
    numbers: [...new Set([...headDict.numbers, ...baseDict.numbers])].slice(0, 96),
    strings: [...new Set([...headDict.strings, ...baseDict.strings])].slice(0, 96),
  };
  const seen = new Set(cands.map((c) => inputKey(c.input)));
  const extra = sampleInputs(callArbitrary(fn, dict), 150, 7)
    .filter((input) => {
      const k = inputKey(input);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, 100);
  const extraRuns = await sandbox.run(
    headModule,
    extra.map((input) => sandboxCall(fn, input)),
    { fresh: true, perturb: 0 },
  );
  const inputs = [
    ...cands.slice(0, 200),
    ...extra.map((input, i) => ({ input, exec: extraRuns[i] as Execution })),
  ];
  const calls = inputs.map((c) => sandboxCall(fn, c.input));
  const baseRuns = await sandbox.run(prepared, calls, { fresh: true, perturb: 0 });
  // The base module has no such export (or class method): the function is new, not changed.
  const missing = (o: Outcome) =>
    (o.kind === 'throw' || o.kind === 'crash') &&
    (o.message === `export ${fn.exportName} not found` ||
      o.message === 'inst[call.method] is not a function');
  if (baseRuns.length > 0 && baseRuns.every((r) => missing(r.outcome))) return 'new';
  const out: BehaviourChange[] = [];
  inputs.forEach((c, i) => {
    const b = (baseRuns[i] as Execution).outcome;
    const h = c.exec.outcome;
    if (b.kind === 'crash' && /export .* not found/.test(b.message)) return;
    if (b.kind === 'timeout' && h.kind === 'timeout') return;
    if (outcomeKey(b) === outcomeKey(h)) return;
    const args = c.input.args.map((a) => displayInput(a, 40)).join(', ');
    out.push({
      file: rel(info.file),
      function: fn.name,
      call: `${fn.name}(${args})`,
      base: outcomeText(b),
      head: outcomeText(h),
    });
  });
  return out.slice(0, 20);
}
