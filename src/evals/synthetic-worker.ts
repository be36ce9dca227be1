import { Worker } from 'node:worker_threads';
import type { Dtype } from '../inference/tensor.js';
import { fillXorshift128, streamSeed } from '../random.js';
import { scaleOf } from './synthetic.js';

/** What the worker fills for one model input: which spec, how many values, of which type. */
export interface FillJob {
  specIndex: number;
  dtype: Exclude<Dtype, 'int64'>;
  /** Values per sample. */
  per: number;
}

const CTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  int32: Int32Array,
} as const;

/**
 * The worker runs the very generator functions of src/random.ts from their source text (both are
 * self-contained), so its values are bit-identical to the inline path's.
 */
const source = () => `
const { parentPort } = require('node:worker_threads');
const mix = (${streamSeed.toString()});
const fill = (${fillXorshift128.toString()});
const CTORS = { float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array, int16: Int16Array, int32: Int32Array };
parentPort.on('message', (m) => {
  m.jobs.forEach((job, j) => {
    const out = new CTORS[job.dtype](m.buffers[j]);
    const base = mix(m.seed, job.specIndex);
    for (let k = 0; k < m.n; k++) {
      const s = mix(base, m.start + k);
      fill(out, k * job.per, job.per, mix(s, 0) | 1, mix(s, 1), mix(s, 2), mix(s, 3), job.scale);
    }
  });
  parentPort.postMessage({ start: m.start, n: m.n, buffers: m.buffers }, m.buffers);
});
`;

/** Batches in flight: the worker fills the next ones while the model runs this one. */
const IN_FLIGHT = 3;

/**
 * Synthetic batches generated in a worker thread, ahead of the eval loop: on a runner with a core
 * to spare (onnxruntime uses half of them by default) generation costs the eval no wall time. The
 * buffers travel by transfer (no copy); a yielded batch's arrays are valid until the next one.
 */
export async function* prefetchSynthetic(
  jobs: readonly FillJob[],
  seed: number,
  start: number,
  end: number,
  batchSize: number,
): AsyncGenerator<{ arrays: ArrayBufferView[]; start: number; n: number }> {
  const worker = new Worker(source(), { eval: true });
  const waiting: Array<(m: { start: number; n: number; buffers: ArrayBuffer[] }) => void> = [];
  const failed: { error?: Error } = {};
  worker.on('message', (m) => waiting.shift()?.(m));
  worker.on('error', (e) => {
    failed.error = e;
    for (const w of waiting.splice(0)) w({ start: -1, n: 0, buffers: [] });
  });
  const replies: Array<Promise<{ start: number; n: number; buffers: ArrayBuffer[] }>> = [];
  let next = start;
  const request = (buffers: ArrayBuffer[]) => {
    if (next >= end) return;
    const n = Math.min(batchSize, end - next);
    replies.push(new Promise((resolve) => waiting.push(resolve)));
    worker.postMessage(
      { seed, start: next, n, buffers, jobs: jobs.map((j) => ({ ...j, scale: scaleOf(j.dtype) })) },
      buffers,
    );
    next += n;
  };
  const fresh = () => jobs.map((j) => new ArrayBuffer(j.per * batchSize * CTORS[j.dtype].BYTES_PER_ELEMENT));
  try {
    for (let i = 0; i < IN_FLIGHT; i++) request(fresh());
    let reply = replies.shift();
    while (reply) {
      const m = await reply;
      if (failed.error) throw failed.error;
      yield {
        arrays: m.buffers.map((b, j) => new CTORS[(jobs[j] as FillJob).dtype](b)),
        start: m.start,
        n: m.n,
      };
      // The consumer is done with this batch: its buffers go back for a later one.
      request(m.buffers);
      reply = replies.shift();
    }
  } finally {
    await worker.terminate();
  }
}
