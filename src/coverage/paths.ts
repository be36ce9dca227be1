import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import type { IgnoredFile } from '../results/coverage.js';
import { git } from './git.js';

/** The files of the project coverage is mapped onto, by repo-relative POSIX path. */
export interface RepoIndex {
  /** Absolute folder the paths are relative to. */
  root: string;
  files: ReadonlySet<string>;
  /** `git` (tracked and untracked-not-ignored files) or `filesystem` (not a git work tree). */
  source: 'git' | 'filesystem';
}

/** List the project's files: git's view when `root` is in a work tree, else a walk of the folder. */
export async function loadRepoIndex(root: string): Promise<RepoIndex> {
  const abs = path.resolve(root);
  const r = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], abs);
  if (r.code === 0) {
    const files = new Set(r.stdout.split('\0').filter((f) => f !== ''));
    return { root: abs, files, source: 'git' };
  }
  const files = await glob(['**/*'], {
    cwd: abs,
    dot: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
  return { root: abs, files: new Set(files), source: 'filesystem' };
}

/** A report's spelling of a path in POSIX form: `file://` URLs decoded, backslashes turned. */
export function toPosixPath(raw: string): string {
  let p = raw.trim();
  if (/^file:/i.test(p)) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
      if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
    } catch {
      p = p.replace(/^file:\/*/i, '/');
    }
  }
  p = p.replace(/\\/g, '/');
  const unc = p.startsWith('//');
  p = p.replace(/\/{2,}/g, '/');
  return unc ? `/${p}` : p;
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);

export type Resolution = { ok: true; path: string } | { ok: false; reason: IgnoredFile['reason'] };

/**
 * Maps the paths of ONE report onto the repository, whatever root its runner had:
 * - absolute paths under the repository root are made relative to it;
 * - other absolute paths (`/home/runner/work/x/x/src/a.ts`, `C:/a/src/a.ts`): the report's root is
 *   the prefix that, stripped, turns most of them into files of the repository (longest matching
 *   suffix per path, then a vote), so one stray path cannot redirect the rest;
 * - relative paths (`./src/a.ts`) are tried against the report's folder, then each parent up to
 *   the root (a monorepo package's `coverage/lcov.info` names files relative to the package).
 * Anything else is `outside-repo` (not under any root) or `not-in-repo` (under it, but not a file
 * of the repository: build output, node_modules, a deleted file).
 */
export class PathResolver {
  private readonly rootPosix: string;
  private readonly bases: string[];
  private foreignRoot: string | undefined;

  constructor(
    private readonly index: RepoIndex,
    /** Folder of the report, relative to the root ('' for the root; ignored when outside it). */
    reportDir: string,
    /** Every spelling the report uses, so its foreign root can be voted once. */
    spellings: Iterable<string>,
  ) {
    this.rootPosix = toPosixPath(index.root).replace(/\/$/, '');
    const bases: string[] = [];
    let dir = reportDir.startsWith('..') || path.posix.isAbsolute(reportDir) ? '' : reportDir;
    while (dir !== '' && dir !== '.') {
      bases.push(dir);
      dir = path.posix.dirname(dir);
    }
    bases.push('');
    this.bases = bases;
    this.foreignRoot = this.voteForeignRoot(spellings);
  }

  /** The root the report's absolute paths had, when it was not this repository's root. */
  get reportRoot(): string | undefined {
    return this.foreignRoot;
  }

  private underRoot(p: string): string | undefined {
    if (p.startsWith(`${this.rootPosix}/`)) return p.slice(this.rootPosix.length + 1);
    return undefined;
  }

  private voteForeignRoot(spellings: Iterable<string>): string | undefined {
    const votes = new Map<string, number>();
    for (const raw of spellings) {
      const p = toPosixPath(raw);
      if (!isAbsolute(p) || this.underRoot(p) !== undefined) continue;
      const segments = p.split('/');
      for (let i = 1; i < segments.length; i++) {
        if (this.index.files.has(segments.slice(i).join('/'))) {
          const prefix = `${segments.slice(0, i).join('/')}/`;
          votes.set(prefix, (votes.get(prefix) ?? 0) + 1);
          break;
        }
      }
    }
    let best: string | undefined;
    let bestVotes = 0;
    for (const [prefix, n] of votes) {
      if (n > bestVotes || (n === bestVotes && best !== undefined && prefix.length > best.length)) {
        best = prefix;
        bestVotes = n;
      }
    }
    return best;
  }

  private resolveOne(raw: string): Resolution {
    const p = toPosixPath(raw);
    if (isAbsolute(p)) {
      const rel =
        this.underRoot(p) ??
        (this.foreignRoot && p.startsWith(this.foreignRoot) ? p.slice(this.foreignRoot.length) : undefined);
      if (rel === undefined) return { ok: false, reason: 'outside-repo' };
      return this.index.files.has(rel) ? { ok: true, path: rel } : { ok: false, reason: 'not-in-repo' };
    }
    const clean = path.posix.normalize(p).replace(/^(\.\/)+/, '');
    for (const base of this.bases) {
      const rel = base === '' ? clean : path.posix.join(base, clean);
      if (rel.startsWith('../') || rel === '..') continue;
      if (this.index.files.has(rel)) return { ok: true, path: rel };
    }
    return { ok: false, reason: clean.startsWith('../') ? 'outside-repo' : 'not-in-repo' };
  }

  /** The first spelling that names a file of the repository; else why the first one does not. */
  resolve(spellings: readonly string[]): Resolution {
    let first: Resolution | undefined;
    for (const s of spellings) {
      const r = this.resolveOne(s);
      if (r.ok) return r;
      first ??= r;
    }
    return first ?? { ok: false, reason: 'outside-repo' };
  }
}

/** Repo-relative globs (picomatch, dotfiles included) to a predicate; none -> nothing excluded. */
export function excludeMatcher(patterns: readonly string[] | undefined): (repoPath: string) => boolean {
  if (!patterns || patterns.length === 0) return () => false;
  return picomatch([...patterns], { dot: true });
}
