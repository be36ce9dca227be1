import { UsageError } from '../../errors.js';
import { CircuitOpenError } from '../../inference/http/breaker.js';
import { ResponseCache } from '../../inference/http/cache.js';
import { Cassette } from '../../inference/http/cassette.js';
import { EndpointClient, ReplayMissError } from '../../inference/http/client.js';
import { PROFILES } from '../../inference/http/profiles.js';
import { canonicalJson, sha256 } from '../../inference/http/store.js';
import type { ChatMessage, EndpointSpec, SourcedAnswer } from '../../inference/http/types.js';
import type { ModelSpec } from '../../inference/registry.js';
import { isTextModel } from '../../inference/text/model.js';
import type { LlmCaseResult, LlmModelResult, LlmRun, LlmSuiteResult } from '../../results/llm.js';
import type { ProgressFn } from '../evaluate.js';
import type { GradeContext } from './assertions.js';
import { type CaseSet, type LlmCase, renderTemplate } from './cases.js';
import { caseResult, gradeAnswer, type Task } from './grade.js';
import { localEmbedder, runTextModelOnCases } from './local.js';
import { llmMetrics } from './metrics.js';
import { cosine } from './scorers.js';

export interface LlmSuiteInput {
  name: string;
  cases: CaseSet;
  /** Prompt templates; empty: the cases file's, else `{{prompt}}`. */
  prompts?: string[];
  repeat?: number;
  repeatThreshold?: number;
  models: ModelSpec[];
  /** The embedding model for `similar`: an endpoint (adapter: embedding) or an ONNX text model. */
  embedding?: ModelSpec;
  /** Models the suite selected that do not answer its cases, with the reason. */
  excluded?: Array<{ model: string; reason: string }>;
  /** Folder of the cases file: file:// in assertions resolve against it. */
  baseDir: string;
}

export interface LlmRunOptions {
  env: NodeJS.ProcessEnv;
  /** Response cache folder; undefined turns the cache off. */
  cacheDir?: string;
  cassette?: { mode: 'record' | 'replay'; dir: string; display: string };
  progress?: ProgressFn;
  log?: (m: string) => void;
  /** Names files in messages. */
  displayPath?: (file: string) => string;
  breakerThreshold?: number;
}

/** A prompt that is a JSON list of {role, content} is a chat (promptfoo's chat format). */
function messagesOf(prompt: string): ChatMessage[] {
  const t = prompt.trim();
  if (t.startsWith('[')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (
        Array.isArray(parsed) &&
        parsed.every((m) => m && typeof m.role === 'string' && typeof m.content === 'string')
      )
        return parsed as ChatMessage[];
    } catch {
      // Not JSON: a plain prompt that happens to start with a bracket.
    }
  }
  return [{ role: 'user', content: prompt }];
}

function publicEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.replace(/\/$/, '');
  } catch {
    return url;
  }
}

export function identityOf(spec: EndpointSpec, params: Record<string, unknown>): string {
  return sha256(
    canonicalJson({
      api: spec.api,
      endpoint: publicEndpoint(spec.endpoint),
      kind: spec.kind,
      profile: spec.profile,
      params,
      request: spec.request,
      response: spec.response,
    }),
  );
}

