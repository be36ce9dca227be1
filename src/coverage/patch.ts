import path from 'node:path';
import type { LineRange, PatchCoverage, PatchFile } from '../results/coverage.js';
import type { DiffFile } from './diff.js';

/**
 * Uncovered changed lines as ranges: two uncovered lines join when no executable line lies between
 * them (blank lines and comments do not split a range; a covered or unchanged executable line does).
 */
export function uncoveredRanges(changed: readonly number[], hits: ReadonlyMap<number, number>): LineRange[] {
  const executable = [...hits.keys()].sort((a, b) => a - b);
  const rank = new Map(executable.map((line, i) => [line, i]));
  const ranges: LineRange[] = [];
  let last: { range: LineRange; rank: number } | undefined;
  for (const line of changed) {
    const h = hits.get(line);
    if (h === undefined || h > 0) continue;
    const r = rank.get(line) as number;
    if (last && r === last.rank + 1) {
      last.range.end = line;
      last.rank = r;
    } else {
      const range = { start: line, end: line };
      ranges.push(range);
      last = { range, rank: r };
    }
  }
  return ranges;
}

/**
 * Patch coverage: the changed lines (added or modified since the merge-base) that are executable,
 * and how many of them ran. `hitsFor` gives a covered file's line hits (undefined: not in any
 * report). Changed files that no report mentions but share an extension with covered files are
 * listed apart: their lines are unknown, not uncovered.
 */
export function computePatch(
  diff: readonly DiffFile[],
  hitsFor: (repoPath: string) => ReadonlyMap<number, number> | undefined,
  coveredExtensions: ReadonlySet<string>,
): Pick<PatchCoverage, 'lines' | 'files' | 'notInReport'> {
  const files: PatchFile[] = [];
  const notInReport: string[] = [];
  let covered = 0;
  let total = 0;
  for (const d of [...diff].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (d.lines.length === 0) continue;
    const hits = hitsFor(d.path);
    if (!hits) {
      if (coveredExtensions.has(path.posix.extname(d.path))) notInReport.push(d.path);
      continue;
    }
    let fileCovered = 0;
    let fileTotal = 0;
    for (const line of d.lines) {
      const h = hits.get(line);
      if (h === undefined) continue;
      fileTotal++;
      if (h > 0) fileCovered++;
    }
    if (fileTotal === 0) continue;
    covered += fileCovered;
    total += fileTotal;
    files.push({
      path: d.path,
      ...(d.previousPath ? { previousPath: d.previousPath } : {}),
      covered: fileCovered,
      total: fileTotal,
      uncovered: uncoveredRanges(d.lines, hits),
    });
  }
  return { lines: { covered, total }, files, notInReport };
}
