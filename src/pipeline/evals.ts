import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { evaluateGates, verdictOf } from '../compare/gates.js';
import { formatKeyPath, type KeyPath, type LoadedConfig } from '../config/load.js';
import { type Config, type SuiteConfig, SuiteSchema } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { agreement } from '../evals/agreement.js';
import { parseSyntheticSpecs } from '../evals/dataset.js';
import { evaluateEndpointOnRows } from '../evals/endpoint-rows.js';
import { type EvaluatedModel, evaluateModels, type ProgressFn } from '../evals/evaluate.js';
import { type TimingSetup, timeAgainstBaseline } from '../evals/interleave.js';
import { openJsonl } from '../evals/jsonl.js';
import { type EvalSource, syntheticSource } from '../evals/source.js';
import { slug } from '../inference/http/store.js';
import { quantizeModelFile } from '../inference/quantize.js';
import { ModelRegistry, type ModelSpec } from '../inference/registry.js';
import type { LlmSuiteResult } from '../results/llm.js';
import type { Environment, ModelResult, Results, SuiteResult } from '../results/schema.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import { checkSuiteKind, type LlmSettings, llmGates, runLlmPlans, splitPlans } from './llm.js';
import { provenanceFromEnv } from './provenance.js';
import { batchUnit, type Shard, shardRange } from './shard.js';
import { TOOL_VERSION } from './version.js';

/** Time each model against its baseline version in this job (duet benchmarking). */
export interface InterleaveSetting {
  rounds: number;
  resolve(spec: ModelSpec): Promise<{ bytes: Uint8Array; sha256: string; source: string } | undefined>;
  /** How the baseline ran this model (suite and model by name), when it is known. */
  setup?(suite: string, model: string): TimingSetup | undefined;
}

export interface PipelineOptions {
  /** Working directory: outputs and the `.autoglm/` work folder live here. */
  cwd: string;
  progress?: ProgressFn;
  /** Notices for the user (stderr in the CLI, core.info in the action). */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  interleave?: InterleaveSetting;
  /** LLM suites: record/replay cassettes, response cache. */
  llm?: LlmSettings;
  /** Run only this shard's samples of every suite (`--shard i/N`). */
  shard?: Shard;
}

/** Paths in results and reports are relative to the working directory, as users wrote them. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** Where an endpoint in a dataset suite gets its answers: the response cache, or cassettes (--record/--replay). */
function endpointStore(
  options: PipelineOptions,
  suite: string,
): { cacheDir?: string; cassette?: { mode: 'record' | 'replay'; dir: string } } {
  const s = options.llm ?? {};
  const mode = s.record ? 'record' : s.replay ? 'replay' : undefined;
  const root = s.record ?? s.replay;
  return {
    ...(s.cache !== false && mode !== 'replay'
      ? { cacheDir: path.join(options.cwd, '.autoglm', 'llm-cache') }
      : {}),
    ...(mode && root
      ? { cassette: { mode, dir: path.join(path.resolve(options.cwd, root), slug(suite)) } }
      : {}),
  };
}

/** Build the model registry from `models:`, resolving paths against the config's folder. */
export function registryFromConfig(loaded: Pick<LoadedConfig, 'config' | 'dir' | 'locate'>): ModelRegistry {
  const registry = new ModelRegistry();
  loaded.config.models.forEach((m, i) => {
    const file = m.path ?? m.model;
    try {
      registry.register(m.name, {
        path: file === undefined ? undefined : path.resolve(loaded.dir, file),
        endpoint: m.endpoint,
        adapter: m.adapter,
        labels: m.labels,
        capabilities: m.capabilities,
        batchSize: m.batch_size,
        quantize: m.quantize,
        threads: m.threads,
        warmup: m.warmup,
        api: m.api,
        profile: m.profile,
        apiKeyEnv: m.api_key_env,
        concurrency: m.concurrency,
        timeoutMs: m.timeout_ms,
        retries: m.retries,
        params: m.params,
        request: m.request,
        response: m.response,
        price: m.price,
        baselineModel:
          m.baseline_model === undefined ? undefined : path.resolve(loaded.dir, m.baseline_model),
        tokenizer: m.tokenizer === undefined ? undefined : path.resolve(loaded.dir, m.tokenizer),
        pooling: m.pooling,
      });
    } catch (e) {
      if (e instanceof UsageError) {
        throw new UsageError(`${loaded.locate(['models', i])}: models[${i}]: ${e.message}`, e.hint);
      }
      throw e;
    }
  });
  return registry;
}

export interface PlannedSuite {
  config: SuiteConfig;
  index: number;
  models: ModelSpec[];
}

