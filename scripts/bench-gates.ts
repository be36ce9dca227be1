/**
 * `npm run bench:gates`: does the latency gate cry wolf? With the demo model, run R A/A comparisons
 * (the same model as base and candidate) and R A/B comparisons against a candidate made ~10%
 * slower with extra no-op compute, under this machine's real scheduler noise, and print the
 * false-alarm and detection rates of autoglm's method next to the naive method's.
 *
 *   npx tsx scripts/bench-gates.ts [--comparisons 40] [--rounds 20] [--gate 0.05] [--hog] [--seed 1]
 *
 * - ours: base and candidate timed interleaved in random order in one process for `rounds`
 *   rounds (src/evals/interleave.ts), decided by latencyVerdict: Mann-Whitney p <= 0.01 and a
 *   bootstrap CI of the ratio of medians that clears the 5% gate (src/compare/stats).
 * - naive: one timed pass of each (base, then candidate, as two CI runs would), alarm when the
 *   candidate is more than 10% slower: what a fixed-ratio benchmark action does.
 * - `--hog` keeps the other core busy with a spinning worker thread during the comparisons.
 * Each comparison uses fresh sessions (a new "job"). The true slowdown of the candidate is
 * measured once up front with a long interleaved run and printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import onnxProto from 'onnx-proto';
import { latencyVerdict } from '../src/compare/stats.js';
import { type Dataset, loadJsonl, prng } from '../src/evals/dataset.js';
import { planBatches } from '../src/evals/evaluate.js';
import { interleavedTimings } from '../src/evals/interleave.js';
import type { ModelSession } from '../src/inference/backend.js';
import { encodeRow } from '../src/inference/encode.js';
import { createOnnxSession, primeRuntime } from '../src/inference/onnx.js';
import { concatBatch, type HostTensor } from '../src/inference/tensor.js';
import { floatTensor, node } from './lib/onnx-build.js';

const { values: args } = parseArgs({
  options: {
    comparisons: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '20' },
    gate: { type: 'string', default: '0.05' },
    naive: { type: 'string', default: '0.10' },
    target: { type: 'string', default: '0.10' },
    batch: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    hog: { type: 'boolean', default: false },
  },
});
const R = Number(args.comparisons);
const ROUNDS = Number(args.rounds);
const GATE = Number(args.gate);
const NAIVE = Number(args.naive);
const BATCH = Number(args.batch);
const log = (m: string) => process.stderr.write(`[bench-gates] ${m}\n`);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const demoModel = path.join(root, 'examples/demo/models/digits-v1.onnx');

/**
 * The demo model plus a branch of no-op compute whose result is exactly zero: the hidden layer
 * times a [128, K] matrix, times a zero [K, 10] matrix, added to the logits (K = 0: the hidden
 * layer times a zero [128, 10] matrix). Same outputs; K scales the extra cost.
 */
function slowerVariant(bytes: Uint8Array, k: number): Uint8Array {
  const { onnx } = onnxProto;
  const model = onnx.ModelProto.decode(bytes);
  const g = model.graph as NonNullable<typeof model.graph>;
  const last = (g.node ?? []).find((n) => n.output?.includes('logits'));
  if (!last?.output) throw new Error('no node produces logits');
  last.output = ['logits.raw'];
  const next = prng(k + 1);
  const width = k === 0 ? 128 : k;
  if (k > 0) {
    g.initializer?.push(
      floatTensor(
        'extra.w',
        [128, k],
        Array.from({ length: 128 * k }, () => next() - 0.5),
      ),
    );
    g.node?.push(node('MatMul', ['fc1.relu', 'extra.w'], ['extra.mm'], 'extra.mm'));
  }
  g.initializer?.push(floatTensor('extra.zero', [width, 10], new Float32Array(width * 10)));
  g.node?.push(
    node('MatMul', [k > 0 ? 'extra.mm' : 'fc1.relu', 'extra.zero'], ['extra.nothing'], 'extra.zero'),
    node('Add', ['logits.raw', 'extra.nothing'], ['logits'], 'extra.add'),
  );
  return onnx.ModelProto.encode(model).finish();
}

const open = (bytes: Uint8Array, name: string) => createOnnxSession(name, { threads: 1 }, bytes);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function ratioOf(base: ModelSession, cand: ModelSession, data: Dataset, rounds: number, seed: number) {
  const t = await interleavedTimings({ session: base, name: 'base' }, { session: cand, name: 'cand' }, data, {
    rounds,
    batchSize: BATCH,
    random: prng(seed),
  });
  return median(t.candidate) / median(t.base);
}

