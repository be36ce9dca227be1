import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run git with an argument array (never a shell string: refs and paths come from CI variables and
 * reports). Resolves with the exit code instead of throwing, so callers decide what a failure means.
 */
export function git(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      {
        cwd,
        maxBuffer: 1024 * 1024 * 1024,
        encoding: 'utf8',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 128) : 0;
        resolve({
          code,
          stdout,
          stderr: stderr || (error && typeof error.code !== 'number' ? error.message : ''),
        });
      },
    );
  });
}
