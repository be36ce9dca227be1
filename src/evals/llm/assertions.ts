import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { Ajv, type ValidateFunction } from 'ajv';
import { didYouMean } from '../../config/suggest.js';
import { UsageError } from '../../errors.js';
import type { Assertion } from './cases.js';
import { extractJson, firstNumber, levenshtein, ngramSimilarity, normalizeAnswer } from './scorers.js';

export interface GradeContext {
  vars: Record<string, unknown>;
  prompt: string;
  latencyMs: number;
  /** The latency was recorded earlier (cache or cassette), not measured now. */
  recordedLatency: boolean;
  /** USD; undefined when usage or prices are unknown. */
  costUsd?: number;
  /** Embedding similarity; undefined: use the n-gram fallback. */
  similarity?: (a: string, b: string) => Promise<number>;
  /** Folder relative file:// paths resolve against. */
  baseDir: string;
}

export interface AssertionResult {
  type: string;
  pass: boolean;
  score: number;
  reason: string;
  weight: number;
  /** Not graded: a type we cannot honour identically (model-graded), with the reason. */
  skipped?: boolean;
  metric?: string;
}

/** promptfoo types we cannot grade identically: reported as skipped, never silently passed. */
const MODEL_GRADED: Record<string, string> = {
  'llm-rubric': 'needs an LLM judge',
  'model-graded-closedqa': 'needs an LLM judge',
  'model-graded-factuality': 'needs an LLM judge',
  factuality: 'needs an LLM judge',
  'g-eval': 'needs an LLM judge',
  'answer-relevance': 'needs an LLM judge',
  'context-faithfulness': 'needs an LLM judge and retrieval context',
  'context-recall': 'needs an LLM judge and retrieval context',
  'context-relevance': 'needs an LLM judge and retrieval context',
  'select-best': 'compares outputs of several prompts with an LLM judge',
  'max-score': 'compares outputs of several prompts',
  moderation: 'needs a moderation API',
  classifier: 'needs a Hugging Face classifier',
  python: 'runs Python, which autoglm does not',
  webhook: 'calls an external grader',
  perplexity: 'needs token logprobs, which the OpenAI-compatible servers do not all return',
  'perplexity-score': 'needs token logprobs',
  'is-valid-openai-tools-call': 'tool calls are not evaluated',
  'is-valid-openai-function-call': 'tool calls are not evaluated',
  'is-refusal': 'promptfoo-specific refusal heuristics',
  rouge: 'ROUGE-N is not implemented; use similar or levenshtein',
  bleu: 'BLEU is not implemented; use similar or levenshtein',
};

export const DETERMINISTIC = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'regex',
  'starts-with',
  'is-json',
  'contains-json',
  'javascript',
  'latency',
  'cost',
  'levenshtein',
  'similar',
  'assert-set',
  // Ours, in the same vocabulary:
  'normalized-equals',
  'numeric',
] as const;

/** Check assertion types when cases load: a typo is an error, a model-graded type is fine (skipped). */
export function checkAssertionType(type: string, origin: string): void {
  const base = type.replace(/^not-/, '');
  if ((DETERMINISTIC as readonly string[]).includes(base) || base in MODEL_GRADED) return;
  const hint = didYouMean(base, [...DETERMINISTIC, ...Object.keys(MODEL_GRADED)]);
  throw new UsageError(
    `${origin}: unknown assertion type "${type}"${hint ? `; did you mean "${hint}"?` : ''}`,
  );
}

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaCache = new Map<string, ValidateFunction>();
function validator(schema: unknown, baseDir: string): ValidateFunction {
  let s = schema;
  if (s && typeof s === 'object' && '__file' in s)
    s = JSON.parse(readFileSync(String((s as { __file: string }).__file), 'utf8'));
  else if (typeof s === 'string')
    s = JSON.parse(
      s.startsWith('file://') ? readFileSync(new URL(s.slice(7), pathToFileURL(`${baseDir}/`)), 'utf8') : s,
    );
  const key = JSON.stringify(s);
  let v = schemaCache.get(key);
  if (!v) {
    v = ajv.compile(s as object);
    schemaCache.set(key, v);
  }
  return v;
}

const strList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [String(v)];

const ok = (pass: boolean, reason: string, score = pass ? 1 : 0) => ({ pass, score, reason });

