/**
 * `npm run mutation [-- SCOPE... [--stryker-option value...]]`: StrykerJS (stryker.config.mjs) one scope at a time, each mutant
 * run against the unit tests of its folder only (a config mutant would otherwise rerun most of the
 * suite). Scopes: compare, coverage, baseline, report, config, builtins; none given = all of them.
 * Writes reports/mutation/<scope>.html and .json and prints each scope's score:
 * detected (killed + timed out) / (detected + survived + no coverage), Stryker's own formula.
 *
 * `--per-file`: one Stryker run per source file of the scope, each against only the scope's test
 * files that import it (directly or through other modules). Each mutant then reloads a few test
 * files instead of all of them: minutes per file instead of hours per scope on a 2-core machine.
 * Writes reports/mutation/<scope>--<file>.json and prints each file's score and the scope's total.
 * `--per-file=TEXT` runs only the files whose path contains TEXT.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const SCOPES: Record<string, { mutate: string[]; tests: string[] }> = {
  compare: {
    mutate: ['src/compare/**/*.ts'],
    tests: [
      'test/compare.test.ts',
      'test/compare-findings.test.ts',
      'test/gate-rows.test.ts',
      'test/llm-compare.test.ts',
      'test/waivers.test.ts',
      'test/stats.test.ts',
      'test/coverage-gates.test.ts',
      'test/gate-status.test.ts',
      'test/headline.test.ts',
      'test/setup-change.test.ts',
      'test/tail-gates.test.ts',
      'test/verdict-inconclusive.test.ts',
      // Unit tests that reach compare/ too: waivers and the trend (report-comment), gate rows and
      // metric values (report), LLM suites' comparison (llm-evals), the stats on timed suites.
      'test/report-comment.test.ts',
      'test/report.test.ts',
      'test/llm-evals.test.ts',
      'test/suite-timing.test.ts',
      // Unit tests of the stats modules (issue 14 mutation review): exact reasons, boundaries and figures.
      'test/verdict.test.ts',
      'test/mcnemar.test.ts',
      'test/quantile.test.ts',
      'test/noise-band.test.ts',
      'test/bootstrap.test.ts',
      'test/mann-whitney.test.ts',
      'test/direction.test.ts',
      'test/rng.test.ts',
      'test/severity.test.ts',
      'test/trend.test.ts',
      'test/describe-stats.test.ts',
      'test/change-points.test.ts',
    ],
  },
  coverage: {
    mutate: ['src/coverage/**/*.ts'],
    tests: [
      'test/coverage-cli.test.ts',
      'test/coverage-ingest.test.ts',
      'test/coverage-patch.test.ts',
      'test/coverage-report.test.ts',
      // Each parser and the ingestion's notices and errors, through their exported functions.
      'test/coverage-lcov.test.ts',
      'test/coverage-cobertura.test.ts',
      'test/coverage-inputs.test.ts',
      'test/coverage-detect.test.ts',
      // Unit tests of each remaining module (issue 14 mutation review): exact notices, errors, boundaries.
      'test/coverage-analyze.test.ts',
      'test/coverage-base.test.ts',
      'test/coverage-compare.test.ts',
      'test/coverage-diff.test.ts',
      'test/coverage-istanbul.test.ts',
      'test/coverage-json.test.ts',
      'test/coverage-patch-lines.test.ts',
      'test/coverage-paths.test.ts',
      'test/coverage-summary.test.ts',
      'test/coverage-v8.test.ts',
    ],
  },
  baseline: {
    mutate: ['src/baseline/**/*.ts'],
    tests: [
      'test/baseline-artifact.test.ts',
      'test/baseline-cache.test.ts',
      'test/baseline-gitlab.test.ts',
      'test/baseline-stores.test.ts',
      // Which ref a local run's merge-base came from (context.ts) and the file store's notices.
      'test/baseline-ref.test.ts',
      'test/baseline-resolve.test.ts',
      'test/baseline-context.test.ts',
      'test/baseline-git.test.ts',
      'test/baseline-branch.test.ts',
      'test/baseline-cache-keys.test.ts',
    ],
  },
  report: {
    mutate: ['src/report/**/*.ts'],
    tests: [
      'test/report.test.ts',
      'test/report-comment.test.ts',
      'test/gitlab-reports.test.ts',
      'test/coverage-report.test.ts',
      'test/plan.test.ts',
      'test/triage.test.ts',
      // The headline, gate rows and baseline line (issue 14) have unit tests of their own.
      'test/headline.test.ts',
      'test/gate-status.test.ts',
      'test/baseline-ref.test.ts',
      'test/verdict-inconclusive.test.ts',
      'test/cost.test.ts',
      'test/llm-evals.test.ts',
      // Unit tests of each report module (issue 14 mutation review): exact lines, caps and boundaries.
      'test/coverage-markdown.test.ts',
      'test/report-sections.test.ts',
      'test/llm-report.test.ts',
      'test/report-findings.test.ts',
      'test/headline-wording.test.ts',
      'test/testgen-report.test.ts',
      'test/plan-report.test.ts',
      'test/codequality-report.test.ts',
      'test/suites-report.test.ts',
      'test/format-report.test.ts',
      'test/gitlab-artifacts.test.ts',
      'test/trend-budget.test.ts',
      'test/terminal-report.test.ts',
      'test/comment-budget.test.ts',
      'test/report-escape.test.ts',
      'test/report-markdown.test.ts',
      'test/report-words.test.ts',
    ],
  },
  config: {
    mutate: ['src/config/**/*.ts'],
    tests: [
      'test/config.test.ts',
      'test/config-values.test.ts',
      'test/config-rules.test.ts',
      'test/config-messages.test.ts',
      'test/config-suggest.test.ts',
      // docs/config.md is generated from the schema's descriptions: a changed one is caught here.
      'test/docs.test.ts',
      'test/coverage-gates.test.ts',
      'test/cost.test.ts',
      'test/llm-evals.test.ts',
    ],
  },
  builtins: {
    mutate: ['src/testgen/explore/builtins*.ts'],
    tests: ['test/testgen-builtins.test.ts', 'test/testgen-units.test.ts'],
  },
};

