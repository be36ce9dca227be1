/**
 * Coverage benchmark: `autoglm coverage` on a big synthetic project, against istanbul-lib-coverage
 * doing only its own part (parse + merge) on the same report.
 *
 *   npm run bench:coverage [-- --files 10000 --statements 100 --changed 500 --rounds 3]
 *
 * Method
 * - Data (generated into a temp folder, seeded): a git repository of N source files
 *   (src/pNN/fNNNNN.js, ~S lines each) with two commits on `feature` over `main`: `changed` files
 *   get a modified line and 10 added lines. An istanbul coverage-final.json for HEAD (S statements,
 *   S/10 functions, S/10 two-way branches per file, ~80% of statements hit) whose paths carry a
 *   runner's root (/home/runner/work/big/big/...), so path normalisation does real work. A baseline
 *   results document made by running the same analysis on a report of the base commit: same hits
 *   per file (seeded by file), except ~1% of the files (indirect changes).
 * - Contenders, each in a fresh Node process (so peak RSS is its own), interleaved for R rounds:
 *   - ours: readCoverageBaseline + analyzeCoverage (read and parse the report, list the repo's
 *     files with git, normalise paths, istanbul merge, per-file summaries, compare with the
 *     baseline, git merge-base + diff, patch coverage with uncovered ranges);
 *   - reference: readFile + JSON.parse + istanbul-lib-coverage createCoverageMap().merge().
 *   Timed from before reading the first file to the result in memory; module loading is not timed.
 * - Printed: median wall time of each, their ratio, peak RSS (getrusage maxRSS) of each, and the
 *   load average of the machine (other work on it slows both).
 * - Target (from the issue): ours <= 3 s and <= 1 GiB RSS for 10,000 files of ~100 statements.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prng } from '../src/evals/dataset.js';

const SELF = fileURLToPath(import.meta.url);
const RUNNER_ROOT = '/home/runner/work/big/big';

const log = (msg: string): void => {
  process.stderr.write(`[bench-coverage] ${msg}\n`);
};

// ---------------------------------------------------------------------------------------------
// Workers: one contender per process
// ---------------------------------------------------------------------------------------------

async function worker(kind: string, dir: string): Promise<void> {
  const report = path.join(dir, 'coverage-final.json');
  const repo = path.join(dir, 'repo');
  let ms: number;
  let summary: string;
  const cpu0 = process.cpuUsage();
  if (kind === 'ours') {
    const { analyzeCoverage, readCoverageBaseline } = await import('../src/coverage/analyze.js');
    const t0 = performance.now();
    const baseline = await readCoverageBaseline(path.join(dir, 'baseline.json'), { cwd: repo });
    const a = await analyzeCoverage({ files: [report], cwd: repo, base: 'main', baseline, env: {} });
    ms = performance.now() - t0;
    const s = a.section;
    summary = `${s.files.length} files, lines ${s.totals.lines.covered}/${s.totals.lines.total}, patch ${s.patch?.lines.covered}/${s.patch?.lines.total} in ${s.patch?.files.length} files, ${s.comparison?.changed.length} changed + ${s.comparison?.indirect.length} indirect`;
  } else {
    const { readFile } = await import('node:fs/promises');
    const lib = (await import('istanbul-lib-coverage')).default;
    const t0 = performance.now();
    const data = JSON.parse(await readFile(report, 'utf8'));
    const map = lib.createCoverageMap({});
    map.merge(data);
    ms = performance.now() - t0;
    summary = `${map.files().length} files`;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssMiB, summary })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

const loc = (line: number, c0: number, c1: number) =>
  `{"start":{"line":${line},"column":${c0}},"end":{"line":${line},"column":${c1}}}`;

/** istanbul JSON for one file of `lines` statement lines (one statement per line). */
function fileCoverage(absPath: string, lines: number, rand: () => number, hitRate: number): string {
  const sm: string[] = [];
  const s: string[] = [];
  for (let i = 0; i < lines; i++) {
    sm.push(`"${i}":${loc(i + 1, 2, 20)}`);
    s.push(`"${i}":${rand() < hitRate ? 1 + Math.floor(rand() * 9) : 0}`);
  }
  const fm: string[] = [];
  const f: string[] = [];
  const bm: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < Math.floor(lines / 10); i++) {
    const line = i * 10 + 1;
    fm.push(`"${i}":{"name":"fn${i}","decl":${loc(line, 9, 14)},"loc":${loc(line, 0, 30)},"line":${line}}`);
    f.push(`"${i}":${rand() < hitRate ? 1 : 0}`);
    bm.push(
      `"${i}":{"loc":${loc(line + 2, 2, 30)},"type":"if","locations":[${loc(line + 2, 2, 30)},${loc(line + 2, 2, 30)}],"line":${line + 2}}`,
    );
    b.push(`"${i}":[${rand() < hitRate ? 1 : 0},${rand() < hitRate * 0.7 ? 1 : 0}]`);
  }
  return `${JSON.stringify(absPath)}:{"path":${JSON.stringify(absPath)},"statementMap":{${sm.join(',')}},"fnMap":{${fm.join(',')}},"branchMap":{${bm.join(',')}},"s":{${s.join(',')}},"f":{${f.join(',')}},"b":{${b.join(',')}}}`;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
}

