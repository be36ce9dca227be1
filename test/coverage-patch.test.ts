import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeCoverage, baselineFromSection } from '../src/coverage/analyze.js';
import { diffAgainstBase } from '../src/coverage/base.js';
import { parseUnifiedDiff, unquoteGitPath } from '../src/coverage/diff.js';
import { computePatch, uncoveredRanges } from '../src/coverage/patch.js';
import { type CoverageFile, coverageMetrics } from '../src/results/coverage.js';
import { ROOT, tempDir, usageErrorAsync } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
}

/**
 * A repository whose HEAD is the sample project exactly as the fixtures' coverage was measured on,
 * and whose first commit is an older version:
 * - src/math.js had no `mean` (HEAD lines 28-36 added) and divide returned Infinity (line 13 modified);
 * - src/strings.js was src/text.js without `reverse` (renamed, HEAD lines 27-30 added);
 * - src/unused.js is unchanged; README.md and src/extra.js (in no report) change too.
 */
function makeRepo(): { dir: string; base: string } {
  const dir = tempDir('autoglm-git-');
  cpSync(PROJECT, dir, { recursive: true });
  const math = readFileSync(path.join(dir, 'src', 'math.js'), 'utf8').split('\n');
  const strings = readFileSync(path.join(dir, 'src', 'strings.js'), 'utf8').split('\n');
  const oldMath = [...math.slice(0, 27), ''];
  oldMath[12] = '    return Infinity;';
  writeFileSync(path.join(dir, 'src', 'math.js'), oldMath.join('\n'));
  renameSync(path.join(dir, 'src', 'strings.js'), path.join(dir, 'src', 'text.js'));
  writeFileSync(path.join(dir, 'src', 'text.js'), [...strings.slice(0, 26), ''].join('\n'));
  writeFileSync(path.join(dir, 'README.md'), 'old\n');
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', 'base');
  const base = sh(dir, 'rev-parse', 'HEAD');
  sh(dir, 'checkout', '-q', '-b', 'feature');
  cpSync(path.join(PROJECT, 'src'), path.join(dir, 'src'), { recursive: true });
  sh(dir, 'rm', '-q', 'src/text.js');
  writeFileSync(path.join(dir, 'README.md'), 'new\n');
  writeFileSync(path.join(dir, 'src', 'extra.js'), 'export const x = 1;\n');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', 'change');
  return { dir, base };
}

describe('diff parsing', () => {
  it('reads added/modified lines, renames, new and deleted files from --unified=0 output', () => {
    const diff = [
      'diff --git a/src/old.ts b/src/new.ts',
      'similarity index 90%',
      'rename from src/old.ts',
      'rename to src/new.ts',
      'index 1..2 100644',
      '--- a/src/old.ts',
      '+++ b/src/new.ts',
      '@@ -3 +3 @@ fn',
      '---- a/not-a-header',
      '+changed',
      '@@ -10,0 +11,2 @@',
      '+a',
      '+b',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-x',
      '-y',
      'diff --git a/moved.ts b/moved2.ts',
      'similarity index 100%',
      'rename from moved.ts',
      'rename to moved2.ts',
      'diff --git "a/sp\\303\\251cial \\"q\\".ts" "b/sp\\303\\251cial \\"q\\".ts"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/sp\\303\\251cial \\"q\\".ts"',
      '@@ -0,0 +1,3 @@',
      '+1',
      '+2',
      '\\ No newline at end of file',
      '+3',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { path: 'src/new.ts', previousPath: 'src/old.ts', lines: [3, 11, 12] },
      { path: 'moved2.ts', previousPath: 'moved.ts', lines: [] },
      { path: 'spécial "q".ts', lines: [1, 2, 3] },
    ]);
    expect(unquoteGitPath('plain.ts')).toBe('plain.ts');
  });
});

