import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import libCoverage, { type CoverageMap } from 'istanbul-lib-coverage';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import type { CoverageFormat, IgnoredFile } from '../results/coverage.js';
import { parseCobertura } from './cobertura.js';
import { detectFormat } from './detect.js';
import { parseIstanbul } from './istanbul.js';
import { parseLcov } from './lcov.js';
import { excludeMatcher, PathResolver, type RepoIndex } from './paths.js';
import type { RawEntry } from './types.js';
import { convertV8, parseV8, V8_DEFAULT_EXCLUDE } from './v8.js';

export interface IngestOptions {
  /** Report files, globs or folders (a NODE_V8_COVERAGE folder), relative to `cwd`. */
  files: readonly string[];
  cwd: string;
  index: RepoIndex;
  /** Force a format instead of detecting it per file. */
  format?: CoverageFormat | 'auto';
  /** Repo-relative globs not to count. Raw V8 reports use c8's defaults when this is absent. */
  exclude?: readonly string[];
}

export interface IngestedInput {
  file: string;
  format: CoverageFormat;
  entries: number;
}

export interface Ingested {
  /** Merged coverage keyed by repo-relative path. */
  map: CoverageMap;
  inputs: IngestedInput[];
  ignored: IgnoredFile[];
  notices: string[];
}

const REPORT_EXTENSIONS = /\.(json|info|lcov|xml)$/i;

/** Expand paths, globs and folders into report files, in a stable order, each once. */
export async function expandReportFiles(
  specs: readonly string[],
  cwd: string,
  notices: string[],
): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string, spec: string) => {
    if (seen.has(file)) {
      notices.push(`${spec}: ${path.relative(cwd, file) || file} is given more than once; read once`);
      return;
    }
    seen.add(file);
    out.push(file);
  };
  for (const spec of specs) {
    if (isDynamicPattern(spec)) {
      // expandDirectories off: a folder that matches (`x.info/`) is not a report, nor is what it holds.
      const matches = (
        await glob([spec], { cwd, absolute: true, onlyFiles: true, dot: true, expandDirectories: false })
      ).sort();
      if (matches.length === 0)
        throw new UsageError(`${spec}: the pattern matched no file (relative to ${cwd})`);
      for (const m of matches) add(path.resolve(m), spec);
      continue;
    }
    const file = path.resolve(cwd, spec);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      throw new UsageError(`${spec}: no such coverage report (looked in ${path.dirname(file)})`);
    }
    if (info.isDirectory()) {
      const inside = (await readdir(file)).filter((f) => REPORT_EXTENSIONS.test(f)).sort();
      if (inside.length === 0)
        throw new UsageError(`${spec}: the folder holds no .json, .info, .lcov or .xml report`);
      for (const f of inside) add(path.join(file, f), spec);
    } else add(file, spec);
  }
  return out;
}

/** Map a report's entries onto the repository and add them to `map` (istanbul merge semantics). */
function addEntries(
  entries: readonly RawEntry[],
  resolver: PathResolver,
  excluded: (p: string) => boolean,
  name: string,
  map: CoverageMap,
  ignored: IgnoredFile[],
  notices: string[],
): string[] {
  const seenHere = new Map<string, string>();
  const added: string[] = [];
  for (const e of entries) {
    const r = resolver.resolve(e.alternatives ? [e.rawPath, ...e.alternatives] : [e.rawPath]);
    if (!r.ok) {
      ignored.push({ path: e.rawPath, reason: r.reason, input: name });
      continue;
    }
    if (excluded(r.path)) {
      ignored.push({ path: r.path, reason: 'excluded', input: name });
      continue;
    }
    const before = seenHere.get(r.path);
    if (before !== undefined) {
      notices.push(
        `${name}: ${JSON.stringify(before)} and ${JSON.stringify(e.rawPath)} are the same file ${r.path}; merged`,
      );
    } else seenHere.set(r.path, e.rawPath);
    e.data.path = r.path;
    map.addFileCoverage(e.data);
    added.push(r.path);
  }
  return added;
}

/**
 * Read every report, detect its format, map its paths onto the repository and merge everything
 * with istanbul-lib-coverage's merge (hits added per statement, function and branch location).
 */
