import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCoverage, coberturaInput } from '../src/coverage/analyze.js';
import { parseCobertura } from '../src/coverage/cobertura.js';
import type { RepoIndex } from '../src/coverage/paths.js';
import {
  escapeXml,
  fmtPointDelta,
  renderCobertura,
  renderCoverageMarkdown,
  renderCoverageTerminal,
  worstFiles,
} from '../src/report/coverage.js';
import type { CoverageFile, CoverageResult } from '../src/results/coverage.js';
import { ROOT } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');
const INDEX: RepoIndex = {
  root: PROJECT,
  files: new Set(['src/math.js', 'src/strings.js', 'src/unused.js']),
  source: 'filesystem',
};

const analyse = (file = 'full/lcov.info') =>
  analyzeCoverage({ files: [file], cwd: FIXTURES, root: PROJECT, index: INDEX, env: {} });

const file = (p: string, covered: number, total: number): CoverageFile => ({
  path: p,
  lines: { covered, total },
  statements: { covered, total },
  functions: { covered: 0, total: 0 },
  branches: { covered: 0, total: 0 },
});

describe('markdown coverage section', () => {
  it('lists totals and the worst files first, with the numbers', async () => {
    const { section } = await analyse();
    const md = renderCoverageMarkdown(section);
    expect(md).toContain('| lines | 69.86% (51/73) |');
    expect(md).toContain('| functions | 66.66% (6/9) |');
    const rows = md.split('\n').filter((l) => l.startsWith('| `src/'));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([
      '| `src/unused.js`',
      '| `src/math.js`',
      '| `src/strings.js`',
    ]);
    expect(rows[1]).toContain('69.44% (25/36)');
  });

  it('orders worst files by percentage, then uncovered lines; files with no lines last', () => {
    const order = worstFiles([file('c', 0, 0), file('b', 5, 10), file('a', 50, 100), file('d', 9, 10)]).map(
      (f) => f.path,
    );
    expect(order).toEqual(['a', 'b', 'd', 'c']);
    expect(fmtPointDelta({ covered: 1, total: 2 }, { covered: 3, total: 4 })).toBe('−25.00 pp');
  });

  it('shows baseline changes, patch coverage with ranges, indirect changes collapsed; escapes untrusted text', () => {
    const evil = 'src/@admin|<img src=x>`.js';
    const section: CoverageResult = {
      inputs: [{ file: 'lcov.info', format: 'lcov', entries: 2 }],
      totals: {
        lines: { covered: 8, total: 20 },
        statements: { covered: 8, total: 20 },
        functions: { covered: 0, total: 0 },
        branches: { covered: 0, total: 0 },
      },
      files: [file(evil, 3, 10), file('src/b.js', 5, 10)],
      ignored: { count: 1, files: [{ path: '/tmp/x.js', reason: 'outside-repo', input: 'lcov.info' }] },
      comparison: {
        source: 'autoglm-baseline.json',
        totals: {
          lines: { covered: 10, total: 20 },
          statements: { covered: 10, total: 20 },
          functions: { covered: 0, total: 0 },
          branches: { covered: 0, total: 0 },
        },
        newFiles: [],
        deletedFiles: [],
        changed: [{ path: evil, before: file(evil, 4, 10), after: file(evil, 3, 10) }],
        indirect: [{ path: 'src/b.js', before: file('src/b.js', 6, 10), after: file('src/b.js', 5, 10) }],
        indirectKnown: true,
        gateIndirect: false,
      },
      patch: {
        base: 'origin/main',
        mergeBase: 'a'.repeat(40),
        head: 'b'.repeat(40),
        lines: { covered: 1, total: 4 },
        files: [{ path: evil, covered: 1, total: 4, uncovered: [{ start: 3, end: 5 }] }],
        notInReport: [],
      },
      notices: ['/approve @someone'],
    };
    const md = renderCoverageMarkdown(section);
    expect(md).toContain('| lines | 40.00% (8/20) | 50.00% | −10.00 pp |');
    expect(md).toContain('| patch (changed lines) | 25.00% (1/4) |  |  |');
    expect(md).toContain('1 of 4 changed executable lines ran');
    expect(md).toMatch(/lines 3–5$/m);
    expect(md).toMatch(
      /<details><summary>Coverage moved in 1 file this change did not touch .*not gated<\/summary>/,
    );
    // Untrusted text: no raw HTML tag, no @mention, no table break, no quick action.
    // HTML only ever inside code spans, where it is shown, not rendered.
    expect(md.replace(/(`+)[^`][\s\S]*?\1/g, '')).not.toContain('<img');
    expect(md).not.toMatch(/@admin|@someone/);
    expect(md).not.toMatch(/^\/approve/m);
    const tableRow = md.split('\n').find((l) => l.includes('admin') && l.startsWith('| ``'));
    expect(tableRow?.split(/(?<!\\)\|/).length).toBe(8);
  });

  it('terminal summary', async () => {
    const { section } = await analyse();
    const text = renderCoverageTerminal(section);
    expect(text).toMatch(/^lines\s+69\.86% \(51\/73\)$/m);
    expect(text).toMatch(/0\.00% \(0\/7\)\s+src\/unused\.js/);
  });
});

