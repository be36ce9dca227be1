/**
 * The whole-CLI half of `npm run bench:eval`: `autoglm eval` as a user runs it (a child process of
 * the built CLI, bin/autoglm.js) on a conv net of realistic input size, against a plain
 * onnxruntime-node loop over the same batches in this process.
 *
 * - Time per extra sample: each side runs two sample counts; (T(big) - T(small)) / (big - small)
 *   cancels start-up, model load, warm-up and writing the results. Each count runs `repeats`
 *   times, alternating, and the median is used.
 * - Synthetic: the CLI generates its inputs (`--synthetic`); the raw loop gets pre-built batches
 *   (generation untimed), so every cost of the CLI's own is on its side of the ratio.
 * - JSONL: both read the same files line by line and parse them; the raw loop copies the parsed
 *   nested arrays into a batch buffer with plain loops and runs.
 * - Peak RSS: the child's getrusage maxRSS at exit (a --require preload writes it to a file), at
 *   `rssSmall` and `rssBig` synthetic samples.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type * as Ort from 'onnxruntime-node';
import { parseSyntheticSpecs } from '../../src/evals/dataset.js';
import { fillSynthetic } from '../../src/evals/synthetic.js';
import { mulberry32 } from '../../src/random.js';
import { imageConvNetModel } from './onnx-build.js';

type OrtModule = typeof Ort;

export interface CliBenchOptions {
  dir: string;
  batch: number;
  repeats: number;
  synthetic: [number, number];
  jsonl: [number, number];
  /** Sample counts of the peak-RSS comparison; absent skips it. */
  rss?: [number, number];
  log: (m: string) => void;
}

export interface CliBenchResult {
  model: string;
  rows: Array<{
    data: string;
    counts: string;
    cliUsPerSample: number;
    rawUsPerSample: number;
    ratio: number;
    /** The same on process CPU time (robust when other processes share the machine). */
    cpuRatio: number;
    /** The wall ratio on the fastest run of each count (the least disturbed by other load). */
    minRatio: number;
    target: number;
  }>;
  rss?: { small: number; big: number; smallKiB: number; bigKiB: number; ratio: number; target: number };
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHAPE = [3, 48, 192] as const;
const PER = SHAPE[0] * SHAPE[1] * SHAPE[2];
const SPEC = `x:float32[1,${SHAPE.join(',')}]`;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall and CPU times of each run of each sample count. */
type Times = Record<number, { ms: number[]; cpu: number[] }>;
const times = (a: number, b: number): Times => ({ [a]: { ms: [], cpu: [] }, [b]: { ms: [], cpu: [] } });
const record = (t: Times, n: number, x: { ms: number; cpu: number }) => {
  t[n]?.ms.push(x.ms);
  t[n]?.cpu.push(x.cpu);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Run the built CLI once; wall ms and the child's peak RSS (KiB). */
async function runCli(args: string[], dir: string): Promise<{ ms: number; cpu: number; maxRssKiB: number }> {
  const rssFile = join(dir, 'rss.txt');
  const preload = join(dir, 'rss-preload.cjs');
  await writeFile(
    preload,
    `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, process.resourceUsage().maxRSS + ' ' + (u.user + u.system) / 1000); });\n`,
  );
  const start = performance.now();
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, ['--require', preload, join(ROOT, 'bin', 'autoglm.js'), ...args], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', fail);
    child.on('exit', (c) =>
      c === 0 ? done(0) : fail(new Error(`autoglm ${args.join(' ')} exited ${c}: ${err}`)),
    );
  });
  const ms = performance.now() - start;
  void code;
  const [rss, cpu] = (await readFile(rssFile, 'utf8')).split(' ').map(Number);
  return { ms, cpu: cpu as number, maxRssKiB: rss as number };
}

function cliArgs(model: string, data: string[], batch: number): string[] {
  return [
    'eval',
    '--model',
    `conv=${model}`,
    ...data,
    '--batch-size',
    String(batch),
    '--threads',
    '1',
    '--warmup',
    '3',
    '--results',
    'bench-results.json',
  ];
}

async function session(ort: OrtModule, file: string): Promise<Ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
}