/** Which models each suite runs: by name, else by capabilities, else every model. */
export function planSuites(
  suites: readonly SuiteConfig[],
  registry: ModelRegistry,
  locate: (p: KeyPath) => string,
): PlannedSuite[] {
  return suites.map((suite, index) => {
    let models: ModelSpec[];
    if (suite.models) models = suite.models.map((n) => registry.get(n));
    else if (suite.capabilities) models = registry.withCapabilities(suite.capabilities);
    else models = registry.list();
    if (models.length === 0) {
      throw new UsageError(
        `${locate(['suites', index])}: suites[${index}] (${suite.name}): no model matches${suite.capabilities ? ` capabilities [${suite.capabilities.join(', ')}]` : ''}`,
      );
    }
    return { config: suite, index, models };
  });
}

async function loadDataset(suite: SuiteConfig, dir: string, cwd: string): Promise<EvalSource> {
  const d = suite.dataset as NonNullable<SuiteConfig['dataset']>;
  if (typeof d === 'string' || 'path' in d) {
    const file = path.resolve(dir, typeof d === 'string' ? d : d.path);
    return openJsonl(file, displayPath(cwd, file), suite.limit);
  }
  const samples = suite.limit ? Math.min(suite.limit, d.synthetic.samples) : d.synthetic.samples;
  return syntheticSource(
    parseSyntheticSpecs(d.synthetic.inputs),
    samples,
    d.synthetic.seed,
    d.synthetic.inputs.join(' '),
  );
}

/** `quantize: true`: write the int8 weight-only copy once and evaluate it right after its original. */
async function withQuantized(
  models: ModelSpec[],
  cwd: string,
  cache: Map<string, ModelSpec>,
  log?: (m: string) => void,
) {
  const out: ModelSpec[] = [];
  for (const m of models) {
    out.push(m);
    if (!m.quantize || !m.path) continue;
    let q = cache.get(m.name);
    if (!q) {
      const dest = path.join(
        cwd,
        '.autoglm',
        'models',
        `${m.name.replace(/[^A-Za-z0-9._-]/g, '_')}.int8.onnx`,
      );
      const info = await quantizeModelFile(m.path, dest);
      if (!info.written) {
        log?.(
          `model "${m.name}": quantize: true, but nothing to quantize: ${info.reason}; no int8 copy written`,
        );
        continue;
      }
      q = { ...m, name: `${m.name}-int8`, path: dest, quantize: false, quantizedFrom: m.name };
      cache.set(m.name, q);
    }
    out.push(q);
  }
  return out;
}

export function environment(onnxruntime?: string): Environment {
  return {
    platform: process.platform,
    arch: process.arch,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    ...(onnxruntime ? { onnxruntime } : {}),
  };
}

export interface SuitesInput {
  registry: ModelRegistry;
  /** Suites as written in config (defaults are applied here). */
  suites: z.input<typeof SuiteSchema>[];
  gates?: Config['gates'];
  /** Folder that dataset paths are relative to (the config's folder). */
  dir: string;
  locate?: (p: KeyPath) => string;
}

/**
 * Run suites against a registry and gate the results. Library users call this with the default
 * `registry` they filled with `registry.register(...)`; `autoglm run` calls it through runEvals.
 */
