import ts from 'typescript';
import { LIB_FILE_NAME } from './lib-decls.js';
import type { ParamInfo, PropDesc, TypeDesc } from './types.js';
import { untypedType, withUsageProps } from './untyped.js';

// Parameter types of analysed functions: annotations, JSDoc, defaults, and use in the body.
export type FnNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFnNode(n: ts.Node | undefined): n is FnNode {
  return (
    !!n &&
    (ts.isFunctionDeclaration(n) ||
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isMethodDeclaration(n))
  );
}

const MAX_TYPE_DEPTH = 4;

/** Set while describing a type when a part of it (a function, a method) has no TypeDesc. */
let lossy = false;

function hasUnknown(t: TypeDesc): boolean {
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
export function describeType(checker: ts.TypeChecker, t: ts.Type, depth = 0): TypeDesc {
  const f = t.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'unknown' };
  if (t.isUnion()) {
    const options: TypeDesc[] = [];
    let trues = 0;
    for (const m of t.types) {
      const d = describeType(checker, m, depth);
      if (d.kind === 'literal' && typeof d.value === 'boolean') trues++;
      options.push(d);
    }
    // `boolean` is `true | false` to the checker.
    const merged =
      trues === 2
        ? [
            ...options.filter((o) => !(o.kind === 'literal' && typeof o.value === 'boolean')),
            { kind: 'boolean' } as TypeDesc,
          ]
        : options;
    return merged.length === 1 ? (merged[0] as TypeDesc) : { kind: 'union', options: merged };
  }
  if (t.isStringLiteral()) return { kind: 'literal', value: t.value };
  if (t.isNumberLiteral()) return { kind: 'literal', value: t.value };
  if (f & ts.TypeFlags.BooleanLiteral) {
    return { kind: 'literal', value: (t as unknown as { intrinsicName: string }).intrinsicName === 'true' };
  }
  if (f & ts.TypeFlags.StringLike) return { kind: 'string' };
  if (f & ts.TypeFlags.NumberLike) return { kind: 'number' };
  if (f & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
  if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { kind: 'undefined' };
  if (f & ts.TypeFlags.Null) return { kind: 'null' };
  if (depth >= MAX_TYPE_DEPTH) return { kind: 'unknown' };
  if (checker.isArrayType(t) || checker.isTupleType(t)) {
    const args = checker.getTypeArguments(t as ts.TypeReference);
    const element =
      args.length === 1 && args[0]
        ? describeType(checker, args[0], depth + 1)
        : args.length > 1
          ? { kind: 'union' as const, options: args.map((a) => describeType(checker, a, depth + 1)) }
          : ({ kind: 'unknown' } as TypeDesc);
    return { kind: 'array', element };
  }
  if (f & ts.TypeFlags.Object) {
    // JSDoc `{Object}`: an open object; the parameter's properties come from its use (paramInfo).
    const fromLib = t.symbol?.declarations?.[0]?.getSourceFile().fileName === LIB_FILE_NAME;
    if (fromLib && t.symbol.name === 'Object') return { kind: 'object', props: [] };
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
    const props: PropDesc[] = [];
    for (const p of checker.getPropertiesOfType(t)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (!decl) continue;
      const pt = checker.getTypeOfSymbolAtLocation(p, decl);
      if (pt.getCallSignatures().length > 0) {
        lossy = true;
        continue;
      }
      props.push({
        name: p.name,
        type: describeType(checker, pt, depth + 1),
        optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
      });
    }
    return { kind: 'object', props };
  }
  return { kind: 'unknown' };
}

/** Guess the type of an untyped parameter from how the body uses it. */
export function inferFromUsage(name: string, body: ts.Node | undefined): TypeDesc {
  if (!body) return { kind: 'unknown' };
  let str = 0;
  let num = 0;
  let arr = 0;
  let bool = 0;
  const props = new Set<string>();
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
  const isRef = (n: ts.Node) => ts.isIdentifier(n) && n.text === name;
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && isRef(n.expression)) {
      const p = n.name.text;
      if (p === 'length') {
        str += 0.5;
        arr += 0.5;
      } else if (STRING_METHODS.has(p)) str += 2;
      else if (ARRAY_METHODS.has(p)) arr += 2;
      else if (!['includes', 'indexOf', 'slice', 'hasOwnProperty', 'toString', 'valueOf'].includes(p))
        props.add(p);
    }
    if (ts.isElementAccessExpression(n) && isRef(n.expression)) arr += 1;
    if (ts.isForOfStatement(n) && isRef(n.expression)) arr += 2;
    // `re.test(x)`, `re.exec(x)`, `s.replace(re, ...)` with x: a string argument.
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      ['test', 'exec'].includes(n.expression.name.text) &&
      n.arguments.length === 1 &&
      isRef(n.arguments[0] as ts.Node)
    )
      str += 5;
    if (ts.isBinaryExpression(n)) {
      const other = isRef(n.left) ? n.right : isRef(n.right) ? n.left : undefined;
      if (other) {
        const op = n.operatorToken.kind;
        const arith = [
          ts.SyntaxKind.MinusToken,
          ts.SyntaxKind.AsteriskToken,
          ts.SyntaxKind.SlashToken,
          ts.SyntaxKind.PercentToken,
          ts.SyntaxKind.LessThanToken,
          ts.SyntaxKind.GreaterThanToken,
          ts.SyntaxKind.LessThanEqualsToken,
          ts.SyntaxKind.GreaterThanEqualsToken,
        ].includes(op);
        if (ts.isStringLiteral(other) || ts.isNoSubstitutionTemplateLiteral(other)) str += 2;
        else if (
          ts.isNumericLiteral(other) ||
          (ts.isPrefixUnaryExpression(other) && ts.isNumericLiteral(other.operand))
        )
          num += 2;
        else if (other.kind === ts.SyntaxKind.TrueKeyword || other.kind === ts.SyntaxKind.FalseKeyword)
          bool += 2;
        else if (arith) num += 1;
        if (op === ts.SyntaxKind.PlusToken && ts.isNumericLiteral(other)) num += 1;
      }
    }
    if (ts.isPrefixUnaryExpression(n) && isRef(n.operand)) {
      if (n.operator === ts.SyntaxKind.MinusToken || n.operator === ts.SyntaxKind.PlusToken) num += 1;
    }
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      ts.isIdentifier(n.expression.expression) &&
      n.expression.expression.text === 'Math' &&
      n.arguments.some(isRef)
    ) {
      num += 2;
    }
    if (
      (ts.isIfStatement(n) || ts.isConditionalExpression(n)) &&
      isRef(ts.isIfStatement(n) ? n.expression : n.condition)
    )
      bool += 0.5;
    ts.forEachChild(n, visit);
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
  if (best === str) return { kind: 'string' };
  if (best === arr) return { kind: 'array', element: { kind: 'number' } };
  if (best === num) return { kind: 'number' };
  return { kind: 'boolean' };
}

