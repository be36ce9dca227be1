import './node-globals.js';
import fc from 'fast-check';
import ts from 'typescript';
import { BUILTIN_INPUTS, EXPR_KEY, FN_KEY, isFnInput, NEW_KEY, SHARED_KEY } from './literal.js';
import { argumentsUse } from './params.js';
import type { ModelValue } from './solve.js';
import type { CallInput, FunctionInfo, InputValue, ParamInfo, TypeDesc } from './types.js';
import { type InputShape, UNKNOWN_OPTIONS } from './values.js';

const OMIT = Symbol('omit');

function fromShape(shape: InputShape, model: Map<string, ModelValue>): InputValue | typeof OMIT {
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
      return fromShape(shape.alts[i] as InputShape, model);
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
      const out: { [k: string]: InputValue } = {};
      for (const p of shape.props) {
        const v = fromShape(p.shape, model);
        if (v === OMIT || (v === undefined && p.optional)) continue;
        out[p.name] = v;
      }
      return out;
    }
  }
}

/** Drop trailing `undefined` arguments of optional parameters: `f('a')`, not `f('a', undefined)`. */
export function trimArgs(args: InputValue[], params: ParamInfo[]): InputValue[] {
  const out = args.slice();
  while (out.length > 0 && out[out.length - 1] === undefined && params[out.length - 1]?.optional) out.pop();
  return out;
}

/** Rebuild a call's inputs from a solver model. */
export function inputFromModel(
  fn: FunctionInfo,
  shapes: { ctor: InputShape[]; args: InputShape[] },
  model: Map<string, ModelValue>,
): CallInput {
  const build = (s: InputShape) => {
    const v = fromShape(s, model);
    return v === OMIT ? undefined : v;
  };
  const args: InputValue[] = [];
  fn.params.forEach((p, i) => {
    const v = build(shapes.args[i] as InputShape);
    if (p.rest && Array.isArray(v)) args.push(...v);
    else args.push(v);
  });
  return {
    ...(fn.kind === 'method' ? { ctorArgs: trimArgs(shapes.ctor.map(build), fn.ctorParams ?? []) } : {}),
    args: p_rest(fn) ? args : trimArgs(args, fn.params),
  };
}

const p_rest = (fn: FunctionInfo) => fn.params.some((p) => p.rest);

// Built once: fast-check takes ~13 ms to build a regex arbitrary, and search rebuilds its arbitrary
// (a string one per parameter of every method in a sequence) each time it learns a regex.
const ALNUM = fc.stringMatching(/^[a-z0-9]{0,12}$/);

/** Literals of a function body: the dictionary that guided search mixes into random values. */
export interface Dictionary {
  numbers: number[];
  strings: string[];
  /** Property names the code reads. */
  keys?: string[];
  /** Strings that match the regexes the code ran on its inputs (see matchingStrings). */
  matching?: string[];
  /** Strings that tell those regexes' mutants apart (regex-mutants.ts), drawn less often. */
  apart?: string[];
}

export function dictionaryOf(node: ts.Node): Dictionary {
  const numbers = new Set<number>([0, 1, -1]);
  const strings = new Set<string>(['']);
  const props = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isNumericLiteral(n)) {
      const v = Number(n.text);
      const neg = ts.isPrefixUnaryExpression(n.parent) && n.parent.operator === ts.SyntaxKind.MinusToken;
      for (const x of [v, v - 1, v + 1]) numbers.add(neg ? -x : x);
    } else if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      if (n.text.length <= 64) strings.add(n.text);
    } else if (ts.isPropertyAccessExpression(n) && n.name.text.length <= 24) {
      // Property names the code reads: keys of generated objects (`{ loose: true }`).
      props.add(n.name.text);
    } else if (ts.isRegularExpressionLiteral(n)) {
      // Letters and digits of the pattern make plausible characters.
      for (const m of n.text.match(/[A-Za-z0-9@.:_-]{1,12}/g) ?? []) strings.add(m);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return {
    numbers: [...numbers].filter(Number.isFinite).slice(0, 64),
    strings: [...strings].slice(0, 64),
    keys: [...props].slice(0, 32),
  };
}

