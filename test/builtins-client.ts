// The test side of test/builtins-server.ts: one server per StrykerJS test runner process (this
// vitest worker's pid), started on the first row and reused by every later mutant run; each row is
// one request carrying the mutant Stryker activated here. The mutants a row reached in the server
// are added to this test's coverage, and its hit count to this run's, as if the row had run here.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RowReply, RowRequest, StrykerNamespace } from './builtins-server.js';
import { ROOT } from './helpers.js';

const SOCKET = path.join(os.tmpdir(), `autoglm-builtins-${process.pid}.sock`);
const PIDFILE = `${SOCKET}.pid`;
const ROW_TIMEOUT_MS = 60_000;
const SERVER_ENDED = 'the builtins server ended before answering';
const NO_ANSWER = `no answer from the builtins server in ${ROW_TIMEOUT_MS / 1000} s`;

let conn: net.Socket | undefined;
/** The rows each connection waits on: a closing old connection fails only its own. */
const waitingOn = new WeakMap<net.Socket, Map<number, (r: RowReply) => void>>();

function connectOnce(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.connect(SOCKET, () => resolve(c));
    c.once('error', reject);
  });
}

async function connect(): Promise<net.Socket> {
  if (conn) return conn;
  // A socket whose server is gone (killed with its Stryker run) is removed, and a new one started.
  if (!serverAlive()) {
    rmSync(SOCKET, { force: true });
    const log = openSync(`${SOCKET}.log`, 'a');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test', 'builtins-server.ts'), SOCKET, String(process.pid)],
      { cwd: ROOT, detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
  }
  const until = Date.now() + 120_000;
  let c: net.Socket;
  for (;;) {
    try {
      c = await connectOnce();
      break;
    } catch (e) {
      if (Date.now() > until) throw new Error(`no builtins server on ${SOCKET}: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  conn = c;
  let buffered = '';
  const waiting = new Map<number, (r: RowReply) => void>();
  waitingOn.set(c, waiting);
  // The server ended (its watchdog, or killed): the rows still waiting fail now, not in a minute.
  // Only this connection's: a new one may already be open when the old one's close comes.
  c.on('close', () => {
    if (conn === c) conn = undefined;
    for (const [i, done] of waiting) done({ i, error: SERVER_ENDED });
    waiting.clear();
  });
  c.on('data', (d) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const reply = JSON.parse(buffered.slice(0, nl)) as RowReply;
      buffered = buffered.slice(nl + 1);
      waiting.get(reply.i)?.(reply);
      waiting.delete(reply.i);
    }
  });
  return c;
}

/** Whether the process runs: signal 0 finds it and, where there is a /proc, it is not a zombie. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed server nobody reaped is a zombie: signal 0 finds it, /proc says Z.
  let state = '';
  try {
    state = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .charAt(0);
  } catch {}
  return state !== 'Z';
}

function serverAlive(): boolean {
  const pid = serverPid();
  return pid !== undefined && processRuns(pid) && existsSync(SOCKET);
}

/** The pid in the pid file, if there is one. */
function serverPid(): number | undefined {
  try {
    return Number(readFileSync(PIDFILE, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Stop the server (one that did not answer in time, or crashed) and wait until it is gone, so the
 * next row starts a new one whose socket the old one can no longer remove.
 */
async function killServer(): Promise<void> {
  conn?.destroy();
  conn = undefined;
  const pid = serverPid();
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
    for (const until = Date.now() + 5000; Date.now() < until && processRuns(pid); )
      await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(SOCKET, { force: true });
  rmSync(PIDFILE, { force: true });
}

/** One request for row i under the given mutant; the server's reply. */
async function askOnce(req: RowRequest): Promise<RowReply> {
  const c = await connect();
  const waiting = waitingOn.get(c) as Map<number, (r: RowReply) => void>;
  return new Promise<RowReply>((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(req.i);
      void killServer().then(() => resolve({ i: req.i, error: NO_ANSWER }));
    }, ROW_TIMEOUT_MS);
    waiting.set(req.i, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    c.write(`${JSON.stringify(req)}\n`);
  });
}

/** Run one row in the server under this run's active mutant; merges its coverage and hit count here. */
export async function askRow(i: number): Promise<RowReply> {
  const g = globalThis as { __stryker__?: StrykerNamespace };
  g.__stryker__ ??= {};
  const ns = g.__stryker__;
  const req: RowRequest = {
    i,
    activeMutant: ns.activeMutant,
    hitLimit: ns.hitLimit,
    collect: ns.currentTestId !== undefined && ns.activeMutant === undefined,
  };
  let reply = await askOnce(req);
  // Z3's worker crashed or stalled past its interrupt, the server died (out of memory, its watchdog)
  // or hung (Z3 stalls now and then, e.g. on `arr.join` with no mutant active): a failure the mutant causes happens again in a
  // new server, and only then does the row fail. One that does not was the long-lived server's, not
  // the mutant's (a run once credited 498 kills to one crash).
  if (reply.crashed !== undefined || reply.error === SERVER_ENDED || reply.error === NO_ANSWER) {
    await killServer();
    reply = await askOnce(req);
  }
  if (reply.coverage && ns.currentTestId) {
    ns.mutantCoverage ??= { static: {}, perTest: {} };
    ns.mutantCoverage.perTest[ns.currentTestId] ??= {};
    const mine = ns.mutantCoverage.perTest[ns.currentTestId] as Record<string, number>;
    for (const [id, n] of Object.entries(reply.coverage)) mine[id] = (mine[id] ?? 0) + n;
  }
  if (reply.hitCount !== undefined && ns.hitCount !== undefined) ns.hitCount += reply.hitCount;
  return reply;
}

/** Let the worker end; the server stays for the next mutant run. */
export function disconnect(): void {
  conn?.end();
  conn = undefined;
}
