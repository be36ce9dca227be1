import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { coverageGates } from '../src/config/coverage.js';
import { parseConfig } from '../src/config/load.js';
import { analyzeCoverage, coverageOptionsFromConfig } from '../src/coverage/analyze.js';
import { readResults } from '../src/results/io.js';
import { ROOT, tempDir, usageError } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'coverage');
const PROJECT = path.join(FIXTURES, 'sample-project');

async function run(args: string[], cwd = FIXTURES) {
  let stdout = '';
  let stderr = '';
  const code = await main(['coverage', ...args], {
    cwd,
    env: {},
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

describe('autoglm coverage', () => {
  it('reads reports, writes the results document, Cobertura and markdown; the document is a later baseline', async () => {
    const out = tempDir('autoglm-cov-cli-');
    const json = path.join(out, 'results.json');
    const r = await run([
      '--current',
      'shard-1/coverage-final.json',
      'shard-2/coverage-final.json',
      '--root',
      PROJECT,
      '--json',
      json,
      '--cobertura',
      path.join(out, 'cobertura.xml'),
      '--markdown',
      path.join(out, 'coverage.md'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lines\s+69\.86% \(51\/73\)$/m);
    const doc = await readResults(json);
    expect(doc.coverage?.totals.lines).toEqual({ covered: 51, total: 73 });
    expect(doc.coverage?.inputs.map((i) => i.format)).toEqual(['istanbul', 'istanbul']);
    expect(readFileSync(path.join(out, 'cobertura.xml'), 'utf8')).toContain('filename="src/math.js"');
    expect(readFileSync(path.join(out, 'coverage.md'), 'utf8')).toContain('| lines | 69.86% (51/73) |');

    const again = await run(['--current', 'shard-1/lcov.info', '--root', PROJECT, '--baseline', json]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^lines\s+\d+\.\d+% \(\d+\/73\)\s+69\.86%\s+−\d+\.\d+ pp$/m);
  });

  it('a raw coverage report works as the baseline too', async () => {
    const r = await run([
      '--current',
      'full/lcov.info',
      '--root',
      PROJECT,
      '--baseline',
      'shard-1/cobertura-coverage.xml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lines\s+69\.86% \(51\/73\)\s+\d+\.\d+%\s+\+\d+\.\d+ pp$/m);
  });

  it('takes files, format and exclude from the coverage: section of the config', async () => {
    const dir = tempDir('autoglm-cov-cfg-');
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      `coverage:\n  files: ["${FIXTURES}/full/*.info"]\n  exclude: ["src/unused.js"]\n  gates:\n    lines: {min: 60, max_drop: 0.5}\n    patch: {min: 80, mode: warn}\n`,
    );
    const r = await run(['--root', PROJECT], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lines\s+77\.27% \(51\/66\)$/m);
  });

  it('bad usage exits 2 with a message', async () => {
    const none = await run([], tempDir('autoglm-cov-empty-'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no coverage report given/);
    const fmt = await run(['--current', 'full/lcov.info', '--format', 'clover']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/--format: expected one of auto, istanbul, lcov, cobertura, v8, got "clover"/);
    const bad = await run(['--current', 'sample-project/package.json', '--root', PROJECT]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/package\.json: entry "name": expected a file coverage object/);
    // `--base=VALUE`: the value reaches the command (`--base --upload-pack=x` would stop at parseArgs).
    const base = await run(['--current', 'full/lcov.info', '--root', PROJECT, '--base=--upload-pack=x']);
    expect(base.code).toBe(2);
    expect(base.stderr).toMatch(/--base "--upload-pack=x": expected a git ref or commit/);
  });
});

describe('coverage: config section', () => {
  it('parses with defaults and names the gates by metric', () => {
    const { config } = parseConfig(
      'coverage:\n  files: [coverage/lcov.info]\n  gates:\n    lines: {min: 80, max_drop: "2%"}\n',
      'autoglm.yml',
    );
    expect(config.coverage?.format).toBe('auto');
    expect(config.coverage?.gate_indirect).toBe(false);
    expect(coverageGates(config.coverage)).toEqual({
      'coverage.lines': { min: 80, max_drop: { amount: 0.02, relative: true, text: '2%' }, mode: 'block' },
    });
  });

  it('becomes analyzeCoverage options (what autoglm run calls), paths relative to the config', async () => {
    const { config } = parseConfig(
      'coverage:\n  files: ["shard-*/coverage-final.json"]\n  cobertura: out/cobertura.xml\n',
      path.join(FIXTURES, 'autoglm.yml'),
    );
    if (!config.coverage) throw new Error('no coverage section');
    const options = coverageOptionsFromConfig(config.coverage, FIXTURES, PROJECT);
    expect(options.cobertura).toBe(path.join(FIXTURES, 'out', 'cobertura.xml'));
    const a = await analyzeCoverage({ ...options, env: {} });
    expect(a.section.inputs.map((i) => i.file)).toEqual([
      'shard-1/coverage-final.json',
      'shard-2/coverage-final.json',
    ]);
    expect(a.section.totals.lines).toEqual({ covered: 51, total: 73 });
  });

  it('errors name the key and suggest the right one', () => {
    expect(usageError(() => parseConfig('coverage:\n  file: [x]\n', 'autoglm.yml')).message).toMatch(
      /autoglm\.yml:2:3: coverage\.file: unknown key; did you mean "files"\?/,
    );
    expect(
      usageError(() => parseConfig('coverage:\n  files: [x]\n  format: clover\n', 'a.yml')).message,
    ).toMatch(/a\.yml:3:11: coverage\.format: expected one of auto, istanbul, lcov, cobertura, v8/);
    expect(
      usageError(() =>
        parseConfig('coverage:\n  files: [x]\n  gates:\n    patch: {min: 80, max_drop: 1}\n', 'a.yml'),
      ).message,
    ).toMatch(/coverage\.gates\.patch\.max_drop: unknown key/);
    expect(
      usageError(() => parseConfig('coverage:\n  files: [x]\n  gates:\n    lines: {min: 180}\n', 'a.yml'))
        .message,
    ).toMatch(/coverage\.gates\.lines\.min: expected a percentage between 0 and 100/);
  });
});