interface MutantStatus {
  status: string;
}

function score(report: string): { detected: number; undetected: number; ignored: number } {
  const doc = JSON.parse(readFileSync(report, 'utf8')) as {
    files: Record<string, { mutants: MutantStatus[] }>;
  };
  const all = Object.values(doc.files).flatMap((f) => f.mutants);
  const count = (...s: string[]) => all.filter((m) => s.includes(m.status)).length;
  return {
    detected: count('Killed', 'Timeout'),
    undetected: count('Survived', 'NoCoverage'),
    ignored: count('Ignored', 'CompileError', 'RuntimeError'),
  };
}

// Relative imports of a source or test file, resolved to files (`./x.js` written for `./x.ts`).
const importCache = new Map<string, string[]>();
function importsOf(file: string): string[] {
  const hit = importCache.get(file);
  if (hit) return hit;
  const out: string[] = [];
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(file), m[1] as string);
    const found = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')].find(
      (f) => f.endsWith('.ts') && existsSync(f),
    );
    if (found) out.push(found);
  }
  importCache.set(file, out);
  return out;
}

/** The scope's test files that reach a source file (repository-relative) through their imports. */
export function testsFor(scope: { tests: string[] }, file: string): string[] {
  return scope.tests.filter((t) => existsSync(path.join(root, t)) && reaches(t, path.join(root, file)));
}

/** Whether a test file reaches a source file through its imports. */
function reaches(test: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [path.join(root, test)];
  while (stack.length > 0) {
    const f = stack.pop() as string;
    if (f === target) return true;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...importsOf(f));
  }
  return false;
}

interface Tally {
  detected: number;
  undetected: number;
  ignored: number;
}

const pctOf = (s: Tally) => (100 * s.detected) / Math.max(1, s.detected + s.undetected);
const line = (name: string, s: Tally) =>
  `${name}: ${pctOf(s).toFixed(2)}% (${s.detected} detected, ${s.undetected} undetected, ${s.ignored} ignored)`;

