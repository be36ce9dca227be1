import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  excludeMatcher,
  loadRepoIndex,
  PathResolver,
  type RepoIndex,
  toPosixPath,
} from '../src/coverage/paths.js';
import { gitSh as sh, tempDir } from './helpers.js';

/** Mapping a report's paths onto the repository (src/coverage/paths.ts), spelling by spelling. */
const index: RepoIndex = {
  root: '/repo',
  files: new Set(['src/a.ts', 'src/b.ts', 'lib/src/a.ts', 'packages/p/src/x.ts', 'src/x.ts', '.config/c.ts']),
  source: 'filesystem',
};

describe('toPosixPath', () => {
  it('file: URLs decoded (any case), a Windows drive kept without the leading slash', () => {
    expect(toPosixPath('  file:///home/u/x%20y/a.ts ')).toBe('/home/u/x y/a.ts');
    expect(toPosixPath('FILE:///C:/a/b.ts')).toBe('C:/a/b.ts');
    expect(toPosixPath('file:///tmp/C:/a.ts')).toBe('/tmp/C:/a.ts');
  });

  it('a file: URL that does not parse or decode keeps its path, with one leading slash', () => {
    expect(toPosixPath('file:///a/%E0%A4%A/b.ts')).toBe('/a/%E0%A4%A/b.ts');
    expect(toPosixPath('file://%zz/a.ts')).toBe('/%zz/a.ts');
    expect(toPosixPath('File:a.ts')).toBe('/a.ts');
  });

  it('backslashes turned, repeated slashes collapsed, a UNC prefix kept', () => {
    expect(toPosixPath('C:\\a\\\\src\\a.ts')).toBe('C:/a/src/a.ts');
    expect(toPosixPath('/a//b///c.ts')).toBe('/a/b/c.ts');
    expect(toPosixPath('\\\\server\\share\\a.ts')).toBe('//server/share/a.ts');
    expect(toPosixPath('src/a.ts')).toBe('src/a.ts');
  });
});

