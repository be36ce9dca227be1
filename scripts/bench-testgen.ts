/**
 * `npm run bench:testgen`: branch coverage reached over the testgen corpus (test/fixtures/
 * testgen-corpus) by our generator and by plain fast-check random testing with the same time
 * budget, side by side in one run. Ours is measured by running the emitted tests under istanbul;
 * random by running its inputs in the same sandbox under the same instrumentation.
 *
 * A second, real-world tier (scripts/bench-testgen-real.ts) runs on modules of npm packages.
 *
 * Options: --budget SECONDS (corpus, default 60), --real-budget SECONDS (per real module, default 20),
 * --tier corpus|real|all (default all), --only TEXT[,TEXT] (real modules whose name contains one),
 * --mutation (run StrykerJS on each real module with our emitted suite),
 * --json FILE (write the figures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/results/io.js';
import { analyseFiles } from '../src/testgen/analyse.js';
import { armsByFunction, generate } from '../src/testgen/generate.js';
import { callArbitrary, sampleInputs } from '../src/testgen/inputs.js';
import { prepareModule } from '../src/testgen/instrument.js';
import { Sandbox, sandboxCall } from '../src/testgen/sandbox.js';
import { closeSolver, Z3Session } from '../src/testgen/solve.js';
import { type RealRow, realTable, realTargets, runRealTier } from './bench-testgen-real.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'testgen-corpus');

interface Entry {
  file: string;
  function: string;
  category: string;
  branches: number;
}

interface Row {
  category: string;
  functions: number;
  branches: number;
  ours: number;
  random: number;
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`;
}

/** Plain random testing: type-derived fast-check arbitraries, no solver, no literals, no guidance. */
async function randomBaseline(files: string[], budgetMs: number): Promise<Map<string, number>> {
  const { infos } = analyseFiles(files);
  const sandbox = new Sandbox(1000);
  const covered = new Map<string, number>();
  const count = infos.reduce((n, i) => n + i.functions.length, 0);
  const slice = budgetMs / count;
  let seed = 1;
  try {
    for (const info of infos) {
      const prepared = prepareModule(info.file, info.language, info.moduleKind);
      const arms = armsByFunction(info.sourceFile, info.functions, prepared.arms, prepared);
      for (const fn of info.functions) {
        const mine = new Set(arms.get(fn) ?? []);
        const hit = new Set<number>();
        const arb = callArbitrary(fn);
        const end = Date.now() + slice;
        while (Date.now() < end) {
          const inputs = sampleInputs(arb, 64, seed++);
          const execs = await sandbox.run(
            prepared,
            inputs.map((input) => sandboxCall(fn, input)),
            { fresh: false, perturb: 0, maxTimeouts: 2 },
          );
          for (const e of execs) {
            if (e.outcome.kind !== 'return' && e.outcome.kind !== 'throw') continue;
            for (const a of e.arms) if (mine.has(a)) hit.add(a);
          }
          if (hit.size === mine.size && mine.size > 0) break;
        }
        covered.set(`${path.basename(info.file)}:${fn.name}`, hit.size);
      }
    }
  } finally {
    await sandbox.close();
  }
  return covered;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      budget: { type: 'string' },
      'real-budget': { type: 'string' },
      tier: { type: 'string' },
      only: { type: 'string' },
      mutation: { type: 'boolean' },
      json: { type: 'string' },
    },
  });
  const budgetMs = Number(values.budget ?? 60) * 1000;
  const tier = values.tier ?? 'all';
  if (!['corpus', 'real', 'all'].includes(tier))
    throw new Error(`--tier must be corpus, real or all, not ${tier}`);
  const figures: Record<string, unknown> = {};
  if (tier !== 'real') figures.corpus = await corpusTier(budgetMs);
  if (tier !== 'corpus') {
    const realMs = Number(values['real-budget'] ?? 20) * 1000;
    const l0 = os.loadavg();
    process.stderr.write(
      `real-world tier: budget ${realMs / 1000} s per module, load average ${l0.map((l) => l.toFixed(2)).join(' ')}\n`,
    );
    const rows: RealRow[] = await runRealTier(
      ROOT,
      realMs,
      values.only,
      (m) => process.stderr.write(`${m}\n`),
      values.mutation ?? false,
    );
    const l1 = os.loadavg();
    process.stdout.write(
      `\nreal-world tier (c8 running the emitted tests; random: mixed-type values, same budget)\n\n`,
    );
    process.stdout.write(`${realTable(rows)}\n\n`);
    for (const t of realTargets(rows)) process.stdout.write(`target: ${t}\n`);
    process.stdout.write(
      `load average before ${l0[0]?.toFixed(2)}, after ${l1[0]?.toFixed(2)} on ${os.availableParallelism()} cores\n`,
    );
    figures.real = { budgetMs: realMs, load: { before: l0, after: l1 }, rows };
  }
  if (values.json) await writeFileAtomic(path.resolve(values.json), `${JSON.stringify(figures, null, 2)}\n`);
}