export async function runSuites(input: SuitesInput, options: PipelineOptions): Promise<Results> {
  if (input.suites.length === 0) {
    throw new UsageError(
      'nothing to do: the config has no suites (and no coverage or testgen section)',
      'add a suite with a dataset and models, or a coverage: section',
    );
  }
  const suitesConfig = input.suites.map((s, i) => {
    const parsed = SuiteSchema.safeParse(s);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `suites[${i}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message}`,
      );
    }
    checkSuiteKind(parsed.data, i);
    return parsed.data;
  });
  const locate = input.locate ?? ((p: KeyPath) => formatKeyPath(p));
  const { onnx: planned, llm } = splitPlans(planSuites(suitesConfig, input.registry, locate), input.registry);
  const quantized = new Map<string, ModelSpec>();
  const suites: SuiteResult[] = [];
  let runtime: string | undefined;
  for (const plan of planned) {
    const dataset = await loadDataset(plan.config, input.dir, options.cwd);
    const models = await withQuantized(plan.models, options.cwd, quantized, options.log);
    const wanted = plan.config.metrics;
    const range = options.shard
      ? shardRange(dataset.size, batchUnit(models.map((m) => m.batchSize)), options.shard)
      : undefined;
    // The suite's local models are timed interleaved, so their latencies are comparable side by
    // side; endpoint models (api: http) answer the same rows through their client.
    const localIdx = models.flatMap((m, i) => (m.remote ? [] : [i]));
    const ordered: ModelResult[] = new Array(models.length);
    const evaluated = localIdx.length
      ? await evaluateModels(
          localIdx.map((i) => models[i] as ModelSpec),
          dataset,
          {
            progress: options.progress,
            displayPath: (spec) => displayPath(options.cwd, spec.path ?? spec.name),
            keepOutputs: localIdx.length > 1 && (!wanted || wanted.includes('agreement')),
            labels: {
              allowUnlabelled: plan.config.allow_unlabelled,
              ...(wanted ? { metrics: wanted } : {}),
              ...(options.log ? { warn: options.log } : {}),
            },
            ...range,
          },
        )
      : [];
    for (const [k, done] of evaluated.entries()) {
      runtime = done.runtime.version;
      const spec = models[localIdx[k] as number] as ModelSpec;
      const il = options.interleave;
      if (il && il.rounds > 0 && !spec.quantizedFrom) {
        const was = il.setup?.(plan.config.name, spec.name);
        const now = done.result;
        const setupChanged =
          was !== undefined &&
          (was.batchSize !== now.batchSize ||
            was.threads !== now.threads?.intraOp ||
            was.warmup !== now.warmupRuns);
        let base = await il.resolve(spec);
        // A changed setup is timed even when the file is the same: the base is then this very file.
        if (!base && setupChanged && spec.path) {
          base = { bytes: await readFile(spec.path), sha256: now.sha256, source: `${now.path} (unchanged)` };
        }
        if (base && (base.sha256 !== now.sha256 || setupChanged)) {
          const how = setupChanged
            ? ` with the baseline's setup (batch_size ${was?.batchSize}, threads ${was?.threads})`
            : '';
          options.log?.(`timing ${spec.name} against ${base.source}${how}: ${il.rounds} interleaved rounds`);
          now.interleaved = await timeAgainstBaseline(
            spec,
            base,
            dataset,
            il.rounds,
            undefined,
            setupChanged ? was : undefined,
          );
        }
      }
      ordered[localIdx[k] as number] = done.result;
    }
    for (const [i, spec] of models.entries()) {
      if (!spec.remote) continue;
      ordered[i] = await evaluateEndpointOnRows(spec, dataset, {
        suite: plan.config.name,
        env: options.env ?? process.env,
        ...endpointStore(options, plan.config.name),
        displayPath: (f) => displayPath(options.cwd, f),
        ...(options.progress ? { progress: options.progress } : {}),
        ...range,
      });
    }
    const pairs = [];
    if (!wanted || wanted.includes('agreement')) {
      for (let i = 0; i < evaluated.length; i++) {
        for (let j = i + 1; j < evaluated.length; j++) {
          const a = evaluated[i] as EvaluatedModel;
          const b = evaluated[j] as EvaluatedModel;
          pairs.push(
            agreement(
              { name: a.result.name, outputs: a.outputs },
              { name: b.result.name, outputs: b.outputs },
            ),
          );
        }
      }
    }
    suites.push({
      name: plan.config.name,
      ...(wanted ? { metrics: wanted } : {}),
      dataset: range
        ? { ...(await dataset.describe()), samples: range.end - range.start }
        : await dataset.describe(),
      ...(range ? { range: { ...range, of: dataset.size } } : {}),
      models: ordered,
      agreement: pairs,
      ...(plan.excluded.length ? { excluded: plan.excluded } : {}),
    });
  }
  const llmSuites = llm.length
    ? await runLlmPlans(llm, input.dir, options, (f) => displayPath(options.cwd, f))
    : undefined;
  const gates = [
    ...evaluateGates(suites, input.gates ?? {}),
    ...llmGates(llmSuites ?? [], input.gates ?? {}),
  ];
  return resultsDocument(suites, gates, options, runtime, llmSuites);
}

/** A results document around this run's suites and gate outcomes, with provenance and environment. */
export function resultsDocument(
  suites: SuiteResult[],
  gates: Results['gates'],
  options: Pick<PipelineOptions, 'env'>,
  onnxruntime?: string,
  llm?: LlmSuiteResult[],
): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'open-autoglm-ci', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    provenance: provenanceFromEnv(options.env ?? process.env),
    environment: environment(onnxruntime),
    suites,
    ...(llm ? { llm } : {}),
    gates,
    verdict: verdictOf(gates),
  };
}

/** Identity of a config as parsed (paths as written): shards of one run share it. */
export function configDigest(config: Config): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/** Run every suite of a loaded config: the eval half of `autoglm run`. */
export async function runEvals(
  loaded: Pick<LoadedConfig, 'config' | 'dir' | 'locate'>,
  options: PipelineOptions,
): Promise<Results> {
  const { config } = loaded;
  // A config that only checks coverage or generates tests has no suites: nothing to evaluate here.
  if (config.suites.length === 0 && (config.coverage || config.testgen))
    return resultsDocument([], [], options);
  const results = await runSuites(
    {
      registry: registryFromConfig(loaded),
      suites: config.suites,
      gates: config.gates,
      dir: loaded.dir,
      locate: loaded.locate,
    },
    options,
  );
  if (options.shard) results.shard = { ...options.shard, configSha256: configDigest(config) };
  return results;
}
