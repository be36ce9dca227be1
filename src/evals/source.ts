import { availableParallelism } from 'node:os';
import { encodeRow } from '../inference/encode.js';
import {
  allocate,
  type Dtype,
  type HostTensor,
  product,
  type TensorData,
  type TensorInfo,
} from '../inference/tensor.js';
import type { Dataset, DatasetInfo, SyntheticSpec } from './dataset.js';
import { fillSynthetic } from './synthetic.js';
import { prefetchSynthetic } from './synthetic-worker.js';

/** One sample of a batch: its position in the dataset, id, `file:line` and fields (for `expected`). */
export interface BatchRow {
  index: number;
  id: string;
  where: string;
  fields: Record<string, unknown>;
}

/**
 * Consecutive samples packed for one run. `feeds` are views over buffers the source reuses: they
 * are valid until the next batch is requested, so nothing holds every sample's tensors at once.
 */
export interface Batch {
  feeds: Record<string, HostTensor>;
  rows: BatchRow[];
  /** Index of the batch in the whole dataset (the same in a shard as in the single run). */
  index: number;
}

export interface BatchOptions {
  inputs: readonly TensorInfo[];
  model: string;
  /** Model input -> dataset field (the adapter's `inputs:`). */
  mapping?: Record<string, string>;
  batchSize: number;
  /** Sample range [start, end) of this run (a shard); default: every sample. */
  start?: number;
  end?: number;
}

/** A dataset read batch by batch: JSONL streamed from disk, synthetic generated, or rows in memory. */
export interface EvalSource {
  /** Samples in the dataset (after `limit:`), whatever range a run takes. */
  readonly size: number;
  batches(options: BatchOptions): AsyncGenerator<Batch>;
  /** What the results record about the dataset (a big JSONL file's sha256 is computed meanwhile). */
  describe(): Promise<DatasetInfo>;
}

/** The reused input buffers of one batch, one per model input, grown only when a shape needs it. */
class BatchBuffers {
  private readonly slots = new Map<string, { sample: HostTensor; per: number; data: TensorData }>();

  constructor(private readonly capacity: number) {}

  /** Whether a sample's feeds have the shapes of the batch being filled. */
  fits(feeds: Record<string, HostTensor>): boolean {
    for (const [name, t] of Object.entries(feeds)) {
      const slot = this.slots.get(name);
      if (!slot || slot.sample.dtype !== t.dtype || slot.sample.dims.length !== t.dims.length) return false;
      for (let i = 0; i < t.dims.length; i++) if (slot.sample.dims[i] !== t.dims[i]) return false;
    }
    return true;
  }

  /** Make room for samples shaped like `shape` (one sample, batch 1 on axis 0). */
  shape(name: string, sample: HostTensor): TensorData {
    const per = product(sample.dims);
    const slot = this.slots.get(name);
    if (slot && slot.sample.dtype === sample.dtype && slot.data.length >= per * this.capacity) {
      slot.sample = { dtype: sample.dtype, dims: sample.dims, data: slot.data };
      slot.per = per;
      return slot.data;
    }
    const data = allocate(sample.dtype, per * this.capacity);
    this.slots.set(name, { sample: { dtype: sample.dtype, dims: sample.dims, data }, per, data });
    return data;
  }

  put(name: string, k: number, t: HostTensor): void {
    const slot = this.slots.get(name) as { per: number; data: TensorData };
    (slot.data as unknown as { set(a: ArrayLike<number | bigint>, o: number): void }).set(
      t.data,
      k * slot.per,
    );
  }

  data(name: string): { data: TensorData; per: number } {
    return this.slots.get(name) as { data: TensorData; per: number };
  }

  feeds(names: readonly string[], n: number): Record<string, HostTensor> {
    const feeds: Record<string, HostTensor> = {};
    for (const name of names) {
      const slot = this.slots.get(name) as { sample: HostTensor; per: number; data: TensorData };
      const [first = 1, ...rest] = slot.sample.dims;
      const used = n * slot.per;
      feeds[name] = {
        dtype: slot.sample.dtype,
        dims: [n * first, ...rest],
        data: (used === slot.data.length ? slot.data : slot.data.subarray(0, used)) as TensorData,
      };
    }
    return feeds;
  }
}

function rangeOf(size: number, options: BatchOptions): { start: number; end: number } {
  const start = Math.max(0, Math.min(options.start ?? 0, size));
  return { start, end: Math.max(start, Math.min(options.end ?? size, size)) };
}

/**
 * Encode rows one at a time into reused buffers; consecutive rows of identical shapes share a
 * batch of up to `batchSize`. Encoding errors name the row's `file:line`.
 */
export async function* batchRows(
  rows: AsyncIterable<BatchRow> | Iterable<BatchRow>,
  options: BatchOptions,
): AsyncGenerator<Batch> {
  const size = Math.max(1, options.batchSize);
  const buffers = new BatchBuffers(size);
  const names = options.inputs.map((i) => i.name);
  let pending: BatchRow[] = [];
  let index = Math.floor((options.start ?? 0) / size);
  for await (const row of rows) {
    const feeds = encodeRow(
      row.fields,
      { where: row.where, model: options.model, inputs: options.inputs },
      options.mapping,
    );
    if (pending.length > 0 && (pending.length === size || !buffers.fits(feeds))) {
      yield { feeds: buffers.feeds(names, pending.length), rows: pending, index: index++ };
      pending = [];
    }
    if (pending.length === 0) for (const name of names) buffers.shape(name, feeds[name] as HostTensor);
    for (const name of names) buffers.put(name, pending.length, feeds[name] as HostTensor);
    pending.push(row);
  }
  if (pending.length > 0) yield { feeds: buffers.feeds(names, pending.length), rows: pending, index };
}

