import { readFile } from 'node:fs/promises';
import { acceptsBatches, type ModelSession } from '../inference/backend.js';
import { createOnnxSession } from '../inference/onnx.js';
import type { ModelSpec } from '../inference/registry.js';
import type { HostTensor, TensorData } from '../inference/tensor.js';
import type { Interleaved } from '../results/comparison.js';
import type { Dataset } from './dataset.js';
import { asSource, type EvalSource } from './source.js';

export interface InterleaveOptions {
  rounds: number;
  /** The candidate's batch size (and the base's, unless baseBatchSize is given). */
  batchSize: number;
  /** The base's batch size, when the baseline ran with another one. */
  baseBatchSize?: number;
  /** Samples per round, from the start of the dataset (bounds the cost on big datasets). */
  maxSamples?: number;
  /** Untimed passes of each model before the first round. */
  warmupPasses?: number;
  /** Random source for the order within each round (seeded in tests and benchmarks). */
  random?: () => number;
}

export interface InterleavedTimings {
  /** Per-sample latency (ms) of each round (median over its batches), one value per round. */
  base: number[];
  candidate: number[];
  /** Per-sample latency (ms) of every batch, round by round (what tail quantiles are judged on). */
  baseBatches: number[][];
  candidateBatches: number[][];
  rounds: number;
  samplesPerRound: number;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

interface Batch {
  feeds: Record<string, HostTensor>;
  size: number;
}

async function prepare(
  session: ModelSession,
  dataset: Dataset | EvalSource,
  model: string,
  batchSize: number,
  count: number,
): Promise<Batch[]> {
  const size = batchSize > 1 && acceptsBatches(session) ? batchSize : 1;
  // Batches are built once (copied out of the source's reused buffers): a round times only
  // session.run, as the eval does.
  const out: Batch[] = [];
  for await (const b of asSource(dataset).batches({
    inputs: session.inputs,
    model,
    batchSize: size,
    end: count,
  })) {
    const feeds: Record<string, HostTensor> = {};
    for (const [name, t] of Object.entries(b.feeds))
      feeds[name] = { ...t, data: t.data.slice() as TensorData };
    out.push({ feeds, size: b.rows.length });
  }
  return out;
}

/** Five significant digits: plenty for a timing, and the results file stays small. */
const round5 = (x: number): number => Number(x.toPrecision(5));

/**
 * One timed pass over the batches: the per-sample latency of each batch, and their median (which
 * keeps a batch the scheduler pre-empted from moving the whole round).
 */
async function pass(
  session: ModelSession,
  batches: ReadonlyArray<Batch>,
): Promise<{ median: number; perBatch: number[] }> {
  const perBatch: number[] = [];
  for (const b of batches) {
    const start = nowMs();
    await session.run(b.feeds);
    perBatch.push((nowMs() - start) / b.size);
  }
  const sorted = [...perBatch].sort((x, y) => x - y);
  const m = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[m] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
  return { median, perBatch: perBatch.map(round5) };
}

/**
 * Duet benchmarking: time the baseline and the candidate model in the same process, alternating
 * in a random order within each round, so machine-wide drift (other jobs, thermal, frequency)
 * hits both alike. Each round yields one per-sample latency per model (median over its batches).
 */
export async function interleavedTimings(
  base: { session: ModelSession; name: string },
  candidate: { session: ModelSession; name: string },
  dataset: Dataset | EvalSource,
  options: InterleaveOptions,
): Promise<InterleavedTimings> {
  const count = Math.min(asSource(dataset).size, options.maxSamples ?? 256);
  const baseBatches = await prepare(
    base.session,
    dataset,
    base.name,
    options.baseBatchSize ?? options.batchSize,
    count,
  );
  const candBatches = await prepare(candidate.session, dataset, candidate.name, options.batchSize, count);
  const random = options.random ?? Math.random;
  for (let i = 0; i < (options.warmupPasses ?? 2); i++) {
    await pass(base.session, baseBatches);
    await pass(candidate.session, candBatches);
  }
  const out: InterleavedTimings = {
    base: [],
    candidate: [],
    baseBatches: [],
    candidateBatches: [],
    rounds: options.rounds,
    samplesPerRound: count,
  };
  const timeBase = async () => {
    const p = await pass(base.session, baseBatches);
    out.base.push(p.median);
    out.baseBatches.push(p.perBatch);
  };
  const timeCandidate = async () => {
    const p = await pass(candidate.session, candBatches);
    out.candidate.push(p.median);
    out.candidateBatches.push(p.perBatch);
  };
  for (let r = 0; r < options.rounds; r++) {
    if (random() < 0.5) {
      await timeBase();
      await timeCandidate();
    } else {
      await timeCandidate();
      await timeBase();
    }
  }
  return out;
}

/** Batch size, intra-op threads and warm-up runs: what a latency figure depends on besides the file. */
export interface TimingSetup {
  batchSize: number;
  threads: number;
  warmup: number;
}

/**
 * Time a model against its baseline version (bytes, e.g. from `git show`) in this process, with
 * the model's own batch size and threads, or, given `baseSetup`, the base with the baseline's batch
 * size and threads (warm-up only changes the first batches; both sides are warmed before the rounds).
 * Both sessions are closed afterwards.
 */
export async function timeAgainstBaseline(
  spec: ModelSpec,
  baseline: { bytes: Uint8Array; sha256: string; source: string },
  dataset: Dataset | EvalSource,
  rounds: number,
  random?: () => number,
  baseSetup?: TimingSetup,
): Promise<Interleaved> {
  const path = spec.path as string;
  const current = await createOnnxSession(path, { threads: spec.threads }, await readFile(path));
  try {
    const base = await createOnnxSession(
      baseline.source,
      { threads: baseSetup?.threads ?? spec.threads },
      baseline.bytes,
    );
    try {
      const t = await interleavedTimings(
        { session: base, name: `${spec.name} (baseline)` },
        { session: current, name: spec.name },
        dataset,
        {
          rounds,
          batchSize: spec.batchSize,
          ...(baseSetup ? { baseBatchSize: baseSetup.batchSize } : {}),
          ...(random ? { random } : {}),
        },
      );
      return {
        baseSha256: baseline.sha256,
        baseSource: baseline.source,
        rounds: t.rounds,
        samplesPerRound: t.samplesPerRound,
        base: t.base,
        candidate: t.candidate,
        baseBatches: t.baseBatches,
        candidateBatches: t.candidateBatches,
        ...(baseSetup ? { baseSetup } : {}),
      };
    } finally {
      await base.close();
    }
  } finally {
    await current.close();
  }
}
