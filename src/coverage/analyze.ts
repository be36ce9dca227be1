import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoverageMap } from 'istanbul-lib-coverage';
import type { CoverageConfig } from '../config/coverage.js';
import { UsageError } from '../errors.js';
import type { CoverageFormat, CoverageResult, PatchCoverage } from '../results/coverage.js';
import { CoverageResultSchema } from '../results/coverage.js';
import { type DiffOutcome, defaultBase, diffAgainstBase } from './base.js';
import { type BaselineCoverage, type ChangeSet, compareWithBaseline } from './compare.js';
import { ingestReports } from './ingest.js';
import { computePatch } from './patch.js';
import { loadRepoIndex, type RepoIndex } from './paths.js';
import { lineHits, summarise } from './summary.js';

/** Ignored files kept by name in the results (all are counted). */
export const IGNORED_LISTED = 200;

export interface CoverageOptions {
  /** Report files, globs or folders, relative to `cwd`. */
  files: readonly string[];
  cwd: string;
  /** Folder report paths are mapped onto (default: `cwd`). Results name files relative to it. */
  root?: string;
  format?: CoverageFormat | 'auto';
  /** Repo-relative globs not to count. */
  exclude?: readonly string[];
  /** Coverage to compare with (see readCoverageBaseline). */
  baseline?: BaselineCoverage;
  /** Git ref or sha for patch coverage; default: the CI's base (defaultBase), else none. */
  base?: string;
  env?: NodeJS.ProcessEnv;
  /** Count indirect changes in `max_drop` gates (config `coverage.gate_indirect`). */
  gateIndirect?: boolean;
  /** A ready index of the repository's files (tests, benchmarks); listed from git otherwise. */
  index?: RepoIndex;
}

export interface CoverageAnalysis {
  /** The `coverage` section of the results document. */
  section: CoverageResult;
  /** Absolute root the section's paths are relative to. */
  root: string;
  /** The merged line-level coverage (for Cobertura output). */
  map: CoverageMap;
  /** Files this change touched, when a diff was available. */
  changedFiles?: ReadonlySet<string>;
}

function changeSet(diff: DiffOutcome): ChangeSet | undefined {
  if (!diff.ok) return undefined;
  const renames = new Map<string, string>();
  for (const f of diff.files) if (f.previousPath) renames.set(f.path, f.previousPath);
  return { changed: new Set(diff.files.filter((f) => f.lines.length > 0).map((f) => f.path)), renames };
}

/**
 * CoverageOptions from the config's `coverage:` section: report globs are relative to the config's
 * folder, results name files relative to `cwd` (the working directory). Add `baseline` and `env`.
 */
export function coverageOptionsFromConfig(
  config: CoverageConfig,
  configDir: string,
  cwd: string,
): CoverageOptions & { cobertura?: string } {
  return {
    files: config.files,
    cwd: configDir,
    root: path.resolve(cwd),
    format: config.format,
    ...(config.exclude ? { exclude: config.exclude } : {}),
    ...(config.base ? { base: config.base } : {}),
    gateIndirect: config.gate_indirect,
    ...(config.cobertura ? { cobertura: path.resolve(configDir, config.cobertura) } : {}),
  };
}

/**
 * Ingest the reports, map them onto the repository, merge, summarise, compare with the baseline
 * and compute patch coverage against the merge-base. Bad reports throw UsageError; a missing base
 * commit only adds a notice.
 */