/** One timed run over the data, as a single CI run measures it: total time / samples. */
async function onePass(session: ModelSession, data: Dataset): Promise<number> {
  const batches = planBatches(
    data.rows.map((r) => encodeRow(r.fields, { where: r.where, model: 'naive', inputs: session.inputs })),
    BATCH,
  );
  const feeds = data.rows.map((r) =>
    encodeRow(r.fields, { where: r.where, model: 'naive', inputs: session.inputs }),
  );
  const built = batches.map((idx) => ({
    pixels: concatBatch(idx.map((i) => feeds[i]?.pixels as HostTensor)),
  }));
  await session.run(built[0] as Record<string, HostTensor>);
  const start = performance.now();
  for (const b of built) await session.run(b);
  return (performance.now() - start) / data.rows.length;
}

function startHog(): Worker {
  return new Worker('let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }', { eval: true });
}

async function main(): Promise<void> {
  await primeRuntime();
  const data = await loadJsonl(path.join(root, 'examples/demo/data/eval.jsonl'));
  const baseBytes = new Uint8Array(readFileSync(demoModel));

  // Calibrate K so the candidate is ~10% slower, measured interleaved over many rounds.
  log('calibrating the slower candidate ...');
  const base0 = await open(baseBytes, 'base');
  let chosen: { k: number; ratio: number; bytes: Uint8Array } = { k: -1, ratio: 1, bytes: baseBytes };
  for (const k of [0, 16, 32, 64, 96, 128, 192, 256, 384, 512]) {
    const bytes = slowerVariant(baseBytes, k);
    const cand = await open(bytes, `cand-${k}`);
    const ratio = await ratioOf(base0, cand, data, 100, k);
    await cand.close();
    log(`  K=${k}: ${((ratio - 1) * 100).toFixed(1)}% slower`);
    if (Math.abs(ratio - 1 - Number(args.target)) < Math.abs(chosen.ratio - 1 - Number(args.target)))
      chosen = { k, ratio, bytes };
    if (ratio - 1 > Number(args.target) * 1.5) break;
  }
  await base0.close();

  const hog = args.hog ? startHog() : undefined;
  const rng = prng(Number(args.seed));
  const tally = { ours: { aa: 0, ab: 0, aaInconclusive: 0, abInconclusive: 0 }, naive: { aa: 0, ab: 0 } };
  const abRatios: number[] = [];
  try {
    for (let i = 0; i < R; i++) {
      for (const kind of ['aa', 'ab'] as const) {
        const base = await open(baseBytes, 'base');
        const cand = await open(kind === 'aa' ? baseBytes : chosen.bytes, 'cand');
        const t = await interleavedTimings(
          { session: base, name: 'base' },
          { session: cand, name: 'cand' },
          data,
          {
            rounds: ROUNDS,
            batchSize: BATCH,
            random: () => rng(),
          },
        );
        const v = latencyVerdict(t.base, t.candidate, { alpha: 0.01, minEffect: GATE, seed: i + 1 });
        if (v.outcome === 'regression') tally.ours[kind]++;
        if (v.outcome === 'inconclusive') tally.ours[kind === 'aa' ? 'aaInconclusive' : 'abInconclusive']++;
        if (kind === 'ab') abRatios.push(v.ratio);
        // Naive: one pass of the base, later one pass of the candidate, fixed ratio threshold.
        const b = await onePass(base, data);
        const c = await onePass(cand, data);
        if (c / b > 1 + NAIVE) tally.naive[kind]++;
        await base.close();
        await cand.close();
      }
      if ((i + 1) % 10 === 0) log(`${i + 1}/${R} comparisons`);
    }
  } finally {
    await hog?.terminate();
  }
  const pct = (n: number) => `${n}/${R}`;
  const out = [
    '',
    'Latency gate under real scheduler noise: A/A (same model) and A/B (candidate made slower)',
    `demo model digits-v1, ${data.rows.length} samples, batch ${BATCH}, 1 intra-op thread${args.hog ? ', CPU hog on the other core' : ''}`,
    `candidate: +${((chosen.ratio - 1) * 100).toFixed(1)}% slower (no-op branch K=${chosen.k}, measured over 100 interleaved rounds); median ratio seen in the A/B comparisons ${((median(abRatios) - 1) * 100).toFixed(1)}%`,
    '',
    '| method | false alarms (A/A) | detections (A/B) | target |',
    '|---|---:|---:|---|',
    `| autoglm: ${ROUNDS} interleaved rounds, Mann-Whitney p <= 0.01, median ratio >= +${GATE * 100}% and its CI above 1 | ${pct(tally.ours.aa)} | ${pct(tally.ours.ab)} | <= 1/${R} false alarms, >= ${Math.ceil(R * 0.95)}/${R} detections |`,
    `| naive: one run each, alarm above +${NAIVE * 100}% | ${pct(tally.naive.aa)} | ${pct(tally.naive.ab)} | (contrast) |`,
    '',
    `autoglm inconclusive: ${tally.ours.aaInconclusive}/${R} A/A, ${tally.ours.abInconclusive}/${R} A/B (reported as "inconclusive", never as a regression)`,
    `result: ${tally.ours.aa <= 1 && tally.ours.ab >= Math.ceil(R * 0.95) ? 'PASS' : 'FAIL'}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(3);
});
