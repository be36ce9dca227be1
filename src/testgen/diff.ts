import ts from 'typescript';
import type { BehaviourChange, GenerateOptions } from './generate-types.js';
import { callArbitrary, dictionaryOf, sampleInputs } from './inputs.js';
import { type PreparedModule, prepareModule } from './instrument.js';
import { displayInput } from './literal.js';
import { mutants, rng } from './mutate.js';
import { type Sandbox, sandboxCall } from './sandbox.js';
import { type Candidate, inputKey, outcomeKey, outcomeText } from './select.js';
import type { Execution, FunctionInfo, Outcome, SourceFileInfo } from './types.js';

/** The same inputs (and inputs from both versions' literals) against the base version of the module. */
export async function behaviourDiff(
  options: GenerateOptions,
  sandbox: Sandbox,
  headModule: PreparedModule,
  info: SourceFileInfo,
  fn: FunctionInfo,
  cands: Pick<Candidate, 'input' | 'exec'>[],
  rel: (f: string) => string,
  /** Arms of the head version on the changed lines (empty: the change has no branch of its own). */
  changedArms: Set<number>,
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
  const known = [...cands, ...extra.map((input, i) => ({ input, exec: extraRuns[i] as Execution }))];
  // Inputs that reach the changed lines, and mutants of them that still do (two generations): a
  // change often shows on only some of the inputs that reach it.
  const reaches = (e: Execution) =>
    (e.outcome.kind === 'return' || e.outcome.kind === 'throw') &&
    (changedArms.size === 0 || e.arms.some((a) => changedArms.has(a)));
  const r = rng(11);
  const near: Pick<Candidate, 'input' | 'exec'>[] = [];
  let seeds = known.filter((c) => reaches(c.exec)).slice(0, 16);
  for (let gen = 0; gen < 2 && seeds.length > 0; gen++) {
    const batch = seeds
      .flatMap((c) => mutants(c.input, dict, r, 12))
      .filter((input) => {
        const k = inputKey(input);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .slice(0, 160);
    const runs = await sandbox.run(
      headModule,
      batch.map((input) => sandboxCall(fn, input)),
      { fresh: true, perturb: 0 },
    );
    const hit = batch
      .map((input, i) => ({ input, exec: runs[i] as Execution }))
      .filter((c) => reaches(c.exec));
    near.push(...hit);
    seeds = hit.slice(0, 16);
  }
  const reaching = [...known.filter((c) => reaches(c.exec)), ...near];
  const inputs = [...reaching.slice(0, 300), ...known.filter((c) => !reaches(c.exec)).slice(0, 100)];
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
  // The shortest calls first: the easiest to read.
  return out.sort((a, b) => a.call.length - b.call.length).slice(0, 20);
}
