import path from 'node:path';
import { isLlmGateMetric } from '../config/llm-checks.js';
import type { Config, SuiteConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { loadCases } from '../evals/llm/cases.js';
import { runLlmSuite } from '../evals/llm/run.js';
import { slug } from '../inference/http/store.js';
import type { ModelRegistry, ModelSpec } from '../inference/registry.js';
import { isTextModel } from '../inference/text/model.js';
import type { LlmModelResult, LlmSuiteResult } from '../results/llm.js';
import type { GateOutcome } from '../results/schema.js';
import type { PipelineOptions } from './evals.js';

/** `--record DIR`, `--replay DIR`, `--no-cache`: how LLM suites get their answers. */
export interface LlmSettings {
  /** Write every answer to cassettes under DIR/<suite>/<model>.json. */
  record?: string;
  /** Evaluate from cassettes under DIR: no network, no key. */
  replay?: string;
  /** The response cache in .autoglm/llm-cache (default on). */
  cache?: boolean;
}

/** A suite has exactly one of dataset (ONNX) or cases (LLM): also for suites built in code. */
export function checkSuiteKind(suite: SuiteConfig, index: number): void {
  if ((suite.dataset === undefined) === (suite.cases === undefined)) {
    throw new UsageError(
      `suites[${index}] (${suite.name}): expected exactly one of dataset (ONNX samples) or cases (LLM test cases), got ${suite.dataset === undefined ? 'neither' : 'both'}`,
    );
  }
}

interface Plan {
  config: SuiteConfig;
  index: number;
  models: ModelSpec[];
}

/** A model a suite selected that does not take part in it, and why (listed in the report). */
export interface Excluded {
  model: string;
  reason: string;
}

export interface LlmPlan extends Plan {
  /** Scores `similar`: `embedding_model`, else the embedding model the suite selected. */
  embedding?: ModelSpec;
  excluded: Excluded[];
}

export interface DatasetPlan extends Plan {
  excluded: Excluded[];
}

type Role = { role: 'answers' | 'embeds' } | { role: 'none'; reason: string };

/** What a model does in an LLM suite (cases: prompts and assertions). */
function llmRole(m: ModelSpec): Role {
  if (m.remote) return { role: m.remote.kind === 'embedding' ? 'embeds' : 'answers' };
  if (!isTextModel(m))
    return {
      role: 'none',
      reason:
        'an ONNX model that takes tensors, not text; give it a tokenizer (tokenizer.json) to run it on the cases',
    };
  if (m.adapter.type === 'embedding') return { role: 'embeds' };
  if (m.adapter.type === 'classifier' || m.adapter.type === 'regression') return { role: 'answers' };
  return {
    role: 'none',
    reason: `an ONNX text model with adapter ${m.adapter.type}; in an LLM suite a text model is a classifier (answers with its label), a regression (answers with its number) or an embedding model (scores similar)`,
  };
}

/** What a model does in a dataset suite: ONNX models, and `api: http` endpoints asked with each JSONL row. */
function datasetRole(m: ModelSpec, suite: SuiteConfig): Role {
  if (!m.remote) return { role: 'answers' };
  if (m.remote.api !== 'http')
    return {
      role: 'none',
      reason:
        'an endpoint asked with prompts (api: openai); give a suite cases: to evaluate it, or serve the tensor model behind api: http with a request template that takes the row',
    };
  const d = suite.dataset;
  if (d && typeof d === 'object' && 'synthetic' in d)
    return {
      role: 'none',
      reason:
        "an endpoint model; synthetic inputs are generated for an ONNX model's declared inputs, so an endpoint takes a JSONL dataset",
    };
  return { role: 'answers' };
}

/**
 * Which selected models take part in each suite. An LLM suite (`cases:`) runs endpoint chat and
 * completion models and ONNX text models (a classifier answers with its label); an embedding
 * model it selects (endpoint or ONNX text) scores `similar` unless `embedding_model` names one.
 * A dataset suite runs ONNX models and `api: http` endpoints (each JSONL row fills the request
 * template). A model selected by capabilities that cannot take part is
 * listed with the reason; one named in `models:` is an error.
 */
export function splitPlans<P extends Plan>(
  planned: P[],
  registry: ModelRegistry,
): { onnx: Array<P & DatasetPlan>; llm: Array<P & LlmPlan> } {
  const onnx: Array<P & DatasetPlan> = [];
  const llm: Array<P & LlmPlan> = [];
  for (const p of planned) {
    const isLlm = p.config.cases !== undefined;
    const explicit = p.config.models !== undefined;
    const where = `suites[${p.index}] (${p.config.name})`;
    const kind = isLlm ? 'an LLM suite (cases:)' : 'a dataset suite';
    const excluded: Excluded[] = [];
    const answering: ModelSpec[] = [];
    const embedders: ModelSpec[] = [];
    for (const m of p.models) {
      const r = isLlm ? llmRole(m) : datasetRole(m, p.config);
      if (r.role === 'none') {
        if (explicit)
          throw new UsageError(`${where}: model "${m.name}" cannot run in ${kind}: it is ${r.reason}`);
        excluded.push({ model: m.name, reason: r.reason });
      } else if (r.role === 'embeds') embedders.push(m);
      else answering.push(m);
    }
    let embedding: ModelSpec | undefined;
    if (isLlm) {
      const named = p.config.embedding_model ? registry.get(p.config.embedding_model) : undefined;
      if (named && llmRole(named).role !== 'embeds') {
        throw new UsageError(
          `${where}: embedding_model "${named.name}" is not an embedding model; expected an endpoint with adapter: embedding or an ONNX model with adapter: embedding and a tokenizer`,
        );
      }
      embedding = named ?? embedders[0];
      for (const m of embedders) {
        if (m === embedding) continue;
        excluded.push({
          model: m.name,
          reason: `an embedding model; ${embedding?.name} scores similar${named ? ' (embedding_model)' : ''}`,
        });
      }
    }
    if (answering.length === 0) {
      const why = excluded.map((e) => `${e.model}: ${e.reason}`).join('; ');
      throw new UsageError(
        `${where}: no ${isLlm ? 'model answers the cases' : 'ONNX model matches'}${why ? ` (${why})` : ''}`,
      );
    }
    if (isLlm) llm.push({ ...p, models: answering, ...(embedding ? { embedding } : {}), excluded });
    else onnx.push({ ...p, models: answering, excluded });
  }
  return { onnx, llm };
}

/** Run the LLM suites of a config: cases loaded next to the config, cassettes and cache as asked. */
export async function runLlmPlans(
  plans: LlmPlan[],
  dir: string,
  options: PipelineOptions & { llm?: LlmSettings },
  display: (file: string) => string,
): Promise<LlmSuiteResult[]> {
  const out: LlmSuiteResult[] = [];
  const settings = options.llm ?? {};
  if (settings.record && settings.replay)
    throw new UsageError('use either --record DIR or --replay DIR, not both');
  for (const plan of plans) {
    const s = plan.config;
    const file = path.resolve(dir, s.cases as string);
    const cases = await loadCases(file, display(file));
    let cassette: { mode: 'record' | 'replay'; dir: string; display: string } | undefined;
    const base = settings.record
      ? { mode: 'record' as const, root: path.resolve(options.cwd, settings.record) }
      : settings.replay
        ? { mode: 'replay' as const, root: path.resolve(options.cwd, settings.replay) }
        : s.replay
          ? { mode: 'replay' as const, root: path.resolve(dir, s.replay) }
          : undefined;
    if (base) {
      const d = path.join(base.root, slug(s.name));
      cassette = { mode: base.mode, dir: d, display: display(d) };
    }
    const embedding = plan.embedding;
    options.log?.(
      `LLM suite ${s.name}: ${cases.cases.length} case(s) x ${plan.models.length} model(s)${cassette ? ` (${cassette.mode} ${cassette.display})` : ''}`,
    );
    out.push(
      await runLlmSuite(
        {
          name: s.name,
          cases,
          ...(s.prompts ? { prompts: s.prompts } : {}),
          ...(s.repeat ? { repeat: s.repeat } : {}),
          ...(s.repeat_threshold ? { repeatThreshold: s.repeat_threshold } : {}),
          models: plan.models,
          ...(embedding ? { embedding } : {}),
          excluded: plan.excluded,
          baseDir: path.dirname(file),
        },
        {
          env: options.env ?? process.env,
          ...(settings.cache !== false && cassette?.mode !== 'replay'
            ? { cacheDir: path.join(options.cwd, '.autoglm', 'llm-cache') }
            : {}),
          ...(cassette ? { cassette } : {}),
          ...(options.progress ? { progress: options.progress } : {}),
          ...(options.log ? { log: options.log } : {}),
          displayPath: display,
        },
      ),
    );
  }
  return out;
}

/** A gate metric's value for an endpoint model; undefined when not measured. */
export function llmMetricValue(m: LlmModelResult, metric: string): number | undefined {
  const x = m.metrics;
  switch (metric) {
    case 'pass_rate':
      return x.passRate ?? undefined;
    case 'errors':
      return x.errors;
    case 'ttft.p95_ms':
      return x.ttft?.p95Ms;
    case 'cost_usd':
      return x.costUsd ?? undefined;
    case 'tokens_per_s':
      return x.tokensPerSecond ?? undefined;
    case 'latency.mean_ms':
      return x.latency?.meanMs;
    case 'latency.p50_ms':
      return x.latency?.p50Ms;
    case 'latency.p95_ms':
      return x.latency?.p95Ms;
    case 'latency.p99_ms':
      return x.latency?.p99Ms;
    default:
      return undefined;
  }
}

/**
 * Absolute gates of LLM suites. Cases that got no answer (errors, an open circuit) block by
 * default (`errors: {max: 0}`): a suite that could not ask its questions has not passed.
 * `latency.*` gates apply to an LLM suite only with `suite:` naming it.
 */
export function llmGates(suites: readonly LlmSuiteResult[], gates: Config['gates']): GateOutcome[] {
  const all: Config['gates'] = { errors: { max: 0, mode: 'block' }, ...gates };
  const outcomes: GateOutcome[] = [];
  for (const [metric, gate] of Object.entries(all)) {
    if (gate.min === undefined && gate.max === undefined) continue;
    // latency.* gates are written for ONNX models in ms; they reach an LLM suite only when they name it.
    if (!isLlmGateMetric(metric) && !(metric.startsWith('latency.') && gate.suite)) continue;
    for (const suite of suites) {
      if (gate.suite && gate.suite !== suite.name) continue;
      for (const model of suite.models) {
        if (gate.model && gate.model !== model.name) continue;
        const value = llmMetricValue(model, metric);
        const failed =
          value !== undefined &&
          ((gate.min !== undefined && value < gate.min) || (gate.max !== undefined && value > gate.max));
        outcomes.push({
          metric,
          suite: suite.name,
          model: model.name,
          value: value ?? null,
          ...(gate.min !== undefined ? { min: gate.min } : {}),
          ...(gate.max !== undefined ? { max: gate.max } : {}),
          mode: gate.mode ?? 'block',
          status: value === undefined ? 'missing' : failed ? 'fail' : 'pass',
        });
      }
    }
  }
  return outcomes;
}
