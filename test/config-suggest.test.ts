import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/config/suggest.js';

/**
 * The "did you mean" of config errors: the closest candidate by edit distance (case-insensitive),
 * offered only within max(2, floor(length / 3)) edits; `-`, `_` and case alone never count.
 */
describe('didYouMean', () => {
  it.each([
    // [input, candidate, offered?]: each edit kind at the limit, and one edit past it.
    ['abcdefghi', 'abcdefxyz', true], // 3 substitutions at the end, limit 3
    ['abcdefghi', 'abcdewxyz', false], // 4
    ['abcdefghi', 'xyzdefghi', true], // 3 substitutions at the start
    ['abcdefghi', 'wxyzefghi', false],
    ['abcdefghi', 'abcdefghixyz', true], // 3 insertions
    ['abcdefghi', 'abcdefghiwxyz', false],
    ['abcdefghi', 'defghi', true], // 3 deletions
    ['abcdefghi', 'efghi', false],
    ['abcdef', 'abcdxy', true], // limit 2 below 9 characters
    ['abcdef', 'abcxyz', false],
    ['ab', 'xy', true], // never under 2
    ['ab', 'xyz', false],
    ['abcdefghijkl', 'abcdefghwxyz', true], // limit 4 at 12 characters
    ['abcdefghijkl', 'abcdefgvwxyz', false],
    ['ab', 'ba', true], // a swap is two edits
    ['abc', 'bca', true],
    ['abcdef', 'badcfe', false],
  ])('%s -> %s: offered %s', (input, candidate, offered) => {
    expect(didYouMean(input, [candidate])).toBe(offered ? candidate : undefined);
  });

  it('ignores case, dashes and underscores', () => {
    expect(didYouMean('BATCH-SIZE', ['warmup', 'batch_size'])).toBe('batch_size');
    expect(didYouMean('Batch__Size_Maximum', ['batchsizemaximum'])).toBe('batchsizemaximum');
    expect(didYouMean('ACURACY', ['accuracy'])).toBe('accuracy');
    // Three edits apart, but the same name once dashes are dropped.
    expect(didYouMean('a-b-c-d', ['abcd'])).toBe('abcd');
  });

  it('picks the closest candidate; on a tie, the first listed', () => {
    expect(didYouMean('modle', ['mode', 'model', 'models'])).toBe('mode');
    expect(didYouMean('modl', ['models', 'model'])).toBe('model');
    expect(didYouMean('cat', ['bat', 'hat'])).toBe('bat');
    expect(didYouMean('cat', ['hat', 'bat'])).toBe('hat');
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
