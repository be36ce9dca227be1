/**
 * Regenerate the coverage fixtures in test/fixtures/coverage/ by running the sample project's
 * tests under c8 (real V8 coverage, reported through istanbul-reports):
 *
 *   npx tsx scripts/make-coverage-fixtures.ts
 *
 * Three runs: `full` (both test files), `shard-1` (math tests) and `shard-2` (string tests), as a
 * sharded CI would split them. Each keeps c8's coverage-final.json (istanbul JSON), lcov.info,
 * cobertura-coverage.xml and the raw V8 files (NODE_V8_COVERAGE output). Two edits, both for
 * reproducibility, are applied to what the tools wrote:
 * - the absolute path of the sample project is replaced by `/home/runner/work/sample/sample`
 *   (a GitHub runner's checkout path), so the fixtures do not depend on where they were made and
 *   exercise path normalisation;
 * - timestamps are set to 0, raw V8 files are renamed by run order (their names carry pid and
 *   time), and their `node:` internal scripts (Node's own modules, ~270 KB per process) are dropped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');
const RUNNER_ROOT = '/home/runner/work/sample/sample';
const C8 = path.join(ROOT, 'node_modules', 'c8', 'bin', 'c8.js');

const RUNS: Record<string, string[]> = {
  full: ['test/math.test.js', 'test/strings.test.js'],
  'shard-1': ['test/math.test.js'],
  'shard-2': ['test/strings.test.js'],
};

function rewriteRoot(text: string): string {
  const url = pathToFileURL(PROJECT).href;
  return text.split(url).join(`file://${RUNNER_ROOT}`).split(PROJECT).join(RUNNER_ROOT);
}

for (const [run, tests] of Object.entries(RUNS)) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'autoglm-c8-'));
  const args = [
    C8,
    '--all',
    '--src',
    'src',
    '--temp-directory',
    path.join(tmp, 'v8'),
    '--reports-dir',
    path.join(tmp, 'out'),
    '--reporter=json',
    '--reporter=lcov',
    '--reporter=cobertura',
    process.execPath,
    '--test',
    ...tests,
  ];
  const r = spawnSync(process.execPath, args, { cwd: PROJECT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`c8 run ${run} failed with exit code ${r.status}`);
  }
  const out = path.join(FIXTURES, run);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'v8'), { recursive: true });
  const json = readFileSync(path.join(tmp, 'out', 'coverage-final.json'), 'utf8');
  writeFileSync(path.join(out, 'coverage-final.json'), rewriteRoot(json));
  writeFileSync(
    path.join(out, 'lcov.info'),
    rewriteRoot(readFileSync(path.join(tmp, 'out', 'lcov.info'), 'utf8')),
  );
  const xml = readFileSync(path.join(tmp, 'out', 'cobertura-coverage.xml'), 'utf8');
  writeFileSync(
    path.join(out, 'cobertura-coverage.xml'),
    rewriteRoot(xml).replace(/timestamp="\d+"/, 'timestamp="0"'),
  );
  const raw = readdirSync(path.join(tmp, 'v8'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(tmp, 'v8', f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
  raw.forEach((file, i) => {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { result: { url: string }[]; timestamp?: number };
    data.result = data.result.filter((s) => !s.url.startsWith('node:'));
    data.timestamp = 0;
    writeFileSync(path.join(out, 'v8', `coverage-${i + 1}.json`), `${rewriteRoot(JSON.stringify(data))}\n`);
  });
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(
    `${run}: ${tests.join(', ')} -> ${path.relative(ROOT, out)} (${raw.length} raw V8 files)\n`,
  );
}
