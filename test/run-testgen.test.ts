import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, runCli, tempDir } from './helpers.js';

describe('autoglm run with a testgen section', () => {
  it('generates the three login tests, reports them, and leaves the verdict to the gates', () => {
    const dir = tempDir('autoglm-run-testgen-');
    mkdirSync(path.join(dir, 'src'));
    copyFileSync(path.join(DEMO, 'src', 'login.ts'), path.join(dir, 'src', 'login.ts'));
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      'testgen:\n  targets: [src/login.ts]\n  out: test/generated\n  budget: 30\nbaseline:\n  store: none\n',
    );
    const r = runCli(['run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/login\s+src\/login\.ts:5\s+3\s+3\/0\s+100\.0% \(4\/4\)/);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    expect(results.testgen.totals.tests).toBe(3);
    const emitted = readFileSync(path.join(dir, 'test', 'generated', 'src', 'login.test.ts'), 'utf8');
    expect(emitted).toContain('returns "invalid username" when username.length < 6');
    expect(readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8')).toContain('Generated tests');
  });
});
