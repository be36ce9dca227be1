export const id = 16;
export const ids = [16];
export const modules = {

/***/ 18541:
/***/ ((module) => {

function webpackEmptyAsyncContext(req) {
	// Here Promise.resolve().then() is used instead of new Promise() to prevent
	// uncaught exception popping up in devtools
	return Promise.resolve().then(() => {
		var e = new Error("Cannot find module '" + req + "'");
		e.code = 'MODULE_NOT_FOUND';
		throw e;
	});
}
webpackEmptyAsyncContext.keys = () => ([]);
webpackEmptyAsyncContext.resolve = webpackEmptyAsyncContext;
webpackEmptyAsyncContext.id = 18541;
module.exports = webpackEmptyAsyncContext;

/***/ }),

/***/ 18446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runTestgen: () => (/* binding */ runTestgen)
});

// UNUSED EXPORTS: FRAMEWORKS, detectFramework, expandTargets

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/testgen/node-globals.ts
/**
 * TypeScript's node host reads `__filename` and `__dirname` while it loads; an ESM bundle (dist/)
 * has neither. Imported before `typescript` wherever it is imported, so it runs first.
 */


const g = globalThis;
g.__filename ??= (0,external_node_url_.fileURLToPath)(import.meta.url);
g.__dirname ??= external_node_path_default().dirname(g.__filename);

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(73382);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/results/io.ts + 1 modules
var io = __webpack_require__(46456);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/testgen/literal.ts
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** A single-quoted JS string literal. */
function quote(s) {
    let out = "'";
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (ch === "'")
            out += "\\'";
        else if (ch === '\\')
            out += '\\\\';
        else if (ch === '\n')
            out += '\\n';
        else if (ch === '\r')
            out += '\\r';
        else if (ch === '\t')
            out += '\\t';
        else if (c < 0x20 ||
            c === 0x7f ||
            (c >= 0x80 && c < 0xa0) ||
            c === 0x2028 ||
            c === 0x2029 ||
            (c >= 0xd800 && c <= 0xdfff))
            out += `\\u${c.toString(16).padStart(4, '0')}`;
        else
            out += ch;
    }
    return `${out}'`;
}
function numberText(v) {
    if (typeof v === 'string')
        return v === 'NaN'
            ? 'Number.NaN'
            : v === 'Infinity'
                ? 'Number.POSITIVE_INFINITY'
                : v === '-Infinity'
                    ? 'Number.NEGATIVE_INFINITY'
                    : v;
    if (Object.is(v, -0))
        return '-0';
    return String(v);
}
function key(k) {
    return IDENT.test(k) ? k : quote(k);
}
/** JS source for an input value. */
/** Key of the input object that stands for a callback returning its value (see the sandbox's clone). */
const FN_KEY = '__autoglm_fn';
/** Key of the input object that stands for one of BUILTIN_INPUTS (built in the sandbox, printed as is). */
const EXPR_KEY = '__autoglm_expr';
/**
 * Instances of builtin classes an untyped parameter may get (type dispatchers such as kind-of
 * check for dates, regexes, maps, typed arrays, ...). Only these fixed expressions are ever evaluated.
 */
const BUILTIN_INPUTS = [
    'new Date(0)',
    '/a/g',
    "new Error('e')",
    "new TypeError('t')",
    'new Map([[1, 2]])',
    'new Set([1])',
    'new WeakMap()',
    'new WeakSet()',
    'new Int8Array(2)',
    'new Uint8Array(2)',
    'new Uint8ClampedArray(2)',
    'new Int16Array(2)',
    'new Uint16Array(2)',
    'new Int32Array(2)',
    'new Uint32Array(2)',
    'new Float32Array(2)',
    'new Float64Array(2)',
    'Promise.resolve(1)',
    "Symbol('s')",
    '(function* gen() {})',
    '(function () { return arguments; })(1, 2)',
    "Buffer.from('a')",
    '[1, 2].values()',
    'new Map([[1, 2]]).entries()',
    'new Set([1]).values()',
    "'ab'[Symbol.iterator]()",
    '(function* () {})()',
    'Object.create(null)',
    'new Number(1)',
    "new String('s')",
    'new Boolean(true)',
    'new ArrayBuffer(2)',
    "{ toString: () => 'x' }",
];
/**
 * Key of the input object that stands for an instance of the class whose method is under test,
 * `{ [NEW_KEY]: [ClassName, ctorArgs] }`: built with `new` in the sandbox, printed as
 * `new ClassName(...)` (for parameters the method checks with `instanceof ClassName`).
 */
const NEW_KEY = '__autoglm_new';
/**
 * Key of the input object that stands for one callback shared by the calls of a sequence,
 * `{ [SHARED_KEY]: [id, value] }`: the same function object each time it appears in one call's
 * inputs (`on('e', cb0)` then `removeListener('e', cb0)`), printed as `cb<id>` and declared
 * before the subject by the emitted test.
 */
const SHARED_KEY = '__autoglm_shared';
/** The value under `key` when `v` is an object with that one key (the special inputs above). */
function only(v, key) {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        return undefined;
    const keys = Object.keys(v);
    return keys.length === 1 && keys[0] === key ? v[key] : undefined;
}
const isSharedInput = (v) => Array.isArray(only(v, SHARED_KEY));
/** The shared callbacks an input value holds, by id (see SHARED_KEY). */
function sharedCallbacks(v, out = new Map()) {
    if (isSharedInput(v)) {
        const [id, value] = v[SHARED_KEY];
        out.set(id, value);
    }
    else if (Array.isArray(v))
        for (const x of v)
            sharedCallbacks(x, out);
    else if (typeof v === 'object' && v !== null)
        for (const x of Object.values(v))
            sharedCallbacks(x, out);
    return out;
}
const isNewInput = (v) => Array.isArray(only(v, NEW_KEY));
const isExprInput = (v) => typeof only(v, EXPR_KEY) === 'string';
const isFnInput = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && FN_KEY in v;
const hasFnInput = (v) => isFnInput(v) ||
    isExprInput(v) ||
    isNewInput(v) ||
    isSharedInput(v) ||
    (typeof v === 'object' && v !== null && Object.values(v).some(hasFnInput));
function inputLiteral(v) {
    if (isSharedInput(v))
        return `cb${v[SHARED_KEY][0]}`;
    if (isNewInput(v)) {
        const [cls, args] = v[NEW_KEY];
        return `new ${cls}(${args.map(inputLiteral).join(', ')})`;
    }
    if (isExprInput(v)) {
        const e = v[EXPR_KEY];
        return e.startsWith('{') ? `(${e})` : e;
    }
    if (isFnInput(v)) {
        const r = v[FN_KEY];
        const body = inputLiteral(r);
        return `() => ${typeof r === 'object' && r !== null && !Array.isArray(r) && !isFnInput(r) ? `(${body})` : body}`;
    }
    if (v === undefined)
        return 'undefined';
    if (v === null)
        return 'null';
    if (typeof v === 'number')
        return numberText(v);
    if (typeof v === 'string')
        return quote(v);
    if (typeof v === 'boolean')
        return String(v);
    if (Array.isArray(v))
        return `[${v.map(inputLiteral).join(', ')}]`;
    const entries = Object.entries(v);
    if (entries.length === 0)
        return '{}';
    return `{ ${entries.map(([k, x]) => `${key(k)}: ${inputLiteral(x)}`).join(', ')} }`;
}
/** JS source for an encoded result; undefined when it has no faithful literal. */
function encodedLiteral(e) {
    switch (e.t) {
        case 'undefined':
            return 'undefined';
        case 'null':
            return 'null';
        case 'boolean':
            return String(e.v);
        case 'number':
            return numberText(e.v);
        case 'string':
            return quote(e.v);
        case 'bigint':
            return `${e.v}n`;
        case 'array': {
            const items = e.items.map(encodedLiteral);
            return items.some((i) => i === undefined) ? undefined : `[${items.join(', ')}]`;
        }
        case 'object': {
            const parts = e.entries.map(([k, x]) => {
                const v = encodedLiteral(x);
                return v === undefined ? undefined : `${key(k)}: ${v}`;
            });
            if (parts.some((p) => p === undefined))
                return undefined;
            return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
        }
        case 'map': {
            const parts = e.entries.map(([k, v]) => {
                const a = encodedLiteral(k);
                const b = encodedLiteral(v);
                return a === undefined || b === undefined ? undefined : `[${a}, ${b}]`;
            });
            return parts.some((p) => p === undefined) ? undefined : `new Map([${parts.join(', ')}])`;
        }
        case 'set': {
            const parts = e.items.map(encodedLiteral);
            return parts.some((p) => p === undefined) ? undefined : `new Set([${parts.join(', ')}])`;
        }
        case 'opaque':
            return undefined;
    }
}
/** Whether a value compares with `===` (else deep equality is needed). */
function isPrimitive(e) {
    return e.t !== 'array' && e.t !== 'object' && e.t !== 'map' && e.t !== 'set' && e.t !== 'opaque';
}
/** Stable text of a value: the comparison key for reruns and behaviour diffs. */
function encodedKey(e) {
    return JSON.stringify(e);
}
/** Short human text of a value for test names and reports (`"invalid username"`, `[1, 2]`, `NaN`). */
function display(e, max = 40) {
    let s;
    switch (e.t) {
        case 'string':
            s = JSON.stringify(e.v);
            break;
        case 'number':
            s = typeof e.v === 'string' ? e.v : Object.is(e.v, -0) ? '-0' : String(e.v);
            break;
        case 'opaque':
            s = `a ${e.type}`;
            break;
        default:
            s = (encodedLiteral(e) ?? e.t).replace(/'/g, '"');
    }
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
/** Short human text of an input value. */
function displayInput(v, max = 30) {
    const s = v === undefined
        ? 'undefined'
        : typeof v === 'number'
            ? numberText(v)
            : hasFnInput(v)
                ? inputLiteral(v)
                : JSON.stringify(v);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

;// CONCATENATED MODULE: ./src/testgen/emit.ts



const FRAMEWORKS = ['node', 'vitest', 'jest'];
const MAX_NAME = 140;
/** `returns "invalid username" when username.length < 6`, from the outcome and path condition. */
function testName(fn, input, outcome, conds) {
    const what = outcome.kind === 'return'
        ? `returns ${display(outcome.value)}`
        : `throws ${outcome.name}${outcome.message ? ` ${JSON.stringify(outcome.message.length > 40 ? `${outcome.message.slice(0, 39)}…` : outcome.message)}` : ''}`;
    const unique = [...new Set(conds)];
    if (unique.length > 0) {
        let parts = unique;
        let text = `${what} when ${parts.join(' and ')}`;
        while (text.length > MAX_NAME && parts.length > 1) {
            parts = parts.slice(1);
            text = `${what} when … ${parts.join(' and ')}`;
        }
        return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
    }
    const args = input.args.map((a) => displayInput(a)).join(', ');
    const after = input.before?.length
        ? ` after ${input.before.map((b) => `${b.method}(${b.args.map((a) => displayInput(a)).join(', ')})`).join(', ')}`
        : '';
    const text = `${what} for ${fn.name.split('.').pop()}(${args})${after}`;
    return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
}
/** Give duplicate names a ` (2)`, ` (3)` suffix. */
function uniqueNames(tests) {
    const seen = new Map();
    for (const t of tests) {
        const n = (seen.get(t.name) ?? 0) + 1;
        seen.set(t.name, n);
        if (n > 1)
            t.name = `${t.name} (${n})`;
    }
}
/** Where the test file of a source goes: `<out>/<path relative to root>/<name>.test.<ext>`. */
function testFilePath(source, root, out) {
    const rel = external_node_path_default().relative(root, source);
    const dir = external_node_path_default().dirname(rel);
    const base = external_node_path_default().basename(source);
    const m = /^(.*)\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.exec(base);
    const stem = m?.[1] ?? base;
    const ext = m?.[2] ?? 'js';
    const testExt = ext === 'tsx' ? 'ts' : ext === 'jsx' ? 'js' : ext;
    return external_node_path_default().join(out, dir.startsWith('..') ? '' : dir, `${stem}.test.${testExt}`);
}
/** The specifier a test uses to import its source (TS sources by their emitted `.js` name). */
function importSpecifier(testFile, source) {
    let rel = external_node_path_default().relative(external_node_path_default().dirname(testFile), source).split((external_node_path_default()).sep).join('/');
    rel = rel
        .replace(/\.tsx?$/, '.js')
        .replace(/\.mts$/, '.mjs')
        .replace(/\.cts$/, '.cjs')
        .replace(/\.jsx$/, '.js');
    return rel.startsWith('.') ? rel : `./${rel}`;
}
/** Names the test file itself uses: an export called so is imported under another name. */
const TAKEN = new Set(['describe', 'it', 'test', 'expect', 'assert', 'default', 'subject']);
/** The name a test calls a function (or its class) by. */
function localName(fn) {
    const base = fn.kind !== 'function'
        ? fn.exportName === 'default' || fn.exportName === 'export='
            ? (fn.className ?? 'Subject')
            : fn.exportName
        : fn.exportName === 'default' || fn.exportName === 'export='
            ? fn.name
            : fn.exportName;
    if (!/^[A-Za-z_$][\w$]*$/.test(base))
        return 'subject';
    return TAKEN.has(base) ? `${base}Fn` : base;
}
/** `name` or `name as local` in an import or destructuring list. */
function importPart(fn, cjs) {
    const local = localName(fn);
    if (local === fn.exportName)
        return local;
    return cjs ? `${fn.exportName}: ${local}` : `${fn.exportName} as ${local}`;
}
function args(values, params, ts) {
    return values
        .map((v, i) => {
        const lit = inputLiteral(v);
        const p = params[Math.min(i, params.length - 1)];
        return ts && p?.lossy ? `${lit} as never` : lit;
    })
        .join(', ');
}
function callText(fn, input, ts) {
    const name = localName(fn);
    const a = args(input.args, fn.params, ts);
    if (fn.kind === 'function')
        return `${name}(${a})`;
    const method = fn.name.slice(fn.name.indexOf('.') + 1);
    if (fn.kind === 'static')
        return `${name}.${method}(${a})`;
    return `new ${name}(${args(input.ctorArgs ?? [], fn.ctorParams ?? [], ts)}).${method}(${a})`;
}
/** `const subject = new C(...); subject.push(1);` and the call on `subject`, for method sequences. */
function sequenceSetup(fn, input, ts) {
    const method = fn.name.slice(fn.name.indexOf('.') + 1);
    // Callbacks the calls share (the same function object each time): declared first.
    const shared = sharedCallbacks([
        ...(input.ctorArgs ?? []),
        ...(input.before ?? []).flatMap((b) => b.args),
        ...input.args,
    ]);
    const lines = [
        ...[...shared].map(([id, value]) => `const cb${id} = ${inputLiteral({ [FN_KEY]: value })};`),
        `const subject = new ${localName(fn)}(${args(input.ctorArgs ?? [], fn.ctorParams ?? [], ts)});`,
    ];
    for (const b of input.before ?? [])
        lines.push(`subject.${b.method}(${args(b.args, [], ts)});`);
    return { lines, call: `subject.${method}(${args(input.args, fn.params, ts)})` };
}
function assertion(framework, call, t) {
    const o = t.outcome;
    const awaitCall = o.async ? `await ${call}` : call;
    if (o.kind === 'throw') {
        if (framework === 'node') {
            const expected = `{ name: ${quote(o.name)}, message: ${quote(o.message)} }`;
            return o.async
                ? [`await assert.rejects(${call}, ${expected});`]
                : [`assert.throws(() => ${call}, ${expected});`];
        }
        const arg = o.message ? quote(o.message) : '';
        return o.async
            ? [`await expect(${call}).rejects.toThrow(${arg});`]
            : [`expect(() => ${call}).toThrow(${arg});`];
    }
    const lit = encodedLiteral(o.value);
    if (lit === undefined) {
        // No faithful literal (functions inside, class instances): check what kind of value it is.
        const kinds = { array: 'Array', object: 'Object', map: 'Map', set: 'Set' };
        const type = o.value.t === 'opaque' ? o.value.type : (kinds[o.value.t] ?? 'Object');
        const probe = type === 'function'
            ? `typeof (${awaitCall})`
            : `Object.getPrototypeOf(${awaitCall})?.constructor?.name`;
        const expected = quote(type === 'function' ? 'function' : type);
        return framework === 'node'
            ? [`assert.equal(${probe}, ${expected});`]
            : [`expect(${probe}).toBe(${expected});`];
    }
    if (framework === 'node')
        return [`assert.${isPrimitive(o.value) ? 'equal' : 'deepEqual'}(${awaitCall}, ${lit});`];
    return [`expect(${awaitCall}).${isPrimitive(o.value) ? 'toBe' : 'toStrictEqual'}(${lit});`];
}
/** Test names read best without escapes: double quotes when the name has single quotes. */
function nameLiteral(name) {
    return name.includes("'") && !name.includes('"') ? JSON.stringify(name) : quote(name);
}
/** Marks every generated file and block, so later runs regenerate one function's tests alone. */
const MARK = 'autoglm-testgen';
const HASH_LINE = `// ${MARK} sha256=`;
const HASH_NOTE = ': edit freely; autoglm testgen then leaves this file alone unless run with --force (testgen.force).';
/** The header and imports of a test file for the functions of `fns`. */
function renderPreamble(info, testFile, fns, framework) {
    const ts = info.language === 'ts';
    const cjs = !ts && info.moduleKind === 'cjs';
    const spec = importSpecifier(testFile, info.file);
    const named = new Set();
    let defaultName;
    let wholeModule;
    for (const fn of fns) {
        if (fn.exportName === 'default')
            defaultName = localName(fn);
        else if (fn.exportName === 'export=')
            wholeModule = localName(fn);
        else
            named.add(importPart(fn, cjs));
    }
    const lines = [
        `// Generated by autoglm testgen from ${external_node_path_default().basename(info.file)}: each test is named after the path it covers.`,
        '// Review before committing; regenerate with `autoglm testgen`.',
        `${HASH_LINE}${HASH_NOTE}`,
    ];
    const frameworkNames = framework === 'node' ? ['describe', 'it'] : ['describe', 'expect', 'it'];
    const frameworkModule = framework === 'vitest' ? 'vitest' : framework === 'jest' ? '@jest/globals' : 'node:test';
    const names = [...named].sort();
    if (cjs) {
        if (framework === 'node')
            lines.push("const assert = require('node:assert/strict');");
        lines.push(`const { ${frameworkNames.join(', ')} } = require('${frameworkModule}');`);
        if (wholeModule)
            lines.push(`const ${wholeModule} = require(${quote(spec)});`);
        if (names.length > 0 || defaultName) {
            const parts = [...names, ...(defaultName ? [`default: ${defaultName}`] : [])];
            lines.push(`const { ${parts.join(', ')} } = require(${quote(spec)});`);
        }
    }
    else {
        if (framework === 'node')
            lines.push("import assert from 'node:assert/strict';");
        lines.push(`import { ${frameworkNames.join(', ')} } from '${frameworkModule}';`);
        const clause = [defaultName ?? wholeModule, names.length > 0 ? `{ ${names.join(', ')} }` : undefined]
            .filter(Boolean)
            .join(', ');
        lines.push(`import ${clause} from ${quote(spec)};`);
    }
    return lines;
}
/** One function's tests between its begin and end markers. */
function renderBlock(fn, tests, framework, ts) {
    const meta = {
        name: fn.name,
        exportName: fn.exportName,
        kind: fn.kind,
        ...(fn.className !== undefined ? { className: fn.className } : {}),
    };
    const lines = [`// ${MARK}:begin ${JSON.stringify(meta)}`, `describe(${quote(fn.name)}, () => {`];
    for (const t of tests) {
        const setup = t.input.before?.length ? sequenceSetup(fn, t.input, ts) : undefined;
        const call = setup ? setup.call : callText(fn, t.input, ts);
        const body = [...(setup?.lines ?? []), ...assertion(framework, call, t)];
        lines.push(`  it(${nameLiteral(t.name)}, ${t.outcome.async ? 'async ' : ''}() => {`);
        for (const b of body)
            lines.push(`    ${b}`);
        lines.push('  });');
    }
    lines.push('});', `// ${MARK}:end`);
    return lines;
}
/** The file with its hash line's digest left out: what the digest is computed over. */
function unsealed(text) {
    const at = text.indexOf(HASH_LINE);
    if (at < 0)
        return text;
    const from = at + HASH_LINE.length;
    return text.slice(0, from) + text.slice(from).replace(/^[0-9a-f]{64}/, '');
}
/** The sha256 of a generated file, its hash line's digest left out. */
function contentHash(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(unsealed(text)).digest('hex');
}
/** Write the content hash into the hash line: a later run tells an edited file by it. */
function seal(text) {
    const bare = unsealed(text);
    const at = bare.indexOf(HASH_LINE);
    if (at < 0)
        return text;
    const from = at + HASH_LINE.length;
    return `${bare.slice(0, from)}${contentHash(bare)}${bare.slice(from)}`;
}
/** The digest the file's hash line records, if it has one. */
function recordedHash(text) {
    const at = text.indexOf(HASH_LINE);
    if (at < 0)
        return undefined;
    const hex = text.slice(at + HASH_LINE.length, at + HASH_LINE.length + 64);
    return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
/** The source of one test file for a module, sealed with its content hash. */
function renderTestFile(info, testFile, functions, framework) {
    const used = functions.filter((f) => f.tests.length > 0);
    const lines = renderPreamble(info, testFile, used.map((u) => u.fn), framework);
    for (const { fn, tests } of used)
        lines.push('', ...renderBlock(fn, tests, framework, info.language === 'ts'));
    return seal(`${lines.join('\n')}\n`);
}

// EXTERNAL MODULE: ./node_modules/typescript/lib/typescript.js
var typescript = __webpack_require__(35672);
var typescript_default = /*#__PURE__*/__webpack_require__.n(typescript);
;// CONCATENATED MODULE: ./src/testgen/lib-decls.ts
/**
 * The global declarations testgen's analysis compiles against, instead of TypeScript's lib files:
 * parameter types only need the built-in types and the common utility types. Built in, so the
 * bundled CLI needs no lib files beside it, and the program builds in a fraction of the time.
 */
const LIB_FILE_NAME = '/__autoglm__/lib.autoglm.d.ts';
const LIB_DECLARATIONS = `
interface Object { constructor: Function; toString(): string; valueOf(): Object; hasOwnProperty(v: PropertyKey): boolean; }
interface Function { apply(this: Function, thisArg: any, argArray?: any): any; call(this: Function, thisArg: any, ...argArray: any[]): any; bind(this: Function, thisArg: any, ...argArray: any[]): any; readonly length: number; readonly name: string; prototype: any; }
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { [index: number]: any; length: number; }
interface Boolean { valueOf(): boolean; }
interface Number { toFixed(fractionDigits?: number): string; toString(radix?: number): string; valueOf(): number; }
interface String {
  readonly length: number; [index: number]: string;
  charAt(pos: number): string; charCodeAt(index: number): number; codePointAt(pos: number): number | undefined; at(index: number): string | undefined;
  concat(...strings: string[]): string; includes(s: string, position?: number): boolean; startsWith(s: string, position?: number): boolean; endsWith(s: string, endPosition?: number): boolean;
  indexOf(s: string, position?: number): number; lastIndexOf(s: string, position?: number): number;
  slice(start?: number, end?: number): string; substring(start: number, end?: number): string; substr(from: number, length?: number): string;
  toLowerCase(): string; toUpperCase(): string; toLocaleLowerCase(): string; toLocaleUpperCase(): string;
  trim(): string; trimStart(): string; trimEnd(): string; padStart(n: number, fill?: string): string; padEnd(n: number, fill?: string): string; repeat(count: number): string;
  split(separator: string | RegExp, limit?: number): string[]; replace(a: string | RegExp, b: string | ((...args: any[]) => string)): string; replaceAll(a: string | RegExp, b: string): string;
  match(r: string | RegExp): RegExpMatchArray | null; search(r: string | RegExp): number; normalize(form?: string): string; localeCompare(that: string): number; toString(): string; valueOf(): string;
}
interface RegExp { test(s: string): boolean; exec(s: string): RegExpExecArray | null; readonly source: string; readonly flags: string; lastIndex: number; }
interface RegExpMatchArray extends Array<string> { index?: number; input?: string; groups?: { [key: string]: string }; }
interface RegExpExecArray extends Array<string> { index: number; input: string; groups?: { [key: string]: string }; }
interface ReadonlyArray<T> {
  readonly length: number; readonly [n: number]: T;
  includes(x: T, fromIndex?: number): boolean; indexOf(x: T, fromIndex?: number): number; lastIndexOf(x: T, fromIndex?: number): number; join(separator?: string): string; slice(start?: number, end?: number): T[];
  map<U>(f: (value: T, index: number, array: readonly T[]) => U): U[]; filter(f: (value: T, index: number, array: readonly T[]) => unknown): T[];
  some(f: (value: T, index: number, array: readonly T[]) => unknown): boolean; every(f: (value: T, index: number, array: readonly T[]) => unknown): boolean;
  find(f: (value: T, index: number, obj: readonly T[]) => unknown): T | undefined; findIndex(f: (value: T, index: number, obj: readonly T[]) => unknown): number;
  forEach(f: (value: T, index: number, array: readonly T[]) => void): void; reduce<U>(f: (acc: U, value: T, index: number, array: readonly T[]) => U, initial: U): U; reduce(f: (acc: T, value: T) => T): T;
  concat(...items: (T | ConcatArray<T>)[]): T[]; at(index: number): T | undefined; [Symbol.iterator](): Iterator<T>;
}
interface ConcatArray<T> { readonly length: number; readonly [n: number]: T; join(separator?: string): string; slice(start?: number, end?: number): T[]; }
interface Array<T> extends ReadonlyArray<T> {
  length: number; [n: number]: T;
  push(...items: T[]): number; pop(): T | undefined; shift(): T | undefined; unshift(...items: T[]): number;
  splice(start: number, deleteCount?: number, ...items: T[]): T[]; reverse(): T[]; sort(compare?: (a: T, b: T) => number): this; fill(value: T, start?: number, end?: number): this;
  map<U>(f: (value: T, index: number, array: T[]) => U): U[]; filter(f: (value: T, index: number, array: T[]) => unknown): T[];
}
interface ArrayConstructor { new <T>(...items: T[]): T[]; isArray(arg: any): arg is any[]; from<T>(iterable: Iterable<T> | ArrayLike<T>): T[]; of<T>(...items: T[]): T[]; readonly prototype: any[]; }
declare var Array: ArrayConstructor;
interface ArrayLike<T> { readonly length: number; readonly [n: number]: T; }
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface SymbolConstructor { readonly iterator: unique symbol; readonly asyncIterator: unique symbol; }
declare var Symbol: SymbolConstructor;
interface Symbol { readonly description: string | undefined; }
type PropertyKey = string | number | symbol;
interface IteratorResult<T> { done?: boolean; value: T; }
interface Iterator<T> { next(...args: any[]): IteratorResult<T>; }
interface Iterable<T> { [Symbol.iterator](): Iterator<T>; }
interface IterableIterator<T> extends Iterator<T> { [Symbol.iterator](): IterableIterator<T>; }
interface AsyncIterator<T> { next(...args: any[]): Promise<IteratorResult<T>>; }
interface AsyncIterable<T> { [Symbol.asyncIterator](): AsyncIterator<T>; }
interface PromiseLike<T> { then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, err?: ((reason: any) => B | PromiseLike<B>) | null): PromiseLike<A | B>; }
interface Promise<T> { then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, err?: ((reason: any) => B | PromiseLike<B>) | null): Promise<A | B>; catch<B = never>(err?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B>; }
interface PromiseConstructor { new <T>(executor: (resolve: (value: T) => void, reject: (reason?: any) => void) => void): Promise<T>; resolve<T>(value: T): Promise<Awaited<T>>; reject<T = never>(reason?: any): Promise<T>; }
declare var Promise: PromiseConstructor;
type Awaited<T> = T extends null | undefined ? T : T extends object & { then(onfulfilled: infer F, ...args: infer _): any } ? F extends (value: infer V, ...args: infer _) => any ? Awaited<V> : never : T;
interface Error { name: string; message: string; stack?: string; cause?: unknown; }
interface ErrorConstructor { new (message?: string, options?: { cause?: unknown }): Error; (message?: string): Error; readonly prototype: Error; }
declare var Error: ErrorConstructor; declare var TypeError: ErrorConstructor; declare var RangeError: ErrorConstructor; declare var SyntaxError: ErrorConstructor; declare var ReferenceError: ErrorConstructor;
interface Date { getTime(): number; toISOString(): string; }
interface DateConstructor { new (value?: number | string): Date; now(): number; }
declare var Date: DateConstructor;
interface Map<K, V> { get(key: K): V | undefined; has(key: K): boolean; set(key: K, value: V): this; delete(key: K): boolean; readonly size: number; }
interface MapConstructor { new <K = any, V = any>(entries?: readonly (readonly [K, V])[] | null): Map<K, V>; }
declare var Map: MapConstructor;
interface ReadonlyMap<K, V> { get(key: K): V | undefined; has(key: K): boolean; readonly size: number; }
interface Set<T> { add(value: T): this; has(value: T): boolean; delete(value: T): boolean; readonly size: number; }
interface SetConstructor { new <T = any>(values?: readonly T[] | null): Set<T>; }
declare var Set: SetConstructor;
interface ReadonlySet<T> { has(value: T): boolean; readonly size: number; }
interface Math { floor(x: number): number; ceil(x: number): number; round(x: number): number; trunc(x: number): number; abs(x: number): number; sign(x: number): number; min(...values: number[]): number; max(...values: number[]): number; random(): number; sqrt(x: number): number; pow(x: number, y: number): number; readonly PI: number; }
declare var Math: Math;
interface NumberConstructor { (value?: any): number; isInteger(n: unknown): boolean; isFinite(n: unknown): boolean; isNaN(n: unknown): boolean; isSafeInteger(n: unknown): boolean; parseFloat(s: string): number; parseInt(s: string, radix?: number): number; readonly MAX_SAFE_INTEGER: number; readonly MIN_SAFE_INTEGER: number; readonly EPSILON: number; readonly NaN: number; readonly POSITIVE_INFINITY: number; readonly NEGATIVE_INFINITY: number; }
declare var Number: NumberConstructor;
interface StringConstructor { (value?: any): string; fromCharCode(...codes: number[]): string; }
declare var String: StringConstructor;
interface BooleanConstructor { <T>(value?: T): boolean; }
declare var Boolean: BooleanConstructor;
interface ObjectConstructor { keys(o: object): string[]; values<T>(o: { [s: string]: T }): T[]; entries<T>(o: { [s: string]: T }): [string, T][]; assign<T extends {}, U>(target: T, source: U): T & U; freeze<T>(o: T): Readonly<T>; }
declare var Object: ObjectConstructor;
interface RegExpConstructor { new (pattern: string | RegExp, flags?: string): RegExp; }
declare var RegExp: RegExpConstructor;
interface JSON { parse(text: string): any; stringify(value: any, replacer?: any, space?: string | number): string; }
declare var JSON: JSON;
declare function parseInt(s: string, radix?: number): number;
declare function parseFloat(s: string): number;
declare function isNaN(n: number): boolean;
declare function isFinite(n: number): boolean;
declare var NaN: number;
declare var Infinity: number;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
`;

;// CONCATENATED MODULE: ./src/testgen/untyped.ts


/**
 * Types for untyped parameters. The usage guess of analyse.ts gives one type; real JS code often
 * takes several and checks which it got (`typeof x === 'string'`, `Array.isArray(x)`, `x == null`).
 * Those checks are evidence of every type they name: the parameter becomes a union over them (the
 * symbolic explorer forks on the union's type tag), plus one type they exclude so the fall-through
 * path has an input too.
 */
const OBJECT_METHODS = new Set([
    'hasOwnProperty',
    'toString',
    'valueOf',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    'constructor',
    '__proto__',
]);
function evidence(name, body) {
    const ev = { kinds: new Set(), props: new Set(), defaulted: false, passed: false, called: false };
    const isRef = (n) => (typescript_default().isIdentifier(n) && n.text === name) || (typescript_default().isParenthesizedExpression(n) && isRef(n.expression));
    // `var type = typeof x` (ms): comparisons of `type` count as comparisons of `typeof x`.
    const typeofAliases = new Set();
    const isTypeof = (n) => (typescript_default().isTypeOfExpression(n) && isRef(n.expression)) || (typescript_default().isIdentifier(n) && typeofAliases.has(n.text));
    const visit = (n) => {
        if (typescript_default().isVariableDeclaration(n) && typescript_default().isIdentifier(n.name) && n.initializer && isTypeof(n.initializer))
            typeofAliases.add(n.name.text);
        if (typescript_default().isBinaryExpression(n)) {
            const op = n.operatorToken.kind;
            const eq = [
                (typescript_default()).SyntaxKind.EqualsEqualsEqualsToken,
                (typescript_default()).SyntaxKind.ExclamationEqualsEqualsToken,
                (typescript_default()).SyntaxKind.EqualsEqualsToken,
                (typescript_default()).SyntaxKind.ExclamationEqualsToken,
            ].includes(op);
            if (eq) {
                const [a, b] = [n.left, n.right];
                const lit = typescript_default().isStringLiteral(b) ? b : typescript_default().isStringLiteral(a) ? a : undefined;
                if (lit && (isTypeof(a) || isTypeof(b))) {
                    const t = lit.text;
                    if (t === 'number' || t === 'string' || t === 'boolean' || t === 'undefined')
                        ev.kinds.add(t);
                    // `typeof x === 'object'` holds for arrays and null too.
                    if (t === 'object')
                        for (const k of ['object', 'array', 'null'])
                            ev.kinds.add(k);
                    if (t === 'function')
                        ev.kinds.add('function');
                }
                const other = isRef(a) ? b : isRef(b) ? a : undefined;
                if (other) {
                    if (other.kind === (typescript_default()).SyntaxKind.NullKeyword) {
                        ev.kinds.add('null');
                        if (op === (typescript_default()).SyntaxKind.EqualsEqualsToken || op === (typescript_default()).SyntaxKind.ExclamationEqualsToken)
                            ev.kinds.add('undefined');
                    }
                    if ((typescript_default().isIdentifier(other) && other.text === 'undefined') ||
                        typescript_default().isVoidExpression(other) ||
                        typescript_default().isVoidExpression(other))
                        ev.kinds.add('undefined');
                }
            }
            if (op === (typescript_default()).SyntaxKind.InstanceOfKeyword && isRef(n.left))
                ev.kinds.add('object');
            // `x = x || {}`, `x = x || ''`
            if (op === (typescript_default()).SyntaxKind.EqualsToken &&
                isRef(n.left) &&
                typescript_default().isBinaryExpression(n.right) &&
                (n.right.operatorToken.kind === (typescript_default()).SyntaxKind.BarBarToken ||
                    n.right.operatorToken.kind === (typescript_default()).SyntaxKind.QuestionQuestionToken) &&
                isRef(n.right.left)) {
                ev.defaulted = true;
                if (typescript_default().isObjectLiteralExpression(n.right.right))
                    ev.defaultObject = true;
            }
        }
        if (typescript_default().isCallExpression(n) &&
            n.arguments.length === 1 &&
            isRef(n.arguments[0]) &&
            typescript_default().isPropertyAccessExpression(n.expression) &&
            n.expression.name.text === 'isArray')
            ev.kinds.add('array');
        // `fn(x)`, `fn.call(self, x)`: a callback.
        if (typescript_default().isCallExpression(n) &&
            (isRef(n.expression) ||
                (typescript_default().isPropertyAccessExpression(n.expression) &&
                    isRef(n.expression.expression) &&
                    ['call', 'apply'].includes(n.expression.name.text))))
            ev.called = true;
        if (typescript_default().isCallExpression(n) && n.arguments.some(isRef)) {
            const callee = n.expression.getText();
            if (!/^(Math|Number|String|JSON|Object|Array|console|Boolean|parse|is[A-Z]?)\b/.test(callee))
                ev.passed = true;
        }
        if (typescript_default().isPropertyAccessExpression(n) && isRef(n.expression) && !OBJECT_METHODS.has(n.name.text)) {
            ev.props.add(n.name.text);
        }
        typescript_default().forEachChild(n, visit);
    };
    visit(body);
    return ev;
}
const STRINGISH = new Set(['length', 'trim', 'toLowerCase', 'toUpperCase', 'slice', 'indexOf', 'split']);
/**
 * The type of an untyped parameter: the usage guess alone when the code never checks what it got,
 * else a union of every type the checks name (objects with the properties the code reads).
 */
function untypedType(name, body, guess) {
    if (!body)
        return guess;
    const ev = evidence(name, body);
    if (ev.called && !ev.kinds.has('function'))
        ev.kinds.add('function');
    const objectProps = () => [...ev.props]
        .filter((p) => !STRINGISH.has(p))
        .slice(0, 6)
        .map((p) => ({ name: p, type: { kind: 'unknown' }, optional: true }));
    // A usage guess of an object: its properties are read, so each may be absent (`options.long`).
    const fixGuess = (t) => t.kind === 'object' ? { kind: 'object', props: t.props.map((p) => ({ ...p, optional: true })) } : t;
    if (ev.kinds.size === 0) {
        const g = ev.defaultObject && guess.kind !== 'object'
            ? { kind: 'object', props: objectProps() }
            : fixGuess(guess);
        // A primitive handed to a helper: one other type too, for the helper's type check.
        if (ev.passed && (g.kind === 'number' || g.kind === 'string')) {
            const other = { kind: g.kind === 'number' ? 'string' : 'number' };
            return {
                kind: 'union',
                options: [g, other, ...(ev.defaulted ? [{ kind: 'undefined' }] : [])],
            };
        }
        return ev.defaulted && g.kind !== 'unknown' ? { kind: 'union', options: [g, { kind: 'undefined' }] } : g;
    }
    const options = [];
    const add = (t) => {
        if (!options.some((o) => o.kind === t.kind))
            options.push(t);
    };
    // `fn.call(...)` makes the usage guess an object with a `call` property: a callback instead.
    if (guess.kind !== 'unknown' && !(ev.called && guess.kind === 'object'))
        add(fixGuess(guess));
    for (const k of ev.kinds) {
        if (k === 'object')
            add({ kind: 'object', props: objectProps() });
        else if (k === 'array')
            add({ kind: 'array', element: { kind: 'unknown' } });
        else if (k === 'function')
            add({ kind: 'function', returns: { kind: 'unknown' } });
        else
            add({ kind: k });
    }
    // One type none of the checks names, for the path where all of them fail.
    const fallback = ['boolean', 'undefined', 'null', 'number', 'string'].find((k) => !ev.kinds.has(k));
    if (fallback)
        add({ kind: fallback });
    // A type dispatcher (`kindOf`): past its primitive checks come arrays and objects.
    if (ev.kinds.size >= 3 || !fallback) {
        add({ kind: 'array', element: { kind: 'number' } });
        add({ kind: 'object', props: objectProps() });
    }
    if (ev.defaulted)
        add({ kind: 'undefined' });
    return options.length === 1 ? options[0] : { kind: 'union', options };
}
/** A JSDoc type with open objects (`{Object}`): the properties the body reads, each optional. */
function withUsageProps(type, name, body) {
    if (!body)
        return type;
    const fill = (t) => {
        if (t.kind === 'object' && t.props.length === 0) {
            const props = [...evidence(name, body).props].filter((p) => !STRINGISH.has(p)).slice(0, 6);
            return {
                kind: 'object',
                props: props.map((p) => ({ name: p, type: { kind: 'unknown' }, optional: true })),
            };
        }
        if (t.kind === 'union')
            return { kind: 'union', options: t.options.map(fill) };
        return t;
    };
    return fill(type);
}

;// CONCATENATED MODULE: ./src/testgen/params.ts



function isFnNode(n) {
    return (!!n &&
        (typescript_default().isFunctionDeclaration(n) ||
            typescript_default().isFunctionExpression(n) ||
            typescript_default().isArrowFunction(n) ||
            typescript_default().isMethodDeclaration(n)));
}
const MAX_TYPE_DEPTH = 4;
/** Set while describing a type when a part of it (a function, a method) has no TypeDesc. */
let lossy = false;
function hasUnknown(t) {
    switch (t.kind) {
        case 'unknown':
            return true;
        case 'union':
            return t.options.some(hasUnknown);
        case 'array':
            return hasUnknown(t.element);
        case 'object':
            return t.props.some((p) => hasUnknown(p.type));
        default:
            return false;
    }
}
/** Translate a checker type into a TypeDesc. */
function describeType(checker, t, depth = 0) {
    const f = t.flags;
    if (f & ((typescript_default()).TypeFlags.Any | (typescript_default()).TypeFlags.Unknown))
        return { kind: 'unknown' };
    if (t.isUnion()) {
        const options = [];
        let trues = 0;
        for (const m of t.types) {
            const d = describeType(checker, m, depth);
            if (d.kind === 'literal' && typeof d.value === 'boolean')
                trues++;
            options.push(d);
        }
        // `boolean` is `true | false` to the checker.
        const merged = trues === 2
            ? [
                ...options.filter((o) => !(o.kind === 'literal' && typeof o.value === 'boolean')),
                { kind: 'boolean' },
            ]
            : options;
        return merged.length === 1 ? merged[0] : { kind: 'union', options: merged };
    }
    if (t.isStringLiteral())
        return { kind: 'literal', value: t.value };
    if (t.isNumberLiteral())
        return { kind: 'literal', value: t.value };
    if (f & (typescript_default()).TypeFlags.BooleanLiteral) {
        return { kind: 'literal', value: t.intrinsicName === 'true' };
    }
    if (f & (typescript_default()).TypeFlags.StringLike)
        return { kind: 'string' };
    if (f & (typescript_default()).TypeFlags.NumberLike)
        return { kind: 'number' };
    if (f & (typescript_default()).TypeFlags.BooleanLike)
        return { kind: 'boolean' };
    if (f & ((typescript_default()).TypeFlags.Undefined | (typescript_default()).TypeFlags.Void))
        return { kind: 'undefined' };
    if (f & (typescript_default()).TypeFlags.Null)
        return { kind: 'null' };
    if (depth >= MAX_TYPE_DEPTH)
        return { kind: 'unknown' };
    if (checker.isArrayType(t) || checker.isTupleType(t)) {
        const args = checker.getTypeArguments(t);
        const element = args.length === 1 && args[0]
            ? describeType(checker, args[0], depth + 1)
            : args.length > 1
                ? { kind: 'union', options: args.map((a) => describeType(checker, a, depth + 1)) }
                : { kind: 'unknown' };
        return { kind: 'array', element };
    }
    if (f & (typescript_default()).TypeFlags.Object) {
        // JSDoc `{Object}`: an open object; the parameter's properties come from its use (paramInfo).
        const fromLib = t.symbol?.declarations?.[0]?.getSourceFile().fileName === LIB_FILE_NAME;
        if (fromLib && t.symbol.name === 'Object')
            return { kind: 'object', props: [] };
        if (fromLib && t.symbol.name === 'Function') {
            lossy = true;
            return { kind: 'function', returns: { kind: 'unknown' } };
        }
        // `Symbol`, `Date`, `Function` and the like have no literal input: not an object of their members.
        if (fromLib && !t.symbol.name.startsWith('__')) {
            lossy = true;
            return { kind: 'unknown' };
        }
        const sig = t.getCallSignatures()[0];
        if (sig) {
            // A callback: a function returning values of its return type (TS tests cast it).
            lossy = true;
            return { kind: 'function', returns: describeType(checker, sig.getReturnType(), depth + 1) };
        }
        const props = [];
        for (const p of checker.getPropertiesOfType(t)) {
            const decl = p.valueDeclaration ?? p.declarations?.[0];
            if (!decl)
                continue;
            const pt = checker.getTypeOfSymbolAtLocation(p, decl);
            if (pt.getCallSignatures().length > 0) {
                lossy = true;
                continue;
            }
            props.push({
                name: p.name,
                type: describeType(checker, pt, depth + 1),
                optional: (p.flags & (typescript_default()).SymbolFlags.Optional) !== 0,
            });
        }
        return { kind: 'object', props };
    }
    return { kind: 'unknown' };
}
/** Guess the type of an untyped parameter from how the body uses it. */
function inferFromUsage(name, body) {
    if (!body)
        return { kind: 'unknown' };
    let str = 0;
    let num = 0;
    let arr = 0;
    let bool = 0;
    const props = new Set();
    const STRING_METHODS = new Set([
        'startsWith',
        'endsWith',
        'toLowerCase',
        'toUpperCase',
        'trim',
        'charAt',
        'charCodeAt',
        'split',
        'padStart',
        'padEnd',
        'repeat',
        'substring',
        'match',
        'replace',
    ]);
    const ARRAY_METHODS = new Set([
        'map',
        'filter',
        'forEach',
        'push',
        'some',
        'every',
        'reduce',
        'find',
        'join',
        'pop',
    ]);
    const isRef = (n) => typescript_default().isIdentifier(n) && n.text === name;
    const visit = (n) => {
        if (typescript_default().isPropertyAccessExpression(n) && isRef(n.expression)) {
            const p = n.name.text;
            if (p === 'length') {
                str += 0.5;
                arr += 0.5;
            }
            else if (STRING_METHODS.has(p))
                str += 2;
            else if (ARRAY_METHODS.has(p))
                arr += 2;
            else if (!['includes', 'indexOf', 'slice', 'hasOwnProperty', 'toString', 'valueOf'].includes(p))
                props.add(p);
        }
        if (typescript_default().isElementAccessExpression(n) && isRef(n.expression))
            arr += 1;
        if (typescript_default().isForOfStatement(n) && isRef(n.expression))
            arr += 2;
        // `re.test(x)`, `re.exec(x)`, `s.replace(re, ...)` with x: a string argument.
        if (typescript_default().isCallExpression(n) &&
            typescript_default().isPropertyAccessExpression(n.expression) &&
            ['test', 'exec'].includes(n.expression.name.text) &&
            n.arguments.length === 1 &&
            isRef(n.arguments[0]))
            str += 5;
        if (typescript_default().isBinaryExpression(n)) {
            const other = isRef(n.left) ? n.right : isRef(n.right) ? n.left : undefined;
            if (other) {
                const op = n.operatorToken.kind;
                const arith = [
                    (typescript_default()).SyntaxKind.MinusToken,
                    (typescript_default()).SyntaxKind.AsteriskToken,
                    (typescript_default()).SyntaxKind.SlashToken,
                    (typescript_default()).SyntaxKind.PercentToken,
                    (typescript_default()).SyntaxKind.LessThanToken,
                    (typescript_default()).SyntaxKind.GreaterThanToken,
                    (typescript_default()).SyntaxKind.LessThanEqualsToken,
                    (typescript_default()).SyntaxKind.GreaterThanEqualsToken,
                ].includes(op);
                if (typescript_default().isStringLiteral(other) || typescript_default().isNoSubstitutionTemplateLiteral(other))
                    str += 2;
                else if (typescript_default().isNumericLiteral(other) ||
                    (typescript_default().isPrefixUnaryExpression(other) && typescript_default().isNumericLiteral(other.operand)))
                    num += 2;
                else if (other.kind === (typescript_default()).SyntaxKind.TrueKeyword || other.kind === (typescript_default()).SyntaxKind.FalseKeyword)
                    bool += 2;
                else if (arith)
                    num += 1;
                if (op === (typescript_default()).SyntaxKind.PlusToken && typescript_default().isNumericLiteral(other))
                    num += 1;
            }
        }
        if (typescript_default().isPrefixUnaryExpression(n) && isRef(n.operand)) {
            if (n.operator === (typescript_default()).SyntaxKind.MinusToken || n.operator === (typescript_default()).SyntaxKind.PlusToken)
                num += 1;
        }
        if (typescript_default().isCallExpression(n) &&
            typescript_default().isPropertyAccessExpression(n.expression) &&
            typescript_default().isIdentifier(n.expression.expression) &&
            n.expression.expression.text === 'Math' &&
            n.arguments.some(isRef)) {
            num += 2;
        }
        if ((typescript_default().isIfStatement(n) || typescript_default().isConditionalExpression(n)) &&
            isRef(typescript_default().isIfStatement(n) ? n.expression : n.condition))
            bool += 0.5;
        typescript_default().forEachChild(n, visit);
    };
    visit(body);
    const best = Math.max(str, num, arr, bool);
    if (best === 0) {
        if (props.size > 0) {
            return {
                kind: 'object',
                props: [...props].map((p) => ({ name: p, type: { kind: 'unknown' }, optional: false })),
            };
        }
        return { kind: 'unknown' };
    }
    if (best === str)
        return { kind: 'string' };
    if (best === arr)
        return { kind: 'array', element: { kind: 'number' } };
    if (best === num)
        return { kind: 'number' };
    return { kind: 'boolean' };
}
/** The type a declaration file gives a parameter, and whether a part of it has no TypeDesc. */
function declaredType(checker, p) {
    lossy = false;
    const type = describeType(checker, checker.getTypeAtLocation(p));
    return { type, lossy };
}
function paramInfo(checker, p, fn) {
    const name = typescript_default().isIdentifier(p.name) ? p.name.text : p.name.getText();
    const rest = p.dotDotDotToken !== undefined;
    const optional = p.questionToken !== undefined || p.initializer !== undefined;
    let source = 'none';
    let type;
    const jsdoc = typescript_default().getJSDocType(p);
    if (p.type || jsdoc || p.initializer) {
        source = p.type ? 'annotation' : jsdoc ? 'jsdoc' : 'default';
        let t = checker.getTypeAtLocation(p);
        // An optional parameter's declared type, without the `undefined` the initializer removes.
        if (p.initializer && !p.type && !jsdoc)
            t = checker.getBaseTypeOfLiteralType(t);
        lossy = false;
        type = describeType(checker, t);
        if (rest && type.kind === 'array')
            type = type.element;
        // An annotation that resolves to any without saying so (a type from a package or the DOM) is lossy.
        const declaredAny = p.type !== undefined && /^(any|unknown)$/.test(p.type.getText().trim());
        const anyLike = (t.flags & ((typescript_default()).TypeFlags.Any | (typescript_default()).TypeFlags.Unknown)) !== 0 && (declaredAny || !p.type);
        if (lossy || (hasUnknown(type) && !anyLike)) {
            if (p.type)
                return { name, type, optional, rest, source, lossy: true };
        }
        if (jsdoc && typescript_default().isIdentifier(p.name)) {
            if (type.kind === 'unknown')
                type = untypedType(p.name.text, fn.body, inferFromUsage(p.name.text, fn.body));
            else
                type = withUsageProps(type, p.name.text, fn.body);
        }
    }
    else {
        type = typescript_default().isIdentifier(p.name)
            ? untypedType(p.name.text, fn.body, inferFromUsage(p.name.text, fn.body))
            : { kind: 'unknown' };
        if (type.kind !== 'unknown')
            source = 'usage';
    }
    // Optional and defaulted parameters may be left out: `undefined` is one of their inputs.
    const allowsUndefined = (t) => t.kind === 'undefined' || t.kind === 'unknown' || (t.kind === 'union' && t.options.some(allowsUndefined));
    if ((p.questionToken || p.initializer) && !rest && !allowsUndefined(type)) {
        type = { kind: 'union', options: [type, { kind: 'undefined' }] };
    }
    return { name, type, optional, rest, source };
}
/**
 * How a function reads `arguments`: at all (`uses`), and the highest constant index it reads
 * (`arguments[1]`, `arguments.length > 1`: Babel's output for default parameters).
 */
function argumentsUse(fn) {
    const out = { uses: false, max: -1, length: false };
    if (typescript_default().isArrowFunction(fn) || !fn.body)
        return out;
    const visit = (n) => {
        if (typescript_default().isFunctionLike(n) && !typescript_default().isArrowFunction(n))
            return;
        if (typescript_default().isIdentifier(n) && n.text === 'arguments') {
            out.uses = true;
            const p = n.parent;
            if (typescript_default().isElementAccessExpression(p) && typescript_default().isNumericLiteral(p.argumentExpression))
                out.max = Math.max(out.max, Number(p.argumentExpression.text));
            if (typescript_default().isPropertyAccessExpression(p) && p.name.text === 'length')
                out.length = true;
            if (typescript_default().isPropertyAccessExpression(p) &&
                p.name.text === 'length' &&
                typescript_default().isBinaryExpression(p.parent) &&
                typescript_default().isNumericLiteral(p.parent.right))
                out.max = Math.max(out.max, Number(p.parent.right.text));
        }
        typescript_default().forEachChild(n, visit);
    };
    typescript_default().forEachChild(fn.body, visit);
    return out;
}
/** A function without parameters that reads `arguments` (ES5 variadics such as `classNames()`). */
function usesArguments(fn) {
    return fn.parameters.length === 0 && argumentsUse(fn).uses;
}
/** Parameters plus those read only through `arguments[i]` (optional, untyped). */
function paramsOf(checker, fn) {
    if (usesArguments(fn))
        return [{ name: 'args', type: { kind: 'unknown' }, optional: true, rest: true, source: 'usage' }];
    const params = fn.parameters.map((p) => paramInfo(checker, p, fn));
    const { max, length } = argumentsUse(fn);
    if (fn.parameters.some((p) => p.dotDotDotToken))
        return params;
    // A function that counts its arguments (`switch (arguments.length)`) gets one more than it names.
    const wanted = length ? Math.max(max, params.length) : max;
    const last = Math.min(wanted, Math.max(5, params.length));
    for (let i = params.length; i <= last; i++)
        params.push({ name: `arg${i}`, type: { kind: 'unknown' }, optional: true, rest: false, source: 'usage' });
    return params;
}

;// CONCATENATED MODULE: ./src/testgen/declared.ts
/**
 * Parameter types for untyped JavaScript from declaration files: a `.d.ts` beside the module
 * (`index.js` -> `index.d.ts`, `.cjs` -> `.d.cts`, `.mjs` -> `.d.mts`), the `types`/`typings`
 * file its package names for its entry point, or `@types/<package>` in a `node_modules` above it.
 * A declared type replaces a type guessed from use (or none); annotations and JSDoc in the module
 * itself still win. Overloads give the union of their parameter types.
 */




/** The nearest package.json above a file: its folder and its fields, or undefined (none, or unreadable). */
function packageOf(file) {
    let dir = external_node_path_default().dirname(file);
    for (;;) {
        const pkg = external_node_path_default().join(dir, 'package.json');
        if ((0,external_node_fs_.existsSync)(pkg)) {
            try {
                return { dir, json: JSON.parse((0,external_node_fs_.readFileSync)(pkg, 'utf8')) };
            }
            catch {
                return undefined;
            }
        }
        const up = external_node_path_default().dirname(dir);
        if (up === dir)
            return undefined;
        dir = up;
    }
}
const withoutExt = (f) => f.replace(/\.(c|m)?jsx?$/, '');
/** The declaration file for a JS module, or undefined when there is none. */
function declarationFileFor(file) {
    if (!/\.(c|m)?jsx?$/.test(file))
        return undefined;
    const flavour = /\.cjs$/.test(file) ? '.d.cts' : /\.mjs$/.test(file) ? '.d.mts' : '.d.ts';
    const beside = withoutExt(file) + flavour;
    if ((0,external_node_fs_.existsSync)(beside))
        return beside;
    const pkg = packageOf(file);
    if (!pkg)
        return undefined;
    // The module's path inside its package, without extension (`index`, `lib/isInt`).
    const inner = withoutExt(external_node_path_default().relative(pkg.dir, file)).split((external_node_path_default()).sep).join('/');
    const main = withoutExt(String(pkg.json.main ?? 'index.js').replace(/^\.\//, ''));
    const isEntry = inner === main || inner === `${main}/index`;
    const typesField = pkg.json.types ?? pkg.json.typings;
    if (isEntry && typeof typesField === 'string') {
        const t = external_node_path_default().resolve(pkg.dir, typesField);
        if ((0,external_node_fs_.existsSync)(t))
            return t;
    }
    // DefinitelyTyped: @types/name (a scoped @scope/name is @types/scope__name), entry or same path.
    const name = typeof pkg.json.name === 'string' ? pkg.json.name : undefined;
    if (!name)
        return undefined;
    const typesName = name.startsWith('@') ? name.slice(1).replace('/', '__') : name;
    let dir = pkg.dir;
    for (;;) {
        const base = external_node_path_default().join(dir, external_node_path_default().basename(dir) === 'node_modules' ? '' : 'node_modules', '@types', typesName);
        const candidates = isEntry ? [external_node_path_default().join(base, 'index.d.ts')] : [];
        candidates.push(external_node_path_default().join(base, `${inner}.d.ts`), external_node_path_default().join(base, inner, 'index.d.ts'));
        for (const c of candidates)
            if ((0,external_node_fs_.existsSync)(c))
                return c;
        const up = external_node_path_default().dirname(dir);
        if (up === dir)
            return undefined;
        dir = up;
    }
}
/**
 * The signatures a declaration file gives, by name: `f`, `Class.method`, `Class.constructor`,
 * and `export=` / `default` for what the module exports as a whole (a function, or a class whose
 * members are then also under `export=.method`).
 */
function declaredSignatures(checker, sf, depth = 0) {
    const out = new Map();
    const add = (key, s) => (out.get(key) ?? out.set(key, []).get(key))?.push(s);
    const visit = (statements, prefix) => {
        for (const s of statements) {
            if (typescript_default().isFunctionDeclaration(s) && s.name) {
                add(prefix + s.name.text, s);
                if (s.modifiers?.some((m) => m.kind === (typescript_default()).SyntaxKind.DefaultKeyword))
                    add('default', s);
            }
            else if (typescript_default().isClassDeclaration(s) || typescript_default().isInterfaceDeclaration(s)) {
                const name = s.name?.text ?? 'default';
                for (const m of s.members) {
                    if ((typescript_default().isMethodDeclaration(m) || typescript_default().isMethodSignature(m)) && m.name && typescript_default().isIdentifier(m.name))
                        add(`${name}.${m.name.text}`, m);
                    if (typescript_default().isConstructorDeclaration(m) || typescript_default().isConstructSignatureDeclaration(m))
                        add(`${name}.constructor`, m);
                }
            }
            else if (typescript_default().isVariableStatement(s)) {
                for (const d of s.declarationList.declarations)
                    if (typescript_default().isIdentifier(d.name) && d.type && typescript_default().isFunctionTypeNode(d.type))
                        add(prefix + d.name.text, d.type);
            }
            else if (typescript_default().isModuleDeclaration(s) && s.body && typescript_default().isModuleBlock(s.body) && typescript_default().isIdentifier(s.name)) {
                visit(s.body.statements, `${s.name.text}.`);
            }
        }
    };
    visit(sf.statements, '');
    for (const s of sf.statements) {
        if (!typescript_default().isExportAssignment(s) || !typescript_default().isIdentifier(s.expression))
            continue;
        const target = s.expression.text;
        const key = s.isExportEquals ? 'export=' : 'default';
        for (const sig of out.get(target) ?? [])
            add(key, sig);
        for (const [k, sigs] of [...out])
            if (k.startsWith(`${target}.`))
                for (const sig of sigs)
                    add(`${key}.${k.slice(target.length + 1)}`, sig);
    }
    // `import x = require('./lib/x'); export = x` and the like: what the checker resolves it to.
    const mod = checker.getSymbolAtLocation(sf);
    for (const key of ['export=', 'default']) {
        if (out.has(key) || !mod)
            continue;
        const sym = mod.exports?.get(key === 'export=' ? (typescript_default()).InternalSymbolName.ExportEquals : (typescript_default()).InternalSymbolName.Default);
        if (!sym)
            continue;
        const target = sym.flags & (typescript_default()).SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        for (const d of target.declarations ?? []) {
            if (typescript_default().isFunctionDeclaration(d))
                add(key, d);
            if (typescript_default().isSourceFile(d) && d !== sf && depth < 3)
                for (const [k, v] of declaredSignatures(checker, d, depth + 1))
                    if (k === key)
                        for (const x of v)
                            add(key, x);
        }
    }
    return out;
}
/** The declared type of parameter `i` over a function's overloads, or undefined when none helps. */
function typeAt(checker, sigs, i) {
    const options = [];
    let lossy = false;
    for (const sig of sigs) {
        // A rest parameter at or before `i` stands for this argument too: its element type is not read.
        if (sig.parameters.slice(0, i + 1).some((q) => q.dotDotDotToken))
            return undefined;
        const p = sig.parameters[i];
        if (!p) {
            options.push({ kind: 'undefined' });
            continue;
        }
        const d = declaredType(checker, p);
        if (d.type.kind === 'unknown')
            return undefined;
        lossy ||= d.lossy;
        options.push(d.type);
    }
    const seen = new Set();
    const unique = options.filter((o) => {
        const k = JSON.stringify(o);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
    if (unique.length === 0)
        return undefined;
    return { type: unique.length === 1 ? unique[0] : { kind: 'union', options: unique }, lossy };
}
function applyTo(checker, params, sigs) {
    if (!sigs || sigs.length === 0)
        return params;
    return params.map((p, i) => {
        if (p.rest || (p.source !== 'usage' && p.source !== 'none'))
            return p;
        const d = typeAt(checker, sigs, i);
        if (!d)
            return p;
        const optional = p.optional || (d.type.kind === 'union' && d.type.options.some((o) => o.kind === 'undefined'));
        return { ...p, type: d.type, optional, source: 'declaration', ...(d.lossy ? { lossy: true } : {}) };
    });
}
/** Give the functions of a JS module the parameter types its declaration file declares. */
function applyDeclarations(checker, dts, fns) {
    const sigs = declaredSignatures(checker, dts);
    return fns.map((f) => {
        if (f.className) {
            const method = f.name.slice(f.className.length + 1);
            const owner = f.exportName === 'export=' || f.exportName === 'default'
                ? [f.exportName, f.className]
                : [f.className];
            const find = (m) => owner.map((o) => sigs.get(`${o}.${m}`)).find((s) => s && s.length > 0);
            return {
                ...f,
                params: applyTo(checker, f.params, find(method)),
                ...(f.ctorParams ? { ctorParams: applyTo(checker, f.ctorParams, find('constructor')) } : {}),
            };
        }
        const keys = f.exportName === 'export=' || f.exportName === 'default' ? [f.exportName, f.name] : [f.exportName];
        const found = keys.map((k) => sigs.get(k)).find((s) => s && s.length > 0);
        return { ...f, params: applyTo(checker, f.params, found) };
    });
}

;// CONCATENATED MODULE: ./src/testgen/analyse.ts







const JS_EXT = /\.(c|m)?jsx?$/;
/** Compiler options for analysis: JS and TS alike, strict null checks so optionals carry `undefined`. */
const ANALYSIS_OPTIONS = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    strict: true,
    target: (typescript_default()).ScriptTarget.ES2022,
    module: (typescript_default()).ModuleKind.NodeNext,
    moduleResolution: (typescript_default()).ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
    noResolve: false,
};
/** A compiler host whose only lib file is testgen's built-in declarations (see lib-decls.ts). */
function analysisHost(options) {
    const host = typescript_default().createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getDefaultLibFileName = () => LIB_FILE_NAME;
    host.getDefaultLibLocation = () => external_node_path_default().dirname(LIB_FILE_NAME);
    host.fileExists = (f) => f === LIB_FILE_NAME || fileExists(f);
    host.getSourceFile = (f, lang, onError, create) => f === LIB_FILE_NAME
        ? typescript_default().createSourceFile(f, LIB_DECLARATIONS, lang, true)
        : getSourceFile(f, lang, onError, create);
    return host;
}
function isTestgenSource(file) {
    return /\.(c|m)?(t|j)sx?$/.test(file) && !file.endsWith('.d.ts');
}
/** ESM or CommonJS, the way Node decides: extension, then syntax, then the nearest package.json. */
function moduleKindOf(file, sf) {
    if (/\.m(t|j)s$/.test(file))
        return 'esm';
    if (/\.c(t|j)s$/.test(file))
        return 'cjs';
    const hasEsmSyntax = sf.statements.some((s) => typescript_default().isImportDeclaration(s) ||
        typescript_default().isExportDeclaration(s) ||
        typescript_default().isExportAssignment(s) ||
        (typescript_default().canHaveModifiers(s) && typescript_default().getModifiers(s)?.some((m) => m.kind === (typescript_default()).SyntaxKind.ExportKeyword)));
    if (hasEsmSyntax)
        return 'esm';
    if (/\bmodule\.exports\b|\bexports\.\w+\s*=|\brequire\(/.test(sf.text))
        return 'cjs';
    return packageOf(file)?.json.type === 'module' ? 'esm' : 'cjs';
}
function analyse_location(sf, pos) {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    return `${sf.fileName}:${line + 1}:${character + 1}`;
}
function lineOf(sf, pos) {
    return sf.getLineAndCharacterOfPosition(pos).line + 1;
}
function functionInfo(checker, sf, exportName, name, fn, cls) {
    const ctor = cls?.node.members.find((typescript_default()).isConstructorDeclaration);
    const isAsync = typescript_default().getModifiers(fn)?.some((m) => m.kind === (typescript_default()).SyntaxKind.AsyncKeyword) ?? false;
    const start = fn.getStart(sf);
    return {
        name: cls ? `${cls.name}.${name}` : name,
        exportName,
        kind: cls ? (cls.isStatic ? 'static' : 'method') : 'function',
        ...(cls
            ? {
                className: cls.name,
                classNode: cls.node,
                ctorParams: cls.isStatic || !ctor ? [] : ctor.parameters.map((p) => paramInfo(checker, p, ctor)),
                ...(ctor && !cls.isStatic ? { ctorNode: ctor } : {}),
            }
            : {}),
        params: paramsOf(checker, fn),
        isAsync,
        node: fn,
        line: lineOf(sf, start),
        endLine: lineOf(sf, fn.getEnd()),
        ...(fn.type ? { returnType: fn.type.getText(sf) } : {}),
    };
}
function classMethods(checker, sf, exportName, cls, clsName) {
    const out = [];
    for (const m of cls.members) {
        if (!typescript_default().isMethodDeclaration(m) || !m.body)
            continue;
        const mods = typescript_default().getModifiers(m) ?? [];
        if (mods.some((x) => x.kind === (typescript_default()).SyntaxKind.PrivateKeyword || x.kind === (typescript_default()).SyntaxKind.ProtectedKeyword))
            continue;
        if (typescript_default().isPrivateIdentifier(m.name) || !typescript_default().isIdentifier(m.name))
            continue;
        if (m.asteriskToken)
            continue;
        const isStatic = mods.some((x) => x.kind === (typescript_default()).SyntaxKind.StaticKeyword);
        out.push(functionInfo(checker, sf, exportName, m.name.text, m, { name: clsName, node: cls, isStatic }));
    }
    return out;
}
/** The function a declaration of an exported symbol stands for, if any. */
function functionOf(checker, decl, depth = 0) {
    if (typescript_default().isFunctionDeclaration(decl) && decl.body)
        return decl;
    if (typescript_default().isClassDeclaration(decl) || typescript_default().isClassExpression(decl))
        return decl;
    let init;
    if (typescript_default().isVariableDeclaration(decl))
        init = decl.initializer;
    else if (typescript_default().isPropertyAssignment(decl))
        init = decl.initializer;
    else if (typescript_default().isExportAssignment(decl))
        init = decl.expression;
    else if (typescript_default().isBinaryExpression(decl))
        init = decl.right;
    else if (typescript_default().isPropertyAccessExpression(decl) && typescript_default().isBinaryExpression(decl.parent))
        init = decl.parent.right;
    else if (typescript_default().isShorthandPropertyAssignment(decl)) {
        const local = checker.getShorthandAssignmentValueSymbol(decl);
        const d = local?.valueDeclaration;
        return d ? functionOf(checker, d, depth + 1) : undefined;
    }
    while (init &&
        (typescript_default().isParenthesizedExpression(init) || typescript_default().isAsExpression(init) || typescript_default().isSatisfiesExpression(init)))
        init = init.expression;
    if (!init)
        return undefined;
    if (typescript_default().isArrowFunction(init) || typescript_default().isFunctionExpression(init))
        return init;
    if (typescript_default().isClassExpression(init))
        return init;
    // `module.exports = exports.default` (Babel and TS CommonJS output) and `exports.x = y`.
    if (typescript_default().isIdentifier(init) || typescript_default().isPropertyAccessExpression(init)) {
        const s = checker.getSymbolAtLocation(init);
        const d = s?.valueDeclaration;
        if (d && d !== decl && depth < 8)
            return functionOf(checker, d, depth + 1);
    }
    return undefined;
}
/** `F.prototype.m = function () {}` and `F.prototype = { m() {} }` methods of a function `F`. */
function prototypeMethods(sf, fn) {
    const name = typescript_default().isFunctionDeclaration(fn)
        ? fn.name?.text
        : typescript_default().isVariableDeclaration(fn.parent) && typescript_default().isIdentifier(fn.parent.name)
            ? fn.parent.name.text
            : undefined;
    if (!name)
        return [];
    const out = [];
    const isProto = (e) => typescript_default().isPropertyAccessExpression(e) &&
        e.name.text === 'prototype' &&
        typescript_default().isIdentifier(e.expression) &&
        e.expression.text === name;
    for (const st of sf.statements) {
        if (!typescript_default().isExpressionStatement(st) || !typescript_default().isBinaryExpression(st.expression))
            continue;
        const { left, right, operatorToken } = st.expression;
        if (operatorToken.kind !== (typescript_default()).SyntaxKind.EqualsToken)
            continue;
        if (typescript_default().isPropertyAccessExpression(left) && isProto(left.expression) && isFnNode(right))
            out.push([left.name.text, right]);
        else if (isProto(left) && typescript_default().isObjectLiteralExpression(right)) {
            for (const p of right.properties) {
                if (typescript_default().isMethodDeclaration(p) && typescript_default().isIdentifier(p.name))
                    out.push([p.name.text, p]);
                else if (typescript_default().isPropertyAssignment(p) && typescript_default().isIdentifier(p.name) && isFnNode(p.initializer))
                    out.push([p.name.text, p.initializer]);
            }
        }
    }
    return out.filter(([, m]) => !typescript_default().isFunctionLike(m) || !m.asteriskToken);
}
/** Analyse source files: exported functions, arrows and class methods with parameter types. */
function analyseFiles(files) {
    // Declaration files of JS modules (beside them, their package's `types`, or @types/*).
    const declarations = new Map(files.map((f) => [f, declarationFileFor(f)]));
    const roots = [...new Set([...files, ...[...declarations.values()].filter((d) => !!d)])];
    const program = typescript_default().createProgram(roots, ANALYSIS_OPTIONS, analysisHost(ANALYSIS_OPTIONS));
    const checker = program.getTypeChecker();
    const infos = [];
    for (const file of files) {
        const sf = program.getSourceFile(file);
        if (!sf)
            continue;
        const language = JS_EXT.test(file) ? 'js' : 'ts';
        const diagnostics = program
            .getSyntacticDiagnostics(sf)
            .map((d) => `${analyse_location(sf, d.start ?? 0)}: ${typescript_default().flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`);
        const info = {
            file,
            language,
            moduleKind: moduleKindOf(file, sf),
            functions: [],
            diagnostics,
            sourceFile: sf,
        };
        infos.push(info);
        if (diagnostics.length > 0)
            continue;
        const moduleSymbol = checker.getSymbolAtLocation(sf);
        if (!moduleSymbol)
            continue;
        const seen = new Set();
        const exports = checker.getExportsOfModule(moduleSymbol);
        // The symbol table too: Babel output (`exports.default = f; module.exports = exports.default`)
        // hides its exports from getExportsOfModule behind the `export=`.
        const own = [...(moduleSymbol.exports?.values() ?? [])].filter((s) => s.escapedName !== '___esModule' && !exports.includes(s));
        // `module.exports = F` first, so F's methods import it by that and not by an alias (`F.create = F`).
        const all = [
            ...own.filter((s) => s.escapedName === 'export='),
            ...exports,
            ...own.filter((s) => s.escapedName !== 'export='),
        ];
        for (const sym of all) {
            const resolved = sym.flags & (typescript_default()).SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
            // An alias the checker cannot resolve (`module.exports = exports.default`): its own declaration.
            const decl = resolved.valueDeclaration ??
                resolved.declarations?.[0] ??
                sym.valueDeclaration ??
                sym.declarations?.[0];
            if (!decl || decl.getSourceFile() !== sf)
                continue;
            const fn = functionOf(checker, decl);
            if (!fn || seen.has(fn))
                continue;
            seen.add(fn);
            const exportName = sym.escapedName === (typescript_default()).InternalSymbolName.ExportEquals ? 'export=' : sym.name;
            if (typescript_default().isClassDeclaration(fn) || typescript_default().isClassExpression(fn)) {
                const clsName = fn.name?.text ?? (exportName === 'default' ? 'Default' : exportName);
                info.functions.push(...classMethods(checker, sf, exportName, fn, clsName));
            }
            else if (isFnNode(fn)) {
                if (exportName === 'export=' && typescript_default().isObjectLiteralExpression(fn))
                    continue;
                // An ES5 constructor (`function Stack() {}` with `Stack.prototype.push = function ...`):
                // its prototype methods, called on `new Stack(...)`, not the function called bare.
                const proto = prototypeMethods(sf, fn);
                if (proto.length > 0) {
                    const clsName = fn.name?.getText(sf) ?? (exportName === 'default' ? 'Default' : exportName);
                    const ctorParams = fn.parameters.map((p) => paramInfo(checker, p, fn));
                    for (const [method, m] of proto) {
                        const f = functionInfo(checker, sf, exportName, method, m);
                        info.functions.push({
                            ...f,
                            name: `${clsName}.${method}`,
                            kind: 'method',
                            className: clsName,
                            ctorParams,
                        });
                    }
                    continue;
                }
                const display = exportName === 'default' || exportName === 'export='
                    ? (fn.name?.getText(sf) ?? 'default')
                    : exportName;
                info.functions.push(functionInfo(checker, sf, exportName, display, fn));
            }
        }
        info.functions.sort((a, b) => a.line - b.line);
        const dtsFile = declarations.get(file);
        const dts = dtsFile ? program.getSourceFile(dtsFile) : undefined;
        if (dts) {
            info.functions = applyDeclarations(checker, dts, info.functions);
            info.declarationFile = dtsFile;
        }
    }
    return { infos, program };
}
/** A function is analysable when it has a body and its parameters are plain identifiers. */
function unsupportedReason(fn) {
    if (!fn.node.body)
        return 'no body';
    if (typescript_default().isFunctionLike(fn.node) && fn.node.asteriskToken)
        return 'generator function';
    return undefined;
}

;// CONCATENATED MODULE: ./src/testgen/arms.ts
/** Arms of each target function: a branch belongs to the innermost target function around it. */
function armsByFunction(sf, fns, arms, prepared) {
    const ranges = fns.map((fn) => {
        const s = sf.getLineAndCharacterOfPosition(fn.node.getStart(sf));
        const e = sf.getLineAndCharacterOfPosition(fn.node.getEnd());
        return { fn, start: [s.line + 1, s.character], end: [e.line + 1, e.character] };
    });
    const le = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
    const out = new Map(fns.map((f) => [f, []]));
    arms.forEach((arm, i) => {
        const loc = prepared.coverage.branchMap[arm.branch]?.loc.start;
        if (!loc)
            return;
        const at = [loc.line, loc.column];
        let best;
        for (const r of ranges) {
            if (le(r.start, at) && le(at, r.end) && (!best || le(best.start, r.start)))
                best = r;
        }
        if (best)
            out.get(best.fn)?.push(i);
    });
    return out;
}
/** Branch arms and statements of the whole module that a run reached. */
function moduleCoverage(prepared, branchHits, statementHits) {
    const statements = Object.keys(prepared.coverage.statementMap);
    return {
        branches: {
            covered: prepared.arms.filter((a) => (branchHits[a.branch]?.[a.arm] ?? 0) > 0).length,
            total: prepared.arms.length,
        },
        statements: {
            covered: statements.filter((id) => (statementHits[id] ?? 0) > 0).length,
            total: statements.length,
        },
    };
}

// EXTERNAL MODULE: ./node_modules/fast-check/lib/fast-check.js + 8 modules
var fast_check = __webpack_require__(78608);
;// CONCATENATED MODULE: ./src/testgen/values.ts
const UNDEF = { t: 'undef' };
const NULL = { t: 'null' };
function describeKind(v) {
    switch (v.t) {
        case 'num':
            return 'number';
        case 'str':
            return 'string';
        case 'bool':
            return 'boolean';
        case 'undef':
            return 'undefined';
        case 'null':
            return 'null';
        default:
            return v.t;
    }
}
/** `unknown` parameters: any primitive. */
const UNKNOWN_OPTIONS = [
    { kind: 'number' },
    { kind: 'string' },
    { kind: 'boolean' },
    { kind: 'undefined' },
    { kind: 'null' },
];

;// CONCATENATED MODULE: ./src/testgen/inputs.ts






const OMIT = Symbol('omit');
function fromShape(shape, model) {
    switch (shape.s) {
        case 'num': {
            const v = model.get(shape.v);
            return typeof v === 'number' ? v : 0;
        }
        case 'str': {
            const v = model.get(shape.v);
            return typeof v === 'string' ? v : '';
        }
        case 'bool':
            return model.get(shape.v) === true;
        case 'const':
            return shape.value;
        case 'union': {
            const tag = model.get(shape.tag);
            const i = typeof tag === 'number' && tag >= 0 && tag < shape.alts.length ? tag : 0;
            return fromShape(shape.alts[i], model);
        }
        case 'array': {
            const len = model.get(shape.len);
            const n = typeof len === 'number' ? Math.max(0, Math.min(shape.elems.length, Math.round(len))) : 0;
            return shape.elems.slice(0, n).map((e) => {
                const v = fromShape(e, model);
                return v === OMIT ? undefined : v;
            });
        }
        case 'object': {
            const out = {};
            for (const p of shape.props) {
                const v = fromShape(p.shape, model);
                if (v === OMIT || (v === undefined && p.optional))
                    continue;
                out[p.name] = v;
            }
            return out;
        }
    }
}
/** Drop trailing `undefined` arguments of optional parameters: `f('a')`, not `f('a', undefined)`. */
function trimArgs(args, params) {
    const out = args.slice();
    while (out.length > 0 && out[out.length - 1] === undefined && params[out.length - 1]?.optional)
        out.pop();
    return out;
}
/** Rebuild a call's inputs from a solver model. */
function inputFromModel(fn, shapes, model) {
    const build = (s) => {
        const v = fromShape(s, model);
        return v === OMIT ? undefined : v;
    };
    const args = [];
    fn.params.forEach((p, i) => {
        const v = build(shapes.args[i]);
        if (p.rest && Array.isArray(v))
            args.push(...v);
        else
            args.push(v);
    });
    return {
        ...(fn.kind === 'method' ? { ctorArgs: trimArgs(shapes.ctor.map(build), fn.ctorParams ?? []) } : {}),
        args: p_rest(fn) ? args : trimArgs(args, fn.params),
    };
}
const p_rest = (fn) => fn.params.some((p) => p.rest);
// Built once: fast-check takes ~13 ms to build a regex arbitrary, and search rebuilds its arbitrary
// (a string one per parameter of every method in a sequence) each time it learns a regex.
const ALNUM = fast_check/* default.stringMatching */.Ay.stringMatching(/^[a-z0-9]{0,12}$/);
function dictionaryOf(node) {
    const numbers = new Set([0, 1, -1]);
    const strings = new Set(['']);
    const props = new Set();
    const visit = (n) => {
        if (typescript_default().isNumericLiteral(n)) {
            const v = Number(n.text);
            const neg = typescript_default().isPrefixUnaryExpression(n.parent) && n.parent.operator === (typescript_default()).SyntaxKind.MinusToken;
            for (const x of [v, v - 1, v + 1])
                numbers.add(neg ? -x : x);
        }
        else if (typescript_default().isStringLiteral(n) || typescript_default().isNoSubstitutionTemplateLiteral(n)) {
            if (n.text.length <= 64)
                strings.add(n.text);
        }
        else if (typescript_default().isPropertyAccessExpression(n) && n.name.text.length <= 24) {
            // Property names the code reads: keys of generated objects (`{ loose: true }`).
            props.add(n.name.text);
        }
        else if (typescript_default().isRegularExpressionLiteral(n)) {
            // Letters and digits of the pattern make plausible characters.
            for (const m of n.text.match(/[A-Za-z0-9@.:_-]{1,12}/g) ?? [])
                strings.add(m);
        }
        typescript_default().forEachChild(n, visit);
    };
    visit(node);
    return {
        numbers: [...numbers].filter(Number.isFinite).slice(0, 64),
        strings: [...strings].slice(0, 64),
        keys: [...props].slice(0, 32),
    };
}
/** fast-check arbitrary for a type; with a dictionary, literals of the code are mixed in. */
function arbitraryFor(type, dict, depth = 0) {
    // Mostly small integers, some larger ones and two-decimal fractions: values a reviewer reads at a glance.
    const plainNumber = fast_check/* default.oneof */.Ay.oneof({ arbitrary: fast_check/* default.integer */.Ay.integer({ min: -100, max: 100 }), weight: 5 }, { arbitrary: fast_check/* default.integer */.Ay.integer({ min: -1_000_000, max: 1_000_000 }), weight: 1 }, {
        arbitrary: fast_check/* default.integer */.Ay.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100),
        weight: 1,
    });
    const plainString = fast_check/* default.string */.Ay.string({ maxLength: 12 });
    switch (type.kind) {
        case 'number':
            if (!dict)
                return plainNumber;
            return fast_check/* default.oneof */.Ay.oneof({ arbitrary: fast_check/* default.constantFrom */.Ay.constantFrom(...dict.numbers), weight: 3 }, { arbitrary: fast_check/* default.integer */.Ay.integer({ min: -20, max: 120 }), weight: 2 }, { arbitrary: plainNumber, weight: 1 });
        case 'string': {
            if (!dict)
                return plainString;
            const word = fast_check/* default.constantFrom */.Ay.constantFrom(...dict.strings);
            const piece = fast_check/* default.oneof */.Ay.oneof(word, fast_check/* default.string */.Ay.string({ maxLength: 4 }), fast_check/* default.constantFrom */.Ay.constantFrom('a', 'A', '1', ' ', '.', '@', '-', '_'));
            return fast_check/* default.oneof */.Ay.oneof({ arbitrary: word, weight: 3 }, ...(dict.matching?.length ? [{ arbitrary: fast_check/* default.constantFrom */.Ay.constantFrom(...dict.matching), weight: 4 }] : []), ...(dict.apart?.length ? [{ arbitrary: fast_check/* default.constantFrom */.Ay.constantFrom(...dict.apart), weight: 1 }] : []), { arbitrary: fast_check/* default.array */.Ay.array(piece, { maxLength: 4 }).map((p) => p.join('')), weight: 3 }, { arbitrary: ALNUM, weight: 1 }, { arbitrary: plainString, weight: 1 });
        }
        case 'boolean':
            return fast_check/* default.boolean */.Ay.boolean();
        case 'function':
            return arbitraryFor(type.returns, dict, depth + 1).map((r) => ({ [FN_KEY]: r }));
        case 'undefined':
            return fast_check/* default.constant */.Ay.constant(undefined);
        case 'null':
            return fast_check/* default.constant */.Ay.constant(null);
        case 'literal':
            return fast_check/* default.constant */.Ay.constant(type.value);
        case 'unknown': {
            // Untyped: any primitive, and now and then a small array or object (as real callers pass).
            const prim = arbitraryFor({ kind: 'union', options: UNKNOWN_OPTIONS }, dict, depth + 1);
            if (depth > 1)
                return prim;
            return fast_check/* default.oneof */.Ay.oneof({ arbitrary: prim, weight: 4 }, { arbitrary: fast_check/* default.array */.Ay.array(prim, { maxLength: 3 }), weight: 1 }, { arbitrary: smallObject(prim, dict), weight: 1 });
        }
        case 'union':
            return fast_check/* default.oneof */.Ay.oneof(...type.options.map((o) => arbitraryFor(o, dict, depth + 1)));
        case 'array':
            // Small collections: they reach the branches as well as big ones and read far better in a test.
            return fast_check/* default.array */.Ay.array(arbitraryFor(type.element, dict, depth + 1), { maxLength: depth > 0 ? 2 : 4 });
        case 'object': {
            if (depth > 3)
                return fast_check/* default.constant */.Ay.constant({});
            if (type.props.length === 0)
                return smallObject(arbitraryFor({ kind: 'union', options: UNKNOWN_OPTIONS }, dict, depth + 1), dict);
            const model = {};
            const required = [];
            for (const p of type.props) {
                model[p.name] = arbitraryFor(p.type, dict, depth + 1);
                if (!p.optional)
                    required.push(p.name);
            }
            // Optional properties left out rather than set to `undefined`: `{ min: 0 }`, not `{ min: 0, max: undefined }`.
            return fast_check/* default.record */.Ay.record(model, { requiredKeys: required }).map((o) => {
                const out = {};
                for (const [k, v] of Object.entries(o))
                    if (v !== undefined || required.includes(k))
                        out[k] = v;
                return out;
            });
        }
    }
}
/** `{}`, `{ a: 1 }`, `{ name: "x" }`: keys from the code's literals or a few plain words. */
function smallObject(value, dict) {
    const words = [...(dict?.keys ?? []), ...(dict?.strings ?? [])].filter((w) => /^[A-Za-z_$][\w$]{0,15}$/.test(w) && !/^(__proto__|constructor|prototype)$/.test(w));
    const key = fast_check/* default.constantFrom */.Ay.constantFrom(...(words.length > 0 ? words.slice(0, 16) : []), 'a', 'b', 'name', 'value');
    return fast_check/* default.dictionary */.Ay.dictionary(key, value, { maxKeys: 2 }).map((o) => ({ ...o }));
}
/** Arbitrary for a whole call (constructor arguments too, for methods). */
/** Nothing known, or a type dispatcher's union (it has arrays and objects among its options). */
function isDispatched(t) {
    if (t.kind === 'unknown')
        return true;
    return (t.kind === 'union' &&
        t.options.some((o) => o.kind === 'array') &&
        t.options.some((o) => o.kind === 'object'));
}
/** Instances of builtin classes (dates, regexes, maps, typed arrays, ...), for untyped parameters. */
const builtinInstance = fast_check/* default.constantFrom */.Ay.constantFrom(...BUILTIN_INPUTS)
    .map((e) => ({ [EXPR_KEY]: e }));
function callArbitrary(fn, dict) {
    // An untyped parameter now and then gets a builtin instance: type dispatchers check for them.
    // A JSDoc type is a hint nothing enforces: JS code checks `if (!fn)` all the same.
    const paramArb = (p) => (p.source === 'usage' || p.source === 'none') && isDispatched(p.type)
        ? fast_check/* default.oneof */.Ay.oneof({ arbitrary: arbitraryFor(p.type, dict), weight: 7 }, { arbitrary: builtinInstance, weight: 1 })
        : p.source === 'jsdoc'
            ? fast_check/* default.oneof */.Ay.oneof({ arbitrary: arbitraryFor(p.type, dict), weight: 9 }, { arbitrary: fast_check/* default.constantFrom */.Ay.constantFrom(undefined, null), weight: 1 })
            : arbitraryFor(p.type, dict);
    const argsOf = (params) => fast_check/* default.tuple */.Ay.tuple(...params.map((p) => (p.rest ? fast_check/* default.array */.Ay.array(paramArb(p), { maxLength: 4 }) : paramArb(p))))
        .map((vs) => {
        const out = [];
        params.forEach((p, i) => {
            const v = vs[i];
            if (p.rest && Array.isArray(v))
                out.push(...v);
            else
                out.push(v);
        });
        return params.some((p) => p.rest) ? out : trimArgs(out, params);
    });
    const all = fn.params.length > 0 ? argsOf(fn.params) : fast_check/* default.constant */.Ay.constant([]);
    // A function that counts its arguments is called with fewer of them too, half the time.
    const args = fn.params.length > 0 && !p_rest(fn) && argumentsUse(fn.node).length
        ? fast_check/* default.tuple */.Ay.tuple(all, fast_check/* default.integer */.Ay.integer({ min: 0, max: fn.params.length }), fast_check/* default.boolean */.Ay.boolean())
            .map(([a, n, cut]) => (cut ? a.slice(0, n) : a))
        : all;
    if (fn.kind !== 'method')
        return args.map((a) => ({ args: a }));
    const ctor = (fn.ctorParams?.length ?? 0) > 0 ? argsOf(fn.ctorParams ?? []) : fast_check/* default.constant */.Ay.constant([]);
    return fast_check/* default.tuple */.Ay.tuple(ctor, args).map(([c, a]) => ({ ctorArgs: c, args: a }));
}
/**
 * Unguided random calls for the random baseline: every argument any value of mixed type (numbers,
 * strings, booleans, null, undefined, small arrays and objects), ignoring types and literals.
 */
function randomCallArbitrary(fn) {
    const value = fast_check/* default.anything */.Ay.anything({ maxDepth: 2, maxKeys: 3, withObjectString: false });
    const argsOf = (params) => params.some((p) => p.rest)
        ? fast_check/* default.array */.Ay.array(value, { minLength: params.length - 1, maxLength: params.length + 2 })
        : fast_check/* default.tuple */.Ay.tuple(...params.map(() => value)).map((vs) => vs);
    const args = argsOf(fn.params);
    if (fn.kind !== 'method')
        return args.map((a) => ({ args: a }));
    return fast_check/* default.tuple */.Ay.tuple(argsOf(fn.ctorParams ?? []), args).map(([c, a]) => ({ ctorArgs: c, args: a }));
}
/**
 * Method calls with up to three calls of sibling methods first (`push(1)` before `pop()`): the
 * branches of stateful objects that one call on a fresh instance cannot reach.
 */
function withSequences(fn, all, base, dict) {
    if (fn.kind !== 'method')
        return base;
    const siblings = all.filter((f) => f.kind === 'method' && f.className === fn.className && f.exportName === fn.exportName);
    if (siblings.length === 0)
        return base;
    const step = fast_check/* default.oneof */.Ay.oneof(...siblings.map((s) => callArbitrary({ ...s, kind: 'function' }, dict).map((c) => ({
        method: s.name.slice(s.name.indexOf('.') + 1),
        args: c.args,
        names: s.params.map((p) => p.name),
    }))));
    return fast_check/* default.oneof */.Ay.oneof(base, fast_check/* default.tuple */.Ay.tuple(base, fast_check/* default.array */.Ay.array(step, { minLength: 1, maxLength: 3 }), fast_check/* default.boolean */.Ay.boolean())
        .map(([c, steps, link]) => link ? linked(fn, c, steps) : { ...c, before: steps.map(({ names: _, ...b }) => b) }));
}
/**
 * A sequence whose calls share what the method under test is given, by parameter name: the same
 * event name, and the same callback object (`on('e', cb0); removeListener('e', cb0)`), which
 * separate callback literals could never be.
 */
function linked(fn, c, steps) {
    const args = [...c.args];
    const names = fn.params.map((p) => p.name);
    let ids = 0;
    const before = steps.map(({ method, args: stepArgs, names: stepNames }) => {
        const out = [...stepArgs];
        stepNames.forEach((name, j) => {
            const i = names.indexOf(name);
            if (i < 0 || i >= args.length || args[i] === undefined)
                return;
            const mine = args[i];
            if (isFnInput(mine))
                args[i] = { [SHARED_KEY]: [ids++, mine[FN_KEY]] };
            while (out.length < j)
                out.push(undefined);
            out[j] = args[i];
        });
        return { method, args: out };
    });
    return { ...c, args, before };
}
/**
 * Method calls on instances built from constructor arguments that worked for sibling methods
 * (a `new SemVer('1.2.3')` found once serves `compare`, `inc`, ...), beside the plain arbitrary.
 */
function withCtorPool(base, pool) {
    if (pool.length === 0)
        return base;
    return fast_check/* default.oneof */.Ay.oneof({ arbitrary: base, weight: 1 }, {
        arbitrary: fast_check/* default.tuple */.Ay.tuple(fast_check/* default.constantFrom */.Ay.constantFrom(...pool), base).map(([ctorArgs, x]) => ({ ...x, ctorArgs })),
        weight: 2,
    });
}
/**
 * The parameters of a method that the method checks with `x instanceof C`, C its own class (by
 * name, or `this.constructor`): `compare(other) { if (!(other instanceof SemVer)) ... }`.
 */
function selfInstanceParams(fn) {
    if (fn.kind !== 'method' || !fn.node.body)
        return [];
    return instanceChecked(fn, fn.node.body, fn.params);
}
/** The same for the constructor's parameters (`constructor(version) { if (version instanceof SemVer) … }`). */
function selfInstanceCtorParams(fn) {
    if (fn.kind !== 'method' || !fn.ctorNode?.body || !fn.ctorParams)
        return [];
    return instanceChecked(fn, fn.ctorNode.body, fn.ctorParams);
}
function instanceChecked(fn, body, params) {
    if (!fn.className)
        return [];
    const cls = fn.className;
    const checked = new Set();
    const visit = (n) => {
        if (typescript_default().isBinaryExpression(n) &&
            n.operatorToken.kind === (typescript_default()).SyntaxKind.InstanceOfKeyword &&
            typescript_default().isIdentifier(n.left) &&
            ((typescript_default().isIdentifier(n.right) && n.right.text === cls) ||
                (typescript_default().isPropertyAccessExpression(n.right) &&
                    n.right.expression.kind === (typescript_default()).SyntaxKind.ThisKeyword &&
                    n.right.name.text === 'constructor')))
            checked.add(n.left.text);
        typescript_default().forEachChild(n, visit);
    };
    visit(body);
    return params.flatMap((p, i) => (checked.has(p.name) && !p.rest ? [i] : []));
}
/**
 * Instances of the method's own class for the parameters it checks with `instanceof` (see
 * selfInstanceParams), built from constructor arguments after which a method returned.
 */
function withSelfInstances(fn, base, pool) {
    const at = selfInstanceParams(fn);
    const ctorAt = selfInstanceCtorParams(fn);
    if (at.length + ctorAt.length === 0 || pool.length === 0 || !fn.className)
        return base;
    const cls = fn.className;
    const instance = fast_check/* default.constantFrom */.Ay.constantFrom(...pool).map((args) => ({ [NEW_KEY]: [cls, args] }));
    const picks = (n) => fast_check/* default.array */.Ay.array(fast_check/* default.option */.Ay.option(instance, { freq: 3 }), { minLength: n, maxLength: n });
    const put = (values, where, chosen) => {
        const out = [...values];
        where.forEach((i, k) => {
            const v = chosen[k];
            if (v !== null && v !== undefined)
                out[i] = v;
        });
        return out;
    };
    return fast_check/* default.oneof */.Ay.oneof({ arbitrary: base, weight: 1 }, {
        arbitrary: fast_check/* default.tuple */.Ay.tuple(base, picks(at.length), picks(ctorAt.length)).map(([x, p, q]) => ({
            ...x,
            args: put(x.args, at, p),
            ...(ctorAt.length > 0 ? { ctorArgs: put(x.ctorArgs ?? [], ctorAt, q) } : {}),
        })),
        weight: 2,
    });
}
/** A batch of inputs, reproducible from the seed. */
function sampleInputs(arb, n, seed) {
    return fast_check/* default.sample */.Ay.sample(arb, { numRuns: n, seed });
}

// EXTERNAL MODULE: ./node_modules/istanbul-lib-instrument/src/index.js
var src = __webpack_require__(11183);
var src_default = /*#__PURE__*/__webpack_require__.n(src);
;// CONCATENATED MODULE: ./src/testgen/instrument.ts





/** The global the instrumented code counts into (inside the sandbox's context). */
const COVERAGE_VAR = '__autoglm_cov';
const PARSER_PLUGINS = [
    'asyncGenerators',
    'bigInt',
    'classProperties',
    'classPrivateProperties',
    'classPrivateMethods',
    'dynamicImport',
    'importMeta',
    'numericSeparator',
    'objectRestSpread',
    'optionalCatchBinding',
    'topLevelAwait',
];
function instrumenter(language, esm) {
    return src_default().createInstrumenter({
        coverageVariable: COVERAGE_VAR,
        esModules: esm,
        compact: false,
        preserveComments: true,
        produceSourceMap: false,
        parserPlugins: language === 'ts' ? [...PARSER_PLUGINS, 'typescript'] : [...PARSER_PLUGINS, 'jsx'],
    });
}
/** TS or JS (ESM or CommonJS) to CommonJS for the sandbox's loader (or to ESM for `.mjs` files). */
function toCommonJs(code, file, esm = false) {
    return typescript_default().transpileModule(code, {
        // TypeScript keeps `.mjs`/`.mts` files ESM whatever `module` says: name them `.js` for CommonJS.
        fileName: esm ? file : file.replace(/\.m([jt]s)$/, '.$1'),
        compilerOptions: {
            module: esm ? (typescript_default()).ModuleKind.ES2022 : (typescript_default()).ModuleKind.CommonJS,
            target: (typescript_default()).ScriptTarget.ES2022,
            esModuleInterop: true,
            allowJs: true,
            sourceMap: false,
            inlineSourceMap: false,
            verbatimModuleSyntax: false,
        },
        reportDiagnostics: false,
    }).outputText;
}
/** Branch arms in a stable order: branch ids numerically, arms in order. */
function armsOf(coverage) {
    const arms = [];
    const ids = Object.keys(coverage.branchMap).sort((a, b) => Number(a) - Number(b));
    for (const id of ids) {
        const b = coverage.branchMap[id];
        b.locations.forEach((_, i) => {
            arms.push({ branch: id, arm: i, type: b.type, line: b.loc.start.line });
        });
    }
    return arms;
}
const LOCAL_SPEC = /^\.{1,2}\//;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Resolve a relative import the way TS with NodeNext and bundlers do (`./x.js` may be `./x.ts`). */
function resolveLocal(from, spec, exists = external_node_fs_.existsSync) {
    const base = external_node_path_default().resolve(external_node_path_default().dirname(from), spec);
    const stem = base.replace(/\.(c|m)?(j|t)sx?$/, '');
    const candidates = [
        base,
        ...EXTENSIONS.map((e) => stem + e),
        ...EXTENSIONS.map((e) => external_node_path_default().join(base, `index${e}`)),
    ];
    return candidates.find((c) => exists(c) && !c.endsWith('.d.ts'));
}
/** Relative imports and requires of a module (static ones; dynamic specifiers are ignored). */
function localImports(code, file) {
    const sf = typescript_default().createSourceFile(file, code, (typescript_default()).ScriptTarget.ES2022, false);
    const specs = [];
    const visit = (n) => {
        if ((typescript_default().isImportDeclaration(n) || typescript_default().isExportDeclaration(n)) &&
            n.moduleSpecifier &&
            typescript_default().isStringLiteral(n.moduleSpecifier)) {
            if (!(typescript_default().isImportDeclaration(n) && n.importClause?.isTypeOnly))
                specs.push(n.moduleSpecifier.text);
        }
        else if (typescript_default().isCallExpression(n) &&
            (n.expression.kind === (typescript_default()).SyntaxKind.ImportKeyword ||
                (typescript_default().isIdentifier(n.expression) && n.expression.text === 'require')) &&
            n.arguments[0] &&
            typescript_default().isStringLiteral(n.arguments[0])) {
            specs.push(n.arguments[0].text);
        }
        typescript_default().forEachChild(n, visit);
    };
    visit(sf);
    return specs.filter((s) => LOCAL_SPEC.test(s));
}
const readWorkingTree = (file) => (0,external_node_fs_.existsSync)(file) ? (0,external_node_fs_.readFileSync)(file, 'utf8') : undefined;
/**
 * Instrument the module under test (istanbul, on the original source so branch locations are the
 * source's own) and transpile it and the local modules it imports to CommonJS.
 */
function prepareModule(file, language, moduleKind, read = readWorkingTree, maxModules = 50) {
    const source = read(file);
    if (source === undefined)
        throw new Error(`cannot read ${file}`);
    const inst = instrumenter(language, moduleKind === 'esm');
    const instrumented = inst.instrumentSync(source, file);
    const coverage = inst.lastFileCoverage();
    const modules = { [file]: toCommonJs(instrumented, file) };
    const sources = { [file]: instrumented };
    const queue = localImports(source, file).map((s) => [file, s]);
    const exists = (f) => read(f) !== undefined;
    while (queue.length > 0 && Object.keys(modules).length < maxModules) {
        const [from, spec] = queue.shift();
        const dep = resolveLocal(from, spec, exists);
        if (!dep || modules[dep] !== undefined)
            continue;
        const code = read(dep);
        modules[dep] = toCommonJs(code, dep);
        sources[dep] = code;
        for (const s of localImports(code, dep))
            queue.push([dep, s]);
    }
    return { file, modules, sources, coverage, arms: armsOf(coverage) };
}

;// CONCATENATED MODULE: ./src/testgen/mutate.ts
/** A small seeded generator (LCG), so the behaviour diff's mutants are the same on every run. */
function rng(seed) {
    let s = seed >>> 0 || 1;
    return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
const pick = (xs, r) => xs[Math.floor(r() * xs.length)];
function mutateString(s, dict, r) {
    const pieces = [...dict.strings.filter((w) => w.length > 0 && w.length <= 8), 'a', '.', '@', '-', ' ', '1'];
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 5)) {
        case 0:
            return s.slice(0, at) + pick(pieces, r) + s.slice(at);
        case 1:
            return s + pick(pieces, r);
        case 2:
            return s.length > 0 ? s.slice(0, at) + s.slice(at + 1) : pick(pieces, r);
        case 3:
            return s.length > 0 ? s.slice(0, at) + pick(pieces, r).slice(0, 1) + s.slice(at + 1) : s;
        default:
            return pick(pieces, r) + s;
    }
}
function mutateValue(v, dict, r) {
    if (typeof v === 'string')
        return mutateString(v, dict, r);
    if (typeof v === 'number')
        return pick([v + 1, v - 1, -v, v * 2, Math.trunc(v / 2), pick(dict.numbers.length ? dict.numbers : [0], r)], r);
    if (typeof v === 'boolean')
        return !v;
    if (Array.isArray(v)) {
        if (v.length === 0 || r() < 0.2)
            return [...v, v[0] ?? 0];
        const i = Math.floor(r() * v.length);
        return v.map((x, j) => (j === i ? mutateValue(x, dict, r) : x));
    }
    if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        if (keys.length === 0)
            return v;
        const k = pick(keys, r);
        return { ...v, [k]: mutateValue(v[k], dict, r) };
    }
    return v;
}
/**
 * Neighbours of an input: one argument changed a little (a character inserted, removed or replaced
 * with a literal of the code, a number moved by one, an element changed). Inputs that reach a
 * changed line are mutated into more that do, since a change often shows on only some of them.
 */
function mutants(input, dict, r, n) {
    const out = [];
    if (input.args.length === 0)
        return out;
    for (let k = 0; k < n; k++) {
        const i = Math.floor(r() * input.args.length);
        let v = input.args[i];
        // Sometimes two steps, for changes that need two edits (a second `@` and a `.` after it).
        for (let step = r() < 0.4 ? 2 : 1; step > 0; step--)
            v = mutateValue(v, dict, r);
        out.push({ ...input, args: input.args.map((a, j) => (j === i ? v : a)) });
    }
    return out;
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
;// CONCATENATED MODULE: ./src/testgen/sandbox-worker.ts
/**
 * Source of the sandbox worker, run with `new Worker(source, { eval: true })` so it survives
 * bundling unchanged. It loads the CommonJS modules it is sent into a fresh `vm` context whose
 * `require` hands out inert stand-ins for file system, network and process modules (every use is
 * recorded as a violation and throws), runs the requested calls, and reports each outcome with the
 * branch arms it reached. The worker's own copies of those modules are disabled too, so code that
 * escapes the context still cannot reach them. It is a guard against side effects of the code under
 * test, not a security boundary for hostile code: `worker.terminate()` on the main side enforces
 * the time limit.
 */

const WORKER_SOURCE = String.raw `
const EXPRS = ${JSON.stringify(BUILTIN_INPUTS)};
'use strict';
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
const nodePath = require('node:path');
const util = require('node:util');

const BLOCKED = new Set(['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'dns/promises',
  'child_process', 'cluster', 'worker_threads', 'inspector', 'vm', 'module', 'v8', 'repl', 'readline', 'os', 'process',
  'stream', 'stream/promises', 'zlib', 'tty', 'async_hooks', 'perf_hooks', 'wasi', 'trace_events', 'diagnostics_channel']);
const ALLOWED = new Set(['path', 'util', 'url', 'assert', 'assert/strict', 'events', 'buffer', 'string_decoder', 'querystring', 'crypto', 'punycode']);

let violations = [];
const blockedError = (what) => {
  violations.push(what);
  const e = new Error('autoglm sandbox: ' + what + ' is blocked (file system, network and processes are off while generating tests)');
  e.autoglmBlocked = true;
  return e;
};
const blockedFn = (what) => function blocked() { throw blockedError(what); };

// Disable the worker's own side-effecting modules (defence in depth).
for (const name of ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'cluster']) {
  try {
    const m = require('node:' + name);
    for (const k of Object.keys(m)) {
      if (typeof m[k] === 'function') {
        try { m[k] = blockedFn(name + '.' + k); } catch {}
      }
    }
  } catch {}
}

function blockedModule(name) {
  let keys = [];
  try { keys = BLOCKED.has(name) ? Object.keys(require('node:' + name)) : []; } catch {}
  const target = {};
  return new Proxy(target, {
    get(_, k) {
      if (k === '__esModule') return false;
      if (typeof k === 'symbol') return undefined;
      if (k === 'default') return blockedModule(name);
      if (k === 'then') return undefined;
      return blockedFn(name + '.' + String(k));
    },
    has: () => true,
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_, k) => typeof k === 'string' && keys.includes(k) ? { configurable: true, enumerable: true, writable: false, value: blockedFn(name + '.' + k) } : undefined,
    set() { throw blockedError(name + ' (write)'); },
  });
}

const sets = new Map();
const EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function resolveIn(set, from, spec) {
  const base = nodePath.resolve(nodePath.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?(j|t)sx?$/, '');
  const cands = [base].concat(EXT.map((e) => stem + e), EXT.map((e) => nodePath.join(base, 'index' + e)));
  return cands.find((c) => Object.prototype.hasOwnProperty.call(set.modules, c));
}

const quietConsole = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {}, dir() {}, table() {}, time() {}, timeEnd() {}, assert() {} };

function makeContext(perturb) {
  const proc = {
    env: {}, argv: ['node'], platform: process.platform, arch: process.arch, version: process.version,
    versions: Object.assign({}, process.versions), cwd: () => '/', pid: 1,
    nextTick: (f, ...a) => queueMicrotask(() => f(...a)),
    hrtime: process.hrtime, uptime: () => process.uptime(), memoryUsage: () => process.memoryUsage(),
    exit: blockedFn('process.exit'), kill: blockedFn('process.kill'), binding: blockedFn('process.binding'),
    on() { return proc; }, once() { return proc; }, off() { return proc; }, emitWarning() {},
    stdout: { write: () => true }, stderr: { write: () => true },
  };
  const ctx = vm.createContext({
    console: quietConsole, process: proc, Buffer, URL, URLSearchParams, TextEncoder, TextDecoder,
    setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask,
    structuredClone, atob, btoa, fetch: blockedFn('fetch'), WebSocket: blockedFn('WebSocket'),
    XMLHttpRequest: blockedFn('XMLHttpRequest'),
  });
  vm.runInContext('globalThis.global = globalThis;', ctx);
  // Regexes that strings meet during a call (test, exec, match, replace, split all go through exec):
  // search then draws strings that match them, the way fuzzers feed comparison operands back.
  ctx.__autoglm_res = vm.runInContext('(' + function () {
    const exec = RegExp.prototype.exec;
    const seen = new Map();
    RegExp.prototype.exec = function exec2(s) {
      if (typeof s === 'string' && seen.size < 16) {
        const k = this.flags + '/' + this.source;
        if (!seen.has(k)) seen.set(k, { source: this.source, flags: this.flags, subjects: [] });
        const r = seen.get(k);
        if (r.subjects.length < 4 && s.length <= 256 && !r.subjects.includes(s)) r.subjects.push(s);
      }
      return exec.call(this, s);
    };
    return seen;
  }.toString() + ')()', ctx);
  if (perturb) {
    // Reruns see another clock and another random sequence: results that depend on them differ.
    vm.runInContext('(' + function (p) {
      const D = Date;
      const offset = p * 86400000 * 397 + p * 7777;
      class ShiftedDate extends D {
        constructor(...a) { if (a.length === 0) super(D.now() + offset); else super(...a); }
        static now() { return D.now() + offset; }
      }
      globalThis.Date = ShiftedDate;
      let seed = 12345 + p * 7919;
      Math.random = function random() { seed = (seed * 16807) % 2147483647; return (seed % 1000003) / 1000003; };
    }.toString() + ')(' + Number(perturb) + ')', ctx);
  }
  ctx.__autoglm_clone = vm.runInContext('(' + function clone(v, depth) {
    if (v === null || typeof v !== 'object') return v;
    if (depth > 20) return undefined;
    if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1));
    // A callback input (literal.ts FN_KEY): a function returning a fresh copy of its value.
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '__autoglm_fn') return function () { return clone(v.__autoglm_fn, depth + 1); };
    // A callback shared by the calls of a sequence (literal.ts SHARED_KEY): one function per id and call.
    if (keys.length === 1 && keys[0] === '__autoglm_shared' && Array.isArray(v.__autoglm_shared)) {
      const id = v.__autoglm_shared[0];
      if (!__autoglm_sharedFns.has(id)) {
        const value = v.__autoglm_shared[1];
        __autoglm_sharedFns.set(id, function () { return clone(value, depth + 1); });
      }
      return __autoglm_sharedFns.get(id);
    }
    // A builtin instance (literal.ts EXPR_KEY): one of the fixed expressions, built in this context.
    if (keys.length === 1 && keys[0] === '__autoglm_expr' && EXPRS.includes(v.__autoglm_expr)) return (0, eval)('(' + v.__autoglm_expr + ')');
    // An instance of the class under test (literal.ts NEW_KEY), built from its constructor arguments.
    if (keys.length === 1 && keys[0] === '__autoglm_new' && Array.isArray(v.__autoglm_new) && typeof __autoglm_self === 'function')
      return new __autoglm_self(...clone(v.__autoglm_new[1], depth + 1));
    const o = {};
    for (const k of Object.keys(v)) o[k] = clone(v[k], depth + 1);
    return o;
  }.toString() + ')', ctx);
  vm.runInContext('var EXPRS = ' + JSON.stringify(EXPRS) + ';', ctx);
  return ctx;
}

function loadSet(set, ctx) {
  const cache = new Map();
  const load = (file) => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} };
    cache.set(file, module);
    let script = set.scripts.get(file);
    if (!script) {
      script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + set.modules[file] + '\n})', { filename: file });
      set.scripts.set(file, script);
    }
    const fn = script.runInContext(ctx);
    const req = (spec) => {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolveIn(set, file, spec);
        if (!target) throw new Error('autoglm sandbox: cannot load ' + spec + ' from ' + file);
        return load(target);
      }
      const name = spec.startsWith('node:') ? spec.slice(5) : spec;
      if (ALLOWED.has(name)) return require('node:' + name);
      if (BLOCKED.has(name)) return blockedModule(name);
      return blockedModule('package ' + spec);
    };
    fn.call(module.exports, module.exports, req, module, file, nodePath.dirname(file));
    return module.exports;
  };
  return load(set.entry);
}

function encode(v, ctx, depth, seen) {
  if (v === undefined) return { t: 'undefined' };
  if (v === null) return { t: 'null' };
  switch (typeof v) {
    case 'boolean': return { t: 'boolean', v };
    case 'number':
      if (Number.isNaN(v)) return { t: 'number', v: 'NaN' };
      if (v === Infinity) return { t: 'number', v: 'Infinity' };
      if (v === -Infinity) return { t: 'number', v: '-Infinity' };
      if (Object.is(v, -0)) return { t: 'number', v: '-0' };
      return { t: 'number', v };
    case 'string': return { t: 'string', v };
    case 'bigint': return { t: 'bigint', v: v.toString() };
    case 'symbol': return { t: 'opaque', type: 'symbol' };
    case 'function': return { t: 'opaque', type: 'function' };
    default: break;
  }
  if (depth > 8 || seen.has(v)) return { t: 'opaque', type: 'deep' };
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      if (v.length > 1000) return { t: 'opaque', type: 'array' };
      return { t: 'array', items: Array.from(v, (x) => encode(x, ctx, depth + 1, seen)) };
    }
    const proto = Object.getPrototypeOf(v);
    const tag = Object.prototype.toString.call(v);
    if (tag === '[object Map]') return { t: 'map', entries: Array.from(v.entries(), ([k, x]) => [encode(k, ctx, depth + 1, seen), encode(x, ctx, depth + 1, seen)]) };
    if (tag === '[object Set]') return { t: 'set', items: Array.from(v.values(), (x) => encode(x, ctx, depth + 1, seen)) };
    if (proto === null || proto === ctx.objectProto || proto === Object.prototype) {
      const keys = Object.keys(v);
      if (keys.length > 200) return { t: 'opaque', type: 'object' };
      return { t: 'object', entries: keys.map((k) => [k, encode(v[k], ctx, depth + 1, seen)]) };
    }
    const name = (proto && proto.constructor && proto.constructor.name) || 'object';
    return { t: 'opaque', type: name };
  } finally {
    seen.delete(v);
  }
}

function errorInfo(e) {
  if (e && typeof e === 'object') {
    const name = typeof e.name === 'string' ? e.name : (e.constructor && e.constructor.name) || 'Error';
    const message = typeof e.message === 'string' ? e.message : String(e);
    return { name, message };
  }
  return { name: typeof e, message: String(e) };
}

function hits(ctx, file, nArms) {
  const all = ctx.__autoglm_cov && ctx.__autoglm_cov[file];
  if (!all) return { arms: [], fns: [] };
  const arms = [];
  let i = 0;
  const ids = Object.keys(all.b).sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    for (const c of all.b[id]) { if (c > 0) arms.push(i); i++; }
  }
  const fns = Object.keys(all.f).filter((k) => all.f[k] > 0).map(Number);
  return { arms, fns };
}

function reset(ctx, file) {
  const all = ctx.__autoglm_cov && ctx.__autoglm_cov[file];
  if (!all) return;
  for (const id of Object.keys(all.b)) all.b[id].fill(0);
  for (const id of Object.keys(all.f)) all.f[id] = 0;
  for (const id of Object.keys(all.s)) all.s[id] = 0;
  if (all.bT) for (const id of Object.keys(all.bT)) all.bT[id].fill(0);
}

async function runCall(call, set, state, perturb) {
  violations = [];
  let ctx = state.ctx;
  let exportsObj = state.exportsObj;
  try {
    if (!ctx) {
      ctx = makeContext(perturb);
      ctx.objectProto = vm.runInContext('Object.prototype', ctx);
      exportsObj = loadSet(set, ctx);
      state.ctx = ctx;
      state.exportsObj = exportsObj;
    }
  } catch (e) {
    const v = violations.slice();
    if (v.length) return { outcome: { kind: 'blocked', what: v[0] }, arms: [], fns: [] };
    return { outcome: { kind: 'crash', message: 'module failed to load: ' + errorInfo(e).message }, arms: [], fns: [] };
  }
  reset(ctx, set.entry);
  ctx.__autoglm_res.clear();
  const clone = ctx.__autoglm_clone;
  let async = false;
  let outcome;
  let built = false;
  try {
    let target = call.exportName === 'export=' ? exportsObj : exportsObj[call.exportName];
    if (target === undefined && call.exportName === 'default' && typeof exportsObj === 'function') target = exportsObj;
    if (target === undefined) throw new Error('export ' + call.exportName + ' not found');
    ctx.__autoglm_self = call.kind === 'method' ? target : undefined;
    ctx.__autoglm_sharedFns = new Map();
    const args = clone(call.args, 0);
    let r;
    if (call.kind === 'function') r = target(...args);
    else if (call.kind === 'static') r = target[call.method](...args);
    else {
      // With calls before the method, the emitted test builds the subject outside assert.throws:
      // a constructor that throws there is setup, not the method's behaviour.
      let inst;
      try { inst = new target(...clone(call.ctorArgs || [], 0)); }
      catch (e) { if ((call.before || []).length) throw Object.assign(new Error('setup'), { __autoglmSetup: true }); throw e; }
      built = true;
      for (const b of call.before || []) {
        try { inst[b.method](...clone(b.args, 0)); }
        catch (e) { throw Object.assign(new Error('setup'), { __autoglmSetup: true }); }
      }
      r = inst[call.method](...args);
    }
    if (r && typeof r.then === 'function') { async = true; r = await r; }
    outcome = { kind: 'return', value: encode(r, ctx, 0, new Set()), async };
  } catch (e) {
    // A call before the method under test threw: not a test of that method.
    outcome = e && e.__autoglmSetup ? { kind: 'crash', message: 'a call before the method threw' } : { kind: 'throw', ...errorInfo(e), async };
  }
  if (violations.length) outcome = { kind: 'blocked', what: violations[0] };
  const h = hits(ctx, set.entry);
  const regexes = Array.from(ctx.__autoglm_res.values(), (r) => ({ source: r.source, flags: r.flags, subjects: [...r.subjects] }));
  return { outcome, arms: h.arms, fns: h.fns, ...(regexes.length ? { regexes } : {}), ...(built ? { built } : {}) };
}

parentPort.postMessage({ type: 'ready' });
parentPort.on('message', async (msg) => {
  if (msg.type === 'set') {
    sets.set(msg.id, { modules: msg.modules, entry: msg.entry, scripts: new Map() });
    return;
  }
  if (msg.type === 'run') {
    const set = sets.get(msg.set);
    const state = {};
    for (let i = msg.start; i < msg.calls.length; i++) {
      if (msg.fresh) { state.ctx = undefined; state.exportsObj = undefined; }
      const r = await runCall(msg.calls[i], set, state, msg.perturb);
      parentPort.postMessage({ type: 'result', batch: msg.batch, index: i, result: r });
    }
    parentPort.postMessage({ type: 'done', batch: msg.batch });
  }
});
`;

;// CONCATENATED MODULE: ./src/testgen/sandbox.ts


function sandboxCall(fn, input) {
    const method = fn.kind === 'function' ? undefined : fn.name.slice(fn.name.indexOf('.') + 1);
    return {
        exportName: fn.exportName,
        kind: fn.kind,
        ...(method ? { method } : {}),
        ...(fn.kind === 'method' ? { ctorArgs: input.ctorArgs ?? [] } : {}),
        ...(fn.kind === 'method' && input.before?.length ? { before: input.before } : {}),
        args: input.args,
    };
}
/** The outcome message of calls a batch gave up on (see RunOptions.maxTimeouts). */
const NOT_RUN = 'not run';
/** Extra time for the call that creates a context and loads the module (slow on a busy machine). */
const LOAD_GRACE_MS = 500;
/**
 * Runs calls in a worker thread with a per-call time limit. A call that overruns (an infinite loop,
 * a promise that never settles) is recorded as a timeout; the worker is terminated and a new one
 * continues with the next call, so a hang costs at most the limit.
 */
class Sandbox {
    timeoutMs;
    worker;
    known = new Set();
    batchSeq = 0;
    pending;
    setSeq = 0;
    setIds = new WeakMap();
    /** Calls executed, for the report. */
    executed = 0;
    timeouts = 0;
    constructor(timeoutMs) {
        this.timeoutMs = timeoutMs;
    }
    spawn() {
        const w = new external_node_worker_threads_.Worker(WORKER_SOURCE, {
            eval: true,
            resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 8 },
            stdout: true,
            stderr: true,
            env: {},
        });
        w.unref();
        w.on('message', (m) => {
            const p = this.pending;
            if (m.type === 'ready') {
                this.readyResolve?.();
                return;
            }
            if (!p || m.batch !== p.batch)
                return;
            if (m.type === 'result') {
                p.results[m.index] = m.result;
                p.next = m.index + 1;
                this.executed++;
                this.arm(p, false);
            }
            else if (m.type === 'done') {
                if (p.timer)
                    clearTimeout(p.timer);
                this.pending = undefined;
                p.resolve();
            }
        });
        w.on('error', (e) => {
            const p = this.pending;
            if (p) {
                // An uncaught error inside the worker (e.g. stack overflow outside a call): count it as a crash.
                p.results[p.next] = { outcome: { kind: 'crash', message: e.message }, arms: [], fns: [] };
                p.next++;
                this.restart(p);
            }
        });
        this.known.clear();
        return w;
    }
    arm(p, first = false) {
        if (p.timer)
            clearTimeout(p.timer);
        // The first call of a batch also builds a context and loads the module: it gets a grace period.
        const limit = first ? this.timeoutMs + LOAD_GRACE_MS : this.timeoutMs;
        p.timer = setTimeout(() => {
            this.timeouts++;
            p.timeouts++;
            p.results[p.next] = { outcome: { kind: 'timeout' }, arms: [], fns: [] };
            p.next = p.timeouts >= p.maxTimeouts ? Number.POSITIVE_INFINITY : p.next + 1;
            this.restart(p);
        }, limit);
    }
    restartHook;
    restart(p) {
        if (p.timer)
            clearTimeout(p.timer);
        const old = this.worker;
        this.worker = undefined;
        void old?.terminate();
        this.restartHook?.(p);
    }
    readyResolve;
    ready;
    /** The next call is the first on a new worker (it compiles the module's code). */
    spawned = false;
    async ensure(mod) {
        if (!this.worker) {
            this.ready = new Promise((resolve) => {
                this.readyResolve = resolve;
            });
            this.worker = this.spawn();
            this.spawned = true;
        }
        const w = this.worker;
        await this.ready;
        if (this.worker !== w || !this.worker)
            return this.ensure(mod);
        let id = this.setIds.get(mod);
        if (!id) {
            id = `m${++this.setSeq}`;
            this.setIds.set(mod, id);
        }
        if (!this.known.has(id)) {
            this.worker.postMessage({ type: 'set', id, modules: mod.modules, entry: mod.file });
            this.known.add(id);
        }
        return [this.worker, id];
    }
    /** Run calls against a prepared module; results in call order. */
    async run(mod, calls, options) {
        if (calls.length === 0)
            return [];
        const batch = ++this.batchSeq;
        const results = new Array(calls.length).fill(undefined);
        await new Promise((resolve, reject) => {
            const p = {
                batch,
                results,
                resolve,
                reject,
                timer: undefined,
                next: 0,
                timeouts: 0,
                maxTimeouts: options.maxTimeouts ?? Number.POSITIVE_INFINITY,
            };
            this.pending = p;
            const send = (start) => {
                if (start >= calls.length) {
                    this.pending = undefined;
                    resolve();
                    return;
                }
                this.ensure(mod).then(([w, id]) => {
                    this.arm(p, this.spawned);
                    this.spawned = false;
                    w.postMessage({
                        type: 'run',
                        set: id,
                        batch,
                        calls,
                        start,
                        fresh: options.fresh,
                        perturb: options.perturb,
                    });
                }, reject);
            };
            this.restartHook = (q) => {
                if (q === this.pending)
                    send(q.next);
            };
            send(0);
        });
        return results.map((r) => r ?? { outcome: { kind: 'crash', message: NOT_RUN }, arms: [], fns: [] });
    }
    async close() {
        const w = this.worker;
        this.worker = undefined;
        if (w)
            await w.terminate();
    }
}

;// CONCATENATED MODULE: ./src/testgen/regex-mutants.ts

let weapon;
// Mutating a regex and drawing strings from its mutants costs from a millisecond to about a second
// for nested ones (semver's PRERELEASE: 0.9 s + 0.9 s). Each run spends at most a share of its
// budget on it; regexes met after that fall back to strings of new shapes (select.ts).
let allowanceMs = Number.POSITIVE_INFINITY;
/** Load the regex mutator (once; generation works without it, minus what it adds). */
async function loadRegexMutator(budgetMs = Number.POSITIVE_INFINITY) {
    allowanceMs = Math.min(3000, Math.max(300, budgetMs * 0.05));
    try {
        weapon ??= await __webpack_require__.e(/* import() */ 917).then(__webpack_require__.bind(__webpack_require__, 35917));
    }
    catch {
        // Not installed (a trimmed install): regexes are then only matched, never mutated.
    }
}
const MAX_SOURCE = 400;
/** A counted repetition of 64 or more (`{0,256}`). */
const largeCount = (source) => [...source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)].some((m) => Number(m[1]) >= 64 || Number(m[2] || 0) >= 64);
const plain = (flags) => flags.replace(/[gy]/g, '');
const cache = new Map();
/** The mutants of one regex (level 1, as StrykerJS mutates), compiled; [] when it cannot be parsed. */
function regexMutants(source, flags) {
    const key = `${flags}/${source}`;
    let out = cache.get(key);
    if (out)
        return out;
    out = [];
    if (!weapon)
        return out;
    // Past the allowance, or a regex with large counted repetitions (semver's `\d{0,256}`: most of a
    // second for one regex, where ms's 127 characters of alternatives take 40 ms): no mutants.
    if (source.length > MAX_SOURCE || largeCount(source) || allowanceMs <= 0) {
        cache.set(key, out);
        return out;
    }
    const t0 = Date.now();
    try {
        for (const m of weapon.mutate(source, flags, { mutationLevels: [1] })) {
            try {
                out.push(new RegExp(m.pattern, plain(flags)));
            }
            catch {
                // A mutant JS rejects (an emptied class): nothing to tell apart.
            }
            if (out.length >= 48)
                break;
        }
    }
    catch {
        // A pattern weapon-regex cannot parse (newer syntax): no mutants.
    }
    allowanceMs -= Date.now() - t0;
    cache.set(key, out);
    return out;
}
/** What a regex makes of a string: the match and its groups (what code built on it observes). */
const matchOf = (re, s) => JSON.stringify(re.exec(s.slice(0, 64)));
// The originals, compiled once per regex (every candidate call is checked against its regexes).
const originals = new Map();
function compiled(r) {
    const key = `${r.flags}/${r.source}`;
    if (!originals.has(key)) {
        let re;
        try {
            re = new RegExp(r.source, plain(r.flags));
        }
        catch {
            // Not a regex this engine accepts: nothing to compare with.
        }
        originals.set(key, re);
    }
    return originals.get(key);
}
const killsCache = new WeakMap();
/** The regex mutants (`flags/source#i`) a call tells apart from their originals. */
function regexKills(exec) {
    const hit = killsCache.get(exec);
    if (hit)
        return hit;
    const out = [];
    for (const r of exec.regexes ?? []) {
        const subjects = r.subjects ?? [];
        const mutants = subjects.length > 0 ? regexMutants(r.source, r.flags) : [];
        const orig = mutants.length > 0 ? compiled(r) : undefined;
        if (!orig)
            continue;
        const want = subjects.map((s) => matchOf(orig, s));
        mutants.forEach((m, i) => {
            if (subjects.some((s, j) => matchOf(m, s) !== want[j]))
                out.push(`${r.flags}/${r.source}#${i}`);
        });
    }
    killsCache.set(exec, out);
    return out;
}
/** Whether any regex the call ran has mutants (else selection falls back to string shapes). */
const hasRegexMutants = (exec) => (exec.regexes ?? []).some((r) => regexMutants(r.source, r.flags).length > 0);
/** Up to `n` strings matching a regex, shortest first ([] when fast-check cannot draw from it). */
function sampleOf(re, n, seed) {
    try {
        // fast-check refuses flags it cannot honour (i, m, s); the strings still match with them.
        const gen = new RegExp(re.source, re.flags.replace(/[dims]/g, ''));
        return fast_check/* default.sample */.Ay.sample(fast_check/* default.stringMatching */.Ay.stringMatching(gen, { maxLength: 16 }), { numRuns: n, seed })
            .sort((a, b) => a.length - b.length);
    }
    catch {
        return [];
    }
}
/**
 * Strings that tell a regex's mutants apart from it: drawn from each mutant and from the original,
 * kept when the two make something else of them (`#abcd` for the mutant that drops `{4}`, `fff` for
 * the one that makes the `#` required).
 */
function distinguishingStrings(regexes, perMutant = 3) {
    const out = new Set();
    for (const r of regexes)
        for (const s of apartOf(r, perMutant))
            out.add(s);
    return [...out];
}
// Per regex, once: fast-check draws slowly from long regexes (semver's take a second).
const apartCache = new Map();
function apartOf(r, perMutant) {
    const key = `${r.flags}/${r.source}`;
    const hit = apartCache.get(key);
    if (hit)
        return hit;
    const out = new Set();
    const orig = compiled(r);
    const mutants = orig ? regexMutants(r.source, r.flags) : [];
    const t0 = Date.now();
    if (orig && mutants.length > 0) {
        const own = sampleOf(orig, 24, 1);
        for (const m of mutants) {
            let kept = 0;
            for (const s of [...sampleOf(m, 8, 1), ...own]) {
                if (kept >= perMutant)
                    break;
                if (s.length <= 40 && matchOf(m, s) !== matchOf(orig, s)) {
                    out.add(s);
                    kept++;
                }
            }
        }
    }
    allowanceMs -= Date.now() - t0;
    const list = [...out];
    if (weapon)
        apartCache.set(key, list);
    return list;
}
// Per regex, a pool drawn once, four times the size asked for: search redraws its strings each
// time it learns a regex, and fast-check takes up to ~100 ms to draw from a long one. Each draw
// takes another window of the pool, so the strings still vary from one redraw to the next (a suite
// of camelcase's kept 56% of its mutants with one fixed set, 72% with varying ones).
const samplePools = new Map();
function samplesOf(r, n, seed) {
    const key = `${n}:${r.flags}/${r.source}`;
    let pool = samplePools.get(key);
    if (!samplePools.has(key)) {
        try {
            // Without the flags fast-check refuses (i, m, s): the strings still match with them.
            const re = new RegExp(r.source, r.flags.replace(/[gydims]/g, ''));
            pool = fast_check/* default.sample */.Ay.sample(fast_check/* default.stringMatching */.Ay.stringMatching(re, { maxLength: 24 }), { numRuns: 4 * n, seed });
        }
        catch {
            // A regex fast-check cannot generate from (lookbehind, backreferences): no strings from it.
            pool = undefined;
        }
        if (samplePools.size < 256)
            samplePools.set(key, pool);
    }
    if (!pool)
        return undefined;
    const start = (Math.abs(seed) * n) % pool.length;
    return [...pool, ...pool].slice(start, start + n);
}
/**
 * A few strings matching each regex the code matched strings against at run time (recorded by the
 * sandbox): a guard like `version.match(re[FULL])`, with the regex built at load time from other
 * files, is out of reach of literals and random strings, but not of strings drawn from the regex.
 */
function matchingStrings(regexes, seed, words = [], perRegex = 24) {
    const out = new Set();
    for (const r of regexes) {
        const samples = samplesOf(r, perRegex, seed);
        if (!samples)
            continue;
        const full = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
        // Small numbers where they still match ('1.0.2' rather than '915.4934.0'): readable, and two
        // of them often share a part (the same major version), which comparisons need.
        let i = seed;
        for (const m of samples) {
            const small = m.replace(/\d+/g, () => String(i++ % 3));
            if (small !== m && full.test(small))
                out.add(small);
        }
        for (const m of samples)
            if (m.length <= 40)
                out.add(m);
        // The code's literals spliced into matching strings, where the result still matches: a
        // capture group compared with literals (`switch (match[2])`) gets each of them.
        const spliced = new Set();
        for (const w of words.filter((x) => x.length > 0 && x.length <= 16).slice(0, 48)) {
            for (const m of samples.slice(0, 6)) {
                for (let k = 0; k <= m.length; k++) {
                    const c = m.slice(0, k) + w;
                    if (c.length <= 40 && full.test(c)) {
                        spliced.add(c);
                        break;
                    }
                }
                if (spliced.size >= 64)
                    break;
            }
        }
        for (const c of spliced)
            out.add(c);
    }
    return [...out].slice(0, 160);
}

;// CONCATENATED MODULE: ./src/testgen/terms.ts
/**
 * The symbolic term language the explorer builds and the solver translates to Z3. Numbers are
 * reals (JS doubles without NaN/Infinity), strings are Z3 strings, and regexes a small IR of
 * their own. Constructors fold constants so concrete code never reaches the solver.
 */
const num = (v) => ({ k: 'num', v, sort: 'num' });
const str = (v) => ({ k: 'str', v, sort: 'str' });
const bool = (v) => ({ k: 'bool', v, sort: 'bool' });
const TRUE = bool(true);
const FALSE = bool(false);
function isConst(t) {
    return t.k === 'num' || t.k === 'str' || t.k === 'bool';
}
function op(o, sort, ...args) {
    return { k: 'op', op: o, args, sort };
}
const jsMod = (a, b) => a % b;
function arith(o, a, b) {
    if (a.k === 'num' && b.k === 'num') {
        const v = o === 'add'
            ? a.v + b.v
            : o === 'sub'
                ? a.v - b.v
                : o === 'mul'
                    ? a.v * b.v
                    : o === 'div'
                        ? a.v / b.v
                        : jsMod(a.v, b.v);
        return num(v);
    }
    if (o === 'add' && b.k === 'num' && b.v === 0)
        return a;
    if (o === 'add' && a.k === 'num' && a.v === 0)
        return b;
    if (o === 'sub' && b.k === 'num' && b.v === 0)
        return a;
    if (o === 'mul' && b.k === 'num' && b.v === 1)
        return a;
    return op(o, 'num', a, b);
}
function unaryNum(o, a) {
    if (a.k === 'num') {
        const v = o === 'neg'
            ? -a.v
            : o === 'floor'
                ? Math.floor(a.v)
                : o === 'ceil'
                    ? Math.ceil(a.v)
                    : o === 'trunc'
                        ? Math.trunc(a.v)
                        : Math.abs(a.v);
        return num(v);
    }
    if ((o === 'floor' || o === 'ceil' || o === 'trunc') && a.k === 'var' && a.isInt)
        return a;
    return op(o, 'num', a);
}
function minmax(o, a, b) {
    if (a.k === 'num' && b.k === 'num')
        return num(o === 'min' ? Math.min(a.v, b.v) : Math.max(a.v, b.v));
    return op(o, 'num', a, b);
}
/** `s.indexOf(x)` with no start: comparisons against -1 and 0 are containment, far cheaper to solve. */
function plainIndexOf(t) {
    return t.k === 'op' && t.op === 'indexof' && t.args.length === 2;
}
function contains(t) {
    return strPred('contains', t.args[0], t.args[1]);
}
function cmp(o, a, b) {
    if (a.k === 'num' && b.k === 'num')
        return bool(o === 'lt' ? a.v < b.v : a.v <= b.v);
    if (plainIndexOf(a) && b.k === 'num' && ((o === 'lt' && b.v === 0) || (o === 'le' && b.v === -1)))
        return not(contains(a));
    if (plainIndexOf(b) && a.k === 'num' && ((o === 'le' && a.v === 0) || (o === 'lt' && a.v === -1)))
        return contains(b);
    if (a.k === 'str' && b.k === 'str')
        return bool(o === 'lt' ? a.v < b.v : a.v <= b.v);
    return op(o, 'bool', a, b);
}
function eq(a, b) {
    if (isConst(a) && isConst(b))
        return bool(a.v === b.v);
    if (plainIndexOf(a) && b.k === 'num' && b.v === -1)
        return not(contains(a));
    if (plainIndexOf(b) && a.k === 'num' && a.v === -1)
        return not(contains(b));
    if (a === b)
        return TRUE;
    return op('eq', 'bool', a, b);
}
function not(a) {
    if (a.k === 'bool')
        return bool(!a.v);
    if (a.k === 'op' && a.op === 'not')
        return a.args[0];
    return op('not', 'bool', a);
}
function and(...xs) {
    const args = [];
    for (const x of xs) {
        if (x.k === 'bool') {
            if (!x.v)
                return FALSE;
            continue;
        }
        args.push(x);
    }
    if (args.length === 0)
        return TRUE;
    if (args.length === 1)
        return args[0];
    return op('and', 'bool', ...args);
}
function or(...xs) {
    const args = [];
    for (const x of xs) {
        if (x.k === 'bool') {
            if (x.v)
                return TRUE;
            continue;
        }
        args.push(x);
    }
    if (args.length === 0)
        return FALSE;
    if (args.length === 1)
        return args[0];
    return op('or', 'bool', ...args);
}
function ite(c, t, e) {
    if (c.k === 'bool')
        return c.v ? t : e;
    if (t === e)
        return t;
    return { k: 'ite', args: [c, t, e], sort: t.sort };
}
function strLen(s) {
    if (s.k === 'str')
        return num(s.v.length);
    if (s.k === 'op' && s.op === 'concat')
        return arith('add', strLen(s.args[0]), strLen(s.args[1]));
    return op('len', 'num', s);
}
function concat(a, b) {
    if (a.k === 'str' && b.k === 'str')
        return str(a.v + b.v);
    if (a.k === 'str' && a.v === '')
        return b;
    if (b.k === 'str' && b.v === '')
        return a;
    return op('concat', 'str', a, b);
}
function charAt(s, i) {
    if (s.k === 'str' && i.k === 'num')
        return str(s.v.charAt(i.v));
    return op('at', 'str', s, i);
}
function strPred(o, s, sub) {
    if (s.k === 'str' && sub.k === 'str') {
        return bool(o === 'prefixof' ? s.v.startsWith(sub.v) : o === 'suffixof' ? s.v.endsWith(sub.v) : s.v.includes(sub.v));
    }
    return op(o, 'bool', s, sub);
}
function indexOf(s, sub, from) {
    if (s.k === 'str' && sub.k === 'str' && (!from || from.k === 'num'))
        return num(s.v.indexOf(sub.v, from?.v));
    return from ? op('indexof', 'num', s, sub, from) : op('indexof', 'num', s, sub);
}
function lastIndexOf(s, sub) {
    if (s.k === 'str' && sub.k === 'str')
        return num(s.v.lastIndexOf(sub.v));
    return op('lastindexof', 'num', s, sub);
}
/** `s.substring(start, end)` for in-range integer bounds (the explorer clamps first). */
function substr(s, start, length) {
    if (s.k === 'str' && start.k === 'num' && length.k === 'num')
        return str(s.v.substr(start.v, length.v));
    return op('substr', 'str', s, start, length);
}
/**
 * `s.replace(p, r)` with a string pattern: the first occurrence (an empty pattern prepends), as
 * Z3's `str.replace`. The replacement must hold no `$` pattern (the explorer assumes so).
 * (`replaceAll` stays unmodelled: Z3's `str.replace_all` ran into the check time limit on
 * four-character strings.)
 */
function replace(s, p, r) {
    if (s.k === 'str' && p.k === 'str' && r.k === 'str')
        return str(s.v.replace(p.v, () => r.v));
    return op('replace', 'str', s, p, r);
}
function charCode(s) {
    if (s.k === 'str')
        return num(s.v.length === 1 ? s.v.charCodeAt(0) : -1);
    return op('code', 'num', s);
}
function strToInt(s) {
    return op('strtoint', 'num', s);
}
function intToStr(n) {
    if (n.k === 'num')
        return str(String(n.v));
    return op('inttostr', 'str', n);
}
function isInt(n) {
    if (n.k === 'num')
        return bool(Number.isInteger(n.v));
    if (n.k === 'var' && n.isInt)
        return TRUE;
    return op('isint', 'bool', n);
}
function inRe(s, re) {
    return { k: 'inre', s, re, sort: 'bool' };
}
function variable(name, sort, isInteger = false) {
    return { k: 'var', name, sort, ...(isInteger ? { isInt: true } : {}) };
}
/** Variables a term mentions (for the model read-out). */
function collectVars(t, into = new Map()) {
    if (t.k === 'var')
        into.set(t.name, t);
    else if (t.k === 'op' || t.k === 'ite')
        for (const a of t.args)
            collectVars(a, into);
    else if (t.k === 'inre')
        collectVars(t.s, into);
    return into;
}

;// CONCATENATED MODULE: ./src/testgen/select.ts



const isOk = (o) => o.kind === 'return' || o.kind === 'throw';
/** `a !== b` for each numeric comparison of the path over plain number inputs. */
function interiorOf(pc) {
    const plain = (t) => t.k === 'num' ||
        (t.k === 'var' && t.sort === 'num' && !t.name.includes('#') && !t.name.endsWith('.length')) ||
        (t.k === 'op' && ['add', 'sub', 'neg', 'mul'].includes(t.op) && t.args.every(plain));
    const out = [];
    const visit = (t) => {
        if (t.k !== 'op')
            return;
        if (t.op === 'not' || t.op === 'and')
            t.args.forEach(visit);
        else if ((t.op === 'lt' || t.op === 'le') &&
            t.args.every(plain) &&
            t.args.some((a) => a.k === 'var' || a.k === 'op'))
            out.push(not(eq(t.args[0], t.args[1])));
    };
    pc.forEach(visit);
    return out.slice(0, 8);
}
function armKey(c, arms) {
    return [...new Set(c.exec.arms.filter((a) => arms.has(a)))].sort((a, b) => a - b).join(',');
}
/** An error's kind: its class and message, with the string arguments it quotes and numbers blanked. */
function errorKey(c) {
    const o = c.exec.outcome;
    if (o.kind !== 'throw')
        return undefined;
    let msg = o.message;
    const strings = [...(c.input.ctorArgs ?? []), ...c.input.args].filter((a) => typeof a === 'string' && a.length > 0);
    // Whole occurrences only: blanking the input `a` must not turn `Invalid` into `Inv<arg>lid`.
    for (const a of strings.sort((x, y) => y.length - x.length)) {
        const lead = /^\w/.test(a) ? '(?<!\\w)' : '';
        const trail = /\w$/.test(a) ? '(?!\\w)' : '';
        msg = msg.replace(new RegExp(lead + a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + trail, 'g'), '<arg>');
    }
    return `${o.name}:${msg.replace(/\d+/g, '#')}`;
}
/** Greedy set cover: the fewest candidates that keep every arm (and the function's entry) covered. */
function minimise(cands, fnArms) {
    const pool = cands.filter((c) => isOk(c.exec.outcome));
    const covers = pool.map((c) => new Set(c.exec.arms.filter((a) => fnArms.has(a))));
    const uncovered = new Set();
    for (const s of covers)
        for (const a of s)
            uncovered.add(a);
    const chosen = [];
    if (pool.length === 0)
        return [];
    while (uncovered.size > 0) {
        let best = -1;
        let bestGain = 0;
        pool.forEach((c, i) => {
            if (chosen.includes(i))
                return;
            let gain = 0;
            for (const a of covers[i])
                if (uncovered.has(a))
                    gain++;
            const better = gain > bestGain ||
                (gain === bestGain && gain > 0 && best >= 0 && rank(c) < rank(pool[best]));
            if (better) {
                best = i;
                bestGain = gain;
            }
        });
        if (best < 0)
            break;
        chosen.push(best);
        for (const a of covers[best])
            uncovered.delete(a);
    }
    if (chosen.length === 0) {
        // No branches: one test still pins the function's behaviour.
        const first = pool.map((c, i) => [rank(c), i]).sort((a, b) => a[0] - b[0])[0];
        if (first)
            chosen.push(first[1]);
    }
    return chosen.sort((a, b) => a - b).map((i) => pool[i]);
}
/**
 * The covering set plus tests for oracle strength: one per distinct error, up to three per
 * distinct result, up to four more paths (arm combinations). Mutants hide where one test per arm
 * does not look.
 */
function withOracleTests(cands, selected, fnArms) {
    const pool = cands.filter((c) => isOk(c.exec.outcome));
    const chosen = selected.map((c) => pool.indexOf(c)).filter((i) => i >= 0);
    // Each distinct error the function throws (often from a helper in another file, whose branches
    // are not counted here) keeps one test: an oracle for that behaviour.
    const errors = new Set(chosen.map((i) => errorKey(pool[i])).filter(Boolean));
    pool
        .map((c, i) => [rank(c), i])
        .sort((a, b) => a[0] - b[0])
        .forEach(([, i]) => {
        const k = errorKey(pool[i]);
        if (k && !errors.has(k) && errors.size < 6) {
            errors.add(k);
            chosen.push(i);
        }
    });
    // And each distinct result up to a few more: an interior input beside a boundary one.
    // (An error counts by its kind, the message with the input blanked, as above.)
    const results = new Set(chosen.map((i) => resultKey(pool[i])));
    let extra = 0;
    pool
        .map((c, i) => [rank(c), i])
        .sort((a, b) => a[0] - b[0])
        .forEach(([, i]) => {
        const k = resultKey(pool[i]);
        if (!results.has(k) && extra < 3) {
            results.add(k);
            chosen.push(i);
            extra++;
        }
    });
    // And a few more paths (arm combinations no chosen test takes): mutants hide in combinations.
    const paths = new Set(chosen.map((i) => armKey(pool[i], fnArms)));
    let more = 0;
    pool.forEach((c, i) => {
        const k = armKey(c, fnArms);
        if (!paths.has(k) && more < 4 && c.origin === 'solver' && !chosen.includes(i)) {
            paths.add(k);
            chosen.push(i);
            more++;
        }
    });
    // And calls that tell regex mutants apart (regex-mutants.ts): a regex's alternatives,
    // quantifiers and anchors take no branch, so only strings of other shapes catch a changed one
    // (`#fff` beside `ffffff`, `#ff`, `x#fff`). Greedy, the most new mutants first, up to eight.
    const killed = new Set(chosen.flatMap((i) => regexKills(pool[i].exec)));
    for (let added = 0; added < 8; added++) {
        let best = -1;
        let gain = 0;
        pool.forEach((c, i) => {
            if (chosen.includes(i))
                return;
            const g = regexKills(c.exec).filter((k) => !killed.has(k)).length;
            if (g > gain || (g === gain && g > 0 && rank(c) < rank(pool[best]))) {
                best = i;
                gain = g;
            }
        });
        if (best < 0)
            break;
        chosen.push(best);
        for (const k of regexKills(pool[best].exec))
            killed.add(k);
    }
    // Where no regex could be mutated, strings of new shapes (length, character classes, first and
    // last character's class), for calls that ran a regex and returned (not one test per rejected string).
    const shapes = new Set(chosen.map((i) => shapeKey(pool[i])));
    let shaped = 0;
    pool
        .map((c, i) => [rank(c), i])
        .sort((a, b) => a[0] - b[0])
        .forEach(([, i]) => {
        const c = pool[i];
        if (shaped >= 6 || chosen.includes(i) || c.exec.outcome.kind !== 'return')
            return;
        if (!hasString(c) || !c.exec.regexes?.length || hasRegexMutants(c.exec))
            return;
        const k = shapeKey(c);
        if (shapes.has(k))
            return;
        shapes.add(k);
        chosen.push(i);
        shaped++;
    });
    return chosen.sort((a, b) => a - b).map((i) => pool[i]);
}
const hasString = (c) => [...(c.input.ctorArgs ?? []), ...c.input.args].some((a) => typeof a === 'string' && a.length > 0);
const charClass = (ch) => /[0-9]/.test(ch) ? 'd' : /[a-z]/.test(ch) ? 'l' : /[A-Z]/.test(ch) ? 'u' : /\s/.test(ch) ? 's' : ch;
/** The result and the shape of each string argument (see withOracleTests). */
/** A result as the oracle selection counts it: an error by its kind (see errorKey), else exactly. */
const resultKey = (c) => errorKey(c) ?? outcomeKey(c.exec.outcome);
function shapeKey(c) {
    const shape = (a) => {
        if (typeof a !== 'string')
            return '-';
        if (a.length === 0)
            return '0';
        const classes = [...new Set([...a].map(charClass))].sort().join('');
        return `${a.length}:${classes}:${charClass(a[0])}${charClass(a[a.length - 1])}`;
    };
    return `${resultKey(c)}|${[...(c.input.ctorArgs ?? []), ...c.input.args].map(shape).join(',')}`;
}
/**
 * The paths to solve, in order: greedily those that take branch sides no earlier path took, so a
 * function with many paths costs a solve per new branch side, not per path. Inexact paths follow
 * (their constraint may not lead where it says).
 */
function pathsWorthSolving(paths) {
    const seen = new Set();
    const out = [];
    const pool = paths.filter((p) => p.inexact.length === 0);
    for (;;) {
        let best;
        let gain = 0;
        for (const p of pool) {
            if (out.includes(p))
                continue;
            const g = new Set(p.decisions.filter((d) => !seen.has(d))).size;
            if (g > gain) {
                best = p;
                gain = g;
            }
        }
        if (!best)
            break;
        out.push(best);
        for (const d of best.decisions)
            seen.add(d);
    }
    if (out.length === 0 && pool[0])
        out.push(pool[0]);
    return [...paths.filter((p) => out.includes(p)), ...paths.filter((p) => p.inexact.length > 0).slice(0, 8)];
}
/** Prefer solver paths with exact conditions, then short inputs. */
function rank(c) {
    const size = c.input.args.map(inputLiteral).join(',').length +
        (c.input.ctorArgs ?? []).map(inputLiteral).join(',').length +
        (c.input.before ?? []).reduce((n, b) => n + 8 + b.args.map(inputLiteral).join(',').length, 0);
    return (c.origin === 'solver' && c.exact ? 0 : 10_000) + size;
}
function inputKey(input) {
    return JSON.stringify([input.ctorArgs ?? null, input.args, input.before ?? null], (_, v) => v === undefined
        ? '__undef__'
        : typeof v === 'number' && !Number.isFinite(v)
            ? String(v)
            : Object.is(v, -0)
                ? '-0'
                : v);
}
function outcomeKey(o) {
    if (o.kind === 'return')
        return `r:${o.async}:${encodedKey(o.value)}`;
    if (o.kind === 'throw')
        return `t:${o.async}:${o.name}:${o.message}`;
    return o.kind;
}
function outcomeText(o) {
    switch (o.kind) {
        case 'return':
            return display(o.value, 60);
        case 'throw':
            return `throws ${o.name}${o.message ? ` ${JSON.stringify(o.message)}` : ''}`;
        case 'timeout':
            return 'no result (time limit)';
        case 'blocked':
            return `blocked (${o.what})`;
        case 'crash':
            return `crash (${o.message})`;
    }
}
function skipReason(execs, timeoutMs) {
    const blocked = execs.find((e) => e.outcome.kind === 'blocked');
    if (blocked && blocked.outcome.kind === 'blocked') {
        return `uses ${blocked.outcome.what}, which is blocked while generating tests (file system, network and processes)`;
    }
    if (execs.length > 0 && execs.every((e) => e.outcome.kind === 'timeout'))
        return `never returned within the ${timeoutMs} ms time limit`;
    const crash = execs.find((e) => e.outcome.kind === 'crash');
    if (crash && crash.outcome.kind === 'crash')
        return crash.outcome.message;
    return 'no input ran to completion';
}

;// CONCATENATED MODULE: ./src/testgen/diff.ts







/** The same inputs (and inputs from both versions' literals) against the base version of the module. */
async function behaviourDiff(options, sandbox, headModule, info, fn, cands, rel, 
/** Arms of the head version on the changed lines (empty: the change has no branch of its own). */
changedArms) {
    const base = options.base;
    if (!base || base.read(info.file) === undefined)
        return [];
    let prepared;
    try {
        prepared = prepareModule(info.file, info.language, info.moduleKind, base.read);
    }
    catch {
        return [];
    }
    // The generated inputs, plus inputs built from the literals of both versions (a changed constant
    // is where behaviour most often moves).
    const baseText = base.read(info.file) ?? '';
    const baseDict = dictionaryOf(typescript_default().createSourceFile(info.file, baseText, (typescript_default()).ScriptTarget.ES2022, true));
    const headDict = dictionaryOf(fn.node);
    const dict = {
        numbers: [...new Set([...headDict.numbers, ...baseDict.numbers])].slice(0, 96),
        strings: [...new Set([...headDict.strings, ...baseDict.strings])].slice(0, 96),
    };
    const seen = new Set(cands.map((c) => inputKey(c.input)));
    const extra = sampleInputs(callArbitrary(fn, dict), 150, 7)
        .filter((input) => {
        const k = inputKey(input);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    })
        .slice(0, 100);
    const extraRuns = await sandbox.run(headModule, extra.map((input) => sandboxCall(fn, input)), { fresh: true, perturb: 0 });
    const known = [...cands, ...extra.map((input, i) => ({ input, exec: extraRuns[i] }))];
    // Inputs that reach the changed lines, and mutants of them that still do (two generations): a
    // change often shows on only some of the inputs that reach it.
    const reaches = (e) => (e.outcome.kind === 'return' || e.outcome.kind === 'throw') &&
        (changedArms.size === 0 || e.arms.some((a) => changedArms.has(a)));
    const r = rng(11);
    const near = [];
    let seeds = known.filter((c) => reaches(c.exec)).slice(0, 16);
    for (let gen = 0; gen < 2 && seeds.length > 0; gen++) {
        const batch = seeds
            .flatMap((c) => mutants(c.input, dict, r, 12))
            .filter((input) => {
            const k = inputKey(input);
            if (seen.has(k))
                return false;
            seen.add(k);
            return true;
        })
            .slice(0, 160);
        const runs = await sandbox.run(headModule, batch.map((input) => sandboxCall(fn, input)), { fresh: true, perturb: 0 });
        const hit = batch
            .map((input, i) => ({ input, exec: runs[i] }))
            .filter((c) => reaches(c.exec));
        near.push(...hit);
        seeds = hit.slice(0, 16);
    }
    const reaching = [...known.filter((c) => reaches(c.exec)), ...near];
    const inputs = [...reaching.slice(0, 300), ...known.filter((c) => !reaches(c.exec)).slice(0, 100)];
    const calls = inputs.map((c) => sandboxCall(fn, c.input));
    const baseRuns = await sandbox.run(prepared, calls, { fresh: true, perturb: 0 });
    // The base module has no such export (or class method): the function is new, not changed.
    const missing = (o) => (o.kind === 'throw' || o.kind === 'crash') &&
        (o.message === `export ${fn.exportName} not found` ||
            o.message === 'inst[call.method] is not a function');
    if (baseRuns.length > 0 && baseRuns.every((r) => missing(r.outcome)))
        return 'new';
    const out = [];
    inputs.forEach((c, i) => {
        const b = baseRuns[i].outcome;
        const h = c.exec.outcome;
        if (b.kind === 'crash' && /export .* not found/.test(b.message))
            return;
        if (b.kind === 'timeout' && h.kind === 'timeout')
            return;
        if (outcomeKey(b) === outcomeKey(h))
            return;
        const args = c.input.args.map((a) => displayInput(a, 40)).join(', ');
        out.push({
            file: rel(info.file),
            function: fn.name,
            call: `${fn.name}(${args})`,
            base: outcomeText(b),
            head: outcomeText(h),
        });
    });
    // The shortest calls first: the easiest to read.
    return out.sort((a, b) => a.call.length - b.call.length).slice(0, 20);
}

// EXTERNAL MODULE: ./node_modules/@eslint-community/regexpp/index.mjs
var regexpp = __webpack_require__(91895);
;// CONCATENATED MODULE: ./src/testgen/regex.ts

/** A regex feature Z3 cannot express (backreference, lookaround, ...): the caller falls back to search. */
class UnsupportedRegex extends Error {
}
const ANY = { r: 'any' };
const ch = (c) => ({ r: 'lit', s: String.fromCodePoint(c) });
const range = (lo, hi) => ({
    r: 'range',
    lo: String.fromCodePoint(lo),
    hi: String.fromCodePoint(hi),
});
const union = (parts) => parts.length === 1 ? parts[0] : { r: 'union', parts };
const regex_concat = (parts) => parts.length === 0
    ? { r: 'lit', s: '' }
    : parts.length === 1
        ? parts[0]
        : { r: 'concat', parts };
const negate = (set) => ({ r: 'inter', parts: [ANY, { r: 'complement', body: set }] });
const DIGIT = range(48, 57);
const WORD = union([range(97, 122), range(65, 90), DIGIT, ch(95)]);
const SPACE = union([ch(32), range(9, 13), ch(0xa0), ch(0xfeff), ch(0x2028), ch(0x2029)]);
const LINE_TERMINATORS = union([ch(10), ch(13), ch(0x2028), ch(0x2029)]);
function caseVariants(c) {
    const s = String.fromCodePoint(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    if (lower === upper || lower.length !== 1 || upper.length !== 1)
        return ch(c);
    return union([
        { r: 'lit', s: lower },
        { r: 'lit', s: upper },
    ]);
}
function escapeSet(kind, neg) {
    const set = kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
    return neg ? negate(set) : set;
}
function regex_element(e, ctx) {
    switch (e.type) {
        case 'Character':
            return ctx.flags.ignoreCase ? caseVariants(e.value) : ch(e.value);
        case 'CharacterSet':
            if (e.kind === 'any')
                return ctx.flags.dotAll ? ANY : negate(LINE_TERMINATORS);
            if (e.kind === 'digit' || e.kind === 'space' || e.kind === 'word')
                return escapeSet(e.kind, e.negate);
            throw new UnsupportedRegex(`unicode property escape ${e.raw}`);
        case 'CharacterClass': {
            const parts = [];
            for (const c of e.elements) {
                if (c.type === 'Character')
                    parts.push(ctx.flags.ignoreCase ? caseVariants(c.value) : ch(c.value));
                else if (c.type === 'CharacterClassRange') {
                    parts.push(range(c.min.value, c.max.value));
                    if (ctx.flags.ignoreCase) {
                        const lo = String.fromCodePoint(c.min.value);
                        const hi = String.fromCodePoint(c.max.value);
                        if (/[a-z]/.test(lo) && /[a-z]/.test(hi))
                            parts.push(range(lo.toUpperCase().codePointAt(0), hi.toUpperCase().codePointAt(0)));
                        if (/[A-Z]/.test(lo) && /[A-Z]/.test(hi))
                            parts.push(range(lo.toLowerCase().codePointAt(0), hi.toLowerCase().codePointAt(0)));
                    }
                }
                else if (c.type === 'CharacterSet' &&
                    (c.kind === 'digit' || c.kind === 'space' || c.kind === 'word')) {
                    parts.push(escapeSet(c.kind, c.negate));
                }
                else
                    throw new UnsupportedRegex(`character class element ${c.raw}`);
            }
            const set = parts.length === 0 ? { r: 'empty' } : union(parts);
            return e.negate ? negate(set) : set;
        }
        case 'Group':
        case 'CapturingGroup':
            if (e.type === 'CapturingGroup' && e.references.length > 0)
                throw new UnsupportedRegex('backreference');
            return union(e.alternatives.map((a) => alternative(a.elements, ctx)));
        case 'Quantifier':
            return {
                r: 'loop',
                body: regex_element(e.element, ctx),
                min: e.min,
                max: Number.isFinite(e.max) ? e.max : undefined,
            };
        case 'Assertion':
            throw new UnsupportedRegex(e.kind === 'start' || e.kind === 'end' ? 'anchor inside the pattern' : `${e.kind} assertion`);
        case 'Backreference':
            throw new UnsupportedRegex('backreference');
        default:
            throw new UnsupportedRegex(`regex element ${e.raw}`);
    }
}
function alternative(elements, ctx) {
    return regex_concat(elements.map((e) => regex_element(e, ctx)));
}
/**
 * The language of strings for which `new RegExp(source, flags).test(s)` is true: SMT regexes match
 * the whole string, so unanchored sides get `.*`.
 */
function regexForTest(source, flags) {
    let ast;
    try {
        ast = (0,regexpp/* parseRegExpLiteral */.Qf)(`/${source}/${flags}`);
    }
    catch (e) {
        throw new UnsupportedRegex(`invalid regex: ${e.message}`);
    }
    if (ast.flags.multiline || ast.flags.sticky || ast.flags.unicodeSets)
        throw new UnsupportedRegex(`flag of /${source}/${flags}`);
    const ctx = { flags: ast.flags };
    const alts = ast.pattern.alternatives.map((alt) => {
        const els = [...alt.elements];
        const first = els[0];
        const last = els[els.length - 1];
        const startAnchored = first?.type === 'Assertion' && first.kind === 'start';
        if (startAnchored)
            els.shift();
        const endAnchored = last !== first || !startAnchored ? last?.type === 'Assertion' && last.kind === 'end' : false;
        if (endAnchored)
            els.pop();
        const body = alternative(els, ctx);
        const anyStar = { r: 'loop', body: ANY, min: 0, max: undefined };
        return regex_concat([...(startAnchored ? [] : [anyStar]), body, ...(endAnchored ? [] : [anyStar])]);
    });
    return union(alts);
}

;// CONCATENATED MODULE: ./src/testgen/explore/modules.ts



const modules_EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '/index.js', '/index.ts'];
const MAX_BYTES = 256 * 1024;
const parsed = new Map();
/** The top-level functions, classes, variables and enums of a file, by name. */
function topLevelOf(sf) {
    const out = new Map();
    for (const s of sf.statements) {
        if (typescript_default().isFunctionDeclaration(s) && s.name)
            out.set(s.name.text, s);
        else if (typescript_default().isClassDeclaration(s) && s.name)
            out.set(s.name.text, s);
        else if (typescript_default().isVariableStatement(s)) {
            for (const d of s.declarationList.declarations)
                if (typescript_default().isIdentifier(d.name))
                    out.set(d.name.text, d);
        }
        else if (typescript_default().isEnumDeclaration(s))
            out.set(s.name.text, s);
    }
    return out;
}
/** The project file a relative specifier names from `from`, if there is one (never node_modules). */
function resolveProjectFile(from, spec) {
    if (!spec.startsWith('./') && !spec.startsWith('../'))
        return undefined;
    const base = external_node_path_default().resolve(external_node_path_default().dirname(from), spec);
    // `./isInt.js` written for a `.ts` source (TypeScript's ESM convention).
    const stems = /\.[cm]?js$/.test(base) ? [base, base.replace(/\.([cm]?)js$/, '.$1ts')] : [base];
    for (const stem of stems)
        for (const ext of modules_EXTENSIONS) {
            const f = stem + ext;
            if (f.split((external_node_path_default()).sep).includes('node_modules'))
                return undefined;
            try {
                const st = (0,external_node_fs_.existsSync)(f) ? (0,external_node_fs_.statSync)(f) : undefined;
                if (st?.isFile() && st.size <= MAX_BYTES && !f.endsWith('.d.ts'))
                    return f;
            }
            catch {
                // Unreadable: not a module we can look into.
            }
        }
    return undefined;
}
/** A project file, parsed (with parent links, so nodes find their file) and indexed; cached. */
function loadModuleFile(file) {
    if (parsed.has(file))
        return parsed.get(file);
    let mod;
    try {
        const kind = /\.[cm]?ts$/.test(file) ? (typescript_default()).ScriptKind.TS : (typescript_default()).ScriptKind.JS;
        const sf = typescript_default().createSourceFile(file, (0,external_node_fs_.readFileSync)(file, 'utf8'), (typescript_default()).ScriptTarget.Latest, true, kind);
        mod = { sf, topLevel: topLevelOf(sf) };
    }
    catch {
        mod = undefined;
    }
    parsed.set(file, mod);
    return mod;
}
/** What an identifier imported with `import` names: the module and the export. */
function importBinding(sf, name) {
    for (const s of sf.statements) {
        if (!typescript_default().isImportDeclaration(s) || !typescript_default().isStringLiteral(s.moduleSpecifier) || !s.importClause)
            continue;
        if (s.importClause.isTypeOnly)
            continue;
        const spec = s.moduleSpecifier.text;
        if (s.importClause.name?.text === name)
            return { spec, imported: 'default' };
        const b = s.importClause.namedBindings;
        if (!b)
            continue;
        if (typescript_default().isNamespaceImport(b) && b.name.text === name)
            return { spec, imported: '*' };
        if (typescript_default().isNamedImports(b))
            for (const el of b.elements)
                if (el.name.text === name && !el.isTypeOnly)
                    return { spec, imported: (el.propertyName ?? el.name).text };
    }
    return undefined;
}
/** `exports.x`, `module.exports`, `module.exports.x`: the export it names (`''` for the whole). */
function exportsTarget(e) {
    if (typescript_default().isIdentifier(e) && e.text === 'exports')
        return '';
    if (typescript_default().isPropertyAccessExpression(e) &&
        typescript_default().isIdentifier(e.expression) &&
        e.expression.text === 'module' &&
        e.name.text === 'exports')
        return '';
    if (typescript_default().isPropertyAccessExpression(e) && exportsTarget(e.expression) === '')
        return e.name.text;
    return undefined;
}
const hasExport = (n) => typescript_default().canHaveModifiers(n) && (typescript_default().getModifiers(n) ?? []).some((m) => m.kind === (typescript_default()).SyntaxKind.ExportKeyword);
const hasDefault = (n) => typescript_default().canHaveModifiers(n) && (typescript_default().getModifiers(n) ?? []).some((m) => m.kind === (typescript_default()).SyntaxKind.DefaultKeyword);
function exportSteps(sf) {
    const out = [];
    for (const s of sf.statements) {
        if ((typescript_default().isFunctionDeclaration(s) || typescript_default().isClassDeclaration(s)) && hasExport(s)) {
            const local = s.name?.text;
            if (local)
                out.push({ kind: 'local', name: hasDefault(s) ? 'default' : local, local, at: s });
        }
        else if (typescript_default().isVariableStatement(s) && hasExport(s)) {
            for (const d of s.declarationList.declarations)
                if (typescript_default().isIdentifier(d.name))
                    out.push({ kind: 'local', name: d.name.text, local: d.name.text, at: d });
        }
        else if (typescript_default().isExportAssignment(s)) {
            out.push({ kind: 'expr', name: s.isExportEquals ? '' : 'default', expr: s.expression });
        }
        else if (typescript_default().isExportDeclaration(s) &&
            !s.moduleSpecifier &&
            s.exportClause &&
            typescript_default().isNamedExports(s.exportClause)) {
            for (const el of s.exportClause.elements)
                out.push({ kind: 'local', name: el.name.text, local: (el.propertyName ?? el.name).text, at: el });
        }
        else if (typescript_default().isExpressionStatement(s)) {
            const e = s.expression;
            if (typescript_default().isBinaryExpression(e) && e.operatorToken.kind === (typescript_default()).SyntaxKind.EqualsToken) {
                const name = exportsTarget(e.left);
                if (name !== undefined)
                    out.push({ kind: 'expr', name, expr: e.right });
            }
            else if (typescript_default().isCallExpression(e) &&
                e.expression.getText(sf) === 'Object.defineProperty' &&
                e.arguments[0] &&
                exportsTarget(e.arguments[0]) === '' &&
                e.arguments[1] &&
                typescript_default().isStringLiteral(e.arguments[1]) &&
                e.arguments[1].text === '__esModule')
                out.push({ kind: 'esModule' });
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/testgen/explore/types.ts


const DEFAULT_LIMITS = {
    maxPaths: 96,
    maxChecks: 1500,
    loopBound: 5,
    arrayCapacity: 4,
    callDepth: 4,
};
const NORMAL = { type: 'normal' };
/** Longest string input the solver considers. */
const MAX_STRING = 32;
class Stop extends Error {
}
const isThrown = (v) => v.t === 'thrown';
function strip(e) {
    let x = e;
    while (typescript_default().isParenthesizedExpression(x) ||
        typescript_default().isAsExpression(x) ||
        typescript_default().isNonNullExpression(x) ||
        typescript_default().isTypeAssertionExpression(x) ||
        typescript_default().isSatisfiesExpression(x)) {
        x = x.expression;
    }
    return x;
}
const NEGATED = {
    '<': '>=',
    '>=': '<',
    '>': '<=',
    '<=': '>',
    '===': '!==',
    '!==': '===',
    '==': '!=',
    '!=': '==',
};
/** Source text for names: one line, string literals in double quotes (`password !== "Admin@123"`). */
function srcText(node, sf = node.getSourceFile()) {
    return node
        .getText(sf)
        .replace(/\s+/g, ' ')
        .replace(/'((?:[^'\\]|\\.)*)'/g, (_, body) => JSON.stringify(body.replace(/\\'/g, "'")));
}
/** The source text of a condition and of its negation, for test names. */
function condText(node, sf) {
    const e = strip(node);
    const pos = srcText(e, sf);
    if (typescript_default().isBinaryExpression(e)) {
        const op = e.operatorToken.getText(sf);
        const flipped = NEGATED[op];
        if (flipped)
            return { pos, neg: `${srcText(e.left, sf)} ${flipped} ${srcText(e.right, sf)}` };
    }
    if (typescript_default().isPrefixUnaryExpression(e) && e.operator === (typescript_default()).SyntaxKind.ExclamationToken) {
        return { pos, neg: srcText(strip(e.operand), sf) };
    }
    const simple = typescript_default().isIdentifier(e) || typescript_default().isPropertyAccessExpression(e) || typescript_default().isCallExpression(e);
    return { pos, neg: simple ? `!${pos}` : `!(${pos})` };
}
const ERROR_CLASSES = new Set([
    'Error',
    'TypeError',
    'RangeError',
    'SyntaxError',
    'ReferenceError',
    'EvalError',
    'URIError',
]);
/** Where a decision is taken, for telling paths apart: file and position (calls reach other files). */
function siteOf(node) {
    return `${node.getSourceFile()?.fileName ?? ''}#${node.pos}`;
}

;// CONCATENATED MODULE: ./src/testgen/explore/state.ts




/** Path state: the fork/assume machinery over path constraints, the heap and scopes. The layers above
 * (type tags, bindings, properties, calls, builtins, expressions, statements, loops) each add one concern;
 * the abstract declarations below let a lower layer call into a higher one. */
class PathState {
    sf;
    solver;
    limits;
    nextId = 1;
    checks = 0;
    unsupported = new Set();
    vars = new Map();
    moduleScope = { id: 0, parent: undefined };
    topLevel = new Map();
    /** Other files' module scopes (calls into them, explore/modules.ts). */
    fileScopes = new Map();
    truncated = false;
    constructor(sf, solver, limits) {
        this.sf = sf;
        this.solver = solver;
        this.limits = limits;
        for (const [k, v] of topLevelOf(sf))
            this.topLevel.set(k, v);
    }
    /** The module scope and top-level declarations of the file a node is in. */
    fileOf(node) {
        const sf = node.getSourceFile();
        if (!sf || sf === this.sf)
            return { scope: this.moduleScope, topLevel: this.topLevel };
        let scope = this.fileScopes.get(sf);
        if (!scope) {
            scope = { id: this.fresh(), parent: undefined };
            this.fileScopes.set(sf, scope);
        }
        return { scope, topLevel: loadModuleFile(sf.fileName)?.topLevel ?? new Map() };
    }
    note(what, node) {
        const sf = node?.getSourceFile() ?? this.sf;
        const line = node ? sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 : undefined;
        const where = sf === this.sf ? `line ${line}` : `${external_node_path_default().basename(sf.fileName)}:${line}`;
        this.unsupported.add(line ? `${what} (${where})` : what);
    }
    fresh() {
        return this.nextId++;
    }
    mkVar(name, sort) {
        const v = variable(name, sort);
        this.vars.set(name, v);
        return v;
    }
    async feasible(pc) {
        if (Date.now() > this.limits.deadline || this.checks >= this.limits.maxChecks)
            throw new Stop();
        this.checks++;
        const r = await this.solver.check(pc);
        return r !== 'unsat';
    }
    /** Fork on a boolean term: yields the feasible sides, recording the condition text when given. */
    async *branch(st, cond, text) {
        const decided = (side) => text?.site === undefined ? st : { ...st, decisions: [...st.decisions, `${text.site}:${side}`] };
        if (cond.k === 'bool') {
            yield [decided(cond.v), cond.v];
            return;
        }
        // Already decided on this path (an operand of && / || forked first): no fork, no new words.
        const negated = (t) => t.k === 'op' && t.op === 'not' && t.args[0] === cond;
        if (st.pc.includes(cond)) {
            yield [decided(true), true];
            return;
        }
        if (st.pc.some(negated)) {
            yield [decided(false), false];
            return;
        }
        for (const side of [true, false]) {
            const c = side ? cond : not(cond);
            const pc = [...st.pc, c];
            if (await this.feasible(pc)) {
                const next = decided(side);
                yield [{ ...next, pc, conds: text ? [...st.conds, side ? text.pos : text.neg] : st.conds }, side];
            }
        }
    }
    /**
     * A value the models leave to search: opaque, on a path marked inexact, so that testgen solves it
     * after the exact paths and does not name a test after conditions its input may not meet.
     * `note` is the path's inexact note; `why` the value's (the same by default).
     */
    leftToSearch(st, note, why = note) {
        return [
            { ...st, inexact: [...st.inexact, note] },
            { t: 'opaque', why },
        ];
    }
    /** Fork on a value's truthiness; opaque conditions fork without a constraint (inexact). */
    async *branchValue(st, v, node) {
        const text = node ? { ...condText(node, node.getSourceFile()), site: siteOf(node) } : undefined;
        const term = this.truthy(st, v);
        if (term === undefined) {
            const why = v.t === 'opaque' ? v.why : `condition on ${v.t}`;
            this.note(`condition not modelled: ${why}`, node);
            for (const side of [true, false]) {
                yield [
                    {
                        ...st,
                        inexact: [...st.inexact, why],
                        conds: text ? [...st.conds, side ? text.pos : text.neg] : st.conds,
                        decisions: text ? [...st.decisions, `${text.site}:${side}`] : st.decisions,
                    },
                    side,
                ];
            }
            return;
        }
        yield* this.branch(st, term, text);
    }
    /** Add an assumption (no fork) if it is feasible. */
    async *assume(st, cond) {
        if (cond.k === 'bool') {
            if (cond.v)
                yield st;
            return;
        }
        const pc = [...st.pc, cond];
        if (await this.feasible(pc))
            yield { ...st, pc };
    }
    /** The alternatives of a union that the path allows, each with its tag fixed. */
    async *narrow(st, v) {
        if (v.t !== 'union') {
            yield [st, v];
            return;
        }
        for (let i = 0; i < v.alts.length; i++) {
            const alt = v.alts[i];
            for await (const s of this.assume(st, eq(v.tag, num(i))))
                yield* this.narrow(s, alt);
        }
    }
    obj(st, v) {
        return v.t === 'ref' ? st.heap.get(v.id) : undefined;
    }
    setHeap(st, id, o) {
        const heap = new Map(st.heap);
        heap.set(id, o);
        return { ...st, heap };
    }
    alloc(st, o) {
        const id = this.fresh();
        return [this.setHeap(st, id, o), { t: 'ref', id }];
    }
    mkArray(st, items) {
        return this.alloc(st, { kind: 'array', len: num(items.length), elems: items });
    }
    mkError(st, cls, message) {
        return this.alloc(st, {
            kind: 'object',
            props: new Map([
                ['message', message],
                ['name', { t: 'str', term: str(cls) }],
            ]),
            error: cls,
        });
    }
    throwError(st, cls, message) {
        const [s, e] = this.mkError(st, cls, { t: 'str', term: str(message) });
        return [s, { t: 'thrown', value: e }];
    }
    /** Fix a symbolic array length to each feasible constant (needed by push, callbacks, spread). */
    async *concreteArray(st, v) {
        const o = this.obj(st, v);
        if (o?.kind !== 'array' || v.t !== 'ref')
            return;
        if (o.len.k === 'num') {
            yield [st, o];
            return;
        }
        for (let k = 0; k <= o.elems.length; k++) {
            for await (const s of this.assume(st, eq(o.len, num(k)))) {
                const fixed = { kind: 'array', len: num(k), elems: o.elems.slice(0, k) };
                yield [this.setHeap(s, v.id, fixed), fixed];
            }
        }
    }
    newScope(parent) {
        return { id: this.fresh(), parent };
    }
    declare(st, scope, name, v) {
        const vars = new Map(st.vars);
        vars.set(`${scope.id}:${name}`, v);
        return { ...st, vars };
    }
    findVar(st, scope, name) {
        for (let s = scope; s; s = s.parent) {
            const key = `${s.id}:${name}`;
            if (st.vars.has(key))
                return key;
        }
        return undefined;
    }
    /** Each feasible integer value of an index below `bound`. */
    async *concreteIndex(st, i, bound) {
        if (i.k === 'num') {
            if (Number.isInteger(i.v) && i.v >= 0)
                yield [st, i.v];
            return;
        }
        for (let k = 0; k < bound; k++) {
            for await (const s of this.assume(st, eq(i, num(k))))
                yield [s, k];
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/type-tags.ts





const DIGITS = { r: 'loop', body: { r: 'range', lo: '0', hi: '9' }, min: 1, max: 15 };
/** Values and type tags: symbolic inputs from declared types, and the JS coercions and `typeof` over them. */
class TypeTags extends PathState {
    /** A symbolic value of a declared type plus the shape that rebuilds it from a model. */
    inputOf(name, type, heap, pc, depth = 0) {
        switch (type.kind) {
            case 'number': {
                const v = this.mkVar(name, 'num');
                return [
                    { t: 'num', term: v },
                    { s: 'num', v: name },
                ];
            }
            case 'string': {
                const v = this.mkVar(name, 'str');
                // Bounded strings: realistic inputs, and far easier for Z3's sequence solver.
                pc.push(cmp('le', strLen(v), num(MAX_STRING)));
                return [
                    { t: 'str', term: v },
                    { s: 'str', v: name },
                ];
            }
            case 'boolean': {
                const v = this.mkVar(name, 'bool');
                return [
                    { t: 'bool', term: v },
                    { s: 'bool', v: name },
                ];
            }
            case 'undefined':
                return [UNDEF, { s: 'const', value: undefined }];
            case 'function':
                // A callback returning undefined; search varies what it returns.
                return [
                    { t: 'native', name: 'input callback' },
                    { s: 'const', value: { [FN_KEY]: undefined } },
                ];
            case 'null':
                return [NULL, { s: 'const', value: null }];
            case 'literal': {
                const v = type.value;
                const value = typeof v === 'number'
                    ? { t: 'num', term: num(v) }
                    : typeof v === 'string'
                        ? { t: 'str', term: str(v) }
                        : { t: 'bool', term: bool(v) };
                return [value, { s: 'const', value: v }];
            }
            case 'unknown':
                return this.inputOf(name, { kind: 'union', options: UNKNOWN_OPTIONS }, heap, pc, depth);
            case 'union': {
                // Literal unions of one primitive become one variable constrained to the literals.
                const lits = type.options.filter((o) => o.kind === 'literal');
                const rest = type.options.filter((o) => o.kind !== 'literal');
                const allStrings = lits.length > 0 && lits.every((l) => typeof l.value === 'string');
                const allNumbers = lits.length > 0 && lits.every((l) => typeof l.value === 'number');
                const options = [...rest];
                const tag = this.mkVar(`${name}#type`, 'num');
                const values = [];
                const shapes = [];
                if ((allStrings || allNumbers) && lits.length > 1) {
                    const v = this.mkVar(name, allStrings ? 'str' : 'num');
                    const value = allStrings ? { t: 'str', term: v } : { t: 'num', term: v };
                    values.push(value);
                    shapes.push({ s: allStrings ? 'str' : 'num', v: name });
                    pc.push(or(...lits.map((l) => eq(v, typeof l.value === 'string' ? str(l.value) : num(l.value)))));
                }
                else {
                    options.unshift(...lits);
                }
                options.forEach((o, i) => {
                    const [v, s] = this.inputOf(`${name}|${i}`, o, heap, pc, depth + 1);
                    values.push(v);
                    shapes.push(s);
                });
                if (values.length === 1) {
                    this.vars.delete(`${name}#type`);
                    return [values[0], shapes[0]];
                }
                pc.push(cmp('le', num(0), tag), cmp('lt', tag, num(values.length)), isInt(tag));
                return [
                    { t: 'union', tag, alts: values },
                    { s: 'union', tag: `${name}#type`, alts: shapes },
                ];
            }
            case 'array': {
                const cap = depth > 1 ? 2 : this.limits.arrayCapacity;
                const len = this.mkVar(`${name}.length`, 'num');
                pc.push(cmp('le', num(0), len), cmp('le', len, num(cap)), isInt(len));
                const elems = [];
                const shapes = [];
                for (let i = 0; i < cap; i++) {
                    const [v, s] = this.inputOf(`${name}[${i}]`, type.element, heap, pc, depth + 1);
                    elems.push(v);
                    shapes.push(s);
                }
                const id = this.fresh();
                heap.set(id, { kind: 'array', len, elems });
                return [
                    { t: 'ref', id },
                    { s: 'array', len: `${name}.length`, elems: shapes },
                ];
            }
            case 'object': {
                const props = new Map();
                const shapes = [];
                for (const p of type.props) {
                    const pt = p.optional && !(p.type.kind === 'union' && p.type.options.some((o) => o.kind === 'undefined'))
                        ? { kind: 'union', options: [p.type, { kind: 'undefined' }] }
                        : p.type;
                    const [v, s] = depth > 3
                        ? [UNDEF, { s: 'const', value: undefined }]
                        : this.inputOf(`${name}.${p.name}`, pt, heap, pc, depth + 1);
                    props.set(p.name, v);
                    shapes.push({ name: p.name, shape: s, optional: p.optional });
                }
                const id = this.fresh();
                heap.set(id, { kind: 'object', props });
                return [
                    { t: 'ref', id },
                    { s: 'object', props: shapes },
                ];
            }
        }
    }
    truthy(st, v) {
        switch (v.t) {
            case 'num':
                return not(eq(v.term, num(0)));
            case 'str':
                return not(eq(v.term, str('')));
            case 'bool':
                return v.term;
            case 'undef':
            case 'null':
                return FALSE;
            case 'union': {
                const parts = [];
                for (let i = 0; i < v.alts.length; i++) {
                    const t = this.truthy(st, v.alts[i]);
                    if (t === undefined)
                        return undefined;
                    parts.push(and(eq(v.tag, num(i)), t));
                }
                return or(...parts);
            }
            case 'opaque':
                return undefined;
            case 'promise':
                return TRUE;
            default:
                return TRUE;
        }
    }
    typeOf(v) {
        switch (v.t) {
            case 'num':
                return str('number');
            case 'str':
                return str('string');
            case 'bool':
                return str('boolean');
            case 'undef':
                return str('undefined');
            case 'null':
                return str('object');
            case 'fn':
            case 'native':
            case 'class':
                return str('function');
            case 'union': {
                let out = this.typeOf(v.alts[v.alts.length - 1]);
                for (let i = v.alts.length - 2; i >= 0; i--)
                    out = ite(eq(v.tag, num(i)), this.typeOf(v.alts[i]), out);
                return out;
            }
            default:
                return str('object');
        }
    }
    /** Strict equality as a term (unions become disjunctions over their tags). */
    strictEq(a, b, loose = false) {
        if (a.t === 'union') {
            const parts = [];
            for (let i = 0; i < a.alts.length; i++) {
                const e = this.strictEq(a.alts[i], b, loose);
                if (e === undefined)
                    return undefined;
                parts.push(and(eq(a.tag, num(i)), e));
            }
            return or(...parts);
        }
        if (b.t === 'union')
            return this.strictEq(b, a, loose);
        if (a.t === 'opaque' || b.t === 'opaque')
            return undefined;
        const nullish = (x) => x.t === 'undef' || x.t === 'null';
        if (loose && nullish(a) && nullish(b))
            return TRUE;
        if (a.t !== b.t)
            return FALSE;
        switch (a.t) {
            case 'num':
            case 'str':
            case 'bool':
                return eq(a.term, b.term);
            case 'undef':
            case 'null':
                return TRUE;
            case 'ref':
                return bool(a.id === b.id);
            default:
                return bool(a === b);
        }
    }
    toNum(v) {
        if (v.t === 'num')
            return v.term;
        if (v.t === 'bool')
            return ite(v.term, num(1), num(0));
        if (v.t === 'null')
            return num(0);
        return undefined;
    }
    /**
     * A string as a number (`Number(s)`, `s >= 1`): a constant exactly, a digit string as the integer
     * it spells; other strings (signs, decimals, NaN) are left to search (inexact).
     */
    async *digitsToNum(st, s, why) {
        if (s.k === 'str') {
            yield [
                st,
                {
                    t: 'num',
                    term: num(why === 'parseInt'
                        ? Number.parseInt(s.v, 10)
                        : why === 'parseFloat'
                            ? Number.parseFloat(s.v)
                            : Number(s.v)),
                },
            ];
            return;
        }
        for await (const [s1, isDigits] of this.branch(st, inRe(s, DIGITS))) {
            if (isDigits)
                yield [s1, { t: 'num', term: strToInt(s) }];
            else
                yield this.leftToSearch(s1, `${why} of a non-digit string`);
        }
    }
    /** `isInt` conditions of the symbolic numbers toStr converted (exact for integers only). */
    strInts = [];
    /** The state with the conditions toStr needed since the last call (the others are dropped). */
    async *takeStrInts(st) {
        const conds = this.strInts;
        this.strInts = [];
        if (conds.length === 0)
            yield st;
        else
            yield* this.assume(st, and(...conds));
    }
    toStr(v) {
        switch (v.t) {
            case 'str':
                return v.term;
            case 'num':
                if (v.term.k !== 'num')
                    this.strInts.push(isInt(v.term));
                return v.term.k === 'num'
                    ? str(String(v.term.v))
                    : ite(cmp('le', num(0), v.term), intToStr(v.term), concat(str('-'), intToStr(unaryNum('neg', v.term))));
            case 'bool':
                return ite(v.term, str('true'), str('false'));
            case 'undef':
                return str('undefined');
            case 'null':
                return str('null');
            default:
                return undefined;
        }
    }
    /** The value without the alternatives of kind `kind` (after a check excluded them). */
    async *narrowNot(st, v, kind) {
        if (v.t !== 'union') {
            yield [st, v];
            return;
        }
        const keep = [];
        v.alts.forEach((a, i) => {
            if (a.t !== kind)
                keep.push(i);
        });
        if (keep.length === 1) {
            yield [st, v.alts[keep[0]]];
            return;
        }
        yield [st, v];
    }
    num(v) {
        return v ? this.toNum(v) : undefined;
    }
    /** `Number(s)` for strings of digits only (the explorer constrains the rest away). */
    strNumber(s) {
        if (s.k === 'str') {
            const n = Number(s.v);
            return Number.isFinite(n) ? num(n) : undefined;
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/bindings.ts






/** Identifiers, assignment targets, binding patterns and parameter defaults. */
class Bindings extends TypeTags {
    async *lookup(st, frame, name, node) {
        const key = this.findVar(st, frame.scope, name);
        if (key) {
            yield [st, st.vars.get(key)];
            return;
        }
        const file = this.fileOf(node);
        const decl = file.topLevel.get(name) ?? enclosingDeclaration(name, node);
        if (decl) {
            if (typescript_default().isFunctionDeclaration(decl)) {
                yield [st, { t: 'fn', node: decl, scope: file.scope, name }];
                return;
            }
            if (typescript_default().isClassDeclaration(decl)) {
                yield [st, { t: 'class', name, node: decl }];
                return;
            }
            if (typescript_default().isVariableDeclaration(decl) && decl.initializer) {
                // Module constants: evaluated where first read (they are almost always literals).
                const frame0 = { scope: file.scope, self: undefined };
                for await (const [s, v] of this.evalExpr(st, frame0, decl.initializer)) {
                    if (isThrown(v)) {
                        yield [s, v];
                        continue;
                    }
                    const vars = new Map(s.vars);
                    vars.set(`${file.scope.id}:${name}`, v);
                    yield [{ ...s, vars }, v];
                }
                return;
            }
            if (typescript_default().isEnumDeclaration(decl)) {
                const props = new Map();
                let next = 0;
                for (const m of decl.members) {
                    const key2 = m.name.getText();
                    if (m.initializer && typescript_default().isNumericLiteral(m.initializer))
                        next = Number(m.initializer.text);
                    if (m.initializer && typescript_default().isStringLiteral(m.initializer))
                        props.set(key2, { t: 'str', term: str(m.initializer.text) });
                    else
                        props.set(key2, { t: 'num', term: num(next++) });
                }
                const [s, v] = this.alloc(st, { kind: 'object', props });
                yield [s, v];
                return;
            }
        }
        const imported = importBinding(node.getSourceFile(), name);
        const target = imported && resolveProjectFile(node.getSourceFile().fileName, imported.spec);
        if (imported && target) {
            // `import { isInt } from './isInt.js'`: the other file's export, explored like the module's own.
            for await (const [s, m] of this.moduleValue(st, target, node)) {
                if (isThrown(m) || imported.imported === '*')
                    yield [s, m];
                else
                    yield* this.getProp(s, m, imported.imported, node);
            }
            return;
        }
        if (name === 'undefined')
            yield [st, UNDEF];
        else if (name === 'NaN' || name === 'Infinity')
            yield [st, { t: 'opaque', why: name }];
        else if ([
            'Math',
            'Number',
            'String',
            'Boolean',
            'Array',
            'Object',
            'JSON',
            'parseInt',
            'parseFloat',
            'isNaN',
            'isFinite',
        ].includes(name) ||
            ERROR_CLASSES.has(name) ||
            name === 'RegExp' ||
            name === 'Set' ||
            name === 'Map') {
            yield [st, { t: 'native', name }];
        }
        else {
            this.note(`unknown identifier ${name}`, node);
            yield [st, { t: 'opaque', why: name }];
        }
    }
    async *assign(st, frame, target, v) {
        const t = strip(target);
        if (typescript_default().isIdentifier(t)) {
            const key = this.findVar(st, frame.scope, t.text) ?? `0:${t.text}`;
            const vars = new Map(st.vars);
            vars.set(key, v);
            yield [{ ...st, vars }, v];
            return;
        }
        if (typescript_default().isPropertyAccessExpression(t) || typescript_default().isElementAccessExpression(t)) {
            for await (const [s1, base] of this.evalExpr(st, frame, t.expression)) {
                if (isThrown(base)) {
                    yield [s1, base];
                    continue;
                }
                const keys = typescript_default().isPropertyAccessExpression(t)
                    ? (async function* () {
                        yield [s1, { t: 'str', term: str(t.name.text) }];
                    })()
                    : this.evalExpr(s1, frame, t.argumentExpression);
                for await (const [s2, key] of keys) {
                    if (isThrown(key)) {
                        yield [s2, key];
                        continue;
                    }
                    for await (const [s3, b] of this.narrow(s2, base)) {
                        const o = this.obj(s3, b);
                        if (!o || b.t !== 'ref') {
                            this.note('assignment to a property of a non-object', target);
                            yield [s3, v];
                            continue;
                        }
                        if (o.kind === 'object' && key.t === 'str' && key.term.k === 'str') {
                            const props = new Map(o.props);
                            props.set(key.term.v, v);
                            yield [this.setHeap(s3, b.id, { ...o, props }), v];
                        }
                        else if (o.kind === 'array' && key.t === 'num') {
                            for await (const [s4, arr] of this.concreteArray(s3, b)) {
                                for await (const [s5, idx] of this.concreteIndex(s4, key.term, arr.elems.length + 1)) {
                                    const elems = arr.elems.slice();
                                    while (elems.length < idx)
                                        elems.push(UNDEF);
                                    elems[idx] = v;
                                    yield [this.setHeap(s5, b.id, { kind: 'array', len: num(elems.length), elems }), v];
                                }
                            }
                        }
                        else {
                            this.note('assignment with a computed key', target);
                            yield [s3, v];
                        }
                    }
                }
            }
            return;
        }
        if (typescript_default().isObjectLiteralExpression(t) || typescript_default().isArrayLiteralExpression(t)) {
            this.note('destructuring assignment', target);
            yield [st, v];
            return;
        }
        this.note(`assignment target ${(typescript_default()).SyntaxKind[t.kind]}`, target);
        yield [st, v];
    }
    async *bind(st, scope, name, v, frame) {
        if (typescript_default().isIdentifier(name)) {
            yield [this.declare(st, scope, name.text, v), v];
            return;
        }
        if (typescript_default().isObjectBindingPattern(name)) {
            let states = [[st, v]];
            for (const el of name.elements) {
                const next = [];
                const key = el.propertyName ? el.propertyName.getText() : el.name.getText();
                for (const [s, cur] of states) {
                    if (isThrown(cur)) {
                        next.push([s, cur]);
                        continue;
                    }
                    for await (const [s1, pv] of this.getProp(s, v, key, el)) {
                        if (isThrown(pv)) {
                            next.push([s1, pv]);
                            continue;
                        }
                        for await (const [s2, dv] of this.withDefault(s1, frame, pv, el.initializer)) {
                            if (isThrown(dv))
                                next.push([s2, dv]);
                            else
                                for await (const r of this.bind(s2, scope, el.name, dv, frame))
                                    next.push(r);
                        }
                    }
                }
                states = next;
            }
            yield* states;
            return;
        }
        // Array pattern
        let states = [[st, v]];
        let index = 0;
        for (const el of name.elements) {
            const i = index++;
            if (typescript_default().isOmittedExpression(el))
                continue;
            const next = [];
            for (const [s, cur] of states) {
                if (isThrown(cur)) {
                    next.push([s, cur]);
                    continue;
                }
                if (el.dotDotDotToken) {
                    for await (const [s1, arr] of this.concreteArray(s, v)) {
                        const [s2, rest] = this.mkArray(s1, arr.elems.slice(i));
                        for await (const r of this.bind(s2, scope, el.name, rest, frame))
                            next.push(r);
                    }
                    continue;
                }
                for await (const [s1, ev] of this.index(s, v, { t: 'num', term: num(i) }, el)) {
                    if (isThrown(ev)) {
                        next.push([s1, ev]);
                        continue;
                    }
                    for await (const [s2, dv] of this.withDefault(s1, frame, ev, el.initializer)) {
                        if (isThrown(dv))
                            next.push([s2, dv]);
                        else
                            for await (const r of this.bind(s2, scope, el.name, dv, frame))
                                next.push(r);
                    }
                }
            }
            states = next;
        }
        yield* states;
    }
    /** `x = init` defaults: forks on whether the value is undefined. */
    async *withDefault(st, frame, v, init) {
        if (!init) {
            yield [st, v];
            return;
        }
        const isUndef = this.strictEq(v, UNDEF) ?? FALSE;
        const owner = init.parent;
        const name = owner && 'name' in owner && owner.name ? srcText(owner.name) : 'value';
        const text = { pos: `${name} is undefined`, neg: `${name} is given`, site: siteOf(init) };
        for await (const [s, undef] of this.branch(st, isUndef, text)) {
            if (!undef) {
                yield* this.narrowNot(s, v, 'undef');
                continue;
            }
            yield* this.evalExpr(s, frame, init);
        }
    }
}
/**
 * A declaration in a function around `node` (the helpers and constants of a UMD or IIFE wrapper,
 * which are not top-level): looked up when the scopes the explorer built do not have the name.
 */
function enclosingDeclaration(name, node) {
    for (let n = node.parent; n; n = n.parent) {
        const body = typescript_default().isFunctionLike(n) ? n.body : undefined;
        if (!body || !typescript_default().isBlock(body))
            continue;
        for (const s of body.statements) {
            if (typescript_default().isFunctionDeclaration(s) && s.name?.text === name)
                return s;
            if (typescript_default().isClassDeclaration(s) && s.name?.text === name)
                return s;
            if (typescript_default().isVariableStatement(s))
                for (const d of s.declarationList.declarations)
                    if (typescript_default().isIdentifier(d.name) && d.name.text === name)
                        return d;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/testgen/explore/props.ts




/** Property reads and writes, indexing, class members. */
class Props extends Bindings {
    setProp(st, target, key, v) {
        const o = this.obj(st, target);
        if (o?.kind !== 'object' || target.t !== 'ref')
            return st;
        const props = new Map(o.props);
        props.set(key, v);
        return this.setHeap(st, target.id, { ...o, props });
    }
    methodOf(o, key, self) {
        if (o.kind !== 'object' || !o.cls)
            return undefined;
        const cls = o.cls.node;
        const m = cls.members.find((x) => typescript_default().isMethodDeclaration(x) && x.name.getText() === key);
        if (m && typescript_default().isMethodDeclaration(m))
            return { t: 'fn', node: m, scope: this.fileOf(cls).scope, self, name: key };
        const g = cls.members.find((x) => typescript_default().isGetAccessorDeclaration(x) && x.name.getText() === key);
        if (g)
            return { t: 'opaque', why: `getter ${key}` };
        return undefined;
    }
    async *getProp(st, base, key, node, optional = false) {
        for await (const [s, b] of this.narrow(st, base)) {
            switch (b.t) {
                case 'undef':
                case 'null':
                    if (optional)
                        yield [s, UNDEF];
                    // Reading a property of null/undefined throws a TypeError; such paths are not kept.
                    continue;
                case 'str':
                    if (key === 'length')
                        yield [s, { t: 'num', term: strLen(b.term) }];
                    else if (key === 'constructor')
                        yield [s, { t: 'native', name: 'String' }];
                    else
                        yield [s, { t: 'native', name: `str.${key}`, self: b }];
                    continue;
                case 'num':
                case 'bool':
                    // `x.constructor.name` (validator's assertString): the primitive's wrapper class.
                    if (key === 'constructor')
                        yield [s, { t: 'native', name: b.t === 'num' ? 'Number' : 'Boolean' }];
                    else
                        yield [s, { t: 'native', name: `${b.t}.${key}`, self: b }];
                    continue;
                case 'regex':
                    if (key === 'source')
                        yield [s, { t: 'str', term: str(b.source) }];
                    else
                        yield [s, { t: 'native', name: `regex.${key}`, self: b }];
                    continue;
                case 'native':
                    yield [s, this.staticMember(b.name, key)];
                    continue;
                case 'class': {
                    const cls = b.node;
                    const m = cls.members.find((x) => typescript_default().isMethodDeclaration(x) &&
                        x.name.getText() === key &&
                        typescript_default().getModifiers(x)?.some((y) => y.kind === (typescript_default()).SyntaxKind.StaticKeyword));
                    if (m)
                        yield [s, { t: 'fn', node: m, scope: this.fileOf(cls).scope, self: b, name: key }];
                    else {
                        const p = cls.members.find((x) => typescript_default().isPropertyDeclaration(x) && x.name.getText() === key);
                        if (p && typescript_default().isPropertyDeclaration(p) && p.initializer)
                            yield* this.evalExpr(s, { scope: this.fileOf(cls).scope, self: b }, p.initializer);
                        else
                            yield [s, { t: 'opaque', why: `static ${b.name}.${key}` }];
                    }
                    continue;
                }
                case 'ref': {
                    const o = s.heap.get(b.id);
                    if (!o) {
                        yield [s, UNDEF];
                        continue;
                    }
                    if (o.kind === 'array') {
                        if (key === 'length')
                            yield [s, { t: 'num', term: o.len }];
                        else if (/^\d+$/.test(key))
                            yield* this.index(s, b, { t: 'num', term: num(Number(key)) }, node);
                        else
                            yield [s, { t: 'native', name: `arr.${key}`, self: b }];
                        continue;
                    }
                    if (o.kind === 'set' || o.kind === 'map') {
                        if (key === 'size')
                            yield [s, { t: 'num', term: num(o.entries.length) }];
                        else
                            yield [s, { t: 'native', name: `${o.kind}.${key}`, self: b }];
                        continue;
                    }
                    const own = o.props.get(key);
                    if (own !== undefined) {
                        yield [s, own];
                        continue;
                    }
                    const m = this.methodOf(o, key, b);
                    if (m) {
                        yield [s, m];
                        continue;
                    }
                    if (o.error && key === 'stack') {
                        yield [s, { t: 'opaque', why: 'error stack' }];
                        continue;
                    }
                    if (key === 'hasOwnProperty') {
                        yield [s, { t: 'native', name: 'obj.hasOwnProperty', self: b }];
                        continue;
                    }
                    yield [s, UNDEF];
                    continue;
                }
                case 'fn': {
                    // Set on the function (Babel: `module.exports.default = exports.default`), else a builtin.
                    // `__esModule` on a CommonJS export that is a function: never set, so Babel's interop
                    // helper wraps it (`{ default: fn }`).
                    const own = b.props?.get(key) ?? (key === '__esModule' ? UNDEF : undefined);
                    yield [s, own ?? { t: 'native', name: `fn.${key}`, self: b }];
                    continue;
                }
                default:
                    yield [s, { t: 'opaque', why: `property ${key} of ${b.t}` }];
            }
        }
    }
    staticMember(ns, key) {
        if (ns === 'Number') {
            if (key === 'MAX_SAFE_INTEGER')
                return { t: 'num', term: num(Number.MAX_SAFE_INTEGER) };
            if (key === 'MIN_SAFE_INTEGER')
                return { t: 'num', term: num(Number.MIN_SAFE_INTEGER) };
            if (key === 'EPSILON')
                return { t: 'num', term: num(Number.EPSILON) };
        }
        if (ns === 'Math' && key === 'PI')
            return { t: 'num', term: num(Math.PI) };
        if (key === 'name' && !ns.includes('.'))
            return { t: 'str', term: str(ns) };
        return { t: 'native', name: `${ns}.${key}` };
    }
    async *index(st, base, key, node) {
        for await (const [s, b] of this.narrow(st, base)) {
            if (key.t === 'str' && key.term.k === 'str') {
                yield* this.getProp(s, b, key.term.v, node);
                continue;
            }
            const o = this.obj(s, b);
            if (o?.kind === 'array' && key.t === 'num') {
                const i = key.term;
                const cap = o.elems.length;
                if (i.k === 'num') {
                    if (!Number.isInteger(i.v) || i.v < 0 || i.v >= cap) {
                        yield [s, UNDEF];
                        continue;
                    }
                    for await (const [s1, inside] of this.branch(s, cmp('lt', i, o.len)))
                        yield [s1, inside ? o.elems[i.v] : UNDEF];
                    continue;
                }
                for (let k = 0; k < cap; k++) {
                    for await (const s1 of this.assume(s, and(eq(i, num(k)), cmp('lt', i, o.len))))
                        yield [s1, o.elems[k]];
                }
                for await (const s1 of this.assume(s, or(cmp('le', o.len, i), cmp('lt', i, num(0)), not(isInt(i)))))
                    yield [s1, UNDEF];
                continue;
            }
            if (b.t === 'str' && key.t === 'num') {
                for await (const [s1, inside] of this.branch(s, and(cmp('le', num(0), key.term), cmp('lt', key.term, strLen(b.term)), isInt(key.term)))) {
                    yield [s1, inside ? { t: 'str', term: charAt(b.term, key.term) } : UNDEF];
                }
                continue;
            }
            if (o?.kind === 'object' && key.t === 'str') {
                // Computed key over a known set of properties.
                for (const [name, v] of o.props) {
                    for await (const s1 of this.assume(s, eq(key.term, str(name))))
                        yield [s1, v];
                }
                for await (const s1 of this.assume(s, and(...[...o.props.keys()].map((n) => not(eq(key.term, str(n)))))))
                    yield [s1, UNDEF];
                continue;
            }
            this.note('computed property access', node);
            yield [s, { t: 'opaque', why: 'computed property' }];
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/calls.ts








/** Calls into functions and classes of the module (inlined up to the call depth), and `new`. */
class Calls extends Props {
    async *callFn(st, fn, args, top = false) {
        if (fn.t !== 'fn') {
            yield [st, { t: 'opaque', why: 'call of a non-function' }];
            return;
        }
        if (!top && st.depth >= this.limits.callDepth) {
            this.note(`call depth limit at ${fn.name}`);
            yield [st, { t: 'opaque', why: `recursion into ${fn.name}` }];
            return;
        }
        const node = fn.node;
        const scope = this.newScope(fn.scope);
        const frame = { scope, self: typescript_default().isArrowFunction(node) ? this.selfOf(st, fn) : fn.self };
        let states = [[{ ...st, depth: st.depth + 1 }, UNDEF]];
        if (argumentsUse(node).uses) {
            // `arguments`: the rest array the driver made for a variadic export, else the arguments given.
            const given = top && node.parameters.length === 0 && args.length === 1 && args[0]?.t === 'ref'
                ? args[0]
                : undefined;
            const [s0, arr] = given
                ? [states[0]?.[0], given]
                : this.mkArray(states[0]?.[0], args);
            states = [[this.declare(s0, scope, 'arguments', arr), UNDEF]];
        }
        const params = node.parameters;
        for (let i = 0; i < params.length; i++) {
            const p = params[i];
            const next = [];
            for (const [s] of states) {
                let arg = args[i] ?? UNDEF;
                let s0 = s;
                if (p.dotDotDotToken) {
                    if (top && args[i])
                        arg = args[i];
                    else
                        [s0, arg] = this.mkArray(s, args.slice(i));
                }
                for await (const [s1, dv] of this.withDefault(s0, frame, arg, p.initializer)) {
                    if (isThrown(dv)) {
                        next.push([s1, dv]);
                        continue;
                    }
                    for await (const r of this.bind(s1, scope, p.name, dv, frame))
                        next.push(r);
                }
            }
            states = next;
        }
        const isAsync = (typescript_default().canHaveModifiers(node) &&
            typescript_default().getModifiers(node)?.some((m) => m.kind === (typescript_default()).SyntaxKind.AsyncKeyword)) ??
            false;
        const wrap = (s, v) => {
            const out = [{ ...s, depth: st.depth }, v];
            if (!isAsync || top)
                return out;
            return [
                out[0],
                isThrown(v)
                    ? { t: 'promise', settled: v.value, rejected: true }
                    : { t: 'promise', settled: v, rejected: false },
            ];
        };
        for (const [s, v] of states) {
            if (isThrown(v)) {
                yield wrap(s, v);
                continue;
            }
            const body = node.body;
            if (!body) {
                yield wrap(s, { t: 'opaque', why: 'function without body' });
                continue;
            }
            if (!typescript_default().isBlock(body)) {
                for await (const [s1, r] of this.evalExpr(s, frame, body))
                    yield wrap(s1, r);
                continue;
            }
            for await (const [s1, c] of this.execBlock(s, frame, body, scope)) {
                if (c.type === 'return')
                    yield wrap(s1, c.value);
                else if (c.type === 'throw')
                    yield wrap(s1, { t: 'thrown', value: c.value });
                else
                    yield wrap(s1, UNDEF);
            }
        }
    }
    selfOf(_st, fn) {
        return fn.self;
    }
    /** `new C(...)`: field initialisers and the constructor body, symbolically. */
    async *construct(st, cls, args, name) {
        if (cls.heritageClauses?.some((h) => h.token === (typescript_default()).SyntaxKind.ExtendsKeyword)) {
            const base = cls.heritageClauses
                .find((h) => h.token === (typescript_default()).SyntaxKind.ExtendsKeyword)
                ?.types[0]?.expression.getText();
            if (base && ERROR_CLASSES.has(base)) {
                const msg = args[0] ?? { t: 'str', term: str('') };
                const [s, e] = this.mkError(st, name, msg);
                yield [s, e];
                return;
            }
            this.note(`class ${name} extends another class`, cls);
        }
        const [s0, self] = this.alloc(st, { kind: 'object', props: new Map(), cls: { name, node: cls } });
        let states = [[s0, self]];
        const frame = { scope: this.newScope(this.fileOf(cls).scope), self };
        for (const m of cls.members) {
            if (!typescript_default().isPropertyDeclaration(m) ||
                typescript_default().getModifiers(m)?.some((x) => x.kind === (typescript_default()).SyntaxKind.StaticKeyword))
                continue;
            const key = m.name.getText();
            const next = [];
            for (const [s] of states) {
                if (!m.initializer) {
                    next.push([this.setProp(s, self, key, UNDEF), self]);
                    continue;
                }
                for await (const [s1, v] of this.evalExpr(s, frame, m.initializer)) {
                    next.push(isThrown(v) ? [s1, v] : [this.setProp(s1, self, key, v), self]);
                }
            }
            states = next;
        }
        const ctor = cls.members.find((typescript_default()).isConstructorDeclaration);
        for (const [s, v] of states) {
            if (isThrown(v) || !ctor?.body) {
                yield [s, v];
                continue;
            }
            const scope = this.newScope(this.fileOf(cls).scope);
            let bound = [[s, self]];
            ctor.parameters.forEach((p, i) => {
                bound = bound.map(([bs]) => {
                    let ns = typescript_default().isIdentifier(p.name) ? this.declare(bs, scope, p.name.text, args[i] ?? UNDEF) : bs;
                    // Parameter properties: `constructor(private readonly x: number)`.
                    if (typescript_default().isParameterPropertyDeclaration(p, ctor) && typescript_default().isIdentifier(p.name)) {
                        ns = this.setProp(ns, self, p.name.text, args[i] ?? UNDEF);
                    }
                    return [ns, self];
                });
            });
            for (const [bs] of bound) {
                for await (const [s1, c] of this.execBlock(bs, { scope, self }, ctor.body, scope)) {
                    if (c.type === 'throw')
                        yield [s1, { t: 'thrown', value: c.value }];
                    else
                        yield [s1, self];
                }
            }
        }
    }
    /** Files whose exports are being built on this stack: a require cycle stays opaque. */
    building = new Set();
    /**
     * A project file's exports, built by running its export statements (explore/modules.ts):
     * `exports.x = ...`, `module.exports = fn`, Babel's `module.exports.default = ...`, ES exports.
     */
    async *moduleValue(st, file, node) {
        const mod = loadModuleFile(file);
        if (!mod || this.building.has(file) || st.depth >= this.limits.callDepth) {
            this.note(`module ${external_node_path_default().basename(file)} not explored`, node);
            yield [st, { t: 'opaque', why: `module ${external_node_path_default().basename(file)}` }];
            return;
        }
        this.building.add(file);
        let result;
        try {
            const frame = { scope: this.fileOf(mod.sf).scope, self: undefined };
            // The exports so far: properties of a fresh object, or what `module.exports = v` put instead.
            let whole;
            const props = new Map();
            let esModule = false;
            let s = st;
            const exported = (name) => {
                if (!whole)
                    return name === '' ? undefined : props.get(name);
                if (name === '')
                    return whole;
                if (whole.t === 'fn')
                    return whole.props?.get(name);
                const o = this.obj(s, whole);
                return o?.kind === 'object' ? o.props.get(name) : undefined;
            };
            for (const step of exportSteps(mod.sf)) {
                if (step.kind === 'esModule') {
                    esModule = true;
                    continue;
                }
                let v;
                const read = step.kind === 'expr' ? exportsTarget(step.expr) : undefined;
                if (read !== undefined)
                    v = exported(read);
                else {
                    const evaluated = step.kind === 'local'
                        ? this.lookup(s, frame, step.local, step.at)
                        : this.evalExpr(s, frame, step.expr);
                    for await (const [s1, x] of evaluated) {
                        if (!isThrown(x)) {
                            s = s1;
                            v = x;
                        }
                        break;
                    }
                }
                if (!v)
                    continue;
                if (step.name === '')
                    whole = v;
                else if (whole?.t === 'fn')
                    whole = { ...whole, props: new Map(whole.props ?? []).set(step.name, v) };
                else if (whole)
                    s = this.setProp(s, whole, step.name, v);
                else
                    props.set(step.name, v);
            }
            if (!whole && esModule)
                props.set('__esModule', { t: 'bool', term: bool(true) });
            result = whole ? [s, whole] : this.alloc(s, { kind: 'object', props });
        }
        finally {
            // Before yielding: the caller may go on to import another export of the same file.
            this.building.delete(file);
        }
        yield result;
    }
    async *evalNew(st, frame, e) {
        for await (const [s, callee] of this.evalExpr(st, frame, e.expression)) {
            if (isThrown(callee)) {
                yield [s, callee];
                continue;
            }
            for await (const [s1, args] of this.evalAll(s, frame, e.arguments ?? [])) {
                if (!Array.isArray(args)) {
                    yield [s1, args];
                    continue;
                }
                if (callee.t === 'native' && ERROR_CLASSES.has(callee.name)) {
                    const msg = args[0] ? (this.toStr(args[0]) ?? str('')) : str('');
                    yield this.mkError(s1, callee.name, { t: 'str', term: msg });
                }
                else if (callee.t === 'native' && callee.name === 'RegExp') {
                    const [src, fl] = args;
                    if (src?.t === 'str' && src.term.k === 'str' && (!fl || (fl.t === 'str' && fl.term.k === 'str'))) {
                        yield [
                            s1,
                            {
                                t: 'regex',
                                source: src.term.v,
                                flags: fl && fl.t === 'str' && fl.term.k === 'str' ? fl.term.v : '',
                            },
                        ];
                    }
                    else
                        yield [s1, { t: 'opaque', why: 'dynamic RegExp' }];
                }
                else if (callee.t === 'native' && (callee.name === 'Set' || callee.name === 'Map')) {
                    const init = args[0];
                    const entries = [];
                    if (init) {
                        const arrs = [];
                        for await (const r of this.concreteArray(s1, init))
                            arrs.push(r);
                        for (const [s2, arr] of arrs) {
                            const es = [];
                            for (const el of arr.elems) {
                                if (callee.name === 'Set')
                                    es.push([el, el]);
                                else {
                                    const pair = this.obj(s2, el);
                                    if (pair?.kind === 'array' && pair.elems.length === 2)
                                        es.push([pair.elems[0], pair.elems[1]]);
                                }
                            }
                            yield this.alloc(s2, { kind: callee.name === 'Set' ? 'set' : 'map', entries: es });
                        }
                        continue;
                    }
                    yield this.alloc(s1, { kind: callee.name === 'Set' ? 'set' : 'map', entries });
                }
                else if (callee.t === 'class') {
                    yield* this.construct(s1, callee.node, args, callee.name);
                }
                else {
                    this.note(`new ${e.expression.getText()}`, e);
                    yield [s1, { t: 'opaque', why: 'new' }];
                }
            }
        }
    }
    async *evalCall(st, frame, e) {
        const spec = e.arguments[0];
        if (typescript_default().isIdentifier(e.expression) &&
            e.expression.text === 'require' &&
            e.arguments.length === 1 &&
            spec &&
            typescript_default().isStringLiteral(spec) &&
            !this.findVar(st, frame.scope, 'require')) {
            // `require('./util/assertString')`: a file of the project, explored like the module itself.
            const target = resolveProjectFile(e.getSourceFile().fileName, spec.text);
            if (target) {
                yield* this.moduleValue(st, target, e);
                return;
            }
        }
        for await (const [s, callee] of this.evalExpr(st, frame, e.expression)) {
            if (isThrown(callee)) {
                yield [s, callee];
                continue;
            }
            for await (const [s1, args] of this.evalAll(s, frame, e.arguments)) {
                if (!Array.isArray(args)) {
                    yield [s1, args];
                    continue;
                }
                if ((callee.t === 'undef' || callee.t === 'null') && e.questionDotToken) {
                    yield [s1, UNDEF];
                    continue;
                }
                if (callee.t === 'fn') {
                    yield* this.callFn(s1, callee, args);
                }
                else if (callee.t === 'native') {
                    yield* this.callNative(s1, frame, callee, args, e);
                }
                else {
                    this.note(`call of ${e.expression.getText()}`, e);
                    yield [s1, { t: 'opaque', why: `call ${e.expression.getText()}` }];
                }
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/builtins.ts




/**
 * Strings JSON.stringify quotes without escaping anything: printable ASCII but `"` and `\\`. Built
 * per call, not held in a module constant: the builtins' mutation test (test/builtins-server.ts)
 * loads this module once, and a constant's mutants would never be live in a row.
 */
function plainJsonString() {
    return {
        r: 'loop',
        body: {
            r: 'union',
            parts: [
                { r: 'range', lo: ' ', hi: '!' },
                { r: 'range', lo: '#', hi: '[' },
                { r: 'range', lo: ']', hi: '~' },
            ],
        },
        min: 0,
        max: undefined,
    };
}
/** `Object.prototype.x` (also `{}.x`, bound to a variable) -> `obj.x`; likewise strings and arrays. */
function protoMethod(name) {
    const m = /^(?:(Object|String|Array)\.prototype|(obj|str|arr))\.(\w+)$/.exec(name);
    if (!m)
        return undefined;
    const kind = m[2] ?? { Object: 'obj', String: 'str', Array: 'arr' }[m[1]];
    return `${kind}.${m[3]}`;
}
/** Models of global builtins: `Math`, `Number`, `String`, `JSON`, errors, `Set`/`Map`, regexes. */
class Builtins extends Calls {
    /** `Object.keys`/`values`/`entries` of the given keys. */
    listOf(st, name, props, keys) {
        let s = st;
        const items = [];
        for (const k of keys) {
            const v = props.get(k);
            if (name === 'Object.keys')
                items.push({ t: 'str', term: str(k) });
            else if (name === 'Object.values')
                items.push(v);
            else {
                const [s2, pair] = this.mkArray(s, [{ t: 'str', term: str(k) }, v]);
                s = s2;
                items.push(pair);
            }
        }
        return this.mkArray(s, items);
    }
    async *callNative(st, frame, f, args, node) {
        const name = f.name;
        const self = f.self;
        const a0 = args[0];
        const numRes = (t) => t === undefined ? { t: 'opaque', why: name } : { t: 'num', term: t };
        const boolRes = (t) => t === undefined ? { t: 'opaque', why: name } : { t: 'bool', term: t };
        const strArg = (v) => (v?.t === 'str' ? v.term : undefined);
        // Arguments that are unions (optional strings, ...) are narrowed first.
        for (let i = 0; i < args.length; i++) {
            if (args[i].t === 'union' &&
                !name.startsWith('arr.') &&
                name !== 'Array.isArray' &&
                !name.startsWith('set.') &&
                !name.startsWith('map.')) {
                for await (const [s, nv] of this.narrow(st, args[i])) {
                    const copy = args.slice();
                    copy[i] = nv;
                    yield* this.callNative(s, frame, f, copy, node);
                }
                return;
            }
        }
        // `Object.prototype.hasOwnProperty.call(o, k)`, `hasOwn.call(o, k)`, `String.prototype.x.call(s)`.
        const viaCall = name.endsWith('.call')
            ? protoMethod(name.slice(0, -5))
            : name === 'Object.hasOwn'
                ? 'obj.hasOwnProperty'
                : undefined;
        if (viaCall && a0) {
            for await (const [s, self1] of this.narrow(st, a0))
                yield* this.callNative(s, frame, { t: 'native', name: viaCall, self: self1 }, args.slice(1), node);
            return;
        }
        switch (name) {
            case 'Math.floor':
            case 'Math.ceil':
            case 'Math.trunc':
            case 'Math.abs': {
                const n = this.num(a0);
                return yield [st, numRes(n && unaryNum(name.slice(5), n))];
            }
            case 'Math.round': {
                const n = this.num(a0);
                return yield [st, numRes(n && unaryNum('floor', arith('add', n, num(0.5))))];
            }
            case 'Math.sign': {
                const n = this.num(a0);
                return yield [
                    st,
                    numRes(n &&
                        ite(cmp('lt', num(0), n), num(1), ite(cmp('lt', n, num(0)), num(-1), num(0)))),
                ];
            }
            case 'Math.min':
            case 'Math.max': {
                const ns = args.map((a) => this.toNum(a));
                if (ns.length === 0 || ns.some((n) => n === undefined))
                    return yield [st, { t: 'opaque', why: name }];
                let out = ns[0];
                for (const n of ns.slice(1))
                    out = minmax(name === 'Math.min' ? 'min' : 'max', out, n);
                return yield [st, { t: 'num', term: out }];
            }
            case 'Math.random':
                return yield [st, { t: 'opaque', why: 'Math.random' }];
            case 'Number.isInteger':
            case 'Number.isSafeInteger': {
                if (a0?.t !== 'num')
                    return yield [st, { t: 'bool', term: FALSE }];
                // A safe integer is at most 2^53 - 1 either way (9007199254740992 is an integer, not safe).
                const safe = name === 'Number.isSafeInteger'
                    ? [cmp('le', num(-(2 ** 53 - 1)), a0.term), cmp('le', a0.term, num(2 ** 53 - 1))]
                    : [];
                return yield [st, boolRes(and(isInt(a0.term), ...safe))];
            }
            case 'Number.isFinite':
            case 'Number.isNaN':
                // No coercion: only numbers (never NaN or infinite here) are finite.
                return yield [st, { t: 'bool', term: bool((a0?.t === 'num') === (name === 'Number.isFinite')) }];
            case 'isFinite':
            case 'isNaN': {
                if (a0?.t === 'num')
                    return yield [st, { t: 'bool', term: bool(name === 'isFinite') }];
                if (a0?.t !== 'str')
                    break;
                // Coerced with Number(): blank and digit strings are finite; other strings are left to search.
                const numeric = {
                    r: 'union',
                    parts: [
                        { r: 'loop', body: { r: 'range', lo: '0', hi: '9' }, min: 1, max: 15 },
                        { r: 'lit', s: '' },
                    ],
                };
                for await (const [s, isNumeric] of this.branch(st, inRe(a0.term, numeric))) {
                    if (isNumeric)
                        yield [s, { t: 'bool', term: bool(name === 'isFinite') }];
                    else
                        yield this.leftToSearch(s, `${name} of a non-digit string`);
                }
                return;
            }
            case 'Number':
            case 'parseInt':
            case 'parseFloat': {
                // parseInt in base 10 only (a radix of 16 once read '20' as 20): others are left to search.
                const radix = args[1];
                if (name === 'parseInt' &&
                    radix &&
                    !(radix.t === 'num' && radix.term.k === 'num' && radix.term.v === 10))
                    break;
                if (a0?.t === 'num' && name === 'parseInt') {
                    // parseInt reads the number as a string: an integer under 1e21 reads as itself; a fraction
                    // or an exponent form ('5e-7' reads 5) is left to search.
                    const plain = and(isInt(a0.term), cmp('lt', num(-1e21), a0.term), cmp('lt', a0.term, num(1e21)));
                    for await (const [s, isPlain] of this.branch(st, plain)) {
                        if (isPlain)
                            yield [s, a0];
                        else
                            yield this.leftToSearch(s, 'parseInt of a fraction or a large number');
                    }
                    return;
                }
                if (a0?.t === 'num')
                    return yield [st, a0];
                if (a0?.t === 'str') {
                    yield* this.digitsToNum(st, a0.term, name);
                    return;
                }
                break;
            }
            case 'JSON.stringify': {
                // Primitives, without a replacer or indentation. A string of printable ASCII without `"` or
                // `\` is quoted as it is (others are escaped: left to search); numbers (integers, as String
                // models them), booleans and null read as String gives them; undefined stays undefined.
                if (!a0 || args.length > 1)
                    break;
                if (a0.t === 'undef')
                    return yield [st, UNDEF];
                if (a0.t === 'num' && a0.term.k === 'num')
                    return yield [st, { t: 'str', term: str(JSON.stringify(a0.term.v)) }];
                if (a0.t === 'str') {
                    for await (const [s, plain] of this.branch(st, inRe(a0.term, plainJsonString()))) {
                        if (plain)
                            yield [s, { t: 'str', term: concat(concat(str('"'), a0.term), str('"')) }];
                        else
                            yield this.leftToSearch(s, 'JSON.stringify of a string with characters JSON escapes', 'JSON.stringify of an escaped string');
                    }
                    return;
                }
                if (a0.t !== 'num' && a0.t !== 'bool' && a0.t !== 'null')
                    break;
                this.strInts = [];
                const t = this.toStr(a0);
                if (!t)
                    break;
                for await (const s2 of this.takeStrInts(st))
                    yield [s2, { t: 'str', term: t }];
                return;
            }
            case 'String':
                if (a0) {
                    this.strInts = [];
                    const t = this.toStr(a0);
                    if (t) {
                        for await (const s2 of this.takeStrInts(st))
                            yield [s2, { t: 'str', term: t }];
                        return;
                    }
                }
                break;
            case 'Boolean': {
                const t = a0 ? this.truthy(st, a0) : FALSE;
                return yield [st, boolRes(t)];
            }
            case 'Array.isArray': {
                for await (const [s, v] of this.narrow(st, a0 ?? UNDEF))
                    yield [s, { t: 'bool', term: bool(this.obj(s, v)?.kind === 'array') }];
                return;
            }
            case 'Object.keys':
            case 'Object.values':
            case 'Object.entries': {
                const o = a0 && this.obj(st, a0);
                if (o?.kind === 'object') {
                    // An optional input property (a union with undefined) is absent when undefined.
                    let states = [[st, []]];
                    for (const [k, v] of o.props) {
                        const next = [];
                        for (const [s0, ks] of states) {
                            const absent = v.t === 'union' ? this.strictEq(v, UNDEF) : FALSE;
                            for await (const [s1, isAbsent] of this.branch(s0, absent ?? FALSE))
                                next.push([s1, isAbsent ? ks : [...ks, k]]);
                        }
                        states = next;
                    }
                    for (const [s0, keys] of states)
                        yield this.listOf(s0, name, o.props, keys);
                    return;
                }
                break;
            }
            case 'obj.hasOwnProperty': {
                const o = self && this.obj(st, self);
                if (o?.kind === 'object' && a0?.t === 'str' && a0.term.k === 'str') {
                    const pv = o.props.get(a0.term.v);
                    return yield [
                        st,
                        { t: 'bool', term: pv === undefined ? FALSE : not(this.strictEq(pv, UNDEF) ?? FALSE) },
                    ];
                }
                break;
            }
            default:
                break;
        }
        if (name.startsWith('str.') && self?.t === 'str') {
            yield* this.stringMethod(st, name.slice(4), self.term, args, node, strArg);
            return;
        }
        if (name.startsWith('arr.') && self) {
            yield* this.arrayMethod(st, name.slice(4), self, args, node);
            return;
        }
        if ((name.startsWith('set.') || name.startsWith('map.')) && self) {
            const o = this.obj(st, self);
            const method = name.slice(4);
            if (o && (o.kind === 'set' || o.kind === 'map') && (method === 'has' || method === 'get') && a0) {
                const hits = o.entries.map(([k]) => this.strictEq(k, a0) ?? FALSE);
                if (method === 'has')
                    return yield [st, { t: 'bool', term: or(...hits) }];
                for (let i = 0; i < o.entries.length; i++) {
                    for await (const s of this.assume(st, and(hits[i], ...hits.slice(0, i).map((h) => not(h)))))
                        yield [s, o.entries[i][1]];
                }
                for await (const s of this.assume(st, and(...hits.map((h) => not(h)))))
                    yield [s, UNDEF];
                return;
            }
        }
        // A global or sticky regex tests from its lastIndex and moves it (`r.test(s)` twice on 'a0' gives
        // true, then false): left to search.
        if (name === 'regex.test' && self?.t === 'regex' && a0 && !/[gy]/.test(self.flags)) {
            this.strInts = [];
            const s = this.toStr(a0);
            if (s === undefined)
                return yield [st, { t: 'opaque', why: 'regex test of an object' }];
            try {
                const term = inRe(s, regexForTest(self.source, self.flags));
                for await (const s2 of this.takeStrInts(st))
                    yield [s2, { t: 'bool', term }];
                return;
            }
            catch (e) {
                if (!(e instanceof UnsupportedRegex))
                    throw e;
                this.note(`regex /${self.source}/: ${e.message}`, node);
                return yield [st, { t: 'opaque', why: `regex ${e.message}` }];
            }
        }
        if (name === 'num.toString' && self?.t === 'num' && args.length === 0) {
            this.strInts = [];
            const t = this.toStr(self);
            if (t) {
                for await (const s2 of this.takeStrInts(st))
                    yield [s2, { t: 'str', term: t }];
                return;
            }
        }
        this.note(`call ${name.replace(/^(str|arr|num|bool|regex|set|map|fn)\./, '$1.')}`, node);
        yield [st, { t: 'opaque', why: name }];
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/builtins-string.ts



/** Pieces a symbolic `split` is solved for; strings with more separators are left to search. */
const MAX_SPLIT_PARTS = 4;
/** The characters JS's `trim` removes: ASCII blanks, Unicode spaces, line separators and the BOM. */
function jsBlank() {
    return {
        r: 'union',
        parts: [
            { r: 'range', lo: '\t', hi: '\r' },
            { r: 'lit', s: ' ' },
            { r: 'lit', s: '\u00a0' },
            { r: 'lit', s: '\u1680' },
            { r: 'range', lo: '\u2000', hi: '\u200a' },
            { r: 'range', lo: '\u2028', hi: '\u2029' },
            { r: 'lit', s: '\u202f' },
            { r: 'lit', s: '\u205f' },
            { r: 'lit', s: '\u3000' },
            { r: 'lit', s: '\ufeff' },
        ],
    };
}
/**
 * The strings a case or trim method returns as they are. A case method: ASCII without the letters it
 * changes (`'É'.toLowerCase()` and `'ß'.toUpperCase()` change too: other scripts are left to search).
 * A trim method: no blank at either end. Built per call (see `plainJsonString` in builtins.ts).
 */
function unchangedBy(m) {
    const anything = { r: 'loop', body: { r: 'any' }, min: 0, max: undefined };
    if (m.includes('Lower') || m.includes('Upper')) {
        const [lo, hi] = m.includes('Lower') ? ['A', 'Z'] : ['a', 'z'];
        const keeps = {
            r: 'inter',
            parts: [
                { r: 'range', lo: '\u0000', hi: '\u007f' },
                { r: 'complement', body: { r: 'range', lo: lo, hi: hi } },
            ],
        };
        return { r: 'loop', body: keeps, min: 0, max: undefined };
    }
    const blank = jsBlank();
    return {
        r: 'complement',
        body: {
            r: 'union',
            parts: [
                { r: 'concat', parts: [blank, anything] },
                { r: 'concat', parts: [anything, blank] },
            ],
        },
    };
}
/** Models of `String.prototype` methods. */
class StringModels extends Builtins {
    splits = 0;
    /**
     * `s.split(sep)` with a constant separator: one path per number of pieces, each piece a fresh
     * string in which `sep` first occurs at its end (so overlapping separators split as JS does).
     */
    async *split(st, s, sep) {
        const id = this.splits++;
        const parts = [];
        let rest = s;
        for (let k = 0; k < MAX_SPLIT_PARTS; k++) {
            const p = this.mkVar(`split${id}.${k}`, 'str');
            parts.push(p);
            const clean = eq(indexOf(concat(p, sep), sep), strLen(p));
            // Last piece: the rest has no separator.
            for await (const s1 of this.assume(st, and(eq(rest, p), not(strPred('contains', p, sep)))))
                yield this.mkArray(s1, parts.map((term) => ({ t: 'str', term })));
            const tail = this.mkVar(`split${id}.rest${k}`, 'str');
            const more = and(eq(rest, concat(concat(p, sep), tail)), clean);
            if (!(await this.feasible([...st.pc, more])))
                return;
            st = { ...st, pc: [...st.pc, more] };
            rest = tail;
        }
        yield this.leftToSearch(st, `split into more than ${MAX_SPLIT_PARTS} pieces`, 'split into many pieces');
    }
    async *stringMethod(st, m, s, args, node, strArg) {
        const [a0, a1] = args;
        // Positions and counts as JS reads them: truncated toward zero, NaN as 0 (`s.slice(1.5)` is
        // `s.slice(1)`; a fraction once reached Z3's substring as it was and took one character less).
        const int = (t) => t === undefined ? undefined : t.k === 'num' && Number.isNaN(t.v) ? num(0) : unaryNum('trunc', t);
        const n0 = int(a0 && this.toNum(a0));
        const len = strLen(s);
        switch (m) {
            case 'startsWith':
            case 'endsWith':
            case 'includes': {
                const sub = strArg(a0);
                if (sub === undefined || a1)
                    break;
                return yield [
                    st,
                    {
                        t: 'bool',
                        term: strPred(m === 'startsWith' ? 'prefixof' : m === 'endsWith' ? 'suffixof' : 'contains', s, sub),
                    },
                ];
            }
            case 'indexOf': {
                const sub = strArg(a0);
                if (sub === undefined)
                    break;
                const from = a1 ? int(this.toNum(a1)) : undefined;
                return yield [st, { t: 'num', term: indexOf(s, sub, from) }];
            }
            case 'lastIndexOf': {
                const sub = strArg(a0);
                if (sub === undefined || a1)
                    break;
                return yield [st, { t: 'num', term: lastIndexOf(s, sub) }];
            }
            case 'charAt':
            case 'at': {
                const i = n0 ?? num(0);
                if (m === 'at') {
                    // A negative index counts from the end.
                    const at = ite(cmp('lt', i, num(0)), arith('add', len, i), i);
                    for await (const [s1, inside] of this.branch(st, and(cmp('le', num(0), at), cmp('lt', at, len))))
                        yield [s1, inside ? { t: 'str', term: charAt(s, at) } : UNDEF];
                    return;
                }
                return yield [st, { t: 'str', term: charAt(s, i) }];
            }
            case 'charCodeAt':
            case 'codePointAt': {
                const i = n0 ?? num(0);
                const code = charCode(charAt(s, i));
                // codePointAt at a high surrogate reads the pair (left to search); charCodeAt the unit.
                const unit = m === 'codePointAt'
                    ? not(and(cmp('le', num(0xd800), code), cmp('le', code, num(0xdbff))))
                    : TRUE;
                for await (const s1 of this.assume(st, and(cmp('le', num(0), i), cmp('lt', i, len), unit)))
                    yield [s1, { t: 'num', term: code }];
                return;
            }
            case 'toLowerCase':
            case 'toUpperCase':
            case 'toLocaleLowerCase':
            case 'toLocaleUpperCase':
            case 'trim':
            case 'trimStart':
            case 'trimEnd': {
                // Modelled as the identity on strings it does not change: the other inputs are left to search.
                const unchanged = unchangedBy(m);
                for await (const s1 of this.assume(st, inRe(s, unchanged)))
                    yield [s1, { t: 'str', term: s }];
                return;
            }
            case 'slice':
            case 'substring':
            case 'substr': {
                const start = n0 ?? num(0);
                const endArg = a1 ? int(this.toNum(a1)) : undefined;
                if (start.k !== 'num' || (a1 && endArg === undefined))
                    break;
                // A constant start (slice and substr count a negative one from the end); a constant or
                // absent end.
                let from = start.v < 0 && m !== 'substring'
                    ? minmax('max', arith('add', len, start), num(0))
                    : minmax('min', num(Math.max(0, start.v)), len);
                let count;
                if (!endArg)
                    count = arith('sub', len, from);
                else if (m === 'substr')
                    count = endArg;
                else if (m === 'substring') {
                    // Both ends clamped to [0, length], swapped when the start is past the end.
                    const to = minmax('min', minmax('max', endArg, num(0)), len);
                    const lo = minmax('min', from, to);
                    count = arith('sub', minmax('max', from, to), lo);
                    from = lo;
                }
                else {
                    // slice counts a negative end from the end, a symbolic one too (`s.slice(1, n)` at n = -1
                    // once read '' for '0000', where JS gives '00').
                    const end = ite(cmp('lt', endArg, num(0)), arith('add', len, endArg), endArg);
                    count = minmax('max', arith('sub', minmax('min', end, len), from), num(0));
                }
                if (from.k === 'op' && from.op === 'min' && start.v === 0)
                    from = num(0);
                return yield [st, { t: 'str', term: substr(s, from, count) }];
            }
            case 'concat': {
                let out = s;
                this.strInts = [];
                for (const a of args) {
                    const t = this.toStr(a);
                    if (t === undefined)
                        return yield [st, { t: 'opaque', why: 'concat' }];
                    out = concat(out, t);
                }
                for await (const s2 of this.takeStrInts(st))
                    yield [s2, { t: 'str', term: out }];
                return;
            }
            case 'repeat': {
                // A constant count (truncated, as above) of 0 to 20 copies. A negative count throws and a
                // larger one is long: both are left to search (20 copies once stood for any larger count,
                // and 2.5 gave 3).
                const n = n0?.k === 'num' ? n0.v : Number.NaN;
                if (!(n >= 0 && n <= 20))
                    break;
                let out = str('');
                for (let i = 0; i < n; i++)
                    out = concat(out, s);
                return yield [st, { t: 'str', term: out }];
            }
            case 'toString':
            case 'valueOf':
                return yield [st, { t: 'str', term: s }];
            case 'replace': {
                // String patterns only (a regex's leftmost-greedy match is not Z3's), and a string
                // replacement without `$` patterns.
                const p = a0?.t === 'str' ? a0.term : undefined;
                const r = a1?.t === 'str' ? a1.term : undefined;
                if (p === undefined || r === undefined || args.length > 2)
                    break;
                if (r.k === 'str' && r.v.includes('$'))
                    break;
                if (r.k === 'str')
                    return yield [st, { t: 'str', term: replace(s, p, r) }];
                for await (const s1 of this.assume(st, not(strPred('contains', r, str('$')))))
                    yield [s1, { t: 'str', term: replace(s, p, r) }];
                return;
            }
            case 'split': {
                const sep = strArg(a0);
                // A constant string and separator split as JS splits them, with a constant limit if one is
                // given (the limit was once ignored: 'a,b,c'.split(',', 2)[2] read 'c').
                const limit = a1 === undefined ? undefined : a1.t === 'num' && a1.term.k === 'num' ? a1.term.v : null;
                if (s.k === 'str' && sep?.k === 'str' && limit !== null) {
                    return yield this.mkArray(st, s.v.split(sep.v, limit).map((p) => ({ t: 'str', term: str(p) })));
                }
                if (sep?.k === 'str' && sep.v !== '' && !a1) {
                    yield* this.split(st, s, sep);
                    return;
                }
                break;
            }
            default:
                break;
        }
        this.note(`call string.${m}`, node);
        yield [st, { t: 'opaque', why: `string.${m}` }];
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/builtins-array.ts



/** Models of `Array.prototype` methods with callbacks. */
class ArrayModels extends StringModels {
    async *arrayMethod(st, m, self, args, node) {
        const a0 = args[0];
        const o = this.obj(st, self);
        if (o?.kind !== 'array' || self.t !== 'ref') {
            yield [st, { t: 'opaque', why: `array.${m}` }];
            return;
        }
        // Without a start index (one was once ignored: [2, 0, 0].includes(2, 1) read true).
        if ((m === 'includes' || m === 'indexOf') && a0 && args.length === 1) {
            const hits = [];
            for (let i = 0; i < o.elems.length; i++) {
                const eqt = this.strictEq(o.elems[i], a0);
                if (eqt === undefined) {
                    yield [st, { t: 'opaque', why: `array.${m}` }];
                    return;
                }
                hits.push(and(cmp('lt', num(i), o.len), eqt));
            }
            if (m === 'includes')
                return yield [st, { t: 'bool', term: or(...hits) }];
            let out = num(-1);
            for (let i = hits.length - 1; i >= 0; i--)
                out = ite(hits[i], num(i), out);
            return yield [st, { t: 'num', term: out }];
        }
        for await (const [s, arr] of this.concreteArray(st, self)) {
            const items = arr.elems;
            switch (m) {
                case 'push': {
                    const elems = [...items, ...args];
                    yield [
                        this.setHeap(s, self.id, { kind: 'array', len: num(elems.length), elems }),
                        { t: 'num', term: num(elems.length) },
                    ];
                    continue;
                }
                case 'pop':
                case 'shift': {
                    const elems = m === 'pop' ? items.slice(0, -1) : items.slice(1);
                    const v = (m === 'pop' ? items[items.length - 1] : items[0]) ?? UNDEF;
                    yield [this.setHeap(s, self.id, { kind: 'array', len: num(elems.length), elems }), v];
                    continue;
                }
                case 'unshift': {
                    const elems = [...args, ...items];
                    yield [
                        this.setHeap(s, self.id, { kind: 'array', len: num(elems.length), elems }),
                        { t: 'num', term: num(elems.length) },
                    ];
                    continue;
                }
                case 'slice': {
                    const from = a0 ? this.toNum(a0) : num(0);
                    const to = args[1] ? this.toNum(args[1]) : num(items.length);
                    if (from?.k === 'num' && to?.k === 'num') {
                        yield this.mkArray(s, items.slice(from.v, to.v));
                        continue;
                    }
                    break;
                }
                case 'concat': {
                    let all = items.slice();
                    let ok = true;
                    for (const a of args) {
                        const other = this.obj(s, a);
                        if (other?.kind === 'array' && other.len.k === 'num')
                            all = all.concat(other.elems);
                        else if (other)
                            ok = false;
                        else
                            all.push(a);
                    }
                    if (ok) {
                        yield this.mkArray(s, all);
                        continue;
                    }
                    break;
                }
                case 'reverse': {
                    const elems = items.slice().reverse();
                    const s1 = this.setHeap(s, self.id, { kind: 'array', len: num(elems.length), elems });
                    yield [s1, self];
                    continue;
                }
                case 'join': {
                    const sep = a0 ? (a0.t === 'str' ? a0.term : undefined) : str(',');
                    this.strInts = [];
                    const parts = items.map((x) => (x.t === 'undef' || x.t === 'null' ? str('') : this.toStr(x)));
                    if (sep && parts.every((p) => p !== undefined)) {
                        let out = str('');
                        parts.forEach((p, i) => {
                            out = i === 0 ? p : concat(concat(out, sep), p);
                        });
                        for await (const s2 of this.takeStrInts(s))
                            yield [s2, { t: 'str', term: out }];
                        continue;
                    }
                    break;
                }
                case 'forEach':
                case 'map':
                case 'filter':
                case 'some':
                case 'every':
                case 'find':
                case 'findIndex':
                case 'reduce': {
                    if (a0?.t !== 'fn')
                        break;
                    yield* this.iterate(s, m, a0, items, args[1], args.length > 1);
                    continue;
                }
                default:
                    break;
            }
            this.note(`call array.${m}`, node);
            yield [s, { t: 'opaque', why: `array.${m}` }];
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/expressions.ts





/** Expressions: literals, member access, conditionals, templates, object and array literals. */
class Expressions extends ArrayModels {
    async *evalAll(st, frame, nodes) {
        if (nodes.length === 0) {
            yield [st, []];
            return;
        }
        const [first, ...rest] = nodes;
        const spread = first && typescript_default().isSpreadElement(first);
        for await (const [s1, v] of this.evalExpr(st, frame, spread ? first.expression : first)) {
            if (isThrown(v)) {
                yield [s1, v];
                continue;
            }
            const heads = [];
            if (spread) {
                for await (const [s2, arr] of this.concreteArray(s1, v))
                    heads.push([s2, arr.elems]);
                if (heads.length === 0)
                    heads.push([s1, [{ t: 'opaque', why: 'spread of a non-array' }]]);
            }
            else
                heads.push([s1, [v]]);
            for (const [s2, head] of heads) {
                for await (const [s3, tail] of this.evalAll(s2, frame, rest)) {
                    if (!Array.isArray(tail))
                        yield [s3, tail];
                    else
                        yield [s3, [...head, ...tail]];
                }
            }
        }
    }
    async *evalExpr(st, frame, node) {
        const e = node;
        if (typescript_default().isParenthesizedExpression(e) ||
            typescript_default().isAsExpression(e) ||
            typescript_default().isNonNullExpression(e) ||
            typescript_default().isTypeAssertionExpression(e) ||
            typescript_default().isSatisfiesExpression(e)) {
            yield* this.evalExpr(st, frame, e.expression);
            return;
        }
        if (typescript_default().isNumericLiteral(e))
            return yield [st, { t: 'num', term: num(Number(e.text)) }];
        if (typescript_default().isStringLiteral(e) || typescript_default().isNoSubstitutionTemplateLiteral(e))
            return yield [st, { t: 'str', term: str(e.text) }];
        if (e.kind === (typescript_default()).SyntaxKind.TrueKeyword)
            return yield [st, { t: 'bool', term: TRUE }];
        if (e.kind === (typescript_default()).SyntaxKind.FalseKeyword)
            return yield [st, { t: 'bool', term: FALSE }];
        if (e.kind === (typescript_default()).SyntaxKind.NullKeyword)
            return yield [st, NULL];
        if (e.kind === (typescript_default()).SyntaxKind.ThisKeyword)
            return yield [st, frame.self ?? UNDEF];
        if (typescript_default().isRegularExpressionLiteral(e)) {
            const text = e.text;
            const slash = text.lastIndexOf('/');
            return yield [st, { t: 'regex', source: text.slice(1, slash), flags: text.slice(slash + 1) }];
        }
        if (typescript_default().isIdentifier(e))
            return yield* this.lookup(st, frame, e.text, e);
        if (typescript_default().isTemplateExpression(e)) {
            for await (const [s, vs] of this.evalAll(st, frame, e.templateSpans.map((x) => x.expression))) {
                if (!Array.isArray(vs)) {
                    yield [s, vs];
                    continue;
                }
                let out = str(e.head.text);
                let ok = true;
                this.strInts = [];
                e.templateSpans.forEach((span, i) => {
                    const part = this.toStr(vs[i]);
                    if (part === undefined)
                        ok = false;
                    else
                        out = concat(concat(out, part), str(span.literal.text));
                });
                const v = ok ? { t: 'str', term: out } : { t: 'opaque', why: 'template with an object' };
                for await (const s2 of this.takeStrInts(s))
                    yield [s2, v];
            }
            return;
        }
        if (typescript_default().isArrayLiteralExpression(e)) {
            for await (const [s, vs] of this.evalAll(st, frame, e.elements)) {
                if (!Array.isArray(vs))
                    yield [s, vs];
                else
                    yield this.mkArray(s, vs);
            }
            return;
        }
        if (typescript_default().isObjectLiteralExpression(e)) {
            yield* this.evalObject(st, frame, e);
            return;
        }
        if (typescript_default().isArrowFunction(e) || typescript_default().isFunctionExpression(e)) {
            return yield [
                st,
                {
                    t: 'fn',
                    node: e,
                    scope: frame.scope,
                    name: 'callback',
                    ...(frame.self ? { self: frame.self } : {}),
                },
            ];
        }
        if (typescript_default().isPrefixUnaryExpression(e)) {
            yield* this.evalPrefix(st, frame, e);
            return;
        }
        if (typescript_default().isPostfixUnaryExpression(e)) {
            for await (const [s, old] of this.evalExpr(st, frame, e.operand)) {
                if (isThrown(old)) {
                    yield [s, old];
                    continue;
                }
                const n = this.toNum(old);
                if (n === undefined) {
                    yield [s, { t: 'opaque', why: 'increment of a non-number' }];
                    continue;
                }
                const updated = {
                    t: 'num',
                    term: arith(e.operator === (typescript_default()).SyntaxKind.PlusPlusToken ? 'add' : 'sub', n, num(1)),
                };
                for await (const [s1] of this.assign(s, frame, e.operand, updated))
                    yield [s1, { t: 'num', term: n }];
            }
            return;
        }
        if (typescript_default().isBinaryExpression(e)) {
            yield* this.evalBinary(st, frame, e);
            return;
        }
        if (typescript_default().isConditionalExpression(e)) {
            for await (const [s, c] of this.evalExpr(st, frame, e.condition)) {
                if (isThrown(c)) {
                    yield [s, c];
                    continue;
                }
                for await (const [s1, side] of this.branchValue(s, c, e.condition))
                    yield* this.evalExpr(s1, frame, side ? e.whenTrue : e.whenFalse);
            }
            return;
        }
        if (typescript_default().isTypeOfExpression(e)) {
            for await (const [s, v] of this.evalExpr(st, frame, e.expression)) {
                yield [s, isThrown(v) ? v : { t: 'str', term: this.typeOf(v) }];
            }
            return;
        }
        if (typescript_default().isAwaitExpression(e)) {
            for await (const [s, v] of this.evalExpr(st, frame, e.expression)) {
                if (!isThrown(v) && v.t === 'promise')
                    yield [s, v.rejected ? { t: 'thrown', value: v.settled } : v.settled];
                else
                    yield [s, v];
            }
            return;
        }
        if (typescript_default().isPropertyAccessExpression(e)) {
            for await (const [s, base] of this.evalExpr(st, frame, e.expression)) {
                if (isThrown(base)) {
                    yield [s, base];
                    continue;
                }
                const optional = e.questionDotToken !== undefined || (e.flags & (typescript_default()).NodeFlags.OptionalChain) !== 0;
                yield* this.getProp(s, base, e.name.text, e, optional);
            }
            return;
        }
        if (typescript_default().isElementAccessExpression(e)) {
            for await (const [s, base] of this.evalExpr(st, frame, e.expression)) {
                if (isThrown(base)) {
                    yield [s, base];
                    continue;
                }
                for await (const [s1, key] of this.evalExpr(s, frame, e.argumentExpression)) {
                    if (isThrown(key))
                        yield [s1, key];
                    else
                        yield* this.index(s1, base, key, e);
                }
            }
            return;
        }
        if (typescript_default().isCallExpression(e)) {
            yield* this.evalCall(st, frame, e);
            return;
        }
        if (typescript_default().isNewExpression(e)) {
            yield* this.evalNew(st, frame, e);
            return;
        }
        if (typescript_default().isVoidExpression(e)) {
            for await (const [s] of this.evalExpr(st, frame, e.expression))
                yield [s, UNDEF];
            return;
        }
        this.note(`expression ${(typescript_default()).SyntaxKind[e.kind]}`, e);
        yield [st, { t: 'opaque', why: (typescript_default()).SyntaxKind[e.kind] }];
    }
    async *evalObject(st, frame, e) {
        let states = [[st, new Map()]];
        for (const p of e.properties) {
            const next = [];
            for (const [s, props] of states) {
                if (!(props instanceof Map)) {
                    next.push([s, props]);
                    continue;
                }
                if (typescript_default().isPropertyAssignment(p) || typescript_default().isShorthandPropertyAssignment(p)) {
                    const key = typescript_default().isComputedPropertyName(p.name)
                        ? undefined
                        : p.name.getText().replace(/^['"]|['"]$/g, '');
                    if (key === undefined) {
                        this.note('computed key in an object literal', p);
                        next.push([s, props]);
                        continue;
                    }
                    const valueExpr = typescript_default().isPropertyAssignment(p) ? p.initializer : p.name;
                    for await (const [s1, v] of this.evalExpr(s, frame, valueExpr)) {
                        if (isThrown(v))
                            next.push([s1, v]);
                        else
                            next.push([s1, new Map(props).set(key, v)]);
                    }
                }
                else if (typescript_default().isSpreadAssignment(p)) {
                    for await (const [s1, v] of this.evalExpr(s, frame, p.expression)) {
                        if (isThrown(v)) {
                            next.push([s1, v]);
                            continue;
                        }
                        const o = this.obj(s1, v);
                        const merged = new Map(props);
                        if (o?.kind === 'object')
                            for (const [k, pv] of o.props)
                                merged.set(k, pv);
                        else if (v.t !== 'undef' && v.t !== 'null')
                            this.note('spread of a non-object', p);
                        next.push([s1, merged]);
                    }
                }
                else if (typescript_default().isMethodDeclaration(p)) {
                    next.push([
                        s,
                        new Map(props).set(p.name.getText(), {
                            t: 'fn',
                            node: p,
                            scope: frame.scope,
                            name: p.name.getText(),
                        }),
                    ]);
                }
                else {
                    this.note('accessor in an object literal', p);
                    next.push([s, props]);
                }
            }
            states = next;
        }
        for (const [s, props] of states) {
            if (!(props instanceof Map))
                yield [s, props];
            else
                yield this.alloc(s, { kind: 'object', props });
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/operators.ts





/** Unary and binary operators, with JS coercions. */
class Operators extends Expressions {
    async *evalPrefix(st, frame, e) {
        const op = e.operator;
        if (op === (typescript_default()).SyntaxKind.PlusPlusToken || op === (typescript_default()).SyntaxKind.MinusMinusToken) {
            for await (const [s, old] of this.evalExpr(st, frame, e.operand)) {
                if (isThrown(old)) {
                    yield [s, old];
                    continue;
                }
                const n = this.toNum(old);
                const updated = n === undefined
                    ? { t: 'opaque', why: 'increment' }
                    : { t: 'num', term: arith(op === (typescript_default()).SyntaxKind.PlusPlusToken ? 'add' : 'sub', n, num(1)) };
                yield* this.assign(s, frame, e.operand, updated);
            }
            return;
        }
        for await (const [s, v] of this.evalExpr(st, frame, e.operand)) {
            if (isThrown(v)) {
                yield [s, v];
                continue;
            }
            if (op === (typescript_default()).SyntaxKind.ExclamationToken) {
                const t = this.truthy(s, v);
                yield [s, t === undefined ? { t: 'opaque', why: 'negation' } : { t: 'bool', term: not(t) }];
                continue;
            }
            for await (const [s1, nv] of this.narrow(s, v)) {
                const n = nv.t === 'str' ? this.strNumber(nv.term) : this.toNum(nv);
                if (n === undefined) {
                    yield [s1, { t: 'opaque', why: 'unary operator on a non-number' }];
                    continue;
                }
                if (op === (typescript_default()).SyntaxKind.MinusToken)
                    yield [s1, { t: 'num', term: unaryNum('neg', n) }];
                else if (op === (typescript_default()).SyntaxKind.PlusToken)
                    yield [s1, { t: 'num', term: n }];
                else {
                    this.note('bitwise operator', e);
                    yield [s1, { t: 'opaque', why: 'bitwise' }];
                }
            }
        }
    }
    async *evalBinary(st, frame, e) {
        const op = e.operatorToken.kind;
        const K = (typescript_default()).SyntaxKind;
        if (op === K.EqualsToken) {
            for await (const [s, v] of this.evalExpr(st, frame, e.right)) {
                if (isThrown(v))
                    yield [s, v];
                else
                    yield* this.assign(s, frame, e.left, v);
            }
            return;
        }
        const compound = {
            [K.PlusEqualsToken]: K.PlusToken,
            [K.MinusEqualsToken]: K.MinusToken,
            [K.AsteriskEqualsToken]: K.AsteriskToken,
            [K.SlashEqualsToken]: K.SlashToken,
            [K.PercentEqualsToken]: K.PercentToken,
        };
        const base = compound[op];
        if (base !== undefined) {
            for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
                if (isThrown(l)) {
                    yield [s, l];
                    continue;
                }
                for await (const [s1, r] of this.evalExpr(s, frame, e.right)) {
                    if (isThrown(r)) {
                        yield [s1, r];
                        continue;
                    }
                    for await (const [s2, v] of this.binop(s1, base, l, r, e)) {
                        if (isThrown(v))
                            yield [s2, v];
                        else
                            yield* this.assign(s2, frame, e.left, v);
                    }
                }
            }
            return;
        }
        if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
            for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
                if (isThrown(l)) {
                    yield [s, l];
                    continue;
                }
                if (op === K.QuestionQuestionToken) {
                    const nullish = or(this.strictEq(l, UNDEF) ?? FALSE, this.strictEq(l, NULL) ?? FALSE);
                    for await (const [s1, isNull] of this.branch(s, nullish, {
                        pos: `${srcText(strip(e.left))} == null`,
                        neg: `${srcText(strip(e.left))} != null`,
                        site: siteOf(e.left),
                    })) {
                        if (isNull)
                            yield* this.evalExpr(s1, frame, e.right);
                        else {
                            let v = l;
                            if (l.t === 'union') {
                                const keep = l.alts.filter((a) => a.t !== 'undef' && a.t !== 'null');
                                if (keep.length === 1)
                                    v = keep[0];
                            }
                            yield [s1, v];
                        }
                    }
                    continue;
                }
                for await (const [s1, truth] of this.branchValue(s, l, e.left)) {
                    const shortCircuit = op === K.AmpersandAmpersandToken ? !truth : truth;
                    if (shortCircuit) {
                        yield [s1, l];
                        continue;
                    }
                    // The right operand is a condition of its own (istanbul counts it): fork on it with its words.
                    for await (const [s2, r] of this.evalExpr(s1, frame, e.right)) {
                        if (isThrown(r) || r.t !== 'bool' || r.term.k === 'bool')
                            yield [s2, r];
                        else
                            for await (const [s3] of this.branchValue(s2, r, e.right))
                                yield [s3, r];
                    }
                }
            }
            return;
        }
        if (op === K.CommaToken) {
            for await (const [s] of this.evalExpr(st, frame, e.left))
                yield* this.evalExpr(s, frame, e.right);
            return;
        }
        for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
            if (isThrown(l)) {
                yield [s, l];
                continue;
            }
            for await (const [s1, r] of this.evalExpr(s, frame, e.right)) {
                if (isThrown(r))
                    yield [s1, r];
                else
                    yield* this.binop(s1, op, l, r, e);
            }
        }
    }
    async *binop(st, op, l, r, node) {
        const K = (typescript_default()).SyntaxKind;
        const boolOf = (t) => t === undefined ? { t: 'opaque', why: 'comparison' } : { t: 'bool', term: t };
        switch (op) {
            case K.EqualsEqualsEqualsToken:
                return yield [st, boolOf(this.strictEq(l, r))];
            case K.ExclamationEqualsEqualsToken: {
                const t = this.strictEq(l, r);
                return yield [st, boolOf(t && not(t))];
            }
            case K.EqualsEqualsToken:
                return yield [st, boolOf(this.strictEq(l, r, true))];
            case K.ExclamationEqualsToken: {
                const t = this.strictEq(l, r, true);
                return yield [st, boolOf(t && not(t))];
            }
            case K.InKeyword: {
                for await (const [s, o] of this.narrow(st, r)) {
                    const obj = this.obj(s, o);
                    if (obj?.kind === 'object' && l.t === 'str' && l.term.k === 'str') {
                        const pv = obj.props.get(l.term.v);
                        const present = pv === undefined
                            ? FALSE
                            : this.strictEq(pv, UNDEF)
                                ? not(this.strictEq(pv, UNDEF))
                                : TRUE;
                        yield [s, { t: 'bool', term: present }];
                    }
                    else
                        yield [s, { t: 'opaque', why: 'in operator' }];
                }
                return;
            }
            case K.InstanceOfKeyword: {
                for await (const [s, o] of this.narrow(st, l)) {
                    const obj = this.obj(s, o);
                    const name = r.t === 'class' ? r.name : r.t === 'native' ? r.name : '';
                    if (!obj)
                        yield [s, { t: 'bool', term: FALSE }];
                    else if (obj.kind === 'array')
                        yield [s, { t: 'bool', term: bool(name === 'Array' || name === 'Object') }];
                    else if (obj.kind === 'object')
                        yield [
                            s,
                            {
                                t: 'bool',
                                term: bool(obj.cls?.name === name ||
                                    obj.error === name ||
                                    (name === 'Error' && !!obj.error) ||
                                    name === 'Object'),
                            },
                        ];
                    else
                        yield [s, { t: 'opaque', why: 'instanceof' }];
                }
                return;
            }
            default:
                break;
        }
        const relational = [
            K.LessThanToken,
            K.LessThanEqualsToken,
            K.GreaterThanToken,
            K.GreaterThanEqualsToken,
        ].includes(op);
        const numLike = (v) => v.t === 'num' || v.t === 'bool' || v.t === 'null';
        for await (const [s, a] of this.narrow(st, l)) {
            for await (const [s1, b] of this.narrow(s, r)) {
                // `str >= options.min`: the string is converted to a number (digit strings exactly).
                const strSide = relational && a.t === 'str' && numLike(b)
                    ? a
                    : relational && b.t === 'str' && numLike(a)
                        ? b
                        : undefined;
                const pairs = [];
                if (strSide?.t === 'str')
                    for await (const [s2, n] of this.digitsToNum(s1, strSide.term, 'comparison'))
                        pairs.push(strSide === a ? [s2, n, b] : [s2, a, n]);
                else
                    pairs.push([s1, a, b]);
                for (const [s2, x, y] of pairs) {
                    this.strInts = [];
                    const v = this.binPrim(op, x, y, node);
                    for await (const s3 of this.takeStrInts(s2))
                        yield [s3, v];
                }
            }
        }
    }
    binPrim(op, a, b, node) {
        const K = (typescript_default()).SyntaxKind;
        if (op === K.PlusToken && (a.t === 'str' || b.t === 'str')) {
            const x = this.toStr(a);
            const y = this.toStr(b);
            if (x === undefined || y === undefined)
                return { t: 'opaque', why: 'concatenation with an object' };
            return { t: 'str', term: concat(x, y) };
        }
        if ([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken].includes(op)) {
            let x;
            let y;
            if (a.t === 'str' && b.t === 'str') {
                x = a.term;
                y = b.term;
            }
            else {
                x = this.toNum(a);
                y = this.toNum(b);
            }
            if (x === undefined || y === undefined)
                return { t: 'opaque', why: 'comparison of non-numbers' };
            const t = op === K.LessThanToken
                ? cmp('lt', x, y)
                : op === K.LessThanEqualsToken
                    ? cmp('le', x, y)
                    : op === K.GreaterThanToken
                        ? cmp('lt', y, x)
                        : cmp('le', y, x);
            return { t: 'bool', term: t };
        }
        const x = this.toNum(a);
        const y = this.toNum(b);
        if (x === undefined || y === undefined)
            return { t: 'opaque', why: 'arithmetic on non-numbers' };
        switch (op) {
            case K.PlusToken:
                return { t: 'num', term: arith('add', x, y) };
            case K.MinusToken:
                return { t: 'num', term: arith('sub', x, y) };
            case K.AsteriskToken:
                return { t: 'num', term: arith('mul', x, y) };
            case K.SlashToken:
                return { t: 'num', term: arith('div', x, y) };
            case K.PercentToken:
                return { t: 'num', term: arith('jsmod', x, y) };
            case K.AsteriskAsteriskToken:
                if (y.k === 'num' && y.v === 2)
                    return { t: 'num', term: arith('mul', x, x) };
                break;
            default:
                break;
        }
        this.note(`operator ${typescript_default().tokenToString(op) ?? (typescript_default()).SyntaxKind[op]}`, node);
        return { t: 'opaque', why: 'operator' };
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/statements.ts




/** Statements and control flow: blocks, declarations, `if`, `switch`, `try`, `throw`, `return`. */
class Statements extends Operators {
    hoist(st, scope, stmts) {
        let s = st;
        for (const x of stmts) {
            if (typescript_default().isFunctionDeclaration(x) && x.name)
                s = this.declare(s, scope, x.name.text, { t: 'fn', node: x, scope, name: x.name.text });
            if (typescript_default().isClassDeclaration(x) && x.name)
                s = this.declare(s, scope, x.name.text, { t: 'class', name: x.name.text, node: x });
        }
        return s;
    }
    async *execBlock(st, frame, block, scope) {
        const sc = scope ?? this.newScope(frame.scope);
        const inner = { scope: sc, self: frame.self };
        yield* this.execList(this.hoist(st, sc, block.statements), inner, block.statements, 0);
    }
    async *execList(st, frame, stmts, i) {
        if (i >= stmts.length) {
            yield [st, NORMAL];
            return;
        }
        for await (const [s, c] of this.exec(st, frame, stmts[i])) {
            if (c.type !== 'normal')
                yield [s, c];
            else
                yield* this.execList(s, frame, stmts, i + 1);
        }
    }
    async *exec(st, frame, node) {
        if (Date.now() > this.limits.deadline)
            throw new Stop();
        if (typescript_default().isBlock(node))
            return yield* this.execBlock(st, frame, node);
        if (typescript_default().isExpressionStatement(node)) {
            for await (const [s, v] of this.evalExpr(st, frame, node.expression))
                yield [s, isThrown(v) ? { type: 'throw', value: v.value } : NORMAL];
            return;
        }
        if (typescript_default().isVariableStatement(node)) {
            let states = [[st, NORMAL]];
            for (const d of node.declarationList.declarations) {
                const next = [];
                for (const [s, c] of states) {
                    if (c.type !== 'normal') {
                        next.push([s, c]);
                        continue;
                    }
                    if (!d.initializer) {
                        for await (const [s1] of this.bind(s, frame.scope, d.name, UNDEF, frame))
                            next.push([s1, NORMAL]);
                        continue;
                    }
                    for await (const [s1, v] of this.evalExpr(s, frame, d.initializer)) {
                        if (isThrown(v)) {
                            next.push([s1, { type: 'throw', value: v.value }]);
                            continue;
                        }
                        for await (const [s2, r] of this.bind(s1, frame.scope, d.name, v, frame))
                            next.push([s2, isThrown(r) ? { type: 'throw', value: r.value } : NORMAL]);
                    }
                }
                states = next;
            }
            yield* states;
            return;
        }
        if (typescript_default().isReturnStatement(node)) {
            if (!node.expression)
                return yield [st, { type: 'return', value: UNDEF }];
            for await (const [s, v] of this.evalExpr(st, frame, node.expression))
                yield [s, isThrown(v) ? { type: 'throw', value: v.value } : { type: 'return', value: v }];
            return;
        }
        if (typescript_default().isThrowStatement(node)) {
            for await (const [s, v] of this.evalExpr(st, frame, node.expression))
                yield [s, { type: 'throw', value: isThrown(v) ? v.value : v }];
            return;
        }
        if (typescript_default().isIfStatement(node)) {
            for await (const [s, c] of this.evalExpr(st, frame, node.expression)) {
                if (isThrown(c)) {
                    yield [s, { type: 'throw', value: c.value }];
                    continue;
                }
                for await (const [s1, side] of this.branchValue(s, c, node.expression)) {
                    if (side)
                        yield* this.exec(s1, frame, node.thenStatement);
                    else if (node.elseStatement)
                        yield* this.exec(s1, frame, node.elseStatement);
                    else
                        yield [s1, NORMAL];
                }
            }
            return;
        }
        if (typescript_default().isSwitchStatement(node)) {
            yield* this.execSwitch(st, frame, node);
            return;
        }
        if (typescript_default().isForStatement(node) ||
            typescript_default().isWhileStatement(node) ||
            typescript_default().isDoStatement(node) ||
            typescript_default().isForOfStatement(node) ||
            typescript_default().isForInStatement(node)) {
            for await (const [s, c] of this.execLoop(st, frame, node, undefined))
                yield [s, c];
            return;
        }
        if (typescript_default().isLabeledStatement(node)) {
            const label = node.label.text;
            const body = node.statement;
            const run = typescript_default().isIterationStatement(body, false)
                ? this.execLoop(st, frame, body, label)
                : this.exec(st, frame, body);
            for await (const [s, c] of run) {
                if (c.type === 'break' && c.label === label)
                    yield [s, NORMAL];
                else
                    yield [s, c];
            }
            return;
        }
        if (typescript_default().isBreakStatement(node))
            return yield [st, { type: 'break', label: node.label?.text }];
        if (typescript_default().isContinueStatement(node))
            return yield [st, { type: 'continue', label: node.label?.text }];
        if (typescript_default().isTryStatement(node)) {
            yield* this.execTry(st, frame, node);
            return;
        }
        if (typescript_default().isFunctionDeclaration(node) ||
            typescript_default().isClassDeclaration(node) ||
            typescript_default().isInterfaceDeclaration(node) ||
            typescript_default().isTypeAliasDeclaration(node) ||
            typescript_default().isEmptyStatement(node)) {
            return yield [st, NORMAL];
        }
        this.note(`statement ${(typescript_default()).SyntaxKind[node.kind]}`, node);
        yield [{ ...st, inexact: [...st.inexact, (typescript_default()).SyntaxKind[node.kind]] }, NORMAL];
    }
    async *execTry(st, frame, node) {
        const afterTry = [];
        for await (const [s, c] of this.execBlock(st, frame, node.tryBlock)) {
            if (c.type === 'throw' && node.catchClause) {
                const scope = this.newScope(frame.scope);
                let s1 = s;
                const decl = node.catchClause.variableDeclaration;
                if (decl && typescript_default().isIdentifier(decl.name))
                    s1 = this.declare(s1, scope, decl.name.text, c.value);
                for await (const r of this.execBlock(s1, { scope, self: frame.self }, node.catchClause.block, scope))
                    afterTry.push(r);
            }
            else
                afterTry.push([s, c]);
        }
        for (const [s, c] of afterTry) {
            if (!node.finallyBlock) {
                yield [s, c];
                continue;
            }
            for await (const [s1, fc] of this.execBlock(s, frame, node.finallyBlock))
                yield [s1, fc.type === 'normal' ? c : fc];
        }
    }
    async *execSwitch(st, frame, node) {
        const clauses = node.caseBlock.clauses;
        const scope = this.newScope(frame.scope);
        const inner = { scope, self: frame.self };
        const runFrom = async function* (s, start) {
            const stmts = clauses.slice(start).flatMap((c) => [...c.statements]);
            for await (const [s1, c] of this.execList(this.hoist(s, scope, stmts), inner, stmts, 0)) {
                if (c.type === 'break' && c.label === undefined)
                    yield [s1, NORMAL];
                else
                    yield [s1, c];
            }
        }.bind(this);
        for await (const [s0, disc] of this.evalExpr(st, frame, node.expression)) {
            if (isThrown(disc)) {
                yield [s0, { type: 'throw', value: disc.value }];
                continue;
            }
            const discText = srcText(node.expression);
            // Walk the cases in order; each step forks on "matches this case".
            const walk = async function* (s, i) {
                if (i >= clauses.length) {
                    const d = clauses.findIndex((c) => typescript_default().isDefaultClause(c));
                    if (d >= 0)
                        yield* runFrom(s, d);
                    else
                        yield [s, NORMAL];
                    return;
                }
                const clause = clauses[i];
                if (typescript_default().isDefaultClause(clause)) {
                    yield* walk(s, i + 1);
                    return;
                }
                for await (const [s1, cv] of this.evalExpr(s, frame, clause.expression)) {
                    if (isThrown(cv)) {
                        yield [s1, { type: 'throw', value: cv.value }];
                        continue;
                    }
                    const eqt = this.strictEq(disc, cv);
                    const caseText = srcText(clause.expression);
                    const text = {
                        pos: `${discText} === ${caseText}`,
                        neg: `${discText} !== ${caseText}`,
                        site: siteOf(clause),
                    };
                    if (eqt === undefined) {
                        this.note('switch on an opaque value', clause);
                        for await (const [s2, hit] of this.branchValue(s1, { t: 'opaque', why: 'switch' }, undefined)) {
                            if (hit)
                                yield* runFrom({ ...s2, conds: [...s2.conds, text.pos] }, i);
                            else
                                yield* walk(s2, i + 1);
                        }
                        continue;
                    }
                    for await (const [s2, hit] of this.branch(s1, eqt, text)) {
                        if (hit)
                            yield* runFrom(s2, i);
                        else
                            yield* walk(s2, i + 1);
                    }
                }
            }.bind(this);
            yield* walk(s0, 0);
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/explore/loops.ts





/** Loops (unrolled to the loop bound) and iteration over arrays, strings, sets and maps. */
class Loops extends Statements {
    /** Array methods with callbacks, over an array of known length. */
    async *iterate(st, m, fn, items, init, hasInit) {
        let accs = [];
        let start = 0;
        if (m === 'reduce') {
            if (hasInit)
                accs = [{ s: st, out: [], acc: init }];
            else if (items.length === 0) {
                yield this.throwError(st, 'TypeError', 'Reduce of empty array with no initial value');
                return;
            }
            else {
                accs = [{ s: st, out: [], acc: items[0] }];
                start = 1;
            }
        }
        else
            accs = [{ s: st, out: [], acc: UNDEF }];
        for (let i = start; i < items.length; i++) {
            const next = [];
            for (const a of accs) {
                if (a.done) {
                    next.push(a);
                    continue;
                }
                const el = items[i];
                const callArgs = m === 'reduce' ? [a.acc, el, { t: 'num', term: num(i) }] : [el, { t: 'num', term: num(i) }];
                for await (const [s1, r] of this.callFn(a.s, fn, callArgs)) {
                    if (isThrown(r)) {
                        next.push({ s: s1, out: a.out, acc: a.acc, done: r });
                        continue;
                    }
                    if (m === 'reduce') {
                        next.push({ s: s1, out: a.out, acc: r });
                        continue;
                    }
                    if (m === 'map') {
                        next.push({ s: s1, out: [...a.out, r], acc: a.acc });
                        continue;
                    }
                    if (m === 'forEach') {
                        next.push({ s: s1, out: a.out, acc: a.acc });
                        continue;
                    }
                    for await (const [s2, truth] of this.branchValue(s1, r, undefined)) {
                        if (m === 'filter')
                            next.push({ s: s2, out: truth ? [...a.out, el] : a.out, acc: a.acc });
                        else if (m === 'some')
                            next.push(truth
                                ? { s: s2, out: a.out, acc: a.acc, done: { t: 'bool', term: TRUE } }
                                : { s: s2, out: a.out, acc: a.acc });
                        else if (m === 'every')
                            next.push(!truth
                                ? { s: s2, out: a.out, acc: a.acc, done: { t: 'bool', term: FALSE } }
                                : { s: s2, out: a.out, acc: a.acc });
                        else if (m === 'find')
                            next.push(truth ? { s: s2, out: a.out, acc: a.acc, done: el } : { s: s2, out: a.out, acc: a.acc });
                        else
                            next.push(truth
                                ? { s: s2, out: a.out, acc: a.acc, done: { t: 'num', term: num(i) } }
                                : { s: s2, out: a.out, acc: a.acc });
                    }
                }
            }
            accs = next;
        }
        for (const a of accs) {
            if (a.done && a.done.t === 'thrown') {
                yield [a.s, a.done];
                continue;
            }
            if (a.done) {
                yield [a.s, a.done];
                continue;
            }
            switch (m) {
                case 'map':
                case 'filter':
                    yield this.mkArray(a.s, a.out);
                    break;
                case 'reduce':
                    yield [a.s, a.acc];
                    break;
                case 'some':
                    yield [a.s, { t: 'bool', term: FALSE }];
                    break;
                case 'every':
                    yield [a.s, { t: 'bool', term: TRUE }];
                    break;
                case 'findIndex':
                    yield [a.s, { t: 'num', term: num(-1) }];
                    break;
                default:
                    yield [a.s, UNDEF];
            }
        }
    }
    async *execLoop(st, frame, node, label) {
        const scope = this.newScope(frame.scope);
        const inner = { scope, self: frame.self };
        const bound = this.limits.loopBound;
        const continues = (c) => c.type === 'continue' && (c.label === undefined || c.label === label);
        const breaks = (c) => c.type === 'break' && (c.label === undefined || c.label === label);
        if (typescript_default().isForOfStatement(node) || typescript_default().isForInStatement(node)) {
            for await (const [s0, iterable] of this.evalExpr(st, frame, node.expression)) {
                if (isThrown(iterable)) {
                    yield [s0, { type: 'throw', value: iterable.value }];
                    continue;
                }
                for await (const [s1, it] of this.narrow(s0, iterable)) {
                    let items;
                    const o = this.obj(s1, it);
                    if (typescript_default().isForInStatement(node)) {
                        if (o?.kind === 'object') {
                            const keys = [...o.props.keys()].map((k) => ({ t: 'str', term: str(k) }));
                            items = { len: num(keys.length), elems: keys };
                        }
                    }
                    else if (o?.kind === 'array')
                        items = { len: o.len, elems: o.elems };
                    else if (o?.kind === 'set')
                        items = { len: num(o.entries.length), elems: o.entries.map(([k]) => k) };
                    else if (it.t === 'str') {
                        // Strings iterate by character: unrolled like an array of the string's characters.
                        const chars = [];
                        for (let k = 0; k < bound; k++)
                            chars.push({ t: 'str', term: charAt(it.term, num(k)) });
                        items = { len: strLen(it.term), elems: chars };
                    }
                    if (!items) {
                        this.note('loop over a value that is not an array', node);
                        yield [{ ...s1, inexact: [...s1.inexact, 'loop'] }, NORMAL];
                        continue;
                    }
                    const init = node.initializer;
                    const bindName = typescript_default().isVariableDeclarationList(init)
                        ? init.declarations[0]?.name
                        : undefined;
                    const itemsOf = items;
                    const step = async function* (s, k) {
                        const more = cmp('lt', num(k), itemsOf.len);
                        for await (const [s2, go] of this.branch(s, more)) {
                            if (!go) {
                                yield [s2, NORMAL];
                                continue;
                            }
                            if (k >= itemsOf.elems.length || k >= bound + 1) {
                                // Unrolled as far as we go: the longer paths are left unexplored.
                                continue;
                            }
                            const iterScope = this.newScope(scope);
                            let s3 = s2;
                            const el = itemsOf.elems[k];
                            const bodyFrame = { scope: iterScope, self: frame.self };
                            const bindings = [];
                            if (bindName)
                                for await (const r of this.bind(s3, iterScope, bindName, el, bodyFrame))
                                    bindings.push(r);
                            else {
                                for await (const [s4] of this.assign(s3, frame, init, el))
                                    bindings.push([s4, el]);
                            }
                            for (const [sb] of bindings) {
                                s3 = sb;
                                for await (const [s4, c] of this.exec(s3, bodyFrame, node.statement)) {
                                    if (breaks(c))
                                        yield [s4, NORMAL];
                                    else if (c.type === 'normal' || continues(c))
                                        yield* step(s4, k + 1);
                                    else
                                        yield [s4, c];
                                }
                            }
                        }
                    }.bind(this);
                    yield* step(s1, 0);
                }
            }
            return;
        }
        // for / while / do-while
        const initial = [];
        if (typescript_default().isForStatement(node) && node.initializer) {
            if (typescript_default().isVariableDeclarationList(node.initializer)) {
                let states = [[st, NORMAL]];
                for (const d of node.initializer.declarations) {
                    const next = [];
                    for (const [s] of states) {
                        if (!d.initializer) {
                            for await (const [s1] of this.bind(s, scope, d.name, UNDEF, inner))
                                next.push([s1, NORMAL]);
                            continue;
                        }
                        for await (const [s1, v] of this.evalExpr(s, inner, d.initializer)) {
                            if (isThrown(v))
                                next.push([s1, { type: 'throw', value: v.value }]);
                            else
                                for await (const [s2] of this.bind(s1, scope, d.name, v, inner))
                                    next.push([s2, NORMAL]);
                        }
                    }
                    states = next;
                }
                initial.push(...states);
            }
            else {
                for await (const [s, v] of this.evalExpr(st, inner, node.initializer))
                    initial.push([s, isThrown(v) ? { type: 'throw', value: v.value } : NORMAL]);
            }
        }
        else
            initial.push([st, NORMAL]);
        const cond = typescript_default().isForStatement(node)
            ? node.condition
            : node.expression;
        const incr = typescript_default().isForStatement(node) ? node.incrementor : undefined;
        const isDo = typescript_default().isDoStatement(node);
        const iterate = async function* (s, k, skipCheck) {
            const checked = [];
            if (skipCheck || !cond)
                checked.push(s);
            else {
                for await (const [s1, c] of this.evalExpr(s, inner, cond)) {
                    if (isThrown(c)) {
                        yield [s1, { type: 'throw', value: c.value }];
                        continue;
                    }
                    for await (const [s2, go] of this.branchValue(s1, c, cond)) {
                        if (go)
                            checked.push(s2);
                        else
                            yield [s2, NORMAL];
                    }
                }
            }
            for (const s1 of checked) {
                if (k >= bound)
                    continue;
                for await (const [s2, c] of this.exec(s1, inner, node.statement)) {
                    if (breaks(c)) {
                        yield [s2, NORMAL];
                        continue;
                    }
                    if (c.type !== 'normal' && !continues(c)) {
                        yield [s2, c];
                        continue;
                    }
                    if (incr) {
                        for await (const [s3, v] of this.evalExpr(s2, inner, incr)) {
                            if (isThrown(v))
                                yield [s3, { type: 'throw', value: v.value }];
                            else
                                yield* iterate(s3, k + 1, false);
                        }
                    }
                    else
                        yield* iterate(s2, k + 1, false);
                }
            }
        }.bind(this);
        for (const [s, c] of initial) {
            if (c.type !== 'normal')
                yield [s, c];
            else
                yield* iterate(s, 0, isDo);
        }
    }
}

;// CONCATENATED MODULE: ./src/testgen/watchdog.ts
/**
 * A wall-clock guard around one solver call. Z3's own `timeout` is checked inside the solver and
 * did not always fire (a check on a loaded CI runner ran past 60 s with a 5 s timeout). After
 * `softMs` the guard asks the solver to stop (`interrupt`); after `graceMs` more it gives up on
 * the call: the promise it returns rejects with `SolverStalled`, and the call left running must
 * never be touched again (its context is still busy on a worker thread).
 */
class SolverStalled extends Error {
    constructor(what) {
        super(typeof what === 'string'
            ? what
            : `the Z3 solver did not answer within ${Math.round(what / 1000)} s, even after an interrupt`);
        this.name = 'SolverStalled';
    }
}
function watch(call, softMs, graceMs, interrupt) {
    return new Promise((resolve, reject) => {
        let hard;
        const soft = setTimeout(() => {
            try {
                interrupt();
            }
            catch {
                // An interrupt that fails leaves the hard limit to decide.
            }
            hard = setTimeout(() => reject(new SolverStalled(softMs + graceMs)), graceMs);
        }, softMs);
        const done = () => {
            clearTimeout(soft);
            if (hard)
                clearTimeout(hard);
        };
        // Both handlers attached: a late rejection of an abandoned call never surfaces as unhandled.
        call.then((v) => {
            done();
            resolve(v);
        }, (e) => {
            done();
            reject(e);
        });
    });
}
/**
 * A crash of a Z3 worker thread (a wasm trap such as "memory access out of bounds", or an abort
 * when its 2 GiB heap is full) reaches the main thread as an uncaught exception, which would end
 * the whole run with Node's exit code 1, our code for "regression found". While Z3 is loaded this
 * listener takes such crashes: the solver is given up on (its pending call is ended by the
 * watchdog, later sessions are refused) and the run goes on with search. Any other uncaught
 * exception ends the process as an internal error, exit code 3.
 */
let crashed;
function z3Crash() {
    return crashed;
}
const isZ3Crash = (e) => (e instanceof Error && e.name === 'RuntimeError') ||
    /z3-built/.test(String(e?.stack ?? ''));
function onUncaught(e) {
    if (isZ3Crash(e)) {
        crashed ??= String(e.message ?? e).split('\n')[0];
        return;
    }
    process.stderr.write(`autoglm: internal error: ${e?.stack ?? String(e)}\n`);
    process.exit(3);
}
/** Take Z3 worker crashes while Z3 is loaded (true), or stop taking them (false). */
function takeZ3Crashes(on) {
    process.off('uncaughtException', onUncaught);
    if (on)
        process.on('uncaughtException', onUncaught);
}

;// CONCATENATED MODULE: ./src/testgen/explore.ts





function returned(v) {
    if (v.t === 'num' || v.t === 'str' || v.t === 'bool')
        return { returns: v.term };
    if (v.t === 'undef' || v.t === 'null')
        return { returns: v.t === 'undef' ? 'undefined' : 'null' };
    return {};
}
/**
 * Symbolic execution of one function over the TypeScript AST: a nondeterministic interpreter whose
 * states carry a path constraint; every branch forks on what the solver finds feasible.
 */
class Explorer extends Loops {
    async explore(fn) {
        const heap = new Map();
        const pc = [];
        const ctorValues = [];
        const ctorShapes = [];
        for (const p of fn.ctorParams ?? []) {
            const [v, s] = this.inputOf(`new.${p.name}`, p.type, heap, pc);
            ctorValues.push(v);
            ctorShapes.push(s);
        }
        const argValues = [];
        const argShapes = [];
        for (const p of fn.params) {
            const [v, s] = this.inputOf(p.name, p.rest ? { kind: 'array', element: p.type } : p.type, heap, pc);
            argValues.push(v);
            argShapes.push(s);
        }
        const paths = [];
        const start = { vars: new Map(), heap, pc, conds: [], inexact: [], decisions: [], depth: 0 };
        try {
            let self;
            const states = [];
            if (fn.kind === 'method' && fn.classNode) {
                for await (const [st, inst] of this.construct(start, fn.classNode, ctorValues, fn.className ?? 'C')) {
                    if (isThrown(inst))
                        continue;
                    states.push([st, inst]);
                }
            }
            else if (fn.kind === 'static' && fn.classNode) {
                states.push([start, { t: 'class', name: fn.className ?? 'C', node: fn.classNode }]);
            }
            else {
                states.push([start, undefined]);
            }
            for (const [st0, inst] of states) {
                self = inst;
                const closure = {
                    t: 'fn',
                    node: fn.node,
                    scope: this.moduleScope,
                    name: fn.name,
                    ...(self ? { self } : {}),
                };
                for await (const [st, result] of this.callFn(st0, closure, argValues, true)) {
                    paths.push({
                        pc: st.pc,
                        conds: st.conds,
                        decisions: st.decisions,
                        inexact: st.inexact,
                        throws: isThrown(result),
                        ...returned(result),
                    });
                    if (paths.length >= this.limits.maxPaths)
                        throw new Stop();
                }
            }
        }
        catch (e) {
            if (e instanceof SolverStalled)
                this.unsupported.add(`${e.message}; the paths found so far are kept`);
            else if (!(e instanceof Stop))
                throw e;
            this.truncated = true;
        }
        return {
            paths,
            ctorShapes,
            argShapes,
            vars: this.vars,
            unsupported: [...this.unsupported],
            truncated: this.truncated,
            checks: this.checks,
        };
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 23 modules
var XMLParser = __webpack_require__(41143);
;// CONCATENATED MODULE: ./src/testgen/runtests.ts






/** Minimal vitest / jest API over node:test, for running emitted tests without those frameworks. */
const FRAMEWORK_SHIM = `'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
function matches(e, expected) {
  if (expected === undefined) return;
  const msg = e && typeof e.message === 'string' ? e.message : String(e);
  if (typeof expected === 'string') assert.ok(msg.includes(expected), 'error message ' + JSON.stringify(msg) + ' does not contain ' + JSON.stringify(expected));
  else if (expected instanceof RegExp) assert.match(msg, expected);
  else if (typeof expected === 'function') assert.ok(e instanceof expected);
}
function expect(actual) {
  return {
    toBe: (v) => assert.ok(Object.is(actual, v), 'expected ' + String(actual) + ' to be ' + String(v)),
    toEqual: (v) => assert.deepStrictEqual(actual, v),
    toStrictEqual: (v) => assert.deepStrictEqual(actual, v),
    toThrow: (m) => { let threw = false; try { actual(); } catch (e) { threw = true; matches(e, m); } assert.ok(threw, 'expected a throw'); },
    rejects: { toThrow: async (m) => { let threw = false; try { await actual; } catch (e) { threw = true; matches(e, m); } assert.ok(threw, 'expected a rejection'); } },
  };
}
module.exports = { describe: test.describe, it: test.it, test: test.it, expect };
`;
const HOOK = `'use strict';
process.on('exit', () => {
  const cov = globalThis[${JSON.stringify(COVERAGE_VAR)}];
  if (!cov) return;
  require('node:fs').writeFileSync(require('node:path').join(process.env.AUTOGLM_COV_DIR, process.pid + '.json'), JSON.stringify(cov));
});
`;
/** The name a module gets in the run folder: what the test's import specifier points at. */
function runName(file) {
    return file
        .replace(/\.tsx?$/, '.js')
        .replace(/\.mts$/, '.mjs')
        .replace(/\.cts$/, '.cjs')
        .replace(/\.jsx$/, '.js');
}
function decode(s) {
    // node's junit reporter escapes entities twice in attributes.
    let out = s;
    for (let i = 0; i < 2; i++) {
        out = out
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&');
    }
    return out;
}
const list = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
/**
 * Run emitted test files for real with `node --test`, the module under test instrumented by
 * istanbul: the branch coverage of the report is measured on this run, and its JUnit XML kept.
 * Each file runs on its own so a failure is attributed to its file.
 */
async function runEmittedTests(files, root, timeoutMs) {
    const tmp = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), 'autoglm-testgen-'));
    const result = {
        failures: new Map(),
        passed: new Map(),
        branchHits: new Map(),
        statementHits: new Map(),
        junitXml: '',
    };
    try {
        (0,external_node_fs_.writeFileSync)(external_node_path_default().join(tmp, 'package.json'), '{"type":"commonjs"}\n');
        for (const pkg of ['vitest', '@jest/globals']) {
            const dir = external_node_path_default().join(tmp, 'node_modules', pkg);
            (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
            (0,external_node_fs_.writeFileSync)(external_node_path_default().join(dir, 'index.js'), FRAMEWORK_SHIM);
        }
        const hook = external_node_path_default().join(tmp, 'autoglm-coverage-hook.cjs');
        (0,external_node_fs_.writeFileSync)(hook, HOOK);
        const covDir = external_node_path_default().join(tmp, 'coverage');
        (0,external_node_fs_.mkdirSync)(covDir);
        const place = (abs) => external_node_path_default().join(tmp, 'src', external_node_path_default().relative(root, abs));
        const tmpToSource = new Map();
        const runFiles = [];
        for (const { file, content } of files) {
            for (const [mod, code] of Object.entries(file.prepared.sources)) {
                const target = runName(place(mod));
                (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(target), { recursive: true });
                (0,external_node_fs_.writeFileSync)(target, toCommonJs(code, mod, target.endsWith('.mjs')));
                if (mod === file.prepared.file)
                    tmpToSource.set(target, mod);
            }
            const testTarget = runName(place(file.testFile));
            (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(testTarget), { recursive: true });
            (0,external_node_fs_.writeFileSync)(testTarget, toCommonJs(content, file.testFile, testTarget.endsWith('.mjs')));
            runFiles.push([file.testFile, testTarget]);
        }
        const parser = new XMLParser/* default */.A({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true });
        const xmlParts = [];
        for (const [testFile, target] of runFiles) {
            const junit = external_node_path_default().join(tmp, `junit-${xmlParts.length}.xml`);
            const error = await new Promise((resolve) => {
                (0,external_node_child_process_.execFile)(process.execPath, ['--test', '--test-reporter=junit', `--test-reporter-destination=${junit}`, target], {
                    cwd: tmp,
                    timeout: timeoutMs,
                    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require=${hook}`, AUTOGLM_COV_DIR: covDir },
                    maxBuffer: 16 * 1024 * 1024,
                }, (err) => resolve(err && err.killed
                    ? `test run of ${testFile} timed out`
                    : undefined));
            });
            if (error)
                result.error = error;
            let xml = '';
            try {
                xml = (0,external_node_fs_.readFileSync)(junit, 'utf8');
            }
            catch {
                result.error ??= `no JUnit output for ${testFile}`;
                continue;
            }
            xmlParts.push(xml
                .replace(/^<\?xml[^>]*>\s*/, '')
                .replace(/^<testsuites>\s*/, '')
                .replace(/\s*<\/testsuites>\s*$/, ''));
            const failed = new Set();
            let passed = 0;
            const walk = (suite, prefix) => {
                const name = suite.name ? decode(suite.name) : '';
                const here = prefix ? `${prefix} > ${name}` : name;
                for (const c of list(suite.testcase)) {
                    const full = `${here} > ${decode(c.name ?? '')}`;
                    if (c.failure !== undefined || c.error !== undefined)
                        failed.add(full);
                    else
                        passed++;
                }
                for (const s of list(suite.testsuite))
                    walk(s, here);
            };
            const doc = parser.parse(xml);
            for (const s of list(doc.testsuites?.testsuite))
                walk(s, '');
            // Top-level test cases (outside any describe) hang off <testsuites>.
            for (const c of list(doc.testsuites?.testcase)) {
                if (c.failure !== undefined)
                    failed.add(` > ${decode(c.name ?? '')}`);
            }
            result.failures.set(testFile, failed);
            result.passed.set(testFile, passed);
        }
        result.junitXml = `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n${xmlParts.join('\n')}\n</testsuites>\n`;
        const sources = new Set(files.map((f) => f.file.prepared.file));
        for (const f of (0,external_node_fs_.readdirSync)(covDir)) {
            const cov = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(covDir, f), 'utf8'));
            for (const [key, data] of Object.entries(cov)) {
                // The instrumented code counts under the original source path.
                const source = tmpToSource.has(key) ? tmpToSource.get(key) : sources.has(key) ? key : undefined;
                if (!source)
                    continue;
                const acc = result.branchHits.get(source) ?? {};
                for (const [id, counts] of Object.entries(data.b)) {
                    const prev = acc[id] ?? counts.map(() => 0);
                    acc[id] = prev.map((c, i) => c + (counts[i] ?? 0));
                }
                result.branchHits.set(source, acc);
                const sacc = result.statementHits.get(source) ?? {};
                for (const [id, n] of Object.entries(data.s ?? {}))
                    sacc[id] = (sacc[id] ?? 0) + n;
                result.statementHits.set(source, sacc);
            }
        }
    }
    finally {
        (0,external_node_fs_.rmSync)(tmp, { recursive: true, force: true });
    }
    return result;
}

;// CONCATENATED MODULE: ./src/testgen/prune.ts



/**
 * Emit each module's test file and run it for real: tests that fail as test files are dropped and
 * the file is run once more; the module's coverage and each function's are read from that run.
 */
async function runAndPrune(runnable, options, result, log, rel) {
    const render = (r) => renderTestFile(r.info, r.file.testFile, r.emits, options.framework);
    const withTests = runnable.filter((r) => r.emits.some((e) => e.tests.length > 0));
    if (options.runTests && withTests.length > 0) {
        for (let attempt = 0; attempt < 2; attempt++) {
            const run = await runEmittedTests(withTests.map((r) => ({ file: r.file, content: render(r) })), options.root, Math.max(30_000, options.callTimeoutMs * 50));
            result.junitXml = run.junitXml;
            if (run.error)
                result.stats.testRunError = run.error;
            let dropped = 0;
            for (const r of withTests) {
                const failed = run.failures.get(r.file.testFile) ?? new Set();
                if (process.env.AUTOGLM_DEBUG)
                    for (const f of failed)
                        log(`debug failed when run: ${f}`);
                for (const e of r.emits) {
                    const keep = e.tests.filter((t) => !failed.has(` > ${e.fn.name} > ${t.name}`) && !failed.has(`${e.fn.name} > ${t.name}`));
                    dropped += e.tests.length - keep.length;
                    e.tests = keep;
                }
                const hits = run.branchHits.get(r.file.prepared.file) ?? {};
                const fileReport = result.files.find((f) => f.file === rel(r.info.file));
                if (fileReport)
                    fileReport.module = moduleCoverage(r.file.prepared, hits, run.statementHits.get(r.file.prepared.file) ?? {});
                for (const rep of r.reports) {
                    const e = r.emits.find((x) => x.fn.name === rep.name && x.fn.line === rep.line);
                    if (!e)
                        continue;
                    const armIdx = r.armsOf.get(e.fn) ?? [];
                    rep.branches.covered = armIdx.filter((i) => {
                        const arm = r.file.prepared.arms[i];
                        return (hits[arm.branch]?.[arm.arm] ?? 0) > 0;
                    }).length;
                    rep.measured = true;
                    if (rep.tests > 0 && e.tests.length === 0) {
                        rep.status = 'skipped';
                        rep.reason = 'its generated tests failed when run as test files';
                    }
                    rep.tests = e.tests.length;
                    rep.bySolver = e.tests.filter((t) => t.origin === 'solver').length;
                    rep.bySearch = rep.tests - rep.bySolver;
                }
            }
            if (dropped === 0)
                break;
            log(`dropped ${dropped} test(s) that failed when run; re-running`);
        }
    }
    for (const r of withTests) {
        if (r.emits.some((e) => e.tests.length > 0))
            result.outputs.set(r.file.testFile, render(r));
    }
}

;// CONCATENATED MODULE: ./src/testgen/generate.ts















/** The least time a function gets, even when earlier functions used up the budget. */
const MIN_SLICE_MS = 1500;
/** How many even shares of the remaining budget one function may use. */
const SHARE_FACTOR = 2.5;
/** The testgen pipeline over a set of files: analyse, explore and solve, search, verify, emit, measure. */
async function generate(options) {
    const started = Date.now();
    const deadline = started + options.budgetMs;
    const log = options.log ?? (() => { });
    const rel = (f) => external_node_path_default().relative(options.root, f).split((external_node_path_default()).sep).join('/');
    const result = {
        files: [],
        functions: [],
        outputs: new Map(),
        behaviourChanges: [],
        newFunctions: [],
        stats: { solverChecks: 0, solverMs: 0, executions: 0, timeouts: 0, durationMs: 0 },
    };
    await loadRegexMutator(options.budgetMs);
    const { infos } = analyseFiles(options.files);
    const sandbox = new Sandbox(options.callTimeoutMs);
    let solver;
    /** Sessions given up on after a stalled call (their counts still go into the stats). */
    const stalled = [];
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const runnable = [];
    let seed = options.seed ?? 1;
    try {
        const work = infos.map((info) => ({
            info,
            fns: info.functions.filter((fn) => !options.select || options.select(info.file, fn)),
        }));
        let remainingFns = work.reduce((n, w) => n + w.fns.length, 0);
        for (const { info, fns } of work) {
            const fileReport = { file: rel(info.file), diagnostics: info.diagnostics };
            result.files.push(fileReport);
            if (info.diagnostics.length > 0) {
                fileReport.skipped = `syntax error: ${info.diagnostics[0]}`;
                log(`skip ${fileReport.file}: ${fileReport.skipped}`);
                remainingFns -= fns.length;
                continue;
            }
            if (fns.length === 0) {
                fileReport.skipped = info.functions.length === 0 ? 'no exported functions' : 'no changed functions';
                continue;
            }
            let prepared;
            try {
                prepared = prepareModule(info.file, info.language, info.moduleKind);
            }
            catch (e) {
                fileReport.skipped = `cannot instrument: ${e.message.split('\n')[0]}`;
                remainingFns -= fns.length;
                continue;
            }
            const armsOf = armsByFunction(info.sourceFile, info.functions, prepared.arms, prepared);
            const owned = new Set([...armsOf.values()].flat());
            const helperArms = prepared.arms.map((_, i) => i).filter((i) => !owned.has(i));
            // Regexes the module's code ran on strings, shared by its functions: search draws matching strings.
            const regexes = new Map();
            // Classes whose constructor the explorer found no returning path through (its guards depend on
            // values from other files): their methods go straight to search.
            const noCtorPaths = new Set();
            // The module's string literals (helpers' too), spliced into strings that match its regexes.
            const fileWords = dictionaryOf(info.sourceFile).strings;
            // Constructor arguments after which a method returned, per class: reused for its siblings.
            const ctorPools = new Map();
            // A function's share of the budget grows with its own branch arms (a 60-arm `inc` needs more
            // than a 2-arm `format`); functions of later files count as average ones.
            const weightOf = (f) => 1 + Math.min(6, (armsOf.get(f)?.length ?? 0) / 8);
            const laterFns = remainingFns - fns.length;
            let fileWeight = fns.reduce((n, f) => n + weightOf(f), 0);
            const emits = [];
            const reports = [];
            for (const fn of fns) {
                const now = Date.now();
                // An even share of what is left; every function gets a minimum, even past the budget.
                // Most functions need a fraction of their share, so one may take up to SHARE_FACTOR shares.
                const share = ((deadline - now) * weightOf(fn)) / Math.max(1, fileWeight + laterFns * 2);
                const slice = Math.max(MIN_SLICE_MS, Math.min(deadline - now, share * SHARE_FACTOR));
                remainingFns--;
                fileWeight -= weightOf(fn);
                const fnDeadline = now + slice;
                const fnArms = new Set(armsOf.get(fn) ?? []);
                // Search and selection aim at the function's arms and at those of the module's helpers
                // (code in no exported function), which only calls through the exports can reach.
                const goal = new Set([...fnArms, ...helperArms]);
                const report = {
                    file: rel(info.file),
                    name: fn.name,
                    line: fn.line,
                    status: 'tested',
                    notes: [],
                    tests: 0,
                    bySolver: 0,
                    bySearch: 0,
                    pathsExplored: 0,
                    flaky: 0,
                    branches: { covered: 0, total: fnArms.size },
                    measured: false,
                };
                reports.push(report);
                const unsupported = unsupportedReason(fn);
                if (unsupported) {
                    report.status = 'skipped';
                    report.reason = unsupported;
                    emits.push({ fn, tests: [] });
                    continue;
                }
                const cands = [];
                let rounds = 0;
                let lastGain = 0;
                // A message, or a function that builds it only when debugging is on.
                const dbg = process.env.AUTOGLM_DEBUG
                    ? (m) => log(`debug ${fn.name}: ${typeof m === 'function' ? m() : m}`)
                    : () => { };
                const seen = new Set();
                const shapes = new Set();
                const killed = new Set();
                const covered = new Set();
                const ctorPool = fn.kind === 'method' && fn.className
                    ? (ctorPools.get(fn.className) ?? ctorPools.set(fn.className, new Map()).get(fn.className))
                    : undefined;
                // Set when search should rebuild its arbitrary (new regexes or constructor arguments).
                let regexesGrew = regexes.size > 0 || (ctorPool?.size ?? 0) > 0;
                const addCands = async (inputs, fresh, keepAll) => {
                    const fresh2 = inputs.filter((x) => {
                        const k = inputKey(x.input);
                        if (seen.has(k))
                            return false;
                        seen.add(k);
                        return true;
                    });
                    const execs = await sandbox.run(prepared, fresh2.map((x) => sandboxCall(fn, x.input)), { fresh, perturb: 0, maxTimeouts: keepAll ? undefined : 2 });
                    for (const e of execs)
                        for (const r of e.regexes ?? []) {
                            const k = `${r.flags}/${r.source}`;
                            if (!regexes.has(k) && regexes.size < 24) {
                                regexes.set(k, r);
                                regexesGrew = true;
                            }
                        }
                    fresh2.forEach((x, i) => {
                        const exec = execs[i];
                        // Constructor arguments that built a subject (whatever the method then did).
                        if (exec.built && x.input.ctorArgs && ctorPool && ctorPool.size < 24) {
                            const k = JSON.stringify(x.input.ctorArgs);
                            if (!ctorPool.has(k)) {
                                ctorPool.set(k, x.input.ctorArgs);
                                regexesGrew = true;
                            }
                        }
                        if (exec.outcome.kind === 'crash' && exec.outcome.message === NOT_RUN)
                            return;
                        const gain = exec.arms.some((a) => goal.has(a) && !covered.has(a));
                        const firstOk = isOk(exec.outcome) && !cands.some((c) => isOk(c.exec.outcome));
                        const o = exec.outcome;
                        const newError = o.kind === 'throw' &&
                            !cands.some((c) => c.exec.outcome.kind === 'throw' && errorKey(c) === errorKey({ ...x, exec }));
                        // A string input of a new shape is kept for the oracle (see withOracleTests), a few dozen at most.
                        const cand = { ...x, exec };
                        const shape = exec.outcome.kind === 'return' && hasString(cand) && exec.regexes?.length && shapes.size < 40
                            ? shapeKey(cand)
                            : '';
                        const newShape = shape !== '' && !shapes.has(shape);
                        if (newShape)
                            shapes.add(shape);
                        // And a call that tells a regex mutant no kept call told apart (regex-mutants.ts).
                        const newKills = isOk(exec.outcome) && killed.size < 400 ? regexKills(exec).filter((k) => !killed.has(k)) : [];
                        for (const k of newKills)
                            killed.add(k);
                        if (keepAll ||
                            gain ||
                            firstOk ||
                            newError ||
                            newShape ||
                            newKills.length > 0 ||
                            !isOk(exec.outcome))
                            cands.push(cand);
                        if (isOk(exec.outcome))
                            for (const a of exec.arms)
                                if (goal.has(a) && !covered.has(a)) {
                                    covered.add(a);
                                    lastGain = rounds;
                                }
                    });
                };
                // 1. Symbolic paths, solved by Z3 (not for methods of a class whose constructor no path survived).
                const deadCtor = fn.kind === 'method' && fn.className !== undefined && noCtorPaths.has(fn.className);
                if (options.useSolver && options.openSolver && !deadCtor) {
                    try {
                        if (solver && !solver.usable) {
                            stalled.push(solver);
                            solver = undefined;
                        }
                        solver ??= await options.openSolver();
                        const explorer = new Explorer(info.sourceFile, solver, {
                            ...limits,
                            deadline: now + slice * 0.5,
                        });
                        const explored = await explorer.explore(fn);
                        if (explored.paths.length === 0 && fn.kind === 'method' && fn.className)
                            noCtorPaths.add(fn.className);
                        report.pathsExplored = explored.paths.length;
                        report.notes = explored.unsupported.slice(0, 10);
                        if (explored.truncated)
                            report.notes.push('exploration stopped at its limit (paths, solver checks or time)');
                        const inputs = [];
                        // A quarter of the slice stays for search (what the solver cannot reach, or too slowly).
                        const solveUntil = now + slice * 0.75;
                        for (const p of pathsWorthSolving(explored.paths)) {
                            if (Date.now() > solveUntil)
                                break;
                            const model = await solver.model(p.pc, explored.vars);
                            if (!model)
                                continue;
                            inputs.push({
                                input: inputFromModel(fn, { ctor: explored.ctorShapes, args: explored.argShapes }, model),
                                origin: 'solver',
                                conds: p.conds,
                                exact: p.inexact.length === 0,
                            });
                            // The same path off its boundaries (`a < b` with a !== b): minimal models sit on them,
                            // where many mutants give the same result; an interior input tells them apart.
                            const interior = interiorOf(p.pc);
                            if (interior.length > 0 && inputs.length < 24 && Date.now() < now + slice * 0.5) {
                                const m2 = await solver.model([...p.pc, ...interior], explored.vars);
                                if (m2)
                                    inputs.push({
                                        input: inputFromModel(fn, { ctor: explored.ctorShapes, args: explored.argShapes }, m2),
                                        origin: 'solver',
                                        conds: p.conds,
                                        exact: p.inexact.length === 0,
                                    });
                            }
                        }
                        if (!solver.usable && !report.notes.some((n) => n.includes('the Z3 solver')))
                            report.notes.push('the Z3 solver stopped answering (stalled or crashed); search took over');
                        solver.reset();
                        dbg(`${explored.paths.length} paths, ${inputs.length} solved, ${Date.now() - now} ms`);
                        await addCands(inputs, true, true);
                        dbg(`executed: ${cands.map((c) => c.exec.outcome.kind).join(',')} at ${Date.now() - now} ms`);
                    }
                    catch (e) {
                        solver?.reset();
                        report.notes.push(`symbolic exploration failed: ${e.message.split('\n')[0]}`);
                    }
                }
                // 2. Coverage-guided search for what the solver left uncovered.
                let dict = dictionaryOf(fn.node);
                const guided = () => withSequences(fn, info.functions, withSelfInstances(fn, withCtorPool(callArbitrary(fn, dict), [...(ctorPool?.values() ?? [])]), [
                    ...(ctorPool?.values() ?? []),
                ]), dict);
                let arb = options.searchMode === 'random' ? randomCallArbitrary(fn) : guided();
                const ownCovered = () => [...fnArms].every((a) => covered.has(a));
                // Helper arms may be out of this function's reach: stop once its own are covered and
                // search has stalled.
                const needsSearch = () => 
                // Two rounds at least where a regex ran: strings of other shapes for the oracle.
                (rounds < 2 && regexes.size > 0) ||
                    !cands.some((c) => isOk(c.exec.outcome)) ||
                    !ownCovered() ||
                    (covered.size < goal.size && rounds - lastGain < 25);
                // Search keeps a part of the slice even when the solver overran its share (a slow check on a
                // loaded machine): a function must not end without a single input tried.
                const searchUntil = Math.max(fnDeadline, Date.now() + slice * 0.3);
                while (options.useSearch && needsSearch() && Date.now() < searchUntil && rounds < 400) {
                    rounds++;
                    // A function that keeps running into the time limit gets small batches, then no more.
                    const timeouts = cands.filter((c) => c.exec.outcome.kind === 'timeout').length;
                    const anyOk = cands.some((c) => isOk(c.exec.outcome));
                    if (timeouts >= 2 && !anyOk)
                        break;
                    if (regexesGrew && options.searchMode !== 'random') {
                        regexesGrew = false;
                        const t0 = Date.now();
                        if (regexes.size > 0)
                            dict = {
                                ...dict,
                                matching: matchingStrings([...regexes.values()], seed, fileWords),
                                apart: distinguishingStrings([...regexes.values()]).slice(0, 120),
                            };
                        const t1 = Date.now();
                        arb = guided();
                        dbg(`${regexes.size} regexes seen, ${dict.matching?.length ?? 0} matching strings (${t1 - t0} ms), ${dict.apart?.length ?? 0} telling mutants apart, arbitrary ${Date.now() - t1} ms`);
                    }
                    const batch = sampleInputs(arb, timeouts > 0 ? 4 : 32, seed++).map((input) => ({
                        input,
                        origin: 'search',
                        conds: [],
                        exact: false,
                    }));
                    await addCands(batch, false, false);
                    if (cands.length > 0 && cands.every((c) => c.exec.outcome.kind === 'blocked'))
                        break;
                }
                dbg(() => `search: ${rounds} rounds, ${cands.length} candidates kept, ${cands.filter((c) => c.exec.outcome.kind === 'timeout').length} timed out, ${Date.now() - now} ms`);
                // 3. Minimise and verify with reruns (another clock and random sequence each time).
                let pool = cands.slice();
                let selected = [];
                for (let round = 0; round < 3; round++) {
                    selected = withOracleTests(pool, minimise(pool, goal), goal);
                    dbg(() => `selected: ${selected.map((c) => `${c.origin} ${JSON.stringify(c.input)} arms=${c.exec.arms.filter((x) => goal.has(x)).join('.')}`).join(' | ')}`);
                    if (selected.length === 0)
                        break;
                    const calls = selected.map((c) => sandboxCall(fn, c.input));
                    const reruns = [];
                    for (const perturb of [1, 2, 3])
                        reruns.push(await sandbox.run(prepared, calls, { fresh: true, perturb }));
                    const flaky = selected.filter((c, i) => reruns.some((r) => outcomeKey(r[i].outcome) !== outcomeKey(c.exec.outcome)));
                    if (flaky.length === 0)
                        break;
                    report.flaky += flaky.length;
                    pool = pool.filter((c) => !flaky.includes(c));
                    selected = [];
                }
                const tests = selected.map((c) => {
                    const outcome = c.exec.outcome;
                    const conds = c.origin === 'solver' && c.exact ? c.conds : [];
                    return {
                        input: c.input,
                        outcome,
                        origin: c.origin,
                        conds,
                        name: testName(fn, c.input, outcome, conds),
                    };
                });
                uniqueNames(tests);
                emits.push({ fn, tests });
                report.tests = tests.length;
                report.bySolver = tests.filter((t) => t.origin === 'solver').length;
                report.bySearch = tests.length - report.bySolver;
                const testArms = new Set(selected.flatMap((c) => c.exec.arms.filter((a) => fnArms.has(a))));
                report.branches.covered = testArms.size;
                if (tests.length === 0) {
                    report.status = 'skipped';
                    report.reason = skipReason(cands.map((c) => c.exec), options.callTimeoutMs);
                }
                else if (report.notes.length > 0)
                    report.status = 'partial';
                log(`${report.file} ${fn.name} (${((Date.now() - now) / 1000).toFixed(1)} s): ${tests.length} test${tests.length === 1 ? '' : 's'}, branches ${report.branches.covered}/${report.branches.total}${report.status === 'skipped' ? ` (skipped: ${report.reason})` : ''}`);
                // Behaviour diff: the same inputs against the base version.
                if (options.base?.isChanged(info.file, fn)) {
                    const lines = options.base.lines?.(info.file) ?? [];
                    const changedArms = new Set([...fnArms].filter((i) => {
                        const arm = prepared.arms[i];
                        const loc = prepared.coverage.branchMap[arm.branch]?.locations[arm.arm]?.start.line;
                        return loc !== undefined && lines.some(([a, b]) => a <= loc && loc <= b);
                    }));
                    const diff = await behaviourDiff(options, sandbox, prepared, info, fn, cands, rel, changedArms);
                    if (diff === 'new')
                        result.newFunctions.push({ file: rel(info.file), function: fn.name });
                    else
                        result.behaviourChanges.push(...diff);
                }
            }
            const testFile = testFilePath(info.file, options.root, options.out);
            if (emits.some((e) => e.tests.length > 0))
                fileReport.testFile = rel(testFile);
            runnable.push({ file: { testFile, source: info.file, prepared }, info, emits, reports, armsOf });
            result.functions.push(...reports);
        }
    }
    finally {
        result.stats.executions = sandbox.executed;
        result.stats.timeouts = sandbox.timeouts;
        await sandbox.close();
        for (const s of solver ? [...stalled, solver] : stalled) {
            result.stats.solverChecks += s.stats.checks;
            result.stats.solverMs += Math.round(s.stats.ms);
        }
    }
    // 4. Emit, and run the emitted tests for real: failing tests are dropped and the file re-emitted.
    await runAndPrune(runnable, options, result, log, rel);
    result.stats.durationMs = Date.now() - started;
    return result;
}

// EXTERNAL MODULE: ./src/git.ts
var git = __webpack_require__(71243);
;// CONCATENATED MODULE: ./src/testgen/git.ts



/** The repository's top folder, or undefined outside a git work tree. */
async function repoRoot(cwd) {
    try {
        return (await (0,git/* gitOk */.Tt)(cwd, ['rev-parse', '--show-toplevel'])).trim();
    }
    catch {
        return undefined;
    }
}
/** Check that a ref names a commit; a usage error otherwise. */
async function verifyRef(root, ref) {
    if (ref.startsWith('-'))
        throw new errors/* UsageError */.eb(`--base ${JSON.stringify(ref)}: expected a git ref, not an option`);
    try {
        return (await (0,git/* gitOk */.Tt)(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
    }
    catch {
        throw new errors/* UsageError */.eb(`--base ${JSON.stringify(ref)}: not a commit in ${root}`, 'fetch the base branch first (e.g. fetch-depth: 0)');
    }
}
/** Changed line ranges (head side, 1-based inclusive) per absolute file, between `base` and the work tree. */
async function changedLines(root, base) {
    const out = await (0,git/* gitOk */.Tt)(root, ['diff', '--no-color', '--no-ext-diff', '-U0', base, '--']);
    const changed = new Map();
    let current;
    for (const line of out.split('\n')) {
        const file = /^\+\+\+ b\/(.*)$/.exec(line);
        if (file) {
            current = external_node_path_default().join(root, file[1]);
            changed.set(current, changed.get(current) ?? []);
            continue;
        }
        if (line.startsWith('+++ /dev/null')) {
            current = undefined;
            continue;
        }
        const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
        if (hunk && current) {
            const start = Number(hunk[1]);
            const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
            changed.get(current)?.push([start, Math.max(start, start + count - 1)]);
        }
    }
    // Untracked files are new in full.
    const untracked = await (0,git/* gitOk */.Tt)(root, ['ls-files', '--others', '--exclude-standard', '-z']);
    for (const f of untracked.split('\0').filter(Boolean))
        changed.set(external_node_path_default().join(root, f), [[1, Number.MAX_SAFE_INTEGER]]);
    return changed;
}
/** Read files as they are at `ref` (undefined when absent there). */
async function readerAt(root, ref, files) {
    const cache = new Map();
    const load = async (file) => {
        const rel = external_node_path_default().relative(root, file).split((external_node_path_default()).sep).join('/');
        if (rel.startsWith('..'))
            return undefined;
        try {
            return await (0,git/* gitOk */.Tt)(root, ['show', `${ref}:${rel}`]);
        }
        catch {
            return undefined;
        }
    };
    // Every tracked source at the ref is listed once so the sync reader can answer for imports too.
    const listing = await (0,git/* gitOk */.Tt)(root, ['ls-tree', '-r', '--name-only', '-z', ref]);
    const tracked = new Set(listing
        .split('\0')
        .filter(Boolean)
        .map((f) => external_node_path_default().join(root, f)));
    const wanted = new Set(files);
    // Imports of the targets: sources under the same top-level folders, bounded.
    const tops = new Set(files.map((f) => external_node_path_default().relative(root, f).split((external_node_path_default()).sep)[0]));
    for (const f of tracked) {
        if (wanted.size >= 400)
            break;
        const top = external_node_path_default().relative(root, f).split((external_node_path_default()).sep)[0];
        if (tops.has(top) && /\.(c|m)?(t|j)sx?$/.test(f) && !f.includes(`${(external_node_path_default()).sep}node_modules${(external_node_path_default()).sep}`))
            wanted.add(f);
    }
    await Promise.all([...wanted]
        .filter((f) => tracked.has(f))
        .map(async (f) => {
        cache.set(f, await load(f));
    }));
    return (file) => cache.get(file);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
;// CONCATENATED MODULE: ./src/testgen/merge.ts





const BEGIN = `// ${MARK}:begin `;
const END = `// ${MARK}:end`;
const ImportFnSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    exportName: schemas/* string */.YjP(),
    kind: schemas/* enum */.k5n(['function', 'method', 'static']),
    className: schemas/* string */.YjP().optional(),
});
/** The blocks of a file testgen wrote, or why it cannot be treated as one it may rewrite. */
function parseGenerated(text) {
    const recorded = recordedHash(text);
    if (recorded === undefined) {
        return { ok: false, why: `it has no "${MARK} sha256=" line (written by hand, or by an earlier autoglm)` };
    }
    const blocks = parseBlocks(text);
    if (recorded !== contentHash(text)) {
        return {
            ok: false,
            why: 'it was edited since autoglm testgen wrote it (its content no longer matches the sha256 in its header)',
            ...(Array.isArray(blocks) ? { blocks } : {}),
        };
    }
    return Array.isArray(blocks) ? { ok: true, blocks } : { ok: false, why: blocks };
}
/** The delimited blocks, or what is wrong with the markers. */
function parseBlocks(text) {
    const lines = text.split('\n');
    const blocks = [];
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (!line.startsWith(BEGIN))
            continue;
        const meta = ImportFnSchema.safeParse(safeJson(line.slice(BEGIN.length)));
        const end = lines.indexOf(END, i + 1);
        if (!meta.success || end < 0)
            return `line ${i + 1}: a test block without its markers`;
        blocks.push({ fn: meta.data, text: lines.slice(i, end + 1).join('\n') });
        i = end;
    }
    return blocks;
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** The fresh blocks where this run has them, the previous ones elsewhere, imports for all. */
function mergeTestFile(m) {
    const fresh = parseGenerated(m.fresh);
    if (!fresh.ok)
        throw new Error(`testgen: its own output for ${m.testFile} does not parse: ${fresh.why}`);
    const previous = m.previous === undefined ? undefined : parseGenerated(m.previous);
    // Forced over an edited file: its blocks still delimited are merged like any others.
    const prior = previous?.blocks ?? [];
    const byName = new Map(fresh.blocks.map((b) => [b.fn.name, b]));
    const blocks = [];
    const kept = [];
    for (const b of prior) {
        const replacement = byName.get(b.fn.name);
        if (replacement) {
            blocks.push(replacement);
            byName.delete(b.fn.name);
        }
        else if (m.sourceFunctions.has(b.fn.name)) {
            blocks.push(b);
            kept.push(b.fn.name);
        }
    }
    blocks.push(...byName.values());
    const language = /\.(c|m)?tsx?$/.test(m.source) ? 'ts' : 'js';
    // testgen writes `const { describe, ... } = require(...)` for CommonJS sources only.
    const moduleKind = /^const \{[^}]*\} = require\('(node:test|vitest|@jest\/globals)'\);$/m.test(m.fresh)
        ? 'cjs'
        : 'esm';
    const lines = renderPreamble({ file: m.source, language, moduleKind }, m.testFile, blocks.map((b) => b.fn), m.framework);
    for (const b of blocks)
        lines.push('', b.text);
    return { text: seal(`${lines.join('\n')}\n`), kept };
}
/**
 * What to write for each test file of this run, checked before anything is written: a file a
 * person edited since testgen wrote it stops the run (exit 2) unless `force`.
 */
async function planWrites(outputs, options) {
    const planned = [];
    const refused = [];
    for (const [file, fresh] of outputs) {
        const previous = await (0,promises_.readFile)(file, 'utf8').catch((e) => {
            if (e.code === 'ENOENT')
                return undefined;
            throw new errors/* UsageError */.eb(`cannot read ${file} to regenerate it: ${e.message}`);
        });
        const source = options.sourceOf(file);
        if (previous !== undefined) {
            const parsed = parseGenerated(previous);
            if (!parsed.ok && !options.force) {
                refused.push(`${external_node_path_default().relative(options.root, file) || file}: ${parsed.why}`);
                continue;
            }
        }
        if (source === undefined) {
            planned.push({ file, content: fresh, kept: [] });
            continue;
        }
        const merged = mergeTestFile({
            source,
            testFile: file,
            framework: options.framework,
            fresh,
            ...(previous !== undefined ? { previous } : {}),
            sourceFunctions: options.functionsOf(source),
        });
        planned.push({ file, content: merged.text, kept: merged.kept });
    }
    if (refused.length > 0) {
        throw new errors/* UsageError */.eb(`autoglm testgen: not overwriting ${refused.length === 1 ? 'a test file' : `${refused.length} test files`} a person may have edited:\n  ${refused.join('\n  ')}`, 'keep your edits in another test file, or pass --force (testgen.force: true in autoglm.yml) to overwrite them');
    }
    return planned;
}

;// CONCATENATED MODULE: ./src/testgen/solve.ts


let loading;
/** Contexts made so far (each gets its own name). */
let contexts = 0;
async function loadZ3() {
    loading ??= (async () => {
        // webpackIgnore keeps ncc from bundling z3-solver: it ships beside dist/ and runs its own workers.
        const imported = (await import(/* webpackIgnore: true */ 'z3-solver'));
        const mod = ('init' in imported && typeof imported.init === 'function' ? imported : imported.default);
        const { Context, em } = await mod.init();
        takeZ3Crashes(true);
        return { mod, em, Context, ctx: undefined };
    })();
    return loading;
}
/** Release Z3's threads so the process can exit. Safe to call when Z3 was never loaded. */
async function closeSolver() {
    if (!loading)
        return;
    const { mod, em } = await loading;
    loading = undefined;
    takeZ3Crashes(false);
    await mod.killThreads(em);
}
/** Checks after which the next reset() starts a new solver. */
const RENEW_AFTER_CHECKS = 400;
/** A solver session for one function: incremental checks along the explorer's depth-first path. */
class Z3Session {
    z;
    solver;
    timeoutMs;
    loaded;
    vars = new Map();
    cache = new WeakMap();
    /** The terms currently asserted, one push level each. */
    stack = [];
    stats = { checks: 0, sat: 0, unsat: 0, unknown: 0, ms: 0 };
    checksAtRenew = 0;
    /** Set when a call overran even its interrupt: the context is busy, nothing may touch it. */
    stalled = false;
    /** The timeout the solver was last given (the watchdog allows a little more). */
    limitMs = 0;
    constructor(z, solver, timeoutMs, loaded) {
        this.z = z;
        this.solver = solver;
        this.timeoutMs = timeoutMs;
        this.loaded = loaded;
    }
    /** A session on the shared context, or on a new one when a stalled call left the last one busy. */
    static async open(timeoutMs = 2000) {
        const loaded = await loadZ3();
        const crash = z3Crash();
        if (crash)
            throw new Error(`the Z3 solver crashed earlier in this run (${crash}); search only from here`);
        if (!loaded.ctx) {
            contexts++;
            loaded.ctx = loaded.Context(`autoglm${contexts}`);
        }
        const session = new Z3Session(loaded.ctx, new loaded.ctx.Solver(), timeoutMs, loaded);
        session.setTimeout(timeoutMs);
        return session;
    }
    /** False once a call stalled: the caller opens a new session for the next function. */
    get usable() {
        return !this.stalled;
    }
    setTimeout(ms) {
        this.limitMs = ms;
        this.solver.set('timeout', ms);
    }
    /** One solver check under the wall-clock watchdog (Z3's own timeout, then an interrupt). */
    async guarded() {
        const crash = z3Crash();
        if (this.stalled || crash) {
            this.stalled = true;
            throw new SolverStalled(crash ? `the Z3 solver crashed (${crash})` : 'the Z3 solver stalled earlier');
        }
        try {
            return await watch(this.solver.check(), this.limitMs + 2000, 5000, () => this.z.interrupt());
        }
        catch (e) {
            if (e instanceof SolverStalled) {
                this.stalled = true;
                if (this.loaded.ctx === this.z)
                    this.loaded.ctx = undefined;
            }
            throw e;
        }
    }
    sync(pc) {
        let common = 0;
        while (common < this.stack.length && common < pc.length && this.stack[common] === pc[common])
            common++;
        if (common < this.stack.length) {
            this.solver.pop(this.stack.length - common);
            this.stack = this.stack.slice(0, common);
        }
        for (let i = common; i < pc.length; i++) {
            this.solver.push();
            this.solver.add(this.bool(pc[i]));
            this.stack.push(pc[i]);
        }
    }
    async check(pc) {
        if (this.stalled)
            throw new SolverStalled('the Z3 solver stalled earlier');
        const t0 = performance.now();
        this.sync(pc);
        const r = await this.guarded();
        this.stats.checks++;
        this.stats[r]++;
        this.stats.ms += performance.now() - t0;
        return r;
    }
    /**
     * A model of `pc` as variable name -> value, trying readable values first (integers, printable
     * ASCII strings, short strings); undefined when unsatisfiable or unknown, or once a call stalled.
     */
    async model(pc, vars) {
        if (this.stalled)
            return undefined;
        this.sync(pc);
        const z = this.z;
        const printable = z.Star(z.Range(' ', '~'));
        const word = z.Star(z.Union(z.Range('a', 'z'), z.Range('0', '9')));
        const timed = async () => {
            const t0 = performance.now();
            const r = await this.guarded();
            this.stats.checks++;
            this.stats.ms += performance.now() - t0;
            return r;
        };
        const general = [];
        for (const v of vars.values()) {
            const x = this.expr(v);
            if (v.sort === 'num')
                general.push(z.IsInt(x), x.ge(-1000000), x.le(1000000));
            if (v.sort === 'str')
                general.push(z.InRe(x, printable), z.ToReal(x.length()).le(40));
        }
        // Strings the path mentions: lower-case letters and digits where possible.
        const used = new Map();
        for (const t of pc)
            collectVars(t, used);
        const words = [...used.values()].filter((v) => v.sort === 'str').map((v) => z.InRe(this.expr(v), word));
        // Readability is worth little solver time: short limits for the preferred tiers, then the plain model.
        const tiers = words.length > 0 ? [[...general, ...words], general, []] : [general, []];
        try {
            for (const tier of tiers) {
                const last = tier.length === 0;
                this.setTimeout(last ? this.timeoutMs : Math.min(300, this.timeoutMs));
                this.solver.push();
                try {
                    for (const c of tier)
                        this.solver.add(c);
                    let r;
                    try {
                        r = await timed();
                    }
                    catch (e) {
                        // A stalled call: no model, and the session answers nothing more (see `usable`).
                        if (e instanceof SolverStalled)
                            return undefined;
                        throw e;
                    }
                    if (r !== 'sat')
                        continue;
                    let m;
                    try {
                        m = this.solver.model();
                    }
                    catch {
                        // Seen under load: a check answered sat, then Z3 had "no current model". The next tier.
                        continue;
                    }
                    const out = new Map();
                    for (const [name, v] of vars)
                        out.set(name, this.read(m.eval(this.expr(v), true), v.sort));
                    return out;
                }
                finally {
                    if (!this.stalled)
                        this.solver.pop();
                }
            }
            return undefined;
        }
        finally {
            if (!this.stalled)
                this.setTimeout(this.timeoutMs);
        }
    }
    /** Drop the session's assertions (the solver is reused by the next function). */
    reset() {
        if (this.stalled)
            return;
        if (this.stack.length > 0)
            this.solver.pop(this.stack.length);
        this.stack = [];
        // A fresh solver now and then: Z3's wasm heap grows with interrupted (timed-out) checks.
        if (this.stats.checks - this.checksAtRenew > RENEW_AFTER_CHECKS) {
            this.solver = new this.z.Solver();
            this.setTimeout(this.timeoutMs);
            this.checksAtRenew = this.stats.checks;
        }
    }
    read(e, sort) {
        if (sort === 'bool')
            return String(e.sexpr()) === 'true';
        if (sort === 'str')
            return decodeZ3String(e.asString());
        if (typeof e.value === 'function') {
            const v = e.value();
            if (typeof v === 'bigint')
                return Number(v);
            if (v && typeof v === 'object' && 'numerator' in v)
                return Number(v.numerator) / Number(v.denominator);
        }
        const n = Number(String(e.asDecimal ? e.asDecimal(12) : e.sexpr()).replace(/\?$/, ''));
        return Number.isFinite(n) ? n : 0;
    }
    bool(t) {
        return this.expr(t);
    }
    expr(t) {
        const hit = this.cache.get(t);
        if (hit)
            return hit;
        const e = this.build(t);
        this.cache.set(t, e);
        return e;
    }
    build(t) {
        const z = this.z;
        switch (t.k) {
            case 'var': {
                let v = this.vars.get(`${t.sort}:${t.name}`);
                if (!v) {
                    v =
                        t.sort === 'num'
                            ? z.Real.const(t.name)
                            : t.sort === 'str'
                                ? z.String.const(t.name)
                                : z.Bool.const(t.name);
                    this.vars.set(`${t.sort}:${t.name}`, v);
                }
                return v;
            }
            case 'num':
                return z.Real.val(ratio(t.v));
            case 'str':
                return z.String.val(encodeZ3String(t.v));
            case 'bool':
                return z.Bool.val(t.v);
            case 'ite':
                return z.If(this.expr(t.args[0]), this.expr(t.args[1]), this.expr(t.args[2]));
            case 'inre':
                return z.InRe(this.expr(t.s), this.re(t.re));
            case 'op':
                return this.op(t);
        }
    }
    op(t) {
        const z = this.z;
        const a = t.args.map((x) => this.expr(x));
        const [x, y, w] = a;
        const toInt = (e) => z.ToInt(e);
        const real = (e) => z.ToReal(e);
        switch (t.op) {
            case 'add':
                return x.add(y);
            case 'sub':
                return x.sub(y);
            case 'mul':
                return x.mul(y);
            case 'div':
                return x.div(y);
            case 'neg':
                return x.neg();
            case 'floor':
                return real(toInt(x));
            case 'ceil':
                return real(toInt(x.neg())).neg();
            case 'trunc':
                return z.If(x.ge(0), real(toInt(x)), real(toInt(x.neg())).neg());
            case 'abs':
                return z.If(x.ge(0), x, x.neg());
            case 'min':
                return z.If(x.le(y), x, y);
            case 'max':
                return z.If(x.ge(y), x, y);
            case 'jsmod': {
                // JS remainder: the sign of the dividend, a - b * trunc(a / b).
                const q = x.div(y);
                const tq = z.If(q.ge(0), real(toInt(q)), real(toInt(q.neg())).neg());
                return x.sub(y.mul(tq));
            }
            case 'isint':
                return z.IsInt(x);
            case 'len':
                return real(x.length());
            case 'concat':
                return x.concat(y);
            case 'at':
                return x.at(toInt(y));
            case 'indexof':
                return real(w !== undefined ? x.indexOf(y, toInt(w)) : x.indexOf(y));
            case 'lastindexof':
                return real(x.lastIndexOf(y));
            case 'substr':
                return x.extract(toInt(y), toInt(w));
            case 'replace':
                return x.replace(y, w);
            case 'code':
                return real(x.toCode());
            case 'strtoint':
                return real(x.toInt());
            case 'inttostr':
                return z.String.fromInt(toInt(x));
            case 'lt':
                return t.args[0]?.sort === 'str' ? x.lt(y) : x.lt(y);
            case 'le':
                return x.le(y);
            case 'eq':
                return x.eq(y);
            case 'not':
                return z.Not(x);
            case 'and':
                return z.And(...a);
            case 'or':
                return z.Or(...a);
            case 'prefixof':
                // JS s.startsWith(p): p is a prefix of s.
                return y.prefixOf(x);
            case 'suffixof':
                return y.suffixOf(x);
            case 'contains':
                return x.contains(y);
        }
    }
    re(r) {
        const z = this.z;
        const sort = z.Re.sort(z.String.sort());
        switch (r.r) {
            case 'lit':
                return z.Re.toRe(z.String.val(encodeZ3String(r.s)));
            case 'range':
                return z.Range(encodeZ3String(r.lo), encodeZ3String(r.hi));
            case 'any':
                return z.AllChar(sort);
            case 'empty':
                return z.Empty(sort);
            case 'concat':
                return r.parts.map((p) => this.re(p)).reduce((acc, p) => acc.concat(p));
            case 'union':
                return z.Union(...r.parts.map((p) => this.re(p)));
            case 'inter':
                return z.Intersect(...r.parts.map((p) => this.re(p)));
            case 'complement':
                return z.Complement(this.re(r.body));
            case 'loop': {
                const body = this.re(r.body);
                if (r.max === undefined) {
                    if (r.min === 0)
                        return z.Star(body);
                    if (r.min === 1)
                        return z.Plus(body);
                    return z.Loop(body, r.min, r.min).concat(z.Star(body));
                }
                return z.Loop(body, r.min, r.max);
            }
        }
    }
}
/** Exact rational text for a double, so Z3 sees the same number JS has. */
function ratio(v) {
    if (Number.isInteger(v))
        return String(v);
    const s = String(v);
    if (!/e/i.test(s)) {
        const [int, frac = ''] = s.replace('-', '').split('.');
        const den = `1${'0'.repeat(frac.length)}`;
        return `${v < 0 ? '-' : ''}${int}${frac}/${den}`.replace(/^(-?)0+(\d)/, '$1$2');
    }
    return String(Math.round(v * 1e6) / 1e6);
}
/**
 * Z3 reads a string constant's `\u{hex}` escapes: every character but printable ASCII, and `\`
 * itself, is passed that way, one per UTF-16 code unit (as JS counts a string's length). Passed as
 * they were, `'é'` reached Z3 as the two characters of its UTF-8 bytes and `'\u{41}'` as `'A'`.
 */
function encodeZ3String(s) {
    return s.replace(/[^\x20-\x5b\x5d-\x7e]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
/** Z3 prints non-printable characters as `\u{hex}`. */
function decodeZ3String(s) {
    return s.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)));
}

;// CONCATENATED MODULE: ./src/testgen/index.ts












const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/*.d.ts', '**/*.test.*', '**/*.spec.*', '**/dist/**'];
/** The project's test framework: vitest or jest when package.json depends on it, node:test otherwise. */
function detectFramework(root) {
    const file = external_node_path_default().join(root, 'package.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return 'node';
    try {
        const pkg = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        const deps = { ...pkg.dependencies, ...pkg.devDependencies };
        if (deps.vitest)
            return 'vitest';
        if (deps.jest)
            return 'jest';
    }
    catch {
        // An unreadable package.json: default framework.
    }
    return 'node';
}
function inside(root, p) {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
}
/** Expand targets (files or globs) to source files, sorted. */
async function expandTargets(patterns, base, exclude) {
    const files = new Set();
    for (const p of patterns) {
        const abs = external_node_path_default().resolve(base, p);
        if (!/[*?[\]{}]/.test(p)) {
            if (!(0,external_node_fs_.existsSync)(abs))
                throw new errors/* UsageError */.eb(`testgen target ${p}: no such file`);
            if (!/\.(c|m)?(t|j)sx?$/.test(abs))
                throw new errors/* UsageError */.eb(`testgen target ${p}: expected a .ts, .tsx, .js, .mjs or .cjs file`);
            files.add(abs);
            continue;
        }
        for (const f of await (0,dist/* glob */.TI)(p, { cwd: base, absolute: true, ignore: [...ALWAYS_EXCLUDED, ...exclude] })) {
            if (/\.(c|m)?(t|j)sx?$/.test(f))
                files.add(external_node_path_default().resolve(f));
        }
    }
    return [...files].sort();
}
function toResult(gen, framework, out, budgetSeconds, base, junit) {
    const fns = gen.functions;
    const sum = (f) => fns.reduce((n, x) => n + f(x), 0);
    return {
        framework,
        out,
        budgetSeconds,
        durationMs: gen.stats.durationMs,
        ...(base ? { base } : {}),
        files: gen.files.map((f) => ({
            file: f.file,
            ...(f.testFile ? { testFile: f.testFile } : {}),
            ...(f.skipped ? { skipped: f.skipped } : {}),
            diagnostics: f.diagnostics,
            ...(f.module ? { module: f.module } : {}),
        })),
        functions: fns.map((f) => ({ ...f, ...(f.reason ? { reason: f.reason } : {}) })),
        totals: {
            functions: fns.length,
            tested: fns.filter((f) => f.status === 'tested').length,
            partial: fns.filter((f) => f.status === 'partial').length,
            skipped: fns.filter((f) => f.status === 'skipped').length,
            tests: sum((f) => f.tests),
            bySolver: sum((f) => f.bySolver),
            bySearch: sum((f) => f.bySearch),
            branches: { covered: sum((f) => f.branches.covered), total: sum((f) => f.branches.total) },
        },
        behaviourChanges: gen.behaviourChanges,
        ...(gen.newFunctions.length > 0 ? { newFunctions: gen.newFunctions } : {}),
        ...(junit ? { junit } : {}),
        stats: {
            solverChecks: gen.stats.solverChecks,
            solverMs: gen.stats.solverMs,
            executions: gen.stats.executions,
            timeouts: gen.stats.timeouts,
            ...(gen.stats.testRunError ? { testRunError: gen.stats.testRunError } : {}),
        },
    };
}
/**
 * Generate tests: expand the targets, analyse, explore and solve, search, verify, emit the test
 * files, measure their coverage by running them, and (with a base ref) diff behaviour against the
 * base version. Writes the test files and the JUnit XML; returns the results-document section.
 */
async function runTestgen(settings) {
    const cfg = settings.config;
    const configDir = settings.configDir ?? settings.cwd;
    const root = (await repoRoot(settings.cwd)) ?? settings.cwd;
    const targets = settings.targets?.length ? settings.targets : cfg?.targets;
    if (!targets?.length) {
        throw new errors/* UsageError */.eb('autoglm testgen: no targets', 'pass files or globs, e.g. `autoglm testgen "src/**/*.ts"`, or set testgen.targets in autoglm.yml');
    }
    const targetBase = settings.targets?.length ? settings.cwd : configDir;
    const files = await expandTargets(targets, targetBase, cfg?.exclude ?? []);
    if (files.length === 0)
        throw new errors/* UsageError */.eb(`autoglm testgen: no source files match ${targets.join(', ')}`);
    const outDir = settings.out !== undefined
        ? external_node_path_default().resolve(settings.cwd, settings.out)
        : external_node_path_default().resolve(configDir, cfg?.out ?? 'test/generated');
    if (!inside(root, outDir)) {
        throw new errors/* UsageError */.eb(`--out ${settings.out ?? cfg?.out}: ${outDir} is outside the repository (${root}); tests are written inside it only`);
    }
    const framework = settings.framework ?? cfg?.framework ?? detectFramework(root);
    if (!FRAMEWORKS.includes(framework))
        throw new errors/* UsageError */.eb(`--framework: expected one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(framework)}`);
    const budgetSeconds = settings.budgetSeconds ?? cfg?.budget ?? 60;
    const timeoutMs = settings.timeoutMs ?? cfg?.timeout_ms ?? 1000;
    const baseRef = settings.base ?? cfg?.base;
    const changedOnly = settings.changedOnly ?? cfg?.changed_only ?? false;
    if (changedOnly && !baseRef)
        throw new errors/* UsageError */.eb('--changed-only needs --base REF (or testgen.base in autoglm.yml)');
    let changed;
    let base;
    if (baseRef) {
        await verifyRef(root, baseRef);
        changed = await changedLines(root, baseRef);
        const read = await readerAt(root, baseRef, files);
        const ranges = changed;
        base = {
            ref: baseRef,
            read,
            isChanged: (file, fn) => (ranges.get(file) ?? []).some(([a, b]) => a <= fn.endLine && b >= fn.line),
            lines: (file) => ranges.get(file) ?? [],
        };
    }
    const rel = (f) => external_node_path_default().relative(root, f).split((external_node_path_default()).sep).join('/');
    const write = settings.write ?? true;
    const sourceFunctions = new Map();
    let gen;
    try {
        gen = await generate({
            root,
            files,
            out: outDir,
            framework,
            budgetMs: budgetSeconds * 1000,
            callTimeoutMs: timeoutMs,
            runTests: true,
            useSolver: true,
            useSearch: true,
            select: (file, fn) => {
                // Every function of every source passes here: blocks of functions gone are dropped.
                (sourceFunctions.get(file) ?? sourceFunctions.set(file, new Set()).get(file))?.add(fn.name);
                return !(changedOnly && base) || base.isChanged(file, fn);
            },
            ...(base ? { base } : {}),
            limits: { ...(cfg ? { loopBound: cfg.loop_bound, maxPaths: cfg.max_paths } : {}) },
            openSolver: () => Z3Session.open(),
            ...(settings.log ? { log: settings.log } : {}),
        });
    }
    finally {
        await closeSolver();
    }
    const written = [];
    if (write) {
        // Every file is checked (an edited one stops the run) before the first is written.
        const sources = new Map(files.map((f) => [testFilePath(f, root, outDir), f]));
        const planned = await planWrites(gen.outputs, {
            root,
            framework,
            force: settings.force ?? cfg?.force ?? false,
            sourceOf: (t) => sources.get(t),
            functionsOf: (f) => sourceFunctions.get(f) ?? new Set(),
        });
        for (const p of planned) {
            await (0,io/* writeFileAtomic */.Zf)(p.file, p.content);
            written.push(p.file);
            if (p.kept.length)
                settings.log?.(`${rel(p.file)}: kept the tests of ${p.kept.join(', ')} as written`);
        }
    }
    const junitSetting = settings.junit ?? cfg?.junit;
    let junitPath;
    if (write && gen.junitXml && junitSetting) {
        junitPath = external_node_path_default().resolve(settings.junit ? settings.cwd : configDir, junitSetting);
        await (0,io/* writeFileAtomic */.Zf)(junitPath, gen.junitXml);
    }
    const result = toResult(gen, framework, rel(outDir) || '.', budgetSeconds, baseRef, junitPath ? rel(junitPath) : undefined);
    return { result, written, ...(junitPath ? { junitPath } : {}) };
}


/***/ }),

/***/ 64973:
/***/ ((module) => {

function webpackEmptyContext(req) {
	var e = new Error("Cannot find module '" + req + "'");
	e.code = 'MODULE_NOT_FOUND';
	throw e;
}
webpackEmptyContext.keys = () => ([]);
webpackEmptyContext.resolve = webpackEmptyContext;
webpackEmptyContext.id = 64973;
module.exports = webpackEmptyContext;

/***/ })

};
