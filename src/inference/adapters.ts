import type { AdapterOptions } from '../config/schema.js';
import { didYouMean } from '../config/suggest.js';
import { UsageError } from '../errors.js';
import { type HostTensor, nest, numberAt, type TensorInfo, toNumberArray } from './tensor.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What one sample's outputs mean, compared with the row's expected value when it has one. */
export interface SampleOutcome {
  prediction: Json;
  expected?: Json;
  correct?: boolean;
  error?: number;
  /** Mean squared error over the sample's values (regression), so RMSE is exact for vector outputs. */
  squaredError?: number;
  similarity?: number;
}

export interface QualityMetrics {
  accuracy?: number;
  macroF1?: number;
  mae?: number;
  rmse?: number;
  cosine?: number;
}

export interface AdapterContext {
  options: AdapterOptions;
  outputs: readonly TensorInfo[];
  /** `file:line` of the row, for messages. */
  where: string;
}

/**
 * An adapter turns a model's outputs into predictions and scores them. Rows become tensors through
 * the shared encoder (fields named after inputs, or `options.inputs`), so an adapter only reads outputs.
 */
export interface Adapter {
  readonly name: string;
  score(
    outputs: Record<string, HostTensor>,
    row: Record<string, unknown>,
    ctx: AdapterContext,
  ): SampleOutcome;
  summarize(outcomes: readonly SampleOutcome[]): QualityMetrics;
}

function pickOutput(outputs: Record<string, HostTensor>, ctx: AdapterContext): HostTensor {
  const name = ctx.options.output ?? ctx.outputs[0]?.name ?? Object.keys(outputs)[0];
  const t = name === undefined ? undefined : outputs[name];
  if (!t) {
    throw new UsageError(
      `adapter ${ctx.options.type}: model has no output "${name}" (outputs: ${ctx.outputs.map((o) => o.name).join(', ')})`,
    );
  }
  return t;
}

function expectedOf(row: Record<string, unknown>, ctx: AdapterContext): unknown {
  return row[ctx.options.expected ?? 'expected'];
}

const mean = (xs: readonly number[]): number =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;

export function argmax(t: HostTensor): number {
  let best = 0;
  for (let i = 1; i < t.data.length; i++) if (numberAt(t.data, i) > numberAt(t.data, best)) best = i;
  return best;
}

/** Macro-F1 over every class seen in expected or predicted values. */
export function macroF1(pairs: ReadonlyArray<{ predicted: string; expected: string }>): number {
  const classes = new Set<string>();
  for (const p of pairs) classes.add(p.predicted).add(p.expected);
  const f1s: number[] = [];
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      if (p.predicted === c && p.expected === c) tp++;
      else if (p.predicted === c) fp++;
      else if (p.expected === c) fn++;
    }
    f1s.push(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }
  return mean(f1s);
}

/**
 * An expected class the model can never predict (not one of `labels`, or an index past the last
 * output column) would silently count as wrong on every run: bad input naming the row.
 */
function checkClass(
  expected: string | number,
  raw: unknown,
  labels: readonly string[] | undefined,
  classes: number,
  ctx: AdapterContext,
): void {
  const field = ctx.options.expected ?? 'expected';
  if (labels) {
    if (labels.includes(String(expected))) return;
    throw new UsageError(
      `${ctx.where}: "${field}" ${JSON.stringify(raw)} is not one of the model's labels [${labels.join(', ')}]: the model can never predict it`,
      typeof raw === 'number'
        ? `a number is a class index (0 to ${labels.length - 1}) or a label`
        : 'give a label from the list or the index of one',
    );
  }
  const i = Number(expected);
  if (String(expected).trim() !== '' && Number.isInteger(i) && i >= 0 && i < classes) return;
  throw new UsageError(
    `${ctx.where}: "${field}" ${JSON.stringify(raw)} is not a class index of the model's ${classes} output columns (0 to ${classes - 1})`,
    'give the index of the expected class, or name the classes with labels: [...] on the model',
  );
}

const classifier: Adapter = {
  name: 'classifier',
  score(outputs, row, ctx) {
    const scores = pickOutput(outputs, ctx);
    const index = argmax(scores);
    const labels = ctx.options.labels;
    const prediction = labels ? (labels[index] ?? String(index)) : index;
    const raw = expectedOf(row, ctx);
    if (raw === undefined || raw === null) return { prediction };
    // An expected class index is mapped to its label so either spelling compares equal.
    const expected = labels && typeof raw === 'number' ? (labels[raw] ?? raw) : raw;
    if (typeof expected !== 'string' && typeof expected !== 'number') {
      throw new UsageError(
        `${ctx.where}: "expected" must be a class label or index, got ${JSON.stringify(raw)}`,
      );
    }
    checkClass(expected, raw, labels, scores.data.length, ctx);
    return { prediction, expected, correct: String(prediction) === String(expected) };
  },
  summarize(outcomes) {
    const scored = outcomes.filter((o) => o.correct !== undefined);
    if (scored.length === 0) return {};
    return {
      accuracy: scored.filter((o) => o.correct).length / scored.length,
      macroF1: macroF1(
        scored.map((o) => ({ predicted: String(o.prediction), expected: String(o.expected) })),
      ),
    };
  },
};

