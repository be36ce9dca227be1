import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseFiles } from '../src/testgen/analyse.js';
import { resolveProjectFile } from '../src/testgen/explore/modules.js';
import { DEFAULT_LIMITS, Explorer } from '../src/testgen/explore.js';
import { closeSolver, Z3Session } from '../src/testgen/solve.js';
import { tempDir } from './helpers.js';

// Calls into other files of the project are explored like the module's own code: their branches
// become path conditions the solver answers. The shapes are validator's (Babel output calling a
// helper through `_interopRequireDefault(require(...)).default`), plain CommonJS and ES imports.

function project(files: Record<string, string>): string {
  const dir = tempDir('autoglm-modules-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BABEL_HELPER = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = assertString;
function assertString(input) {
  if (input === undefined || input === null) throw new TypeError("Expected a string but received a " + input);
  if (input.constructor.name !== 'String') throw new TypeError("Expected a string but received a " + input.constructor.name);
}
module.exports = exports.default;
module.exports.default = exports.default;
`;

const BABEL_MAIN = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = isPort;
var _assertString = _interopRequireDefault(require("./util/assertString"));
function _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }
function isPort(str) {
  (0, _assertString.default)(str);
  return str >= 1 && str <= 65535;
}
module.exports = exports.default;
module.exports.default = exports.default;
`;

describe('calls into other files of the project', () => {
  let z3: Z3Session;
  beforeAll(async () => {
    z3 = await Z3Session.open();
  });
  afterAll(async () => {
    await closeSolver();
  });

  const explore = async (file: string, name: string) => {
    const info = analyseFiles([file]).infos[0];
    const fn = info?.functions.find((f) => f.name === name);
    if (!info || !fn) throw new Error(`no ${name} in ${file}`);
    return new Explorer(info.sourceFile, z3, { ...DEFAULT_LIMITS, deadline: Date.now() + 60_000 }).explore(
      fn,
    );
  };

  it('explores a Babel helper reached through _interopRequireDefault(require(...)).default', async () => {
    const dir = project({ 'lib/util/assertString.js': BABEL_HELPER, 'lib/isPort.js': BABEL_MAIN });
    const r = await explore(path.join(dir, 'lib/isPort.js'), 'isPort');
    // The helper's checks throw on some paths (an opaque call would never throw)...
    expect(r.paths.some((p) => p.throws && p.inexact.length === 0)).toBe(true);
    // ...and past it, the module's own comparisons of a string with numbers are exact for digits.
    const exact = r.paths.filter((p) => !p.throws && p.inexact.length === 0);
    expect(exact.some((p) => p.conds.includes('str <= 65535'))).toBe(true);
    expect(exact.some((p) => p.conds.includes('str > 65535'))).toBe(true);
    expect(r.unsupported.join('\n')).not.toMatch(/call of|module .* not explored/);
  });

  it('follows module.exports = fn, exports.x = fn and ES imports', async () => {
    const dir = project({
      'cjs/sign.js':
        'module.exports = function sign(x) { if (x > 0) return 1; if (x < 0) return -1; return 0; };',
      'cjs/main.js':
        "const sign = require('./sign');\nexports.label = function label(n) { return sign(n) === 1 ? 'positive' : 'other'; };",
      'esm/sign.mjs':
        'export function sign(x) { if (x > 0) return 1; return 0; }\nexport default function abs(x) { return x < 0 ? -x : x; }',
      'esm/main.mjs':
        "import abs, { sign } from './sign.mjs';\nexport function label(n) { return sign(abs(n) - 10) === 1 ? 'far' : 'near'; }",
    });
    const cjs = await explore(path.join(dir, 'cjs/main.js'), 'label');
    expect(cjs.paths.map((p) => p.conds.join(' && '))).toEqual(
      expect.arrayContaining(['x > 0', expect.stringContaining('x < 0')]),
    );
    const esm = await explore(path.join(dir, 'esm/main.mjs'), 'label');
    // Both imports inlined: their branches are conditions of exact paths, neither call is opaque.
    const exact = esm.paths.filter((p) => p.inexact.length === 0).flatMap((p) => p.conds);
    expect(exact).toEqual(expect.arrayContaining(['x < 0', 'x >= 0', 'x > 0', 'x <= 0']));
    expect(esm.unsupported.join('\n')).not.toMatch(/call of|not explored/);
  });

  it('leaves packages and missing files alone', () => {
    const dir = project({ 'a.js': '', 'node_modules/p/index.js': '' });
    expect(resolveProjectFile(path.join(dir, 'x.js'), './a')).toBe(path.join(dir, 'a.js'));
    expect(resolveProjectFile(path.join(dir, 'x.js'), 'p')).toBeUndefined();
    expect(resolveProjectFile(path.join(dir, 'x.js'), './node_modules/p')).toBeUndefined();
    expect(resolveProjectFile(path.join(dir, 'x.js'), './missing')).toBeUndefined();
  });
});
