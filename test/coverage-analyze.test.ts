import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import {
  analyzeCoverage,
  baselineFromResults,
  coberturaInput,
  coverageOptionsFromConfig,
  IGNORED_LISTED,
  readCoverageBaseline,
} from '../src/coverage/analyze.js';
import type { RepoIndex } from '../src/coverage/paths.js';
import { ROOT, gitSh as sh, tempDir, usageErrorAsync } from './helpers.js';

/**
 * analyzeCoverage and the baseline readers (src/coverage/analyze.ts) through their exported
 * functions: which options reach the ingestion, the notices, and the baseline's errors word for word.
 */
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');
const LCOV = path.join(FIXTURES, 'full', 'lcov.info');
const INDEX: RepoIndex = {
  root: PROJECT,
  files: new Set(['src/math.js', 'src/strings.js', 'src/unused.js']),
  source: 'filesystem',
};
const analyze = (extra: Partial<Parameters<typeof analyzeCoverage>[0]> = {}) =>
  analyzeCoverage({ files: [LCOV], cwd: PROJECT, index: INDEX, env: {}, ...extra });

function write(name: string, text: string): string {
  const file = path.join(tempDir('autoglm-analyze-'), name);
  writeFileSync(file, text);
  return file;
}

describe('analyzeCoverage: options and notices', () => {
  it('a forced format is used instead of detection; exclude reaches the ingestion', async () => {
    const e = await usageErrorAsync(() => analyze({ format: 'istanbul' }));
    expect(e.message).toMatch(/^\.\.\/full\/lcov\.info: malformed JSON \(Unexpected token 'T'/);
    const a = await analyze({ exclude: ['src/unused.js'] });
    expect(a.section.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js']);
  });

  it("the ingestion's notices come first, then the patch coverage one", async () => {
    const a = await analyze({ files: [LCOV, write('copy.info', readFileSync(LCOV, 'utf8'))] });
    expect(a.section.notices[0]).toMatch(/copy\.info is identical to .*lcov\.info; counted once/);
    expect(a.section.notices.at(-1)).toBe(
      'no base commit (pass --base REF or set coverage.base): patch coverage skipped',
    );
  });

  it('a base that git would read as an option is refused before any report is read', async () => {
    const e = await usageErrorAsync(() => analyze({ files: ['missing.info'], base: '-x' }));
    expect(e.message).toBe('--base "-x": expected a git ref or commit');
  });

  it('with a baseline and no diff: moved files are direct changes, with a notice that they may not be', async () => {
    const a = await analyze();
    const moved = {
      ...a.section,
      files: a.section.files.map((f) => ({ ...f, lines: { covered: 0, total: 1 } })),
    };
    const b = await analyze({ baseline: { source: 'b.json', totals: a.section.totals, files: moved.files } });
    expect(b.section.comparison?.changed.map((c) => c.path)).toEqual([
      'src/math.js',
      'src/strings.js',
      'src/unused.js',
    ]);
    expect(b.section.comparison?.gateIndirect).toBe(false);
    expect(b.section.notices).toContain(
      'without a diff against the base, direct and indirect coverage changes cannot be told apart',
    );
    // Nothing moved: no such notice; gate_indirect is passed on.
    const same = await analyze({ baseline: { source: 'b.json', ...a.section }, gateIndirect: true });
    expect(same.section.comparison?.changed).toEqual([]);
    expect(same.section.comparison?.gateIndirect).toBe(true);
    expect(same.section.notices).toEqual([
      'no base commit (pass --base REF or set coverage.base): patch coverage skipped',
    ]);
  });

  it(`ignored entries are all counted, the first ${IGNORED_LISTED} listed`, async () => {
    const records = Array.from(
      { length: IGNORED_LISTED + 1 },
      (_, i) => `SF:/elsewhere/f${i}.js\nDA:1,1\nend_of_record\n`,
    );
    const report = write('many.info', `${readFileSync(LCOV, 'utf8')}\n${records.join('')}`);
    const a = await analyze({ files: [report] });
    expect(a.section.ignored.count).toBe(IGNORED_LISTED + 1);
    expect(a.section.ignored.files).toHaveLength(IGNORED_LISTED);
    expect(a.section.ignored.files[0]?.path).toBe('/elsewhere/f0.js');
  });
});

describe('analyzeCoverage: changed files from the diff', () => {
  it('a file whose change only removed lines is not a changed file: its coverage change is indirect', async () => {
    const dir = tempDir('autoglm-analyze-git-');
    cpSync(PROJECT, dir, { recursive: true });
    const unused = readFileSync(path.join(dir, 'src', 'unused.js'), 'utf8');
    writeFileSync(path.join(dir, 'src', 'unused.js'), `${unused}// removed later\n`);
    sh(dir, 'init', '-q', '-b', 'main');
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-q', '-m', 'base');
    sh(dir, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(dir, 'src', 'unused.js'), unused);
    writeFileSync(
      path.join(dir, 'src', 'math.js'),
      `${readFileSync(path.join(dir, 'src', 'math.js'), 'utf8')}\n`,
    );
    sh(dir, 'commit', '-q', '-am', 'change');
    const current = await analyzeCoverage({ files: [LCOV], cwd: dir, env: {} });
    const moved = current.section.files.map((f) => ({ ...f, lines: { covered: 0, total: 1 } }));
    const a = await analyzeCoverage({
      files: [LCOV],
      cwd: dir,
      env: {},
      base: 'main',
      baseline: { source: 'b.json', totals: current.section.totals, files: moved },
    });
    expect(a.changedFiles && [...a.changedFiles]).toEqual(['src/math.js']);
    expect(a.section.comparison?.changed.map((c) => c.path)).toEqual(['src/math.js']);
    expect(a.section.comparison?.indirect.map((c) => c.path)).toEqual(['src/strings.js', 'src/unused.js']);
    expect(a.section.notices).toEqual([]);
  });
});

describe('coverageOptionsFromConfig', () => {
  it('exclude and base are passed on when set, left out when not', () => {
    const { config } = parseConfig(
      'coverage:\n  files: [lcov.info]\n  exclude: ["src/gen/**"]\n  base: origin/main\n  gate_indirect: true\n',
      path.join(FIXTURES, 'autoglm.yml'),
    );
    if (!config.coverage) throw new Error('no coverage section');
    const o = coverageOptionsFromConfig(config.coverage, FIXTURES, PROJECT);
    expect(o).toEqual({
      files: ['lcov.info'],
      cwd: FIXTURES,
      root: PROJECT,
      format: 'auto',
      exclude: ['src/gen/**'],
      base: 'origin/main',
      gateIndirect: true,
    });
    const bare = parseConfig('coverage:\n  files: [lcov.info]\n', 'autoglm.yml').config.coverage;
    if (!bare) throw new Error('no coverage section');
    expect(Object.keys(coverageOptionsFromConfig(bare, FIXTURES, PROJECT)).sort()).toEqual([
      'cwd',
      'files',
      'format',
      'gateIndirect',
      'root',
    ]);
  });
});

describe('readCoverageBaseline', () => {
  const options = { cwd: PROJECT, index: INDEX };
  const results = (coverage: unknown) => JSON.stringify({ schemaVersion: 1, coverage }, null, 2);

  it('a file that cannot be read names the reason', async () => {
    const e = await usageErrorAsync(() => readCoverageBaseline('nope.json', options));
    expect(e.message).toBe('nope.json: cannot read the baseline (ENOENT)');
  });

  it('a results document (even indented, or with a space before the colon) is read for its coverage section', async () => {
    const a = await analyze();
    const doc = `\n  {"schemaVersion" : 1, "coverage": ${JSON.stringify(a.section)}}`;
    const b = await readCoverageBaseline(write('results.json', doc), options);
    expect(b.totals).toEqual(a.section.totals);
    expect(b.files).toEqual(a.section.files);
  });

  it('a coverage report is summarised, with the format and exclude asked for', async () => {
    const b = await readCoverageBaseline(LCOV, { ...options, exclude: ['src/unused.js'] });
    expect(b.source).toBe(LCOV);
    expect(b.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js']);
    // A JSON report (no schemaVersion) is a report too, not a results document.
    const json = await readCoverageBaseline(path.join(FIXTURES, 'full', 'coverage-final.json'), options);
    expect(json.totals).toEqual((await analyze()).section.totals);
    const e = await usageErrorAsync(() => readCoverageBaseline(LCOV, { ...options, format: 'cobertura' }));
    expect(e.message).toBe("../full/lcov.info:1:1: malformed XML: char 'T' is not expected.");
  });

  it('results documents: not JSON, no coverage section, or an invalid one', async () => {
    expect(() => baselineFromResults('{"schemaVersion": 1,', 'r.json')).toThrow(
      /^r\.json: not valid JSON \(.+\)$/,
    );
    const none = await usageErrorAsync(() => baselineFromResults(results(undefined), 'r.json'));
    expect(none.message).toBe('r.json: this results document has no coverage section');
    expect(none.hint).toBe(
      'the baseline run must include coverage (autoglm coverage --json, or coverage: in autoglm.yml)',
    );
    const bad = await usageErrorAsync(() => baselineFromResults(results({ totals: {} }), 'r.json'));
    expect(bad.message).toMatch(/^r\.json: invalid coverage section at coverage\.inputs: .+/);
    const deep = await analyze();
    const broken = { ...deep.section, totals: { ...deep.section.totals, lines: { covered: -1, total: 2 } } };
    const e = await usageErrorAsync(() => baselineFromResults(results(broken), 'r.json'));
    expect(e.message).toMatch(/^r\.json: invalid coverage section at coverage\.totals\.lines\.covered: .+/);
  });
});

describe('coberturaInput', () => {
  it('files in path order, lines ascending, branches per line; no diff means no priority files', async () => {
    const text = readFileSync(LCOV, 'utf8');
    // The records in reverse path order.
    const records = text.split(/(?<=end_of_record\n)/).filter((r) => r.trim() !== '');
    const a = await analyze({ files: [write('rev.info', records.reverse().join(''))] });
    const c = coberturaInput(a);
    expect(c.root).toBe(PROJECT);
    expect(c.files.map((f) => f.path)).toEqual(['src/math.js', 'src/strings.js', 'src/unused.js']);
    const lines = c.files[0]?.lines.map(([n]) => n) ?? [];
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
    expect(c.files[0]?.lines[0]).toEqual([1, 2]);
    expect(c.priority).toEqual(new Set());
  });
});
