import { execFile } from 'node:child_process';

/** The one way this project runs git: baselines, coverage diffs and test generation use it. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run git with an argument array (never a shell string: branch names and paths are untrusted).
 * Resolves with the exit code instead of throwing, so callers decide what a failure means.
 */
export function git(
  cwd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; maxBuffer?: number } = {},
): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      args as string[],
      {
        cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
        maxBuffer: options.maxBuffer ?? 1024 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          resolve({ code: 127, stdout: '', stderr: `git could not be started: ${error.message}` });
          return;
        }
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** git, throwing a readable error on a non-zero exit. */
export async function gitOk(
  cwd: string,
  args: readonly string[],
  options?: Parameters<typeof git>[2],
): Promise<string> {
  const r = await git(cwd, args, options);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${gitMessage(r.stderr, r.code)}`);
  return r.stdout;
}

/**
 * git's whole message, blank lines dropped: its last line alone ("and the repository exists.") says
 * nothing, the first names the cause.
 */
export function gitMessage(stderr: string, code: number): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.length ? lines.join('\n') : `exit code ${code}`;
}
