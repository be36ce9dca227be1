import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPreamble, seal } from '../src/testgen/emit.js';
import { mergeTestFile, parseGenerated } from '../src/testgen/merge.js';
import { runCli, tempDir } from './helpers.js';

/**
 * Regenerating tests never loses the tests a user committed (issue 14, item 8), through the built
 * CLI: `--changed-only` rewrites the changed function's block and keeps the others byte for byte,
 * and a file a person edited is not overwritten without --force.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const M = `export function a(x) {
  if (x > 10) return 'big';
  return 'small';
}

export function b(s) {
  if (s.length === 0) return 'empty';
  return s.startsWith('#') ? 'comment' : 'text';
}
`;
const TEST = 'test/gen/src/m.test.js';

function project(): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir('autoglm-keep-');
  made.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
    });
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(path.join(dir, 'src', 'm.js'), M);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'm');
  return { dir, git };
}

const testgen = (dir: string, ...extra: string[]) =>
  runCli(
    ['testgen', 'src/m.js', '--out', 'test/gen', '--framework', 'node', '--budget', '10', ...extra],
    dir,
    {
      HOME: dir,
    },
  );

/** The lines of the block of `fn` (markers included). */
function block(text: string, fn: string): string {
  const parsed = parseGenerated(text);
  const blocks = parsed.ok ? parsed.blocks : (parsed.blocks ?? []);
  const b = blocks.find((x) => x.fn.name === fn);
  if (!b) throw new Error(`no block for ${fn} in\n${text}`);
  return b.text;
}

/** Generate and commit the tests of both functions, then change a() only and commit that. */
function committedThenChanged() {
  const p = project();
  const first = testgen(p.dir);
  expect(first.code).toBe(0);
  const before = readFileSync(path.join(p.dir, TEST), 'utf8');
  expect(before).toContain("describe('b'");
  p.git('add', '-A');
  p.git('commit', '-qm', 'tests');
  writeFileSync(path.join(p.dir, 'src', 'm.js'), M.replace('x > 10', 'x > 100'));
  p.git('commit', '-qam', 'a changes');
  return { ...p, before };
}

describe('testgen --changed-only keeps the tests of unchanged functions (item 8)', () => {
  it('regenerates a() only; b() keeps its block byte for byte and every test still passes', () => {
    const { dir, git, before } = committedThenChanged();
    const r = testgen(dir, '--changed-only', '--base', 'HEAD~1');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${TEST}: kept the tests of b as written`);
    const after = readFileSync(path.join(dir, TEST), 'utf8');
    expect(after).toContain("describe('b'");
    expect(block(after, 'b')).toBe(block(before, 'b'));
    expect(block(after, 'a')).not.toBe(block(before, 'a'));
    expect(block(after, 'a')).toContain('x > 100');
    // git sees a() change and nothing deleted from b().
    const diff = git('diff', '--numstat', '--', TEST).trim().split(/\s+/);
    expect(Number(diff[1])).toBeLessThanOrEqual(Number(diff[0]));
    const run = spawnSync(process.execPath, ['--test', TEST], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toMatch(/# pass 5/);
    expect(run.stdout).toMatch(/# fail 0/);
  });

  it('autoglm run with testgen: {changed_only: true} keeps them too', () => {
    const { dir, before } = committedThenChanged();
    writeFileSync(
      path.join(dir, 'autoglm.yml'),
      'testgen:\n  targets: [src/m.js]\n  out: test/gen\n  framework: node\n  budget: 10\n  changed_only: true\n  base: HEAD~1\n',
    );
    const r = runCli(['run', '--config', 'autoglm.yml'], dir, { HOME: dir });
    expect(r.code).toBe(0);
    const after = readFileSync(path.join(dir, TEST), 'utf8');
    expect(after).toContain("describe('b'");
    expect(block(after, 'b')).toBe(block(before, 'b'));
    expect(block(after, 'a')).toContain('x > 100');
  });
});

describe('a generated file a person edited (item 8)', () => {
  it('is not overwritten without --force: exit 2 naming the file and the flag', () => {
    const { dir } = committedThenChanged();
    const file = path.join(dir, TEST);
    const edited = readFileSync(file, 'utf8').replace(
      "assert.equal(b(''), 'empty');",
      "assert.equal(b(''), 'empty'); // checked",
    );
    writeFileSync(file, edited);
    const r = testgen(dir, '--changed-only', '--base', 'HEAD~1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${TEST}: it was edited since autoglm testgen wrote it`);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    // A full run is refused the same way.
    expect(testgen(dir).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('--force regenerates the changed function and keeps the edited blocks it did not regenerate', () => {
    const { dir } = committedThenChanged();
    const file = path.join(dir, TEST);
    const edited = readFileSync(file, 'utf8').replace(
      "assert.equal(b(''), 'empty');",
      "assert.equal(b(''), 'empty'); // checked",
    );
    writeFileSync(file, edited);
    const r = testgen(dir, '--changed-only', '--base', 'HEAD~1', '--force');
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(block(after, 'b')).toBe(block(edited, 'b'));
    expect(block(after, 'a')).toContain('x > 100');
    // Sealed again: the next run may rewrite it without --force.
    expect(parseGenerated(after).ok).toBe(true);
  });

  it('a file at the test path that testgen did not write (no hash line) is left alone too', () => {
    const p = project();
    const file = path.join(p.dir, TEST);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "import { a } from '../../../src/m.js';\n// my own tests\n");
    const r = testgen(p.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no "autoglm-testgen sha256=" line');
    expect(readFileSync(file, 'utf8')).toContain('// my own tests');
  });
});

describe('merging blocks', () => {
  const fn = (name: string) => ({ name, exportName: name, kind: 'function' as const });
  const file = (names: string[], body: (n: string) => string) => {
    const lines = renderPreamble(
      { file: '/p/src/m.ts', language: 'ts', moduleKind: 'esm' },
      '/p/test/m.test.ts',
      names.map(fn),
      'vitest',
    );
    for (const n of names) {
      lines.push('', `// autoglm-testgen:begin ${JSON.stringify(fn(n))}`, body(n), '// autoglm-testgen:end');
    }
    return seal(`${lines.join('\n')}\n`);
  };

  it('replaces fresh blocks, keeps the others, drops those of functions gone, imports the union', () => {
    const previous = file(['a', 'b', 'gone'], (n) => `describe('${n}', () => {}); // old`);
    const fresh = file(['a', 'c'], (n) => `describe('${n}', () => {}); // new`);
    const merged = mergeTestFile({
      source: '/p/src/m.ts',
      testFile: '/p/test/m.test.ts',
      framework: 'vitest',
      fresh,
      previous,
      sourceFunctions: new Set(['a', 'b', 'c']),
    });
    expect(merged.kept).toEqual(['b']);
    expect(merged.text).toContain("import { a, b, c } from '../src/m.js';");
    const parsed = parseGenerated(merged.text);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.blocks.map((x) => [x.fn.name, x.text.split('\n')[1]])).toEqual([
      ['a', "describe('a', () => {}); // new"],
      ['b', "describe('b', () => {}); // old"],
      ['c', "describe('c', () => {}); // new"],
    ]);
  });

  it('tells an edited file by its hash', () => {
    const text = file(['a'], () => 'x');
    expect(parseGenerated(text).ok).toBe(true);
    const edited = parseGenerated(text.replace('x', 'y'));
    expect(edited).toMatchObject({
      ok: false,
      why: expect.stringContaining('edited since autoglm testgen wrote it'),
    });
  });
});
