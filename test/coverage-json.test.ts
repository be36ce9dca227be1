import { describe, expect, it } from 'vitest';
import { lineCol, parseJson } from '../src/coverage/json.js';
import { usageError } from './helpers.js';

/** JSON report errors (src/coverage/json.ts): the whole message, for each way a document goes wrong. */
const fails = (text: string) => usageError(() => parseJson(text, 'f.json', 'a thing')).message;

describe('parseJson', () => {
  it('an error at the last character is a truncated document; the position becomes line and column', () => {
    expect(fails('[1,\n2')).toBe(
      "f.json:2:2: truncated JSON (Expected ',' or ']' after array element); expected a thing",
    );
    expect(fails('{"a": 1 2}')).toBe(
      "f.json:1:9: malformed JSON (Expected ',' or '}' after property value); expected a thing",
    );
    // One character before the end is not the end.
    expect(fails('[1 2')).toBe(
      "f.json:1:4: malformed JSON (Expected ',' or ']' after array element); expected a thing",
    );
    expect(fails('{"a": 1}\n}')).toBe(
      'f.json:2:1: malformed JSON (Unexpected non-whitespace character after JSON); expected a thing',
    );
  });

  it('a document that ends too early with no position: the last line is named', () => {
    expect(fails('{"a": [1,\n  2,\n')).toBe(
      'f.json:3: truncated JSON (it ends before the document does); expected a thing',
    );
    expect(fails('')).toBe('f.json:1: truncated JSON (it ends before the document does); expected a thing');
  });

  it('any other parser message is passed on whole, with the file and what was expected', () => {
    expect(fails('{"a": x}')).toBe(
      `f.json: malformed JSON (Unexpected token 'x', "{"a": x}" is not valid JSON); expected a thing`,
    );
  });
});

describe('lineCol', () => {
  it('a newline belongs to the line it ends; an offset past the text counts on', () => {
    expect(lineCol('a\n\nb', 1)).toEqual({ line: 1, col: 2 });
    expect(lineCol('a\n\nb', 2)).toEqual({ line: 2, col: 1 });
    expect(lineCol('a\n\nb', 3)).toEqual({ line: 3, col: 1 });
    expect(lineCol('ab', 5)).toEqual({ line: 1, col: 6 });
    expect(lineCol('', 0)).toEqual({ line: 1, col: 1 });
  });
});
