import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import {
  type QuantileVerdict,
  type QuantileVerdictOptions,
  quantileVerdict,
} from '../src/compare/stats/quantile.js';
import { ExitCode, exitCodeFor, UsageError } from '../src/errors.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO = path.join(ROOT, 'examples', 'demo');
export const FIXTURE_MODELS = path.join(ROOT, 'test', 'fixtures', 'models');

/** Folders made by tempDir in this test file, removed once its tests have run. */
const made: string[] = [];

function removeMade(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// Registered when a test file first imports this module (vitest runs each file in a fresh module
// graph), so every file removes what it made; the exit hook catches a worker that stops early.
afterAll(removeMade);
process.once('exit', removeMade);

/** A fresh folder under the OS temp folder, removed after the test file's last test. */
export function tempDir(prefix = 'autoglm-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Outputs of a run (`npm run demo` writes them into examples/demo/); never part of a fixture. */
const RUN_OUTPUTS = new Set(['.autoglm', 'autoglm-results.json', 'autoglm-report.md', 'autoglm-reports']);

/**
 * Copy the files of `from` (a folder of this checkout) that git tracks into `to`: what an earlier
 * `npm run demo` left there untracked never leaks into a test's fixture. Outside a git checkout
 * (e.g. a mutation-testing sandbox), everything but run outputs is copied.
 */
export function copyTracked(from: string, to: string): void {
  const ls = spawnSync('git', ['ls-files', '-z', '--', path.relative(ROOT, from) || '.'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const files = ls.status === 0 ? ls.stdout.split('\0').filter((f) => f !== '') : [];
  if (files.length === 0) {
    cpSync(from, to, {
      recursive: true,
      filter: (src) => !RUN_OUTPUTS.has(path.basename(src)),
    });
    return;
  }
  for (const file of files) {
    const abs = path.join(ROOT, file);
    // A tracked file deleted in the working tree is not part of the fixture either.
    if (existsSync(abs)) cpSync(abs, path.join(to, path.relative(from, abs)));
  }
}

/** A copy of the demo project (tracked files only) in a temp folder, so runs can write results beside it. */
export function demoCopy(): string {
  const dir = tempDir('autoglm-demo-');
  copyTracked(DEMO, dir);
  return dir;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (`bin/autoglm.js` -> dist/cli) as users do, in `cwd`. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'autoglm.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runCli without blocking this process, whose event loop may serve a loopback server the CLI calls. */
export function runCliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'autoglm.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function checkUsageError(caught: unknown): UsageError {
  expect(caught).toBeInstanceOf(UsageError);
  expect(exitCodeFor(caught)).toBe(ExitCode.BadInput);
  return caught as UsageError;
}

/** The error `fn` throws, checked to be a usage error (exit code 2). */
export function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    return checkUsageError(e);
  }
  return checkUsageError(undefined);
}

/** As usageError, for async work. */
export async function usageErrorAsync(fn: () => Promise<unknown> | unknown): Promise<UsageError> {
  try {
    await fn();
  } catch (e) {
    return checkUsageError(e);
  }
  return checkUsageError(undefined);
}

/** git in `cwd` with a fixed author, for the repositories tests build in temp folders; stdout trimmed. */
export function gitSh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();
}

/** Reference quantile: sort, then interpolate linearly between ranks (as the results' p95 is computed). */
export function sortedQuantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo);
}

/** quantileVerdict(a, b, q) after checking both pooled quantiles against the sorted reference. */
export function exactQuantileVerdict(
  a: number[][],
  b: number[][],
  q: number,
  options: QuantileVerdictOptions = {},
): QuantileVerdict {
  const v = quantileVerdict(a, b, q, options);
  expect(v.baseQuantile).toBeCloseTo(sortedQuantile(a.flat(), q), 12);
  expect(v.candQuantile).toBeCloseTo(sortedQuantile(b.flat(), q), 12);
  return v;
}
