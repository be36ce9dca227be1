import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestReports } from '../src/coverage/ingest.js';
import type { RepoIndex } from '../src/coverage/paths.js';
import { summarise } from '../src/coverage/summary.js';
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
const read = (f: string) => readFileSync(path.join(FIXTURES, f), 'utf8');
/** An lcov record of one file with `lines` lines, the first `covered` of them run. */
const lcov = (file: string, lines: number, covered: number) =>
  [
    `SF:${file}`,
    ...Array.from({ length: lines }, (_, i) => `DA:${i + 1},${i < covered ? 1 : 0}`),
    'end_of_record',
    '',
  ].join('\n');

function folder(files: Record<string, string>): string {
  const dir = tempDir('autoglm-cov-in-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('report files: paths, globs and folders', () => {
  it('a folder is read for its .json, .info, .lcov and .xml files, in name order; a file given twice is read once', async () => {
    const dir = folder({
      'reports/b.lcov': lcov('src/strings.js', 4, 1),
      'reports/a.info': lcov('src/math.js', 4, 3),
      'reports/notes.txt': 'not a report',
      'reports/a.info.orig': 'not a report either',
      'reports/c.XML': read('shard-1/cobertura-coverage.xml'),
    });
    const r = await ingestReports({ files: ['reports', 'reports/a.info'], cwd: dir, index: INDEX });
    expect(r.inputs).toEqual([
      { file: 'reports/a.info', format: 'lcov', entries: 1 },
      { file: 'reports/b.lcov', format: 'lcov', entries: 1 },
      { file: 'reports/c.XML', format: 'cobertura', entries: 3 },
    ]);
    expect(r.notices).toContain('reports/a.info: reports/a.info is given more than once; read once');
  });

  it('glob matches in name order', async () => {
    const dir = folder({
      'z/2.info': lcov('src/math.js', 2, 1),
      'z/1.info': lcov('src/strings.js', 2, 2),
      'z/.0.info': lcov('src/unused.js', 2, 0),
      'z/dir.info/x': '',
    });
    const r = await ingestReports({ files: ['z/*.info'], cwd: dir, index: INDEX });
    // Dotfiles match; folders do not.
    expect(r.inputs.map((i) => i.file)).toEqual(['z/.0.info', 'z/1.info', 'z/2.info']);
  });

  it('a folder with no report in it', async () => {
    const dir = folder({ 'empty/readme.txt': 'x' });
    const e = await usageErrorAsync(() => ingestReports({ files: ['empty'], cwd: dir, index: INDEX }));
    expect(e.message).toBe('empty: the folder holds no .json, .info, .lcov or .xml report');
  });

  it('the format can be forced instead of detected', async () => {
    // Detection reads the first 4 KiB only: here, blank lines.
    const dir = folder({ 'odd.json': `${'\n'.repeat(5000)}${lcov('src/math.js', 3, 1)}` });
    const forced = await ingestReports({ files: ['odd.json'], cwd: dir, index: INDEX, format: 'lcov' });
    expect(forced.inputs).toEqual([{ file: 'odd.json', format: 'lcov', entries: 1 }]);
    const e = await usageErrorAsync(() =>
      ingestReports({ files: ['odd.json'], cwd: dir, index: INDEX, format: 'auto' }),
    );
    expect(e.message).toBe('odd.json: empty file: expected a coverage report');
  });
});

