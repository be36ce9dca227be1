import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../src/baseline/context.js';
import { FileStore } from '../src/baseline/file-store.js';
import {
  isGitRepo,
  mergeBase,
  repoRelative,
  resolveCommit,
  safeRef,
  showBlob,
  showFile,
} from '../src/baseline/git.js';
import { resolveBaseline } from '../src/baseline/store.js';
import { model, results, suite } from './factories.js';
import { gitSh, tempDir } from './helpers.js';

/** The git reads behind the file store and the merge-base, against real repositories. */

const sh = gitSh;

function commitAll(dir: string, message: string): string {
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '--quiet', '-m', message);
  return sh(dir, 'rev-parse', 'HEAD');
}

/** A repository with `sub/base.json` committed, and a binary file larger than a pipe's buffer. */
function repo(): { dir: string; first: string } {
  const dir = tempDir('autoglm-gitio-');
  sh(dir, 'init', '--quiet', '--initial-branch=main');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'sub', 'base.json'), ' committed \n');
  writeFileSync(path.join(dir, 'blob.bin'), Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 256)));
  return { dir, first: commitAll(dir, 'first') };
}

const ctx: RunContext = { platform: 'local', event: 'other', canSave: false, notes: [] };

describe('git reads', () => {
  it('refs that git would read as options, or that are empty or span lines, are refused', async () => {
    expect(safeRef('main')).toBe(true);
    expect(safeRef('')).toBe(false);
    expect(safeRef('-x')).toBe(false);
    expect(safeRef('a-b')).toBe(true);
    expect(safeRef('main\nHEAD')).toBe(false);
    expect(safeRef('main\0')).toBe(false);
    const { dir, first } = repo();
    // `git merge-base --independent X` would print X.
    expect(await mergeBase(dir, first, '--independent')).toBeUndefined();
    expect(await mergeBase(dir, '--independent', first)).toBeUndefined();
    // `git show --output=pwned:x` would write a file.
    expect(await showFile(dir, '--output=pwned', 'x')).toBeUndefined();
    expect(await showBlob(dir, '--output=x', 'blob.bin')).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['.git', 'blob.bin', 'sub']);
  });

  it('resolves commits and merge-bases to the bare SHA', async () => {
    const { dir, first } = repo();
    expect(await resolveCommit(dir, 'main')).toBe(first);
    expect(await resolveCommit(dir, 'HEAD')).toBe(first);
    expect(await resolveCommit(dir, 'nope')).toBeUndefined();
    // A tree is no commit.
    expect(await resolveCommit(dir, 'HEAD^{tree}')).toBeUndefined();
    sh(dir, 'checkout', '--quiet', '-b', 'feature');
    writeFileSync(path.join(dir, 'f.txt'), 'f\n');
    commitAll(dir, 'feature');
    expect(await mergeBase(dir, 'main', 'feature')).toBe(first);
    expect(await mergeBase(dir, 'main', 'nope')).toBeUndefined();
  });

  it('reads a file at a commit as stored, bytes included', async () => {
    const { dir, first } = repo();
    expect(await showFile(dir, first, 'sub/base.json')).toBe(' committed \n');
    expect(await showFile(dir, first, 'sub/missing.json')).toBeUndefined();
    const blob = await showBlob(dir, first, 'blob.bin');
    expect(blob?.length).toBe(10_000);
    expect(blob?.[255]).toBe(255);
    expect(await showBlob(dir, first, 'missing.bin')).toBeUndefined();
  });

  it('paths relative to the repository root, tracked or not, from a subfolder', async () => {
    const { dir } = repo();
    const sub = path.join(dir, 'sub');
    expect(await isGitRepo(sub)).toBe(true);
    expect(await repoRelative(sub, 'base.json')).toBe('sub/base.json');
    expect(await repoRelative(sub, './base.json')).toBe('sub/base.json');
    expect(await repoRelative(sub, 'new.json')).toBe('sub/new.json');
    expect(await repoRelative(sub, 'x\\y.json')).toBe('sub/x/y.json');
    const outside = tempDir();
    expect(await isGitRepo(outside)).toBe(false);
    expect(await isGitRepo(path.join(outside, 'gone'))).toBe(false);
    expect(await repoRelative(outside, 'base.json')).toBeUndefined();
  });
});

describe('file store reads', () => {
  const text = (accuracy: number) =>
    `${JSON.stringify({ ...results([suite([model('m', { accuracy })])]), provenance: {} })}\n`;

  it('a branch is read from origin first, then the local branch; a commit only from history', async () => {
    const { dir, first } = repo();
    const store = new FileStore(dir, 'sub/base.json');
    // No origin/main here: the local main.
    expect(await store.find({ kind: 'branch', branch: 'main' }, ctx)).toEqual({
      text: ' committed \n',
      location: 'sub/base.json at main',
    });
    // origin/main wins over a local main that moved on.
    sh(dir, 'update-ref', 'refs/remotes/origin/main', first);
    writeFileSync(path.join(dir, 'sub', 'base.json'), text(0.5));
    commitAll(dir, 'local main moves on');
    expect(await store.find({ kind: 'branch', branch: 'main' }, ctx)).toEqual({
      text: ' committed \n',
      location: 'sub/base.json at origin/main',
    });
    // A commit that lacks the file has no baseline: not the working tree's copy.
    expect(await store.find({ kind: 'sha', sha: 'f'.repeat(40) }, ctx)).toBeUndefined();
    // A branch that lacks it falls back to the working tree.
    writeFileSync(path.join(dir, 'sub', 'base.json'), text(0.7));
    expect(await store.find({ kind: 'branch', branch: 'nope' }, ctx)).toEqual({
      text: text(0.7),
      location: 'sub/base.json',
    });
    // A run with no branch or commit reads the working tree, even in a repository.
    expect((await store.find({ kind: 'local' }, ctx))?.text).toBe(text(0.7));
  });

  it('saves where it reads, and says that the file must be committed', async () => {
    const dir = tempDir();
    const store = new FileStore(dir, 'base.json');
    expect(await store.save(results([suite([model('m', { accuracy: 0.4 })])]), ctx)).toBe(
      'base.json (commit it to make it the baseline)',
    );
    const found = await store.find({ kind: 'branch', branch: 'main' }, ctx);
    expect(found?.location).toBe('base.json');
    expect(JSON.parse(found?.text ?? '').suites[0].models[0].metrics.accuracy).toBe(0.4);
    // Results that record no commit, found on the branch: the report calls it the fixed file.
    await store.save({ ...results([]), provenance: {} }, ctx);
    const r = await resolveBaseline(store, { ...ctx, branch: 'main' });
    expect(r.baseline).toMatchObject({ store: 'file', matched: 'file', location: 'base.json' });
  });
});
