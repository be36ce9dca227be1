import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colourReport, wantsColour } from '../src/cli/colour.js';
import { printReport } from '../src/cli/human.js';
import { fmtMemory } from '../src/report/format.js';
import { count } from '../src/report/words.js';
import { model, results, suite } from './factories.js';
import { DEMO, demoCopy, ROOT, runCli, tempDir } from './helpers.js';

const ESC = '\u001b[';

describe('terminal output a new user reads', () => {
  it('counts in the right number and never shows memory as 0.0 MiB', () => {
    expect(count(1, 'test')).toBe('1 test');
    expect(count(3, 'file')).toBe('3 files');
    expect(fmtMemory(0)).toBe('–');
    expect(fmtMemory(0.04)).toBe('41.0 KiB');
    expect(fmtMemory(1.5)).toBe('1.5 MiB');
  });

  it('lists --json once in coverage --help and testgen --help, with its one meaning', () => {
    for (const command of ['coverage', 'testgen']) {
      const help = runCli([command, '--help'], tempDir()).stdout;
      expect(help.match(/^\s+--json FILE/gm), command).toHaveLength(1);
    }
  });

  it('explains a mean above p95 instead of leaving it to look like a bug', () => {
    let out = '';
    const io = { cwd: '.', env: {}, stdout: (s: string) => (out += s), stderr: () => {} };
    const skewed = model('spiky', {
      latency: { meanMs: 0.21, p50Ms: 0.03, p95Ms: 0.08, p99Ms: 9, minMs: 0.02, maxMs: 10.2 },
    });
    printReport(io, results([suite([model('steady'), skewed])]), false);
    expect(out).toContain('Note: mean latency above p95 for spiky (slowest sample 10.20 ms)');
    expect(out).not.toContain('steady (slowest');
  });

  it('colours only on a TTY, never with NO_COLOR, on demand with FORCE_COLOR', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colourReport('x\nVerdict: regression')).toBe(`x\n${ESC}31mVerdict: regression${ESC}0m`);
    const piped = runCli(['run', '--config', 'autoglm.yml'], demoCopy());
    expect(piped.stdout).not.toContain(ESC);
    const forced = runCli(['run', '--config', 'autoglm.yml'], demoCopy(), { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${ESC}32mVerdict: pass${ESC}0m`);
  });

  it('lines up the coverage table: percentages under each other, counts after them', () => {
    const fx = path.join(ROOT, 'test', 'fixtures', 'coverage');
    const r = runCli(
      [
        'coverage',
        '--current',
        path.join(fx, 'full', 'coverage-final.json'),
        '--baseline',
        path.join(fx, 'shard-1', 'coverage-final.json'),
        '--root',
        path.join(fx, 'sample-project'),
      ],
      tempDir(),
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(lines|statements|functions|branches) /.test(l));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((l) => l.indexOf('%'))).size).toBe(1);
    expect(new Set(rows.map((l) => l.lastIndexOf('%'))).size).toBe(1);
    const worst =
      r.stdout
        .split('Worst files:\n')[1]
        ?.split('\n')
        .filter((l) => l.includes('src/')) ?? [];
    expect(worst.length).toBeGreaterThan(1);
    expect(new Set(worst.map((l) => l.indexOf('%'))).size).toBe(1);
    expect(new Set(worst.map((l) => l.indexOf('src/'))).size).toBe(1);
  });

  it('--quiet prints the verdict alone, nothing on stderr', () => {
    const r = runCli(['run', '--quiet'], demoCopy());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Verdict: pass\n');
    expect(r.stderr).toBe('');
  });

  it('an ad-hoc eval says when it replaces the results and report of an earlier run', () => {
    const dir = tempDir();
    const args = [
      'eval',
      '--model',
      `m=${path.join(DEMO, 'models', 'digits-v1.onnx')}`,
      '--synthetic',
      'pixels:float32[1,64]',
      '--samples',
      '4',
    ];
    const first = runCli(args, dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Results: autoglm-results.json  Report: autoglm-report.md');
    expect(first.stderr).not.toContain('replaced');
    writeFileSync(path.join(dir, 'keep.txt'), '');
    const second = runCli(args, dir);
    expect(second.stderr).toContain(
      '[autoglm] replaced the earlier autoglm-results.json and autoglm-report.md',
    );
  });
});
