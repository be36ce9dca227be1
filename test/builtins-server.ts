// The solver side of the builtin models' differential test under StrykerJS (`npm run mutation --
// builtins`). Each mutant run of vitest starts a fresh worker, and loading TypeScript, Z3 and the
// analysed rows there costs 5-6 s before the first row: more than the rows a mutant reaches. This
// process loads them once, next to Stryker's test runner process (its pid is argv[3]), and answers
// one row at a time over a Unix socket (argv[2]): the test passes the mutant Stryker activated,
// this process activates the same one in the instrumented source (Stryker runs in place, so the
// source on disk is the instrumented one) and sends back the row's result and the mutants the row
// reached. It exits when that Stryker process is gone or no row came for a minute.
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { closeSolver, Z3Session } from '../src/testgen/solve.js';
import { z3Crash } from '../src/testgen/watchdog.js';
import { checkRow, prepareRows } from './builtins-check.js';

export interface RowRequest {
  i: number;
  activeMutant?: string;
  hitLimit?: number;
  /** Collect the mutants the row reaches (Stryker's dry run). */
  collect: boolean;
}

export interface RowReply {
  i: number;
  results?: string[];
  error?: string;
  coverage?: Record<string, number>;
  hitCount?: number;
  /** Z3's wasm worker crashed or stalled during the row: this server ends after replying (see `answer`). */
  crashed?: string;
}

/** StrykerJS's global namespace (`globalThis.__stryker__`), as its instrumented code and runner use it. */
export interface StrykerNamespace {
  activeMutant?: string;
  currentTestId?: string;
  hitCount?: number;
  hitLimit?: number;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

const [socket, owner] = process.argv.slice(2) as [string, string];
const g = globalThis as { __stryker__?: StrykerNamespace };
// The instrumented code keeps a reference to this object and its coverage maps: mutate, never replace.
g.__stryker__ ??= {};
const ns = g.__stryker__;
ns.mutantCoverage ??= { static: {}, perTest: {} };
const ROW_TEST = 'row';
const ROW_LIMIT_MS = 45_000;

const rows = await prepareRows();
let z3 = await Z3Session.open(5000);

/**
 * Remove the socket and pid file, then SIGKILL this process (process.exit waits on Z3's threads).
 * Nobody reaps a detached server, so a killed one stays a zombie that signal 0 still finds: without
 * its files the client sees it gone and starts a new one (a run sat idle on a zombie's socket).
 */
function die(): void {
  rmSync(socket, { force: true });
  rmSync(`${socket}.pid`, { force: true });
  process.kill(process.pid, 'SIGKILL');
}

async function answer(req: RowRequest): Promise<RowReply> {
  const cov = ns.mutantCoverage as NonNullable<StrykerNamespace['mutantCoverage']>;
  delete cov.perTest[ROW_TEST];
  ns.activeMutant = req.activeMutant;
  ns.hitLimit = req.hitLimit;
  ns.hitCount = req.hitLimit === undefined ? undefined : 0;
  ns.currentTestId = req.collect ? ROW_TEST : undefined;
  const reply: RowReply = { i: req.i };
  let trapped: string | undefined;
  // A mutant that aborts Z3's wasm runtime (no call answers after that, not even opening a new
  // session) or loops: kill this process (process.exit waits on Z3's threads), so the client fails
  // the row at once and the next row starts a fresh server.
  const watchdog = setTimeout(die, ROW_LIMIT_MS);
  try {
    if (!z3.usable) z3 = await Z3Session.open(5000);
    reply.results = await checkRow(
      z3,
      rows.fnOf(req.i),
      rows.realOf(req.i),
      rows.sourceFile,
      rows.inexactOf(req.i),
    );
  } catch (e) {
    reply.error = String((e as Error).message ?? e);
    // A wasm trap thrown straight at the call ("memory access out of bounds", after Z3 failed an
    // assertion in its sequence theory on a row it passes in a fresh process): the instance is broken.
    if ((e as Error).name === 'RuntimeError') trapped = reply.error;
  } finally {
    clearTimeout(watchdog);
    reply.hitCount = ns.hitCount;
    ns.activeMutant = undefined;
    ns.currentTestId = undefined;
    ns.hitCount = undefined;
  }
  if (req.collect) reply.coverage = cov.perTest[ROW_TEST] ?? {};
  // After a crash of Z3's wasm worker this process refuses every later session, so every later
  // mutant's rows would fail with "crashed earlier" and count as killed (a run once credited 498
  // kills to one crash). It ends after this reply; the client reruns the row in a new server.
  // A call that stalled past its interrupt (the session is left unusable; on a loaded machine the
  // dry run once failed `arr.join holes` this way) is treated alike: a stall the mutant causes
  // happens again in the new server.
  const crash =
    z3Crash() ??
    trapped ??
    (reply.error?.includes('Aborted(') ? 'Aborted' : undefined) ??
    (z3.usable ? undefined : `stalled: ${reply.error ?? 'the solver'}`);
  if (crash !== undefined) reply.crashed = crash;
  return reply;
}

let last = Date.now();
let busy = 0;
let queue = Promise.resolve();
rmSync(socket, { force: true });
const server = net.createServer((conn) => {
  let buffered = '';
  conn.on('data', (d) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const req = JSON.parse(buffered.slice(0, nl)) as RowRequest;
      buffered = buffered.slice(nl + 1);
      busy++;
      queue = queue.then(async () => {
        const reply = await answer(req);
        busy--;
        last = Date.now();
        // Z3's wasm runtime aborted or crashed: nothing after this can answer.
        if (reply.crashed !== undefined) conn.end(`${JSON.stringify(reply)}\n`, die);
        else conn.write(`${JSON.stringify(reply)}\n`);
      });
    }
  });
  conn.on('error', () => {});
});
server.listen(socket, () => writeFileSync(`${socket}.pid`, String(process.pid)));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
setInterval(async () => {
  if (alive(Number(owner)) && (busy > 0 || Date.now() - last < 60_000)) return;
  server.close();
  rmSync(socket, { force: true });
  rmSync(`${socket}.pid`, { force: true });
  await closeSolver();
  process.exit(0);
}, 2000);