/** Run promptfoo `javascript` values: an expression, a function body, or file://x.js[:fn]. */
async function javascript(value: unknown, output: string, ctx: GradeContext, threshold?: number) {
  const context = { vars: ctx.vars, prompt: ctx.prompt, test: { vars: ctx.vars } };
  let result: unknown;
  const code = String(value);
  if (code.startsWith('file://')) {
    const [file, fn] = code.slice(7).split(':');
    const mod = (await import(new URL(file as string, pathToFileURL(`${ctx.baseDir}/`)).href)) as Record<
      string,
      unknown
    >;
    const f = (fn ? mod[fn] : (mod.default ?? mod)) as (o: string, c: unknown) => unknown;
    if (typeof f !== 'function')
      throw new UsageError(`javascript assertion ${code}: the file exports no function${fn ? ` ${fn}` : ''}`);
    result = await f(output, context);
  } else {
    // A sandboxed context with a time limit: a runaway assertion cannot hang the job (not a security boundary).
    const body = code.includes('\n') || /\breturn\b/.test(code) ? `(function(){${code}\n})()` : `(${code})`;
    result = vm.runInNewContext(
      body,
      { output, context, JSON, Math, Number, String, Array, Object, RegExp },
      { timeout: 1000 },
    );
  }
  if (typeof result === 'boolean')
    return ok(result, result ? 'javascript returned true' : 'javascript returned false');
  if (typeof result === 'number') {
    const pass = threshold !== undefined ? result >= threshold : result > 0;
    return ok(
      pass,
      `javascript returned ${result}${threshold !== undefined ? ` (threshold ${threshold})` : ''}`,
      result,
    );
  }
  if (result && typeof result === 'object' && 'pass' in result) {
    const r = result as { pass: boolean; score?: number; reason?: string };
    return ok(
      Boolean(r.pass),
      r.reason ?? `javascript returned pass: ${r.pass}`,
      r.score ?? (r.pass ? 1 : 0),
    );
  }
  return ok(
    false,
    `javascript returned ${JSON.stringify(result)}, expected a boolean, a number or {pass, score, reason}`,
  );
}

async function positive(
  a: Assertion,
  type: string,
  output: string,
  ctx: GradeContext,
): Promise<{ pass: boolean; score: number; reason: string }> {
  const v = a.value;
  const show = (s: unknown) => JSON.stringify(s)?.slice(0, 60);
  switch (type) {
    case 'equals': {
      if (v !== null && typeof v === 'object') {
        const parsed = extractJson(output)[0];
        const pass = JSON.stringify(parsed) === JSON.stringify(v);
        return ok(pass, pass ? 'equals the expected JSON' : `expected JSON ${show(v)}`);
      }
      return ok(
        output === String(v),
        output === String(v) ? 'equals' : `expected exactly ${show(String(v))}`,
      );
    }
    case 'normalized-equals': {
      const pass = normalizeAnswer(output) === normalizeAnswer(String(v));
      return ok(
        pass,
        pass ? 'equals after normalisation' : `expected ${show(String(v))} after normalisation`,
      );
    }
    case 'contains':
      return ok(
        output.includes(String(v)),
        `${output.includes(String(v)) ? 'contains' : 'does not contain'} ${show(String(v))}`,
      );
    case 'icontains': {
      const pass = output.toLowerCase().includes(String(v).toLowerCase());
      return ok(pass, `${pass ? 'contains' : 'does not contain'} ${show(String(v))} (any case)`);
    }
    case 'contains-any':
    case 'icontains-any':
    case 'contains-all':
    case 'icontains-all': {
      const fold = type.startsWith('i') ? (s: string) => s.toLowerCase() : (s: string) => s;
      const hay = fold(output);
      const list = strList(v);
      const missing = list.filter((x) => !hay.includes(fold(x)));
      const pass = type.endsWith('any') ? missing.length < list.length : missing.length === 0;
      return ok(
        pass,
        pass
          ? `contains ${type.endsWith('any') ? 'one of' : 'all of'} ${show(list)}`
          : `missing ${show(missing)}`,
      );
    }
    case 'starts-with':
      return ok(
        output.startsWith(String(v)),
        `${output.startsWith(String(v)) ? 'starts' : 'does not start'} with ${show(String(v))}`,
      );
    case 'regex': {
      const pass = new RegExp(String(v)).test(output);
      return ok(pass, `${pass ? 'matches' : 'does not match'} /${String(v)}/`);
    }
    case 'is-json':
    case 'contains-json': {
      let candidates: unknown[];
      if (type === 'is-json') {
        try {
          candidates = [JSON.parse(output)];
        } catch {
          return ok(false, 'the output is not JSON');
        }
      } else {
        candidates = extractJson(output);
        if (candidates.length === 0) return ok(false, 'the output contains no JSON');
      }
      if (v === undefined) return ok(true, 'valid JSON');
      const validate = validator(v, ctx.baseDir);
      for (const c of candidates) if (validate(c)) return ok(true, 'valid JSON matching the schema');
      return ok(false, `JSON does not match the schema: ${ajv.errorsText(validate.errors)}`);
    }
    case 'numeric': {
      const got = firstNumber(output);
      const want = Number(v);
      const tol = a.threshold ?? 1e-6;
      if (got === undefined) return ok(false, 'the output has no number');
      const pass = Math.abs(got - want) <= tol;
      // Name where `got` came from: "1 vs 95" alone reads as a wrong sum, not "1 hour 35 minutes".
      return ok(
        pass,
        `first number in the output ${got}, expected ${want} ± ${tol}${pass ? '' : ` (off by ${Number(Math.abs(got - want).toPrecision(6))})`}`,
      );
    }
    case 'levenshtein': {
      const d = levenshtein(output, String(v));
      const max = a.threshold ?? 5;
      return ok(d <= max, `edit distance ${d} (max ${max})`);
    }
    case 'similar': {
      const refs = Array.isArray(v) ? v.map(String) : [String(v)];
      const sim = ctx.similarity ?? (async (x: string, y: string) => ngramSimilarity(x, y));
      const scores = await Promise.all(refs.map((r) => sim(output, r)));
      const best = Math.max(...scores);
      const t = a.threshold ?? 0.75;
      const how = ctx.similarity
        ? 'embedding cosine'
        : 'character 3-gram cosine (fallback: no embedding model configured)';
      return ok(best >= t, `${how} ${best.toFixed(3)} (threshold ${t})`, best);
    }
    case 'javascript':
      return javascript(v, output, ctx, a.threshold);
    case 'latency': {
      if (a.threshold === undefined) return ok(false, 'latency needs a threshold in ms');
      const pass = ctx.latencyMs <= a.threshold;
      return ok(
        pass,
        `${ctx.latencyMs.toFixed(0)} ms${ctx.recordedLatency ? ' (recorded)' : ''} (max ${a.threshold})`,
      );
    }
    case 'cost': {
      if (ctx.costUsd === undefined)
        return ok(false, 'cost unknown: the server reported no usage or the model has no price');
      if (a.threshold === undefined) return ok(true, `cost $${ctx.costUsd.toPrecision(3)}`);
      return ok(ctx.costUsd <= a.threshold, `cost $${ctx.costUsd.toPrecision(3)} (max $${a.threshold})`);
    }
    default:
      throw new UsageError(`unknown assertion type "${type}"`);
  }
}

