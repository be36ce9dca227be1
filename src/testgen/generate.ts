import './node-globals.js';
import path from 'node:path';
import { analyseFiles, unsupportedReason } from './analyse.js';
import { armsByFunction } from './arms.js';
import { behaviourDiff } from './diff.js';
import { type EmitFunction, type GeneratedTest, testFilePath, testName, uniqueNames } from './emit.js';
import { DEFAULT_LIMITS, Explorer } from './explore.js';
import type { FileReport, FunctionReport, GenerateOptions, GenerateResult } from './generate-types.js';
import {
  callArbitrary,
  dictionaryOf,
  inputFromModel,
  randomCallArbitrary,
  sampleInputs,
  withCtorPool,
  withSelfInstances,
  withSequences,
} from './inputs.js';
import { type Arm, type PreparedModule, prepareModule } from './instrument.js';
import { type Runnable, runAndPrune } from './prune.js';
import { distinguishingStrings, loadRegexMutator, matchingStrings, regexKills } from './regex-mutants.js';
import { NOT_RUN, Sandbox, sandboxCall } from './sandbox.js';
import {
  type Candidate,
  errorKey,
  hasString,
  inputKey,
  interiorOf,
  isOk,
  minimise,
  type Ok,
  outcomeKey,
  pathsWorthSolving,
  shapeKey,
  skipReason,
  withOracleTests,
} from './select.js';
import type { Z3Session } from './solve.js';
import type { CallInput, Execution, FunctionInfo, InputValue } from './types.js';

export { armsByFunction } from './arms.js';
export type {
  BehaviourChange,
  FileReport,
  FunctionReport,
  GenerateOptions,
  GenerateResult,
} from './generate-types.js';
export { interiorOf, minimise, pathsWorthSolving, withOracleTests } from './select.js';

