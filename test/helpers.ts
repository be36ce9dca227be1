import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ExitCode, exitCodeFor, UsageError } from '../src/errors.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO = path.join(ROOT, 'examples', 'demo');
export const FIXTURE_MODELS = path.join(ROOT, 'test', 'fixtures', 'models');

export function tempDir(prefix = 'autoglm-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of the demo project in a temp folder, so runs can write results beside it. */
export function demoCopy(): string {
  const dir = tempDir('autoglm-demo-');
  cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.autoglm`) });
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