/** Grade one assertion against an output. `not-` negates pass and score. */
export async function grade(a: Assertion, output: string, ctx: GradeContext): Promise<AssertionResult> {
  const negated = a.type.startsWith('not-');
  const type = negated ? a.type.slice(4) : a.type;
  const base = { type: a.type, weight: a.weight, ...(a.metric ? { metric: a.metric } : {}) };
  if (type in MODEL_GRADED) {
    return {
      ...base,
      pass: false,
      score: 0,
      skipped: true,
      reason: `skipped: ${type} ${MODEL_GRADED[type]}`,
    };
  }
  if (type === 'assert-set') {
    const inner = await gradeAll(a.assert ?? [], output, ctx);
    const graded = inner.filter((r) => !r.skipped);
    const score = weightedScore(graded);
    const pass =
      a.threshold !== undefined ? score >= a.threshold : graded.every((r) => r.pass || r.weight === 0);
    return {
      ...base,
      pass: negated ? !pass : pass,
      score: negated ? 1 - score : score,
      reason: `assert-set: ${graded.filter((r) => r.pass).length} of ${graded.length} passed`,
    };
  }
  try {
    const r = await positive(a, type, output, ctx);
    return negated
      ? { ...base, pass: !r.pass, score: 1 - r.score, reason: `not: ${r.reason}` }
      : { ...base, ...r };
  } catch (e) {
    return { ...base, pass: false, score: 0, reason: `error: ${(e as Error).message}` };
  }
}

export async function gradeAll(
  list: readonly Assertion[],
  output: string,
  ctx: GradeContext,
): Promise<AssertionResult[]> {
  const out: AssertionResult[] = [];
  for (const a of list) out.push(await grade(a, output, ctx));
  return out;
}

/** promptfoo's test score: the weighted mean of the graded assertions' scores (weight 0 records only). */
export function weightedScore(results: readonly AssertionResult[]): number {
  const weighted = results.filter((r) => !r.skipped && r.weight > 0);
  const total = weighted.reduce((s, r) => s + r.weight, 0);
  return total === 0
    ? 1
    : weighted.reduce((s, r) => s + r.weight * Math.max(0, Math.min(1, r.score)), 0) / total;
}
