import type { CoverageComparison, CoverageFile, CoverageTotals, FileChange } from '../results/coverage.js';
import { sameTotals } from './summary.js';

export interface BaselineCoverage {
  /** Where it came from, for the report. */
  source: string;
  totals: CoverageTotals;
  files: readonly CoverageFile[];
}

export interface ChangeSet {
  /** Files this change touched (paths at HEAD), from the git diff. */
  changed: ReadonlySet<string>;
  /** HEAD path -> merge-base path, for renames git followed. */
  renames: ReadonlyMap<string, string>;
}

const totalsOf = ({ path: _path, ...t }: CoverageFile): CoverageTotals => t;

/**
 * Per-file comparison with the baseline. Renamed files are matched through their old path. A file
 * whose counters moved is a direct change when this change touched it, an indirect one when it
 * did not (test order, flaky tests, code reached through other files); without a diff every
 * change is listed as direct and `indirectKnown` is false.
 */
export function compareWithBaseline(
  current: { totals: CoverageTotals; files: readonly CoverageFile[] },
  baseline: BaselineCoverage,
  changes: ChangeSet | undefined,
  gateIndirect: boolean,
): CoverageComparison {
  const before = new Map(baseline.files.map((f) => [f.path, f]));
  const used = new Set<string>();
  const newFiles: string[] = [];
  const changed: FileChange[] = [];
  const indirect: FileChange[] = [];
  for (const file of current.files) {
    const renamedFrom = changes?.renames.get(file.path);
    const oldPath = renamedFrom !== undefined && before.has(renamedFrom) ? renamedFrom : file.path;
    const base = before.get(oldPath);
    if (!base || used.has(oldPath)) {
      newFiles.push(file.path);
      continue;
    }
    used.add(oldPath);
    const after = totalsOf(file);
    const was = totalsOf(base);
    if (sameTotals(after, was)) continue;
    const change: FileChange = {
      path: file.path,
      ...(oldPath !== file.path ? { previousPath: oldPath } : {}),
      before: was,
      after,
    };
    if (!changes || changes.changed.has(file.path)) changed.push(change);
    else indirect.push(change);
  }
  const deletedFiles = baseline.files.filter((f) => !used.has(f.path));
  return {
    source: baseline.source,
    totals: baseline.totals,
    newFiles,
    deletedFiles,
    changed,
    indirect,
    indirectKnown: changes !== undefined,
    gateIndirect,
  };
}
