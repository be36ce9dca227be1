/**
 * The real-world tier of `npm run bench:testgen`: modules of small, popular npm packages (pinned
 * devDependencies, copied out of node_modules so they are ordinary project files), each given the
 * same budget for our generator and for an unguided random baseline (mixed-type values for every
 * argument). Both suites are emitted as test files and measured the same way: c8 running them with
 * `node --test`, module branch and statement coverage. Our suites are then rerun five times with
 * their tests shuffled.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '../src/testgen/generate.js';
import { closeSolver, Z3Session } from '../src/testgen/solve.js';

export interface RealModule {
  pkg: string;
  file: string;
  shape: string;
}

/** >= 15 modules from >= 8 packages: untyped CJS, Babel output, ESM, UMD, ES5 and ES2015 classes. */
export const REAL_MODULES: RealModule[] = [
  { pkg: 'is-number', file: 'index.js', shape: 'CJS, typeof' },
  { pkg: 'clamp', file: 'index.js', shape: 'CJS' },
  { pkg: 'ms', file: 'index.js', shape: 'CJS, helpers, regex' },
  { pkg: 'bytes', file: 'index.js', shape: 'CJS, exports.x' },
  { pkg: 'escape-html', file: 'index.js', shape: 'CJS, regex loop' },
  { pkg: 'kind-of', file: 'index.js', shape: 'CJS, typeof' },
  { pkg: 'validator', file: 'lib/isInt.js', shape: 'Babel' },
  { pkg: 'validator', file: 'lib/isHexColor.js', shape: 'Babel' },
  { pkg: 'validator', file: 'lib/isBoolean.js', shape: 'Babel' },
  { pkg: 'validator', file: 'lib/isPort.js', shape: 'Babel, project helper' },
  { pkg: 'is-plain-obj', file: 'index.js', shape: 'ESM' },
  { pkg: 'camelcase', file: 'index.js', shape: 'ESM, regex' },
  { pkg: 'classnames', file: 'index.js', shape: 'UMD' },
  { pkg: 'yallist', file: 'yallist.js', shape: 'ES5 class' },
  { pkg: 'eventemitter3', file: 'index.js', shape: 'ES5 class' },
  { pkg: 'semver', file: 'internal/identifiers.js', shape: 'CJS' },
  { pkg: 'semver', file: 'classes/semver.js', shape: 'class' },
];

export interface Measured {
  branches: { covered: number; total: number; pct: number };
  statements: { covered: number; total: number; pct: number };
  tests: number;
  failed: number;
  /** The whole module's branch arms as istanbul counts them (static, unlike c8's block ranges). */
  istanbul?: { covered: number; total: number };
}

export interface RealRow {
  module: string;
  shape: string;
  ours: Measured;
  random: Measured;
  /** Of five shuffled reruns of our suite, how many passed in full. */
  rerunsPassed: number;
  oursMs: number;
  randomMs: number;
  notes: string[];
  /** StrykerJS on the module with our emitted suite (with --mutation). */
  mutation?: MutationScore;
}

export interface MutationScore {
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  /** (killed + timeout) / all valid mutants, Stryker's mutation score. */
  score: number;
  /** (killed + timeout) / mutants the tests reach: oracle strength apart from reach. */
  covered: number;
}

/**
 * StrykerJS (command runner: `node --test` on the emitted file) over one module: how many of its
 * mutants the emitted tests kill.
 */
