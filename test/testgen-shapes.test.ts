import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTestgenMarkdown } from '../src/report/testgen.js';
import type { TestgenResult } from '../src/results/testgen.js';
import { interiorOf } from '../src/testgen/generate.js';
import { runTestgen } from '../src/testgen/index.js';
import * as T from '../src/testgen/terms.js';
import { untypedType } from '../src/testgen/untyped.js';
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

  it('gives an untyped type dispatcher instances of builtin classes, printed as their constructors', () => {
    const text = emitted('src/kind.js');
    for (const [input, out] of [
      ['new Date(0)', 'date'],
      ['/a/g', 'regexp'],
      ['new Map([[1, 2]])', 'map'],
      ['new Set([1])', 'set'],
      ['new Uint8Array(2)', 'uint8array'],
    ])
      expect(text).toContain(`kindOf(${input}), '${out}');`);
    expect(fn('kindOf')?.branches.covered).toBe(fn('kindOf')?.branches.total);
  });

  it('constructs a class guarded by a regex built in another file, from strings matching the regex', () => {
    const text = emitted('src/semverish/version.js');
    for (const out of ['unstable', 'major', 'minor', 'patch']) expect(text).toContain(`.kind(), '${out}');`);
    expect(text).toMatch(/new Version\('v?\d+\.\d+\.\d+'\)/);
    expect(fn('Version.kind')?.branches).toEqual({ covered: 8, total: 8 });
    // Not one test per rejected string: the error's kind is its message with the input blanked
    // (the empty string, which cannot be blanked, may keep a second one).
    expect(text.match(/message: 'Invalid version: [^n]/g)?.length ?? 0).toBeLessThanOrEqual(2);
  });

  it('builds a JSDoc {Object} argument from the properties the code reads, without prototype junk', () => {
    const text = emitted('src/options.js');
    expect(text).not.toMatch(/constructor|prototype/);
    // Any truthy `long` takes the long form: the solver gives 1 or true, search under load gave -1.
    expect(text).toMatch(/format\(-?\d+, \{ long: (true|-?[1-9]\d*|'[^']+') \}\), '-?\d+ milliseconds'\)/);
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
    // A callback returning a generated value (not only `() => undefined`).
    expect(text).toMatch(
      /countWhere\(\[[^\]]*\], \(\) => (true|-?[1-9][\d.]*|'[^']+'|\{[^}]+\}|\[[^\]]*\])\)/,
    );
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

describe('types of untyped parameters', () => {
  const body = (code: string) =>
    ts.createSourceFile('f.js', `function f(x) { ${code} }`, ts.ScriptTarget.ES2022, true);
  const kinds = (t: ReturnType<typeof untypedType>) =>
    t.kind === 'union' ? t.options.map((o) => o.kind) : [t.kind];

  it('is a union over the types the typeof checks name, plus one they exclude', () => {
    const t = untypedType(
      'x',
      body("if (typeof x === 'number') return 1; if (typeof x === 'string') return 2;"),
      {
        kind: 'number',
      },
    );
    expect(kinds(t)).toEqual(['number', 'string', 'boolean']);
  });

  it('follows `var type = typeof x` and adds arrays and objects for a type dispatcher', () => {
    const t = untypedType(
      'x',
      body(
        "var t = typeof x; if (x === null) return 0; if (t === 'boolean') return 1; if (t === 'string') return 2;",
      ),
      { kind: 'unknown' },
    );
    expect(kinds(t)).toEqual(['null', 'boolean', 'string', 'undefined', 'array', 'object']);
  });

  it('reads a called parameter as a callback and `x = x || {}` as an optional object', () => {
    expect(
      kinds(
        untypedType('x', body('if (typeof x !== "function") throw 1; return x.call(null, 1);'), {
          kind: 'unknown',
        }),
      ),
    ).toContain('function');
    const opts = untypedType('x', body('x = x || {}; return x.long ? 1 : 2;'), {
      kind: 'object',
      props: [{ name: 'long', type: { kind: 'unknown' }, optional: false }],
    });
    expect(opts).toEqual({
      kind: 'union',
      options: [
        { kind: 'object', props: [{ name: 'long', type: { kind: 'unknown' }, optional: true }] },
        { kind: 'undefined' },
      ],
    });
  });
});

describe('interior inputs', () => {
  it('asks for a !== b on each numeric comparison of plain inputs, not on type tags or lengths', () => {
    const a = T.variable('a', 'num');
    const tag = T.variable('a#type', 'num');
    const len = T.variable('s.length', 'num');
    const out = interiorOf([
      T.cmp('lt', a, T.num(5)),
      T.not(T.cmp('le', tag, T.num(1))),
      T.cmp('le', len, T.num(3)),
    ]);
    expect(out).toEqual([T.not(T.eq(a, T.num(5)))]);
  });
});