/** The raw loop on pre-built batches: wrap, run, read the logits. */
async function rawSynthetic(
  ort: OrtModule,
  s: Ort.InferenceSession,
  batches: Float32Array[],
  n: number,
  batch: number,
) {
  let sink = 0;
  const start = performance.now();
  const cpu0 = cpuNow();
  for (let i = 0, b = 0; i < n; i += batch, b++) {
    const k = Math.min(batch, n - i);
    const data = batches[b % batches.length] as Float32Array;
    const out = await s.run({
      x: new ort.Tensor('float32', k === batch ? data : data.subarray(0, k * PER), [k, ...SHAPE]),
    });
    sink += ((out.logits as Ort.Tensor).data as Float32Array)[0] as number;
  }
  void sink;
  return { ms: performance.now() - start, cpu: cpuNow() - cpu0 };
}

/** The raw loop on a JSONL file: readline, JSON.parse, copy into the batch buffer, run. */
async function rawJsonl(ort: OrtModule, s: Ort.InferenceSession, file: string, batch: number) {
  const start = performance.now();
  const cpu0 = cpuNow();
  const buf = new Float32Array(batch * PER);
  let k = 0;
  const flush = async () => {
    await s.run({
      x: new ort.Tensor('float32', k === batch ? buf : buf.subarray(0, k * PER), [k, ...SHAPE]),
    });
    k = 0;
  };
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (!line.trim()) continue;
    const x = (JSON.parse(line) as { x: number[][][] }).x;
    let p = k * PER;
    for (const plane of x) for (const row of plane) for (const v of row) buf[p++] = v;
    if (++k === batch) await flush();
  }
  if (k) await flush();
  return { ms: performance.now() - start, cpu: cpuNow() - cpu0 };
}

