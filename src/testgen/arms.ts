import type ts from 'typescript';
import type { FileReport } from './generate-types.js';
import type { Arm, PreparedModule } from './instrument.js';
import type { FunctionInfo } from './types.js';

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

/** Branch arms and statements of the whole module that a run reached. */
export function moduleCoverage(
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
