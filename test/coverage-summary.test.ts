import libCoverage, { type FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import {
  addInto,
  emptyTotals,
  fileTotals,
  lineHits,
  sameTotals,
  summarise,
} from '../src/coverage/summary.js';
import type { CoverageTotals } from '../src/results/coverage.js';

/** Per-file counters (src/coverage/summary.ts) on hand-made istanbul data, checked against toSummary(). */
const loc = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 9 } });

/**
 * Statements 1-4 on lines 1, 1, 2, 3 (line 1: one ran, one did not), a statement with no location,
 * two functions (one ran) and branches [2, 0] and [0, 0, 5].
 */
function data(path = 'src/a.ts'): FileCoverageData {
  return {
    path,
    statementMap: { '1': loc(1), '2': loc(1), '3': loc(2), '4': loc(3) },
    s: { '1': 0, '2': 4, '3': 0, '4': 1 },
    fnMap: {
      '0': { name: 'f', decl: loc(1), loc: loc(1), line: 1 },
      '1': { name: 'g', decl: loc(3), loc: loc(3), line: 3 },
    },
    f: { '0': 0, '1': 2 },
    branchMap: {
      '0': { type: 'if', loc: loc(1), locations: [loc(1), loc(1)], line: 1 },
      '1': { type: 'switch', loc: loc(3), locations: [loc(3), loc(3), loc(3)], line: 3 },
    },
    b: { '0': [2, 0], '1': [0, 0, 5] },
  };
}

const totals = (l: number[], s: number[], f: number[], b: number[]): CoverageTotals => ({
  lines: { covered: l[0] as number, total: l[1] as number },
  statements: { covered: s[0] as number, total: s[1] as number },
  functions: { covered: f[0] as number, total: f[1] as number },
  branches: { covered: b[0] as number, total: b[1] as number },
});

describe('fileTotals', () => {
  it("counts as istanbul's toSummary does: a line is covered when its busiest statement ran", () => {
    const fc = libCoverage.createFileCoverage(data());
    const t = fileTotals(fc);
    expect(t).toEqual(totals([2, 3], [2, 4], [1, 2], [2, 5]));
    const s = fc.toSummary();
    expect(t.lines).toEqual({ covered: s.lines.covered, total: s.lines.total });
    expect(t.branches).toEqual({ covered: s.branches.covered, total: s.branches.total });
  });

  it('the busiest statement decides whichever comes first on the line', () => {
    const d = data();
    d.s = { '1': 4, '2': 0, '3': 0, '4': 0 };
    expect(fileTotals(libCoverage.createFileCoverage(d)).lines).toEqual({ covered: 1, total: 3 });
  });

  it('a count with no location counts as a statement but adds no line', () => {
    const d = data();
    d.s = { ...d.s, '9': 3 };
    expect(fileTotals(libCoverage.createFileCoverage(d))).toEqual(totals([2, 3], [3, 5], [1, 2], [2, 5]));
  });

  it('a file with nothing in it is all zeros', () => {
    const empty = { path: 'e.ts', statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {} };
    expect(fileTotals(libCoverage.createFileCoverage(empty))).toEqual(emptyTotals());
    expect(emptyTotals()).toEqual(totals([0, 0], [0, 0], [0, 0], [0, 0]));
  });
});

describe('totals arithmetic', () => {
  it('addInto adds every counter, or takes it away with sign -1', () => {
    const into = totals([1, 2], [3, 4], [5, 6], [7, 8]);
    addInto(into, totals([10, 20], [30, 40], [50, 60], [70, 80]));
    expect(into).toEqual(totals([11, 22], [33, 44], [55, 66], [77, 88]));
    addInto(into, totals([1, 2], [3, 4], [5, 6], [7, 8]), -1);
    expect(into).toEqual(totals([10, 20], [30, 40], [50, 60], [70, 80]));
  });

  it('sameTotals compares every counter of every metric', () => {
    const a = totals([1, 2], [3, 4], [5, 6], [7, 8]);
    expect(sameTotals(a, totals([1, 2], [3, 4], [5, 6], [7, 8]))).toBe(true);
    expect(sameTotals(a, totals([0, 2], [3, 4], [5, 6], [7, 8]))).toBe(false);
    expect(sameTotals(a, totals([1, 2], [3, 4], [5, 6], [7, 9]))).toBe(false);
    expect(sameTotals(a, totals([1, 2], [3, 5], [5, 6], [7, 8]))).toBe(false);
    expect(sameTotals(a, totals([1, 2], [3, 4], [6, 6], [7, 8]))).toBe(false);
  });
});

describe('summarise and lineHits', () => {
  it('files in path order with their counters, and the sum of them', () => {
    const map = libCoverage.createCoverageMap({});
    map.addFileCoverage(data('src/z.ts'));
    map.addFileCoverage(data('src/b.ts'));
    const s = summarise(map);
    expect(s.files.map((f) => f.path)).toEqual(['src/b.ts', 'src/z.ts']);
    expect(s.files[0]).toEqual({ path: 'src/b.ts', ...totals([2, 3], [2, 4], [1, 2], [2, 5]) });
    expect(s.totals).toEqual(totals([4, 6], [4, 8], [2, 4], [4, 10]));
  });

  it('lineHits: the highest count of the statements starting on each line, keyed by number', () => {
    const hits = lineHits(libCoverage.createFileCoverage(data()));
    expect([...hits]).toEqual([
      [1, 4],
      [2, 0],
      [3, 1],
    ]);
  });
});
