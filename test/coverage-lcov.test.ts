import { describe, expect, it } from 'vitest';
import { parseLcov } from '../src/coverage/lcov.js';
import { usageError } from './helpers.js';

/** The single entry of a one-record tracefile. */
function only(text: string) {
  const r = parseLcov(text, 'lcov.info');
  expect(r.entries).toHaveLength(1);
  return (r.entries[0] as (typeof r.entries)[number]).data;
}

const record = (...body: string[]) => ['SF:src/a.js', ...body, 'end_of_record'].join('\n');
const at = (line: number, column = 0) => ({ start: { line, column }, end: { line, column } });
const fails = (text: string) => usageError(() => parseLcov(text, 'lcov.info')).message;

describe('lcov: lines', () => {
  it('one statement per DA line, in line order, hits of repeated lines added', () => {
    const r = parseLcov(
      ['TN:t', 'VER:2.0', record('DA:7,2', 'DA:3,0', 'DA:7,1', 'LF:2', 'LH:1')].join('\n'),
      'x',
    );
    expect(r.format).toBe('lcov');
    expect(r.notices).toEqual([]);
    expect(r.entries.map((e) => e.rawPath)).toEqual(['src/a.js']);
    const data = r.entries[0]?.data;
    expect(data?.statementMap).toEqual({ 0: at(3), 1: at(7) });
    expect(data?.s).toEqual({ 0: 0, 1: 3 });
  });

  it('hit counts as numbers in any notation; negative ones count as 0', () => {
    const data = only(record('DA:1,12', 'DA:2,1.25', 'DA:3,1e3', 'DA:4,2E+10', 'DA:5,-4', 'DA:6,3e15'));
    expect(Object.values(data.s)).toEqual([12, 1.25, 1000, 2e10, 0, 3e15]);
  });

  it('a last line without a newline, CRLF line ends and indented lines', () => {
    const data = only(['SF:src/a.js', '  DA:1,1  ', '', 'DA:2,0', 'end_of_record'].join('\r\n'));
    expect(data.s).toEqual({ 0: 1, 1: 0 });
  });
});

describe('lcov: functions', () => {
  it('FN with and without an end line; names with commas; FNDA hits added to every function of the name', () => {
    const data = only(
      record(
        'FN:2,9,outer,x',
        'FN:12,a,b',
        'FN:20,42',
        'FN:30,dup',
        'FN:31,dup',
        'FNDA:3,outer,x',
        'FNDA:2,outer,x',
        'FNDA:12,a,b',
        'FNDA:1,dup',
      ),
    );
    expect(data.fnMap).toEqual({
      0: {
        name: 'outer,x',
        decl: at(2),
        loc: { start: { line: 2, column: 0 }, end: { line: 9, column: 0 } },
        line: 2,
      },
      1: {
        name: 'a,b',
        decl: at(12),
        loc: { start: { line: 12, column: 0 }, end: { line: 12, column: 0 } },
        line: 12,
      },
      2: {
        name: '42',
        decl: at(20),
        loc: { start: { line: 20, column: 0 }, end: { line: 20, column: 0 } },
        line: 20,
      },
      3: {
        name: 'dup',
        decl: at(30),
        loc: { start: { line: 30, column: 0 }, end: { line: 30, column: 0 } },
        line: 30,
      },
      4: {
        name: 'dup',
        decl: at(31),
        loc: { start: { line: 31, column: 0 }, end: { line: 31, column: 0 } },
        line: 31,
      },
    });
    expect(data.f).toEqual({ 0: 5, 1: 12, 2: 0, 3: 1, 4: 1 });
  });

  it('FNDA of a function no FN declared: a function at line 1', () => {
    const data = only(record('FN:2,known', 'FNDA:4,ghost'));
    expect(Object.values(data.fnMap).map((f) => [f.name, f.line])).toEqual([
      ['known', 2],
      ['ghost', 1],
    ]);
    expect(data.f).toEqual({ 0: 0, 1: 4 });
  });

  it('lcov 2: FNL declares a function by index, FNA names it and adds its hits', () => {
    const data = only(record('FNL:0,10,20', 'FNL:1,30', 'FNA:0,5,first,x', 'FNA:0,2', 'FNA:1,0,second'));
    expect(data.fnMap).toEqual({
      0: {
        name: 'first,x',
        decl: at(10),
        loc: { start: { line: 10, column: 0 }, end: { line: 20, column: 0 } },
        line: 10,
      },
      1: {
        name: 'second',
        decl: at(30),
        loc: { start: { line: 30, column: 0 }, end: { line: 30, column: 0 } },
        line: 30,
      },
    });
    expect(data.f).toEqual({ 0: 7, 1: 0 });
    // An end line that is not a number is left out.
    expect(Object.values(only(record('FNL:0,5,x')).fnMap).map((f) => f.loc.end.line)).toEqual([5]);
    // Without FNA, the function keeps a name made of its index.
    expect(Object.values(only(record('FNL:3,4,x')).fnMap).map((f) => [f.name, f.loc.end.line])).toEqual([
      ['fn3', 4],
    ]);
  });

  it("c8 --all's (empty-report) placeholder is flagged as such, and only when it is the one function", () => {
    const flag = (text: string) => (only(text) as { all?: boolean }).all;
    expect(flag(record('FN:1,(empty-report)', 'FNDA:0,(empty-report)', 'DA:1,0'))).toBe(true);
    expect(flag(record('FN:1,f', 'DA:1,0'))).toBeUndefined();
    expect(flag(record('FN:1,(empty-report)', 'FN:2,f'))).toBeUndefined();
    expect(flag(record('DA:1,0'))).toBeUndefined();
  });
});

