import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  display,
  displayInput,
  encodedLiteral,
  FN_KEY,
  inputLiteral,
  isPrimitive,
  quote,
  sharedCallbacks,
} from './literal.js';
import type { CallInput, FunctionInfo, InputValue, Outcome, SourceFileInfo } from './types.js';

export const FRAMEWORKS = ['node', 'vitest', 'jest'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A verified test: the call, what it returned or threw, and where its inputs came from. */
export interface GeneratedTest {
  input: CallInput;
  outcome: Extract<Outcome, { kind: 'return' | 'throw' }>;
  origin: 'solver' | 'search';
  /** The path condition in source words (solver paths that are modelled exactly). */
  conds: string[];
  name: string;
}

export interface EmitFunction {
  fn: FunctionInfo;
  tests: GeneratedTest[];
}

const MAX_NAME = 140;

/** `returns "invalid username" when username.length < 6`, from the outcome and path condition. */
export function testName(
  fn: FunctionInfo,
  input: CallInput,
  outcome: GeneratedTest['outcome'],
  conds: string[],
): string {
  const what =
    outcome.kind === 'return'
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
export function uniqueNames(tests: GeneratedTest[]): void {
  const seen = new Map<string, number>();
  for (const t of tests) {
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    if (n > 1) t.name = `${t.name} (${n})`;
  }
}

/** Where the test file of a source goes: `<out>/<path relative to root>/<name>.test.<ext>`. */
export function testFilePath(source: string, root: string, out: string): string {
  const rel = path.relative(root, source);
  const dir = path.dirname(rel);
  const base = path.basename(source);
  const m = /^(.*)\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.exec(base);
  const stem = m?.[1] ?? base;
  const ext = m?.[2] ?? 'js';
  const testExt = ext === 'tsx' ? 'ts' : ext === 'jsx' ? 'js' : ext;
  return path.join(out, dir.startsWith('..') ? '' : dir, `${stem}.test.${testExt}`);
}

/** The specifier a test uses to import its source (TS sources by their emitted `.js` name). */
export function importSpecifier(testFile: string, source: string): string {
  let rel = path.relative(path.dirname(testFile), source).split(path.sep).join('/');
  rel = rel
    .replace(/\.tsx?$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs')
    .replace(/\.jsx$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Names the test file itself uses: an export called so is imported under another name. */
const TAKEN = new Set(['describe', 'it', 'test', 'expect', 'assert', 'default', 'subject']);

/** What the import lines need to know of a function; stored in its block's begin marker. */
export type ImportFn = Pick<FunctionInfo, 'name' | 'exportName' | 'kind' | 'className'>;

/** The name a test calls a function (or its class) by. */
function localName(fn: ImportFn): string {
  const base =
    fn.kind !== 'function'
      ? fn.exportName === 'default' || fn.exportName === 'export='
        ? (fn.className ?? 'Subject')
        : fn.exportName
      : fn.exportName === 'default' || fn.exportName === 'export='
        ? fn.name
        : fn.exportName;
  if (!/^[A-Za-z_$][\w$]*$/.test(base)) return 'subject';
  return TAKEN.has(base) ? `${base}Fn` : base;
}

/** `name` or `name as local` in an import or destructuring list. */
function importPart(fn: ImportFn, cjs: boolean): string {
  const local = localName(fn);
  if (local === fn.exportName) return local;
  return cjs ? `${fn.exportName}: ${local}` : `${fn.exportName} as ${local}`;
}

function args(values: InputValue[], params: FunctionInfo['params'], ts: boolean): string {
  return values
    .map((v, i) => {
      const lit = inputLiteral(v);
      const p = params[Math.min(i, params.length - 1)];
      return ts && p?.lossy ? `${lit} as never` : lit;
    })
    .join(', ');
}

function callText(fn: FunctionInfo, input: CallInput, ts: boolean): string {
  const name = localName(fn);
  const a = args(input.args, fn.params, ts);
  if (fn.kind === 'function') return `${name}(${a})`;
  const method = fn.name.slice(fn.name.indexOf('.') + 1);
  if (fn.kind === 'static') return `${name}.${method}(${a})`;
  return `new ${name}(${args(input.ctorArgs ?? [], fn.ctorParams ?? [], ts)}).${method}(${a})`;
}

/** `const subject = new C(...); subject.push(1);` and the call on `subject`, for method sequences. */
function sequenceSetup(fn: FunctionInfo, input: CallInput, ts: boolean): { lines: string[]; call: string } {
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
  for (const b of input.before ?? []) lines.push(`subject.${b.method}(${args(b.args, [], ts)});`);
  return { lines, call: `subject.${method}(${args(input.args, fn.params, ts)})` };
}

function assertion(framework: Framework, call: string, t: GeneratedTest): string[] {
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
    const kinds: Record<string, string> = { array: 'Array', object: 'Object', map: 'Map', set: 'Set' };
    const type = o.value.t === 'opaque' ? o.value.type : (kinds[o.value.t] ?? 'Object');
    const probe =
      type === 'function'
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
function nameLiteral(name: string): string {
  return name.includes("'") && !name.includes('"') ? JSON.stringify(name) : quote(name);
}

/** Marks every generated file and block, so later runs regenerate one function's tests alone. */
export const MARK = 'autoglm-testgen';
const HASH_LINE = `// ${MARK} sha256=`;
const HASH_NOTE =
  ': edit freely; autoglm testgen then leaves this file alone unless run with --force (testgen.force).';

/** The header and imports of a test file for the functions of `fns`. */
export function renderPreamble(
  info: Pick<SourceFileInfo, 'file' | 'language' | 'moduleKind'>,
  testFile: string,
  fns: readonly ImportFn[],
  framework: Framework,
): string[] {
  const ts = info.language === 'ts';
  const cjs = !ts && info.moduleKind === 'cjs';
  const spec = importSpecifier(testFile, info.file);
  const named = new Set<string>();
  let defaultName: string | undefined;
  let wholeModule: string | undefined;
  for (const fn of fns) {
    if (fn.exportName === 'default') defaultName = localName(fn);
    else if (fn.exportName === 'export=') wholeModule = localName(fn);
    else named.add(importPart(fn, cjs));
  }
  const lines: string[] = [
    `// Generated by autoglm testgen from ${path.basename(info.file)}: each test is named after the path it covers.`,
    '// Review before committing; regenerate with `autoglm testgen`.',
    `${HASH_LINE}${HASH_NOTE}`,
  ];
  const frameworkNames = framework === 'node' ? ['describe', 'it'] : ['describe', 'expect', 'it'];
  const frameworkModule =
    framework === 'vitest' ? 'vitest' : framework === 'jest' ? '@jest/globals' : 'node:test';
  const names = [...named].sort();
  if (cjs) {
    if (framework === 'node') lines.push("const assert = require('node:assert/strict');");
    lines.push(`const { ${frameworkNames.join(', ')} } = require('${frameworkModule}');`);
    if (wholeModule) lines.push(`const ${wholeModule} = require(${quote(spec)});`);
    if (names.length > 0 || defaultName) {
      const parts = [...names, ...(defaultName ? [`default: ${defaultName}`] : [])];
      lines.push(`const { ${parts.join(', ')} } = require(${quote(spec)});`);
    }
  } else {
    if (framework === 'node') lines.push("import assert from 'node:assert/strict';");
    lines.push(`import { ${frameworkNames.join(', ')} } from '${frameworkModule}';`);
    const clause = [defaultName ?? wholeModule, names.length > 0 ? `{ ${names.join(', ')} }` : undefined]
      .filter(Boolean)
      .join(', ');
    lines.push(`import ${clause} from ${quote(spec)};`);
  }
  return lines;
}

/** One function's tests between its begin and end markers. */
export function renderBlock(
  fn: FunctionInfo,
  tests: GeneratedTest[],
  framework: Framework,
  ts: boolean,
): string[] {
  const meta: ImportFn = {
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
    for (const b of body) lines.push(`    ${b}`);
    lines.push('  });');
  }
  lines.push('});', `// ${MARK}:end`);
  return lines;
}

/** The file with its hash line's digest left out: what the digest is computed over. */
function unsealed(text: string): string {
  const at = text.indexOf(HASH_LINE);
  if (at < 0) return text;
  const from = at + HASH_LINE.length;
  return text.slice(0, from) + text.slice(from).replace(/^[0-9a-f]{64}/, '');
}

/** The sha256 of a generated file, its hash line's digest left out. */
export function contentHash(text: string): string {
  return createHash('sha256').update(unsealed(text)).digest('hex');
}

/** Write the content hash into the hash line: a later run tells an edited file by it. */
export function seal(text: string): string {
  const bare = unsealed(text);
  const at = bare.indexOf(HASH_LINE);
  if (at < 0) return text;
  const from = at + HASH_LINE.length;
  return `${bare.slice(0, from)}${contentHash(bare)}${bare.slice(from)}`;
}

/** The digest the file's hash line records, if it has one. */
export function recordedHash(text: string): string | undefined {
  const at = text.indexOf(HASH_LINE);
  if (at < 0) return undefined;
  const hex = text.slice(at + HASH_LINE.length, at + HASH_LINE.length + 64);
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** The source of one test file for a module, sealed with its content hash. */
export function renderTestFile(
  info: Pick<SourceFileInfo, 'file' | 'language' | 'moduleKind'>,
  testFile: string,
  functions: EmitFunction[],
  framework: Framework,
): string {
  const used = functions.filter((f) => f.tests.length > 0);
  const lines = renderPreamble(
    info,
    testFile,
    used.map((u) => u.fn),
    framework,
  );
  for (const { fn, tests } of used)
    lines.push('', ...renderBlock(fn, tests, framework, info.language === 'ts'));
  return seal(`${lines.join('\n')}\n`);
}
