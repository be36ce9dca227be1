import { BUILTIN_ADAPTERS, getAdapter } from '../inference/adapters.js';
import { acceptsBatches } from '../inference/backend.js';
import { type HostTensor, splitBatch } from '../inference/tensor.js';
import type { ModelResult, SampleRecord } from '../results/schema.js';
import type { LoadedModel } from './evaluate.js';
import { LabelCheck, type LabelPolicy } from './labels.js';
import type { Batch, BatchRow, EvalSource } from './source.js';
import { summarizeLatency } from './stats.js';

export interface EvaluatedModel {
  result: ModelResult;
  /** Raw outputs per sample, by output name, for label-free agreement between models. */
  outputs: Map<string, HostTensor[]>;
  runtime: { name: string; version: string };
}

const MiB = 1024 * 1024;
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * One model's pass over a dataset, advanced one batch at a time so that several models can take
 * turns (src/evals/evaluate.ts). A sample's latency is its share of its batch's time; only the
 * per-sample records (and, when asked, the raw outputs) outlive a batch.
 */
export class ModelRun {
  readonly total: number;
  /** Samples timed so far. */
  done = 0;
  finished = false;
  /** RSS growth charged to this model: its load, its warm-up and what its batches added. */
  grownBytes: number;
  private readonly cursor: AsyncGenerator<Batch>;
  private pending: Batch | undefined;
  private readonly batched: boolean;
  private readonly start: number;
  private readonly records: SampleRecord[];
  private readonly latencies: number[];
  private readonly outputs = new Map<string, HostTensor[]>();
  private readonly adapter;
  private readonly adapterCtx;
  private readonly labels: LabelCheck | undefined;
  private measuredMs = 0;
  private warmupRuns = 0;

  constructor(
    readonly model: LoadedModel,
    source: EvalSource,
    range: { start: number; end: number },
    private readonly keep: boolean,
    labels?: LabelPolicy,
  ) {
    const { spec, session } = model;
    this.adapter = getAdapter(spec.adapter.type);
    this.batched = spec.batchSize > 1 && acceptsBatches(session);
    this.start = range.start;
    this.total = range.end - range.start;
    this.records = new Array(this.total);
    this.latencies = new Array(this.total);
    this.adapterCtx = { options: spec.adapter, outputs: session.outputs, where: '' };
    this.labels = BUILTIN_ADAPTERS.has(spec.adapter.type)
      ? new LabelCheck(spec.name, spec.adapter.expected ?? 'expected', labels)
      : undefined;
    this.grownBytes = Math.max(0, model.rssLoaded - model.rssBefore);
    this.cursor = source.batches({
      inputs: session.inputs,
      model: spec.name,
      mapping: spec.adapter.inputs,
      batchSize: this.batched ? spec.batchSize : 1,
      start: range.start,
      end: range.end,
    });
  }

  /** Read the first batch and run the warm-up on it (untimed). */
  async warmUp(): Promise<void> {
    await this.next();
    const { spec, session } = this.model;
    if (!this.pending || spec.warmup <= 0) return;
    const rss = process.memoryUsage.rss();
    for (let i = 0; i < spec.warmup; i++) await session.run(this.pending.feeds);
    this.warmupRuns = spec.warmup;
    this.grownBytes += Math.max(0, process.memoryUsage.rss() - rss);
  }

  private async next(): Promise<void> {
    const r = await this.cursor.next();
    this.pending = r.done ? undefined : r.value;
    if (!this.pending) this.finished = true;
  }

  /** Time the pending batch's run alone, score its samples, then read the next batch. */
  async step(): Promise<void> {
    const batch = this.pending as Batch;
    const n = batch.rows.length;
    const begin = nowMs();
    const out = await this.model.session.run(batch.feeds);
    const elapsed = nowMs() - begin;
    this.measuredMs += elapsed;
    const share = elapsed / n;
    const total = this.total;
    const split = Object.keys(out).map((name) => {
      let list = this.outputs.get(name);
      if (this.keep && !list) {
        list = new Array(total);
        this.outputs.set(name, list);
      }
      return { name, parts: splitBatch(out[name] as HostTensor, n), list };
    });
    for (let k = 0; k < n; k++) {
      const row = batch.rows[k] as BatchRow;
      const slot = row.index - this.start;
      const sampleOut: Record<string, HostTensor> = {};
      for (const o of split) {
        const part = o.parts[k] as HostTensor;
        sampleOut[o.name] = part;
        if (o.list) o.list[slot] = part;
      }
      this.adapterCtx.where = row.where;
      this.labels?.see(row.where, row.fields);
      const outcome = this.adapter.score(sampleOut, row.fields, this.adapterCtx);
      this.latencies[slot] = share;
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
      this.records[slot] = record;
    }
    this.done += n;
    await this.next();
  }

  /** Stop reading (an error elsewhere ended the run). */
  async abandon(): Promise<void> {
    this.finished = true;
    await this.cursor.return(undefined);
  }

  result(): EvaluatedModel {
    this.labels?.finish(this.total);
    const { spec, session } = this.model;
    const adapter = this.adapter;
    const result: ModelResult = {
      name: spec.name,
      path: this.model.display,
      sha256: this.model.sha256,
      adapter: spec.adapter.type,
      batchSize: this.batched ? spec.batchSize : 1,
      batched: this.batched,
      threads: session.threads,
      warmupRuns: this.warmupRuns,
      ...(spec.quantizedFrom ? { quantizedFrom: spec.quantizedFrom } : {}),
      metrics: {
        ...adapter.summarize(this.records),
        latency: summarizeLatency(this.latencies),
        throughput: this.measuredMs > 0 ? (this.total * 1000) / this.measuredMs : 0,
        loadMs: this.model.loadMs,
        memoryMiB: this.grownBytes / MiB,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        sizeBytes: this.model.sizeBytes,
      },
      samples: this.records,
    };
    return { result, outputs: this.outputs, runtime: session.runtime };
  }
}