/** The type a declaration file gives a parameter, and whether a part of it has no TypeDesc. */
export function declaredType(
  checker: ts.TypeChecker,
  p: ts.ParameterDeclaration,
): { type: TypeDesc; lossy: boolean } {
  lossy = false;
  const type = describeType(checker, checker.getTypeAtLocation(p));
  return { type, lossy };
}

export function paramInfo(
  checker: ts.TypeChecker,
  p: ts.ParameterDeclaration,
  fn: FnNode | ts.ConstructorDeclaration,
): ParamInfo {
  const name = ts.isIdentifier(p.name) ? p.name.text : p.name.getText();
  const rest = p.dotDotDotToken !== undefined;
  const optional = p.questionToken !== undefined || p.initializer !== undefined;
  let source: ParamInfo['source'] = 'none';
  let type: TypeDesc;
  const jsdoc = ts.getJSDocType(p);
  if (p.type || jsdoc || p.initializer) {
    source = p.type ? 'annotation' : jsdoc ? 'jsdoc' : 'default';
    let t = checker.getTypeAtLocation(p);
    // An optional parameter's declared type, without the `undefined` the initializer removes.
    if (p.initializer && !p.type && !jsdoc) t = checker.getBaseTypeOfLiteralType(t);
    lossy = false;
    type = describeType(checker, t);
    if (rest && type.kind === 'array') type = type.element;
    // An annotation that resolves to any without saying so (a type from a package or the DOM) is lossy.
    const declaredAny = p.type !== undefined && /^(any|unknown)$/.test(p.type.getText().trim());
    const anyLike = (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 && (declaredAny || !p.type);
    if (lossy || (hasUnknown(type) && !anyLike)) {
      if (p.type) return { name, type, optional, rest, source, lossy: true };
    }
    if (jsdoc && ts.isIdentifier(p.name)) {
      if (type.kind === 'unknown')
        type = untypedType(p.name.text, fn.body, inferFromUsage(p.name.text, fn.body));
      else type = withUsageProps(type, p.name.text, fn.body);
    }
  } else {
    type = ts.isIdentifier(p.name)
      ? untypedType(p.name.text, fn.body, inferFromUsage(p.name.text, fn.body))
      : { kind: 'unknown' };
    if (type.kind !== 'unknown') source = 'usage';
  }
  // Optional and defaulted parameters may be left out: `undefined` is one of their inputs.
  const allowsUndefined = (t: TypeDesc): boolean =>
    t.kind === 'undefined' || t.kind === 'unknown' || (t.kind === 'union' && t.options.some(allowsUndefined));
  if ((p.questionToken || p.initializer) && !rest && !allowsUndefined(type)) {
    type = { kind: 'union', options: [type, { kind: 'undefined' }] };
  }
  return { name, type, optional, rest, source };
}

/**
 * How a function reads `arguments`: at all (`uses`), and the highest constant index it reads
 * (`arguments[1]`, `arguments.length > 1`: Babel's output for default parameters).
 */
export function argumentsUse(fn: ts.SignatureDeclaration & { body?: ts.Node }): {
  uses: boolean;
  max: number;
  /** Reads `arguments.length`: the number of arguments passed is an input of its own. */
  length: boolean;
} {
  const out = { uses: false, max: -1, length: false };
  if (ts.isArrowFunction(fn) || !fn.body) return out;
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return;
    if (ts.isIdentifier(n) && n.text === 'arguments') {
      out.uses = true;
      const p = n.parent;
      if (ts.isElementAccessExpression(p) && ts.isNumericLiteral(p.argumentExpression))
        out.max = Math.max(out.max, Number(p.argumentExpression.text));
      if (ts.isPropertyAccessExpression(p) && p.name.text === 'length') out.length = true;
      if (
        ts.isPropertyAccessExpression(p) &&
        p.name.text === 'length' &&
        ts.isBinaryExpression(p.parent) &&
        ts.isNumericLiteral(p.parent.right)
      )
        out.max = Math.max(out.max, Number(p.parent.right.text));
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** A function without parameters that reads `arguments` (ES5 variadics such as `classNames()`). */
export function usesArguments(fn: ts.SignatureDeclaration & { body?: ts.Node }): boolean {
  return fn.parameters.length === 0 && argumentsUse(fn).uses;
}

/** Parameters plus those read only through `arguments[i]` (optional, untyped). */
export function paramsOf(checker: ts.TypeChecker, fn: FnNode): ParamInfo[] {
  if (usesArguments(fn))
    return [{ name: 'args', type: { kind: 'unknown' }, optional: true, rest: true, source: 'usage' }];
  const params = fn.parameters.map((p) => paramInfo(checker, p, fn));
  const { max, length } = argumentsUse(fn);
  if (fn.parameters.some((p) => p.dotDotDotToken)) return params;
  // A function that counts its arguments (`switch (arguments.length)`) gets one more than it names.
  const wanted = length ? Math.max(max, params.length) : max;
  const last = Math.min(wanted, Math.max(5, params.length));
  for (let i = params.length; i <= last; i++)
    params.push({ name: `arg${i}`, type: { kind: 'unknown' }, optional: true, rest: false, source: 'usage' });
  return params;
}