describe('lcov: branches', () => {
  it('a branch group per block of a line, in line order; block ids other than their order do not matter', () => {
    const data = only(
      record('BRDA:9,0,0,1', 'BRDA:9,0,1,-', 'BRDA:4,7,0,2', 'BRDA:4,7,1,0', 'BRDA:4,3,0,12', 'BRDA:4,3,1,1'),
    );
    expect(data.branchMap).toEqual({
      0: { loc: at(4, 0), type: 'branch', locations: [at(4, 0), at(4, 0)], line: 4 },
      1: { loc: at(4, 1), type: 'branch', locations: [at(4, 1), at(4, 1)], line: 4 },
      2: { loc: at(9, 0), type: 'branch', locations: [at(9, 0), at(9, 0)], line: 9 },
    });
    // `-` (the line never ran) counts as 0.
    expect(data.b).toEqual({ 0: [2, 0], 1: [12, 1], 2: [1, 0] });
  });

  it('branch ids that contain commas (lcov 2) stay apart; a repeated branch adds its hits', () => {
    const data = only(record('BRDA:3,e0,a,bc,1', 'BRDA:3,e0,ab,c,2', 'BRDA:3,e0,a,bc,4'));
    expect(data.b).toEqual({ 0: [5, 2] });
  });
});

describe('lcov: bad input names the line and what was expected', () => {
  const cases: Array<[string, string]> = [
    ['end_of_record', 'lcov.info:1: end_of_record without a preceding SF: line'],
    [
      'SF:a.js\ngarbage',
      'lcov.info:2: expected an lcov record line (TN:, SF:, DA:, FN:, BRDA:, end_of_record), got "garbage"',
    ],
    [
      `SF:a.js\nxDA:1,1 ${'x'.repeat(80)}`,
      `lcov.info:2: expected an lcov record line (TN:, SF:, DA:, FN:, BRDA:, end_of_record), got "xDA:1,1 ${'x'.repeat(52)}"`,
    ],
    [
      'SF:a.js\nGARBAGE',
      'lcov.info:2: expected an lcov record line (TN:, SF:, DA:, FN:, BRDA:, end_of_record), got "GARBAGE"',
    ],
    [
      'SF:a.js\nDAx:1,1',
      'lcov.info:2: expected an lcov record line (TN:, SF:, DA:, FN:, BRDA:, end_of_record), got "DAx:1,1"',
    ],
    [
      'SF:a.js\nDA:1,1\nSF:b.js',
      'lcov.info:3: SF: for b.js while the record for a.js (line 1) has no end_of_record',
    ],
    ['SF:', 'lcov.info:1: SF: with no file name'],
    ['TN:\nDA:1,1', 'lcov.info:2: DA: outside a record (expected SF:<file> first)'],
    ['SF:a\nDA:0,1', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:0,1"'],
    ['SF:a\nDA:x1,1', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:x1,1"'],
    ['SF:a\nDA:1x,1', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:1x,1"'],
    ['SF:a\nDA:1', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:1"'],
    ['SF:a\nDA:1,x1', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:1,x1"'],
    ['SF:a\nDA:1,1x', 'lcov.info:2: expected DA:<line>,<hits>, got "DA:1,1x"'],
    ['SF:a\nFN:x,f', 'lcov.info:2: expected FN:<line>,<name>, got "FN:x,f"'],
    ['SF:a\nFN:1x,f', 'lcov.info:2: expected FN:<line>,<name>, got "FN:1x,f"'],
    ['SF:a\nFN:5', 'lcov.info:2: expected FN:<line>,<name>, got "FN:5"'],
    ['SF:a\nFNDA:x1,f', 'lcov.info:2: expected FNDA:<hits>,<name>, got "FNDA:x1,f"'],
    ['SF:a\nFNDA:1x,f', 'lcov.info:2: expected FNDA:<hits>,<name>, got "FNDA:1x,f"'],
    ['SF:a\nFNDA:3', 'lcov.info:2: expected FNDA:<hits>,<name>, got "FNDA:3"'],
    ['SF:a\nFNL:0', 'lcov.info:2: expected FNL:<index>,<line>[,<end>], got "FNL:0"'],
    ['SF:a\nFNL:,4', 'lcov.info:2: expected FNL:<index>,<line>[,<end>], got "FNL:,4"'],
    ['SF:a\nFNL:0,x', 'lcov.info:2: expected FNL:<index>,<line>[,<end>], got "FNL:0,x"'],
    ['SF:a\nFNA:0,1,f', 'lcov.info:2: expected FNA:<index>,<hits>,<name> after FNL:<index>, got "FNA:0,1,f"'],
    ...['FNA:0,,f', 'FNA:0,x1,f', 'FNA:0,1x,f', 'FNA:,1,f'].map((l): [string, string] => [
      `SF:a\nFNL:0,1\n${l}`,
      `lcov.info:3: expected FNA:<index>,<hits>,<name> after FNL:<index>, got ${JSON.stringify(l)}`,
    ]),
    ...['BRDA:x,0,0,1', 'BRDA:3,0,1', 'BRDA:3,0,0,x', 'BRDA:3,0,0,x1', 'BRDA:3,0,0,1x', 'BRDA:3,0,0,'].map(
      (l): [string, string] => [
        `SF:a\n${l}`,
        `lcov.info:2: expected BRDA:<line>,<block>,<branch>,<taken or ->, got ${JSON.stringify(l)}`,
      ],
    ),
  ];
  for (const [text, message] of cases) {
    it(message, () => {
      expect(fails(text)).toBe(message);
    });
  }

  it('hit counts of several digits are accepted where a single digit is', () => {
    const data = only(record('FNL:0,1', 'FNA:0,10,f', 'FN:2,g', 'FNDA:25,g', 'BRDA:1,0,0,10'));
    expect(data.f).toEqual({ 0: 10, 1: 25 });
    expect(data.b).toEqual({ 0: [10] });
    expect(only(record('FNL:0,1', 'FNA:0,5')).f).toEqual({ 0: 5 });
  });
});
