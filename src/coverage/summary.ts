import type { CoverageMap, FileCoverage } from 'istanbul-lib-coverage';
import type { CoverageFile, CoverageTotals } from '../results/coverage.js';

export const emptyTotals = (): CoverageTotals => ({
  lines: { covered: 0, total: 0 },
  statements: { covered: 0, total: 0 },
  functions: { covered: 0, total: 0 },
  branches: { covered: 0, total: 0 },
});

/**
 * Counters of one file, exactly as istanbul's FileCoverage.toSummary() computes them (lines are
 * the start lines of statements, a line counts as covered when its busiest statement ran), in one
 * pass over the data instead of toSummary's several: this runs on every file of the report.
 */
export function fileTotals(fc: FileCoverage): CoverageTotals {
  const { s, statementMap, f, b } = fc.data;
  let sTotal = 0;
  let sCovered = 0;
  // Indexed by line number: a dense array is much cheaper than a Map for a million statements.
  const lineMax: number[] = [];
  for (const id in s) {
    const hits = s[id] as number;
    sTotal++;
    if (hits) sCovered++;
    const loc = statementMap[id];
    if (!loc) continue;
    const line = loc.start.line;
    const prev = lineMax[line];
    if (prev === undefined || prev < hits) lineMax[line] = hits;
  }
  let lTotal = 0;
  let lCovered = 0;
  for (const hits of lineMax) {
    if (hits === undefined) continue;
    lTotal++;
    if (hits) lCovered++;
  }
  let fTotal = 0;
  let fCovered = 0;
  for (const id in f) {
    fTotal++;
    if (f[id]) fCovered++;
  }
  let bTotal = 0;
  let bCovered = 0;
  for (const id in b) {
    for (const hits of b[id] as number[]) {
      bTotal++;
      if (hits > 0) bCovered++;
    }
  }
  return {
    lines: { covered: lCovered, total: lTotal },
    statements: { covered: sCovered, total: sTotal },
    functions: { covered: fCovered, total: fTotal },
    branches: { covered: bCovered, total: bTotal },
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
