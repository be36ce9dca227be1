import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE, type LoadedConfig, loadConfig } from '../../config/load.js';
import { ConfigSchema } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { displayPath, runEvals } from '../../pipeline/evals.js';
import { exitCodeFor, FAIL_ON, writeOutputs } from '../../pipeline/run.js';
import { parseShard } from '../../pipeline/shard.js';
import { integer, nonNegativeInt, oneOf, parseFlags, positiveInt } from '../args.js';
import { printReport, stderrLog } from '../human.js';
import { stderrProgress } from '../progress.js';
import { LLM_FLAGS, LLM_HELP, llmSettings } from './llm-flags.js';
import { COMMON_HELP, type Command, machineSummary, writeJson } from './shared.js';

/** Split `NAME=PATH`; the name is what tables and gates call the model. */
function parseModelFlag(value: string): { name: string; file: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) {
    throw new UsageError(
      `--model ${JSON.stringify(value)}: expected NAME=PATH, e.g. --model fp32=model.onnx`,
    );
  }
  return { name: value.slice(0, eq), file: value.slice(eq + 1) };
}

/** `autoglm eval --model ... --data ...` as an in-memory config, so it takes the same path as `run`. */
function adHocConfig(
  values: Record<string, string | boolean | string[] | undefined>,
  cwd: string,
): LoadedConfig {
  const models = (values.model as string[]).map(parseModelFlag);
  const names = new Set<string>();
  for (const m of models) {
    if (names.has(m.name)) throw new UsageError(`--model: the name "${m.name}" is given twice`);
    names.add(m.name);
  }
  const data = values.data as string | undefined;
  const synthetic = (values.synthetic as string[] | undefined) ?? [];
  if ((data === undefined) === (synthetic.length === 0)) {
    throw new UsageError(
      'autoglm eval: give either --data FILE.jsonl or --synthetic INPUT:DTYPE[dims] (one per input)',
    );
  }
  const samples = positiveInt('--samples', values.samples as string | undefined);
  const seed = integer('--seed', values.seed as string | undefined) ?? 1;
  const labels = (values.labels as string | undefined)?.split(',').map((l) => l.trim());
  const dataset = data ?? { synthetic: { inputs: synthetic, samples: samples ?? 64, seed } };
  const config = ConfigSchema.parse({
    models: models.map((m) => ({
      name: m.name,
      path: m.file,
      adapter: (values.adapter as string | undefined) ?? (labels ? 'classifier' : 'tensor'),
      ...(labels ? { labels } : {}),
      batch_size: positiveInt('--batch-size', values['batch-size'] as string | undefined) ?? 1,
      quantize: values.quantize === true,
      ...(values.threads ? { threads: positiveInt('--threads', values.threads as string) } : {}),
      warmup: nonNegativeInt('--warmup', values.warmup as string | undefined) ?? 3,
    })),
    suites: [
      {
        name: 'eval',
        dataset,
        models: models.map((m) => m.name),
        ...(data && samples ? { limit: samples } : {}),
      },
    ],
  });
  const flagFor = (p: ReadonlyArray<string | number>) =>
    p[0] === 'models' ? `--model ${models[p[1] as number]?.name}` : 'flags';
  return { config, file: '(command line)', dir: cwd, locate: flagFor };
}