export async function ingestReports(options: IngestOptions): Promise<Ingested> {
  const notices: string[] = [];
  const files = await expandReportFiles(options.files, options.cwd, notices);
  const map = libCoverage.createCoverageMap({});
  const inputs: IngestedInput[] = [];
  const ignored: IgnoredFile[] = [];
  const sizes = new Map<number, { pending: Array<[string, string]>; hashes: Map<string, string> }>();
  const userExclude = excludeMatcher(options.exclude);
  const v8Exclude = options.exclude ? userExclude : excludeMatcher(V8_DEFAULT_EXCLUDE);
  const root = options.index.root;
  let totalEntries = 0;
  const foreignRoots = new Set<string>();
  const formatsOf = new Map<string, Set<CoverageFormat>>();
  const noteFormat = (p: string, f: CoverageFormat) => {
    const set = formatsOf.get(p);
    if (set) set.add(f);
    else formatsOf.set(p, new Set([f]));
  };
  for (const file of files) {
    const name = path.relative(options.cwd, file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(
        `${name}: cannot read the coverage report (${(e as NodeJS.ErrnoException).code ?? e})`,
      );
    }
    // Identical reports (the same artifact downloaded twice) would double every hit count. Only
    // reports of equal size are hashed: hashing every 100 MB report would cost more than it finds.
    const sameSize = sizes.get(text.length);
    if (sameSize !== undefined) {
      const key = (t: string) => createHash('sha1').update(t).digest('hex');
      for (const [otherName, otherFile] of sameSize.pending.splice(0)) {
        sameSize.hashes.set(key(await readFile(otherFile, 'utf8')), otherName);
      }
      const hash = key(text);
      const twin = sameSize.hashes.get(hash);
      if (twin !== undefined) {
        notices.push(`${name} is identical to ${twin}; counted once`);
        continue;
      }
      sameSize.hashes.set(hash, name);
    } else sizes.set(text.length, { pending: [[name, file]], hashes: new Map() });
    const format = !options.format || options.format === 'auto' ? detectFormat(text, name) : options.format;
    const reportDir = path.relative(root, path.dirname(file)).split(path.sep).join('/');
    if (format === 'v8') {
      const report = parseV8(text, name);
      const fileUrls = report.scripts.map((s) => s.url).filter((u) => /^file:/i.test(u));
      const resolver = new PathResolver(options.index, reportDir, fileUrls);
      if (resolver.reportRoot) foreignRoots.add(resolver.reportRoot);
      const converted = await convertV8(report, name, resolver, root, v8Exclude);
      ignored.push(...converted.ignored);
      notices.push(...converted.notices);
      const local = new PathResolver(options.index, '', []);
      const added = addEntries(converted.entries, local, v8Exclude, name, map, ignored, notices);
      for (const p of added) noteFormat(p, format);
      inputs.push({ file: name, format, entries: fileUrls.length });
      totalEntries += added.length + converted.ignored.length;
      continue;
    }
    const parsed =
      format === 'istanbul'
        ? parseIstanbul(text, name)
        : format === 'lcov'
          ? parseLcov(text, name)
          : parseCobertura(text, name);
    notices.push(...parsed.notices);
    const spellings = parsed.entries.flatMap((e) =>
      e.alternatives ? [e.rawPath, ...e.alternatives] : [e.rawPath],
    );
    const resolver = new PathResolver(options.index, reportDir, spellings);
    if (resolver.reportRoot) foreignRoots.add(resolver.reportRoot);
    for (const p of addEntries(parsed.entries, resolver, userExclude, name, map, ignored, notices))
      noteFormat(p, format);
    inputs.push({ file: name, format, entries: parsed.entries.length });
    totalEntries += parsed.entries.length;
  }
  if (totalEntries === 0) {
    throw new UsageError(
      `${inputs.map((i) => i.file).join(', ') || options.files.join(', ')}: empty coverage report: no source file of the project in it`,
      'check that the tests ran with coverage on and wrote their report before this step',
    );
  }
  if (map.files().length === 0) {
    const examples = ignored
      .filter((i) => i.reason !== 'excluded')
      .slice(0, 3)
      .map((i) => i.path);
    const onlyExcluded = examples.length === 0;
    throw new UsageError(
      onlyExcluded
        ? `${inputs.map((i) => i.file).join(', ')}: every file of the report is excluded by the exclude globs`
        : `${inputs.map((i) => i.file).join(', ')}: no path of the report matches a file of the repository at ${root} (e.g. ${examples.map((p) => JSON.stringify(p)).join(', ')})`,
      onlyExcluded
        ? 'loosen coverage.exclude / --exclude'
        : 'paths are matched against the repository root (absolute paths from another machine by their longest suffix that is a file here; relative paths against the report folder and its parents): run autoglm from the checkout the tests ran in, or pass --root',
    );
  }
  const mixed = [...formatsOf].filter(([, f]) => f.size > 1);
  if (mixed.length > 0) {
    const [p, f] = mixed[0] as [string, Set<CoverageFormat>];
    notices.push(
      `${mixed.length} file${mixed.length === 1 ? ' is' : 's are'} in reports of different formats (e.g. ${p}: ${[...f].join(', ')}): lines merge exactly, but statements, functions and branches are located differently by each format and may be counted twice; give one format per file for exact totals`,
    );
  }
  if (foreignRoots.size > 0) {
    notices.push(`report paths rooted at ${[...foreignRoots].join(', ')} were mapped onto ${root}`);
  }
  return { map, inputs, ignored, notices };
}
