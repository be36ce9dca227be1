import ts from 'typescript';
import type { BehaviourChange, GenerateOptions } from './generate-types.js';
import { callArbitrary, dictionaryOf, sampleInputs } from './inputs.js';
import { type PreparedModule, prepareModule } from './instrument.js';
import { displayInput } from './literal.js';
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