describe('PathResolver', () => {
  it('absolute paths under the root, with or without a trailing slash on the root', () => {
    const r = new PathResolver({ ...index, root: '/repo/' }, '', []);
    expect(r.resolve(['/repo/src/a.ts'])).toEqual({ ok: true, path: 'src/a.ts' });
    // A sibling folder whose name starts like the root is not under it.
    expect(r.resolve(['/repository/src/a.ts'])).toEqual({ ok: false, reason: 'outside-repo' });
    expect(r.reportRoot).toBeUndefined();
  });

  it('the foreign root: most votes win; on a tie the longer prefix; paths under this root do not vote', () => {
    const tie = new PathResolver(index, '', ['/ci/work/lib/src/a.ts', '/other/src/b.ts']);
    // /ci/work/ (lib/src/a.ts) and /other/ (src/b.ts) have one vote each: the longer prefix wins.
    expect(tie.reportRoot).toBe('/ci/work/');
    const reversed = new PathResolver(index, '', ['/other/src/b.ts', '/ci/work/lib/src/a.ts']);
    expect(reversed.reportRoot).toBe('/ci/work/');
    // Equal votes and equal lengths: the first one met stays.
    expect(new PathResolver(index, '', ['/aa/src/a.ts', '/bb/src/b.ts']).reportRoot).toBe('/aa/');
    const most = new PathResolver(index, '', ['/x/src/a.ts', '/x/src/b.ts', '/longer/root/src/x.ts']);
    expect(most.reportRoot).toBe('/x/');
    // The longest suffix of a path decides its vote: /ci/work/lib/src/a.ts votes /ci/work/, not /ci/work/lib/.
    expect(new PathResolver(index, '', ['/ci/work/lib/src/a.ts']).reportRoot).toBe('/ci/work/');
    const local = new PathResolver(index, '', ['/repo/src/a.ts', 'src/b.ts']);
    expect(local.reportRoot).toBeUndefined();
    expect(new PathResolver(index, '', ['/nowhere/zzz.ts']).reportRoot).toBeUndefined();
  });

  it('relative paths: the report folder, then each parent, never above the root', () => {
    const r = new PathResolver(index, 'packages/p/coverage', []);
    expect(r.resolve(['././src/x.ts'])).toEqual({ ok: true, path: 'packages/p/src/x.ts' });
    expect(r.resolve(['../src/x.ts'])).toEqual({ ok: true, path: 'packages/p/src/x.ts' });
    expect(r.resolve(['src/a.ts'])).toEqual({ ok: true, path: 'src/a.ts' });
    expect(r.resolve(['../../../../x.ts'])).toEqual({ ok: false, reason: 'outside-repo' });
    // A report outside the root (or at an absolute folder) is read from the root only.
    const outside = new PathResolver(index, '../elsewhere', []);
    expect(outside.resolve(['src/x.ts'])).toEqual({ ok: true, path: 'src/x.ts' });
    const absolute = new PathResolver(index, '/abs/dir', []);
    expect(absolute.resolve(['src/x.ts'])).toEqual({ ok: true, path: 'src/x.ts' });
    const dot = new PathResolver(index, '.', []);
    expect(dot.resolve(['src/x.ts'])).toEqual({ ok: true, path: 'src/x.ts' });
  });

  it('the first spelling that resolves wins; else the reason of the first; none at all is outside', () => {
    const r = new PathResolver(index, '', []);
    expect(r.resolve(['dist/a.js', '../up.ts', 'src/b.ts'])).toEqual({ ok: true, path: 'src/b.ts' });
    expect(r.resolve(['dist/a.js', '../up.ts'])).toEqual({ ok: false, reason: 'not-in-repo' });
    expect(r.resolve(['../up.ts', 'dist/a.js'])).toEqual({ ok: false, reason: 'outside-repo' });
    // A drive letter inside a relative path does not make it absolute.
    expect(r.resolve(['dist/c:/a.ts'])).toEqual({ ok: false, reason: 'not-in-repo' });
    expect(r.resolve([])).toEqual({ ok: false, reason: 'outside-repo' });
  });
});

describe('excludeMatcher', () => {
  it('no patterns exclude nothing; patterns match dotfiles too', () => {
    expect(excludeMatcher(undefined)('src/a.ts')).toBe(false);
    expect(excludeMatcher([])('src/a.ts')).toBe(false);
    const m = excludeMatcher(['**/*.ts', 'docs/**']);
    expect(m('.config/c.ts')).toBe(true);
    expect(m('docs/a.md')).toBe(true);
    expect(m('src/a.js')).toBe(false);
  });
});

describe('loadRepoIndex', () => {
  it("git's tracked and untracked files, ignored ones left out; a plain folder is walked", async () => {
    const dir = tempDir('autoglm-index-');
    sh(dir, 'init', '-q');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    writeFileSync(path.join(dir, 'src', 'tracked é.ts'), '');
    sh(dir, 'add', '-A');
    writeFileSync(path.join(dir, 'src', 'new.ts'), '');
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, 'build', 'out.js'), '');
    const idx = await loadRepoIndex(dir);
    expect(idx.source).toBe('git');
    expect(idx.root).toBe(dir);
    expect([...idx.files].sort()).toEqual(['.gitignore', 'src/new.ts', 'src/tracked é.ts']);

    const plain = tempDir('autoglm-index-plain-');
    for (const f of ['src/a.ts', '.hidden/b.ts', 'node_modules/m/i.js', 'sub/.git/x']) {
      mkdirSync(path.dirname(path.join(plain, f)), { recursive: true });
      writeFileSync(path.join(plain, f), '');
    }
    const walked = await loadRepoIndex(`${plain}/src/..`);
    expect(walked.source).toBe('filesystem');
    expect(walked.root).toBe(plain);
    expect([...walked.files].sort()).toEqual(['.hidden/b.ts', 'src/a.ts']);
  });
});
