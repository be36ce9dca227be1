import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { getAdapter, type SampleOutcome } from '../inference/adapters.js';
import { acceptsBatches, type ModelSession } from '../inference/backend.js';
import { encodeRow } from '../inference/encode.js';
import { createOnnxSession, primeRuntime } from '../inference/onnx.js';
import type { ModelSpec } from '../inference/registry.js';
import { concatBatch, type HostTensor, splitBatch } from '../inference/tensor.js';
import type { ModelResult, SampleRecord } from '../results/schema.js';
import type { Dataset } from './dataset.js';
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

function batchFeeds(
  all: ReadonlyArray<Record<string, HostTensor>>,
  indices: readonly number[],
): Record<string, HostTensor> {
  const first = all[indices[0] as number] as Record<string, HostTensor>;
  const feeds: Record<string, HostTensor> = {};
  for (const name of Object.keys(first)) {
    feeds[name] = concatBatch(indices.map((i) => (all[i] as Record<string, HostTensor>)[name] as HostTensor));
  }
  return feeds;
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

/**
 * Evaluate a loaded model on a dataset: encode every row first (so bad input fails before any
 * timing), warm up, then time each batch's run alone. A sample's latency is its share of its
 * batch's time. The loop does only what the records need, so the harness stays close to a bare
 * onnxruntime loop (npm run bench:eval).
 */
export async function runLoadedModel(
  model: LoadedModel,
  dataset: Dataset,
  options: { progress?: ProgressFn } = {},
): Promise<EvaluatedModel> {
  const { spec, session } = model;
  const adapter = getAdapter(spec.adapter.type);
  const rows = dataset.rows;
  const feeds = rows.map((row) =>
    encodeRow(
      row.fields,
      { where: row.where, model: spec.name, inputs: session.inputs },
      spec.adapter.inputs,
    ),
  );
  const batched = spec.batchSize > 1 && acceptsBatches(session);
  const batches = planBatches(feeds, batched ? spec.batchSize : 1);

  const first = batches[0];
  if (first && spec.warmup > 0) {
    const warm = batchFeeds(feeds, first);
    for (let i = 0; i < spec.warmup; i++) await session.run(warm);
  }

  const total = rows.length;
  const records: SampleRecord[] = new Array(total);
  const outcomes: SampleOutcome[] = new Array(total);
  const outputs = new Map<string, HostTensor[]>();
  const latencies: number[] = new Array(total);
  const adapterCtx = { options: spec.adapter, outputs: session.outputs, where: '' };
  let measuredMs = 0;
  // The session's memory is mostly allocated by its first runs; sample RSS every RSS_INTERVAL_MS
  // and once at the end rather than per batch.
  let peakRss = model.rssBefore;
  let lastRssAt = nowMs();
  let done = 0;
  for (let b = 0; b < batches.length; b++) {
    const indices = batches[b] as number[];
    const input = batchFeeds(feeds, indices);
    const start = nowMs();
    const out = await session.run(input);
    const end = nowMs();
    const elapsed = end - start;
    measuredMs += elapsed;
    const share = elapsed / indices.length;
    const names = Object.keys(out);
    const split = names.map((name) => {
      let list = outputs.get(name);
      if (!list) {
        list = new Array(total);
        outputs.set(name, list);
      }
      return { name, parts: splitBatch(out[name] as HostTensor, indices.length), list };
    });
    for (let k = 0; k < indices.length; k++) {
      const rowIndex = indices[k] as number;
      const row = rows[rowIndex] as Dataset['rows'][number];
      const sampleOut: Record<string, HostTensor> = {};
      for (const o of split) {
        const part = o.parts[k] as HostTensor;
        sampleOut[o.name] = part;
        o.list[rowIndex] = part;
      }
      adapterCtx.where = row.where;
      const outcome = adapter.score(sampleOut, row.fields, adapterCtx);
      outcomes[rowIndex] = outcome;
      latencies[rowIndex] = share;
      const record: SampleRecord = { id: row.id, prediction: outcome.prediction, latencyMs: share, batch: b };
      if (outcome.expected !== undefined) record.expected = outcome.expected;
      if (outcome.correct !== undefined) record.correct = outcome.correct;
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.squaredError !== undefined) record.squaredError = outcome.squaredError;
      if (outcome.similarity !== undefined) record.similarity = outcome.similarity;
      records[rowIndex] = record;
    }
    if (end - lastRssAt >= RSS_INTERVAL_MS) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      lastRssAt = end;
    }
    done += indices.length;
    options.progress?.(`${spec.name}: ${done}/${total} samples`, done, total);
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());

  const result: ModelResult = {
    name: spec.name,
    path: model.display,
    sha256: model.sha256,
    adapter: spec.adapter.type,
    batchSize: batched ? spec.batchSize : 1,
    batched,
    threads: session.threads,
    warmupRuns: first ? spec.warmup : 0,
    ...(spec.quantizedFrom ? { quantizedFrom: spec.quantizedFrom } : {}),
    metrics: {
      ...adapter.summarize(outcomes),
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
  dataset: Dataset,
  options: { progress?: ProgressFn; displayPath?: string; session?: ModelSession } = {},
): Promise<EvaluatedModel> {
  const model = await loadModel(spec, options);
  try {
    return await runLoadedModel(model, dataset, options);
  } finally {
    if (model.owned) await model.session.close();
  }
}
