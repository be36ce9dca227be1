import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');

/** The sample project with its real c8 report, as a project running `autoglm run` would have it. */
function project(gates: string): string {
  const dir = tempDir('autoglm-run-cov-');
  cpSync(path.join(FIXTURES, 'sample-project'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'coverage'));
  cpSync(
    path.join(FIXTURES, 'full', 'coverage-final.json'),
    path.join(dir, 'coverage', 'coverage-final.json'),
  );
  writeFileSync(
    path.join(dir, 'autoglm.yml'),
    `coverage:\n  files: [coverage/coverage-final.json]\n  cobertura: out/cobertura.xml\n  gates:\n${gates}\nbaseline:\n  store: none\n`,
  );
  return dir;
}

describe('autoglm run with a coverage section and no model suites', () => {
  it('reports coverage, writes Cobertura, and passes a met gate', () => {
    const dir = project('    lines: {min: 50}');
    const r = runCli(['run'], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const lines = results.coverage.totals.lines;
    expect(lines.total).toBeGreaterThan(0);
    expect(results.gates).toEqual([
      expect.objectContaining({ metric: 'coverage.lines', status: 'pass', min: 50, mode: 'block' }),
    ]);
    expect(readFileSync(path.join(dir, 'out', 'cobertura.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<coverage /);
    expect(readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8')).toMatch(/src\/math\.js/);
  });

  it('fails a block gate the coverage does not meet, naming the figure', () => {
    const dir = project('    lines: {min: 99.5}');
    const r = runCli(['run'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL gate coverage\.lines coverage\/all files: \d+(\.\d+)? \(min 99\.5\) \[block\]/,
    );
  });
});