async function writeJsonl(file: string, samples: number, seed: number): Promise<void> {
  const next = mulberry32(seed);
  const lines: string[] = [];
  for (let i = 0; i < samples; i++) {
    // Pixels normalised to [0, 1) with 4 decimals, as an exported image dataset would hold them.
    const x = Array.from({ length: SHAPE[0] }, () =>
      Array.from({ length: SHAPE[1] }, () =>
        Array.from({ length: SHAPE[2] }, () => Math.round(next() * 1e4) / 1e4),
      ),
    );
    lines.push(JSON.stringify({ id: `img-${i + 1}`, x }));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** µs per extra sample, differenced between the two counts, on the medians (or the minima). */
const perSample = (xs: Record<number, number[]>, a: number, b: number, stat = median) =>
  ((stat(xs[b] as number[]) - stat(xs[a] as number[])) * 1000) / (b - a);
const min = (xs: number[]) => Math.min(...xs);

function row(data: string, cli: Times, raw: Times, a: number, b: number): CliBenchResult['rows'][number] {
  const pick = (t: Times, k: 'ms' | 'cpu') => ({ [a]: t[a]?.[k] ?? [], [b]: t[b]?.[k] ?? [] });
  const cliUs = perSample(pick(cli, 'ms'), a, b);
  const rawUs = perSample(pick(raw, 'ms'), a, b);
  const cliCpu = perSample(pick(cli, 'cpu'), a, b);
  const rawCpu = perSample(pick(raw, 'cpu'), a, b);
  const minRatio = perSample(pick(cli, 'ms'), a, b, min) / perSample(pick(raw, 'ms'), a, b, min);
  return {
    minRatio,
    data,
    counts: `${a} -> ${b}`,
    cliUsPerSample: cliUs,
    rawUsPerSample: rawUs,
    ratio: cliUs / rawUs,
    cpuRatio: cliCpu / rawCpu,
    target: 1.1,
  };
}

export async function benchCli(ort: OrtModule, o: CliBenchOptions): Promise<CliBenchResult> {
  const model = join(o.dir, 'image-convnet.onnx');
  await writeFile(model, imageConvNetModel({ seed: 11 }));
  const s = await session(ort, model);
  const rows: CliBenchResult['rows'] = [];
  try {
    // Synthetic: the same specs the CLI gets; 16 distinct pre-built batches for the raw loop.
    const spec = parseSyntheticSpecs([SPEC])[0] as ReturnType<typeof parseSyntheticSpecs>[number];
    const batches = Array.from({ length: 16 }, (_, b) => {
      const data = new Float32Array(o.batch * PER);
      for (let k = 0; k < o.batch; k++) fillSynthetic(spec, 0, 1, b * o.batch + k, data, k * PER);
      return data;
    });
    await rawSynthetic(ort, s, batches, o.batch * 8, o.batch);
    const [small, big] = o.synthetic;
    const cli = times(small, big);
    const raw = times(small, big);
    for (let r = 0; r < o.repeats; r++) {
      for (const n of [small, big]) {
        const t = await runCli(cliArgs(model, ['--synthetic', SPEC, '--samples', String(n)], o.batch), o.dir);
        record(cli, n, t);
        record(raw, n, await rawSynthetic(ort, s, batches, n, o.batch));
      }
      o.log(
        `synthetic round ${r + 1}/${o.repeats}: CLI ${cli[small]?.ms.at(-1)?.toFixed(0)} / ${cli[big]?.ms.at(-1)?.toFixed(0)} ms`,
      );
    }
    rows.push(row('synthetic', cli, raw, small, big));

    // JSONL: two files, the small one a prefix of the big one.
    const [js, jb] = o.jsonl;
    const files = { [js]: join(o.dir, `data-${js}.jsonl`), [jb]: join(o.dir, `data-${jb}.jsonl`) };
    await writeJsonl(files[js] as string, js, 5);
    await writeJsonl(files[jb] as string, jb, 5);
    const jcli = times(js, jb);
    const jraw = times(js, jb);
    await rawJsonl(ort, s, files[js] as string, o.batch);
    for (let r = 0; r < o.repeats; r++) {
      for (const n of [js, jb]) {
        const t = await runCli(cliArgs(model, ['--data', files[n] as string], o.batch), o.dir);
        record(jcli, n, t);
        record(jraw, n, await rawJsonl(ort, s, files[n] as string, o.batch));
      }
      o.log(
        `jsonl round ${r + 1}/${o.repeats}: CLI ${jcli[js]?.ms.at(-1)?.toFixed(0)} / ${jcli[jb]?.ms.at(-1)?.toFixed(0)} ms`,
      );
    }
    rows.push(row('jsonl', jcli, jraw, js, jb));
  } finally {
    await s.release();
  }

  const model_ = `image-convnet 3x${SHAPE[1]}x${SHAPE[2]} (conv 24/48/96, ~54M MACs/sample), batch ${o.batch}, 1 thread`;
  if (!o.rss) return { model: model_, rows };
  const [rs, rb] = o.rss;
  const smallRss = await runCli(
    cliArgs(model, ['--synthetic', SPEC, '--samples', String(rs)], o.batch),
    o.dir,
  );
  o.log(`peak RSS at ${rs} samples: ${(smallRss.maxRssKiB / 1024).toFixed(0)} MiB`);
  const bigRss = await runCli(cliArgs(model, ['--synthetic', SPEC, '--samples', String(rb)], o.batch), o.dir);
  o.log(
    `peak RSS at ${rb} samples: ${(bigRss.maxRssKiB / 1024).toFixed(0)} MiB (${(bigRss.ms / 1000).toFixed(1)} s)`,
  );
  return {
    model: model_,
    rows,
    rss: {
      small: rs,
      big: rb,
      smallKiB: smallRss.maxRssKiB,
      bigKiB: bigRss.maxRssKiB,
      ratio: bigRss.maxRssKiB / smallRss.maxRssKiB,
      target: 1.5,
    },
  };
}

export function cliTable(r: CliBenchResult): string {
  const lines = [
    `\nwhole CLI (bin/autoglm.js eval, child process) vs raw onnxruntime-node loop: ${r.model}`,
    '| data | samples (differenced) | CLI µs/extra sample | raw µs/extra sample | wall ratio (medians) | wall ratio (minima) | CPU ratio | target | result (medians) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.data} | ${x.counts} | ${x.cliUsPerSample.toFixed(0)} | ${x.rawUsPerSample.toFixed(0)} | ${x.ratio.toFixed(3)} | ${x.minRatio.toFixed(3)} | ${x.cpuRatio.toFixed(3)} | <= ${x.target.toFixed(2)} | ${x.ratio <= x.target ? 'PASS' : 'FAIL'} |`,
    ),
    '',
    r.rss === undefined
      ? 'peak RSS: skipped (--rss-samples none)'
      : `peak RSS: ${(r.rss.smallKiB / 1024).toFixed(0)} MiB at ${r.rss.small} samples, ${(r.rss.bigKiB / 1024).toFixed(0)} MiB at ${r.rss.big} samples: ratio ${r.rss.ratio.toFixed(2)} (target <= ${r.rss.target.toFixed(2)}) ${r.rss.ratio <= r.rss.target ? 'PASS' : 'FAIL'}`,
  ];
  return `${lines.join('\n')}\n`;
}
