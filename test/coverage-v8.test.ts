import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathResolver, type RepoIndex } from '../src/coverage/paths.js';
import { convertV8, parseV8, type V8Report } from '../src/coverage/v8.js';
import { ROOT, tempDir, usageError } from './helpers.js';

/** Raw V8 coverage (src/coverage/v8.ts): the document's shape, and which scripts are converted. */
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');
const INDEX: RepoIndex = {
  root: PROJECT,
  files: new Set(['src/math.js', 'src/strings.js', 'src/gone.js', 'test/math.test.js']),
  source: 'filesystem',
};
const EXPECTED = 'raw V8 coverage ({"result": [{"url", "functions"}]}, as NODE_V8_COVERAGE writes it)';
const fails = (text: string) => usageError(() => parseV8(text, 'v8.json')).message;

/** The fixture's math.js script, as if measured in this checkout. */
function mathScript(url = `file://${PROJECT}/src/math.js`) {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'full', 'v8', 'coverage-2.json'), 'utf8'));
  const script = doc.result.find((s: { url: string }) => s.url.endsWith('/src/math.js'));
  return { ...script, url };
}

describe('parseV8', () => {
  it('a NODE_V8_COVERAGE file with its source-map cache, or a bare list of scripts', () => {
    const script = { url: 'file:///a.js', functions: [] };
    const cache = { 'file:///a.js': { lineLengths: [3] } };
    expect(parseV8(JSON.stringify({ result: [script], 'source-map-cache': cache }), 'v8.json')).toEqual({
      scripts: [script],
      sourceMapCache: cache,
    });
    expect(parseV8(JSON.stringify({ result: [script] }), 'v8.json')).toEqual({
      scripts: [script],
      sourceMapCache: {},
    });
    expect(parseV8(JSON.stringify([script]), 'v8.json')).toEqual({ scripts: [script], sourceMapCache: {} });
  });

  it('anything else names the file, the script and what was expected', () => {
    expect(fails('{"result": 3}')).toBe(`v8.json: expected ${EXPECTED}`);
    expect(fails('null')).toBe(`v8.json: expected ${EXPECTED}`);
    expect(fails('{"result": [{"url": "file:///a.js", "functions": []}, {"url": 1, "functions": []}]}')).toBe(
      'v8.json: result[1]: expected {url, functions: [...]}',
    );
    expect(fails('[{"url": "file:///a.js", "functions": {}}]')).toBe(
      'v8.json: result[0]: expected {url, functions: [...]}',
    );
    expect(fails('[null]')).toBe('v8.json: result[0]: expected {url, functions: [...]}');
    expect(fails('{"result": [')).toMatch(
      new RegExp(`^v8\\.json:1: truncated JSON .*; expected ${EXPECTED.replace(/[()[\]{}]/g, '\\$&')}$`),
    );
  });
});

