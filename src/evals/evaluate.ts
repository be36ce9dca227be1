import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { BUILTIN_ADAPTERS, getAdapter } from '../inference/adapters.js';
import { acceptsBatches, type ModelSession } from '../inference/backend.js';
import { createOnnxSession, primeRuntime } from '../inference/onnx.js';
import type { ModelSpec } from '../inference/registry.js';
import { type HostTensor, splitBatch } from '../inference/tensor.js';
import type { ModelResult, SampleRecord } from '../results/schema.js';
import type { Dataset } from './dataset.js';
import { LabelCheck, type LabelPolicy } from './labels.js';
import { asSource, type BatchRow, type EvalSource } from './source.js';
import { summarizeLatency } from './stats.js';

export type ProgressFn = (message: string, done: number, total: number) => void;

export interface EvaluatedModel {
  result: ModelResult;
  /** Raw outputs per sample, by output name, for label-free agreement between models. */
  outputs: Map<string, HostTensor[]>;
  runtime: { name: string; version: string };
}

const MiB = 1024 * 1024;
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

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
    return {
      spec,
      session: options.session,
      display,
      sha256,
      sizeBytes: size,
      loadMs: 0,
      rssBefore: process.memoryUsage.rss(),
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
  return { spec, session, display, sha256, sizeBytes: bytes.length, loadMs, rssBefore, owned: true };
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
}

/**
 * Evaluate a loaded model on a dataset, streamed batch by batch into reused input buffers: warm
 * up on the first batch, then time each batch's run alone. A sample's latency is its share of its
 * batch's time. Only the per-sample records (and, when asked, the raw outputs) outlive a batch, so
 * memory stays flat in the sample count and the loop stays close to a bare onnxruntime loop
 * (npm run bench:eval).
 */
export async function runLoadedModel(
  model: LoadedModel,
  dataset: Dataset | EvalSource,
  options: RunOptions = {},
): Promise<EvaluatedModel> {
  const { spec, session } = model;
  const adapter = getAdapter(spec.adapter.type);
  const source = asSource(dataset);
  const batched = spec.batchSize > 1 && acceptsBatches(session);
  const start = Math.max(0, Math.min(options.start ?? 0, source.size));
  const end = Math.max(start, Math.min(options.end ?? source.size, source.size));
  const total = end - start;
  const cursor = source.batches({
    inputs: session.inputs,
    model: spec.name,
    mapping: spec.adapter.inputs,
    batchSize: batched ? spec.batchSize : 1,
    start,
    end,
  });

  const records: SampleRecord[] = new Array(total);
  const outputs = new Map<string, HostTensor[]>();
  const keep = options.keepOutputs ?? true;
  const latencies: number[] = new Array(total);
  const adapterCtx = { options: spec.adapter, outputs: session.outputs, where: '' };
  const labels = BUILTIN_ADAPTERS.has(spec.adapter.type)
    ? new LabelCheck(spec.name, spec.adapter.expected ?? 'expected', options.labels)
    : undefined;
  let measuredMs = 0;
  // The session's memory is mostly allocated by its first runs; sample RSS every RSS_INTERVAL_MS
  // and once at the end rather than per batch.
  let peakRss = model.rssBefore;
  let lastRssAt = nowMs();
  let done = 0;
  let warmed = spec.warmup <= 0;
  let warmupRuns = 0;
  for await (const batch of cursor) {
    if (!warmed) {
      for (let i = 0; i < spec.warmup; i++) await session.run(batch.feeds);
      warmupRuns = spec.warmup;
      warmed = true;
    }
    const n = batch.rows.length;
    const begin = nowMs();
    const out = await session.run(batch.feeds);
    const finish = nowMs();
    const elapsed = finish - begin;
    measuredMs += elapsed;
    const share = elapsed / n;
    const names = Object.keys(out);
    const split = names.map((name) => {
      let list = outputs.get(name);
      if (keep && !list) {
        list = new Array(total);
        outputs.set(name, list);
      }
      return { name, parts: splitBatch(out[name] as HostTensor, n), list };
    });
    for (let k = 0; k < n; k++) {
      const row = batch.rows[k] as BatchRow;
      const slot = row.index - start;
      const sampleOut: Record<string, HostTensor> = {};
      for (const o of split) {
        const part = o.parts[k] as HostTensor;
        sampleOut[o.name] = part;
        if (o.list) o.list[slot] = part;
      }
      adapterCtx.where = row.where;
      labels?.see(row.where, row.fields);
      const outcome = adapter.score(sampleOut, row.fields, adapterCtx);
      latencies[slot] = share;
      // The record is the outcome plus timing: one object per sample, nothing else kept.
      const record: SampleRecord = {
        id: row.id,
        prediction: outcome.prediction,
        latencyMs: share,
        batch: batch.index,
      };
      if (outcome.expected !== undefined) record.expected = outcome.expected;
      if (outcome.correct !== undefined) record.correct = outcome.correct;
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.squaredError !== undefined) record.squaredError = outcome.squaredError;
      if (outcome.similarity !== undefined) record.similarity = outcome.similarity;
      records[slot] = record;
    }
    if (finish - lastRssAt >= RSS_INTERVAL_MS) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      lastRssAt = finish;
    }
    done += n;
    options.progress?.(`${spec.name}: ${done}/${total} samples`, done, total);
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  labels?.finish(total);

  const result: ModelResult = {
    name: spec.name,
    path: model.display,
    sha256: model.sha256,
    adapter: spec.adapter.type,
    batchSize: batched ? spec.batchSize : 1,
    batched,
    threads: session.threads,
    warmupRuns,
    ...(spec.quantizedFrom ? { quantizedFrom: spec.quantizedFrom } : {}),
    metrics: {
      ...adapter.summarize(records),
      latency: summarizeLatency(latencies),
      throughput: measuredMs > 0 ? (total * 1000) / measuredMs : 0,
      loadMs: model.loadMs,
      memoryMiB: Math.max(0, (peakRss - model.rssBefore) / MiB),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      sizeBytes: model.sizeBytes,
    },
    samples: records,
  };
  return { result, outputs, runtime: session.runtime };
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
