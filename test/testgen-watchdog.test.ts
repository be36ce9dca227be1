// The wall-clock guard around solver calls: an answer in time passes through untouched, a late one
// is interrupted, and a call that ignores its interrupt is given up on with a named error, its late
// result or failure never surfacing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SolverStalled, watch } from '../src/testgen/watchdog.js';
import { ROOT } from './helpers.js';

const later = <T>(ms: number, v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

describe('solver watchdog', () => {
  it('passes an answer given in time through, without an interrupt', async () => {
    let interrupts = 0;
    await expect(watch(later(5, 'sat'), 200, 200, () => interrupts++)).resolves.toBe('sat');
    expect(interrupts).toBe(0);
  });

  it('interrupts a late call and takes the answer it then gives', async () => {
    let stop: (v: string) => void = () => {};
    const call = new Promise<string>((r) => {
      stop = r;
    });
    let interrupts = 0;
    const r = watch(call, 20, 2000, () => {
      interrupts++;
      stop('unknown');
    });
    await expect(r).resolves.toBe('unknown');
    expect(interrupts).toBe(1);
  });

  it('gives up on a call that ignores its interrupt, with SolverStalled', async () => {
    let interrupts = 0;
    const never = new Promise<string>(() => {});
    const r = watch(never, 20, 30, () => {
      interrupts++;
      throw new Error('interrupt failed');
    });
    await expect(r).rejects.toBeInstanceOf(SolverStalled);
    await expect(r).rejects.toThrow(/did not answer within 0 s, even after an interrupt/);
    expect(interrupts).toBe(1);
  });

  it('passes a failure through, and a late failure of an abandoned call goes nowhere', async () => {
    await expect(watch(Promise.reject(new Error('boom')), 100, 100, () => {})).rejects.toThrow('boom');
    let fail: (e: Error) => void = () => {};
    const late = new Promise<string>((_, j) => {
      fail = j;
    });
    await expect(watch(late, 10, 10, () => {})).rejects.toBeInstanceOf(SolverStalled);
    const unhandled: unknown[] = [];
    const on = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', on);
    fail(new Error('late'));
    await later(20, 0);
    process.off('unhandledRejection', on);
    expect(unhandled).toEqual([]);
  });
});

describe('a crash of a Z3 worker', () => {
  // In a child process: vitest reports every uncaught exception of its own workers.
  const run = (thrown: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { takeZ3Crashes, z3Crash } from ${JSON.stringify(path.join(ROOT, 'src/testgen/watchdog.ts'))};
         takeZ3Crashes(true);
         setTimeout(() => { ${thrown} }, 1);
         setTimeout(() => { console.log('went on:', z3Crash()); }, 50);`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );

  it('is taken: the run goes on, and the crash is recorded for the notes', () => {
    const r = run("const e = new Error('memory access out of bounds'); e.name = 'RuntimeError'; throw e;");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('went on: memory access out of bounds');
  });

  it('leaves any other uncaught exception an internal error, exit 3', () => {
    const r = run("throw new TypeError('x is not a function');");
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('autoglm: internal error: TypeError: x is not a function');
    expect(r.stdout).not.toContain('went on');
  });
});
