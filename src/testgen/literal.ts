import type { Encoded, InputValue } from './types.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A single-quoted JS string literal. */
export function quote(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (
      c < 0x20 ||
      c === 0x7f ||
      (c >= 0x80 && c < 0xa0) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0xd800 && c <= 0xdfff)
    )
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function numberText(v: number | string): string {
  if (typeof v === 'string')
    return v === 'NaN'
      ? 'Number.NaN'
      : v === 'Infinity'
        ? 'Number.POSITIVE_INFINITY'
        : v === '-Infinity'
          ? 'Number.NEGATIVE_INFINITY'
          : v;
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function key(k: string): string {
  return IDENT.test(k) ? k : quote(k);
}

/** JS source for an input value. */
/** Key of the input object that stands for a callback returning its value (see the sandbox's clone). */
export const FN_KEY = '__autoglm_fn';

/** Key of the input object that stands for one of BUILTIN_INPUTS (built in the sandbox, printed as is). */
export const EXPR_KEY = '__autoglm_expr';

/**
 * Instances of builtin classes an untyped parameter may get (type dispatchers such as kind-of
 * check for dates, regexes, maps, typed arrays, ...). Only these fixed expressions are ever evaluated.
 */
export const BUILTIN_INPUTS = [
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
] as const;

/**
 * Key of the input object that stands for an instance of the class whose method is under test,
 * `{ [NEW_KEY]: [ClassName, ctorArgs] }`: built with `new` in the sandbox, printed as
 * `new ClassName(...)` (for parameters the method checks with `instanceof ClassName`).
 */
export const NEW_KEY = '__autoglm_new';

/**
 * Key of the input object that stands for one callback shared by the calls of a sequence,
 * `{ [SHARED_KEY]: [id, value] }`: the same function object each time it appears in one call's
 * inputs (`on('e', cb0)` then `removeListener('e', cb0)`), printed as `cb<id>` and declared
 * before the subject by the emitted test.
 */
export const SHARED_KEY = '__autoglm_shared';

/** The value under `key` when `v` is an object with that one key (the special inputs above). */
function only(v: InputValue, key: string): InputValue | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === key ? (v as Record<string, InputValue>)[key] : undefined;
}

export const isSharedInput = (v: InputValue): v is { [SHARED_KEY]: [number, InputValue] } =>
  Array.isArray(only(v, SHARED_KEY));

/** The shared callbacks an input value holds, by id (see SHARED_KEY). */
export function sharedCallbacks(v: InputValue, out = new Map<number, InputValue>()): Map<number, InputValue> {
  if (isSharedInput(v)) {
    const [id, value] = v[SHARED_KEY];
    out.set(id, value);
  } else if (Array.isArray(v)) for (const x of v) sharedCallbacks(x, out);
  else if (typeof v === 'object' && v !== null)
    for (const x of Object.values(v)) sharedCallbacks(x as InputValue, out);
  return out;
}

export const isNewInput = (v: InputValue): v is { [NEW_KEY]: [string, InputValue[]] } =>
  Array.isArray(only(v, NEW_KEY));

export const isExprInput = (v: InputValue): v is { [EXPR_KEY]: string } =>
  typeof only(v, EXPR_KEY) === 'string';

export const isFnInput = (v: InputValue): v is { [FN_KEY]: InputValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && FN_KEY in v;

const hasFnInput = (v: InputValue): boolean =>
  isFnInput(v) ||
  isExprInput(v) ||
  isNewInput(v) ||
  isSharedInput(v) ||
  (typeof v === 'object' && v !== null && Object.values(v as Record<string, InputValue>).some(hasFnInput));

export function inputLiteral(v: InputValue): string {
  if (isSharedInput(v)) return `cb${v[SHARED_KEY][0]}`;
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
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inputLiteral).join(', ')}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${key(k)}: ${inputLiteral(x)}`).join(', ')} }`;
}

/** JS source for an encoded result; undefined when it has no faithful literal. */
export function encodedLiteral(e: Encoded): string | undefined {
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
      if (parts.some((p) => p === undefined)) return undefined;
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
export function isPrimitive(e: Encoded): boolean {
  return e.t !== 'array' && e.t !== 'object' && e.t !== 'map' && e.t !== 'set' && e.t !== 'opaque';
}

/** Stable text of a value: the comparison key for reruns and behaviour diffs. */
export function encodedKey(e: Encoded): string {
  return JSON.stringify(e);
}

/** Short human text of a value for test names and reports (`"invalid username"`, `[1, 2]`, `NaN`). */
export function display(e: Encoded, max = 40): string {
  let s: string;
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
export function displayInput(v: InputValue, max = 30): string {
  const s =
    v === undefined
      ? 'undefined'
      : typeof v === 'number'
        ? numberText(v)
        : hasFnInput(v)
          ? inputLiteral(v)
          : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
