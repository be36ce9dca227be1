import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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

/** Consecutive rows whose tensors have identical dims go into one batch, up to `size` rows. */
export function planBatches(feeds: ReadonlyArray<Record<string, HostTensor>>, size: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  const key = (f: Record<string, HostTensor>) =>
    Object.entries(f)
      .map(([n, t]) => `${n}:${t.dims.join('x')}`)
      .join('|');
  let currentKey = '';
  feeds.forEach((f, i) => {
    const k = key(f);
    if (current.length === size || (current.length > 0 && k !== currentKey)) {
      batches.push(current);
      current = [];
    }
    currentKey = k;
    current.push(i);
  });
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

async function readModel(file: string, display: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(
      e.code === 'ENOENT' ? `${display}: model file not found` : `${display}: cannot read model (${e.code})`,
    );
  });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Evaluate one model on a dataset: encode every row first (so bad input fails before any timing),
 * warm up, then time each batch's run alone. A sample's latency is its share of its batch's time.
 */
export async function evaluateModel(
  spec: ModelSpec,
  dataset: Dataset,
  options: { progress?: ProgressFn; displayPath?: string; session?: ModelSession } = {},
): Promise<EvaluatedModel> {
  const file = spec.path;
  if (!file) throw new UsageError(`model "${spec.name}": no ONNX path`);
  const display = options.displayPath ?? file;
  const adapter = getAdapter(spec.adapter.type);
  const { bytes, sha256 } = await readModel(file, display);

  // Load the runtime library first so its one-off cost is not charged to whichever model runs first.
  if (!options.session) await primeRuntime();
  const rssBefore = process.memoryUsage.rss();
  const loadStart = nowMs();
  const session = options.session ?? (await createOnnxSession(display, { threads: spec.threads }, bytes));
  const loadMs = nowMs() - loadStart;
  let peakRss = process.memoryUsage.rss();

  try {
    const ctxInputs = session.inputs;
    const feeds = dataset.rows.map((row) =>
      encodeRow(row.fields, { where: row.where, model: spec.name, inputs: ctxInputs }, spec.adapter.inputs),
    );
    const batched = spec.batchSize > 1 && acceptsBatches(session);
    const batches = planBatches(feeds, batched ? spec.batchSize : 1);

    const first = batches[0];
    if (first) {
      const warm = batchFeeds(feeds, first);
      for (let i = 0; i < spec.warmup; i++) await session.run(warm);
    }

    const records: SampleRecord[] = new Array(dataset.rows.length);
    const outcomes: SampleOutcome[] = new Array(dataset.rows.length);
    const outputs = new Map<string, HostTensor[]>();
    const perSampleMs: number[] = [];
    let measuredMs = 0;
    let done = 0;
    for (let b = 0; b < batches.length; b++) {
      const indices = batches[b] as number[];
      const input = batchFeeds(feeds, indices);
      const start = nowMs();
      const out = await session.run(input);
      const elapsed = nowMs() - start;
      measuredMs += elapsed;
      const share = elapsed / indices.length;
      const split = Object.fromEntries(
        Object.entries(out).map(([name, t]) => [name, splitBatch(t, indices.length)] as const),
      );
      indices.forEach((rowIndex, k) => {
        const row = dataset.rows[rowIndex] as Dataset['rows'][number];
        const sampleOut: Record<string, HostTensor> = {};
        for (const [name, parts] of Object.entries(split)) {
          const part = parts[k] as HostTensor;
          sampleOut[name] = part;
          let list = outputs.get(name);
          if (!list) {
            list = new Array(dataset.rows.length);
            outputs.set(name, list);
          }
          list[rowIndex] = part;
        }
        const outcome = adapter.score(sampleOut, row.fields, {
          options: spec.adapter,
          outputs: session.outputs,
          where: row.where,
        });
        outcomes[rowIndex] = outcome;
        perSampleMs.push(share);
        records[rowIndex] = {
          id: row.id,
          prediction: outcome.prediction,
          ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
          ...(outcome.correct !== undefined ? { correct: outcome.correct } : {}),
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
          ...(outcome.squaredError !== undefined ? { squaredError: outcome.squaredError } : {}),
          ...(outcome.similarity !== undefined ? { similarity: outcome.similarity } : {}),
          latencyMs: share,
          batch: b,
        };
      });
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      done += indices.length;
      options.progress?.(`${spec.name}: ${done}/${dataset.rows.length} samples`, done, dataset.rows.length);
    }

    const quality = adapter.summarize(outcomes);
    const result: ModelResult = {
      name: spec.name,
      path: display,
      sha256,
      adapter: spec.adapter.type,
      batchSize: batched ? spec.batchSize : 1,
      batched,
      threads: session.threads,
      warmupRuns: first ? spec.warmup : 0,
      ...(spec.quantizedFrom ? { quantizedFrom: spec.quantizedFrom } : {}),
      metrics: {
        ...quality,
        latency: summarizeLatency(perSampleMs),
        throughput: measuredMs > 0 ? (dataset.rows.length * 1000) / measuredMs : 0,
        loadMs,
        memoryMiB: Math.max(0, (peakRss - rssBefore) / MiB),
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        sizeBytes: bytes.length,
      },
      samples: records,
    };
    return { result, outputs, runtime: session.runtime };
  } finally {
    if (!options.session) await session.close();
  }
}
