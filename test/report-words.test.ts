import { describe, expect, it } from 'vitest';
import { textTable } from '../src/report/text-table.js';
import { count } from '../src/report/words.js';

describe('count', () => {
  it('singular for exactly one, the plural with s by default, or the plural given', () => {
    expect(count(1, 'test')).toBe('1 test');
    expect(count(0, 'test')).toBe('0 tests');
    expect(count(2, 'test')).toBe('2 tests');
    expect(count(2, 'anomaly', 'anomalies')).toBe('2 anomalies');
    expect(count(1, 'anomaly', 'anomalies')).toBe('1 anomaly');
  });
});

describe('textTable', () => {
  it('right-aligns numeric columns, including the first; pads the rest; trims only line ends', () => {
    expect(
      textTable(
        ['n', 'name'],
        [true, false],
        [
          ['10', 'a'],
          ['2', 'bcd'],
        ],
      ).split('\n'),
    ).toEqual([' n  name', '--  ----', '10  a', ' 2  bcd']);
  });

  it('a short row counts as empty cells for the widths', () => {
    expect(textTable(['a', 'bb'], [false, false], [['x']]).split('\n')).toEqual(['a  bb', '-  --', 'x']);
  });
});
