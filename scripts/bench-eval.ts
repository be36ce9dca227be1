/**
 * Harness overhead benchmark: `autoglm eval`'s code path (evaluateModel) against a plain
 * onnxruntime-node loop over the same batches, on models big enough that inference dominates.
 *
 *   npx tsx scripts/bench-eval.ts [--rounds N] [--samples N] [--batch-sizes 1,8,32] [--seed S]
 *
 * Method
 * - The models are generated into a temp folder (deterministic weights): an MLP
 *   784 -> 512 -> 512 -> 512 -> 10 and a small MNIST-shaped conv net, both with a dynamic batch.
 * - Inputs: a seeded synthetic dataset (syntheticDataset, as `autoglm eval --synthetic` builds it).
 * - For each model and batch size, ONE onnxruntime session is created with the harness's own
 *   factory (createOnnxSession: default intra-op threads, interOp 1, sequential, graph
 *   optimisation 'all'), and BOTH contenders run on that same native session, so weights,
 *   pre-packing, memory arena and thread pool are shared and cannot favour either side.
 *   - harness: the wall time of one runLoadedModel call, the eval loop of `autoglm eval` (warmup 0,
 *     tensor adapter, the CLI's stderr progress callback with a silent writer): encoding rows,
 *     planning batches, every session.run, splitting outputs, scoring and building per-sample
 *     records are all inside the timed region. Loading (reading and hashing the file, creating the
 *     session) is a one-off cost both sides pay before their loop, so neither side times it.
 *   - raw: a plain user loop over the same batches of the same sample Float32Arrays: concatenate
 *     the batch into a fresh Float32Array (a batch of 1 is passed as is), wrap it in an ort.Tensor,
 *     await session.run. Tensor creation is timed, data generation is not.
 * - Both are warmed up (untimed) and checked to give bit-identical outputs. Then R rounds; in each
 *   round both run once, back to back, in a seeded random order. Reported: the median per-round
 *   wall time of each, the median of the per-round ratios (harness / raw) with its interquartile
 *   range, the same ratio on process CPU time (robust when other processes share the machine),
 *   and the extra wall time per sample.
 * - No GC is forced between runs: each contender pays for the collections that happen during its
 *   own run, as in a real process. (Forcing a full GC before every timed run was tried: it slows
 *   both contenders for a while afterwards, the harness more, which measures V8, not the harness.)
 * - Targets (from the issue): ratio <= 1.15 at batch 1, <= 1.05 at batch >= 8.
 *
 * - Whole CLI (scripts/lib/bench-cli.ts, needs `npm run build`): `autoglm eval` as a child process on
 *   a 3x48x192 conv net, time per extra sample against the raw loop (synthetic and JSONL, target
 *   <= 1.10 at batch 8), and peak RSS at 1,000 vs 50,000 samples (target <= 1.5x). `--part cli`
 *   runs only this half, `--part harness` only the one above.
 *
 * - A/A (scripts/lib/bench-aa.ts, needs `npm run build`): one model listed three times in one
 *   `autoglm eval`, a fresh CLI process per repeat; prints max/min of the mean and the p95 over the
 *   three copies (1.00 = they agree) and how often the first-listed copy was the slowest.
 *   `--part aa` runs only this; `--aa-repeats N` (default 10), `--aa-samples N` (default 200).
 *
 * Progress goes to stderr, the table to stdout. The exit code is 0 unless the benchmark itself
 * fails: the figures are for release notes, not a gate.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Ort from 'onnxruntime-node';
import { stderrProgress } from '../src/cli/progress.js';
import { type Dataset, prng, syntheticDataset } from '../src/evals/dataset.js';
import { type LoadedModel, loadModel, runLoadedModel } from '../src/evals/evaluate.js';
import type { ModelSession } from '../src/inference/backend.js';
import { createOnnxSession, defaultThreads, loadOrt } from '../src/inference/onnx.js';
import { adapterOptions, type ModelSpec } from '../src/inference/registry.js';
import type { HostTensor } from '../src/inference/tensor.js';
import { aaTable, benchAa } from './lib/bench-aa.js';
import { benchCli, cliTable } from './lib/bench-cli.js';
import { convNetModel, mlpModel } from './lib/onnx-build.js';

type OrtModule = typeof Ort;

const log = (msg: string): void => {
  process.stderr.write(`[bench-eval] ${msg}\n`);
};

const now = (): number => performance.now();

/** Process CPU time (all threads: main, ORT pool, GC helpers, libuv pool) in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo);
}
const median = (xs: readonly number[]): number => quantile(xs, 0.5);

// ---------------------------------------------------------------------------------------------
// The contenders
// ---------------------------------------------------------------------------------------------

interface BenchModel {
  name: string;
  file: string;
  bytes: Uint8Array;
  /** The synthetic spec of one sample, as `autoglm eval --synthetic` takes it. */
  synthetic: string;
}