export async function analyzeCoverage(options: CoverageOptions): Promise<CoverageAnalysis> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  const base = options.base ?? defaultBase(options.env ?? process.env);
  if (base?.startsWith('-'))
    throw new UsageError(`--base ${JSON.stringify(base)}: expected a git ref or commit`);
  // git lists the files and diffs in child processes while this one parses the reports.
  const indexing = options.index ? Promise.resolve(options.index) : loadRepoIndex(root);
  const diffing = base === undefined ? undefined : diffAgainstBase(root, base);
  diffing?.catch(() => undefined);
  indexing.catch(() => undefined);
  const index = await indexing;
  const ingested = await ingestReports({
    files: options.files,
    cwd: options.cwd,
    index,
    ...(options.format ? { format: options.format } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const { files, totals } = summarise(ingested.map);
  const notices = [...ingested.notices];

  let diff: DiffOutcome | undefined;
  let patch: PatchCoverage | undefined;
  if (diffing === undefined) {
    notices.push('no base commit (pass --base REF or set coverage.base): patch coverage skipped');
  } else {
    diff = await diffing;
    if (!diff.ok) notices.push(diff.notice);
    else {
      const extensions = new Set(files.map((f) => path.posix.extname(f.path)));
      const computed = computePatch(
        diff.files,
        (p) => (ingested.map.data[p] ? lineHits(ingested.map.fileCoverageFor(p)) : undefined),
        extensions,
      );
      patch = { base: diff.base, mergeBase: diff.mergeBase, head: diff.head, ...computed };
    }
  }
  const changes = diff ? changeSet(diff) : undefined;
  const comparison = options.baseline
    ? compareWithBaseline({ totals, files }, options.baseline, changes, options.gateIndirect ?? false)
    : undefined;
  if (comparison && !comparison.indirectKnown && comparison.changed.length > 0) {
    notices.push(
      'without a diff against the base, direct and indirect coverage changes cannot be told apart',
    );
  }
  const section: CoverageResult = {
    inputs: ingested.inputs,
    totals,
    files,
    ignored: { count: ingested.ignored.length, files: ingested.ignored.slice(0, IGNORED_LISTED) },
    ...(comparison ? { comparison } : {}),
    ...(patch ? { patch } : {}),
    notices,
  };
  return { section, root, map: ingested.map, ...(changes ? { changedFiles: changes.changed } : {}) };
}

/**
 * A baseline for analyzeCoverage from a file: an autoglm results document (its `coverage`
 * section), or a coverage report of any supported format, summarised the same way as the
 * current one (files absent from this checkout are then ignored rather than listed as deleted).
 */
export async function readCoverageBaseline(
  file: string,
  options: Pick<CoverageOptions, 'cwd' | 'root' | 'format' | 'exclude' | 'index'>,
): Promise<BaselineCoverage> {
  const abs = path.resolve(options.cwd, file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  if (/^\s*\{/.test(text) && /"schemaVersion"\s*:/.test(text.slice(0, 200))) {
    return baselineFromResults(text, file);
  }
  const root = path.resolve(options.cwd, options.root ?? '.');
  const index = options.index ?? (await loadRepoIndex(root));
  const ingested = await ingestReports({
    files: [abs],
    cwd: options.cwd,
    index,
    ...(options.format ? { format: options.format } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  return { source: file, ...summarise(ingested.map) };
}

/** The coverage section of a results document's text, checked against the schema. */
export function baselineFromResults(text: string, file: string): BaselineCoverage {
  let doc: { coverage?: unknown; schemaVersion?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (doc.coverage === undefined) {
    throw new UsageError(
      `${file}: this results document has no coverage section`,
      'the baseline run must include coverage (autoglm coverage --json, or coverage: in autoglm.yml)',
    );
  }
  const parsed = CoverageResultSchema.safeParse(doc.coverage);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${file}: invalid coverage section at coverage.${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return baselineFromSection(parsed.data, file);
}

/** Use a results document's coverage section (already validated) as the baseline. */
export function baselineFromSection(section: CoverageResult, source: string): BaselineCoverage {
  return { source, totals: section.totals, files: section.files };
}

/** Line data for the Cobertura writer (src/report/coverage.ts renderCobertura). */
export function coberturaInput(analysis: CoverageAnalysis): {
  root: string;
  files: Array<{
    path: string;
    lines: Array<[number, number]>;
    branches: Map<number, { covered: number; total: number }>;
  }>;
  priority: ReadonlySet<string>;
} {
  const files = analysis.map
    .files()
    .sort()
    .map((p) => {
      const fc = analysis.map.fileCoverageFor(p);
      const lines = [...lineHits(fc)].sort((a, b) => a[0] - b[0]);
      const branches = new Map<number, { covered: number; total: number }>();
      for (const [line, b] of Object.entries(fc.getBranchCoverageByLine())) {
        const v = b as { covered: number; total: number };
        branches.set(Number(line), { covered: v.covered, total: v.total });
      }
      return { path: p, lines, branches };
    });
  return { root: analysis.root, files, priority: analysis.changedFiles ?? new Set() };
}