async function makeData(dir: string, n: number, statements: number, changed: number): Promise<string> {
  const repo = path.join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  const rel = (i: number) => `src/p${String(i % 100).padStart(2, '0')}/f${String(i).padStart(5, '0')}.js`;
  const source = (i: number, extra: boolean) => {
    const out: string[] = [];
    for (let l = 1; l <= statements; l++) out.push(`  const v${l} = ${l === 5 && extra ? 'changed' : i};`);
    if (extra) for (let l = 1; l <= 10; l++) out.push(`  const added${l} = ${l};`);
    return `${out.join('\n')}\n`;
  };
  const isChanged = (i: number) => i % Math.max(1, Math.floor(n / changed)) === 0;
  log(`writing ${n} source files and the base commit`);
  for (let i = 0; i < n; i++) {
    const file = path.join(repo, rel(i));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, source(i, false));
  }
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  let changedCount = 0;
  for (let i = 0; i < n; i++) {
    if (!isChanged(i)) continue;
    writeFileSync(path.join(repo, rel(i)), source(i, true));
    changedCount++;
  }
  git(repo, 'commit', '-q', '-am', 'change');
  log(`${changedCount} files changed on feature`);

  // Hits are seeded per file: the baseline matches HEAD except in changed files and in ~1% of the
  // others (indirect changes: other hits for the same code).
  const report = (head: boolean, hitRate: number) => {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const lines = head && isChanged(i) ? statements + 10 : statements;
      const seed = !head && i % 97 === 3 ? i + 1_000_000 : i;
      parts.push(fileCoverage(`${RUNNER_ROOT}/${rel(i)}`, lines, prng(seed), hitRate));
    }
    return `{${parts.join(',')}}`;
  };
  log('writing the current report (HEAD) and the baseline report (base commit)');
  const current = report(true, 0.8);
  writeFileSync(path.join(dir, 'coverage-final.json'), current);
  writeFileSync(path.join(dir, 'baseline-report.json'), report(false, 0.8));
  // The baseline as baselines store it: a results document made by the same analysis (untimed).
  const { analyzeCoverage } = await import('../src/coverage/analyze.js');
  const base = await analyzeCoverage({ files: [path.join(dir, 'baseline-report.json')], cwd: repo, env: {} });
  writeFileSync(
    path.join(dir, 'baseline.json'),
    JSON.stringify({ schemaVersion: 1, coverage: base.section }),
  );
  return `${(Buffer.byteLength(current) / 1024 / 1024).toFixed(1)} MiB`;
}

// ---------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------

interface Sample {
  ms: number;
  /** CPU time of the process in the timed region (all its threads; git child processes excluded). */
  cpuMs: number;
  maxRssMiB: number;
  summary: string;
}

function runWorker(kind: string, dir: string): Sample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--worker', kind, '--dir', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${kind} worker failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Sample;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function drive(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '10000' },
      statements: { type: 'string', default: '100' },
      changed: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.files);
  const statements = Number(values.statements);
  const rounds = Number(values.rounds);
  const dir = mkdtempSync(path.join(tmpdir(), 'autoglm-bench-cov-'));
  try {
    const t0 = performance.now();
    const size = await makeData(dir, n, statements, Number(values.changed));
    log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (report ${size}) in ${dir}`);
    const ours: Sample[] = [];
    const ref: Sample[] = [];
    const loadBefore = loadavg();
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours'];
      for (const kind of order) {
        const s = runWorker(kind, dir);
        (kind === 'ours' ? ours : ref).push(s);
        log(
          `round ${r + 1}/${rounds} ${kind}: ${(s.ms / 1000).toFixed(2)} s wall, ${(s.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${s.maxRssMiB.toFixed(0)} MiB`,
        );
      }
    }
    const loadAfter = loadavg();
    const oursMs = median(ours.map((s) => s.ms));
    const refMs = median(ref.map((s) => s.ms));
    const oursCpu = median(ours.map((s) => s.cpuMs));
    const refCpu = median(ref.map((s) => s.cpuMs));
    const oursRss = Math.max(...ours.map((s) => s.maxRssMiB));
    const refRss = Math.max(...ref.map((s) => s.maxRssMiB));
    const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    const lines = [
      `Coverage benchmark: ${n} files x ~${statements} statements (report ${size}), ${rounds} rounds, median`,
      `  ours (parse, normalise, merge, summarise, compare, git diff, patch): ${(oursMs / 1000).toFixed(2)} s wall, ${(oursCpu / 1000).toFixed(2)} s CPU, peak RSS ${oursRss.toFixed(0)} MiB`,
      `    ${ours[0]?.summary}`,
      `  reference (JSON.parse + istanbul-lib-coverage merge only):        ${(refMs / 1000).toFixed(2)} s wall, ${(refCpu / 1000).toFixed(2)} s CPU, peak RSS ${refRss.toFixed(0)} MiB`,
      `  ratio ours / reference: ${(oursMs / refMs).toFixed(2)}x wall, ${(oursCpu / refCpu).toFixed(2)}x CPU, ${(oursRss / refRss).toFixed(2)}x peak RSS`,
      `  target <= 3 s and <= 1024 MiB: wall ${oursMs <= 3000 ? 'met' : 'NOT met'}, CPU ${oursCpu <= 3000 ? 'met' : 'NOT met'}, memory ${oursRss <= 1024 ? 'met' : 'NOT met'}`,
      `  machine: ${cpus()[0]?.model.trim()} x ${availableParallelism()}, Node ${process.version}; load average (1/5/15 min) ${fmtLoad(loadBefore)} before, ${fmtLoad(loadAfter)} after`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--worker') {
  await worker(argv[1] as string, argv[3] as string);
} else {
  await drive();
}
