/**
 * Planning benchmark: 500 suites with path globs against 10,000 changed files.
 *
 *   npx tsx scripts/bench-plan.ts [--rounds N]
 *
 * Suites look like a monorepo's: `services/svc-K/**`, `libs/lib-K/src/**\/*.ts`, a model and a
 * dataset file each. Changed files are spread over services, libraries and unrelated folders, so
 * most suites (395 of 500) are selected and every file is matched against the index. Reported: the median time of planRun over the rounds, and a
 * reference in the same process, a naive loop testing every glob against every file with
 * picomatch, over a 1/20 slice (scaled), to show what the index saves. Target: <= 1 s.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import { type PlanSuite, planRun } from '../src/pipeline/plan/select.js';
import { mulberry32 } from '../src/random.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? 9);
const rand = mulberry32(7);
const pick = (n: number) => Math.floor(rand() * n);

const suites: PlanSuite[] = Array.from({ length: 500 }, (_, k) => ({
  name: `suite-${k}`,
  paths: [`services/svc-${k}/**`, `libs/lib-${k % 120}/src/**/*.ts`, `configs/${k}.{yml,yaml}`],
  deps: ['autoglm.yml', `models/m-${k}.onnx`, `data/d-${k}.jsonl`],
}));
const changed: string[] = Array.from({ length: 10_000 }, (_, i) => {
  const r = i % 4;
  if (r === 0)
    return `services/svc-${pick(i % 8 === 0 ? 1000 : 100) + (i % 8 === 0 ? 0 : 10_000)}/src/handler-${i}.ts`;
  if (r === 1) return `libs/lib-${pick(4000)}/src/deep/dir/file-${i}.${rand() < 0.5 ? 'ts' : 'md'}`;
  if (r === 2) return `docs/page-${i}.md`;
  return `tools/${pick(50)}/script-${i}.py`;
});

const times: number[] = [];
let selected = 0;
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  const plan = planRun(suites, { kind: 'pull_request', changed });
  times.push(performance.now() - t);
  selected = plan.suites.filter((s) => s.run).length;
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1] as number;

// Reference: every glob against every file, on 1/20 of the files, scaled up.
const matchers = suites.map((s) => (s.paths ?? []).map((g) => picomatch(g, { dot: true })));
const slice = changed.slice(0, changed.length / 20);
const t0 = performance.now();
let hits = 0;
for (const f of slice) for (const ms of matchers) for (const m of ms) if (m(f)) hits++;
const naive = (performance.now() - t0) * 20;

process.stdout.write(
  `planRun: 500 suites x 10,000 changed files: median ${median.toFixed(1)} ms over ${rounds} rounds (min ${times[0]?.toFixed(1)} ms), ${selected} suites selected; target <= 1000 ms: ${median <= 1000 ? 'PASS' : 'FAIL'}\n` +
    `reference (every glob x every file, picomatch, scaled from 1/20): ${naive.toFixed(0)} ms (${hits} hits in the slice); ratio ${(median / naive).toFixed(3)}\n` +
    `1-minute load average ${loadavg()[0]?.toFixed(2)}\n`,
);
