import { execFile } from 'node:child_process';
import { git } from '../git.js';

export { type GitResult, git, gitMessage, gitOk } from '../git.js';

/**
 * Refs come from CI variables and config (branch names): one that starts with `-` would be read by
 * git as an option, so it is never passed on.
 */
export function safeRef(ref: string): boolean {
  return ref.length > 0 && !ref.startsWith('-') && !/[\0\n]/.test(ref);
}

export async function isGitRepo(cwd: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '--is-inside-work-tree']).catch(() => ({ code: 1 }))).code === 0;
}

/** The commit a ref names, or undefined when it does not exist here (e.g. a shallow clone). */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  if (!safeRef(ref)) return undefined;
  const r = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** merge-base of two refs, or undefined when history is missing (shallow clone) or unrelated. */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  if (!safeRef(a) || !safeRef(b)) return undefined;
  const r = await git(cwd, ['merge-base', a, b]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** A file's content at a commit (`git show REV:PATH`), or undefined when absent there. */
export async function showFile(cwd: string, rev: string, file: string): Promise<string | undefined> {
  if (!safeRef(rev)) return undefined;
  const r = await git(cwd, ['show', `${rev}:${file}`]);
  return r.code === 0 ? r.stdout : undefined;
}

/** Path relative to the repository root, in git's POSIX form. */
export async function repoRelative(cwd: string, file: string): Promise<string | undefined> {
  const r = await git(cwd, ['ls-files', '--full-name', '--error-unmatch', '--', file]);
  if (r.code === 0) return r.stdout.trim().split('\n')[0];
  const prefix = await git(cwd, ['rev-parse', '--show-prefix']);
  return prefix.code === 0 ? `${prefix.stdout.trim()}${file}`.replace(/\\/g, '/') : undefined;
}

/** A file's bytes at a commit, or undefined when absent there (binary-safe, for model files). */
export function showBlob(cwd: string, rev: string, file: string): Promise<Uint8Array | undefined> {
  if (!safeRef(rev)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(
      'git',
      ['show', `${rev}:${file}`],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: 4 * 1024 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout) => resolve(error ? undefined : new Uint8Array(stdout)),
    );
  });
}