/** The native session behind the harness's ModelSession, if it exposes one. */
function nativeSession(session: ModelSession): Ort.InferenceSession | undefined {
  const inner = (session as unknown as { session?: Ort.InferenceSession }).session;
  return inner && typeof inner.run === 'function' && Array.isArray(inner.inputNames) ? inner : undefined;
}

const loadedBySession = new WeakMap<ModelSession, LoadedModel>();

/** The harness's eval loop on an already-loaded model; the first (untimed) call identifies the file. */
async function runHarness(spec: ModelSpec, dataset: Dataset, session: ModelSession) {
  let loaded = loadedBySession.get(session);
  if (!loaded || loaded.spec !== spec) {
    loaded = await loadModel(spec, { session, displayPath: spec.name });
    loadedBySession.set(session, loaded);
  }
  return runLoadedModel(loaded, dataset, { progress: stderrProgress(() => {}) });
}

interface RawInputs {
  inputName: string;
  outputName: string;
  /** One Float32Array per sample (the dataset's own arrays: same data, nothing generated here). */
  samples: Float32Array[];
  /** Dims of one sample, batch axis included ([1, ...]). */
  sampleDims: number[];
}

/** What a user writes without the harness: batch, wrap, run, keep the outputs. */
async function runRaw(
  ort: OrtModule,
  session: Ort.InferenceSession,
  inputs: RawInputs,
  batchSize: number,
  keep?: Float32Array[],
): Promise<number> {
  const { samples, sampleDims, inputName, outputName } = inputs;
  const per = sampleDims.reduce((a, b) => a * b, 1);
  const rest = sampleDims.slice(1);
  let sink = 0;
  for (let start = 0; start < samples.length; start += batchSize) {
    const n = Math.min(batchSize, samples.length - start);
    let data: Float32Array;
    if (n === 1) {
      data = samples[start] as Float32Array;
    } else {
      data = new Float32Array(n * per);
      for (let k = 0; k < n; k++) data.set(samples[start + k] as Float32Array, k * per);
    }
    const out = await session.run({ [inputName]: new ort.Tensor('float32', data, [n, ...rest]) });
    const logits = out[outputName]?.data as Float32Array;
    sink += logits[0] as number;
    keep?.push(logits);
  }
  return sink;
}

/** Both contenders must compute exactly the same thing: compare every output value. */
function checkSameOutputs(
  harnessOut: Map<string, HostTensor[]>,
  outputName: string,
  raw: Float32Array[],
): void {
  const perSample = harnessOut.get(outputName);
  if (!perSample) throw new Error(`harness produced no output "${outputName}"`);
  const flatRaw = new Float32Array(raw.reduce((a, r) => a + r.length, 0));
  let offset = 0;
  for (const r of raw) {
    flatRaw.set(r, offset);
    offset += r.length;
  }
  let i = 0;
  for (const t of perSample) {
    for (const v of t.data as Float32Array) {
      if (!Object.is(v, flatRaw[i]))
        throw new Error(`harness and raw outputs differ at value ${i}: ${v} vs ${flatRaw[i]}`);
      i++;
    }
  }
  if (i !== flatRaw.length) throw new Error(`harness gave ${i} output values, raw ${flatRaw.length}`);
}

// ---------------------------------------------------------------------------------------------
// One (model, batch size) cell
// ---------------------------------------------------------------------------------------------

interface CellResult {
  model: string;
  batch: number;
  harnessMs: number;
  rawMs: number;
  ratio: number;
  ratioP25: number;
  ratioP75: number;
  cpuRatio: number;
  extraUsPerSample: number;
  target: number;
  sessionMode: string;
}

const WARMUP_RUNS = 3;