export const evalCommand: Command = {
  summary: 'evaluate models: from the config, or ad hoc with --model',
  help: `Usage: autoglm eval [options]
       autoglm eval --model NAME=PATH [--model NAME=PATH ...] (--data FILE.jsonl | --synthetic SPEC ...)

Without --model, runs the suites of the config. With --model, evaluates the given ONNX models on
the same inputs, no config needed, and prints them side by side.

Ad-hoc options:
  --model NAME=PATH      an ONNX model (repeatable)
  --data FILE.jsonl      one sample per line: fields named after the model inputs, plus "expected"
  --synthetic SPEC       random input, one per model input: NAME:DTYPE[d0,d1,...], the shape of one
                         sample with batch 1, e.g. 'onnx::Flatten_0:float32[1,1,28,28]' (the dtype is
                         what follows the last colon). Floats are uniform in [0,1), integers in [0,10).
  --samples N            synthetic samples (default 64); with --data, evaluate only the first N
  --seed S               synthetic seed (default 1)
  --adapter NAME         tensor (default) | classifier | regression | embedding
  --labels A,B,C         class labels (implies --adapter classifier)
  --batch-size B         samples per run when the model's first dimension is dynamic (default 1)
  --threads T            intra-op threads (default: half the cores, at least 1)
  --warmup N             warm-up runs excluded from timing (default 3)
  --quantize             also evaluate an int8 weight-only copy of each model
  --results FILE         results document (default: autoglm-results.json)
  --fail-on LEVEL        regression (default) | warning | never
  --quiet                print only the verdict (no table, no progress on stderr)
${LLM_HELP}
  --shard I/N            evaluate shard I of N of the samples (join the shards with autoglm merge)
${COMMON_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags('eval', argv, {
      config: { type: 'string' },
      json: { type: 'string' },
      results: { type: 'string' },
      model: { type: 'string', multiple: true },
      data: { type: 'string' },
      synthetic: { type: 'string', multiple: true },
      samples: { type: 'string' },
      seed: { type: 'string' },
      adapter: { type: 'string' },
      labels: { type: 'string' },
      'batch-size': { type: 'string' },
      threads: { type: 'string' },
      warmup: { type: 'string' },
      quantize: { type: 'boolean' },
      'fail-on': { type: 'string' },
      quiet: { type: 'boolean' },
      shard: { type: 'string' },
      debug: { type: 'boolean' },
      ...LLM_FLAGS,
    });
    const quiet = values.quiet === true;
    const shard = values.shard ? parseShard(values.shard) : undefined;
    const failOn = oneOf('--fail-on', values['fail-on'], FAIL_ON) ?? 'regression';
    let loaded: LoadedConfig;
    if (values.model?.length) {
      if (values.config) throw new UsageError('autoglm eval: use either --config or --model, not both');
      loaded = adHocConfig(values, io.cwd);
    } else {
      const adHocOnly = [
        'data',
        'synthetic',
        'samples',
        'seed',
        'adapter',
        'labels',
        'batch-size',
        'threads',
        'warmup',
        'quantize',
      ];
      const stray = adHocOnly.find((k) => (values as Record<string, unknown>)[k] !== undefined);
      if (stray) throw new UsageError(`autoglm eval: --${stray} needs at least one --model NAME=PATH`);
      const file = values.config ?? DEFAULT_CONFIG_FILE;
      if (!values.config && !existsSync(path.resolve(io.cwd, file))) {
        throw new UsageError(
          `autoglm eval: no ${DEFAULT_CONFIG_FILE} here and no --model given`,
          'pass --model NAME=PATH with --data or --synthetic, or --config FILE',
        );
      }
      loaded = await loadConfig(path.resolve(io.cwd, file), file);
    }
    const results = await runEvals(loaded, {
      cwd: io.cwd,
      progress: quiet ? () => {} : stderrProgress(io.stderr),
      log: stderrLog(io, quiet),
      env: io.env,
      llm: llmSettings(values),
      ...(shard ? { shard } : {}),
    });
    // Say when this run replaces an earlier one's files (an ad-hoc eval in a project folder).
    const targets = [
      path.resolve(io.cwd, values.results ?? loaded.config.report.results),
      path.resolve(io.cwd, loaded.config.report.markdown),
    ];
    const replaced = targets.filter((f) => existsSync(f));
    const written = await writeOutputs(results, loaded, { cwd: io.cwd, results: values.results });
    const exitCode = exitCodeFor(results.verdict, failOn);
    printReport(io, results, quiet);
    if (!quiet) {
      io.stdout(
        `Results: ${displayPath(io.cwd, written.resultsPath)}  Report: ${displayPath(io.cwd, written.reportPath)}\n`,
      );
    }
    if (replaced.length) {
      io.stderr(
        `[autoglm] replaced the earlier ${replaced.map((f) => displayPath(io.cwd, f)).join(' and ')} (--results FILE writes elsewhere)\n`,
      );
    }
    await writeJson(values.json, io.cwd, machineSummary(results, written, exitCode));
    return exitCode;
  },
};