/** fast-check arbitrary for a type; with a dictionary, literals of the code are mixed in. */
export function arbitraryFor(type: TypeDesc, dict?: Dictionary, depth = 0): fc.Arbitrary<InputValue> {
  // Mostly small integers, some larger ones and two-decimal fractions: values a reviewer reads at a glance.
  const plainNumber = fc.oneof(
    { arbitrary: fc.integer({ min: -100, max: 100 }), weight: 5 },
    { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }), weight: 1 },
    {
      arbitrary: fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100),
      weight: 1,
    },
  );
  const plainString = fc.string({ maxLength: 12 });
  switch (type.kind) {
    case 'number':
      if (!dict) return plainNumber;
      return fc.oneof(
        { arbitrary: fc.constantFrom(...dict.numbers), weight: 3 },
        { arbitrary: fc.integer({ min: -20, max: 120 }), weight: 2 },
        { arbitrary: plainNumber, weight: 1 },
      );
    case 'string': {
      if (!dict) return plainString;
      const word = fc.constantFrom(...dict.strings);
      const piece = fc.oneof(
        word,
        fc.string({ maxLength: 4 }),
        fc.constantFrom('a', 'A', '1', ' ', '.', '@', '-', '_'),
      );
      return fc.oneof(
        { arbitrary: word, weight: 3 },
        ...(dict.matching?.length ? [{ arbitrary: fc.constantFrom(...dict.matching), weight: 4 }] : []),
        ...(dict.apart?.length ? [{ arbitrary: fc.constantFrom(...dict.apart), weight: 1 }] : []),
        { arbitrary: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')), weight: 3 },
        { arbitrary: ALNUM, weight: 1 },
        { arbitrary: plainString, weight: 1 },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'function':
      return arbitraryFor(type.returns, dict, depth + 1).map((r) => ({ [FN_KEY]: r }));
    case 'undefined':
      return fc.constant(undefined);
    case 'null':
      return fc.constant(null);
    case 'literal':
      return fc.constant(type.value);
    case 'unknown': {
      // Untyped: any primitive, and now and then a small array or object (as real callers pass).
      const prim = arbitraryFor({ kind: 'union', options: UNKNOWN_OPTIONS }, dict, depth + 1);
      if (depth > 1) return prim;
      return fc.oneof(
        { arbitrary: prim, weight: 4 },
        { arbitrary: fc.array(prim, { maxLength: 3 }), weight: 1 },
        { arbitrary: smallObject(prim, dict), weight: 1 },
      );
    }
    case 'union':
      return fc.oneof(...type.options.map((o) => arbitraryFor(o, dict, depth + 1)));
    case 'array':
      // Small collections: they reach the branches as well as big ones and read far better in a test.
      return fc.array(arbitraryFor(type.element, dict, depth + 1), { maxLength: depth > 0 ? 2 : 4 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      if (type.props.length === 0)
        return smallObject(arbitraryFor({ kind: 'union', options: UNKNOWN_OPTIONS }, dict, depth + 1), dict);
      const model: Record<string, fc.Arbitrary<InputValue>> = {};
      const required: string[] = [];
      for (const p of type.props) {
        model[p.name] = arbitraryFor(p.type, dict, depth + 1);
        if (!p.optional) required.push(p.name);
      }
      // Optional properties left out rather than set to `undefined`: `{ min: 0 }`, not `{ min: 0, max: undefined }`.
      return fc.record(model, { requiredKeys: required }).map((o) => {
        const out: { [k: string]: InputValue } = {};
        for (const [k, v] of Object.entries(o)) if (v !== undefined || required.includes(k)) out[k] = v;
        return out;
      }) as fc.Arbitrary<InputValue>;
    }
  }
}

/** `{}`, `{ a: 1 }`, `{ name: "x" }`: keys from the code's literals or a few plain words. */
function smallObject(value: fc.Arbitrary<InputValue>, dict?: Dictionary): fc.Arbitrary<InputValue> {
  const words = [...(dict?.keys ?? []), ...(dict?.strings ?? [])].filter(
    (w) => /^[A-Za-z_$][\w$]{0,15}$/.test(w) && !/^(__proto__|constructor|prototype)$/.test(w),
  );
  const key = fc.constantFrom(...(words.length > 0 ? words.slice(0, 16) : []), 'a', 'b', 'name', 'value');
  return fc.dictionary(key, value, { maxKeys: 2 }).map((o) => ({ ...o }) as InputValue);
}

/** Arbitrary for a whole call (constructor arguments too, for methods). */
/** Nothing known, or a type dispatcher's union (it has arrays and objects among its options). */
function isDispatched(t: TypeDesc): boolean {
  if (t.kind === 'unknown') return true;
  return (
    t.kind === 'union' &&
    t.options.some((o) => o.kind === 'array') &&
    t.options.some((o) => o.kind === 'object')
  );
}

/** Instances of builtin classes (dates, regexes, maps, typed arrays, ...), for untyped parameters. */
const builtinInstance: fc.Arbitrary<InputValue> = fc
  .constantFrom(...BUILTIN_INPUTS)
  .map((e) => ({ [EXPR_KEY]: e }));

export function callArbitrary(fn: FunctionInfo, dict?: Dictionary): fc.Arbitrary<CallInput> {
  // An untyped parameter now and then gets a builtin instance: type dispatchers check for them.
  // A JSDoc type is a hint nothing enforces: JS code checks `if (!fn)` all the same.
  const paramArb = (p: ParamInfo) =>
    (p.source === 'usage' || p.source === 'none') && isDispatched(p.type)
      ? fc.oneof(
          { arbitrary: arbitraryFor(p.type, dict), weight: 7 },
          { arbitrary: builtinInstance, weight: 1 },
        )
      : p.source === 'jsdoc'
        ? fc.oneof(
            { arbitrary: arbitraryFor(p.type, dict), weight: 9 },
            { arbitrary: fc.constantFrom<InputValue>(undefined, null), weight: 1 },
          )
        : arbitraryFor(p.type, dict);
  const argsOf = (params: ParamInfo[]) =>
    fc
      .tuple(...params.map((p) => (p.rest ? fc.array(paramArb(p), { maxLength: 4 }) : paramArb(p))))
      .map((vs) => {
        const out: InputValue[] = [];
        params.forEach((p, i) => {
          const v = vs[i] as InputValue;
          if (p.rest && Array.isArray(v)) out.push(...v);
          else out.push(v);
        });
        return params.some((p) => p.rest) ? out : trimArgs(out, params);
      });
  const all = fn.params.length > 0 ? argsOf(fn.params) : fc.constant([] as InputValue[]);
  // A function that counts its arguments is called with fewer of them too, half the time.
  const args =
    fn.params.length > 0 && !p_rest(fn) && argumentsUse(fn.node).length
      ? fc
          .tuple(all, fc.integer({ min: 0, max: fn.params.length }), fc.boolean())
          .map(([a, n, cut]) => (cut ? a.slice(0, n) : a))
      : all;
  if (fn.kind !== 'method') return args.map((a) => ({ args: a }));
  const ctor =
    (fn.ctorParams?.length ?? 0) > 0 ? argsOf(fn.ctorParams ?? []) : fc.constant([] as InputValue[]);
  return fc.tuple(ctor, args).map(([c, a]) => ({ ctorArgs: c, args: a }));
}

/**
 * Unguided random calls for the random baseline: every argument any value of mixed type (numbers,
 * strings, booleans, null, undefined, small arrays and objects), ignoring types and literals.
 */
export function randomCallArbitrary(fn: FunctionInfo): fc.Arbitrary<CallInput> {
  const value = fc.anything({ maxDepth: 2, maxKeys: 3, withObjectString: false }) as fc.Arbitrary<InputValue>;
  const argsOf = (params: ParamInfo[]) =>
    params.some((p) => p.rest)
      ? fc.array(value, { minLength: params.length - 1, maxLength: params.length + 2 })
      : fc.tuple(...params.map(() => value)).map((vs) => vs as InputValue[]);
  const args = argsOf(fn.params);
  if (fn.kind !== 'method') return args.map((a) => ({ args: a }));
  return fc.tuple(argsOf(fn.ctorParams ?? []), args).map(([c, a]) => ({ ctorArgs: c, args: a }));
}

/**
 * Method calls with up to three calls of sibling methods first (`push(1)` before `pop()`): the
 * branches of stateful objects that one call on a fresh instance cannot reach.
 */
export function withSequences(
  fn: FunctionInfo,
  all: FunctionInfo[],
  base: fc.Arbitrary<CallInput>,
  dict?: Dictionary,
): fc.Arbitrary<CallInput> {
  if (fn.kind !== 'method') return base;
  const siblings = all.filter(
    (f) => f.kind === 'method' && f.className === fn.className && f.exportName === fn.exportName,
  );
  if (siblings.length === 0) return base;
  const step = fc.oneof(
    ...siblings.map((s) =>
      callArbitrary({ ...s, kind: 'function' }, dict).map((c) => ({
        method: s.name.slice(s.name.indexOf('.') + 1),
        args: c.args,
        names: s.params.map((p) => p.name),
      })),
    ),
  );
  return fc.oneof(
    base,
    fc
      .tuple(base, fc.array(step, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([c, steps, link]) =>
        link ? linked(fn, c, steps) : { ...c, before: steps.map(({ names: _, ...b }) => b) },
      ),
  );
}

/**
 * A sequence whose calls share what the method under test is given, by parameter name: the same
 * event name, and the same callback object (`on('e', cb0); removeListener('e', cb0)`), which
 * separate callback literals could never be.
 */
function linked(
  fn: FunctionInfo,
  c: CallInput,
  steps: { method: string; args: InputValue[]; names: string[] }[],
): CallInput {
  const args = [...c.args];
  const names = fn.params.map((p) => p.name);
  let ids = 0;
  const before = steps.map(({ method, args: stepArgs, names: stepNames }) => {
    const out = [...stepArgs];
    stepNames.forEach((name, j) => {
      const i = names.indexOf(name);
      if (i < 0 || i >= args.length || args[i] === undefined) return;
      const mine = args[i] as InputValue;
      if (isFnInput(mine)) args[i] = { [SHARED_KEY]: [ids++, mine[FN_KEY]] };
      while (out.length < j) out.push(undefined);
      out[j] = args[i] as InputValue;
    });
    return { method, args: out };
  });
  return { ...c, args, before };
}

/**
 * Method calls on instances built from constructor arguments that worked for sibling methods
 * (a `new SemVer('1.2.3')` found once serves `compare`, `inc`, ...), beside the plain arbitrary.
 */
export function withCtorPool(base: fc.Arbitrary<CallInput>, pool: InputValue[][]): fc.Arbitrary<CallInput> {
  if (pool.length === 0) return base;
  return fc.oneof(
    { arbitrary: base, weight: 1 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...pool), base).map(([ctorArgs, x]) => ({ ...x, ctorArgs })),
      weight: 2,
    },
  );
}

/**
 * The parameters of a method that the method checks with `x instanceof C`, C its own class (by
 * name, or `this.constructor`): `compare(other) { if (!(other instanceof SemVer)) ... }`.
 */
export function selfInstanceParams(fn: FunctionInfo): number[] {
  if (fn.kind !== 'method' || !fn.node.body) return [];
  return instanceChecked(fn, fn.node.body, fn.params);
}

/** The same for the constructor's parameters (`constructor(version) { if (version instanceof SemVer) … }`). */
export function selfInstanceCtorParams(fn: FunctionInfo): number[] {
  if (fn.kind !== 'method' || !fn.ctorNode?.body || !fn.ctorParams) return [];
  return instanceChecked(fn, fn.ctorNode.body, fn.ctorParams);
}

function instanceChecked(fn: FunctionInfo, body: ts.Node, params: ParamInfo[]): number[] {
  if (!fn.className) return [];
  const cls = fn.className;
  const checked = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword &&
      ts.isIdentifier(n.left) &&
      ((ts.isIdentifier(n.right) && n.right.text === cls) ||
        (ts.isPropertyAccessExpression(n.right) &&
          n.right.expression.kind === ts.SyntaxKind.ThisKeyword &&
          n.right.name.text === 'constructor'))
    )
      checked.add(n.left.text);
    ts.forEachChild(n, visit);
  };
  visit(body);
  return params.flatMap((p, i) => (checked.has(p.name) && !p.rest ? [i] : []));
}

