import './node-globals.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { TestgenConfig } from '../config/testgen.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../results/io.js';
import type { TestgenResult } from '../results/testgen.js';
import { FRAMEWORKS, type Framework, testFilePath } from './emit.js';
import { type GenerateResult, generate } from './generate.js';
import { changedLines, readerAt, repoRoot, verifyRef } from './git.js';
import { planWrites } from './merge.js';
import { closeSolver, Z3Session } from './solve.js';

export { FRAMEWORKS, type Framework } from './emit.js';

/** Everything `autoglm testgen` (and the testgen step of `autoglm run`) needs, already parsed. */
export interface TestgenSettings {
  cwd: string;
  /** The `testgen:` section of the config, with the folder its relative paths start from. */
  config?: TestgenConfig;
  configDir?: string;
  /** Globs or files from the command line (override `config.targets`). */
  targets?: string[];
  out?: string;
  framework?: Framework;
  budgetSeconds?: number;
  timeoutMs?: number;
  changedOnly?: boolean;
  base?: string;
  junit?: string;
  /** Write the test files and the JUnit XML (default true). */
  write?: boolean;
  /** Overwrite generated test files a person edited (default: testgen.force, else false). */
  force?: boolean;
  log?: (message: string) => void;
}

export interface TestgenOutcome {
  result: TestgenResult;
  /** Absolute paths of the test files written. */
  written: string[];
  /** Absolute path of the JUnit XML, when written. */
  junitPath?: string;
}

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/*.d.ts', '**/*.test.*', '**/*.spec.*', '**/dist/**'];

/** The project's test framework: vitest or jest when package.json depends on it, node:test otherwise. */
export function detectFramework(root: string): Framework {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return 'node';
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    if (deps.vitest) return 'vitest';
    if (deps.jest) return 'jest';
  } catch {
    // An unreadable package.json: default framework.
  }
  return 'node';
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Expand targets (files or globs) to source files, sorted. */
export async function expandTargets(patterns: string[], base: string, exclude: string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const p of patterns) {
    const abs = path.resolve(base, p);
    if (!/[*?[\]{}]/.test(p)) {
      if (!existsSync(abs)) throw new UsageError(`testgen target ${p}: no such file`);
      if (!/\.(c|m)?(t|j)sx?$/.test(abs))
        throw new UsageError(`testgen target ${p}: expected a .ts, .tsx, .js, .mjs or .cjs file`);
      files.add(abs);
      continue;
    }
    for (const f of await glob(p, { cwd: base, absolute: true, ignore: [...ALWAYS_EXCLUDED, ...exclude] })) {
      if (/\.(c|m)?(t|j)sx?$/.test(f)) files.add(path.resolve(f));
    }
  }
  return [...files].sort();
}

function toResult(
  gen: GenerateResult,
  framework: Framework,
  out: string,
  budgetSeconds: number,
  base: string | undefined,
  junit: string | undefined,
): TestgenResult {
  const fns = gen.functions;
  const sum = (f: (x: (typeof fns)[number]) => number) => fns.reduce((n, x) => n + f(x), 0);
  return {
    framework,
    out,
    budgetSeconds,
    durationMs: gen.stats.durationMs,
    ...(base ? { base } : {}),
    files: gen.files.map((f) => ({
      file: f.file,
      ...(f.testFile ? { testFile: f.testFile } : {}),
      ...(f.skipped ? { skipped: f.skipped } : {}),
      diagnostics: f.diagnostics,
      ...(f.module ? { module: f.module } : {}),
    })),
    functions: fns.map((f) => ({ ...f, ...(f.reason ? { reason: f.reason } : {}) })),
    totals: {
      functions: fns.length,
      tested: fns.filter((f) => f.status === 'tested').length,
      partial: fns.filter((f) => f.status === 'partial').length,
      skipped: fns.filter((f) => f.status === 'skipped').length,
      tests: sum((f) => f.tests),
      bySolver: sum((f) => f.bySolver),
      bySearch: sum((f) => f.bySearch),
      branches: { covered: sum((f) => f.branches.covered), total: sum((f) => f.branches.total) },
    },
    behaviourChanges: gen.behaviourChanges,
    ...(gen.newFunctions.length > 0 ? { newFunctions: gen.newFunctions } : {}),
    ...(junit ? { junit } : {}),
    stats: {
      solverChecks: gen.stats.solverChecks,
      solverMs: gen.stats.solverMs,
      executions: gen.stats.executions,
      timeouts: gen.stats.timeouts,
      ...(gen.stats.testRunError ? { testRunError: gen.stats.testRunError } : {}),
    },
  };
}

/**
 * Generate tests: expand the targets, analyse, explore and solve, search, verify, emit the test
 * files, measure their coverage by running them, and (with a base ref) diff behaviour against the
 * base version. Writes the test files and the JUnit XML; returns the results-document section.
 */
