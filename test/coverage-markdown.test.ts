import { describe, expect, it } from 'vitest';
import {
  fmtCounter,
  fmtPointDelta,
  fmtRanges,
  renderCobertura,
  renderCoverageMarkdown,
  renderCoverageTerminal,
  worstFiles,
} from '../src/report/coverage.js';
import type {
  CoverageComparison,
  CoverageFile,
  CoverageResult,
  FileChange,
  PatchCoverage,
} from '../src/results/coverage.js';

const file = (p: string, covered: number, total: number): CoverageFile => ({
  path: p,
  lines: { covered, total },
  statements: { covered, total },
  functions: { covered: 0, total: 0 },
  branches: { covered: 0, total: 0 },
});

const change = (p: string, before: number, after: number): FileChange => ({
  path: p,
  before: file(p, before, 10),
  after: file(p, after, 10),
});

const totals = (covered: number, total: number) => ({
  lines: { covered, total },
  statements: { covered, total },
  functions: { covered: 1, total: 2 },
  branches: { covered: 0, total: 0 },
});

const section = (over: Partial<CoverageResult> = {}): CoverageResult => ({
  inputs: [{ file: 'lcov.info', format: 'lcov', entries: 1 }],
  totals: totals(8, 20),
  files: [file('src/a.js', 8, 20)],
  ignored: { count: 0, files: [] },
  notices: [],
  ...over,
});

const comparison = (over: Partial<CoverageComparison> = {}): CoverageComparison => ({
  source: 'base.json',
  totals: totals(10, 20),
  newFiles: [],
  deletedFiles: [],
  changed: [],
  indirect: [],
  indirectKnown: true,
  gateIndirect: false,
  ...over,
});

const patch = (over: Partial<PatchCoverage> = {}): PatchCoverage => ({
  base: 'origin/main',
  mergeBase: '0123456789abcdef0123',
  head: 'f'.repeat(40),
  lines: { covered: 3, total: 4 },
  files: [],
  notInReport: [],
  ...over,
});

const lines = (md: string) => md.split('\n');

describe('coverage figures', () => {
  it('formats counters, with and without counts; a dash when nothing is coverable', () => {
    expect(fmtCounter({ covered: 1, total: 3 })).toBe('33.33% (1/3)');
    expect(fmtCounter({ covered: 1, total: 3 }, false)).toBe('33.33%');
    expect(fmtCounter({ covered: 0, total: 0 })).toBe('–');
  });

  it('formats point deltas with their sign, zero as ±0.00, a dash when a side has nothing', () => {
    expect(fmtPointDelta({ covered: 3, total: 4 }, { covered: 1, total: 2 })).toBe('+25.00 pp');
    expect(fmtPointDelta({ covered: 1, total: 2 }, { covered: 3, total: 4 })).toBe('−25.00 pp');
    expect(fmtPointDelta({ covered: 1, total: 2 }, { covered: 2, total: 4 })).toBe('±0.00 pp');
    expect(fmtPointDelta({ covered: 0, total: 0 }, { covered: 2, total: 4 })).toBe('–');
    expect(fmtPointDelta({ covered: 2, total: 4 }, { covered: 0, total: 0 })).toBe('–');
  });

  it('formats line ranges: single lines alone, spans with a dash', () => {
    expect(
      fmtRanges([
        { start: 10, end: 12 },
        { start: 20, end: 20 },
      ]),
    ).toBe('10–12, 20');
    expect(fmtRanges([])).toBe('');
  });

  it('puts a file with no lines after a fully covered one whose path sorts later', () => {
    expect(worstFiles([file('b-full', 10, 10), file('a-empty', 0, 0)]).map((f) => f.path)).toEqual([
      'b-full',
      'a-empty',
    ]);
    expect(worstFiles([file('a-empty', 0, 0), file('b-full', 10, 10)]).map((f) => f.path)).toEqual([
      'b-full',
      'a-empty',
    ]);
  });

  it('breaks ties between worst files by uncovered lines, then by path; empty files last, by path', () => {
    const order = worstFiles([
      file('z', 0, 0),
      file('y', 0, 0),
      file('b', 1, 2),
      file('a', 1, 2),
      file('c', 2, 4),
    ]).map((f) => f.path);
    expect(order).toEqual(['c', 'a', 'b', 'y', 'z']);
  });
});

