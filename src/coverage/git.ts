import { type GitResult, git as runGit } from '../git.js';

export type { GitResult };

/** git with paths printed unquoted (the diff and ls-files output is parsed as paths). */
export function git(args: readonly string[], cwd: string): Promise<GitResult> {
  return runGit(cwd, ['-c', 'core.quotePath=false', ...args]);
}
