import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { getAdapter } from '../inference/adapters.js';
import type { ModelSession } from '../inference/backend.js';
import { createOnnxSession, primeRuntime } from '../inference/onnx.js';
import type { ModelSpec } from '../inference/registry.js';
import type { HostTensor } from '../inference/tensor.js';
import type { Dataset } from './dataset.js';
import type { LabelPolicy } from './labels.js';
import { type EvaluatedModel, ModelRun, nowMs } from './model-run.js';
import { asSource, type EvalSource } from './source.js';

export type { EvaluatedModel } from './model-run.js';

export type ProgressFn = (message: string, done: number, total: number) => void;

/** Same dims for every input: such rows can share a batch. */
function sameShapes(
  a: Record<string, HostTensor>,
  b: Record<string, HostTensor>,
  names: readonly string[],
): boolean {
  for (const n of names) {
    const da = (a[n] as HostTensor).dims;
    const db = (b[n] as HostTensor).dims;
    if (da.length !== db.length) return false;
    for (let i = 0; i < da.length; i++) if (da[i] !== db[i]) return false;
  }
  return true;
}

/** Consecutive rows whose tensors have identical dims go into one batch, up to `size` rows. */
export function planBatches(feeds: ReadonlyArray<Record<string, HostTensor>>, size: number): number[][] {
  const batches: number[][] = [];
  const names = feeds[0] ? Object.keys(feeds[0]) : [];
  let current: number[] = [];
  for (let i = 0; i < feeds.length; i++) {
    const head = current[0];
    const fits =
      head === undefined ||
      (current.length < size &&
        sameShapes(feeds[head] as Record<string, HostTensor>, feeds[i] as Record<string, HostTensor>, names));
    if (!fits) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** sha256 per file, reused while size and mtime are unchanged (a model in several suites is hashed once). */
const hashCache = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

async function readModel(file: string, display: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(
      e.code === 'ENOENT' ? `${display}: model file not found` : `${display}: cannot read model (${e.code})`,
    );
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const st = await stat(file);
  hashCache.set(file, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
  return { bytes, sha256 };
}

async function hashModel(file: string, display: string): Promise<{ sha256: string; size: number }> {
  const st = await stat(file).catch(() => undefined);
  const cached = hashCache.get(file);
  if (st && cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached;
  const { bytes, sha256 } = await readModel(file, display);
  return { sha256, size: bytes.length };
}

/** A model ready to run: its session plus what loading it cost. */
export interface LoadedModel {
  spec: ModelSpec;
  session: ModelSession;
  display: string;
  sha256: string;
  sizeBytes: number;
  loadMs: number;
  /** RSS just before the session was created: the base of the model's memory figure. */
  rssBefore: number;
  /** RSS just after the session was created. */
  rssLoaded: number;
  /** Whether this load created the session (and evaluateModel must close it). */
  owned: boolean;
}

/**
 * Load a model: read and hash the file, create the session and time it. With `session`, reuse an
 * existing session (library users and benchmarks) and only identify the file.
 */
export async function loadModel(
  spec: ModelSpec,
  options: { displayPath?: string; session?: ModelSession } = {},
): Promise<LoadedModel> {
  const file = spec.path;
  if (!file) throw new UsageError(`model "${spec.name}": no ONNX path`);
  const display = options.displayPath ?? file;
  getAdapter(spec.adapter.type);
  if (options.session) {
    const { sha256, size } = await hashModel(file, display);
    const rss = process.memoryUsage.rss();
    return {
      spec,
      session: options.session,
      display,
      sha256,
      sizeBytes: size,
      loadMs: 0,
      rssBefore: rss,
      rssLoaded: rss,
      owned: false,
    };
  }
  const { bytes, sha256 } = await readModel(file, display);
  // Set the runtime up first so its one-off cost is not charged to whichever model runs first.
  await primeRuntime();
  const rssBefore = process.memoryUsage.rss();
  const loadStart = nowMs();
  const session = await createOnnxSession(display, { threads: spec.threads }, bytes);
  const loadMs = nowMs() - loadStart;
  const rssLoaded = process.memoryUsage.rss();
  return {
    spec,
    session,
    display,
    sha256,
    sizeBytes: bytes.length,
    loadMs,
    rssBefore,
    rssLoaded,
    owned: true,
  };
}

/** RSS is sampled at most this often: each read costs ~10 µs, too much to pay per batch. */
const RSS_INTERVAL_MS = 25;

export interface RunOptions {
  progress?: ProgressFn;
  /** Sample range [start, end) of this run (a shard); default: every sample. */
  start?: number;
  end?: number;
  /** Keep every sample's raw outputs (for agreement between models); default true. */
  keepOutputs?: boolean;
  /** What rows without the expected field mean (the suite's `allow_unlabelled`, `metrics`). */
  labels?: LabelPolicy;
  /** Random source for the order of turns within a round (seeded in tests). */
  random?: () => number;
}

/**
 * Which model runs its next batch: the one furthest behind in samples done, so models of any
 * batch sizes stay in step; ties go to the earliest in `order` (a permutation the caller draws
 * anew each round), so no model has a fixed place. A fixed place would let anything that happens
 * at a fixed point of the run (a JIT tier-up, a GC at the same allocation count) land on the same
 * model every time.
 */
export function nextTurn(
  done: readonly number[],
  finished: readonly boolean[],
  order: readonly number[],
): number {
  let best = -1;
  for (const i of order) {
    if (finished[i]) continue;
    if (best < 0 || (done[i] as number) < (done[best] as number)) best = i;
  }
  return best;
}

/** Fisher-Yates, in place. */
function shuffle(xs: number[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = xs[i] as number;
    xs[i] = xs[j] as number;
    xs[j] = t;
  }
}

/**
 * Evaluate loaded models on one dataset, timed interleaved: every model warms up first (its
 * `warmup` runs on its first batch), then the models take turns batch by batch in a random order each round (nextTurn), so
 * machine-wide drift, another job's burst or the process's own first-second costs hit all of them
 * alike instead of whichever is listed first. Each batch's run is timed alone; inputs stream into
 * reused buffers, so memory stays flat in the sample count (npm run bench:eval). Records are in
 * dataset order per model, whatever the order of turns.
 */
export async function runLoadedModels(
  models: readonly LoadedModel[],
  dataset: Dataset | EvalSource,
  options: RunOptions = {},
): Promise<EvaluatedModel[]> {
  const source = asSource(dataset);
  const start = Math.max(0, Math.min(options.start ?? 0, source.size));
  const end = Math.max(start, Math.min(options.end ?? source.size, source.size));
  const keep = options.keepOutputs ?? true;
  const runs = models.map((m) => new ModelRun(m, source, { start, end }, keep, options.labels));
  try {
    for (const run of runs) await run.warmUp();
    // RSS growth while the models take turns is charged to the model whose batch just ran.
    let highWater = process.memoryUsage.rss();
    let lastRssAt = nowMs();
    const charge = (run: ModelRun): void => {
      const rss = process.memoryUsage.rss();
      if (rss > highWater) run.grownBytes += rss - highWater;
      highWater = Math.max(highWater, rss);
      lastRssAt = nowMs();
    };
    const done = runs.map((r) => r.done);
    const finished = runs.map((r) => r.finished);
    const order = runs.map((_, i) => i);
    const random = options.random ?? Math.random;
    let last: ModelRun | undefined;
    for (let step = 0; ; step++) {
      if (step % runs.length === 0) shuffle(order, random);
      const i = nextTurn(done, finished, order);
      if (i < 0) break;
      const run = runs[i] as ModelRun;
      const first = run.done === 0;
      await run.step();
      done[i] = run.done;
      finished[i] = run.finished;
      last = run;
      // A model's first batch allocates most of what a session without warm-up needs.
      if (first || nowMs() - lastRssAt >= RSS_INTERVAL_MS) charge(run);
      options.progress?.(`${run.model.spec.name}: ${run.done}/${run.total} samples`, run.done, run.total);
    }
    if (last) charge(last);
    return runs.map((r) => r.result());
  } finally {
    for (const r of runs) if (!r.finished) await r.abandon();
  }
}

/** Evaluate one loaded model on a dataset (runLoadedModels with one model). */
export async function runLoadedModel(
  model: LoadedModel,
  dataset: Dataset | EvalSource,
  options: RunOptions = {},
): Promise<EvaluatedModel> {
  return (await runLoadedModels([model], dataset, options))[0] as EvaluatedModel;
}

/**
 * Load, evaluate (interleaved) and release the models of one suite. Models load one after another
 * (so each load is timed alone), then run together: see runLoadedModels.
 */
export async function evaluateModels(
  specs: readonly ModelSpec[],
  dataset: Dataset | EvalSource,
  options: RunOptions & { displayPath?: (spec: ModelSpec) => string } = {},
): Promise<EvaluatedModel[]> {
  const loaded: LoadedModel[] = [];
  try {
    for (const spec of specs) {
      loaded.push(
        await loadModel(spec, options.displayPath ? { displayPath: options.displayPath(spec) } : {}),
      );
    }
    return await runLoadedModels(loaded, dataset, options);
  } finally {
    for (const m of loaded) if (m.owned) await m.session.close();
  }
}

/** Load, evaluate and release one model. */
export async function evaluateModel(
  spec: ModelSpec,
  dataset: Dataset | EvalSource,
  options: RunOptions & { displayPath?: string; session?: ModelSession } = {},
): Promise<EvaluatedModel> {
  const model = await loadModel(spec, options);
  try {
    return await runLoadedModel(model, dataset, options);
  } finally {
    if (model.owned) await model.session.close();
  }
}
