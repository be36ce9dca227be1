// Parameter types of untyped JavaScript from declaration files (src/testgen/declared.ts): a
// `.d.ts` beside the module, the package's `types` file for its entry, or `@types/<name>`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFiles } from '../src/testgen/analyse.js';
import { declarationFileFor } from '../src/testgen/declared.js';
import { runCli, tempDir } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = tempDir('autoglm-declared-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const params = (file: string, name: string) => {
  const info = analyseFiles([file]).infos[0];
  const f = info?.functions.find((x) => x.name === name);
  if (!f) throw new Error(`${name} not found in ${file}`);
  return f;
};

describe('declaration files type untyped JavaScript', () => {
  it('takes a .d.ts beside a CommonJS module, overloads and optionals included', () => {
    const dir = tree({
      'src/pad.js':
        "module.exports = function pad(str, width, fill) {\n  var out = String(str);\n  while (out.length < width) out = (fill || ' ') + out;\n  return out;\n};\n",
      'src/pad.d.ts':
        'declare function pad(str: string, width: number, fill?: string): string;\ndeclare function pad(str: number, width: number): string;\nexport = pad;\n',
    });
    const f = params(path.join(dir, 'src/pad.js'), 'pad');
    expect(f.params.map((p) => [p.name, p.source])).toEqual([
      ['str', 'declaration'],
      ['width', 'declaration'],
      ['fill', 'declaration'],
    ]);
    expect(f.params[0]?.type).toEqual({ kind: 'union', options: [{ kind: 'string' }, { kind: 'number' }] });
    expect(f.params[1]?.type).toEqual({ kind: 'number' });
    // Optional in one overload, absent from the other: may be left out.
    expect(f.params[2]?.optional).toBe(true);
  });

  it('types an ES5 constructor and its prototype methods from a declared class', () => {
    const dir = tree({
      'lib/stack.js':
        'function Stack(limit) { this.limit = limit; this.items = []; }\nStack.prototype.push = function (item) { if (this.items.length >= this.limit) return -1; return this.items.push(item); };\nmodule.exports = Stack;\n',
      'lib/stack.d.ts':
        'declare class Stack {\n  constructor(limit: number);\n  push(item: string): number;\n}\nexport = Stack;\n',
    });
    const f = params(path.join(dir, 'lib/stack.js'), 'Stack.push');
    expect(f.params[0]).toMatchObject({ name: 'item', source: 'declaration', type: { kind: 'string' } });
    expect(f.ctorParams?.[0]).toMatchObject({
      name: 'limit',
      source: 'declaration',
      type: { kind: 'number' },
    });
  });

  it("finds the package's types file for its entry, and @types/<name> for a package without one", () => {
    const dir = tree({
      'node_modules/typed/package.json': JSON.stringify({
        name: 'typed',
        main: 'lib/main.js',
        types: 'types/main.d.ts',
      }),
      'node_modules/typed/lib/main.js': 'exports.twice = function (s) { return s + s; };\n',
      'node_modules/typed/types/main.d.ts': 'export declare function twice(s: string): string;\n',
      'node_modules/@types/untyped-pkg/index.d.ts': 'export declare function half(n: number): number;\n',
      'node_modules/untyped-pkg/package.json': JSON.stringify({ name: 'untyped-pkg' }),
      'node_modules/untyped-pkg/index.js': 'exports.half = function (n) { return n / 2; };\n',
      'node_modules/@types/scope__thing/index.d.ts': 'export declare function id(x: boolean): boolean;\n',
      'node_modules/@scope/thing/package.json': JSON.stringify({ name: '@scope/thing' }),
      'node_modules/@scope/thing/index.js': 'exports.id = function (x) { return x; };\n',
    });
    const nm = path.join(dir, 'node_modules');
    expect(declarationFileFor(path.join(nm, 'typed/lib/main.js'))).toBe(
      path.join(nm, 'typed/types/main.d.ts'),
    );
    expect(declarationFileFor(path.join(nm, 'untyped-pkg/index.js'))).toBe(
      path.join(nm, '@types/untyped-pkg/index.d.ts'),
    );
    expect(declarationFileFor(path.join(nm, '@scope/thing/index.js'))).toBe(
      path.join(nm, '@types/scope__thing/index.d.ts'),
    );
    expect(params(path.join(nm, 'typed/lib/main.js'), 'twice').params[0]).toMatchObject({
      type: { kind: 'string' },
    });
    expect(params(path.join(nm, 'untyped-pkg/index.js'), 'half').params[0]).toMatchObject({
      type: { kind: 'number' },
    });
  });

  it('follows `export = x` through `import x = require(...)` to the declaring file', () => {
    const dir = tree({
      'p/index.js':
        "const inner = require('./lib/inner');\nfunction outer(glob, n) { return inner(glob, n); }\nmodule.exports = outer;\n",
      'p/index.d.ts': "import inner = require('./lib/inner');\nexport = inner;\n",
      'p/lib/inner.js': 'module.exports = function inner(glob, n) { return String(glob).repeat(n); };\n',
      'p/lib/inner.d.ts':
        'declare function inner(glob: string | string[], n: number): string;\nexport = inner;\n',
    });
    const f = params(path.join(dir, 'p/index.js'), 'outer');
    expect(f.params[0]).toMatchObject({
      source: 'declaration',
      type: { kind: 'union', options: [{ kind: 'string' }, { kind: 'array', element: { kind: 'string' } }] },
    });
  });

  it('keeps what the module says itself (JSDoc), and reads nothing into arguments a rest parameter takes', () => {
    const dir = tree({
      'src/m.js':
        '/** @param {number} a */\nexports.f = function (a, b) { return a + b; };\nexports.g = function (ev, a1, a2) { return [ev, a1, a2]; };\n',
      'src/m.d.ts':
        'export declare function f(a: string, b: boolean): string;\nexport declare function g(ev: string, ...args: number[]): unknown[];\n',
    });
    const file = path.join(dir, 'src/m.js');
    expect(params(file, 'f').params.map((p) => [p.source, p.type.kind])).toEqual([
      ['jsdoc', 'number'],
      ['declaration', 'boolean'],
    ]);
    expect(params(file, 'g').params.map((p) => p.source)).toEqual(['declaration', 'none', 'none']);
  });

  it('`autoglm testgen` calls an untyped function with the values its .d.ts declares', () => {
    const dir = tree({
      'src/fmt.js':
        'exports.fmt = function (value, opts) {\n  var s = String(value);\n  if (opts && opts.upper) return s.toUpperCase();\n  return s;\n};\n',
      'src/fmt.d.ts':
        "export declare function fmt(value: 'alpha' | 'beta', opts?: { upper: boolean }): string;\n",
    });
    const r = runCli(['testgen', 'src/fmt.js', '--budget', '10'], dir);
    expect(r.code, r.stderr).toBe(0);
    const emitted = readFileSync(path.join(dir, 'test/generated/src/fmt.test.js'), 'utf8');
    const firstArgs = [...emitted.matchAll(/fmt\(([^,)]*)/g)].map((m) => m[1]?.trim());
    expect(firstArgs.length).toBeGreaterThan(0);
    for (const a of firstArgs) expect(a).toMatch(/^['"](alpha|beta)['"]$/);
    expect(emitted).toMatch(/upper: true/);
  });
});