/** One Stryker run per file of the scope, each with the scope's tests that import it. */
function perFile(
  name: string,
  scope: (typeof SCOPES)[string],
  extra: string[],
  out: string,
  lines: string[],
  only: string,
): boolean {
  const files = globSync(scope.mutate, { cwd: root })
    .filter((f) => f.includes(only))
    .sort();
  const total: Tally = { detected: 0, undetected: 0, ignored: 0 };
  let ok = true;
  for (const file of files) {
    const tests = testsFor(scope, file);
    if (tests.length === 0) {
      lines.push(`${name} ${file}: no test file of the scope imports it (not run)`);
      continue;
    }
    process.stderr.write(`== mutation: ${name} ${file} (tests: ${tests.join(' ')})\n`);
    const r = spawnSync('npx', ['stryker', 'run', '--mutate', file, ...extra], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MUTATION_TESTS: tests.join(',') },
    });
    if (r.status !== 0) {
      ok = false;
      lines.push(`${name} ${file}: stryker exited ${r.status ?? r.signal}`);
      continue;
    }
    const report = path.join(out, `${name}--${file.replace(/[/\\]/g, '_')}.json`);
    copyFileSync(path.join(out, 'mutation.json'), report);
    const s = score(report);
    for (const k of ['detected', 'undetected', 'ignored'] as const) total[k] += s[k];
    lines.push(line(`${name} ${file}`, s));
  }
  lines.push(line(`${name} (${files.length} files)`, total));
  return ok;
}

function main(): void {
  // Scope names; anything starting with -- goes to stryker (e.g. --concurrency 1).
  const args = process.argv.slice(2);
  const flagAt = args.findIndex((a) => a.startsWith('--'));
  const asked = flagAt < 0 ? args : args.slice(0, flagAt);
  const flags = flagAt < 0 ? [] : args.slice(flagAt);
  // `--per-file` or `--per-file=TEXT` (only the scope's files whose path contains TEXT).
  const perFileFlag = flags.find((a) => a === '--per-file' || a.startsWith('--per-file='));
  const byFile = perFileFlag !== undefined;
  const only = perFileFlag?.includes('=') ? perFileFlag.slice(perFileFlag.indexOf('=') + 1) : '';
  const extra = flags.filter((a) => a !== perFileFlag);
  if (byFile && extra.includes('--mutate')) {
    process.stderr.write('mutation: --per-file picks the files itself; leave out --mutate\n');
    process.exit(2);
  }
  const unknown = asked.filter((s) => !(s in SCOPES));
  if (unknown.length > 0) {
    process.stderr.write(
      `mutation: unknown scope ${unknown.join(', ')}; expected ${Object.keys(SCOPES).join(', ')}\n`,
    );
    process.exit(2);
  }
  const out = path.join(root, 'reports', 'mutation');
  mkdirSync(out, { recursive: true });
  const lines: string[] = [];
  let failed = false;
  for (const name of asked.length > 0 ? asked : Object.keys(SCOPES)) {
    const scope = SCOPES[name] as (typeof SCOPES)[string];
    if (byFile) {
      if (!perFile(name, scope, extra, out, lines, only)) failed = true;
      continue;
    }
    const tests = scope.tests.filter((t) => existsSync(path.join(root, t)));
    process.stderr.write(`== mutation: ${name} (${scope.mutate.join(' ')}; tests: ${tests.join(' ')})\n`);
    const r = spawnSync('npx', ['stryker', 'run', '--mutate', scope.mutate.join(','), ...extra], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MUTATION_TESTS: tests.join(',') },
    });
    if (r.status !== 0) {
      failed = true;
      lines.push(`${name}: stryker exited ${r.status ?? r.signal}`);
      continue;
    }
    copyFileSync(path.join(out, 'mutation.json'), path.join(out, `${name}.json`));
    copyFileSync(path.join(out, 'index.html'), path.join(out, `${name}.html`));
    lines.push(line(name, score(path.join(out, `${name}.json`))));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failed) process.exit(1);
}

// Run as a script (`npm run mutation`), not when a test imports SCOPES.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
