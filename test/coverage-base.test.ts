import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBase, diffAgainstBase } from '../src/coverage/base.js';
import { gitSh as sh, tempDir, usageErrorAsync } from './helpers.js';

/**
 * The merge-base diff behind patch coverage (src/coverage/base.ts), on throwaway repositories:
 * which base names are bad input (exit 2) and which only skip patch coverage with a notice, and
 * the exact words of each.
 */

/** A repository on `main` with one commit: a.txt of three lines. */
function repo(): string {
  const dir = tempDir('autoglm-base-');
  sh(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\nthree\n');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

function commit(dir: string, file: string, text: string, message: string): string {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', message);
  return sh(dir, 'rev-parse', 'HEAD');
}

const HINT =
  'fetch it (actions/checkout with fetch-depth: 0, GitLab GIT_DEPTH: 0, or git fetch origin <base branch>) to get patch coverage; continuing without it';

describe('defaultBase', () => {
  it("GitLab's MR diff base first, then origin/ and GitHub's base branch, else none", () => {
    expect(defaultBase({ CI_MERGE_REQUEST_DIFF_BASE_SHA: 'abc1234', GITHUB_BASE_REF: 'main' })).toBe(
      'abc1234',
    );
    expect(defaultBase({ GITHUB_BASE_REF: 'release/2' })).toBe('origin/release/2');
    expect(defaultBase({ GITHUB_BASE_REF: '' })).toBeUndefined();
    expect(defaultBase({})).toBeUndefined();
  });
});

describe('diffAgainstBase', () => {
  it('the changed lines since the merge-base, paths relative to the folder asked for', async () => {
    const dir = repo();
    const base = sh(dir, 'rev-parse', 'HEAD');
    sh(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, 'a.txt', 'one\nTWO\nthree\nfour\n', 'change a');
    const head = commit(dir, 'pkg/b.txt', 'x\ny\n', 'add b');
    // main moves on: the merge-base stays the first commit.
    sh(dir, 'checkout', '-q', 'main');
    commit(dir, 'c.txt', 'c\n', 'on main');
    sh(dir, 'checkout', '-q', 'feature');
    const d = await diffAgainstBase(dir, 'main');
    expect(d).toEqual({
      ok: true,
      base: 'main',
      mergeBase: base,
      head,
      files: [
        { path: 'a.txt', lines: [2, 4] },
        { path: 'pkg/b.txt', lines: [1, 2] },
      ],
    });
    const inPkg = await diffAgainstBase(path.join(dir, 'pkg'), 'main');
    expect(inPkg.ok && inPkg.files).toEqual([{ path: 'b.txt', lines: [1, 2] }]);
  });

  it('no git work tree, or a repository with no commit: a notice, not an error', async () => {
    const plain = tempDir('autoglm-base-plain-');
    expect(await diffAgainstBase(plain, 'main')).toEqual({
      ok: false,
      notice: `${plain} is not a git work tree: patch coverage skipped`,
    });
    const empty = tempDir('autoglm-base-empty-');
    sh(empty, 'init', '-q', '-b', 'main');
    expect(await diffAgainstBase(empty, 'main')).toEqual({
      ok: false,
      notice: 'the repository has no commit yet: patch coverage skipped',
    });
  });

  it('a base with no common ancestor: a notice naming it', async () => {
    const dir = repo();
    sh(dir, 'checkout', '-q', '--orphan', 'other');
    commit(dir, 'o.txt', 'o\n', 'unrelated');
    expect(await diffAgainstBase(dir, 'main')).toEqual({
      ok: false,
      notice: 'main and HEAD have no common ancestor: patch coverage skipped',
    });
  });

  it('a commit id, a ref whose commit is missing, or a branch of a remote: the fetch hint', async () => {
    const dir = repo();
    const lacks = (base: string) => ({
      ok: false,
      notice: `this clone lacks the base commit ${base}: ${HINT}`,
    });
    expect(await diffAgainstBase(dir, 'abcdef0')).toEqual(lacks('abcdef0'));
    expect(await diffAgainstBase(dir, 'ABCDEF0123')).toEqual(lacks('ABCDEF0123'));
    writeFileSync(path.join(dir, '.git', 'refs', 'heads', 'gone'), `${'1'.repeat(40)}\n`);
    expect(await diffAgainstBase(dir, 'gone')).toEqual(lacks('gone'));
    sh(dir, 'remote', 'add', 'origin', 'https://example.invalid/repo.git');
    expect(await diffAgainstBase(dir, 'origin/main')).toEqual(lacks('origin/main'));
  });

  it('any other name is bad input naming the folder, the remotes and what a ref looks like', async () => {
    const dir = repo();
    // Six hex digits are too short for a commit id; HEAD~3 of a full clone does not exist.
    for (const base of ['nope', 'abcdef', 'HEAD~3']) {
      const e = await usageErrorAsync(() => diffAgainstBase(dir, base));
      expect(e.message).toBe(
        `--base ${JSON.stringify(base)}: no branch, tag or commit of that name in ${dir} (expected a ref such as main or origin/main, or a commit id)`,
      );
      expect(e.hint).toBeUndefined();
    }
    sh(dir, 'remote', 'add', 'upstream', 'https://example.invalid/up.git');
    sh(dir, 'remote', 'add', 'origin', 'https://example.invalid/repo.git');
    // A remote's name without its slash is not a branch of it.
    const e = await usageErrorAsync(() => diffAgainstBase(dir, 'originals/main'));
    expect(e.message).toBe(
      `--base "originals/main": no branch, tag or commit of that name in ${dir} (expected a ref such as main or origin/main, or a commit id; a branch of "origin", "upstream" is named like origin/main)`,
    );
  });

  it('in a shallow clone: an ancestor past its edge or a merge-base outside the history is the notice; an unknown name gets a fetch hint', async () => {
    const origin = repo();
    commit(origin, 'a.txt', 'one\n', 'second on main');
    sh(origin, 'checkout', '-q', '-b', 'feature', 'HEAD~1');
    commit(origin, 'f.txt', 'f\n', 'on feature');
    const dir = tempDir('autoglm-base-shallow-');
    sh(dir, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, '.');
    const shallow = (base: string) => ({
      ok: false,
      notice: `this clone is shallow and lacks the base commit ${base}: ${HINT}`,
    });
    expect(await diffAgainstBase(dir, 'HEAD~1')).toEqual(shallow('HEAD~1'));
    expect(await diffAgainstBase(dir, 'HEAD^')).toEqual(shallow('HEAD^'));
    sh(dir, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    expect(await diffAgainstBase(dir, 'origin/main')).toEqual(
      shallow('origin/main (the merge-base of origin/main and HEAD is outside the fetched history)'),
    );
    const e = await usageErrorAsync(() => diffAgainstBase(dir, 'release'));
    expect(e.message).toBe(
      `--base "release": no branch, tag or commit of that name in ${dir} (expected a ref such as main or origin/main, or a commit id; a branch of "origin" is named like origin/main)`,
    );
    expect(e.hint).toBe(
      'this clone is shallow: if release is a branch of the remote, fetch it first (git fetch origin release) and pass origin/release',
    );
  });
});