async function mutationScore(
  root: string,
  work: string,
  module: string,
  testFile: string,
): Promise<MutationScore | undefined> {
  const report = path.join(work, '.stryker-report.json');
  rmSync(report, { force: true });
  const config = path.join(work, 'stryker.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      testRunner: 'command',
      commandRunner: { command: `node --test ${JSON.stringify(path.relative(work, testFile))}` },
      mutate: [path.relative(work, module)],
      coverageAnalysis: 'off',
      reporters: ['json'],
      jsonReporter: { fileName: report },
      concurrency: 2,
      timeoutMS: 5000,
      tempDirName: '.stryker-tmp',
      cleanTempDir: true,
      ignorePatterns: ['__random__', '.c8', '.stryker-tmp'],
    }),
  );
  await run(
    process.execPath,
    [path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', config],
    work,
    900_000,
  );
  let doc: { files?: Record<string, { mutants: { status: string }[] }> };
  try {
    doc = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    return undefined;
  }
  const all = Object.values(doc.files ?? {}).flatMap((f) => f.mutants);
  const n = (st: string) => all.filter((m) => m.status === st).length;
  const m = {
    killed: n('Killed'),
    survived: n('Survived'),
    noCoverage: n('NoCoverage'),
    timeout: n('Timeout'),
  };
  const detected = m.killed + m.timeout;
  const valid = detected + m.survived + m.noCoverage;
  return {
    ...m,
    score: valid ? (100 * detected) / valid : 0,
    covered: detected + m.survived ? (100 * detected) / (detected + m.survived) : 0,
  };
}

