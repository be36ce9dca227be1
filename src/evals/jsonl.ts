import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import type { DatasetInfo } from './dataset.js';
import { type BatchRow, batchRows, type EvalSource } from './source.js';

const CHUNK = 1 << 20;
/** Files above this are hashed in a worker thread while the eval runs, not before it. */
const HASH_INLINE_MAX = 8 * CHUNK;

/**
 * The lines of a file as byte views, split on `\n` (a byte that never occurs inside a UTF-8
 * sequence). A yielded view is only valid until the next one is requested.
 */
async function* rawLines(file: string, onChunk?: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer[] = [];
    for (;;) {
      const { bytesRead } = await fh.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const view = chunk.subarray(0, bytesRead);
      onChunk?.(view);
      let pos = 0;
      for (;;) {
        const nl = view.indexOf(10, pos);
        if (nl < 0) {
          if (pos < view.length) carry.push(Buffer.from(view.subarray(pos)));
          break;
        }
        const piece = view.subarray(pos, nl);
        yield carry.length ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        pos = nl + 1;
      }
    }
    if (carry.length) yield Buffer.concat(carry);
  } finally {
    await fh.close();
  }
}

/** Blank as `String.prototype.trim` sees it; ASCII lines are decided without decoding. */
function isBlank(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i] as number;
    if (b === 32 || (b >= 9 && b <= 13)) continue;
    if (b < 128) return false;
    return line.toString('utf8').trim() === '';
  }
  return true;
}

const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const h = createHash('sha256');
require('node:fs').createReadStream(workerData)
  .on('data', (c) => h.update(c))
  .on('end', () => parentPort.postMessage({ sha256: h.digest('hex') }))
  .on('error', (e) => parentPort.postMessage({ error: e.message }));
`;

/**
 * sha256 of a file in a worker thread: on a second core it costs the eval no wall time. The
 * worker does not keep the process alive (a failed eval exits at once) until `wait()` asks for it.
 */
function hashInWorker(file: string): { wait(): Promise<string> } {
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
  worker.unref();
  const digest = new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { sha256?: string; error?: string }) => {
      if (m.sha256) resolve(m.sha256);
      else reject(new Error(`cannot hash ${file}: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  digest.catch(() => {});
  return {
    wait() {
      worker.ref();
      return digest;
    },
  };
}

function parseLine(text: string, where: string): BatchRow['fields'] & { id?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: malformed JSON line: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `${where}: expected a JSON object with the model's input fields, got ${text.trim().slice(0, 40)}`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * A JSONL dataset streamed from disk: one pass counts the samples (and hashes a small file), then
 * every model reads the rows it needs batch by batch. Rows outside a shard are skipped unparsed.
 */
export async function openJsonl(file: string, display = file, limit?: number): Promise<EvalSource> {
  let size = 0;
  const inline = await open(file, 'r')
    .then(async (fh) => {
      const st = await fh.stat();
      await fh.close();
      return st.size <= HASH_INLINE_MAX;
    })
    .catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(
        e.code === 'ENOENT' ? `dataset not found: ${display}` : `cannot read dataset ${display}: ${e.code}`,
      );
    });
  const hash = inline ? createHash('sha256') : undefined;
  for await (const line of rawLines(file, hash ? (c) => hash.update(c) : undefined)) {
    if (!isBlank(line)) size++;
  }
  if (size === 0) throw new UsageError(`${display}: the dataset is empty (no JSON lines)`);
  const inlineDigest = hash?.digest('hex');
  const worker = inlineDigest === undefined ? hashInWorker(file) : undefined;
  const total = limit && limit < size ? limit : size;

  async function* rows(start: number, end: number): AsyncGenerator<BatchRow> {
    let lineNo = 0;
    let index = 0;
    for await (const line of rawLines(file)) {
      lineNo++;
      if (isBlank(line)) continue;
      const i = index++;
      if (i < start) continue;
      if (i >= end) return;
      const where = `${display}:${lineNo}`;
      const fields = parseLine(line.toString('utf8'), where);
      const id =
        typeof fields.id === 'string' || typeof fields.id === 'number' ? String(fields.id) : String(lineNo);
      yield { index: i, id, where, fields };
    }
  }

  return {
    size: total,
    batches(options) {
      const start = Math.max(0, Math.min(options.start ?? 0, total));
      const end = Math.max(start, Math.min(options.end ?? total, total));
      return batchRows(rows(start, end), { ...options, start });
    },
    async describe(): Promise<DatasetInfo> {
      const sha256 = inlineDigest ?? (await (worker as { wait(): Promise<string> }).wait());
      return { kind: 'jsonl', source: display, samples: total, sha256 };
    },
  };
}