describe('uncovered ranges', () => {
  it('joins uncovered changed lines across non-executable lines only', () => {
    // executable: 1..4, 6, 8, 10; 5, 7, 9 are blank or comments. 4 ran, so it splits 2-3 from 6-10.
    const hits = new Map([
      [1, 1],
      [2, 0],
      [3, 0],
      [4, 1],
      [6, 0],
      [8, 0],
      [10, 0],
    ]);
    expect(uncoveredRanges([2, 3, 4, 5, 6, 7, 8, 10], hits)).toEqual([
      { start: 2, end: 3 },
      { start: 6, end: 10 },
    ]);
    // 10 is uncovered but unchanged: it does not bridge 8 and 12.
    hits.set(12, 0);
    expect(uncoveredRanges([8, 12], hits)).toEqual([
      { start: 8, end: 8 },
      { start: 12, end: 12 },
    ]);
  });

  it('patch coverage counts only executable changed lines; unknown files are listed apart', () => {
    const patch = computePatch(
      [
        { path: 'a.js', lines: [1, 2, 3] },
        { path: 'b.js', lines: [5] },
        { path: 'README.md', lines: [1] },
        { path: 'c.js', lines: [9] },
      ],
      (p) =>
        p === 'a.js'
          ? new Map([
              [1, 3],
              [3, 0],
            ])
          : p === 'c.js'
            ? new Map([[1, 1]])
            : undefined,
      new Set(['.js']),
    );
    expect(patch).toEqual({
      lines: { covered: 1, total: 2 },
      files: [{ path: 'a.js', covered: 1, total: 2, uncovered: [{ start: 3, end: 3 }] }],
      notInReport: ['b.js'],
    });
  });
});

