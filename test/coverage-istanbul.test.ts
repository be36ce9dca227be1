import { describe, expect, it } from 'vitest';
import { parseIstanbul } from '../src/coverage/istanbul.js';
import { usageError } from './helpers.js';

/** istanbul coverage-final.json (src/coverage/istanbul.ts): what is accepted, and each error's words. */
const loc = { start: { line: 3, column: 0 }, end: { line: 3, column: 5 } };
const entry = (extra: Record<string, unknown> = {}) => ({
  statementMap: { '0': loc },
  s: { '0': 2 },
  fnMap: {},
  f: { '0': 1 },
  branchMap: {},
  b: { '0': [1, 0] },
  ...extra,
});
const parse = (doc: unknown) => parseIstanbul(JSON.stringify(doc), 'cov.json');
const fails = (doc: unknown) => usageError(() => parse(doc)).message;
const EXPECTED =
  'an istanbul coverage map (coverage-final.json: {"<path>": {statementMap, s, fnMap, f, branchMap, b}})';

describe('parseIstanbul', () => {
  it("one entry per file, named by its path (else its key); jest's {data: ...} wrapper unwrapped", () => {
    const r = parse({
      'src/a.ts': entry({ path: '/abs/src/a.ts' }),
      'src/b.ts': entry({ path: '' }),
      'src/c.ts': { data: entry() },
    });
    expect(r.format).toBe('istanbul');
    expect(r.notices).toEqual([]);
    expect(r.entries.map((e) => [e.rawPath, e.data.path])).toEqual([
      ['/abs/src/a.ts', '/abs/src/a.ts'],
      ['src/b.ts', 'src/b.ts'],
      ['src/c.ts', 'src/c.ts'],
    ]);
    expect(r.entries[2]?.data.s).toEqual({ '0': 2 });
    // An entry with its own statementMap beside a `data` key is not a wrapper.
    const own = parse({ 'd.ts': entry({ data: { s: {} } }) });
    expect(own.entries[0]?.data.s).toEqual({ '0': 2 });
  });

  it('a document that is not a map of files', () => {
    expect(fails([1])).toBe(`cov.json: expected ${EXPECTED}, got a list`);
    expect(fails('text')).toBe(`cov.json: expected ${EXPECTED}, got string`);
    expect(fails(null)).toBe(`cov.json: expected ${EXPECTED}, got object`);
    expect(fails({})).toBe('cov.json: empty coverage report (no files in it)');
  });

  it('an entry that is not file coverage names the entry and the key', () => {
    expect(fails({ 'a.ts': 3 })).toBe('cov.json: entry "a.ts": expected a file coverage object, got number');
    expect(fails({ 'a.ts': [entry()] })).toBe(
      'cov.json: entry "a.ts": expected a file coverage object, got object',
    );
    for (const k of ['statementMap', 'fnMap', 'branchMap', 's', 'f', 'b']) {
      expect(fails({ 'a.ts': entry({ [k]: undefined }) })).toBe(
        `cov.json: entry "a.ts": "${k}" is missing or not an object; expected ${EXPECTED}`,
      );
    }
    expect(fails({ 'a.ts': entry({ b: [] }) })).toBe(
      `cov.json: entry "a.ts": "b" is missing or not an object; expected ${EXPECTED}`,
    );
  });

  it('counts that are not numbers, or statements with no location', () => {
    expect(fails({ 'a.ts': entry({ s: { '0': '2' } }) })).toBe(
      'cov.json: entry "a.ts": s["0"] is not a number',
    );
    expect(fails({ 'a.ts': entry({ s: { '0': 1, '1': 1 } }) })).toBe(
      'cov.json: entry "a.ts": statement 1 has a count but no location in statementMap',
    );
    expect(fails({ 'a.ts': entry({ statementMap: { '0': {} } }) })).toBe(
      'cov.json: entry "a.ts": statement 0 has a count but no location in statementMap',
    );
    expect(fails({ 'a.ts': entry({ statementMap: { '0': { start: {} } } }) })).toBe(
      'cov.json: entry "a.ts": statement 0 has a count but no location in statementMap',
    );
    expect(fails({ 'a.ts': entry({ f: { '0': null } }) })).toBe(
      'cov.json: entry "a.ts": f["0"] is not a number',
    );
    expect(fails({ 'a.ts': entry({ b: { '0': 1 } }) })).toBe(
      'cov.json: entry "a.ts": b["0"] is not a list of numbers',
    );
    expect(fails({ 'a.ts': entry({ b: { '0': [1, '0'] } }) })).toBe(
      'cov.json: entry "a.ts": b["0"] is not a list of numbers',
    );
  });
});