export async function runTestgen(settings: TestgenSettings): Promise<TestgenOutcome> {
  const cfg = settings.config;
  const configDir = settings.configDir ?? settings.cwd;
  const root = (await repoRoot(settings.cwd)) ?? settings.cwd;
  const targets = settings.targets?.length ? settings.targets : cfg?.targets;
  if (!targets?.length) {
    throw new UsageError(
      'autoglm testgen: no targets',
      'pass files or globs, e.g. `autoglm testgen "src/**/*.ts"`, or set testgen.targets in autoglm.yml',
    );
  }
  const targetBase = settings.targets?.length ? settings.cwd : configDir;
  const files = await expandTargets(targets, targetBase, cfg?.exclude ?? []);
  if (files.length === 0)
    throw new UsageError(`autoglm testgen: no source files match ${targets.join(', ')}`);
  const outDir =
    settings.out !== undefined
      ? path.resolve(settings.cwd, settings.out)
      : path.resolve(configDir, cfg?.out ?? 'test/generated');
  if (!inside(root, outDir)) {
    throw new UsageError(
      `--out ${settings.out ?? cfg?.out}: ${outDir} is outside the repository (${root}); tests are written inside it only`,
    );
  }
  const framework = settings.framework ?? cfg?.framework ?? detectFramework(root);
  if (!FRAMEWORKS.includes(framework))
    throw new UsageError(
      `--framework: expected one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(framework)}`,
    );
  const budgetSeconds = settings.budgetSeconds ?? cfg?.budget ?? 60;
  const timeoutMs = settings.timeoutMs ?? cfg?.timeout_ms ?? 1000;
  const baseRef = settings.base ?? cfg?.base;
  const changedOnly = settings.changedOnly ?? cfg?.changed_only ?? false;
  if (changedOnly && !baseRef)
    throw new UsageError('--changed-only needs --base REF (or testgen.base in autoglm.yml)');
  let changed: Map<string, [number, number][]> | undefined;
  let base: Parameters<typeof generate>[0]['base'];
  if (baseRef) {
    await verifyRef(root, baseRef);
    changed = await changedLines(root, baseRef);
    const read = await readerAt(root, baseRef, files);
    const ranges = changed;
    base = {
      ref: baseRef,
      read,
      isChanged: (file, fn) => (ranges.get(file) ?? []).some(([a, b]) => a <= fn.endLine && b >= fn.line),
      lines: (file) => ranges.get(file) ?? [],
    };
  }
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const write = settings.write ?? true;
  const sourceFunctions = new Map<string, Set<string>>();
  let gen: GenerateResult;
  try {
    gen = await generate({
      root,
      files,
      out: outDir,
      framework,
      budgetMs: budgetSeconds * 1000,
      callTimeoutMs: timeoutMs,
      runTests: true,
      useSolver: true,
      useSearch: true,
      select: (file, fn) => {
        // Every function of every source passes here: blocks of functions gone are dropped.
        (sourceFunctions.get(file) ?? sourceFunctions.set(file, new Set()).get(file))?.add(fn.name);
        return !(changedOnly && base) || base.isChanged(file, fn);
      },
      ...(base ? { base } : {}),
      limits: { ...(cfg ? { loopBound: cfg.loop_bound, maxPaths: cfg.max_paths } : {}) },
      openSolver: () => Z3Session.open(),
      ...(settings.log ? { log: settings.log } : {}),
    });
  } finally {
    await closeSolver();
  }
  const written: string[] = [];
  if (write) {
    // Every file is checked (an edited one stops the run) before the first is written.
    const sources = new Map(files.map((f) => [testFilePath(f, root, outDir), f]));
    const planned = await planWrites(gen.outputs, {
      root,
      framework,
      force: settings.force ?? cfg?.force ?? false,
      sourceOf: (t) => sources.get(t),
      functionsOf: (f) => sourceFunctions.get(f) ?? new Set(),
    });
    for (const p of planned) {
      await writeFileAtomic(p.file, p.content);
      written.push(p.file);
      if (p.kept.length) settings.log?.(`${rel(p.file)}: kept the tests of ${p.kept.join(', ')} as written`);
    }
  }
  const junitSetting = settings.junit ?? cfg?.junit;
  let junitPath: string | undefined;
  if (write && gen.junitXml && junitSetting) {
    junitPath = path.resolve(settings.junit ? settings.cwd : configDir, junitSetting);
    await writeFileAtomic(junitPath, gen.junitXml);
  }
  const result = toResult(
    gen,
    framework,
    rel(outDir) || '.',
    budgetSeconds,
    baseRef,
    junitPath ? rel(junitPath) : undefined,
  );
  return { result, written, ...(junitPath ? { junitPath } : {}) };
}