/** The least time a function gets, even when earlier functions used up the budget. */
const MIN_SLICE_MS = 1500;
/** How many even shares of the remaining budget one function may use. */
const SHARE_FACTOR = 2.5;

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
  await loadRegexMutator(options.budgetMs);
  const { infos } = analyseFiles(options.files);
  const sandbox = new Sandbox(options.callTimeoutMs);
  let solver: Z3Session | undefined;
  /** Sessions given up on after a stalled call (their counts still go into the stats). */
  const stalled: Z3Session[] = [];
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const runnable: Runnable[] = [];
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
      // Regexes the module's code ran on strings, shared by its functions: search draws matching strings.
      const regexes = new Map<string, { source: string; flags: string }>();
      // Classes whose constructor the explorer found no returning path through (its guards depend on
      // values from other files): their methods go straight to search.
      const noCtorPaths = new Set<string>();
      // The module's string literals (helpers' too), spliced into strings that match its regexes.
      const fileWords = dictionaryOf(info.sourceFile).strings;
      // Constructor arguments after which a method returned, per class: reused for its siblings.
      const ctorPools = new Map<string, Map<string, InputValue[]>>();
      // A function's share of the budget grows with its own branch arms (a 60-arm `inc` needs more
      // than a 2-arm `format`); functions of later files count as average ones.
      const weightOf = (f: FunctionInfo) => 1 + Math.min(6, (armsOf.get(f)?.length ?? 0) / 8);
      const laterFns = remainingFns - fns.length;
      let fileWeight = fns.reduce((n, f) => n + weightOf(f), 0);
      const emits: EmitFunction[] = [];
      const reports: FunctionReport[] = [];
      for (const fn of fns) {
        const now = Date.now();
        // An even share of what is left; every function gets a minimum, even past the budget.
        // Most functions need a fraction of their share, so one may take up to SHARE_FACTOR shares.
        const share = ((deadline - now) * weightOf(fn)) / Math.max(1, fileWeight + laterFns * 2);
        const slice = Math.max(MIN_SLICE_MS, Math.min(deadline - now, share * SHARE_FACTOR));
        remainingFns--;
        fileWeight -= weightOf(fn);
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
        // A message, or a function that builds it only when debugging is on.
        const dbg = process.env.AUTOGLM_DEBUG
          ? (m: string | (() => string)) => log(`debug ${fn.name}: ${typeof m === 'function' ? m() : m}`)
          : () => {};
        const seen = new Set<string>();
        const shapes = new Set<string>();
        const killed = new Set<string>();
        const covered = new Set<number>();
        const ctorPool =
          fn.kind === 'method' && fn.className
            ? (ctorPools.get(fn.className) ?? ctorPools.set(fn.className, new Map()).get(fn.className))
            : undefined;
        // Set when search should rebuild its arbitrary (new regexes or constructor arguments).
        let regexesGrew = regexes.size > 0 || (ctorPool?.size ?? 0) > 0;
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
          for (const e of execs)
            for (const r of e.regexes ?? []) {
              const k = `${r.flags}/${r.source}`;
              if (!regexes.has(k) && regexes.size < 24) {
                regexes.set(k, r);
                regexesGrew = true;
              }
            }
          fresh2.forEach((x, i) => {
            const exec = execs[i] as Execution;
            // Constructor arguments that built a subject (whatever the method then did).
            if (exec.built && x.input.ctorArgs && ctorPool && ctorPool.size < 24) {
              const k = JSON.stringify(x.input.ctorArgs);
              if (!ctorPool.has(k)) {
                ctorPool.set(k, x.input.ctorArgs);
                regexesGrew = true;
              }
            }
            if (exec.outcome.kind === 'crash' && exec.outcome.message === NOT_RUN) return;
            const gain = exec.arms.some((a) => goal.has(a) && !covered.has(a));
            const firstOk = isOk(exec.outcome) && !cands.some((c) => isOk(c.exec.outcome));
            const o = exec.outcome;
            const newError =
              o.kind === 'throw' &&
              !cands.some((c) => c.exec.outcome.kind === 'throw' && errorKey(c) === errorKey({ ...x, exec }));
            // A string input of a new shape is kept for the oracle (see withOracleTests), a few dozen at most.
            const cand = { ...x, exec };
            const shape =
              exec.outcome.kind === 'return' && hasString(cand) && exec.regexes?.length && shapes.size < 40
                ? shapeKey(cand)
                : '';
            const newShape = shape !== '' && !shapes.has(shape);
            if (newShape) shapes.add(shape);
            // And a call that tells a regex mutant no kept call told apart (regex-mutants.ts).
            const newKills =
              isOk(exec.outcome) && killed.size < 400 ? regexKills(exec).filter((k) => !killed.has(k)) : [];
            for (const k of newKills) killed.add(k);
            if (
              keepAll ||
              gain ||
              firstOk ||
              newError ||
              newShape ||
              newKills.length > 0 ||
              !isOk(exec.outcome)
            )
              cands.push(cand);
            if (isOk(exec.outcome))
              for (const a of exec.arms)
                if (goal.has(a) && !covered.has(a)) {
                  covered.add(a);
                  lastGain = rounds;
                }
          });
        };
        // 1. Symbolic paths, solved by Z3 (not for methods of a class whose constructor no path survived).
        const deadCtor = fn.kind === 'method' && fn.className !== undefined && noCtorPaths.has(fn.className);
        if (options.useSolver && options.openSolver && !deadCtor) {
          try {
            if (solver && !solver.usable) {
              stalled.push(solver);
              solver = undefined;
            }
            solver ??= await options.openSolver();
            const explorer = new Explorer(info.sourceFile, solver, {
              ...limits,
              deadline: now + slice * 0.5,
            });
            const explored = await explorer.explore(fn);
            if (explored.paths.length === 0 && fn.kind === 'method' && fn.className)
              noCtorPaths.add(fn.className);
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
            if (!solver.usable && !report.notes.some((n) => n.includes('the Z3 solver')))
              report.notes.push('the Z3 solver stopped answering (stalled or crashed); search took over');
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
        let dict = dictionaryOf(fn.node);
        const guided = () =>
          withSequences(
            fn,
            info.functions,
            withSelfInstances(fn, withCtorPool(callArbitrary(fn, dict), [...(ctorPool?.values() ?? [])]), [
              ...(ctorPool?.values() ?? []),
            ]),
            dict,
          );
        let arb = options.searchMode === 'random' ? randomCallArbitrary(fn) : guided();
        const ownCovered = () => [...fnArms].every((a) => covered.has(a));
        // Helper arms may be out of this function's reach: stop once its own are covered and
        // search has stalled.
        const needsSearch = () =>
          // Two rounds at least where a regex ran: strings of other shapes for the oracle.
          (rounds < 2 && regexes.size > 0) ||
          !cands.some((c) => isOk(c.exec.outcome)) ||
          !ownCovered() ||
          (covered.size < goal.size && rounds - lastGain < 25);
        // Search keeps a part of the slice even when the solver overran its share (a slow check on a
        // loaded machine): a function must not end without a single input tried.
        const searchUntil = Math.max(fnDeadline, Date.now() + slice * 0.3);
        while (options.useSearch && needsSearch() && Date.now() < searchUntil && rounds < 400) {
          rounds++;
          // A function that keeps running into the time limit gets small batches, then no more.
          const timeouts = cands.filter((c) => c.exec.outcome.kind === 'timeout').length;
          const anyOk = cands.some((c) => isOk(c.exec.outcome));
          if (timeouts >= 2 && !anyOk) break;
          if (regexesGrew && options.searchMode !== 'random') {
            regexesGrew = false;
            const t0 = Date.now();
            if (regexes.size > 0)
              dict = {
                ...dict,
                matching: matchingStrings([...regexes.values()], seed, fileWords),
                apart: distinguishingStrings([...regexes.values()]).slice(0, 120),
              };
            const t1 = Date.now();
            arb = guided();
            dbg(
              `${regexes.size} regexes seen, ${dict.matching?.length ?? 0} matching strings (${t1 - t0} ms), ${dict.apart?.length ?? 0} telling mutants apart, arbitrary ${Date.now() - t1} ms`,
            );
          }
          const batch = sampleInputs(arb, timeouts > 0 ? 4 : 32, seed++).map((input) => ({
            input,
            origin: 'search' as const,
            conds: [],
            exact: false,
          }));
          await addCands(batch, false, false);
          if (cands.length > 0 && cands.every((c) => c.exec.outcome.kind === 'blocked')) break;
        }
        dbg(
          () =>
            `search: ${rounds} rounds, ${cands.length} candidates kept, ${cands.filter((c) => c.exec.outcome.kind === 'timeout').length} timed out, ${Date.now() - now} ms`,
        );
        // 3. Minimise and verify with reruns (another clock and random sequence each time).
        let pool = cands.slice();
        let selected: Candidate[] = [];
        for (let round = 0; round < 3; round++) {
          selected = withOracleTests(pool, minimise(pool, goal), goal);
          dbg(
            () =>
              `selected: ${selected.map((c) => `${c.origin} ${JSON.stringify(c.input)} arms=${c.exec.arms.filter((x) => goal.has(x)).join('.')}`).join(' | ')}`,
          );
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
          const lines = options.base.lines?.(info.file) ?? [];
          const changedArms = new Set(
            [...fnArms].filter((i) => {
              const arm = prepared.arms[i] as Arm;
              const loc = prepared.coverage.branchMap[arm.branch]?.locations[arm.arm]?.start.line;
              return loc !== undefined && lines.some(([a, b]) => a <= loc && loc <= b);
            }),
          );
          const diff = await behaviourDiff(options, sandbox, prepared, info, fn, cands, rel, changedArms);
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
    for (const s of solver ? [...stalled, solver] : stalled) {
      result.stats.solverChecks += s.stats.checks;
      result.stats.solverMs += Math.round(s.stats.ms);
    }
  }
  // 4. Emit, and run the emitted tests for real: failing tests are dropped and the file re-emitted.
  await runAndPrune(runnable, options, result, log, rel);
  result.stats.durationMs = Date.now() - started;
  return result;
}