async function benchCell(
  ort: OrtModule,
  model: BenchModel,
  dataset: Dataset,
  batch: number,
  rounds: number,
  order: () => number,
): Promise<CellResult> {
  const spec: ModelSpec = {
    name: model.name,
    path: model.file,
    adapter: adapterOptions('tensor'),
    capabilities: [],
    batchSize: batch,
    quantize: false,
    warmup: 0,
  };
  // The harness's own factory: default threads, interOp 1, sequential, optimisation level 'all'.
  const session = await createOnnxSession(model.file, {}, model.bytes);
  let raw = nativeSession(session);
  let sessionMode = 'shared';
  let ownRaw: Ort.InferenceSession | undefined;
  if (!raw) {
    // Fallback if the ModelSession wrapper stops exposing its native session: a second session
    // with exactly the options createOnnxSession uses.
    ownRaw = await ort.InferenceSession.create(model.bytes, {
      intraOpNumThreads: session.threads.intraOp,
      interOpNumThreads: session.threads.interOp,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
    raw = ownRaw;
    sessionMode = 'separate';
  }
  try {
    const inputName = session.inputs[0]?.name as string;
    const outputName = session.outputs[0]?.name as string;
    const first = dataset.rows[0]?.fields[inputName] as HostTensor;
    const rawInputs: RawInputs = {
      inputName,
      outputName,
      samples: dataset.rows.map((r) => (r.fields[inputName] as HostTensor).data as Float32Array),
      sampleDims: first.dims,
    };

    // Warm-up (JIT, arena growth, thread pool), then check both compute the same thing.
    let harnessOut: Map<string, HostTensor[]> | undefined;
    for (let i = 0; i < WARMUP_RUNS; i++) {
      harnessOut = (await runHarness(spec, dataset, session)).outputs;
      await runRaw(ort, raw, rawInputs, batch);
    }
    const kept: Float32Array[] = [];
    await runRaw(ort, raw, rawInputs, batch, kept);
    checkSameOutputs(harnessOut as Map<string, HostTensor[]>, outputName, kept);

    const harnessTimes: number[] = [];
    const rawTimes: number[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let h = 0;
      let w = 0;
      let hCpu = 0;
      let wCpu = 0;
      const harnessFirst = order() < 0.5;
      for (const which of harnessFirst ? ['harness', 'raw'] : ['raw', 'harness']) {
        const cpu0 = cpuMs();
        const start = now();
        if (which === 'harness') {
          await runHarness(spec, dataset, session);
          h = now() - start;
          hCpu = cpuMs() - cpu0;
        } else {
          await runRaw(ort, raw, rawInputs, batch);
          w = now() - start;
          wCpu = cpuMs() - cpu0;
        }
      }
      harnessTimes.push(h);
      rawTimes.push(w);
      ratios.push(h / w);
      cpuRatios.push(hCpu / wCpu);
    }
    const harnessMs = median(harnessTimes);
    const rawMs = median(rawTimes);
    return {
      model: model.name,
      batch,
      harnessMs,
      rawMs,
      ratio: median(ratios),
      ratioP25: quantile(ratios, 0.25),
      ratioP75: quantile(ratios, 0.75),
      cpuRatio: median(cpuRatios),
      extraUsPerSample: ((harnessMs - rawMs) * 1000) / dataset.rows.length,
      target: batch >= 8 ? 1.05 : 1.15,
      sessionMode,
    };
  } finally {
    await ownRaw?.release();
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

const loadText = (): string => loadavg()[0]?.toFixed(2) ?? '?';

function table(results: readonly CellResult[]): string {
  const header = [
    'model',
    'batch',
    'harness median ms',
    'raw median ms',
    'ratio (median of rounds)',
    'ratio IQR',
    'cpu ratio',
    'extra µs/sample',
    'target',
    'result',
  ];
  const rows = results.map((r) => [
    r.model,
    String(r.batch),
    r.harnessMs.toFixed(2),
    r.rawMs.toFixed(2),
    r.ratio.toFixed(3),
    `${r.ratioP25.toFixed(3)}–${r.ratioP75.toFixed(3)}`,
    r.cpuRatio.toFixed(3),
    r.extraUsPerSample.toFixed(1),
    `<= ${r.target.toFixed(2)}`,
    r.ratio <= r.target ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i <= 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      samples: { type: 'string' },
      'batch-sizes': { type: 'string' },
      seed: { type: 'string' },
      part: { type: 'string' },
      'cli-repeats': { type: 'string' },
      'cli-batch': { type: 'string' },
      'rss-samples': { type: 'string' },
      'aa-repeats': { type: 'string' },
      'aa-samples': { type: 'string' },
    },
  });
  const part = values.part ?? 'all';
  if (!['all', 'harness', 'cli', 'aa'].includes(part))
    throw new Error(`--part: harness, cli, aa or all, got "${part}"`);
  const rounds = positiveInt('--rounds', values.rounds, 61);
  const samples = positiveInt('--samples', values.samples, 256);
  const seed = positiveInt('--seed', values.seed, 7);
  const batchSizes = (values['batch-sizes'] ?? '1,8,32')
    .split(',')
    .map((b) => positiveInt('--batch-sizes', b, 1));

  const ort = await loadOrt();
  const dir = await mkdtemp(join(tmpdir(), 'autoglm-bench-eval-'));
  const started = now();
  const loadAtStart = loadText();
  try {
    const models: BenchModel[] = [
      {
        name: 'mlp-784x512x3',
        file: join(dir, 'mlp.onnx'),
        bytes: mlpModel({ inputs: 784, hidden: [512, 512, 512], outputs: 10, seed: 1, dynamicBatch: true }),
        synthetic: 'input:float32[1,784]',
      },
      {
        // Heavier per sample (~10x the 512-wide MLP): the harness's fixed per-sample cost matters less.
        name: 'mlp-784x2048x3',
        file: join(dir, 'mlp-wide.onnx'),
        bytes: mlpModel({
          inputs: 784,
          hidden: [2048, 2048, 2048],
          outputs: 10,
          seed: 3,
          dynamicBatch: true,
        }),
        synthetic: 'input:float32[1,784]',
      },
      {
        name: 'convnet-28x28',
        file: join(dir, 'convnet.onnx'),
        bytes: convNetModel({ seed: 2, dynamicBatch: true }),
        synthetic: 'image:float32[1,1,28,28]',
      },
    ];
    for (const m of models) await writeFile(m.file, m.bytes);
    log(
      `models in ${dir}: ${models.map((m) => `${m.name} (${(m.bytes.length / 1e6).toFixed(2)} MB)`).join(', ')}`,
    );
    log(
      `${samples} samples, batch sizes ${batchSizes.join(', ')}, ${rounds} rounds, intra-op threads ${defaultThreads()}, load average ${loadText()}`,
    );

    const order = prng(seed);
    const results: CellResult[] = [];
    for (const model of part === 'cli' || part === 'aa' ? [] : models) {
      const dataset = syntheticDataset([model.synthetic], samples, seed);
      for (const batch of batchSizes) {
        const t0 = now();
        const r = await benchCell(ort, model, dataset, batch, rounds, order);
        results.push(r);
        log(
          `${model.name} batch ${batch}: harness ${r.harnessMs.toFixed(2)} ms, raw ${r.rawMs.toFixed(2)} ms, ratio ${r.ratio.toFixed(3)} (${((now() - t0) / 1000).toFixed(1)} s)`,
        );
      }
    }

    const modes = [...new Set(results.map((r) => r.sessionMode))];
    const out = process.stdout;
    out.write('\nautoglm eval harness vs plain onnxruntime-node loop\n');
    out.write(
      `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, onnxruntime-node ${ort.env.versions.node ?? '?'}\n`,
    );
    out.write(
      `${samples} synthetic samples (seed ${seed}), ${rounds} interleaved rounds in random order, intra-op threads ${defaultThreads()}, inter-op 1, sequential, graph optimisation 'all'\n`,
    );
    out.write(
      modes.includes('separate')
        ? 'sessions: two sessions with identical options (the harness session did not expose its native session)\n'
        : 'sessions: one shared session per model and batch size (both contenders call the same native InferenceSession)\n',
    );
    out.write(
      'harness = runLoadedModel, the eval loop (encode, batch, run, score, records); raw = concat + ort.Tensor + session.run per batch\n\n',
    );
    if (results.length) out.write(`${table(results)}\n`);
    if (part === 'all' || part === 'aa') {
      const aa = await benchAa(
        [
          {
            name: 'digits-v1 (demo MLP 64-128-10)',
            file: join(import.meta.dirname, '..', 'examples', 'demo', 'models', 'digits-v1.onnx'),
            synthetic: 'pixels:float32[1,64]',
          },
          { name: 'convnet-28x28', file: join(dir, 'convnet.onnx'), synthetic: 'image:float32[1,1,28,28]' },
        ],
        {
          dir,
          repeats: positiveInt('--aa-repeats', values['aa-repeats'], 10),
          samples: positiveInt('--aa-samples', values['aa-samples'], 200),
          log,
        },
      );
      out.write(aaTable(aa));
    }
    if (part === 'all' || part === 'cli') {
      const rssText = values['rss-samples'] ?? '1000,50000';
      const rss = rssText === 'none' ? [] : rssText.split(',').map((n) => positiveInt('--rss-samples', n, 1));
      const cli = await benchCli(ort, {
        dir,
        batch: positiveInt('--cli-batch', values['cli-batch'], 8),
        repeats: positiveInt('--cli-repeats', values['cli-repeats'], 3),
        synthetic: [200, 1000],
        jsonl: [64, 320],
        ...(rss.length ? { rss: [rss[0] ?? 1000, rss[1] ?? 50000] as [number, number] } : {}),
        log,
      });
      out.write(cliTable(cli));
    }
    out.write(
      `\ntotal benchmark time ${((now() - started) / 1000).toFixed(1)} s; 1-minute load average at start ${loadAtStart}, at end ${loadText()} (on ${availableParallelism()} cores)\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench-eval] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
