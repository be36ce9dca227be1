import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceHash } from '../scripts/lib/source-hash.js';
import { DIST_TESTS } from './dist-tests.js';
import { ROOT, tempDir } from './helpers.js';

/** How a test reaches the built code: the CLI, the action or library entry, or a packed copy. */
const SPAWNS_DIST =
  /runCli\(|'bin', 'autoglm|bin\/autoglm|'dist'|dist\/(index|cli|lib)|open-autoglm-ci@file:/;

describe('the test suite itself', () => {
  it('every file that runs the built dist/ is in the dist project (rebuilt when stale)', () => {
    const spawning = readdirSync(path.join(ROOT, 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .filter((f) => SPAWNS_DIST.test(readFileSync(path.join(ROOT, 'test', f), 'utf8')))
      .map((f) => `test/${f}`)
      .filter((f) => f !== 'test/test-suite.test.ts');
    expect(spawning.filter((f) => !DIST_TESTS.includes(f))).toEqual([]);
    expect(spawning.length).toBeGreaterThan(10);
  });

  it("dist/'s stamp follows src/ content only: same sources, same stamp; any edit, a new one", () => {
    const make = () => {
      const dir = tempDir('autoglm-stamp-');
      cpSync(path.join(ROOT, 'src', 'errors.ts'), path.join(dir, 'src', 'errors.ts'), { recursive: true });
      cpSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
      return dir;
    };
    const a = make();
    const b = make();
    // Not git repositories: the plain walk; paths and bytes, not where or when the files were made.
    expect(sourceHash(a)).toBe(sourceHash(b));
    const before = sourceHash(a);
    writeFileSync(
      path.join(a, 'src', 'errors.ts'),
      `${readFileSync(path.join(a, 'src', 'errors.ts'), 'utf8')}\n`,
    );
    expect(sourceHash(a)).not.toBe(before);
    writeFileSync(path.join(b, 'tsconfig.json'), '{}\n');
    expect(sourceHash(b)).not.toBe(before);
  });
});
