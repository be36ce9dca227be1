import { Worker } from 'node:worker_threads';
import type { PreparedModule } from './instrument.js';
import { WORKER_SOURCE } from './sandbox-worker.js';
import type { CallInput, Execution, FunctionInfo, InputValue } from './types.js';

/** One call as the worker runs it. */
export interface SandboxCall {
  exportName: string;
  kind: FunctionInfo['kind'];
  method?: string;
  ctorArgs?: InputValue[];
  args: InputValue[];
  before?: { method: string; args: InputValue[] }[];
}

export function sandboxCall(fn: FunctionInfo, input: CallInput): SandboxCall {
  const method = fn.kind === 'function' ? undefined : fn.name.slice(fn.name.indexOf('.') + 1);
  return {
    exportName: fn.exportName,
    kind: fn.kind,
    ...(method ? { method } : {}),
    ...(fn.kind === 'method' ? { ctorArgs: input.ctorArgs ?? [] } : {}),
    ...(fn.kind === 'method' && input.before?.length ? { before: input.before } : {}),
    args: input.args,
  };
}

/** The outcome message of calls a batch gave up on (see RunOptions.maxTimeouts). */
export const NOT_RUN = 'not run';

/** Extra time for the call that creates a context and loads the module (slow on a busy machine). */
const LOAD_GRACE_MS = 500;

export interface RunOptions {
  /** A new context (fresh module state) for every call; otherwise one context per batch. */
  fresh: boolean;
  /** 0 = the real clock and Math.random; other values shift the clock and reseed (verification). */
  perturb: number;
  /** Give up on the rest of the batch after this many timeouts (their results are absent). */
  maxTimeouts?: number | undefined;
}

interface Pending {
  batch: number;
  results: (Execution | undefined)[];
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  next: number;
  timeouts: number;
  maxTimeouts: number;
}

/**
 * Runs calls in a worker thread with a per-call time limit. A call that overruns (an infinite loop,
 * a promise that never settles) is recorded as a timeout; the worker is terminated and a new one
 * continues with the next call, so a hang costs at most the limit.
 */
export class Sandbox {
  private worker: Worker | undefined;
  private readonly known = new Set<string>();
  private batchSeq = 0;
  private pending: Pending | undefined;
  private setSeq = 0;
  private readonly setIds = new WeakMap<PreparedModule, string>();
  /** Calls executed, for the report. */
  executed = 0;
  timeouts = 0;

  constructor(private readonly timeoutMs: number) {}

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
      env: {},
    });
    w.unref();
    w.on('message', (m: { type: string; batch: number; index: number; result: Execution }) => {
      const p = this.pending;
      if (m.type === 'ready') {
        this.readyResolve?.();
        return;
      }
      if (!p || m.batch !== p.batch) return;
      if (m.type === 'result') {
        p.results[m.index] = m.result;
        p.next = m.index + 1;
        this.executed++;
        this.arm(p, false);
      } else if (m.type === 'done') {
        if (p.timer) clearTimeout(p.timer);
        this.pending = undefined;
        p.resolve();
      }
    });
    w.on('error', (e) => {
      const p = this.pending;
      if (p) {
        // An uncaught error inside the worker (e.g. stack overflow outside a call): count it as a crash.
        p.results[p.next] = { outcome: { kind: 'crash', message: e.message }, arms: [], fns: [] };
        p.next++;
        this.restart(p);
      }
    });
    this.known.clear();
    return w;
  }

  private arm(p: Pending, first = false): void {
    if (p.timer) clearTimeout(p.timer);
    // The first call of a batch also builds a context and loads the module: it gets a grace period.
    const limit = first ? this.timeoutMs + LOAD_GRACE_MS : this.timeoutMs;
    p.timer = setTimeout(() => {
      this.timeouts++;
      p.timeouts++;
      p.results[p.next] = { outcome: { kind: 'timeout' }, arms: [], fns: [] };
      p.next = p.timeouts >= p.maxTimeouts ? Number.POSITIVE_INFINITY : p.next + 1;
      this.restart(p);
    }, limit);
  }

  private restartHook: ((p: Pending) => void) | undefined;

  private restart(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    this.restartHook?.(p);
  }

  private readyResolve: (() => void) | undefined;
  private ready: Promise<void> | undefined;
  /** The next call is the first on a new worker (it compiles the module's code). */
  private spawned = false;

  private async ensure(mod: PreparedModule): Promise<[Worker, string]> {
    if (!this.worker) {
      this.ready = new Promise((resolve) => {
        this.readyResolve = resolve;
      });
      this.worker = this.spawn();
      this.spawned = true;
    }
    const w = this.worker;
    await this.ready;
    if (this.worker !== w || !this.worker) return this.ensure(mod);
    let id = this.setIds.get(mod);
    if (!id) {
      id = `m${++this.setSeq}`;
      this.setIds.set(mod, id);
    }
    if (!this.known.has(id)) {
      this.worker.postMessage({ type: 'set', id, modules: mod.modules, entry: mod.file });
      this.known.add(id);
    }
    return [this.worker, id];
  }

  /** Run calls against a prepared module; results in call order. */
  async run(mod: PreparedModule, calls: SandboxCall[], options: RunOptions): Promise<Execution[]> {
    if (calls.length === 0) return [];
    const batch = ++this.batchSeq;
    const results: (Execution | undefined)[] = new Array(calls.length).fill(undefined);
    await new Promise<void>((resolve, reject) => {
      const p: Pending = {
        batch,
        results,
        resolve,
        reject,
        timer: undefined,
        next: 0,
        timeouts: 0,
        maxTimeouts: options.maxTimeouts ?? Number.POSITIVE_INFINITY,
      };
      this.pending = p;
      const send = (start: number) => {
        if (start >= calls.length) {
          this.pending = undefined;
          resolve();
          return;
        }
        this.ensure(mod).then(([w, id]) => {
          this.arm(p, this.spawned);
          this.spawned = false;
          w.postMessage({
            type: 'run',
            set: id,
            batch,
            calls,
            start,
            fresh: options.fresh,
            perturb: options.perturb,
          });
        }, reject);
      };
      this.restartHook = (q) => {
        if (q === this.pending) send(q.next);
      };
      send(0);
    });
    return results.map((r) => r ?? { outcome: { kind: 'crash', message: NOT_RUN }, arms: [], fns: [] });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
