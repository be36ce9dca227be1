import type { CoverageMap, FileCoverage } from 'istanbul-lib-coverage';
import type { CoverageFile, CoverageTotals } from '../results/coverage.js';

export const emptyTotals = (): CoverageTotals => ({
  lines: { covered: 0, total: 0 },
  statements: { covered: 0, total: 0 },
  functions: { covered: 0, total: 0 },
  branches: { covered: 0, total: 0 },
});

/** Counters of one file, as istanbul computes them (lines are the start lines of statements). */
export function fileTotals(fc: FileCoverage): CoverageTotals {
  const s = fc.toSummary();
  return {
    lines: { covered: s.lines.covered, total: s.lines.total },
    statements: { covered: s.statements.covered, total: s.statements.total },
    functions: { covered: s.functions.covered, total: s.functions.total },
    branches: { covered: s.branches.covered, total: s.branches.total },
  };
}

export function addInto(into: CoverageTotals, t: CoverageTotals, sign = 1): void {
  for (const k of ['lines', 'statements', 'functions', 'branches'] as const) {
    into[k].covered += sign * t[k].covered;
    into[k].total += sign * t[k].total;
  }
}

export function sameTotals(a: CoverageTotals, b: CoverageTotals): boolean {
  return (['lines', 'statements', 'functions', 'branches'] as const).every(
    (k) => a[k].covered === b[k].covered && a[k].total === b[k].total,
  );
}

/** Per-file counters in path order, and their sum. */
export function summarise(map: CoverageMap): { files: CoverageFile[]; totals: CoverageTotals } {
  const totals = emptyTotals();
  const files: CoverageFile[] = [];
  for (const path of map.files().sort()) {
    const t = fileTotals(map.fileCoverageFor(path));
    addInto(totals, t);
    files.push({ path, ...t });
  }
  return { files, totals };
}

/** Line -> hits (max over the statements starting on the line), for the lines istanbul counts. */
export function lineHits(fc: FileCoverage): Map<number, number> {
  const out = new Map<number, number>();
  for (const [line, hits] of Object.entries(fc.getLineCoverage())) out.set(Number(line), hits as number);
  return out;
}
