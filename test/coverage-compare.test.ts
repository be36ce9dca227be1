import { describe, expect, it } from 'vitest';
import { type BaselineCoverage, compareWithBaseline } from '../src/coverage/compare.js';
import type { CoverageFile, CoverageTotals } from '../src/results/coverage.js';

/** File by file comparison with the baseline (src/coverage/compare.ts): renames, new, deleted, direct, indirect. */
const t = (covered: number, total: number): CoverageTotals => ({
  lines: { covered, total },
  statements: { covered, total },
  functions: { covered: 1, total: 1 },
  branches: { covered: 0, total: 0 },
});
const file = (path: string, covered: number, total: number): CoverageFile => ({ path, ...t(covered, total) });
const current = (...files: CoverageFile[]) => ({ totals: t(0, 0), files });
const baseline = (...files: CoverageFile[]): BaselineCoverage => ({
  source: 'base.json',
  totals: t(9, 10),
  files,
});

describe('compareWithBaseline', () => {
  it('without a diff: every moved file is a direct change, unchanged ones are not listed', () => {
    const c = compareWithBaseline(
      current(file('a.ts', 5, 10), file('b.ts', 3, 3), file('new.ts', 1, 2)),
      baseline(file('a.ts', 8, 10), file('b.ts', 3, 3), file('gone.ts', 1, 1)),
      undefined,
      false,
    );
    expect(c).toEqual({
      source: 'base.json',
      totals: t(9, 10),
      newFiles: ['new.ts'],
      deletedFiles: [file('gone.ts', 1, 1)],
      changed: [{ path: 'a.ts', before: t(8, 10), after: t(5, 10) }],
      indirect: [],
      indirectKnown: false,
      gateIndirect: false,
    });
  });

  it('a counter of any metric moving is a change', () => {
    const moved = { ...file('a.ts', 5, 10), branches: { covered: 1, total: 2 } };
    const c = compareWithBaseline(current(moved), baseline(file('a.ts', 5, 10)), undefined, true);
    expect(c.changed.map((x) => [x.before.branches, x.after.branches])).toEqual([
      [
        { covered: 0, total: 0 },
        { covered: 1, total: 2 },
      ],
    ]);
    expect(c.gateIndirect).toBe(true);
  });

  it('with a diff: touched files are direct, the others indirect; renames are matched through their old path', () => {
    const c = compareWithBaseline(
      current(file('a.ts', 5, 10), file('moved.ts', 2, 4), file('untouched.ts', 0, 7)),
      baseline(file('a.ts', 8, 10), file('old.ts', 4, 4), file('untouched.ts', 3, 7)),
      { changed: new Set(['a.ts', 'moved.ts']), renames: new Map([['moved.ts', 'old.ts']]) },
      false,
    );
    expect(c.newFiles).toEqual([]);
    expect(c.deletedFiles).toEqual([]);
    expect(c.changed).toEqual([
      { path: 'a.ts', before: t(8, 10), after: t(5, 10) },
      { path: 'moved.ts', previousPath: 'old.ts', before: t(4, 4), after: t(2, 4) },
    ]);
    expect(c.indirect).toEqual([{ path: 'untouched.ts', before: t(3, 7), after: t(0, 7) }]);
    expect(c.indirectKnown).toBe(true);
  });

  it('a rename from a path the baseline lacks is compared under its own path; an old path is used once', () => {
    const c = compareWithBaseline(
      current(file('a.ts', 1, 2), file('b.ts', 1, 2), file('c.ts', 2, 2)),
      baseline(file('a.ts', 2, 2), file('c.ts', 1, 2)),
      // b.ts claims to come from a.ts, which a.ts itself already matched; c.ts from a missing x.ts.
      {
        changed: new Set(['a.ts', 'b.ts', 'c.ts']),
        renames: new Map([
          ['b.ts', 'a.ts'],
          ['c.ts', 'x.ts'],
        ]),
      },
      false,
    );
    expect(c.newFiles).toEqual(['b.ts']);
    expect(c.changed.map((x) => [x.path, x.previousPath])).toEqual([
      ['a.ts', undefined],
      ['c.ts', undefined],
    ]);
    expect(c.deletedFiles).toEqual([]);
  });
});