async function corpusTier(budgetMs: number): Promise<unknown> {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS, 'corpus.json'), 'utf8')) as {
    functions: Entry[];
  };
  const files = readdirSync(CORPUS)
    .filter((f) => /\.(ts|cjs|js)$/.test(f))
    .map((f) => path.join(CORPUS, f));
  const load0 = os.loadavg();
  process.stderr.write(
    `testgen bench: ${manifest.functions.length} functions, budget ${budgetMs / 1000} s, ${os.availableParallelism()} cores, load average ${load0.map((l) => l.toFixed(2)).join(' ')}\n`,
  );

  const t0 = Date.now();
  const gen = await generate({
    root: ROOT,
    files,
    out: path.join(ROOT, '.autoglm', 'bench-testgen'),
    framework: 'node',
    budgetMs,
    callTimeoutMs: 1000,
    runTests: true,
    useSolver: true,
    useSearch: true,
    openSolver: () => Z3Session.open(),
  });
  await closeSolver();
  const oursMs = Date.now() - t0;
  const ours = new Map(gen.functions.map((f) => [`${path.basename(f.file)}:${f.name}`, f]));

  const t1 = Date.now();
  const random = await randomBaseline(files, budgetMs);
  const randomMs = Date.now() - t1;
  const load1 = os.loadavg();

  const rows = new Map<string, Row>();
  const problems: string[] = [];
  for (const e of manifest.functions) {
    const key = `${e.file}:${e.function}`;
    const o = ours.get(key);
    if (!o) problems.push(`${key}: not analysed`);
    else if (o.branches.total !== e.branches)
      problems.push(`${key}: ${o.branches.total} branches, corpus.json says ${e.branches}`);
    const row = rows.get(e.category) ?? {
      category: e.category,
      functions: 0,
      branches: 0,
      ours: 0,
      random: 0,
    };
    row.functions++;
    row.branches += e.branches;
    row.ours += o?.branches.covered ?? 0;
    row.random += random.get(key) ?? 0;
    rows.set(e.category, row);
  }
  const all = [...rows.values()].sort((a, b) => a.category.localeCompare(b.category));
  const total: Row = all.reduce(
    (t, r) => ({
      category: 'total',
      functions: t.functions + r.functions,
      branches: t.branches + r.branches,
      ours: t.ours + r.ours,
      random: t.random + r.random,
    }),
    { category: 'total', functions: 0, branches: 0, ours: 0, random: 0 },
  );
  const lines = [
    '| category | functions | branches | autoglm testgen | fast-check random |',
    '| :--- | ---: | ---: | ---: | ---: |',
    ...[...all, total].map(
      (r) =>
        `| ${r.category === 'total' ? '**total**' : r.category} | ${r.functions} | ${r.branches} | ${pct(r.ours, r.branches)} (${r.ours}) | ${pct(r.random, r.branches)} (${r.random}) |`,
    ),
    `| time | | | ${(oursMs / 1000).toFixed(1)} s | ${(randomMs / 1000).toFixed(1)} s |`,
  ];
  const oursPct = (100 * total.ours) / total.branches;
  const randomPct = (100 * total.random) / total.branches;
  const tests = gen.functions.reduce((n, f) => n + f.tests, 0);
  const solver = gen.functions.reduce((n, f) => n + f.bySolver, 0);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  process.stdout.write(
    `autoglm testgen: ${tests} tests (${solver} from the solver, ${tests - solver} from search), ${gen.stats.solverChecks} solver checks in ${(gen.stats.solverMs / 1000).toFixed(1)} s, ${gen.stats.executions} sandboxed calls; coverage measured by running the emitted tests.\n`,
  );
  process.stdout.write(
    `ratio (ours / random branch coverage): ${(oursPct / randomPct).toFixed(2)}; load average before ${load0[0]?.toFixed(2)}, after ${load1[0]?.toFixed(2)} on ${os.availableParallelism()} cores\n`,
  );
  const met = oursPct >= 90 && oursMs <= budgetMs + 15_000 && oursPct > randomPct;
  process.stdout.write(
    `target (>= 90% branch coverage, budget ${budgetMs / 1000} s, above random): ${met ? 'met' : 'NOT met'}${oursMs > budgetMs ? ` (the run took ${((oursMs - budgetMs) / 1000).toFixed(1)} s past the budget, which covers analysis and search; the emitted tests' run and fixed start-up costs come on top)` : ''}\n`,
  );
  for (const p of problems) process.stdout.write(`corpus mismatch: ${p}\n`);
  return {
    budgetMs,
    oursMs,
    randomMs,
    load: { before: load0, after: load1 },
    rows: [...all, total],
    problems,
  };
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