describe('markdown coverage section', () => {
  it('without a baseline: a two-column table, right-aligned numbers, the heading level asked for', () => {
    const md = renderCoverageMarkdown(section(), { level: 2 });
    expect(lines(md).slice(0, 8)).toEqual([
      '## Coverage',
      '',
      '| metric | this run |',
      '| :--- | ---: |',
      '| lines | 40.00% (8/20) |',
      '| statements | 40.00% (8/20) |',
      '| functions | 50.00% (1/2) |',
      '| branches | – |',
    ]);
    expect(md).not.toContain('Baseline:');
    // Without a baseline the files table has no change column: every line has five cells.
    expect(md).toContain(
      '\n\n**Files, worst first** (1 of 1, lowest line coverage first)\n\n| file | lines | statements | functions | branches |\n| :--- | ---: | ---: | ---: | ---: |\n| `src/a.js` | 40.00% (8/20) | 40.00% (8/20) | – | – |',
    );
    expect(md.endsWith('| `src/a.js` | 40.00% (8/20) | 40.00% (8/20) | – | – |')).toBe(true);
    expect(lines(renderCoverageMarkdown(section()))[0]).toBe('### Coverage');
  });

  it('with a baseline: the counts of new, removed, changed and indirect files', () => {
    const md = renderCoverageMarkdown(
      section({
        files: [file('src/a.js', 8, 20), file('src/n.js', 0, 0)],
        comparison: comparison({
          newFiles: ['src/n.js'],
          deletedFiles: [file('src/old.js', 1, 2)],
          changed: [change('src/a.js', 5, 4)],
          indirect: [change('src/i.js', 5, 6), change('src/j.js', 5, 6)],
        }),
      }),
    );
    expect(md).toContain('| metric | this run | baseline | change |\n| :--- | ---: | ---: | ---: |');
    expect(md).toContain('| lines | 40.00% (8/20) | 50.00% | −10.00 pp |');
    expect(md).toContain('| functions | 50.00% (1/2) | 50.00% | ±0.00 pp |');
    expect(md).toContain(
      '|\n\nBaseline: `base.json`. 1 new file, 1 no longer reported, 1 changed, 2 changed indirectly.\n\n',
    );
    const plural = renderCoverageMarkdown(
      section({ comparison: comparison({ newFiles: ['x', 'y'], indirectKnown: false }) }),
    );
    expect(plural).toContain('Baseline: `base.json`. 2 new files, 0 no longer reported, 0 changed.');
    const none = renderCoverageMarkdown(section({ comparison: comparison() }));
    expect(none).toContain('0 new files,');
  });

  it('gives each worst file its line change against the baseline: new, a delta, or none', () => {
    const md = renderCoverageMarkdown(
      section({
        files: [
          file('src/a.js', 4, 10),
          file('src/b.js', 5, 10),
          file('src/c.js', 6, 10),
          file('src/d.js', 7, 10),
        ],
        comparison: comparison({
          newFiles: ['src/a.js'],
          changed: [change('src/b.js', 7, 5)],
          indirect: [change('src/c.js', 5, 6)],
        }),
      }),
    );
    expect(md).toContain('**Files, worst first** (4 of 4, lowest line coverage first)');
    expect(md).toContain(
      '| file | lines | statements | functions | branches | lines change |\n| :--- | ---: | ---: | ---: | ---: | ---: |',
    );
    expect(md).toContain('| `src/a.js` | 40.00% (4/10) | 40.00% (4/10) | – | – | new |');
    expect(md).toContain('| `src/b.js` | 50.00% (5/10) | 50.00% (5/10) | – | – | −20.00 pp |');
    expect(md).toContain('| `src/c.js` | 60.00% (6/10) | 60.00% (6/10) | – | – | +10.00 pp |');
    expect(md).toContain('| `src/d.js` | 70.00% (7/10) | 70.00% (7/10) | – | – | ±0.00 pp |');
  });

  it('lists only as many worst files as asked, and none when no file was counted', () => {
    const files = [file('src/a.js', 1, 10), file('src/b.js', 2, 10), file('src/c.js', 3, 10)];
    const md = renderCoverageMarkdown(section({ files }), { files: 2 });
    expect(md).toContain('**Files, worst first** (2 of 3, lowest line coverage first)');
    expect(md).toContain('| `src/b.js` |');
    expect(md).not.toContain('src/c.js');
    expect(renderCoverageMarkdown(section({ files: [] }))).not.toContain('Files, worst first');
  });

  it('patch coverage: the merge-base shortened, the uncovered changed lines per file, capped', () => {
    const md = renderCoverageMarkdown(
      section({
        patch: patch({
          files: [
            { path: 'src/a.js', covered: 0, total: 1, uncovered: [{ start: 7, end: 7 }] },
            { path: 'src/b.js', covered: 2, total: 2, uncovered: [] },
            { path: 'src/c.js', covered: 0, total: 3, uncovered: [{ start: 1, end: 3 }] },
            {
              path: 'src/d.js',
              covered: 0,
              total: 2,
              uncovered: [
                { start: 4, end: 4 },
                { start: 9, end: 9 },
              ],
            },
          ],
        }),
      }),
      { patchFiles: 2 },
    );
    expect(md).toContain('| patch (changed lines) | 75.00% (3/4) |');
    expect(md).toContain(
      '**Patch coverage** against `origin/main` (merge-base `0123456789ab`): 3 of 4 changed executable lines ran (75.00%).',
    );
    expect(md).toContain('|\n\n**Patch coverage** against');
    expect(md).toContain('(75.00%).\n\nChanged lines no test runs:\n\n- ');
    const list = lines(md.slice(md.indexOf('Changed lines no test runs:')));
    expect(list.slice(0, 5)).toEqual([
      'Changed lines no test runs:',
      '',
      '- `src/a.js` line 7',
      '- `src/c.js` lines 1–3',
      '- … and 1 more files',
    ]);
    const all = renderCoverageMarkdown(
      section({
        patch: patch({
          files: [
            {
              path: 'src/d.js',
              covered: 0,
              total: 2,
              uncovered: [
                { start: 4, end: 4 },
                { start: 9, end: 9 },
              ],
            },
          ],
        }),
      }),
    );
    expect(all).toContain('- `src/d.js` lines 4, 9');
    expect(all).not.toContain('more files');
  });

  it('patch coverage with no executable changed line, and with a baseline column', () => {
    const md = renderCoverageMarkdown(
      section({ comparison: comparison(), patch: patch({ lines: { covered: 0, total: 0 } }) }),
    );
    expect(md).toContain('| patch (changed lines) | no executable line changed |  |  |');
    expect(md).toContain('(merge-base `0123456789ab`): no executable line was added or modified.');
    expect(md).not.toContain('Changed lines no test runs');
  });

  it('names the changed files no report mentions, ten at most', () => {
    const one = renderCoverageMarkdown(section({ patch: patch({ notInReport: ['src/x.js'] }) }));
    expect(one).toContain(
      '\n\n1 changed file is in no coverage report (not loaded by any test?): `src/x.js`',
    );
    const many = Array.from({ length: 11 }, (_, i) => `src/f${i}.js`);
    const md = renderCoverageMarkdown(section({ patch: patch({ notInReport: many }) }));
    expect(md).toContain(
      `11 changed files are in no coverage report (not loaded by any test?): ${many
        .slice(0, 10)
        .map((p) => `\`${p}\``)
        .join(', ')}, …`,
    );
    expect(md).not.toContain('src/f10.js');
    const ten = renderCoverageMarkdown(section({ patch: patch({ notInReport: many.slice(0, 10) }) }));
    expect(ten).toMatch(/`src\/f9\.js`$/m);
    expect(renderCoverageMarkdown(section({ patch: patch() }))).not.toContain('in no coverage report');
  });

  it('indirect changes: biggest drop first, capped, gated or not', () => {
    const indirect = [change('src/up.js', 5, 8), change('src/down.js', 5, 2), change('src/flat.js', 5, 4)];
    const md = renderCoverageMarkdown(section({ comparison: comparison({ indirect, gateIndirect: true }) }), {
      details: 2,
    });
    const start = lines(md).indexOf(
      '<details><summary>Coverage moved in 3 files this change did not touch (indirect: test order, flaky tests, calls from changed code)</summary>',
    );
    expect(start).toBeGreaterThan(0);
    expect(lines(md).slice(start + 1)).toEqual([
      '',
      '| file | lines | change |',
      '| :--- | ---: | ---: |',
      '| `src/down.js` | 50.00% → 20.00% | −30.00 pp |',
      '| `src/flat.js` | 50.00% → 40.00% | −10.00 pp |',
      '',
      '… and 1 more',
      '',
      '</details>',
    ]);
    const renamed = renderCoverageMarkdown(
      section({
        comparison: comparison({ indirect: [{ ...change('src/new.js', 5, 4), previousPath: 'src/old.js' }] }),
      }),
    );
    expect(renamed).toContain(
      '\n\n<details><summary>Coverage moved in 1 file this change did not touch (indirect: test order, flaky tests, calls from changed code); not gated</summary>\n\n| file | lines | change |\n| :--- | ---: | ---: |\n| `src/new.js` (was `src/old.js`) | 50.00% → 40.00% | −10.00 pp |\n\n</details>',
    );
    expect(renamed).toContain('Coverage moved in 1 file this change');
    expect(renamed).not.toContain('… and');
  });

  it('baseline files no longer reported, collapsed and capped', () => {
    const deletedFiles = [file('src/x.js', 1, 2), file('src/y.js', 1, 2), file('src/z.js', 1, 2)];
    const md = renderCoverageMarkdown(section({ comparison: comparison({ deletedFiles }) }), { details: 2 });
    const start = lines(md).indexOf('<details><summary>3 files in the baseline no longer reported</summary>');
    expect(start).toBeGreaterThan(0);
    expect(lines(md).slice(start + 1, start + 7)).toEqual([
      '',
      '- `src/x.js`',
      '- `src/y.js`',
      '- … and 1 more',
      '',
      '</details>',
    ]);
    const one = renderCoverageMarkdown(
      section({ comparison: comparison({ deletedFiles: [file('src/x.js', 1, 2)] }) }),
    );
    expect(one).toContain(
      '\n\n<details><summary>1 file in the baseline no longer reported</summary>\n\n- `src/x.js`\n\n</details>',
    );
  });

  it('report entries not counted: the reason and the report, capped', () => {
    const files = [
      { path: '/tmp/a.js', reason: 'outside-repo' as const, input: 'lcov.info' },
      { path: 'gen/b.js', reason: 'not-in-repo' as const, input: 'cov.json' },
    ];
    const md = renderCoverageMarkdown(section({ ignored: { count: 5, files } }), { details: 1 });
    expect(md).toContain(
      '<details><summary>5 report entries not counted</summary>\n\n- `/tmp/a.js`: outside-repo (`lcov.info`)\n- … and 4 more\n\n</details>',
    );
    const one = renderCoverageMarkdown(section({ ignored: { count: 1, files: files.slice(1) } }));
    expect(one).toContain(
      '\n\n<details><summary>1 report entry not counted</summary>\n\n- `gen/b.js`: not-in-repo (`cov.json`)\n\n</details>',
    );
  });

  it('caps lists by default at 15 worst files and 30 patch files, indirect, removed and ignored entries', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `src/f${String(i).padStart(2, '0')}.js`);
    const md = renderCoverageMarkdown(
      section({
        files: many(16).map((p, i) => file(p, i, 20)),
        comparison: comparison({
          indirect: many(31).map((p) => change(p, 5, 4)),
          deletedFiles: many(31).map((p) => file(p, 1, 2)),
        }),
        ignored: {
          count: 31,
          files: many(31).map((p) => ({ path: p, reason: 'excluded' as const, input: 'lcov.info' })),
        },
        patch: patch({
          files: many(31).map((p) => ({ path: p, covered: 0, total: 1, uncovered: [{ start: 1, end: 1 }] })),
        }),
      }),
    );
    expect(md).toContain('**Files, worst first** (15 of 16, lowest line coverage first)');
    expect(md).toContain('- `src/f29.js` line 1\n- … and 1 more files');
    expect(md).toContain('| `src/f29.js` | 50.00% → 40.00% | −10.00 pp |\n\n… and 1 more');
    expect(md).toContain('- `src/f29.js`\n- … and 1 more');
    expect(md).toContain('- `src/f29.js`: excluded (`lcov.info`)\n- … and 1 more');
    expect(md).not.toContain('src/f30.js');
  });

  it('says "and N more" only when a list is longer than its cap', () => {
    const two = ['src/x.js', 'src/y.js'];
    const md = renderCoverageMarkdown(
      section({
        comparison: comparison({
          indirect: two.map((p) => change(p, 5, 4)),
          deletedFiles: two.map((p) => file(p, 1, 2)),
        }),
        patch: patch({
          files: two.map((p) => ({ path: p, covered: 0, total: 1, uncovered: [{ start: 1, end: 1 }] })),
        }),
      }),
      { details: 2, patchFiles: 2 },
    );
    expect(md).toContain('- `src/y.js` line 1\n\n');
    expect(md).not.toContain('… and');
    // Without a baseline the patch row has no empty baseline cells.
    expect(renderCoverageMarkdown(section({ patch: patch() }))).toMatch(
      /^\| patch \(changed lines\) \| 75\.00% \(3\/4\) \|$/m,
    );
  });

  it('notices close the section as one quote, paragraphs apart', () => {
    const md = renderCoverageMarkdown(section({ notices: ['first', 'second', 'third'] }));
    expect(md.endsWith('\n\n> first\n>\n> second\n>\n> third')).toBe(true);
    expect(renderCoverageMarkdown(section())).not.toContain('>');
  });
});

describe('terminal coverage summary', () => {
  it('aligns the totals table: percentages right, counts left, columns padded', () => {
    const text = renderCoverageTerminal(
      section({
        inputs: [
          { file: 'lcov.info', format: 'lcov', entries: 1 },
          { file: 'cov.xml', format: 'cobertura', entries: 2 },
        ],
        totals: {
          lines: { covered: 51, total: 73 },
          statements: { covered: 6, total: 9 },
          functions: { covered: 1, total: 1 },
          branches: { covered: 0, total: 0 },
        },
        files: [file('src/a.js', 1, 10), file('src/b.js', 10, 10)],
      }),
    );
    expect(text.split('\n').slice(0, 7)).toEqual([
      'Coverage of 2 files from lcov.info (lcov), cov.xml (cobertura)',
      'metric             this run',
      '----------  ---------------',
      'lines        69.86% (51/73)',
      'statements   66.66% (6/9)  ',
      'functions   100.00% (1/1)  ',
      'branches                  –',
    ]);
  });

  it('with a baseline and patch: change columns, uncovered changed lines, worst files, counts', () => {
    const text = renderCoverageTerminal(
      section({
        files: [
          file('src/a.js', 8, 20),
          file('src/b.js', 95, 100),
          file('src/full.js', 3, 3),
          file('src/e.js', 0, 0),
        ],
        comparison: comparison({ newFiles: ['src/b.js'], indirect: [change('src/i.js', 1, 2)] }),
        patch: patch({
          lines: { covered: 0, total: 0 },
          files: [
            { path: 'src/a.js', covered: 0, total: 2, uncovered: [{ start: 3, end: 4 }] },
            { path: 'src/full.js', covered: 1, total: 1, uncovered: [] },
          ],
        }),
        ignored: { count: 2, files: [] },
        notices: ['no merge-base'],
      }),
    );
    const rows = text.split('\n');
    expect(rows[1]).toBe('metric                        this run  baseline     change');
    expect(rows[3]).toBe('lines                    40.00% (8/20)    50.00%  −10.00 pp');
    expect(rows[7]).toBe('patch       no executable line changed                     ');
    expect(rows.slice(8)).toEqual([
      '  uncovered changed lines: src/a.js:3–4',
      'Worst files:',
      '  40.00% (8/20)    src/a.js',
      '  95.00% (95/100)  src/b.js',
      'vs base.json: 1 new, 0 no longer reported, 0 changed, 1 indirect',
      '2 report entries not counted (outside the repository, absent from it, or excluded)',
      'note: no merge-base',
      '',
    ]);
  });

  it('without a baseline: a two-cell patch row; 20 files with uncovered changed lines at most; worst files aligned', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      path: `src/f${String(i).padStart(2, '0')}.js`,
      covered: 0,
      total: 1,
      uncovered: [{ start: 1, end: 1 }],
    }));
    const text = renderCoverageTerminal(
      section({ files: [file('src/a.js', 1, 20), file('src/b.js', 8, 20)], patch: patch({ files: many }) }),
    );
    const rows = text.split('\n');
    expect(text).toMatch(/^patch +75\.00% \(3\/4\) *$/m);
    expect(rows.filter((l) => l.startsWith('  uncovered changed lines: '))).toHaveLength(20);
    expect(text).not.toContain('src/f20.js');
    expect(text).toContain('Worst files:\n   5.00% (1/20)  src/a.js\n  40.00% (8/20)  src/b.js\n');
  });

  it('lists as many worst files as asked; fully covered files never; no indirect count without a diff', () => {
    const text = renderCoverageTerminal(
      section({
        files: [file('src/a.js', 1, 10), file('src/b.js', 2, 10), file('src/c.js', 3, 10)],
        comparison: comparison({ indirectKnown: false }),
        patch: patch(),
      }),
      { files: 2 },
    );
    expect(text).toContain('Worst files:\n  10.00% (1/10)  src/a.js\n  20.00% (2/10)  src/b.js\nvs');
    expect(text).toMatch(/^patch\s+75\.00% \(3\/4\)\s*$/m);
    expect(text).toContain('vs base.json: 0 new, 0 no longer reported, 0 changed\n');
    const clean = renderCoverageTerminal(section({ files: [file('src/full.js', 3, 3)] }));
    expect(clean).not.toContain('Worst files');
    expect(clean).not.toContain('vs ');
    expect(clean).not.toContain('not counted');
    expect(clean).toContain('Coverage of 1 file from lcov.info (lcov)\n');
  });
});

describe('Cobertura rates and packages', () => {
  it('writes per-line branch conditions, rates with four decimals and one package per folder', () => {
    const out = renderCobertura(
      {
        root: '/r',
        files: [
          {
            path: 'src/b.js',
            lines: [
              [1, 2],
              [2, 0],
              [3, 1],
            ],
            branches: new Map([
              [1, { covered: 1, total: 3 }],
              [2, { covered: 0, total: 0 }],
            ]),
          },
          { path: 'top.js', lines: [] },
          { path: 'src/a.js', lines: [[5, 0]] },
        ],
      },
      { timestamp: 42 },
    );
    expect(out.included).toBe(3);
    expect(out.xml).toContain(
      '<coverage lines-valid="4" lines-covered="2" line-rate="0.5000" branches-valid="3" branches-covered="1" branch-rate="0.3333" timestamp="42" complexity="0" version="0.1">',
    );
    expect(out.xml).toContain(
      '<package name="src" line-rate="0.5000" branch-rate="0.3333" complexity="0">\n<classes>\n<class name="a.js" filename="src/a.js" line-rate="0.0000" branch-rate="1.0000" complexity="0">\n<methods/>\n<lines>\n<line number="5" hits="0"/>\n</lines>\n</class>\n<class name="b.js"',
    );
    expect(out.xml).toContain(
      '<line number="1" hits="2" branch="true" condition-coverage="33% (1/3)"/>\n<line number="2" hits="0"/>\n<line number="3" hits="1"/>\n</lines>',
    );
    expect(out.xml).toContain(
      '<package name="root" line-rate="1.0000" branch-rate="1.0000" complexity="0">\n<classes>\n<class name="top.js" filename="top.js" line-rate="1.0000" branch-rate="1.0000" complexity="0">\n<methods/>\n<lines>\n</lines>\n</class>\n</classes>\n</package>\n<package name="src"',
    );
    // Packages in folder order: the top folder ('.', shown as root) first.
    expect(out.xml.indexOf('name="root"')).toBeLessThan(out.xml.indexOf('name="src"'));
  });

  it('writes a whole document exactly: files of a folder in path order, priority files included', () => {
    const out = renderCobertura(
      {
        root: '/r',
        files: [
          { path: 'src/a.js', lines: [[1, 1]] },
          { path: 'src/b.js', lines: [[2, 0]] },
        ],
        priority: new Set(['src/b.js']),
      },
      { timestamp: 7 },
    );
    expect(out.xml).toBe(
      [
        '<?xml version="1.0" ?>',
        '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
        '<coverage lines-valid="2" lines-covered="1" line-rate="0.5000" branches-valid="0" branches-covered="0" branch-rate="1.0000" timestamp="7" complexity="0" version="0.1">',
        '<sources>',
        '<source>/r</source>',
        '</sources>',
        '<packages>',
        '<package name="src" line-rate="0.5000" branch-rate="1.0000" complexity="0">',
        '<classes>',
        '<class name="a.js" filename="src/a.js" line-rate="1.0000" branch-rate="1.0000" complexity="0">',
        '<methods/>',
        '<lines>',
        '<line number="1" hits="1"/>',
        '</lines>',
        '</class>',
        '<class name="b.js" filename="src/b.js" line-rate="0.0000" branch-rate="1.0000" complexity="0">',
        '<methods/>',
        '<lines>',
        '<line number="2" hits="0"/>',
        '</lines>',
        '</class>',
        '</classes>',
        '</package>',
        '</packages>',
        '</coverage>',
        '',
      ].join('\n'),
    );
  });

  it('under any size limit: never over it, more room never keeps fewer files, the rest dropped in path order', () => {
    const files = ['c/z.js', 'a/x.js', 'b/y.js', 'a/w.js'].map((p) => ({
      path: p,
      lines: [
        [1, 1],
        [2, 0],
      ] as [number, number][],
    }));
    const full = Buffer.byteLength(renderCobertura({ root: '/r', files }, { timestamp: 0 }).xml);
    let kept = -1;
    for (let limit = full - 900; limit <= full + 200; limit += 3) {
      const out = renderCobertura(
        { root: '/r', files, priority: new Set(['c/z.js']) },
        { timestamp: 0, maxBytes: limit },
      );
      expect(Buffer.byteLength(out.xml)).toBeLessThanOrEqual(limit);
      expect(out.included).toBeGreaterThanOrEqual(kept);
      kept = out.included;
      // The change's file goes in first, then the others in path order: what is left out is the tail.
      const order = ['c/z.js', 'a/w.js', 'a/x.js', 'b/y.js'];
      expect(out.dropped).toEqual(order.slice(order.length - out.dropped.length));
    }
    expect(kept).toBe(4);
  });

  it('drops nothing at exactly the size it needs, and the last file one byte below', () => {
    const files = [
      { path: 'a/x.js', lines: [[1, 1]] as [number, number][] },
      { path: 'b/y.js', lines: [[1, 0]] as [number, number][] },
    ];
    const all = renderCobertura({ root: '/r', files }, { timestamp: 0 });
    // The header reserves room for 13-digit counters: the budget is larger than the output.
    const need = (maxBytes: number) => renderCobertura({ root: '/r', files }, { timestamp: 0, maxBytes });
    let fits = Buffer.byteLength(all.xml) + 200;
    while (need(fits).dropped.length === 0) fits--;
    expect(need(fits + 1).dropped).toEqual([]);
    expect(need(fits).dropped).toEqual(['b/y.js']);
    expect(need(fits).included).toBe(1);
  });
});