function numbersOf(value: unknown, where: string): number[] {
  const flat = Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value];
  if (!flat.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
    throw new UsageError(
      `${where}: "expected" must be a number or an array of numbers, got ${JSON.stringify(value)}`,
    );
  }
  return flat;
}

const regression: Adapter = {
  name: 'regression',
  score(outputs, row, ctx) {
    const values = toNumberArray(pickOutput(outputs, ctx).data);
    const prediction = values.length === 1 ? (values[0] as number) : values;
    const raw = expectedOf(row, ctx);
    if (raw === undefined || raw === null) return { prediction };
    const expected = numbersOf(raw, ctx.where);
    if (expected.length !== values.length) {
      throw new UsageError(
        `${ctx.where}: "expected" has ${expected.length} values, the model outputs ${values.length}`,
      );
    }
    const diffs = values.map((v, i) => v - (expected[i] as number));
    const error = mean(diffs.map(Math.abs));
    const squaredError = mean(diffs.map((d) => d * d));
    return { prediction, expected: raw as Json, error, squaredError };
  },
  summarize(outcomes) {
    const errors = outcomes.flatMap((o) => (o.error === undefined ? [] : [o.error]));
    if (errors.length === 0) return {};
    const squared = outcomes.flatMap((o) => (o.squaredError === undefined ? [] : [o.squaredError]));
    return { mae: mean(errors), rmse: Math.sqrt(mean(squared)) };
  },
};

/** Cosine similarity over the common length (0 when either vector is all zeros). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const embedding: Adapter = {
  name: 'embedding',
  score(outputs, row, ctx) {
    const vector = toNumberArray(pickOutput(outputs, ctx).data);
    const raw = expectedOf(row, ctx);
    if (raw === undefined || raw === null) return { prediction: vector };
    const expected = numbersOf(raw, ctx.where);
    if (expected.length !== vector.length) {
      throw new UsageError(
        `${ctx.where}: expected vector has ${expected.length} values, the embedding has ${vector.length}`,
      );
    }
    return { prediction: vector, expected, similarity: cosine(vector, expected) };
  },
  summarize(outcomes) {
    const sims = outcomes.flatMap((o) => (o.similarity === undefined ? [] : [o.similarity]));
    return sims.length ? { cosine: mean(sims) } : {};
  },
};

/** Tolerances for comparing raw tensors with expected ones (as numpy.allclose). */
const ATOL = 1e-4;
const RTOL = 1e-3;

const tensor: Adapter = {
  name: 'tensor',
  score(outputs, row, ctx) {
    const prediction: Record<string, Json> = {};
    for (const [name, t] of Object.entries(outputs)) {
      prediction[name] = nest(toNumberArray(t.data), t.dims.slice(1)) as Json;
    }
    const raw = expectedOf(row, ctx);
    if (raw === undefined || raw === null) return { prediction };
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new UsageError(`${ctx.where}: "expected" must map output names to arrays for the tensor adapter`);
    }
    let maxDiff = 0;
    let correct = true;
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      const t = outputs[name];
      if (!t)
        throw new UsageError(
          `${ctx.where}: "expected" names output "${name}", which the model does not have`,
        );
      const want = numbersOf(value, ctx.where);
      const got = toNumberArray(t.data);
      if (want.length !== got.length) {
        throw new UsageError(
          `${ctx.where}: expected "${name}" has ${want.length} values, the model outputs ${got.length}`,
        );
      }
      want.forEach((w, i) => {
        const diff = Math.abs((got[i] as number) - w);
        maxDiff = Math.max(maxDiff, diff);
        if (diff > ATOL + RTOL * Math.abs(w)) correct = false;
      });
    }
    return { prediction, expected: raw as Json, correct, error: maxDiff };
  },
  summarize(outcomes) {
    const scored = outcomes.filter((o) => o.correct !== undefined);
    return scored.length ? { accuracy: scored.filter((o) => o.correct).length / scored.length } : {};
  },
};

/** The adapters that read the row's expected field (`expected`, or `expected:`). */
export const BUILTIN_ADAPTERS: ReadonlySet<string> = new Set([
  'classifier',
  'regression',
  'embedding',
  'tensor',
]);

const adapters = new Map<string, Adapter>(
  [classifier, regression, embedding, tensor].map((a) => [a.name, a]),
);

/** Library users add their own adapters; nothing else needs to change. */
export function registerAdapter(adapter: Adapter): void {
  adapters.set(adapter.name, adapter);
}

export function getAdapter(name: string): Adapter {
  const adapter = adapters.get(name);
  if (!adapter) {
    const known = [...adapters.keys()];
    const hint = didYouMean(name, known);
    throw new UsageError(
      `unknown adapter "${name}"${hint ? `; did you mean "${hint}"?` : ''} (adapters: ${known.join(', ')})`,
    );
  }
  return adapter;
}

export function adapterNames(): string[] {
  return [...adapters.keys()];
}
