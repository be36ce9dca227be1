import { UsageError } from '../errors.js';
import type { CoverageFormat } from '../results/coverage.js';

/**
 * The format of a report from its content (the name only breaks no ties): JSON objects are istanbul
 * (`statementMap`) or raw V8 (`result: [{scriptId, functions}]`), XML with a `<coverage line-rate>`
 * root is Cobertura, and `SF:`/`TN:` records are lcov. Near misses get a message saying what the
 * file looks like instead.
 */
export function detectFormat(text: string, name: string): CoverageFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (trimmed === '') throw new UsageError(`${name}: empty file: expected a coverage report`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"result"\s*:\s*\[/.test(head) && /"(scriptId|functions)"/.test(head)) return 'v8';
    if (trimmed.startsWith('[') && /"functions"\s*:/.test(head) && /"url"\s*:/.test(head)) return 'v8';
    if (/"(statementMap|fnMap|branchMap)"\s*:/.test(head)) return 'istanbul';
    if (/"total"\s*:\s*\{\s*"lines"/.test(head)) {
      throw new UsageError(
        `${name}: this is an istanbul coverage summary (coverage-summary.json), which has no per-line data`,
        'use coverage-final.json (istanbul reporter "json") or lcov.info instead',
      );
    }
    // Small or oddly ordered istanbul files: let the istanbul parser judge the whole document.
    if (trimmed.startsWith('{')) return 'istanbul';
    throw new UsageError(`${name}: a JSON list that is not raw V8 coverage ([{url, functions}])`);
  }
  if (trimmed.startsWith('<')) {
    if (/<coverage[\s>]/.test(head)) {
      if (/\bclover=|<project[\s>]/.test(head)) {
        throw new UsageError(
          `${name}: this is a Clover XML report, not Cobertura`,
          'use the cobertura, lcov or json reporter of your coverage tool',
        );
      }
      return 'cobertura';
    }
    if (/<report[\s>]/.test(head)) {
      throw new UsageError(`${name}: this looks like a JaCoCo XML report; expected Cobertura XML`);
    }
    return 'cobertura';
  }
  if (/^(TN|SF|VER):/m.test(head)) return 'lcov';
  const first = trimmed.split('\n', 1)[0]?.slice(0, 60) ?? '';
  throw new UsageError(
    `${name}: unrecognised coverage format (starts with ${JSON.stringify(first)})`,
    'expected istanbul JSON (coverage-final.json), lcov (lcov.info), Cobertura XML or raw V8 coverage JSON',
  );
}
