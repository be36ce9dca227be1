/**
 * A wall-clock guard around one solver call. Z3's own `timeout` is checked inside the solver and
 * did not always fire (a check on a loaded CI runner ran past 60 s with a 5 s timeout). After
 * `softMs` the guard asks the solver to stop (`interrupt`); after `graceMs` more it gives up on
 * the call: the promise it returns rejects with `SolverStalled`, and the call left running must
 * never be touched again (its context is still busy on a worker thread).
 */
export class SolverStalled extends Error {
  constructor(what: number | string) {
    super(
      typeof what === 'string'
        ? what
        : `the Z3 solver did not answer within ${Math.round(what / 1000)} s, even after an interrupt`,
    );
    this.name = 'SolverStalled';
  }
}

export function watch<T>(
  call: Promise<T>,
  softMs: number,
  graceMs: number,
  interrupt: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let hard: NodeJS.Timeout | undefined;
    const soft = setTimeout(() => {
      try {
        interrupt();
      } catch {
        // An interrupt that fails leaves the hard limit to decide.
      }
      hard = setTimeout(() => reject(new SolverStalled(softMs + graceMs)), graceMs);
    }, softMs);
    const done = () => {
      clearTimeout(soft);
      if (hard) clearTimeout(hard);
    };
    // Both handlers attached: a late rejection of an abandoned call never surfaces as unhandled.
    call.then(
      (v) => {
        done();
        resolve(v);
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}

/**
 * A crash of a Z3 worker thread (a wasm trap such as "memory access out of bounds", or an abort
 * when its 2 GiB heap is full) reaches the main thread as an uncaught exception, which would end
 * the whole run with Node's exit code 1, our code for "regression found". While Z3 is loaded this
 * listener takes such crashes: the solver is given up on (its pending call is ended by the
 * watchdog, later sessions are refused) and the run goes on with search. Any other uncaught
 * exception ends the process as an internal error, exit code 3.
 */
let crashed: string | undefined;

export function z3Crash(): string | undefined {
  return crashed;
}

const isZ3Crash = (e: unknown): boolean =>
  (e instanceof Error && e.name === 'RuntimeError') ||
  /z3-built/.test(String((e as Error | undefined)?.stack ?? ''));

function onUncaught(e: unknown): void {
  if (isZ3Crash(e)) {
    crashed ??= String((e as Error).message ?? e).split('\n')[0];
    return;
  }
  process.stderr.write(`autoglm: internal error: ${(e as Error | undefined)?.stack ?? String(e)}\n`);
  process.exit(3);
}

/** Take Z3 worker crashes while Z3 is loaded (true), or stop taking them (false). */
export function takeZ3Crashes(on: boolean): void {
  process.off('uncaughtException', onUncaught);
  if (on) process.on('uncaughtException', onUncaught);
}