/** Run one LLM suite: every case (x prompt x repeat) against every model, each answered exactly once. */
export async function runLlmSuite(input: LlmSuiteInput, options: LlmRunOptions): Promise<LlmSuiteResult> {
  const templates = input.prompts?.length
    ? input.prompts
    : input.cases.prompts.length
      ? input.cases.prompts
      : ['{{prompt}}'];
  const repeat = input.repeat ?? 1;
  const repeatThreshold = input.repeatThreshold ?? 1;
  const tasks: Task[] = input.cases.cases.flatMap((c) =>
    templates.map((t, k) => ({
      c,
      id: templates.length > 1 ? `${c.id} [prompt ${k + 1}]` : c.id,
      prompt: renderTemplate(t, c.vars),
    })),
  );
  const cache = options.cacheDir ? new ResponseCache(options.cacheDir) : undefined;
  const display = options.displayPath ?? ((f: string) => f);
  // Open the embedding model only when a case asks for `similar` (an ONNX one loads onnxruntime).
  const needsSimilar = input.cases.cases.some((c) => hasType(c.assert, 'similar'));
  const emb =
    input.embedding && needsSimilar
      ? input.embedding.remote
        ? await embedder(input.embedding, options, cache)
        : await localEmbedder(input.embedding, display)
      : undefined;
  const similarity = emb?.similarity;
  const skipped = new Map<string, { reason: string; count: number }>();
  const models: LlmModelResult[] = [];
  for (const spec of input.models) {
    if (!spec.remote) {
      if (!isTextModel(spec))
        throw new UsageError(
          `suite ${input.name}: model "${spec.name}" is an ONNX model without a tokenizer; it cannot read the cases`,
        );
      models.push(
        await runTextModelOnCases(spec, tasks, {
          name: input.name,
          repeat,
          repeatThreshold,
          baseDir: input.baseDir,
          ...(similarity ? { similarity } : {}),
          displayPath: display,
          ...(options.progress ? { progress: options.progress } : {}),
        }),
      );
      continue;
    }
    const cassette = options.cassette
      ? options.cassette.mode === 'replay'
        ? await Cassette.load(options.cassette.dir, spec.name, display)
        : Cassette.empty(options.cassette.dir, spec.name)
      : undefined;
    const client = new EndpointClient(spec.remote, {
      env: options.env,
      ...(cache ? { cache } : {}),
      ...(cassette && options.cassette ? { cassette: { mode: options.cassette.mode, cassette } } : {}),
      ...(options.breakerThreshold ? { breakerThreshold: options.breakerThreshold } : {}),
    });
    const hits0 = cache?.hits ?? 0;
    const misses0 = cache?.misses ?? 0;
    const slots: Array<LlmCaseResult | undefined> = new Array(tasks.length);
    const misses: string[] = [];
    let done = 0;
    let notSent = 0;
    await Promise.all(
      tasks.map(async (task, index) => {
        const runs: LlmRun[] = [];
        for (let r = 0; r < repeat; r++) {
          const run = await askAndGrade(client, task, r, input.baseDir, similarity).catch((e: unknown) => {
            if (e instanceof ReplayMissError) misses.push(e.message);
            else if (!(e instanceof Error) || e instanceof UsageError) throw e;
            if (e instanceof CircuitOpenError) notSent++;
            const run: LlmRun = {
              status: 'error',
              score: 0,
              output: '',
              error: (e as Error).message,
              assertions: [],
            };
            return run;
          });
          runs.push(run);
        }
        if (slots[index]) throw new Error(`internal: case ${task.id} answered twice`);
        slots[index] = caseResult(task, runs, repeatThreshold);
        options.progress?.(`${input.name}/${spec.name}: ${++done}/${tasks.length} cases`, done, tasks.length);
      }),
    );
    if (misses.length) {
      throw new UsageError(
        `${misses.length} case(s) missing from the cassette: ${misses.slice(0, 3).join('; ')}${misses.length > 3 ? '; ...' : ''}`,
        'record the cassette again with --record DIR against a running server',
      );
    }
    const cases = slots.map((s, i) => {
      if (!s) throw new Error(`internal: case ${tasks[i]?.id} was not answered`);
      return s;
    });
    for (const c of cases) {
      for (const a of c.runs[0]?.assertions ?? []) {
        if (!a.skipped) continue;
        const s = skipped.get(a.type) ?? { reason: a.reason.replace(/^skipped: /, ''), count: 0 };
        s.count++;
        skipped.set(a.type, s);
      }
    }
    const memory = await client.serverMemoryMiB();
    if (cassette && options.cassette?.mode === 'record') {
      await cassette.save();
      options.log?.(`recorded ${cassette.size} answer(s) of ${spec.name} in ${display(cassette.file)}`);
    }
    const params = client.request({ prompt: '', messages: [], vars: {}, repeat: 0, caseId: '' })
      .body as Record<string, unknown>;
    const effective = Object.fromEntries(
      Object.entries(params ?? {}).filter(([k]) => !['messages', 'prompt', 'input'].includes(k)),
    );
    const breaker = client.breaker.open
      ? { openedAfter: client.breaker.threshold, reason: client.breaker.reason ?? '', notSent }
      : undefined;
    if (breaker)
      options.log?.(
        `model ${spec.name}: circuit breaker opened after ${breaker.openedAfter} consecutive failures; ${notSent} case(s) not sent (last error: ${breaker.reason})`,
      );
    models.push({
      name: spec.name,
      endpoint: publicEndpoint(spec.remote.endpoint),
      api: spec.remote.api,
      profile: spec.remote.profile,
      kind: spec.remote.kind,
      params: effective,
      identity: identityOf(spec.remote, effective),
      determinism: PROFILES[spec.remote.profile].determinism,
      concurrency: spec.remote.concurrency,
      ...(spec.remote.price ? { price: spec.remote.price } : {}),
      ...(breaker ? { breaker } : {}),
      metrics: llmMetrics(
        cases,
        { hits: (cache?.hits ?? 0) - hits0, misses: (cache?.misses ?? 0) - misses0, ...client.stats },
        memory,
      ),
      cases,
    });
  }
  await emb?.finish();
  return {
    name: input.name,
    cases: { source: input.cases.source, sha256: input.cases.sha256, count: tasks.length },
    prompts: templates,
    repeat,
    repeatThreshold,
    skippedAssertions: [...skipped.entries()].map(([type, s]) => ({ type, ...s })),
    ...(input.cases.cases.some((c) => hasType(c.assert, 'similar'))
      ? {
          similarity: input.embedding
            ? `embedding cosine (${input.embedding.name}, ${input.embedding.remote ? 'endpoint' : 'local ONNX model'})`
            : 'character 3-gram cosine (fallback: no embedding model configured or selected)',
        }
      : {}),
    ...(input.excluded?.length ? { excluded: input.excluded } : {}),
    ...(options.cassette ? { cassette: { mode: options.cassette.mode, dir: options.cassette.display } } : {}),
    models,
  };
}