describe('Cobertura output', () => {
  it('round-trips: our XML read back gives the same line coverage, with one <source>', async () => {
    const analysis = await analyse('full/coverage-final.json');
    const out = renderCobertura(coberturaInput(analysis), { timestamp: 0 });
    expect(out.dropped).toEqual([]);
    expect(out.xml.match(/<source>/g)).toHaveLength(1);
    expect(out.xml).toContain(`<source>${PROJECT}</source>`);
    const back = parseCobertura(out.xml, 'out.xml');
    const again = await analyzeCoverage({
      files: [path.join(FIXTURES, 'full', 'cobertura-coverage.xml')],
      cwd: FIXTURES,
      root: PROJECT,
      index: INDEX,
      env: {},
    });
    expect(back.entries.map((e) => e.rawPath)).toEqual([
      `${PROJECT}/src/math.js`,
      `${PROJECT}/src/strings.js`,
      `${PROJECT}/src/unused.js`,
    ]);
    const lines = (p: string) => {
      const e = back.entries.find((x) => x.rawPath.endsWith(p));
      const hits = Object.values(e?.data.s ?? {});
      return { covered: hits.filter((h) => h > 0).length, total: hits.length };
    };
    for (const f of again.section.files) expect(lines(f.path)).toEqual(f.lines);
    expect(out.xml).toContain('lines-valid="73" lines-covered="51"');
    expect(out.xml).toMatch(
      /<line number="3" hits="5" branch="true" condition-coverage="\d+% \(\d+\/\d+\)"\/>/,
    );
  });

  it('stays under the size limit, keeping the change’s files first', () => {
    const files = Array.from({ length: 50 }, (_, i) => ({
      path: `src/dir${i % 5}/f${String(i).padStart(2, '0')}.js`,
      lines: Array.from({ length: 40 }, (_, l) => [l + 1, l % 3] as [number, number]),
    }));
    const full = renderCobertura({ root: '/r', files }, { timestamp: 0 });
    const limit = Math.floor(Buffer.byteLength(full.xml) / 4);
    const out = renderCobertura(
      { root: '/r', files, priority: new Set(['src/dir4/f49.js', 'src/dir0/f45.js']) },
      { timestamp: 0, maxBytes: limit },
    );
    expect(Buffer.byteLength(out.xml)).toBeLessThanOrEqual(limit);
    expect(out.included + out.dropped.length).toBe(50);
    expect(out.dropped.length).toBeGreaterThan(30);
    expect(out.dropped).not.toContain('src/dir4/f49.js');
    expect(out.xml).toContain('filename="src/dir4/f49.js"');
    expect(out.xml).toContain('filename="src/dir0/f45.js"');
    expect(() => parseCobertura(out.xml, 'x')).not.toThrow();
  });

  it('escapes paths into valid XML', () => {
    expect(escapeXml('a&b<c>"d\'\u0001.js')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;.js');
    const out = renderCobertura(
      { root: '/r&d', files: [{ path: 'src/a&b<c>.js', lines: [[1, 1]] }] },
      { timestamp: 0 },
    );
    const back = parseCobertura(out.xml, 'x');
    expect(back.entries[0]?.rawPath).toBe('/r&d/src/a&b<c>.js');
  });
});
