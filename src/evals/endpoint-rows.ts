import { UsageError } from '../errors.js';
import { type AdapterContext, getAdapter, type SampleOutcome } from '../inference/adapters.js';
import { ResponseCache } from '../inference/http/cache.js';
import { Cassette } from '../inference/http/cassette.js';
import { EndpointClient } from '../inference/http/client.js';
import { canonicalJson, sha256 } from '../inference/http/store.js';
import type { ModelSpec } from '../inference/registry.js';
import type { HostTensor } from '../inference/tensor.js';
import type { ModelResult, SampleRecord } from '../results/schema.js';
import type { ProgressFn } from './evaluate.js';
import type { BatchRow, EvalSource } from './source.js';
import { summarizeLatency } from './stats.js';

/**
 * An `api: http` endpoint in a dataset suite: each JSONL row's fields fill the request template
 * (`{{vars.FIELD}}`; a string that is only `{{vars.FIELD}}` keeps the field's JSON type, so a
 * tensor goes as a nested array), and the value at the `response` pointer is the prediction.
 * Numbers (a score, logits, a vector) are read by the model's adapter as its one output, exactly
 * as an ONNX model's output would be; text is a label compared with `expected`.
 */
export interface EndpointRowsOptions {
  suite: string;
  env: NodeJS.ProcessEnv;
  cacheDir?: string;
  cassette?: { mode: 'record' | 'replay'; dir: string };
  displayPath: (f: string) => string;
  progress?: ProgressFn;
  start?: number;
  end?: number;
}

const numeric = (v: unknown): v is number | unknown[] =>
  typeof v === 'number' ||
  (Array.isArray(v) && v.flat(Number.POSITIVE_INFINITY).every((x) => typeof x === 'number'));

/** The answer as a prediction: through the adapter when it is numbers, as a label when it is text. */
function score(spec: ModelSpec, output: string, row: BatchRow): SampleOutcome {
  let value: unknown = output;
  try {
    value = JSON.parse(output);
  } catch {
    // Text, not JSON: a label.
  }
  const options = spec.adapter;
  const ctx: AdapterContext = {
    options,
    outputs: [{ name: 'output', dtype: 'float64', shape: [1, -1] }],
    where: row.where,
  };
  if (numeric(value) && options.type !== 'chat' && options.type !== 'completion') {
    const flat = [value].flat(Number.POSITIVE_INFINITY) as number[];
    const t: HostTensor = { dtype: 'float64', dims: [1, flat.length], data: Float64Array.from(flat) };
    return getAdapter(options.type).score({ output: t }, row.fields, ctx);
  }
  const prediction = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  const raw = row.fields[options.expected ?? 'expected'];
  if (raw === undefined || raw === null) return { prediction };
  const expected = options.labels && typeof raw === 'number' ? (options.labels[raw] ?? raw) : raw;
  return { prediction, expected: expected as string, correct: prediction === String(expected) };
}

/** Ask the endpoint every row of the range (its own concurrency limit), in dataset order. */
export async function evaluateEndpointOnRows(
  spec: ModelSpec,
  source: EvalSource,
  o: EndpointRowsOptions,
): Promise<ModelResult> {
  const remote = spec.remote;
  if (!remote) throw new Error(`internal: ${spec.name} is not an endpoint`);
  const cassette = o.cassette
    ? o.cassette.mode === 'replay'
      ? await Cassette.load(o.cassette.dir, spec.name, o.displayPath)
      : Cassette.empty(o.cassette.dir, spec.name)
    : undefined;
  const client = new EndpointClient(remote, {
    env: o.env,
    ...(o.cacheDir && o.cassette?.mode !== 'replay' ? { cache: new ResponseCache(o.cacheDir) } : {}),
    ...(cassette && o.cassette ? { cassette: { mode: o.cassette.mode, cassette } } : {}),
  });
  const rows: BatchRow[] = [];
  for await (const batch of source.batches({
    inputs: [],
    model: spec.name,
    batchSize: 256,
    ...(o.start !== undefined ? { start: o.start } : {}),
    ...(o.end !== undefined ? { end: o.end } : {}),
  }))
    rows.push(...batch.rows);
  const records: SampleRecord[] = new Array(rows.length);
  const started = Date.now();
  let done = 0;
  await Promise.all(
    rows.map(async (row, i) => {
      const answer = await client
        .ask({ prompt: '', messages: [], vars: row.fields, repeat: 0, caseId: row.id })
        .catch((e: unknown) => {
          throw new UsageError(
            `suite ${o.suite}, model ${spec.name}, ${row.where}: ${(e as Error).message}`,
            'check the endpoint, its request template and response pointer (docs/llm.md, mixed suites)',
          );
        });
      const outcome = score(spec, answer.output, row);
      const record: SampleRecord = {
        id: row.id,
        prediction: outcome.prediction,
        latencyMs: answer.latencyMs,
        batch: i,
      };
      if (outcome.expected !== undefined) record.expected = outcome.expected;
      if (outcome.correct !== undefined) record.correct = outcome.correct;
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.squaredError !== undefined) record.squaredError = outcome.squaredError;
      if (outcome.similarity !== undefined) record.similarity = outcome.similarity;
      records[i] = record;
      o.progress?.(`${spec.name}: ${++done}/${rows.length} samples`, done, rows.length);
    }),
  );
  const wallMs = Date.now() - started;
  if (cassette && o.cassette?.mode === 'record') await cassette.save();
  const memory = await client.serverMemoryMiB();
  // Text answers are labels: scored (and merged across shards) as a classifier's.
  const adapter =
    spec.adapter.type === 'chat' || spec.adapter.type === 'completion' ? 'classifier' : spec.adapter.type;
  const quality = getAdapter(adapter).summarize(records);
  const endpoint = remote.endpoint.replace(/[?#].*$/, '');
  return {
    name: spec.name,
    path: endpoint,
    endpoint,
    // What was asked: URL, request template, response pointer and parameters (never a key).
    sha256: sha256(
      canonicalJson({
        endpoint,
        request: remote.request,
        response: remote.response,
        params: remote.params,
      }),
    ),
    adapter,
    batchSize: 1,
    batched: false,
    warmupRuns: 0,
    concurrency: remote.concurrency,
    metrics: {
      ...quality,
      latency: summarizeLatency(records.map((r) => r.latencyMs)),
      // Rows per second of wall time: requests overlap up to the model's concurrency.
      throughput: wallMs > 0 ? (rows.length * 1000) / wallMs : 0,
      ...(memory !== undefined ? { memoryMiB: memory } : {}),
    },
    samples: records,
  };
}
