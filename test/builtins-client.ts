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

let conn: net.Socket | undefined;
let buffered = '';
const waiting = new Map<number, (r: RowReply) => void>();

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
  for (;;) {
    try {
      conn = await connectOnce();
      break;
    } catch (e) {
      if (Date.now() > until) throw new Error(`no builtins server on ${SOCKET}: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // The server ended (its watchdog, or killed): the rows still waiting fail now, not in a minute.
  conn.on('close', () => {
    conn = undefined;
    buffered = '';
    for (const [i, done] of waiting) done({ i, error: 'the builtins server ended before answering' });
    waiting.clear();
  });
  conn.on('data', (d) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const reply = JSON.parse(buffered.slice(0, nl)) as RowReply;
      buffered = buffered.slice(nl + 1);
      waiting.get(reply.i)?.(reply);
      waiting.delete(reply.i);
    }
  });
  return conn;
}

function serverAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(PIDFILE, 'utf8'));
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed server nobody reaped is a zombie: signal 0 finds it, /proc (where there is one) says Z.
  let state = '';
  try {
    state = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .charAt(0);
  } catch {}
  return state !== 'Z' && existsSync(SOCKET);
}

/** Stop a server that did not answer in time (a mutant that hangs it), so the next run starts one. */
function killServer(): void {
  conn?.destroy();
  conn = undefined;
  try {
    process.kill(Number(readFileSync(PIDFILE, 'utf8')), 'SIGKILL');
  } catch {}
  rmSync(SOCKET, { force: true });
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
  const c = await connect();
  const reply = await new Promise<RowReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(i);
      killServer();
      reject(new Error(`row ${i}: no answer from the builtins server in ${ROW_TIMEOUT_MS} ms`));
    }, ROW_TIMEOUT_MS);
    waiting.set(i, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    c.write(`${JSON.stringify(req)}\n`);
  });
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
