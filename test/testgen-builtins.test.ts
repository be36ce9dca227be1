// Differential tests of the symbolic interpreter's builtin models (test/builtins-check.ts): for
// every modelled builtin, the paths of a small function are solved by Z3 alone and the real JS must
// agree with each path's claim on the solved inputs. The solver runs in its own Node process, as
// `autoglm testgen` runs it: a crash of Z3's wasm worker inside vitest's worker failed the whole
// file. A row the solver stalled or crashed on runs once more in a new process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askRow, disconnect } from './builtins-client.js';
import { leftToSearch, ROWS } from './builtins-rows.js';
import { ROOT } from './helpers.js';

interface RowResult {
  i: number;
  results?: string[];
  error?: string;
  stalled?: boolean;
}

/**
 * A child that printed nothing for this long is stuck: a row explores for at most 30 s and solves
 * each model in at most 5 s, but Z3's wasm runtime, once aborted, leaves the process alive and silent
 * (a CI run sat in one until the 900 s hook limit). It is killed, and the row it was on runs again
 * (`BUILTINS_SILENCE_MS` shortens the wait, to see this happen).
 */
const SILENCE_MS = Number(process.env.BUILTINS_SILENCE_MS ?? 120_000);

/** Run the rows in one child; the lines it printed, and how it ended. */
function runChild(rows: number[]): Promise<{ lines: RowResult[]; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test', 'builtins-check.ts'), ...rows.map(String)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const kill = (why: string): void => {
      err += `\n[killed: ${why}]`;
      child.kill('SIGKILL');
    };
    let silence = setTimeout(() => kill(`silent for ${SILENCE_MS / 1000} s`), SILENCE_MS);
    child.stdout.on('data', (d) => {
      out += d;
      clearTimeout(silence);
      silence = setTimeout(() => kill(`silent for ${SILENCE_MS / 1000} s`), SILENCE_MS);
    });
    child.stderr.on('data', (d) => {
      err += d;
      // Z3's wasm runtime aborted: no call will answer any more.
      if (String(d).includes('Aborted(')) kill('Z3 aborted');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(silence);
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as RowResult);
      resolve({ lines, code, stderr: err });
    });
  });
}

/**
 * A row agrees with JS: no disagreement and at least two results solved for and checked (the model
 * tells inputs apart). A row whose call the models leave to search claims nothing, in the way it
 * names: an `(unsupported)` row is noted as an unsupported call or regex (a guard that let it through to a
 * model that then claimed nothing, e.g. `String(o)` with no term, passed a looser check), an
 * `(opaque)` row returns a value left unknown, so no result is solved for.
 */
function expectAgreement(i: number, r: { error?: string; results?: string[] }): void {
  const results = r.results ?? [];
  const left = leftToSearch(i);
  if (left === 'unsupported') {
    expect(r.error).toMatch(/^unsupported: (call \S+|regex \/.+\/: .+) \(line \d+\)$/);
    return;
  }
  expect(r.error).toBeUndefined();
  if (left === 'opaque') expect(results, results.join(' ')).toEqual([]);
  else expect(results.length, results.join(' ')).toBeGreaterThanOrEqual(2);
}

// Under StrykerJS (`npm run mutation -- builtins`, which sets MUTATION_TESTS) each row is one
// test run by a long-lived server next to Stryker's test runner (test/builtins-server.ts): Stryker
// sees which rows reach each mutant of the models and reruns only those, on the mutant it chose,
// without loading TypeScript and Z3 again for every mutant.
const underStryker = process.env.MUTATION_TESTS !== undefined;

describe.skipIf(!underStryker)('builtin models agree with JS (solver only, under StrykerJS)', () => {
  afterAll(() => disconnect());
  it.each(ROWS.map((r, i) => [r[0], i] as const))(
    '%s',
    async (_model, i) => {
      expectAgreement(i, await askRow(i));
    },
    // Two tries of up to 60 s each (test/builtins-client.ts), and starting a server.
    180_000,
  );
});

describe.skipIf(underStryker)('builtin models agree with JS (solver only)', () => {
  const done = new Map<number, RowResult>();
  const retried = new Set<number>();
  let lastStderr = '';

  beforeAll(async () => {
    let todo = ROWS.map((_, i) => i);
    while (todo.length > 0) {
      const { lines, code, stderr } = await runChild(todo);
      lastStderr = stderr;
      for (const l of lines) if (!l.stalled) done.set(l.i, l);
      const next = todo.filter((i) => !done.has(i));
      if (next.length === 0) break;
      // The first row not answered is where the solver stalled or the process ended.
      const stuck = next[0] as number;
      if (retried.has(stuck)) {
        const said = lines.find((l) => l.i === stuck)?.error;
        done.set(stuck, {
          i: stuck,
          error: `the solver stalled or crashed twice (exit ${code}): ${said ?? stderr.slice(-400)}`,
        });
        todo = next.slice(1);
      } else {
        retried.add(stuck);
        todo = next;
      }
    }
  }, 1_200_000);

  it.each(ROWS.map((r, i) => [r[0], i] as const))('%s', (_model, i) => {
    const r = done.get(i);
    expect(r, `no answer for the row; last stderr: ${lastStderr.slice(-400)}`).toBeDefined();
    expectAgreement(i, r as RowResult);
  });
});