describe('convertV8', () => {
  const convert = (scripts: V8Report['scripts'], excluded: (p: string) => boolean = () => false) =>
    convertV8(
      { scripts, sourceMapCache: {} },
      'v8.json',
      new PathResolver(
        INDEX,
        '',
        scripts.map((s) => s.url),
      ),
      PROJECT,
      excluded,
    );

  it('converts the scripts of the repository; skips non-file scripts without a word', async () => {
    const out = await convert([
      { url: 'node:internal/main', functions: [] },
      { url: '[eval]-wrapper', functions: [] },
      mathScript(`FILE://${PROJECT}/src/math.js`),
    ]);
    expect(out.ignored).toEqual([]);
    expect(out.notices).toEqual([]);
    expect(out.entries.map((e) => e.rawPath)).toEqual([path.join(PROJECT, 'src', 'math.js')]);
    const fc = out.entries[0]?.data;
    expect(Object.values(fc?.f ?? {}).length).toBeGreaterThan(0);
    expect(Object.values(fc?.s ?? {}).some((n) => n > 0)).toBe(true);
  });

  it('scripts outside the repository or excluded are listed as ignored; a failed conversion is a notice', async () => {
    const out = await convert(
      [
        { url: 'file:///usr/lib/node/x.js', functions: [] },
        { url: `file://${PROJECT}/test/math.test.js`, functions: [] },
        { url: `file://${PROJECT}/src/gone.js`, functions: [] },
      ],
      (p) => p.startsWith('test/'),
    );
    expect(out.ignored).toEqual([
      { path: 'file:///usr/lib/node/x.js', reason: 'outside-repo', input: 'v8.json' },
      { path: 'test/math.test.js', reason: 'excluded', input: 'v8.json' },
    ]);
    expect(out.entries).toEqual([]);
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]).toMatch(/^v8\.json: could not convert the V8 coverage of src\/gone\.js: .*ENOENT/);
  });

  it("a script with a source map in Node's cache is mapped onto its sources; the script itself need not exist here", async () => {
    // dist/a.js as tsc compiles src/a.ts (source map below); only src/a.ts is in this checkout.
    const root = tempDir('autoglm-v8-map-');
    const ts = 'export function f(x: number): number {\n  if (x) {\n    return 1;\n  }\n  return 0;\n}\n';
    const js = 'export function f(x) {\n    if (x) {\n        return 1;\n    }\n    return 0;\n}\n';
    const mappings =
      'AAAA,MAAM,UAAU,CAAC,CAAC,CAAS;IACzB,IAAI,CAAC,EAAE,CAAC;QACN,OAAO,CAAC,CAAC;IACX,CAAC;IACD,OAAO,CAAC,CAAC;AACX,CAAC';
    const map = (source: string) => ({ version: 3, file: 'a.js', sources: [source], names: [], mappings });
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.ts'), ts);
    mkdirSync(path.join(root, 'node_modules', 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules', 'lib', 'a.ts'), ts);
    // f ran twice, never with a truthy x: the `if` block never ran.
    const block = js.indexOf('{\n        return 1');
    const functions = [
      {
        functionName: '',
        ranges: [{ startOffset: 0, endOffset: js.length, count: 1 }],
        isBlockCoverage: true,
      },
      {
        functionName: 'f',
        ranges: [
          { startOffset: js.indexOf('function f'), endOffset: js.lastIndexOf('}') + 1, count: 2 },
          { startOffset: block, endOffset: js.indexOf('}', block) + 1, count: 0 },
        ],
        isBlockCoverage: true,
      },
    ];
    const index: RepoIndex = {
      root,
      files: new Set(['dist/a.js', 'lib/b.js', 'src/a.ts']),
      source: 'filesystem',
    };
    const url = `file://${root}/dist/a.js`;
    // lib/b.js maps onto a source under node_modules: not counted.
    const vendored = `file://${root}/lib/b.js`;
    const lineLengths = js.split('\n').map((l) => l.length);
    const out = await convertV8(
      {
        scripts: [
          { url, functions },
          { url: vendored, functions },
        ],
        sourceMapCache: {
          [url]: { data: map('../src/a.ts'), lineLengths },
          [vendored]: { data: map('../node_modules/lib/a.ts'), lineLengths },
        },
      },
      'v8.json',
      new PathResolver(index, '', [url, vendored]),
      root,
      () => false,
    );
    expect(out.notices).toEqual([]);
    expect(out.entries.map((e) => e.rawPath)).toEqual([path.join(root, 'src', 'a.ts')]);
    const data = out.entries[0]?.data;
    const lineOf = (id: string) => data?.statementMap[id]?.start.line;
    expect(Object.entries(data?.s ?? {}).map(([id, hits]) => [lineOf(id), hits])).toEqual([
      [1, 1],
      [2, 2],
      [3, 0],
      [4, 0],
      [5, 2],
      [6, 2],
    ]);
  });
});
