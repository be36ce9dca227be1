// A method that takes another instance of its own class (`compare(other)` checked with
// `other instanceof Version`) gets instances built from constructor arguments that worked, so its
// branches past the check are reached and the emitted tests build them with `new`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFiles } from '../src/testgen/analyse.js';
import { selfInstanceCtorParams, selfInstanceParams } from '../src/testgen/inputs.js';
import type { FunctionInfo } from '../src/testgen/types.js';
import { runCli, tempDir } from './helpers.js';

const VERSION = `class Version {
  constructor(text) {
    const m = /^(\\d+)\\.(\\d+)$/.exec(text);
    if (!m) throw new TypeError('bad version ' + text);
    this.major = Number(m[1]);
    this.minor = Number(m[2]);
  }
  compare(other) {
    if (!(other instanceof Version)) throw new TypeError('not a Version');
    if (this.major !== other.major) return this.major < other.major ? -1 : 1;
    if (this.minor !== other.minor) return this.minor < other.minor ? -1 : 1;
    return 0;
  }
}
module.exports = Version;
`;

const BUS = `function Bus() { this.handlers = {}; }
/** @param {string} name @param {Function} fn */
Bus.prototype.on = function (name, fn) {
  (this.handlers[name] = this.handlers[name] || []).push(fn);
  return this;
};
/** @param {string} name @param {Function} fn */
Bus.prototype.off = function (name, fn) {
  var list = this.handlers[name];
  if (!list) return false;
  var i = list.indexOf(fn);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
};
module.exports = Bus;
`;

describe('one callback object shared by the calls of a sequence', () => {
  it('removes a handler registered before with the same function: `off` returns true, every arm covered', () => {
    const dir = tempDir('autoglm-shared-');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/bus.js'), BUS);
    const r = runCli(['testgen', 'src/bus.js', '--budget', '20', '--json', 'testgen.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const emitted = readFileSync(path.join(dir, 'test/generated/src/bus.test.js'), 'utf8');
    // Declared once, registered, then removed: the same object both times.
    expect(emitted).toMatch(
      /const cb0 = \(\) => [^\n]+;\n\s+const subject = new Bus\(\);\n(\s+subject\.\w+\([^\n]*\);\n)*?\s+subject\.on\(([^,]+), cb0\);\n[\s\S]*?assert\.equal\(subject\.off\(\2, cb0\), true\)/,
    );
    const result = JSON.parse(readFileSync(path.join(dir, 'testgen.json'), 'utf8')) as {
      functions: { name: string; branches: { covered: number; total: number } }[];
    };
    expect(result.functions.find((f) => f.name === 'Bus.off')?.branches).toEqual({ covered: 4, total: 4 });
  });
});

describe('instances of the class under test as arguments', () => {
  it('reaches the branches behind `other instanceof Version` and emits `new Version(...)` arguments', () => {
    const dir = tempDir('autoglm-instances-');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/version.js'), VERSION);
    const r = runCli(['testgen', 'src/version.js', '--budget', '20', '--json', 'testgen.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const emitted = readFileSync(path.join(dir, 'test/generated/src/version.test.js'), 'utf8');
    expect(emitted).toMatch(/\.compare\(new Version\('\d+\.\d+'\)\)/);
    const result = JSON.parse(readFileSync(path.join(dir, 'testgen.json'), 'utf8')) as {
      functions: { name: string; branches: { covered: number; total: number } }[];
    };
    const compare = result.functions.find((f) => f.name === 'Version.compare');
    // Without instances only the `throw` arm of the check is reached (1 of 10 arms); with them,
    // the check's other arm and the major comparison both ways (equal minors need equal majors,
    // which the few constructor arguments that worked seldom give).
    expect(compare?.branches.total).toBe(10);
    expect(compare?.branches.covered).toBeGreaterThanOrEqual(6);
    expect(emitted).toMatch(/returns 0 for compare\(new Version/);
  });
});

describe('which parameters take instances of their own class', () => {
  it('finds `x instanceof C` and `x instanceof this.constructor` in methods and the constructor', () => {
    const dir = tempDir('autoglm-instanceof-');
    const file = path.join(dir, 'v.js');
    writeFileSync(
      file,
      `class V {
  constructor(text, opts) { if (text instanceof V) { this.t = text.t; return; } this.t = String(text); this.o = opts; }
  eq(other, strict) { if (!(other instanceof V)) return false; return strict ? other.t === this.t : other.t == this.t; }
  same(other) { return other instanceof this.constructor; }
  plain(other) { return other instanceof Date; }
}
module.exports = V;
`,
    );
    const fns = analyseFiles([file]).infos[0]?.functions ?? [];
    const get = (n: string) => fns.find((f) => f.name === n) as FunctionInfo;
    expect(selfInstanceParams(get('V.eq'))).toEqual([0]);
    expect(selfInstanceParams(get('V.same'))).toEqual([0]);
    expect(selfInstanceParams(get('V.plain'))).toEqual([]);
    expect(selfInstanceCtorParams(get('V.eq'))).toEqual([0]);
  });
});
