import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { argmax } from '../adapters.js';
import type { ModelSession } from '../backend.js';
import { createOnnxSession, primeRuntime } from '../onnx.js';
import type { ModelSpec } from '../registry.js';
import { describeTensorInfo, type HostTensor, type TensorInfo, toNumberArray } from '../tensor.js';
import { loadTokenizer, type TextTokenizer } from './tokenizer.js';

/**
 * A local ONNX model that reads text: a tokenizer.json turns the text into input_ids,
 * attention_mask and token_type_ids. Embedding models give a vector (mean or [CLS] pooling of
 * the token states, or the model's own pooled output); classifiers give a label.
 */
export interface TextModel {
  readonly name: string;
  readonly display: string;
  /** sha256 of the model file and the tokenizer file together. */
  readonly sha256: string;
  readonly runtime: { name: string; version: string };
  embed(text: string): Promise<number[]>;
  /** The model's answer as text: the label (classifier) or the number (regression). */
  answer(text: string): Promise<string>;
  /** Resident memory the session added, from before it was created to now (MiB). */
  memoryMiB(): number;
  close(): Promise<void>;
}

/** An ONNX model can read text when it has a tokenizer and its adapter makes sense of the output. */
export const isTextModel = (m: ModelSpec): boolean => m.path !== undefined && m.tokenizer !== undefined;

type Role = 'ids' | 'mask' | 'types';

function roleOf(input: TensorInfo): Role | undefined {
  const n = input.name.toLowerCase();
  if (/input_ids|^ids$|tokens?$/.test(n)) return 'ids';
  if (/attention_mask|^mask$/.test(n)) return 'mask';
  if (/token_type_ids|segment_ids/.test(n)) return 'types';
  return undefined;
}

function feed(info: TensorInfo, values: readonly number[], model: string): HostTensor {
  const dims = [1, values.length];
  if (info.dtype === 'int64') return { dtype: 'int64', dims, data: BigInt64Array.from(values, BigInt) };
  if (info.dtype === 'int32') return { dtype: 'int32', dims, data: Int32Array.from(values) };
  throw new UsageError(
    `model "${model}": input "${info.name}" is ${info.dtype}; a text model takes int64 or int32 token ids`,
  );
}

/** Mean of the token states weighted by the attention mask, or the [CLS] state. */
function pool(out: HostTensor, pooling: 'mean' | 'cls'): number[] {
  const values = toNumberArray(out.data);
  if (out.dims.length <= 2) return values;
  const seq = out.dims[1] as number;
  const hidden = out.dims[2] as number;
  if (pooling === 'cls') return values.slice(0, hidden);
  const v = new Array<number>(hidden).fill(0);
  for (let t = 0; t < seq; t++) for (let h = 0; h < hidden; h++) v[h] += values[t * hidden + h] as number;
  return v.map((x) => x / seq);
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Open an ONNX text model: read and hash model and tokenizer, create the session, check the inputs. */
export async function openTextModel(spec: ModelSpec, display: (f: string) => string): Promise<TextModel> {
  if (!spec.path || !spec.tokenizer) {
    throw new UsageError(
      `model "${spec.name}": a text model needs an ONNX path and a tokenizer (tokenizer: tokenizer.json)`,
    );
  }
  const modelDisplay = display(spec.path);
  const tokenizer: TextTokenizer = await loadTokenizer(spec.tokenizer, display(spec.tokenizer));
  const bytes = await readFile(spec.path).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(
      e.code === 'ENOENT'
        ? `${modelDisplay}: model file not found`
        : `${modelDisplay}: cannot read (${e.code})`,
    );
  });
  const sha256 = createHash('sha256')
    .update(bytes)
    .update(await readFile(spec.tokenizer))
    .digest('hex');
  await primeRuntime();
  const rssBefore = process.memoryUsage.rss();
  const session: ModelSession = await createOnnxSession(modelDisplay, { threads: spec.threads }, bytes);
  const roles = new Map<TensorInfo, Role>();
  for (const input of session.inputs) {
    const role = roleOf(input);
    if (role && input.dtype !== 'int64' && input.dtype !== 'int32') {
      await session.close();
      throw new UsageError(
        `model "${spec.name}": input "${input.name}" is ${input.dtype}; a text model takes int64 or int32 token ids. Model inputs: ${session.inputs.map(describeTensorInfo).join(', ')}`,
      );
    }
    if (!role) {
      await session.close();
      throw new UsageError(
        `model "${spec.name}": input "${input.name}" is not input_ids, attention_mask or token_type_ids, so autoglm cannot feed it text. Model inputs: ${session.inputs.map(describeTensorInfo).join(', ')}`,
      );
    }
    roles.set(input, role);
  }
  if (![...roles.values()].includes('ids')) {
    await session.close();
    throw new UsageError(`model "${spec.name}": no input_ids input; a text model takes token ids`);
  }
  const outputName = spec.adapter.output ?? session.outputs[0]?.name;
  const pooling = spec.pooling ?? 'mean';
  let peakRss = process.memoryUsage.rss();
  const run = async (text: string): Promise<HostTensor> => {
    const enc = tokenizer.encode(text);
    const feeds: Record<string, HostTensor> = {};
    for (const [info, role] of roles) {
      const values = role === 'ids' ? enc.ids : role === 'mask' ? enc.ids.map(() => 1) : enc.typeIds;
      feeds[info.name] = feed(info, values, spec.name);
    }
    const out = await session.run(feeds);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const t = outputName === undefined ? undefined : out[outputName];
    if (!t) throw new UsageError(`model "${spec.name}": no output "${outputName}"`);
    return t;
  };
  return {
    name: spec.name,
    display: modelDisplay,
    sha256,
    runtime: session.runtime,
    embed: async (text) => pool(await run(text), pooling),
    async answer(text) {
      const t = await run(text);
      if (spec.adapter.type === 'regression') return String(toNumberArray(t.data)[0]);
      const index = argmax({ ...t, data: t.data });
      return spec.adapter.labels?.[index] ?? String(index);
    },
    memoryMiB: () => Math.max(0, (peakRss - rssBefore) / (1024 * 1024)),
    close: () => session.close(),
  };
}

/** Time one call in milliseconds. */
export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = nowMs();
  const value = await f();
  return { value, ms: nowMs() - start };
}