/** Rows already in memory (library users, tests, small datasets). */
export function rowsSource(dataset: Dataset): EvalSource {
  const rows = dataset.rows;
  return {
    size: rows.length,
    batches(options) {
      const { start, end } = rangeOf(rows.length, options);
      function* each(): Generator<BatchRow> {
        for (let i = start; i < end; i++) {
          const r = rows[i] as Dataset['rows'][number];
          yield { index: i, id: r.id, where: r.where, fields: r.fields };
        }
      }
      return batchRows(each(), { ...options, start });
    },
    describe: async () => ({ ...dataset.info, samples: rows.length }),
  };
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export const syntheticId = (i: number): string => `synthetic-${i + 1}`;
export const syntheticWhere = (i: number): string => `synthetic sample ${i + 1}`;

/** Below this many values a worker thread's start-up (~30 ms) costs more than it saves. */
const PREFETCH_MIN_VALUES = 4_000_000;

/**
 * Synthetic inputs generated straight into the batch buffers (no per-sample tensors); big runs
 * generate them in a worker thread, batches ahead of the model (same values either way). The first
 * sample of a run goes through the shared encoder once, so a spec that does not fit the model fails
 * with the same message as a JSONL row would.
 */
export function syntheticSource(
  specs: readonly SyntheticSpec[],
  samples: number,
  seed: number,
  source = specs.map((s) => `${s.name}:${s.dtype}[${s.dims.join(',')}]`).join(' '),
  prefetch: 'auto' | 'always' | 'never' = 'auto',
): EvalSource {
  return {
    size: samples,
    async *batches(options) {
      const { start, end } = rangeOf(samples, options);
      if (start >= end) return;
      const size = Math.max(1, options.batchSize);
      const first: Record<string, unknown> = {};
      specs.forEach((s, i) => {
        const data = allocate(s.dtype, product(s.dims));
        fillSynthetic(s, i, seed, start, data, 0);
        first[s.name] = { dtype: s.dtype, dims: s.dims, data };
      });
      const feeds0 = encodeRow(
        first,
        { where: syntheticWhere(start), model: options.model, inputs: options.inputs },
        options.mapping,
      );
      const names = options.inputs.map((i) => i.name);
      const buffers = new BatchBuffers(size);
      const fill = names.map((name) => {
        const field = options.mapping?.[name] ?? name;
        const specIndex = specs.findIndex((s) => s.name === field);
        buffers.shape(name, feeds0[name] as HostTensor);
        return { name, spec: specs[specIndex] as SyntheticSpec, specIndex, ...buffers.data(name) };
      });
      const rowsOf = (s: number, n: number): BatchRow[] => {
        const rows: BatchRow[] = new Array(n);
        for (let k = 0; k < n; k++) {
          const i = s + k;
          rows[k] = { index: i, id: syntheticId(i), where: syntheticWhere(i), fields: NO_FIELDS };
        }
        return rows;
      };
      let index = Math.floor(start / size);
      const values = fill.reduce((a, f) => a + f.per, 0) * (end - start);
      const worker =
        prefetch === 'always' ||
        (prefetch === 'auto' && values >= PREFETCH_MIN_VALUES && availableParallelism() > 1);
      if (worker && fill.every((f) => f.spec.dtype !== 'int64')) {
        const jobs = fill.map((f) => ({
          specIndex: f.specIndex,
          dtype: f.spec.dtype as Exclude<Dtype, 'int64'>,
          per: f.per,
        }));
        for await (const b of prefetchSynthetic(jobs, seed, start, end, size)) {
          const feeds: Record<string, HostTensor> = {};
          fill.forEach((f, j) => {
            const sample = feeds0[f.name] as HostTensor;
            const [first = 1, ...rest] = sample.dims;
            const data = b.arrays[j] as TensorData;
            feeds[f.name] = {
              dtype: sample.dtype,
              dims: [b.n * first, ...rest],
              data: (b.n === size ? data : data.subarray(0, b.n * f.per)) as TensorData,
            };
          });
          yield { feeds, rows: rowsOf(b.start, b.n), index: index++ };
        }
        return;
      }
      for (let s = start; s < end; s += size) {
        const n = Math.min(size, end - s);
        for (let k = 0; k < n; k++) {
          for (const f of fill) fillSynthetic(f.spec, f.specIndex, seed, s + k, f.data, k * f.per);
        }
        yield { feeds: buffers.feeds(names, n), rows: rowsOf(s, n), index: index++ };
      }
    },
    describe: async () => ({ kind: 'synthetic', source, samples, seed }),
  };
}

/** Any dataset as a source: in-memory rows are wrapped, sources pass through. */
export function asSource(data: Dataset | EvalSource): EvalSource {
  return 'rows' in data ? rowsSource(data) : data;
}