describe('patch coverage on a real git repository', () => {
  let repo: { dir: string; base: string };
  beforeAll(() => {
    repo = makeRepo();
  });

  it('measures the changed lines since the merge-base, following the rename', async () => {
    const a = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'coverage-final.json')],
      cwd: repo.dir,
      base: 'main',
      env: {},
    });
    const patch = a.section.patch;
    expect(patch?.mergeBase).toBe(repo.base);
    expect(patch?.head).toBe(
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim(),
    );
    // math.js: line 13 modified (hits 0) and 28-36 added (28, 29 ran); strings.js: 27-30 added (27, 28 ran).
    expect(patch?.files).toEqual([
      {
        path: 'src/math.js',
        covered: 2,
        total: 10,
        uncovered: [
          { start: 13, end: 13 },
          { start: 30, end: 36 },
        ],
      },
      {
        path: 'src/strings.js',
        previousPath: 'src/text.js',
        covered: 2,
        total: 4,
        uncovered: [{ start: 29, end: 30 }],
      },
    ]);
    expect(patch?.lines).toEqual({ covered: 4, total: 14 });
    expect(patch?.notInReport).toEqual(['src/extra.js']);
    expect(coverageMetrics(a.section)['coverage.patch']).toBe(28.57);
    expect(a.changedFiles && [...a.changedFiles].sort()).toEqual([
      'README.md',
      'src/extra.js',
      'src/math.js',
      'src/strings.js',
    ]);
  });

  it('compares with a baseline: renames matched, direct vs indirect changes, deleted files', async () => {
    const file = (p: string, covered: number, total: number): CoverageFile => ({
      path: p,
      lines: { covered, total },
      statements: { covered, total },
      functions: { covered: 1, total: 1 },
      branches: { covered: 0, total: 0 },
    });
    const baselineFiles = [
      file('src/gone.js', 5, 5),
      file('src/math.js', 20, 27),
      file('src/text.js', 24, 26),
      file('src/unused.js', 3, 7),
    ];
    const totals = {
      lines: { covered: 52, total: 65 },
      statements: { covered: 52, total: 65 },
      functions: { covered: 4, total: 4 },
      branches: { covered: 0, total: 0 },
    };
    const a = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'lcov.info')],
      cwd: repo.dir,
      base: repo.base,
      env: {},
      baseline: baselineFromSection(
        { inputs: [], totals, files: baselineFiles, ignored: { count: 0, files: [] }, notices: [] },
        'baseline.json',
      ),
    });
    const cmp = a.section.comparison;
    expect(cmp?.newFiles).toEqual([]);
    expect(cmp?.deletedFiles.map((f) => f.path)).toEqual(['src/gone.js']);
    expect(cmp?.changed.map((c) => [c.path, c.previousPath, c.after.lines.covered])).toEqual([
      ['src/math.js', undefined, 25],
      ['src/strings.js', 'src/text.js', 26],
    ]);
    expect(cmp?.indirect.map((c) => [c.path, c.before.lines, c.after.lines])).toEqual([
      ['src/unused.js', { covered: 3, total: 7 }, { covered: 0, total: 7 }],
    ]);
    expect(cmp?.indirectKnown).toBe(true);
    const m = coverageMetrics(a.section);
    expect(m['coverage.lines']).toBe(69.86);
    // For max_drop, the indirect loss in unused.js (3 lines) is put back: 54/73.
    expect(coverageMetrics(a.section, { forDrop: true })['coverage.lines']).toBe(73.97);
    if (!cmp) throw new Error('no comparison');
    const gated = { ...a.section, comparison: { ...cmp, gateIndirect: true } };
    expect(coverageMetrics(gated, { forDrop: true })['coverage.lines']).toBe(69.86);
  });

  it('a shallow clone without the base: a notice with the fetch hint, and no patch coverage', async () => {
    const shallow = tempDir('autoglm-shallow-');
    execFileSync(
      'git',
      ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, shallow],
      {
        env: { PATH: process.env.PATH, HOME: shallow },
      },
    );
    const a = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'lcov.info')],
      cwd: shallow,
      base: repo.base,
      env: {},
    });
    expect(a.section.patch).toBeUndefined();
    expect(a.section.notices.join('\n')).toMatch(/shallow.*fetch-depth: 0/);
    expect(a.section.totals.lines).toEqual({ covered: 51, total: 73 });
  });

  it('the base comes from the CI when not given; none means a notice', async () => {
    const viaEnv = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'lcov.info')],
      cwd: repo.dir,
      env: { CI_MERGE_REQUEST_DIFF_BASE_SHA: repo.base },
    });
    expect(viaEnv.section.patch?.lines).toEqual({ covered: 4, total: 14 });
    const none = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'lcov.info')],
      cwd: repo.dir,
      env: {},
    });
    expect(none.section.patch).toBeUndefined();
    expect(none.section.notices.join('\n')).toMatch(/no base commit/);
  });

  it('a base that git would read as an option is bad input (exit 2), however it arrives', async () => {
    const files = [path.join(FIXTURES, 'full', 'lcov.info')];
    const expected = /--base "--output=pwned": expected a git ref or commit/;
    const given = await usageErrorAsync(() =>
      analyzeCoverage({ files, cwd: repo.dir, base: '--output=pwned', env: {} }),
    );
    expect(given.message).toMatch(expected);
    const fromCi = await usageErrorAsync(() =>
      analyzeCoverage({ files, cwd: repo.dir, env: { CI_MERGE_REQUEST_DIFF_BASE_SHA: '--output=pwned' } }),
    );
    expect(fromCi.message).toMatch(expected);
    // The diff itself refuses it too, for any other caller.
    const direct = await usageErrorAsync(() => diffAgainstBase(repo.dir, '--output=pwned'));
    expect(direct.message).toMatch(expected);
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('a folder that is not a git work tree: coverage still works, patch skipped', async () => {
    const plain = tempDir('autoglm-plain-');
    mkdirSync(path.join(plain, 'src'));
    cpSync(path.join(PROJECT, 'src'), path.join(plain, 'src'), { recursive: true });
    const a = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'lcov.info')],
      cwd: plain,
      base: 'main',
      env: {},
    });
    expect(a.section.files.length).toBe(3);
    expect(a.section.notices.join('\n')).toMatch(/not a git work tree/);
  });
});
