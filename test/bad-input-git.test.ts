import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli, tempDir } from './helpers.js';

/**
 * Bad git input through the built CLI (issue 14, items 11 and 12): an unknown ref or a missing
 * remote is bad input (exit 2) with what to do, and git's own message reaches the user whole.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
}

/** A repository with one commit holding `files` (copied from `from`). */
function repo(from?: string): string {
  const dir = tempDir('autoglm-badgit-');
  made.push(dir);
  if (from) cpSync(from, dir, { recursive: true });
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
  return dir;
}

const env = (dir: string) => ({ HOME: dir, GIT_CONFIG_NOSYSTEM: '1' });
const PROJECT = path.join(ROOT, 'test', 'fixtures', 'coverage', 'sample-project');
const LCOV = path.join(ROOT, 'test', 'fixtures', 'coverage', 'full', 'lcov.info');

describe('autoglm coverage --base (item 12)', () => {
  it('an unknown ref is bad input (exit 2) naming it, not a shallow-clone notice', () => {
    const dir = repo(PROJECT);
    const r = runCli(['coverage', '--current', LCOV, '--base', 'nope'], dir, env(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base "nope": no branch, tag or commit of that name');
    expect(r.stderr).not.toMatch(/shallow|lacks the base commit/);
  });

  it('a known ref whose commit is missing, or a remote branch not fetched, is the fetch notice (exit 0)', () => {
    const dir = repo(PROJECT);
    // A ref git knows whose commit this clone lacks (as after a shallow fetch).
    writeFileSync(path.join(dir, '.git', 'refs', 'heads', 'gone'), `${'1'.repeat(40)}\n`);
    const gone = runCli(['coverage', '--current', LCOV, '--base', 'gone'], dir, env(dir));
    expect(gone.code).toBe(0);
    expect(gone.stdout + gone.stderr).toMatch(/lacks the base commit gone: fetch it/);
    // GITHUB_BASE_REF's default, origin/<branch>, before that branch was fetched.
    sh(dir, 'remote', 'add', 'origin', 'https://example.invalid/repo.git');
    const remote = runCli(['coverage', '--current', LCOV, '--base', 'origin/main'], dir, env(dir));
    expect(remote.code).toBe(0);
    expect(remote.stdout + remote.stderr).toMatch(/lacks the base commit origin\/main: fetch it/);
    const sha = runCli(['coverage', '--current', LCOV, '--base', 'a'.repeat(40)], dir, env(dir));
    expect(sha.code).toBe(0);
    expect(sha.stdout + sha.stderr).toMatch(/lacks the base commit a{40}: fetch it/);
  });

  it('in a shallow clone: an ancestor past its edge is the notice; an unknown name is exit 2 with the fetch hint', () => {
    const origin = repo(PROJECT);
    writeFileSync(path.join(origin, 'README.md'), 'second\n');
    sh(origin, 'add', '-A');
    sh(origin, 'commit', '-q', '-m', 'second');
    const dir = tempDir('autoglm-badgit-shallow-');
    made.push(dir);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, dir], {
      env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
    });
    const ancestor = runCli(['coverage', '--current', LCOV, '--base', 'HEAD~1'], dir, env(dir));
    expect(ancestor.code).toBe(0);
    expect(ancestor.stdout + ancestor.stderr).toMatch(/shallow and lacks the base commit HEAD~1/);
    const unknown = runCli(['coverage', '--current', LCOV, '--base', 'release'], dir, env(dir));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--base "release": no branch, tag or commit of that name');
    expect(unknown.stderr).toContain(
      'this clone is shallow: if release is a branch of the remote, fetch it first',
    );
  });
});

describe('autoglm baseline save --store branch (item 11)', () => {
  function withResults(): string {
    const dir = repo();
    cpSync(path.join(DEMO, 'autoglm-baseline.json'), path.join(dir, 'autoglm-results.json'));
    return dir;
  }

  it('no remote named origin: exit 2 saying what to do', () => {
    const dir = withResults();
    const r = runCli(['baseline', 'save', '--store', 'branch'], dir, env(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no git remote named "origin"');
    expect(r.stderr).toContain('git remote add origin');
    expect(r.stderr).toContain('--to PATH');
    expect(r.stderr).not.toContain('internal error');
  });

  it("a remote git cannot read: git's whole message, not its last line", () => {
    const dir = withResults();
    sh(dir, 'remote', 'add', 'origin', path.join(dir, 'no-such-repo.git'));
    const r = runCli(['baseline', 'save', '--store', 'branch'], dir, env(dir));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('does not appear to be a git repository');
    expect(r.stderr).toContain('Could not read from remote repository');
    expect(r.stderr).toContain('and the repository exists.');
  });
});
