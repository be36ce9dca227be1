import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../src/coverage/detect.js';
import { ingestReports } from '../src/coverage/ingest.js';
import { PathResolver, type RepoIndex, toPosixPath } from '../src/coverage/paths.js';
import { fileTotals, summarise } from '../src/coverage/summary.js';
import type { CoverageFile } from '../src/results/coverage.js';
import { ROOT, tempDir, usageErrorAsync } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');
const INDEX: RepoIndex = {
  root: PROJECT,
  files: new Set([
    'src/math.js',
    'src/strings.js',
    'src/unused.js',
    'test/math.test.js',
    'test/strings.test.js',
  ]),
  source: 'filesystem',
};

async function ingest(files: string[], extra: { exclude?: string[]; format?: 'lcov' } = {}) {
  const r = await ingestReports({ files, cwd: FIXTURES, index: INDEX, ...extra });
  return { ...r, ...summarise(r.map) };
}

const byPath = (files: CoverageFile[]) => Object.fromEntries(files.map((f) => [f.path, f]));
const pair = (c: { covered: number; total: number }) => `${c.covered}/${c.total}`;

// What c8 12.0.0's own text reporter printed for the full run (see fixtures README):
// math.js 69.44% lines (25/36), strings.js 86.66% (26/30), unused.js 0/7; functions 6/9, branches 23/28.
describe('ingestion of real reports (c8 on the sample project)', () => {
  for (const file of ['full/coverage-final.json', 'full/lcov.info', 'full/cobertura-coverage.xml']) {
    it(`${file}: the numbers c8 reported, on repo-relative paths`, async () => {
      const r = await ingest([file]);
      expect(r.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js', 'src/unused.js']);
      const f = byPath(r.files);
      expect(pair(f['src/math.js']?.lines as never)).toBe('25/36');
      expect(pair(f['src/strings.js']?.lines as never)).toBe('26/30');
      expect(pair(f['src/unused.js']?.lines as never)).toBe('0/7');
      expect(pair(r.totals.lines)).toBe('51/73');
      expect(pair(r.totals.statements)).toBe('51/73');
      expect(pair(r.totals.functions)).toBe('6/9');
      expect(pair(r.totals.branches)).toBe('23/28');
      expect(r.ignored).toEqual([]);
    });
  }

  it('the istanbul JSON gives what istanbul-lib-coverage itself computes', async () => {
    const raw = JSON.parse(readFileSync(path.join(FIXTURES, 'full', 'coverage-final.json'), 'utf8'));
    const reference = libCoverage.createCoverageMap(raw).getCoverageSummary();
    const r = await ingest(['full/coverage-final.json']);
    for (const k of ['lines', 'statements', 'functions', 'branches'] as const) {
      expect(r.totals[k]).toEqual({ covered: reference[k].covered, total: reference[k].total });
    }
  });

  it('per-file counters equal istanbul-lib-coverage toSummary() on every fixture', async () => {
    const reports = ['full/coverage-final.json', 'full/lcov.info', 'full/cobertura-coverage.xml', 'full/v8'];
    for (const r of [...reports, ...reports.map((x) => x.replace('full', 'shard-1'))]) {
      const { map } = await ingest([r]);
      for (const p of map.files()) {
        const fc = map.fileCoverageFor(p);
        const ref = fc.toSummary();
        const mine = fileTotals(fc);
        for (const k of ['lines', 'statements', 'functions', 'branches'] as const) {
          expect(mine[k], `${r} ${p} ${k}`).toEqual({ covered: ref[k].covered, total: ref[k].total });
        }
      }
    }
    // Two statements on one line, one run: the line is covered (istanbul takes the busiest).
    const fc = libCoverage.createFileCoverage({
      path: 'x.js',
      statementMap: {
        0: { start: { line: 1, column: 0 }, end: { line: 1, column: 5 } },
        1: { start: { line: 1, column: 6 }, end: { line: 1, column: 9 } },
        2: { start: { line: 2, column: 0 }, end: { line: 2, column: 5 } },
      },
      s: { 0: 0, 1: 2, 2: 0 },
      fnMap: {},
      f: {},
      branchMap: {},
      b: {},
    });
    expect(fileTotals(fc).lines).toEqual({ covered: 1, total: 2 });
    expect(fileTotals(fc).statements).toEqual({ covered: 1, total: 3 });
  });

  it('raw V8 (a NODE_V8_COVERAGE folder): per file as c8 converts it; test files and the launcher left out', async () => {
    const r = await ingest(['full/v8']);
    expect(r.inputs.map((i) => i.format)).toEqual(['v8', 'v8', 'v8']);
    const json = byPath((await ingest(['full/coverage-final.json'])).files);
    const v8 = byPath(r.files);
    // The file no test loaded is only in c8's --all report, never in raw V8 data.
    expect(Object.keys(v8)).toEqual(['src/math.js', 'src/strings.js']);
    for (const p of ['src/math.js', 'src/strings.js']) {
      expect(v8[p]?.lines).toEqual(json[p]?.lines);
      expect(v8[p]?.statements).toEqual(json[p]?.statements);
      expect(v8[p]?.functions).toEqual(json[p]?.functions);
    }
    expect(r.ignored.map((i) => `${i.path}:${i.reason}`).sort()).toEqual([
      'test/math.test.js:excluded',
      'test/strings.test.js:excluded',
    ]);
  });

  it('sharded runs merge to the single run (istanbul merge semantics)', async () => {
    const full = await ingest(['full/coverage-final.json']);
    const merged = await ingest(['shard-1/coverage-final.json', 'shard-2/coverage-final.json']);
    expect(merged.files.map((f) => [f.path, f.lines, f.statements, f.functions])).toEqual(
      full.files.map((f) => [f.path, f.lines, f.statements, f.functions]),
    );
    // Each shard alone covers less.
    const one = await ingest(['shard-1/coverage-final.json']);
    expect(one.totals.lines.covered).toBeLessThan(full.totals.lines.covered);
  });

  it('lcov and Cobertura shards merge too; c8 --all placeholders are replaced, not added', async () => {
    for (const name of ['lcov.info', 'cobertura-coverage.xml']) {
      const full = await ingest([`full/${name}`]);
      const merged = await ingest([`shard-1/${name}`, `shard-2/${name}`]);
      expect(merged.files.map((f) => [f.path, f.lines])).toEqual(full.files.map((f) => [f.path, f.lines]));
      expect(merged.totals.functions).toEqual(full.totals.functions);
    }
  });

  it('raw V8 shards merge to the single run for lines and functions', async () => {
    const full = byPath((await ingest(['full/v8'])).files);
    const merged = byPath((await ingest(['shard-1/v8', 'shard-2/v8'])).files);
    for (const p of ['src/math.js', 'src/strings.js']) {
      expect(merged[p]?.lines).toEqual(full[p]?.lines);
      expect(merged[p]?.functions).toEqual(full[p]?.functions);
    }
  });

  it('detects the format from the content, not the name', async () => {
    const dir = tempDir('autoglm-cov-');
    copyFileSync(path.join(FIXTURES, 'full', 'lcov.info'), path.join(dir, 'report.json'));
    copyFileSync(path.join(FIXTURES, 'full', 'cobertura-coverage.xml'), path.join(dir, 'report.txt'));
    const r = await ingestReports({
      files: [path.join(dir, 'report.json'), path.join(dir, 'report.txt')],
      cwd: dir,
      index: INDEX,
    });
    expect(r.inputs.map((i) => i.format)).toEqual(['lcov', 'cobertura']);
    expect(
      detectFormat(readFileSync(path.join(FIXTURES, 'full', 'v8', 'coverage-2.json'), 'utf8'), 'x'),
    ).toBe('v8');
    expect(detectFormat(readFileSync(path.join(FIXTURES, 'full', 'coverage-final.json'), 'utf8'), 'x')).toBe(
      'istanbul',
    );
  });

  it('one file in reports of two formats: lines exact, and a notice about the rest', async () => {
    const r = await ingest(['full/v8', 'full/cobertura-coverage.xml']);
    expect(r.totals.lines).toEqual({ covered: 51, total: 73 });
    expect(r.notices.join('\n')).toMatch(
      /2 files are in reports of different formats \(e\.g\. src\/math\.js: v8, cobertura\)/,
    );
  });

  it('globs and exclude', async () => {
    const r = await ingest(['full/*.info'], { exclude: ['src/unused.js'] });
    expect(r.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js']);
    expect(r.ignored).toEqual([{ path: 'src/unused.js', reason: 'excluded', input: 'full/lcov.info' }]);
  });
});

describe('path normalisation', () => {
  const index: RepoIndex = {
    root: '/repo',
    files: new Set(['src/a.ts', 'src/b.ts', 'packages/p/src/x.ts', 'src/x.ts', 'README.md']),
    source: 'filesystem',
  };

  it('turns URLs and Windows paths into POSIX paths', () => {
    expect(toPosixPath('file:///home/u/x%20y/a.ts')).toBe('/home/u/x y/a.ts');
    expect(toPosixPath('file:///C:/a/src/a.ts')).toBe('C:/a/src/a.ts');
    expect(toPosixPath('C:\\a\\src\\a.ts')).toBe('C:/a/src/a.ts');
  });

  it('maps any runner root onto the repository by voting on the longest suffix', () => {
    const spellings = [
      '/home/runner/work/x/x/src/a.ts',
      '/home/runner/work/x/x/src/b.ts',
      '/usr/lib/node/src/a.ts',
    ];
    const r = new PathResolver(index, 'coverage', spellings);
    expect(r.reportRoot).toBe('/home/runner/work/x/x/');
    expect(r.resolve(['/home/runner/work/x/x/src/a.ts'])).toEqual({ ok: true, path: 'src/a.ts' });
    // Same suffix under another root: not this repository's file.
    expect(r.resolve(['/usr/lib/node/src/a.ts'])).toEqual({ ok: false, reason: 'outside-repo' });
    expect(r.resolve(['/home/runner/work/x/x/dist/a.js'])).toEqual({ ok: false, reason: 'not-in-repo' });
    const win = new PathResolver(index, '', ['C:\\a\\src\\a.ts', 'C:\\a\\src\\b.ts']);
    expect(win.resolve(['C:\\a\\src\\b.ts'])).toEqual({ ok: true, path: 'src/b.ts' });
    const local = new PathResolver(index, '', ['/repo/src/a.ts']);
    expect(local.resolve(['/repo/src/a.ts'])).toEqual({ ok: true, path: 'src/a.ts' });
    expect(local.resolve(['/repo/node_modules/z/index.js'])).toEqual({ ok: false, reason: 'not-in-repo' });
  });

  it('resolves relative paths against the report folder first, then its parents', () => {
    const r = new PathResolver(index, 'packages/p/coverage', ['src/x.ts']);
    expect(r.resolve(['./src/x.ts'])).toEqual({ ok: true, path: 'packages/p/src/x.ts' });
    const atRoot = new PathResolver(index, 'coverage', []);
    expect(atRoot.resolve(['./src/x.ts'])).toEqual({ ok: true, path: 'src/x.ts' });
    expect(atRoot.resolve(['../../elsewhere/x.ts'])).toEqual({ ok: false, reason: 'outside-repo' });
    expect(atRoot.resolve(['src/missing.ts'])).toEqual({ ok: false, reason: 'not-in-repo' });
  });

  it('lists entries outside the repository as ignored, and merges two spellings of one file', async () => {
    const dir = tempDir('autoglm-cov-');
    const raw = JSON.parse(readFileSync(path.join(FIXTURES, 'full', 'coverage-final.json'), 'utf8'));
    const math = raw['/home/runner/work/sample/sample/src/math.js'];
    const doc = {
      ...raw,
      'src/math.js': { ...structuredClone(math), path: './src/math.js' },
      '/opt/tool/lib/helper.js': { ...structuredClone(math), path: '/opt/tool/lib/helper.js' },
    };
    writeFileSync(path.join(dir, 'coverage-final.json'), JSON.stringify(doc));
    const r = await ingestReports({ files: ['coverage-final.json'], cwd: dir, index: { ...INDEX } });
    const s = summarise(r.map);
    expect(s.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js', 'src/unused.js']);
    // Merged, not double counted: same statements, hits added.
    expect(byPath(s.files)['src/math.js']?.lines).toEqual({ covered: 25, total: 36 });
    expect(r.ignored).toEqual([
      { path: '/opt/tool/lib/helper.js', reason: 'outside-repo', input: 'coverage-final.json' },
    ]);
    expect(r.notices.join('\n')).toMatch(/are the same file src\/math\.js; merged/);
  });
});

describe('bad input', () => {
  const dir = tempDir('autoglm-cov-bad-');
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return name;
  };
  const read = (f: string) => readFileSync(path.join(FIXTURES, f), 'utf8');
  const fails = (files: string[]) => usageErrorAsync(() => ingestReports({ files, cwd: dir, index: INDEX }));

  it('truncated istanbul JSON names the file and the line', async () => {
    const text = read('full/coverage-final.json');
    const e = await fails([write('truncated.json', text.slice(0, Math.floor(text.length / 2)))]);
    expect(e.message).toMatch(/^truncated\.json:\d+(:\d+)?: truncated JSON/);
  });

  it('malformed JSON points at the line and column', async () => {
    const e = await fails([write('bad.json', '{\n  "a": {"statementMap": {},\n  oops\n}')]);
    expect(e.message).toMatch(/^bad\.json:3:3: malformed JSON/);
  });

  it('a JSON entry that is not file coverage', async () => {
    const e = await fails([write('wrong.json', '{"src/math.js": {"statementMap": {}, "s": {"0": 1}}}')]);
    expect(e.message).toMatch(/wrong\.json: entry "src\/math\.js": "fnMap" is missing/);
  });

  it('malformed lcov names the line', async () => {
    const lines = read('full/lcov.info').split('\n');
    lines[16] = 'DA:7,many';
    const e = await fails([write('bad.info', lines.join('\n'))]);
    expect(e.message).toBe('bad.info:17: expected DA:<line>,<hits>, got "DA:7,many"');
  });

  it('truncated lcov (a record without end_of_record)', async () => {
    const text = read('full/lcov.info');
    const e = await fails([write('cut.info', text.slice(0, text.indexOf('end_of_record')))]);
    expect(e.message).toMatch(/^cut\.info:\d+: truncated lcov: the record for src\/math\.js \(from line 2\)/);
  });

  it('truncated Cobertura XML names the line', async () => {
    const text = read('full/cobertura-coverage.xml');
    const e = await fails([write('cut.xml', text.slice(0, Math.floor(text.length / 2)))]);
    expect(e.message).toMatch(
      /^cut\.xml:\d+: truncated or malformed XML: the file ends with <coverage>, <packages>/,
    );
    const bad = await fails([write('bad.xml', text.replace('<lines>', '<lines'))]);
    expect(bad.message).toMatch(/^bad\.xml:\d+:\d+: malformed XML/);
  });

  it('empty reports', async () => {
    expect((await fails([write('empty.json', '{}')])).message).toBe(
      'empty.json: empty coverage report (no files in it)',
    );
    expect((await fails([write('blank.info', '\n')])).message).toMatch(/^blank\.info: empty file/);
    expect((await fails([write('none.info', 'TN:\n')])).message).toBe(
      'none.info: empty coverage report (no SF: records)',
    );
    expect(
      (
        await fails([
          write('empty.xml', '<?xml version="1.0"?><coverage line-rate="0"><packages/></coverage>'),
        ])
      ).message,
    ).toBe('empty.xml: empty coverage report (no <class> elements)');
  });

  it('a report of another project: the error says where paths are looked for', async () => {
    const foreign = read('full/lcov.info').replace(/SF:src\//g, 'SF:/elsewhere/other/lib/');
    const e = await fails([write('foreign.info', foreign)]);
    expect(e.message).toMatch(
      /no path of the report matches a file of the repository at .*sample-project \(e\.g\. "\/elsewhere\/other\/lib\/math\.js"/,
    );
    expect(e.hint).toMatch(/longest suffix/);
  });

  it('missing files and patterns that match nothing', async () => {
    expect((await fails(['nope.json'])).message).toMatch(/^nope\.json: no such coverage report/);
    expect((await fails(['nothing/*.info'])).message).toMatch(
      /^nothing\/\*\.info: the pattern matched no file/,
    );
  });

  it('a coverage summary is not a report', async () => {
    const e = await fails([write('coverage-summary.json', '{"total": {"lines": {"total": 1}}}')]);
    expect(e.message).toMatch(/coverage summary/);
  });

  it('duplicates: the same report twice is read once; a file in two records is merged with a notice', async () => {
    const lcov = read('full/lcov.info');
    const r = await ingestReports({
      files: [write('a.info', lcov), write('b.info', lcov)],
      cwd: dir,
      index: INDEX,
    });
    expect(r.notices).toContain('b.info is identical to a.info; counted once');
    const mathRecord = lcov.slice(0, lcov.indexOf('end_of_record') + 'end_of_record'.length);
    const twice = await ingestReports({
      files: [write('twice.info', `${lcov}\n${mathRecord}\n`)],
      cwd: dir,
      index: INDEX,
    });
    expect(twice.notices.join('\n')).toMatch(
      /twice\.info: src\/math\.js has several records \(lines 2 and \d+\); merged/,
    );
    expect(summarise(twice.map).totals.lines).toEqual({ covered: 51, total: 73 });
  });
});
