/**
 * The A/A half of `npm run bench:eval`: one model listed three times in one `autoglm eval`
 * (`--model a=M --model b=M --model c=M`), as a user runs it (a fresh child process of the built
 * CLI, bin/autoglm.js, per repeat, so every repeat pays the process's own cold start). The three
 * copies are the same file on the same inputs, so their latency figures must agree within noise
 * whatever their place in the list.
 *
 * Per repeat: max/min over the three copies of the mean and of the p95, and which copy was the
 * slowest. Reported: the median and the worst of those ratios over the repeats, and how often the
 * first-listed copy was the slowest (1/3 of the repeats when the position does not matter).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const COPIES = ['a', 'b', 'c'] as const;

export interface AaModel {
  name: string;
  file: string;
  /** `--synthetic` spec of one sample. */
  synthetic: string;
}

export interface AaOptions {
  dir: string;
  repeats: number;
  samples: number;
  log: (m: string) => void;
}

export interface AaResult {
  model: string;
  repeats: number;
  samples: number;
  meanRatio: { median: number; worst: number };
  p95Ratio: { median: number; worst: number };
  /** Repeats in which each copy had the highest mean latency. */
  slowestMean: Record<(typeof COPIES)[number], number>;
  slowestP95: Record<(typeof COPIES)[number], number>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function evalOnce(model: AaModel, samples: number, dir: string, results: string): Promise<void> {
  const args = [
    join(ROOT, 'bin', 'autoglm.js'),
    'eval',
    ...COPIES.flatMap((c) => ['--model', `${c}=${model.file}`]),
    '--synthetic',
    model.synthetic,
    '--samples',
    String(samples),
    '--results',
    results,
    '--fail-on',
    'never',
    '--quiet',
  ];
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', fail);
    child.on('exit', (c) => (c === 0 ? done() : fail(new Error(`autoglm eval exited ${c}: ${err}`))));
  });
}

interface Figures {
  meanMs: number;
  p95Ms: number;
}

export async function benchAa(models: readonly AaModel[], options: AaOptions): Promise<AaResult[]> {
  const out: AaResult[] = [];
  for (const model of models) {
    const meanRatios: number[] = [];
    const p95Ratios: number[] = [];
    const slowestMean = { a: 0, b: 0, c: 0 };
    const slowestP95 = { a: 0, b: 0, c: 0 };
    for (let r = 0; r < options.repeats; r++) {
      const file = join(options.dir, `aa-${r}.json`);
      await evalOnce(model, options.samples, options.dir, file);
      const doc = JSON.parse(await readFile(file, 'utf8')) as {
        suites: Array<{ models: Array<{ name: string; metrics: { latency: Figures } }> }>;
      };
      const figures = COPIES.map((c) => {
        const m = doc.suites[0]?.models.find((x) => x.name === c);
        if (!m) throw new Error(`A/A: model ${c} missing from ${file}`);
        return m.metrics.latency;
      });
      const means = figures.map((f) => f.meanMs);
      const p95s = figures.map((f) => f.p95Ms);
      meanRatios.push(Math.max(...means) / Math.min(...means));
      p95Ratios.push(Math.max(...p95s) / Math.min(...p95s));
      slowestMean[COPIES[means.indexOf(Math.max(...means))] as 'a']++;
      slowestP95[COPIES[p95s.indexOf(Math.max(...p95s))] as 'a']++;
      options.log(
        `A/A ${model.name} repeat ${r + 1}/${options.repeats}: mean ${means.map((v) => (v * 1000).toFixed(1)).join(' / ')} µs, p95 ${p95s.map((v) => (v * 1000).toFixed(1)).join(' / ')} µs`,
      );
    }
    out.push({
      model: model.name,
      repeats: options.repeats,
      samples: options.samples,
      meanRatio: { median: median(meanRatios), worst: Math.max(...meanRatios) },
      p95Ratio: { median: median(p95Ratios), worst: Math.max(...p95Ratios) },
      slowestMean,
      slowestP95,
    });
  }
  return out;
}

export function aaTable(results: readonly AaResult[]): string {
  const lines = [
    '\nA/A: the same model listed three times in one `autoglm eval` (a fresh CLI process per repeat)',
    'max/min over the three copies, per repeat; median and worst over the repeats; "slowest" counts the repeats in which each copy (a listed first) was the slowest\n',
    '| model | repeats x samples | mean max/min (median) | mean max/min (worst) | p95 max/min (median) | p95 max/min (worst) | slowest mean a/b/c | slowest p95 a/b/c |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.model} | ${r.repeats} x ${r.samples} | ${r.meanRatio.median.toFixed(3)} | ${r.meanRatio.worst.toFixed(3)} | ${r.p95Ratio.median.toFixed(3)} | ${r.p95Ratio.worst.toFixed(3)} | ${r.slowestMean.a}/${r.slowestMean.b}/${r.slowestMean.c} | ${r.slowestP95.a}/${r.slowestP95.b}/${r.slowestP95.c} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