describe('reading and mapping', () => {
  it('a report that cannot be read names the reason', async () => {
    const dir = tempDir('autoglm-cov-sock-');
    const sock = path.join(dir, 'r.info');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const e = await usageErrorAsync(() => ingestReports({ files: ['r.info'], cwd: dir, index: INDEX }));
      expect(e.message).toMatch(/^r\.info: cannot read the coverage report \(E[A-Z]+\)$/);
    } finally {
      server.close();
    }
  });

  it('relative paths are looked up from the report folder upwards (a package of a monorepo)', async () => {
    const dir = folder({ 'packages/p/coverage/lcov.info': lcov('src/x.js', 2, 1) });
    const index: RepoIndex = {
      root: dir,
      files: new Set(['packages/p/src/x.js', 'src/x.js']),
      source: 'filesystem',
    };
    const r = await ingestReports({ files: ['packages/p/coverage/lcov.info'], cwd: dir, index });
    expect(r.map.files()).toEqual(['packages/p/src/x.js']);
  });

  it('a Cobertura <source> of another machine: its root is voted from the source-prefixed spellings', async () => {
    const xml = `<coverage line-rate="1"><sources><source>/ci/work/pkg</source></sources><packages><package><classes><class name="a" filename="a.py"><lines><line number="1" hits="1"/></lines></class></classes></package></packages></coverage>`;
    const dir = folder({ 'c.xml': xml });
    const index: RepoIndex = { root: dir, files: new Set(['pkg/a.py']), source: 'filesystem' };
    const r = await ingestReports({ files: ['c.xml'], cwd: dir, index });
    expect(r.map.files()).toEqual(['pkg/a.py']);
    expect(r.notices).toEqual([`report paths rooted at /ci/work/ were mapped onto ${dir}`]);
  });

  it('two spellings of one file in a report: merged, with a notice naming both', async () => {
    const raw = JSON.parse(read('full/coverage-final.json'));
    const math = raw['/home/runner/work/sample/sample/src/math.js'];
    const dir = folder({
      'c.json': JSON.stringify({
        ...raw,
        './src/math.js': { ...structuredClone(math), path: './src/math.js' },
      }),
    });
    const r = await ingestReports({ files: ['c.json'], cwd: dir, index: INDEX });
    expect(r.notices).toEqual([
      'c.json: "/home/runner/work/sample/sample/src/math.js" and "./src/math.js" are the same file src/math.js; merged',
      `report paths rooted at /home/runner/work/sample/sample/ were mapped onto ${PROJECT}`,
    ]);
  });

  it('raw V8 next to another format: the files of both count (entries: every file: URL of the V8 report)', async () => {
    const dir = folder({
      'two.info': lcov('src/math.js', 2, 1) + lcov('src/strings.js', 2, 1),
      'v8/coverage-2.json': read('full/v8/coverage-2.json'),
    });
    const r = await ingestReports({ files: ['two.info', 'v8/coverage-2.json'], cwd: dir, index: INDEX });
    expect(r.inputs).toEqual([
      { file: 'two.info', format: 'lcov', entries: 2 },
      { file: 'v8/coverage-2.json', format: 'v8', entries: 2 },
    ]);
    expect(r.map.files().sort()).toEqual(['src/math.js', 'src/strings.js']);
    const folderOfV8 = await ingestReports({ files: ['full/v8'], cwd: FIXTURES, index: INDEX });
    expect(folderOfV8.inputs.map((i) => i.entries)).toEqual([0, 2, 3]);
  });
});

describe('identical reports', () => {
  it('only a report identical to an earlier one is dropped; one of the same size with other numbers counts', async () => {
    const a = lcov('src/math.js', 4, 1);
    const b = lcov('src/math.js', 4, 2);
    const c = lcov('src/math.js', 4, 3);
    expect(new Set([a.length, b.length, c.length]).size).toBe(1);
    const dir = folder({ 'a.info': a, 'b.info': b, 'c.info': c, 'd.info': b, 'e.info': a });
    const r = await ingestReports({
      files: ['a.info', 'b.info', 'c.info', 'd.info', 'e.info'],
      cwd: dir,
      index: INDEX,
    });
    expect(r.notices).toEqual([
      'd.info is identical to b.info; counted once',
      'e.info is identical to a.info; counted once',
    ]);
    expect(r.inputs.map((i) => i.file)).toEqual(['a.info', 'b.info', 'c.info']);
    // Hits added over a, b and c: line 1 ran 3 times, line 4 never.
    expect(r.map.fileCoverageFor('src/math.js').getLineCoverage()).toEqual({ 1: 3, 2: 2, 3: 1, 4: 0 });
  });
});

