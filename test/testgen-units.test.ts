import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestgenConfigSchema } from '../src/config/testgen.js';
import { analyseFiles, inferFromUsage } from '../src/testgen/analyse.js';
import { renderTestFile, testName } from '../src/testgen/emit.js';
import { DEFAULT_LIMITS, Explorer } from '../src/testgen/explore.js';
import { minimise, pathsWorthSolving, withOracleTests } from '../src/testgen/generate.js';
import { prepareModule } from '../src/testgen/instrument.js';
import { display, encodedLiteral, inputLiteral, quote } from '../src/testgen/literal.js';
import { regexForTest, UnsupportedRegex } from '../src/testgen/regex.js';
import { Sandbox, sandboxCall } from '../src/testgen/sandbox.js';
import { closeSolver, decodeZ3String, Z3Session } from '../src/testgen/solve.js';
import * as T from '../src/testgen/terms.js';
import type { Execution, FunctionInfo } from '../src/testgen/types.js';
import { tempDir } from './helpers.js';

function source(name: string, text: string): string {
  const dir = tempDir('autoglm-testgen-');
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('literals', () => {
  it('quotes strings so they round-trip, with escapes for control characters', () => {
    for (const s of ["it's", 'a\\b', 'line\nbreak', '\u0007bell', 'tab\there', '\u2028', 'ünï']) {
      expect(new Function(`return ${quote(s)}`)()).toBe(s);
    }
    expect(quote("it's")).toBe("'it\\'s'");
  });

  it('prints inputs and results as JS literals, with NaN, -0 and Infinity', () => {
    expect(inputLiteral([1, -0, 'x', null, undefined, { a: 1, 'b-c': [true] }])).toBe(
      "[1, -0, 'x', null, undefined, { a: 1, 'b-c': [true] }]",
    );
    expect(encodedLiteral({ t: 'number', v: 'NaN' })).toBe('Number.NaN');
    expect(
      encodedLiteral({
        t: 'map',
        entries: [
          [
            { t: 'string', v: 'k' },
            { t: 'number', v: 1 },
          ],
        ],
      }),
    ).toBe("new Map([['k', 1]])");
    expect(encodedLiteral({ t: 'array', items: [{ t: 'opaque', type: 'Date' }] })).toBeUndefined();
    expect(display({ t: 'string', v: 'invalid username' })).toBe('"invalid username"');
  });

  it('decodes the escapes Z3 prints for non-printable characters', () => {
    expect(decodeZ3String('a\\u{7}b\\u{1F600}')).toBe('a\u0007b\u{1F600}');
  });
});

describe('terms', () => {
  it('folds constants and turns indexOf comparisons into containment', () => {
    const s = T.variable('s', 'str');
    expect(T.arith('add', T.num(2), T.num(3))).toEqual(T.num(5));
    expect(T.eq(T.str('a'), T.str('b'))).toEqual(T.FALSE);
    const idx = T.indexOf(s, T.str('.'));
    expect(T.eq(idx, T.num(-1))).toEqual(T.not(T.strPred('contains', s, T.str('.'))));
    expect(T.cmp('le', T.num(0), idx)).toEqual(T.strPred('contains', s, T.str('.')));
    expect(T.and(T.TRUE, T.FALSE)).toEqual(T.FALSE);
  });
});

describe('analysis', () => {
  it('finds exported functions, arrows and class methods with their parameter types', () => {
    const file = source(
      'm.ts',
      `export function f(a: string, b?: number, c = 3) { return a + b + c; }
export const g = (xs: ('x' | 'y')[], o: { id: number; tag?: string }) => xs.length + o.id;
function hidden() { return 1; }
export { hidden as visible };
export class K { constructor(private n: number) {} inc(by: number) { return this.n + by; } private p() { return 0; } static make(x: boolean) { return x; } }
export default function (s: string | null) { return s; }
`,
    );
    const { infos } = analyseFiles([file]);
    const fns = infos[0]?.functions ?? [];
    expect(fns.map((f) => `${f.name}:${f.exportName}:${f.kind}`)).toEqual([
      'f:f:function',
      'g:g:function',
      'visible:visible:function',
      'K.inc:K:method',
      'K.make:K:static',
      'default:default:function',
    ]);
    const f = fns[0] as FunctionInfo;
    expect(f.params.map((p) => [p.name, p.type.kind, p.optional, p.source])).toEqual([
      ['a', 'string', false, 'annotation'],
      ['b', 'union', true, 'annotation'],
      ['c', 'union', true, 'default'],
    ]);
    // A defaulted parameter may be left out: undefined is one of its inputs.
    expect(f.params[2]?.type).toEqual({
      kind: 'union',
      options: [{ kind: 'number' }, { kind: 'undefined' }],
    });
    expect((fns[1] as FunctionInfo).params[0]?.type).toEqual({
      kind: 'array',
      element: {
        kind: 'union',
        options: [
          { kind: 'literal', value: 'x' },
          { kind: 'literal', value: 'y' },
        ],
      },
    });
    expect((fns[3] as FunctionInfo).ctorParams?.map((p) => p.type.kind)).toEqual(['number']);
  });

  it('reads JSDoc types and CommonJS exports in JavaScript', () => {
    const file = source(
      'm.cjs',
      `/** @param {number} n @param {string} [label] */
function show(n, label) { return label ? label + n : String(n); }
module.exports = { show };
`,
    );
    const info = analyseFiles([file]).infos[0];
    expect(info?.moduleKind).toBe('cjs');
    expect(info?.functions.map((f) => [f.name, f.params.map((p) => `${p.type.kind}/${p.source}`)])).toEqual([
      ['show', ['number/jsdoc', 'union/jsdoc']],
    ]);
  });

  it('infers untyped parameters from how the body uses them', () => {
    const body = (code: string) => ts.createSourceFile('x.js', code, ts.ScriptTarget.ES2022, true);
    expect(inferFromUsage('x', body('x.startsWith("a")')).kind).toBe('string');
    expect(inferFromUsage('x', body('x + 1 > 3')).kind).toBe('number');
    expect(inferFromUsage('x', body('for (const y of x) {}; x.push(1)')).kind).toBe('array');
    expect(inferFromUsage('x', body('return 1')).kind).toBe('unknown');
  });

  it('reports syntax errors with file:line:col and skips the file', () => {
    const file = source('broken.ts', 'export function f(a: string {\n  return a;\n}\n');
    const info = analyseFiles([file]).infos[0];
    expect(info?.functions).toEqual([]);
    expect(info?.diagnostics[0]).toMatch(new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:1:\\d+: `));
  });
});

describe('selection', () => {
  const exec = (arms: number[]): Execution => ({
    outcome: { kind: 'return', value: { t: 'number', v: 1 }, async: false },
    arms,
    fns: [0],
  });
  const cand = (arms: number[], origin: 'solver' | 'search' = 'solver') => ({
    input: { args: [arms.length] },
    origin,
    conds: [],
    exact: true,
    exec: exec(arms),
  });

  it('keeps the fewest candidates that cover every arm', () => {
    const picked = minimise(
      [cand([0]), cand([0, 1]), cand([1, 2]), cand([2]), cand([3])],
      new Set([0, 1, 2, 3]),
    );
    expect(picked.map((c) => c.exec.arms)).toEqual([[0, 1], [1, 2], [3]]);
  });

  it('adds a test per distinct error and result, and a few more paths, to the covering set', () => {
    const thrown = (arms: number[], message: string) => ({
      ...cand(arms),
      exec: { outcome: { kind: 'throw' as const, name: 'TypeError', message, async: false }, arms, fns: [0] },
    });
    const other = {
      ...cand([0, 1]),
      exec: {
        ...exec([0, 1]),
        outcome: { kind: 'return' as const, value: { t: 'number' as const, v: 2 }, async: false },
      },
    };
    const pool = [cand([0, 1]), other, thrown([0], 'bad a'), thrown([0], 'bad b'), cand([0, 1]), cand([1])];
    const arms = new Set([0, 1]);
    const cover = minimise(pool, arms);
    expect(cover).toHaveLength(1);
    const picked = withOracleTests(pool, cover, arms);
    expect(picked).toEqual([pool[0], pool[1], pool[2], pool[3], pool[5]]);
  });

  it('adds strings of new shapes (length, character classes, ends), at most six: regex mutants take no branch', () => {
    const str = (arg: string) => ({
      ...cand([0]),
      input: { args: [arg] },
      origin: 'search' as const,
      exec: { ...exec([0]), regexes: [{ source: '^#?[0-9a-f]{3}$', flags: 'i' }] },
    });
    const pool = ['#fff', '#abc', 'ffffff', '#ff', 'x#fff', '#fff!', 'FFF', '#ffff', '12345678', 'ab'].map(
      str,
    );
    const arms = new Set([0]);
    const cover = minimise(pool, arms);
    expect(cover).toHaveLength(1);
    const picked = withOracleTests(pool, cover, arms).map((c) => c.input.args[0]);
    // Six more than the cover, never two of one shape ('#abc' and '#fff': 4 characters, '#' then
    // lower case).
    expect(picked).toHaveLength(7);
    expect(picked.includes('#abc') && picked.includes('#fff')).toBe(false);
    // Calls that ran no regex get no such extras.
    const plain = pool.map((c) => ({ ...c, exec: exec([0]) }));
    expect(withOracleTests(plain, minimise(plain, arms), arms)).toHaveLength(1);
  });

  it('keeps one test for a function without branches, and none that never completed', () => {
    expect(minimise([cand([]), cand([])], new Set())).toHaveLength(1);
    const timedOut = { ...cand([0]), exec: { outcome: { kind: 'timeout' as const }, arms: [0], fns: [] } };
    expect(minimise([timedOut], new Set([0]))).toEqual([]);
  });

  it('solves only paths that take a branch side no earlier path took', () => {
    const p = (d: string[], inexact: string[] = []) => ({ decisions: d, inexact });
    const paths = [
      p(['1:true', '2:true']),
      p(['1:true', '2:false']),
      p(['1:false']),
      p(['1:true', '2:true', '3:x']),
    ];
    expect(pathsWorthSolving(paths)).toEqual([paths[1], paths[2], paths[3]]);
  });

  it('names tests after the outcome and the path condition', () => {
    const fn = { name: 'login' } as FunctionInfo;
    const ret = {
      kind: 'return' as const,
      value: { t: 'string' as const, v: 'invalid username' },
      async: false,
    };
    expect(testName(fn, { args: ['', ''] }, ret, ['username.length < 6'])).toBe(
      'returns "invalid username" when username.length < 6',
    );
    expect(testName(fn, { args: ['a', 'b'] }, ret, [])).toBe(
      'returns "invalid username" for login("a", "b")',
    );
    const thrown = { kind: 'throw' as const, name: 'RangeError', message: 'negative', async: false };
    expect(testName(fn, { args: [] }, thrown, ['x < 0', 'x < 0'])).toBe(
      'throws RangeError "negative" when x < 0',
    );
  });
});

describe('config', () => {
  it('has defaults and rejects unknown keys and bad values', () => {
    const cfg = TestgenConfigSchema.parse({ targets: ['src/**/*.ts'] });
    expect(cfg).toMatchObject({ out: 'test/generated', budget: 60, timeout_ms: 1000, changed_only: false });
    expect(TestgenConfigSchema.safeParse({ targets: ['a.ts'], budgte: 3 }).success).toBe(false);
    expect(TestgenConfigSchema.safeParse({ targets: ['a.ts'], framework: 'mocha' }).success).toBe(false);
    expect(TestgenConfigSchema.safeParse({ targets: [] }).success).toBe(false);
  });
});

describe('with Z3', () => {
  let z3: Z3Session;
  beforeAll(async () => {
    z3 = await Z3Session.open();
  });
  afterAll(async () => {
    await closeSolver();
  });

  it('solves regex membership and the answers match the real RegExp', async () => {
    const cases: [string, string][] = [
      ['^[a-z0-9._]+@[a-z0-9]+\\.[a-z]{2,}$', ''],
      ['^#[0-9a-f]{3}$', 'i'],
      ['\\d{4} ?[A-Z]{2}', ''],
      ['^(ab|cd)+x?$', ''],
    ];
    for (const [src, flags] of cases) {
      const s = T.variable(`s${src.length}`, 'str');
      const re = regexForTest(src, flags);
      for (const want of [true, false]) {
        const pc = [want ? T.inRe(s, re) : T.not(T.inRe(s, re))];
        const model = await z3.model(pc, new Map([[s.k === 'var' ? s.name : '', s]]));
        const value = model?.values().next().value as string;
        expect(new RegExp(src, flags).test(value), `${src} ${want} ${JSON.stringify(value)}`).toBe(want);
      }
      z3.reset();
    }
    expect(() => regexForTest('(a)\\1', '')).toThrow(UnsupportedRegex);
    expect(() => regexForTest('a(?=b)', '')).toThrow(UnsupportedRegex);
  });

  it('explores the login example into exactly three paths with solved inputs', async () => {
    const file = path.resolve('examples/demo/src/login.ts');
    const info = analyseFiles([file]).infos[0];
    const fn = info?.functions[0] as FunctionInfo;
    const explored = await new Explorer(info?.sourceFile as ts.SourceFile, z3, {
      ...DEFAULT_LIMITS,
      deadline: Date.now() + 60_000,
    }).explore(fn);
    expect(explored.paths.map((p) => p.conds)).toEqual([
      ['username.length < 6'],
      ['username.length >= 6', 'password !== "Admin@123"'],
      ['username.length >= 6', 'password === "Admin@123"'],
    ]);
    const { login } = await import('../examples/demo/src/login.js');
    const results: string[] = [];
    for (const p of explored.paths) {
      const m = await z3.model(p.pc, explored.vars);
      results.push(login(m?.get('username') as string, m?.get('password') as string));
    }
    z3.reset();
    expect(results).toEqual(['invalid username', 'wrong password', 'success']);
  });

  it('models JS remainder, Math.floor and typeof narrowing', async () => {
    const file = source(
      'n.ts',
      `export function f(x: number, y: string | number): string {
  if (typeof y === 'string') return y.length > 2 ? 'long' : 'short';
  if (x % 7 === -3) return 'neg';
  return Math.floor(x / 2) === 4 ? 'four' : 'other';
}
`,
    );
    const info = analyseFiles([file]).infos[0];
    const explored = await new Explorer(info?.sourceFile as ts.SourceFile, z3, {
      ...DEFAULT_LIMITS,
      deadline: Date.now() + 60_000,
    }).explore(info?.functions[0] as FunctionInfo);
    expect(explored.unsupported).toEqual([]);
    const mod = (await import(file)) as { f: (x: number, y: string | number) => string };
    const seen = new Set<string>();
    for (const p of explored.paths) {
      const m = await z3.model(p.pc, explored.vars);
      const y = m?.get('y#type') === 0 ? m?.get('y|0') : m?.get('y|1');
      seen.add(mod.f(m?.get('x') as number, y as string | number));
    }
    z3.reset();
    expect([...seen].sort()).toEqual(['four', 'long', 'neg', 'other', 'short']);
  });
});

describe('sandbox', () => {
  const sandbox = new Sandbox(500);
  afterAll(() => sandbox.close());
  const file = source(
    'side.ts',
    `import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
export function read(p: string) { return readFileSync(p, 'utf8'); }
export function run(c: string) { return execSync(c).toString(); }
export function spin(n: number) { while (n > 0) { n = n + 1; } return n; }
export function now() { return Date.now(); }
export function roll() { return Math.random(); }
export function pure(a: number) { return a > 1 ? [a, { b: -0 }] : null; }
export async function late(a: number) { if (a > 1) throw new RangeError('big ' + a); return a; }
`,
  );
  const fn = (name: string) => ({ name, exportName: name, kind: 'function' }) as FunctionInfo;

  it('blocks the file system and processes, reports them, and still runs pure code', async () => {
    const mod = prepareModule(file, 'ts', 'esm');
    const [read, run, pure, late] = await sandbox.run(
      mod,
      [
        sandboxCall(fn('read'), { args: ['/etc/hostname'] }),
        sandboxCall(fn('run'), { args: ['echo hi'] }),
        sandboxCall(fn('pure'), { args: [2] }),
        sandboxCall(fn('late'), { args: [5] }),
      ],
      { fresh: true, perturb: 0 },
    );
    expect(read?.outcome).toEqual({ kind: 'blocked', what: 'fs.readFileSync' });
    expect(run?.outcome).toEqual({ kind: 'blocked', what: 'child_process.execSync' });
    expect(pure?.outcome).toEqual({
      kind: 'return',
      async: false,
      value: {
        t: 'array',
        items: [
          { t: 'number', v: 2 },
          { t: 'object', entries: [['b', { t: 'number', v: '-0' }]] },
        ],
      },
    });
    expect(late?.outcome).toEqual({ kind: 'throw', name: 'RangeError', message: 'big 5', async: true });
  });

  it('stops an infinite loop at the time limit and goes on with the next call', async () => {
    const mod = prepareModule(file, 'ts', 'esm');
    const [spin, pure] = await sandbox.run(
      mod,
      [sandboxCall(fn('spin'), { args: [1] }), sandboxCall(fn('pure'), { args: [0] })],
      { fresh: false, perturb: 0 },
    );
    expect(spin?.outcome).toEqual({ kind: 'timeout' });
    expect(pure?.outcome).toEqual({ kind: 'return', async: false, value: { t: 'null' } });
  });

  it('gives reruns another clock and random sequence, so dependent results differ', async () => {
    const mod = prepareModule(file, 'ts', 'esm');
    const calls = [sandboxCall(fn('now'), { args: [] }), sandboxCall(fn('roll'), { args: [] })];
    const a = await sandbox.run(mod, calls, { fresh: true, perturb: 1 });
    const b = await sandbox.run(mod, calls, { fresh: true, perturb: 2 });
    expect(a[0]?.outcome).not.toEqual(b[0]?.outcome);
    expect(a[1]?.outcome).not.toEqual(b[1]?.outcome);
  });
});

describe('emission', () => {
  it('imports default exports and names that clash with the framework under names of their own', () => {
    const file = source(
      'clash.ts',
      'export default function (n: number) { return n > 0; }\nexport function describe(x: string) { return x; }\n',
    );
    const info = analyseFiles([file]).infos[0];
    if (!info) throw new Error('not analysed');
    const [dflt, desc] = info.functions as [FunctionInfo, FunctionInfo];
    const ret = (v: boolean | string) => ({
      kind: 'return' as const,
      value: typeof v === 'boolean' ? { t: 'boolean' as const, v } : { t: 'string' as const, v },
      async: false,
    });
    const text = renderTestFile(
      info,
      path.join(path.dirname(file), 'clash.test.ts'),
      [
        {
          fn: dflt,
          tests: [
            {
              input: { args: [1] },
              outcome: ret(true),
              origin: 'solver',
              conds: ['n > 0'],
              name: 'returns true when n > 0',
            },
          ],
        },
        {
          fn: desc,
          tests: [
            { input: { args: ['a'] }, outcome: ret('a'), origin: 'solver', conds: [], name: 'returns "a"' },
          ],
        },
      ],
      'node',
    );
    expect(text).toContain("import defaultFn, { describe as describeFn } from './clash.js';");
    expect(text).toContain('assert.equal(defaultFn(1), true);');
    expect(text).toContain("assert.equal(describeFn('a'), 'a');");
    const out = ts.transpileModule(text, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ES2022 },
    });
    expect(out.diagnostics ?? []).toEqual([]);
  });
});
