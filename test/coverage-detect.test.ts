import { describe, expect, it } from 'vitest';
import { detectFormat } from '../src/coverage/detect.js';
import { lineCol, parseJson } from '../src/coverage/json.js';
import { usageError } from './helpers.js';

const fails = (text: string) => usageError(() => detectFormat(text, 'r'));

describe('detectFormat', () => {
  it('JSON: raw V8 (object or bare list), istanbul by its maps, or any other object left to the istanbul parser', () => {
    expect(detectFormat('{"result": [{"scriptId": "1"}]}', 'r')).toBe('v8');
    expect(detectFormat('{"result":[{"functions": []}]}', 'r')).toBe('v8');
    expect(detectFormat('[{"url": "file:///a.js", "functions": []}]', 'r')).toBe('v8');
    expect(detectFormat('\uFEFF  {"a.js": {"fnMap": {}}}', 'r')).toBe('istanbul');
    expect(detectFormat('{"a.js": {"branchMap" : {}}}', 'r')).toBe('istanbul');
    expect(detectFormat('{"a.js": {"statementMap":{}}}', 'r')).toBe('istanbul');
    expect(detectFormat('{"a.js": {}}', 'r')).toBe('istanbul');
    // "result" without V8's fields is not V8.
    expect(detectFormat('{"result": [{"x": 1}]}', 'r')).toBe('istanbul');
    // Whitespace around the colons, as pretty-printers write it.
    expect(detectFormat('{"result" : [{"functions": []}]}', 'r')).toBe('v8');
    expect(detectFormat('[{"url" : "file:///a.js", "functions" : []}]', 'r')).toBe('v8');
    // An object with V8's field names but no "result" list is left to the istanbul parser.
    expect(detectFormat('{"a.js": {"url": "x", "functions": []}}', 'r')).toBe('istanbul');
  });

  it('JSON lists that are not V8 and coverage summaries are refused with what they are', () => {
    expect(fails('[{"url": "x"}]').message).toBe(
      'r: a JSON list that is not raw V8 coverage ([{url, functions}])',
    );
    expect(fails('[{"functions": []}]').message).toBe(
      'r: a JSON list that is not raw V8 coverage ([{url, functions}])',
    );
    expect(fails('{"total" :{"lines": {"total": 1}}}').message).toMatch(/istanbul coverage summary/);
    const summary = fails('{"total": { "lines": {"total": 1}}}');
    expect(summary.message).toBe(
      'r: this is an istanbul coverage summary (coverage-summary.json), which has no per-line data',
    );
    expect(summary.hint).toBe('use coverage-final.json (istanbul reporter "json") or lcov.info instead');
  });

  it('XML: Cobertura, or Clover and JaCoCo named as such', () => {
    expect(detectFormat('<?xml version="1.0"?>\n<coverage line-rate="1">', 'r')).toBe('cobertura');
    expect(detectFormat('<coverage>', 'r')).toBe('cobertura');
    expect(detectFormat('<?xml version="1.0"?><other/>', 'r')).toBe('cobertura');
    const clover = fails('<coverage generated="1" clover="4.4">');
    expect(clover.message).toBe('r: this is a Clover XML report, not Cobertura');
    expect(clover.hint).toBe('use the cobertura, lcov or json reporter of your coverage tool');
    expect(fails('<coverage generated="1">\n<project timestamp="1">').message).toBe(
      'r: this is a Clover XML report, not Cobertura',
    );
    expect(fails('<?xml version="1.0"?><report name="x">').message).toBe(
      'r: this looks like a JaCoCo XML report; expected Cobertura XML',
    );
    expect(fails('<report>').message).toBe('r: this looks like a JaCoCo XML report; expected Cobertura XML');
  });

  it('lcov by a TN:, SF: or VER: line anywhere in the first 4 KiB', () => {
    expect(detectFormat('TN:\nSF:a.js', 'r')).toBe('lcov');
    expect(detectFormat('# made by x\nSF:a.js', 'r')).toBe('lcov');
    expect(detectFormat('VER:2\n', 'r')).toBe('lcov');
    // Only at the start of a line.
    expect(() => detectFormat('see SF:a.js', 'r')).toThrow(/unrecognised coverage format/);
    expect(() => detectFormat(`${'#\n'.repeat(2100)}SF:a.js`, 'r')).toThrow(/unrecognised coverage format/);
  });

  it('empty and unknown files', () => {
    expect(fails(' \n\t').message).toBe('r: empty file: expected a coverage report');
    expect(fails('\uFEFF').message).toBe('r: empty file: expected a coverage report');
    const unknown = fails(`  hello world ${'x'.repeat(80)}\nsecond line`);
    expect(unknown.message).toBe(
      `r: unrecognised coverage format (starts with "hello world ${'x'.repeat(48)}")`,
    );
    expect(unknown.hint).toBe(
      'expected istanbul JSON (coverage-final.json), lcov (lcov.info), Cobertura XML or raw V8 coverage JSON',
    );
  });
});

describe('JSON errors', () => {
  it('lineCol counts lines and columns from 1', () => {
    expect(lineCol('ab\ncd\nef', 0)).toEqual({ line: 1, col: 1 });
    expect(lineCol('ab\ncd\nef', 2)).toEqual({ line: 1, col: 3 });
    expect(lineCol('ab\ncd\nef', 3)).toEqual({ line: 2, col: 1 });
    expect(lineCol('ab\ncd\nef', 7)).toEqual({ line: 3, col: 2 });
  });

  it('malformed JSON: line, column and what was expected', () => {
    const e = usageError(() => parseJson('{\n  "a": 1 2}', 'f.json', 'a thing'));
    expect(e.message).toBe(
      "f.json:2:10: malformed JSON (Expected ',' or '}' after property value); expected a thing",
    );
    // A message without a position: the file and the parser's words.
    expect(usageError(() => parseJson('{"a": x}', 'f.json', 'a thing')).message).toMatch(
      /^f\.json: malformed JSON \(Unexpected token .+\); expected a thing$/,
    );
  });

  it('truncated JSON says so', () => {
    expect(usageError(() => parseJson('{"a": [1,\n 2', 'f.json', 'a thing')).message).toMatch(
      /^f\.json:2(:\d+)?: truncated JSON .*; expected a thing$/,
    );
    expect(usageError(() => parseJson('{"a": "b\n', 'f.json', 'a thing')).message).toMatch(
      /^f\.json:\d+(:\d+)?: truncated JSON/,
    );
    expect(parseJson('{"a": 1}', 'f.json', 'x')).toEqual({ a: 1 });
  });
});