describe('notices and errors about the whole set of reports', () => {
  it('paths of another machine: a notice names the root they had', async () => {
    const r = await ingestReports({ files: ['full/coverage-final.json'], cwd: FIXTURES, index: INDEX });
    expect(r.notices).toEqual([
      `report paths rooted at /home/runner/work/sample/sample/ were mapped onto ${PROJECT}`,
    ]);
    const local = folder({ 'l.info': lcov('src/math.js', 2, 1) });
    expect((await ingestReports({ files: ['l.info'], cwd: local, index: INDEX })).notices).toEqual([]);
  });

  it('reports of two machines: both roots named; raw V8 of this checkout: no notice', async () => {
    const dir = folder({ 'other.info': lcov('/ci/other/src/strings.js', 2, 1) });
    const r = await ingestReports({
      files: [path.join(FIXTURES, 'full', 'coverage-final.json'), 'other.info'],
      cwd: dir,
      index: INDEX,
    });
    expect(r.notices).toContain(
      `report paths rooted at /home/runner/work/sample/sample/, /ci/other/ were mapped onto ${PROJECT}`,
    );
    const local = folder({
      'v8.json': read('full/v8/coverage-2.json').replaceAll(
        'file:///home/runner/work/sample/sample/',
        `file://${PROJECT}/`,
      ),
    });
    const v8 = await ingestReports({ files: ['v8.json'], cwd: local, index: INDEX });
    expect(v8.map.files()).toEqual(['src/math.js']);
    expect(v8.notices).toEqual([]);
  });

  it('raw V8 from another machine: the same notice, and each file counted once', async () => {
    const r = await ingestReports({ files: ['full/v8/coverage-3.json'], cwd: FIXTURES, index: INDEX });
    expect(r.notices).toEqual([
      `report paths rooted at /home/runner/work/sample/sample/ were mapped onto ${PROJECT}`,
    ]);
    expect(r.inputs).toEqual([{ file: 'full/v8/coverage-3.json', format: 'v8', entries: 3 }]);
    expect(r.map.files().sort()).toEqual(['src/math.js', 'src/strings.js']);
  });

  it('raw V8 with an exclude list: the list replaces the default one (test files then count)', async () => {
    const r = await ingestReports({
      files: ['full/v8/coverage-3.json'],
      cwd: FIXTURES,
      index: INDEX,
      exclude: ['src/math.js'],
    });
    expect(r.map.files().sort()).toEqual(['src/strings.js', 'test/strings.test.js']);
    expect(r.ignored).toEqual([
      { path: 'src/math.js', reason: 'excluded', input: 'full/v8/coverage-3.json' },
    ]);
  });

  it('one file in two formats: the notice in the singular', async () => {
    const dir = folder({
      'a.info': lcov('src/math.js', 2, 1),
      'b.xml': read('shard-1/cobertura-coverage.xml'),
    });
    const r = await ingestReports({
      files: ['a.info', 'b.xml'],
      cwd: dir,
      index: INDEX,
      exclude: ['src/strings.js'],
    });
    expect(r.notices.find((n) => n.includes('formats'))).toBe(
      '1 file is in reports of different formats (e.g. src/math.js: lcov, cobertura): lines merge exactly, but statements, functions and branches are located differently by each format and may be counted twice; give one format per file for exact totals',
    );
  });

  it('a report with no file of any project', async () => {
    const e = await usageErrorAsync(() =>
      ingestReports({ files: ['full/v8/coverage-1.json'], cwd: FIXTURES, index: INDEX }),
    );
    expect(e.message).toBe(
      'full/v8/coverage-1.json: empty coverage report: no source file of the project in it',
    );
    expect(e.hint).toBe('check that the tests ran with coverage on and wrote their report before this step');
    // Several reports: each is named as read (not as the pattern that found it).
    const empty = read('full/v8/coverage-1.json');
    const dir = folder({ 'v8/a.json': empty, 'v8/b.json': `${empty}\n` });
    const two = await usageErrorAsync(() => ingestReports({ files: ['v8/*.json'], cwd: dir, index: INDEX }));
    expect(two.message).toBe(
      'v8/a.json, v8/b.json: empty coverage report: no source file of the project in it',
    );
  });

  it('every file excluded', async () => {
    const e = await usageErrorAsync(() =>
      ingestReports({ files: ['full/lcov.info'], cwd: FIXTURES, index: INDEX, exclude: ['src/**'] }),
    );
    expect(e.message).toBe('full/lcov.info: every file of the report is excluded by the exclude globs');
    expect(e.hint).toBe('loosen coverage.exclude / --exclude');
    const two = await usageErrorAsync(() =>
      ingestReports({
        files: ['full/lcov.info', 'full/cobertura-coverage.xml'],
        cwd: FIXTURES,
        index: INDEX,
        exclude: ['src/**'],
      }),
    );
    expect(two.message).toBe(
      'full/lcov.info, full/cobertura-coverage.xml: every file of the report is excluded by the exclude globs',
    );
  });

  it('no path matches the repository: three examples, excluded files not among them', async () => {
    const dir = folder({
      'r.info': lcov('src/math.js', 1, 1) + ['/x/a.js', '/x/b.js'].map((f) => lcov(f, 1, 1)).join(''),
      's.info': ['/x/c.js', '/x/d.js'].map((f) => lcov(f, 1, 1)).join(''),
    });
    const e = await usageErrorAsync(() =>
      ingestReports({ files: ['r.info', 's.info'], cwd: dir, index: INDEX, exclude: ['src/math.js'] }),
    );
    expect(e.message).toBe(
      `r.info, s.info: no path of the report matches a file of the repository at ${PROJECT} (e.g. "/x/a.js", "/x/b.js", "/x/c.js")`,
    );
    expect(e.hint).toMatch(/^paths are matched against the repository root .*or pass --root$/);
  });

  it('hits of every report are summed per file', async () => {
    const dir = folder({ 'a.info': lcov('src/math.js', 4, 1), 'b.info': lcov('src/math.js', 4, 3) });
    const r = await ingestReports({ files: ['a.info', 'b.info'], cwd: dir, index: INDEX });
    expect(summarise(r.map).totals.lines).toEqual({ covered: 3, total: 4 });
  });
});
