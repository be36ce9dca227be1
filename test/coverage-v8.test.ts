import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathResolver, type RepoIndex } from '../src/coverage/paths.js';
import { convertV8, parseV8, type V8Report } from '../src/coverage/v8.js';
import { ROOT, usageError } from './helpers.js';

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
});