/**
 * Instances of the method's own class for the parameters it checks with `instanceof` (see
 * selfInstanceParams), built from constructor arguments after which a method returned.
 */
export function withSelfInstances(
  fn: FunctionInfo,
  base: fc.Arbitrary<CallInput>,
  pool: InputValue[][],
): fc.Arbitrary<CallInput> {
  const at = selfInstanceParams(fn);
  const ctorAt = selfInstanceCtorParams(fn);
  if (at.length + ctorAt.length === 0 || pool.length === 0 || !fn.className) return base;
  const cls = fn.className;
  const instance = fc.constantFrom(...pool).map((args): InputValue => ({ [NEW_KEY]: [cls, args] }));
  const picks = (n: number) => fc.array(fc.option(instance, { freq: 3 }), { minLength: n, maxLength: n });
  const put = (values: InputValue[], where: number[], chosen: (InputValue | null)[]): InputValue[] => {
    const out = [...values];
    where.forEach((i, k) => {
      const v = chosen[k];
      if (v !== null && v !== undefined) out[i] = v;
    });
    return out;
  };
  return fc.oneof(
    { arbitrary: base, weight: 1 },
    {
      arbitrary: fc.tuple(base, picks(at.length), picks(ctorAt.length)).map(([x, p, q]) => ({
        ...x,
        args: put(x.args, at, p),
        ...(ctorAt.length > 0 ? { ctorArgs: put(x.ctorArgs ?? [], ctorAt, q) } : {}),
      })),
      weight: 2,
    },
  );
}

/** A batch of inputs, reproducible from the seed. */
export function sampleInputs(arb: fc.Arbitrary<CallInput>, n: number, seed: number): CallInput[] {
  return fc.sample(arb, { numRuns: n, seed });
}