interface Summary {
  [file: string]: Record<'branches' | 'statements', { total: number; covered: number; pct: number }>;
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 120_000,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** Shuffle the `describe` blocks of an emitted test file and the `it` blocks inside each. */
export function shuffleTests(content: string, seed: number): string {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const shuffle = <T>(a: T[]): T[] => {
    const out = a.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const lines = content.split('\n');
  const first = lines.findIndex((l) => l.startsWith('describe('));
  if (first < 0) return content;
  const head = lines.slice(0, first);
  const blocks: string[][] = [];
  let cur: string[] = [];
  for (const l of lines.slice(first)) {
    cur.push(l);
    if (l === '});') {
      blocks.push(cur);
      cur = [];
    }
  }
  const shuffled = shuffle(blocks).map((b) => {
    const open = b[0] as string;
    const its: string[][] = [];
    let it: string[] = [];
    for (const l of b.slice(1, -1)) {
      if (l === '') continue;
      it.push(l);
      if (l === '  });') {
        its.push(it);
        it = [];
      }
    }
    return ['', open, ...shuffle(its).flat(), '});'];
  });
  return `${[...head, ...shuffled.flat()].join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

const c8Bin = (root: string) => path.join(root, 'node_modules', 'c8', 'bin', 'c8.js');

/** Run one emitted test file under c8 and read the module's branch and statement coverage. */
async function measure(
  root: string,
  work: string,
  module: string,
  testFile: string | undefined,
): Promise<Measured> {
  const empty = (total: number) => ({ covered: 0, total, pct: 0 });
  if (!testFile || !existsSync(testFile))
    return { branches: empty(0), statements: empty(0), tests: 0, failed: 0 };
  const reports = path.join(work, '.c8', path.basename(testFile));
  rmSync(reports, { recursive: true, force: true });
  const r = await run(
    process.execPath,
    [
      c8Bin(root),
      '--reporter=json-summary',
      `--reports-dir=${reports}`,
      `--temp-directory=${reports}-tmp`,
      `--include=${path.relative(work, module)}`,
      '--exclude=__nothing__',
      process.execPath,
      '--test',
      testFile,
    ],
    work,
  );
  const tests = Number(/^# tests (\d+)/m.exec(r.out)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(r.out)?.[1] ?? 0);
  let summary: Summary = {};
  try {
    summary = JSON.parse(readFileSync(path.join(reports, 'coverage-summary.json'), 'utf8')) as Summary;
  } catch {
    // No coverage written (the file did not load).
  }
  const entry = summary[module];
  return {
    branches: entry ? { ...entry.branches } : empty(0),
    statements: entry ? { ...entry.statements } : empty(0),
    tests,
    failed,
  };
}

/** Generate with the given mode into `out`, write the test file, return it and the time taken. */
async function suite(
  work: string,
  module: string,
  out: string,
  budgetMs: number,
  mode: 'ours' | 'random',
  log: (m: string) => void,
): Promise<{
  testFile?: string;
  ms: number;
  notes: string[];
  istanbul?: { covered: number; total: number };
}> {
  rmSync(out, { recursive: true, force: true });
  const t0 = Date.now();
  const res = await generate({
    root: work,
    files: [module],
    out,
    framework: 'node',
    budgetMs,
    callTimeoutMs: 1000,
    runTests: true,
    useSolver: mode === 'ours',
    useSearch: true,
    searchMode: mode === 'ours' ? 'guided' : 'random',
    openSolver: () => Z3Session.open(),
    log: process.env.AUTOGLM_DEBUG ? log : undefined,
  });
  if (mode === 'ours') await closeSolver();
  const ms = Date.now() - t0;
  let testFile: string | undefined;
  for (const [file, content] of res.outputs) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    testFile = file;
  }
  const notes = res.files.flatMap((f) => (f.skipped ? [`skipped: ${f.skipped}`] : []));
  if (res.functions.length === 0) notes.push('no functions found');
  for (const f of res.functions) if (f.status === 'skipped') notes.push(`${f.name} skipped: ${f.reason}`);
  return { testFile, ms, notes, istanbul: res.files[0]?.module?.branches };
}

export async function runRealTier(
  root: string,
  budgetMs: number,
  only: string | undefined,
  log: (m: string) => void,
  mutation = false,
): Promise<RealRow[]> {
  const work = path.join(root, '.autoglm', 'bench-testgen-real');
  const rows: RealRow[] = [];
  for (const m of REAL_MODULES) {
    const name = `${m.pkg}/${m.file}`;
    if (only && !only.split(',').some((o) => name.includes(o))) continue;
    const pkgDir = path.join(work, m.pkg);
    if (!existsSync(pkgDir)) {
      cpSync(path.join(root, 'node_modules', m.pkg), pkgDir, {
        recursive: true,
        filter: (src) =>
          !src.includes(`${path.sep}node_modules${path.sep}`, path.join(root, 'node_modules').length),
      });
    }
    const module = path.join(pkgDir, m.file);
    const ours = await suite(pkgDir, module, path.join(pkgDir, '__ours__'), budgetMs, 'ours', log);
    const random = await suite(pkgDir, module, path.join(pkgDir, '__random__'), budgetMs, 'random', log);
    const oursM = { ...(await measure(root, pkgDir, module, ours.testFile)), istanbul: ours.istanbul };
    const randomM = { ...(await measure(root, pkgDir, module, random.testFile)), istanbul: random.istanbul };
    let rerunsPassed = 0;
    if (ours.testFile) {
      const content = readFileSync(ours.testFile, 'utf8');
      const shuffled = ours.testFile.replace(/\.test\.(c|m)?js$/, (x) => `.shuffled${x}`);
      for (let i = 1; i <= 5; i++) {
        writeFileSync(shuffled, shuffleTests(content, i * 7919));
        const r = await run(process.execPath, ['--test', shuffled], pkgDir);
        if (r.code === 0) rerunsPassed++;
      }
      rmSync(shuffled, { force: true });
    }
    const mut =
      mutation && ours.testFile ? await mutationScore(root, pkgDir, module, ours.testFile) : undefined;
    const row: RealRow = {
      ...(mut ? { mutation: mut } : {}),
      module: name,
      shape: m.shape,
      ours: oursM,
      random: randomM,
      rerunsPassed,
      oursMs: ours.ms,
      randomMs: random.ms,
      notes: [...new Set(ours.notes)].slice(0, 4),
    };
    log(
      `${name}: ours ${oursM.branches.pct}% c8, ${pct(oursM.istanbul ?? { covered: 0, total: 0 })} istanbul (${oursM.tests} tests, ${(ours.ms / 1000).toFixed(1)} s), random ${randomM.branches.pct}% c8, ${pct(randomM.istanbul ?? { covered: 0, total: 0 })} istanbul, reruns ${rerunsPassed}/5${mut ? `, mutation score ${mut.score.toFixed(1)}% (covered ${mut.covered.toFixed(1)}%)` : ''}${row.notes.length ? `; ${row.notes.join('; ')}` : ''}`,
    );
    rows.push(row);
  }
  return rows;
}

const pct = (m: { covered: number; total: number }) =>
  m.total === 0 ? '–' : `${((100 * m.covered) / m.total).toFixed(1)}%`;

const ratio = (m: { covered: number; total: number } | undefined) =>
  !m || m.total === 0 ? 0 : (100 * m.covered) / m.total;

export function realTable(rows: RealRow[]): string {
  const lines = [
    '| module | shape | ours: branches (istanbul) | c8 branches | c8 statements | random: branches (istanbul) | c8 branches | c8 statements | tests kept | reruns | time | mutation score (covered) |',
    '| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const cell = (m: Measured) =>
    `${pct(m.istanbul ?? { covered: 0, total: 0 })} (${m.istanbul?.covered ?? 0}/${m.istanbul?.total ?? 0}) | ${pct(m.branches)} | ${pct(m.statements)}`;
  for (const r of rows) {
    lines.push(
      `| ${r.module} | ${r.shape} | ${cell(r.ours)} | ${cell(r.random)} | ${r.ours.tests} | ${r.rerunsPassed}/5 | ${(r.oursMs / 1000).toFixed(1)} s | ${r.mutation ? `${r.mutation.score.toFixed(1)}% (${r.mutation.covered.toFixed(1)}%)` : '–'} |`,
    );
  }
  const mean = (f: (r: RealRow) => { covered: number; total: number } | undefined) =>
    rows.length === 0 ? 0 : rows.reduce((s, r) => s + ratio(f(r)), 0) / rows.length;
  const m = (f: (r: RealRow) => { covered: number; total: number } | undefined) => `${mean(f).toFixed(1)}%`;
  lines.push(
    `| **mean** | | **${m((r) => r.ours.istanbul)}** | ${m((r) => r.ours.branches)} | ${m((r) => r.ours.statements)} | ${m((r) => r.random.istanbul)} | ${m((r) => r.random.branches)} | ${m((r) => r.random.statements)} | ${rows.reduce((n, r) => n + r.ours.tests, 0)} | | ${(rows.reduce((n, r) => n + r.oursMs, 0) / 1000).toFixed(1)} s | ${mutationTotal(rows)} |`,
  );
  return lines.join('\n');
}

/** Mutation score over all mutants of all modules (killed + timeout over valid). */
function mutationTotals(rows: RealRow[]): { score: number; covered: number } | undefined {
  const ms = rows.flatMap((r) => (r.mutation ? [r.mutation] : []));
  if (ms.length === 0) return undefined;
  const sum = (f: (m: MutationScore) => number) => ms.reduce((n, m) => n + f(m), 0);
  const detected = sum((m) => m.killed + m.timeout);
  return {
    score: (100 * detected) / Math.max(1, detected + sum((m) => m.survived + m.noCoverage)),
    covered: (100 * detected) / Math.max(1, detected + sum((m) => m.survived)),
  };
}

function mutationTotal(rows: RealRow[]): string {
  const t = mutationTotals(rows);
  return t ? `**${t.score.toFixed(1)}%** (${t.covered.toFixed(1)}%)` : '–';
}

export function realTargets(rows: RealRow[]): string[] {
  const mean = rows.reduce((s, r) => s + ratio(r.ours.istanbul), 0) / Math.max(1, rows.length);
  const below = rows.filter((r) => ratio(r.ours.istanbul) < ratio(r.random.istanbul));
  const flaky = rows.filter((r) => r.ours.tests === 0 || r.rerunsPassed < 5 || r.ours.failed > 0);
  return [
    `mean module branch coverage (istanbul) >= 90%: ${mean >= 90 ? 'met' : 'NOT met'} (${mean.toFixed(1)}%)`,
    `no module below random: ${below.length === 0 ? 'met' : `NOT met (${below.map((r) => r.module).join(', ')})`}`,
    ...(mutationTotals(rows)
      ? [
          `mutation score >= 70%: ${(mutationTotals(rows)?.score ?? 0) >= 70 ? 'met' : 'NOT met'} (${mutationTotals(rows)?.score.toFixed(1)}% of all mutants, ${mutationTotals(rows)?.covered.toFixed(1)}% of those the tests reach)`,
        ]
      : []),
    `emitted tests pass on 5 shuffled reruns: ${flaky.length === 0 ? 'met' : `NOT met (${flaky.map((r) => r.module).join(', ')})`}`,
  ];
}
