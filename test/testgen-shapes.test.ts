import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTestgenMarkdown } from '../src/report/testgen.js';
import type { TestgenResult } from '../src/results/testgen.js';
import { runTestgen } from '../src/testgen/index.js';
import { ROOT, tempDir } from './helpers.js';

/**
 * Module shapes and patterns of real npm code (test/fixtures/testgen-shapes, each reproducing one
 * seen in a package's source): every shape yields tests, untyped parameters are explored per type,
 * ES5 constructors are called with `new` and their methods in sequences, inputs are readable, and
 * the module's own coverage (helpers included) is reported.
 */
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'testgen-shapes');

let dir: string;
let result: TestgenResult;
const emitted = (source: string): string => {
  const f = result.files.find((x) => x.file === source);
  expect(f?.testFile, `${source} has a test file`).toBeDefined();
  return readFileSync(path.join(dir, f?.testFile as string), 'utf8');
};
const fn = (name: string) => result.functions.find((f) => f.name === name);

describe('testgen on real-world module shapes', () => {
  beforeAll(async () => {
    dir = tempDir('autoglm-testgen-shapes-');
    cpSync(FIXTURES, path.join(dir, 'src'), { recursive: true });
    ({ result } = await runTestgen({
      cwd: dir,
      targets: ['src/**/*.js', 'src/**/*.mjs', 'src/**/*.ts'],
      framework: 'node',
      budgetSeconds: 45,
    }));
  }, 240_000);

  it('finds the function of Babel CommonJS output and follows its helper in another file', () => {
    expect(fn('isSmall')).toMatchObject({ status: expect.stringMatching(/tested|partial/) });
    expect(fn('isSmall')?.tests).toBeGreaterThan(1);
    const text = emitted('src/babel/isSmall.js');
    // The helper's TypeError (a non-number) and both results are pinned.
    expect(text).toMatch(/name: 'TypeError', message: 'Expected a number but received a /);
    expect(text).toMatch(/isSmall\([^)]*\), (true|false)\)/);
  });

  it('explores an untyped parameter as each type its typeof checks name', () => {
    const text = emitted('src/typeof.js');
    for (const out of ['positive number', 'other number', 'text', 'null', 'other'])
      expect(text).toContain(`, '${out}');`);
    expect(fn('describe')?.branches).toEqual({ covered: 10, total: 10 });
  });

  it('calls an ES5 constructor with new and its methods in sequences, never bare', () => {
    const text = emitted('src/stack.js');
    expect(text).not.toMatch(/[^w] Stack\(/);
    expect(text).toMatch(/const subject = new Stack\([^)]*\);\n\s+subject\.push\(/);
    expect(text).toContain("{ name: 'Error', message: 'stack is empty' }");
    expect(text).toContain("{ name: 'RangeError', message: 'stack is full' }");
    expect(fn('Stack.peek')?.branches).toEqual({ covered: 2, total: 2 });
    expect(fn('Stack.push')?.branches.covered).toBe(fn('Stack.push')?.branches.total);
  });

  it('builds a JSDoc {Object} argument from the properties the code reads, without prototype junk', () => {
    const text = emitted('src/options.js');
    expect(text).not.toMatch(/constructor|prototype/);
    expect(text).toMatch(/format\(-?\d+, \{ long: (true|1|'[^']+') \}\), '-?\d+ milliseconds'\)/);
  });

  it('tests a UMD wrapper, ESM exports and TypeScript export =', () => {
    expect(fn('joinWords')?.tests).toBeGreaterThan(0);
    expect(emitted('src/umd.js')).toContain("require('");
    expect(fn('sign')?.branches.covered).toBe(fn('sign')?.branches.total);
    expect(fn('isBlank')?.tests).toBeGreaterThan(0);
    expect(fn('grade')?.branches).toEqual({ covered: 4, total: 4 });
  });

  it('passes callbacks as small arrow functions that return generated values', () => {
    const text = emitted('src/callbacks.js');
    expect(text).toMatch(/countWhere\(\[[^\]]*\], \(\) => (true|1|'[^']+'|\{[^}]+\}|\[[^\]]*\])\)/);
    expect(text).toContain("{ name: 'TypeError', message: 'pred must be a function' }");
    expect(fn('countWhere')?.branches.covered).toBe(fn('countWhere')?.branches.total);
  });

  it('reports the module coverage, helpers included, beside the function figures', () => {
    const file = result.files.find((f) => f.file === 'src/helpers.js');
    const own = fn('progress')?.branches.total ?? 0;
    expect(file?.module?.branches.total).toBeGreaterThan(own);
    expect(file?.module?.branches.covered).toBe(file?.module?.branches.total);
    expect(file?.module?.statements.covered).toBe(file?.module?.statements.total);
    expect(renderTestgenMarkdown(result)).toContain('| module | branches | statements |');
  });

  it('keeps only tests that assert a result or an error, with small readable numbers', () => {
    for (const f of result.files.filter((x) => x.testFile)) {
      const text = emitted(f.file);
      const bodies = text.split(/\n {2}it\(/).slice(1);
      expect(bodies.length).toBeGreaterThan(0);
      for (const b of bodies)
        expect(b, `${f.file}: ${b}`).toMatch(/assert\.(equal|deepEqual|throws|rejects)/);
      expect(text, f.file).not.toMatch(/\de[+-]\d/);
    }
  });
});

describe('testgen --base with new functions', () => {
  it('lists a function the base lacks as new, not as behaviour changes', async () => {
    const d = tempDir('autoglm-testgen-new-');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: d });
    git('init', '-q');
    mkdirSync(path.join(d, 'src'));
    const one = "exports.one = function one(n) { return n > 1 ? 'many' : 'one'; };\n";
    writeFileSync(path.join(d, 'src', 'm.js'), one);
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(
      path.join(d, 'src', 'm.js'),
      `${one}exports.clamp = function clamp(n) { return n < 0 ? 0 : n > 9 ? 9 : n; };\n`,
    );
    const { result: r } = await runTestgen({
      cwd: d,
      targets: ['src/m.js'],
      framework: 'node',
      budgetSeconds: 15,
      base: 'HEAD',
    });
    expect(r.newFunctions).toEqual([{ file: 'src/m.js', function: 'clamp' }]);
    expect(r.behaviourChanges).toEqual([]);
    expect(renderTestgenMarkdown(r)).toContain('New since `HEAD`: `clamp`.');
  }, 120_000);
});
