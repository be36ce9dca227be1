import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCOPES, testsFor } from '../scripts/mutation.js';
import { DIST_TESTS } from './dist-tests.js';

// `npm run mutation`'s scopes: each mutant runs only unit tests (dist/ is built from the unmutated
// source, so a test that spawns it can never kill a mutant), and with --per-file only those that
// import the mutated file.

describe('mutation scopes', () => {
  it('list only unit test files that exist', () => {
    for (const [name, scope] of Object.entries(SCOPES)) {
      for (const t of scope.tests) {
        expect(existsSync(t), `${name}: ${t}`).toBe(true);
        expect(DIST_TESTS, `${name}: ${t} spawns dist/`).not.toContain(t);
      }
    }
  });

  it('--per-file runs the tests that reach the file through their imports, and no others', () => {
    const coverage = SCOPES.coverage as (typeof SCOPES)[string];
    // Directly (coverage-lcov imports lcov.ts) and through other modules (coverage-inputs: ingest.ts).
    expect(testsFor(coverage, 'src/coverage/lcov.ts')).toEqual(
      expect.arrayContaining(['test/coverage-lcov.test.ts', 'test/coverage-inputs.test.ts']),
    );
    // The format sniffer's tests never load the lcov parser.
    expect(testsFor(coverage, 'src/coverage/lcov.ts')).not.toContain('test/coverage-detect.test.ts');
    expect(testsFor(SCOPES.report as (typeof SCOPES)[string], 'src/report/codequality.ts')).toEqual([
      'test/gitlab-reports.test.ts',
      'test/codequality-report.test.ts',
    ]);
  });
});