const hasType = (list: LlmCase['assert'], type: string): boolean =>
  list.some((a) => a.type.replace(/^not-/, '') === type || (a.assert ? hasType(a.assert, type) : false));

/** Cosine of embeddings from an embedding endpoint, memoised per text. */
async function askAndGrade(
  client: EndpointClient,
  task: Task,
  repeat: number,
  baseDir: string,
  similarity: GradeContext['similarity'],
): Promise<LlmRun> {
  const answer: SourcedAnswer = await client.ask({
    prompt: task.prompt,
    messages: messagesOf(task.prompt),
    vars: task.c.vars,
    repeat,
    caseId: task.id,
  });
  const price = client.spec.price;
  const u = answer.usage;
  const costUsd =
    price && u && u.promptTokens !== null && u.completionTokens !== null
      ? (u.promptTokens * price.input + u.completionTokens * price.output) / 1e6
      : undefined;
  const graded = await gradeAnswer(
    task,
    {
      output: answer.output,
      latencyMs: answer.latencyMs,
      recordedLatency: answer.source !== 'network',
      ...(costUsd !== undefined ? { costUsd } : {}),
    },
    baseDir,
    similarity,
  );
  return {
    ...graded,
    latencyMs: answer.latencyMs,
    ...(answer.ttftMs !== undefined ? { ttftMs: answer.ttftMs } : {}),
    ...(u ? { usage: u } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
    source: answer.source,
    attempts: answer.attempts,
  };
}

async function embedder(
  model: ModelSpec,
  options: LlmRunOptions,
  cache?: ResponseCache,
): Promise<{ similarity: NonNullable<GradeContext['similarity']>; finish: () => Promise<void> }> {
  if (model.remote?.kind !== 'embedding') {
    throw new UsageError(
      `embedding_model "${model.name}": expected an endpoint model with adapter: embedding`,
    );
  }
  const cassette = options.cassette
    ? options.cassette.mode === 'replay'
      ? await Cassette.load(options.cassette.dir, model.name, options.displayPath ?? ((f) => f))
      : Cassette.empty(options.cassette.dir, model.name)
    : undefined;
  const client = new EndpointClient(model.remote, {
    env: options.env,
    ...(cache ? { cache } : {}),
    ...(cassette && options.cassette ? { cassette: { mode: options.cassette.mode, cassette } } : {}),
  });
  const memo = new Map<string, Promise<number[]>>();
  const embed = (text: string) => {
    let p = memo.get(text);
    if (!p) {
      p = client
        .ask({
          prompt: text,
          messages: [],
          vars: {},
          repeat: 0,
          caseId: `embedding of ${JSON.stringify(text.slice(0, 40))}`,
        })
        .then((a) => a.embedding ?? []);
      memo.set(text, p);
    }
    return p;
  };
  return {
    similarity: async (a, b) => cosine(await embed(a), await embed(b)),
    finish: async () => {
      if (cassette && options.cassette?.mode === 'record') await cassette.save();
    },
  };
}
