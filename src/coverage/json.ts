import { UsageError } from '../errors.js';

/** `line:col` (1-based) of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** JSON.parse with an error that names the file and the line, and says "truncated" when it is. */
export function parseJson(text: string, name: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /at position (\d+)/.exec(msg);
    if (at) {
      const pos = Number(at[1]);
      const { line, col } = lineCol(text, pos);
      const truncated = pos >= text.trimEnd().length;
      throw new UsageError(
        `${name}:${line}:${col}: ${truncated ? 'truncated' : 'malformed'} JSON (${msg.replace(/(?: in JSON)? at position \d+.*$/, '')}); expected ${expected}`,
      );
    }
    if (/end of JSON input|Unterminated/.test(msg)) {
      const { line } = lineCol(text, text.length);
      throw new UsageError(
        `${name}:${line}: truncated JSON (it ends before the document does); expected ${expected}`,
      );
    }
    throw new UsageError(`${name}: malformed JSON (${msg}); expected ${expected}`);
  }
}
