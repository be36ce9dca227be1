import { describe, expect, it } from 'vitest';
import { computePatch, uncoveredRanges } from '../src/coverage/patch.js';

/** Patch coverage from a diff and line hits (src/coverage/patch.ts): order, sums, renames, boundaries. */
const hits = (entries: Array<[number, number]>) => new Map(entries);

describe('computePatch', () => {
  it('files in path order, summed; a rename keeps its old path; a hit count of 1 is covered', () => {
    const lines = hits([
      [1, 1],
      [2, 0],
    ]);
    const p = computePatch(
      [
        { path: 'src/z.js', lines: [1, 2] },
        { path: 'src/a.js', previousPath: 'old/a.js', lines: [1] },
        { path: 'src/m.js', lines: [2] },
      ],
      () => lines,
      new Set(['.js']),
    );
    expect(p.files.map((f) => [f.path, f.previousPath, f.covered, f.total])).toEqual([
      ['src/a.js', 'old/a.js', 1, 1],
      ['src/m.js', undefined, 0, 1],
      ['src/z.js', undefined, 1, 2],
    ]);
    expect(p.files[2]?.uncovered).toEqual([{ start: 2, end: 2 }]);
    expect(p.lines).toEqual({ covered: 2, total: 4 });
  });

  it('files with no changed line (pure renames) are neither measured nor listed as missing from the reports', () => {
    const p = computePatch(
      [
        { path: 'b.js', previousPath: 'a.js', lines: [] },
        { path: 'y.js', lines: [3] },
        { path: 'x.js', lines: [4] },
      ],
      () => undefined,
      new Set(['.js']),
    );
    expect(p).toEqual({ lines: { covered: 0, total: 0 }, files: [], notInReport: ['x.js', 'y.js'] });
  });
});

describe('uncoveredRanges', () => {
  it('a changed line that ran, or is not executable, is no range; adjacent executable lines join', () => {
    const h = hits([
      [1, 0],
      [2, 0],
      [3, 2],
      [5, 0],
    ]);
    expect(uncoveredRanges([1, 2, 3, 4, 5], h)).toEqual([
      { start: 1, end: 2 },
      { start: 5, end: 5 },
    ]);
    expect(uncoveredRanges([3, 4], h)).toEqual([]);
    expect(uncoveredRanges([], h)).toEqual([]);
    // Executable lines are ranked in line order whatever order the hits come in.
    const unordered = hits([
      [7, 0],
      [9, 0],
      [8, 1],
    ]);
    expect(uncoveredRanges([7, 9], unordered)).toEqual([
      { start: 7, end: 7 },
      { start: 9, end: 9 },
    ]);
  });
});
