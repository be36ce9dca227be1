import './node-globals.js';
import ts from 'typescript';
import type { PropDesc, TypeDesc } from './types.js';

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

interface Evidence {
  kinds: Set<'number' | 'string' | 'boolean' | 'undefined' | 'null' | 'object' | 'array' | 'function'>;
  props: Set<string>;
  /** `x = x || {}` and the like: the parameter may be left out. */
  defaulted: boolean;
  /** Handed to a function of the project (often a validator: `assertString(x)`). */
  passed: boolean;
  /** Called (`x()`, `x.call(...)`): a callback. */
  called: boolean;
  /** `x = x || {}`: an options object. */
  defaultObject?: boolean;
}

function evidence(name: string, body: ts.Node): Evidence {
  const ev: Evidence = { kinds: new Set(), props: new Set(), defaulted: false, passed: false, called: false };
  const isRef = (n: ts.Node): boolean =>
    (ts.isIdentifier(n) && n.text === name) || (ts.isParenthesizedExpression(n) && isRef(n.expression));
  // `var type = typeof x` (ms): comparisons of `type` count as comparisons of `typeof x`.
  const typeofAliases = new Set<string>();
  const isTypeof = (n: ts.Node): boolean =>
    (ts.isTypeOfExpression(n) && isRef(n.expression)) || (ts.isIdentifier(n) && typeofAliases.has(n.text));
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isTypeof(n.initializer))
      typeofAliases.add(n.name.text);
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      const eq = [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(op);
      if (eq) {
        const [a, b] = [n.left, n.right];
        const lit = ts.isStringLiteral(b) ? b : ts.isStringLiteral(a) ? a : undefined;
        if (lit && (isTypeof(a) || isTypeof(b))) {
          const t = lit.text;
          if (t === 'number' || t === 'string' || t === 'boolean' || t === 'undefined') ev.kinds.add(t);
          // `typeof x === 'object'` holds for arrays and null too.
          if (t === 'object') for (const k of ['object', 'array', 'null'] as const) ev.kinds.add(k);
          if (t === 'function') ev.kinds.add('function');
        }
        const other = isRef(a) ? b : isRef(b) ? a : undefined;
        if (other) {
          if (other.kind === ts.SyntaxKind.NullKeyword) {
            ev.kinds.add('null');
            if (op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken)
              ev.kinds.add('undefined');
          }
          if (
            (ts.isIdentifier(other) && other.text === 'undefined') ||
            ts.isVoidExpression(other) ||
            ts.isVoidExpression(other)
          )
            ev.kinds.add('undefined');
        }
      }
      if (op === ts.SyntaxKind.InstanceOfKeyword && isRef(n.left)) ev.kinds.add('object');
      // `x = x || {}`, `x = x || ''`
      if (
        op === ts.SyntaxKind.EqualsToken &&
        isRef(n.left) &&
        ts.isBinaryExpression(n.right) &&
        (n.right.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          n.right.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
        isRef(n.right.left)
      ) {
        ev.defaulted = true;
        if (ts.isObjectLiteralExpression(n.right.right)) ev.defaultObject = true;
      }
    }
    if (
      ts.isCallExpression(n) &&
      n.arguments.length === 1 &&
      isRef(n.arguments[0] as ts.Node) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'isArray'
    )
      ev.kinds.add('array');
    // `fn(x)`, `fn.call(self, x)`: a callback.
    if (
      ts.isCallExpression(n) &&
      (isRef(n.expression) ||
        (ts.isPropertyAccessExpression(n.expression) &&
          isRef(n.expression.expression) &&
          ['call', 'apply'].includes(n.expression.name.text)))
    )
      ev.called = true;
    if (ts.isCallExpression(n) && n.arguments.some(isRef)) {
      const callee = n.expression.getText();
      if (!/^(Math|Number|String|JSON|Object|Array|console|Boolean|parse|is[A-Z]?)\b/.test(callee))
        ev.passed = true;
    }
    if (ts.isPropertyAccessExpression(n) && isRef(n.expression) && !OBJECT_METHODS.has(n.name.text)) {
      ev.props.add(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return ev;
}

const STRINGISH = new Set(['length', 'trim', 'toLowerCase', 'toUpperCase', 'slice', 'indexOf', 'split']);

/**
 * The type of an untyped parameter: the usage guess alone when the code never checks what it got,
 * else a union of every type the checks name (objects with the properties the code reads).
 */
export function untypedType(name: string, body: ts.Node | undefined, guess: TypeDesc): TypeDesc {
  if (!body) return guess;
  const ev = evidence(name, body);
  if (ev.called && !ev.kinds.has('function')) ev.kinds.add('function');
  const objectProps = (): PropDesc[] =>
    [...ev.props]
      .filter((p) => !STRINGISH.has(p))
      .slice(0, 6)
      .map((p) => ({ name: p, type: { kind: 'unknown' }, optional: true }));
  // A usage guess of an object: its properties are read, so each may be absent (`options.long`).
  const fixGuess = (t: TypeDesc): TypeDesc =>
    t.kind === 'object' ? { kind: 'object', props: t.props.map((p) => ({ ...p, optional: true })) } : t;
  if (ev.kinds.size === 0) {
    const g =
      ev.defaultObject && guess.kind !== 'object'
        ? { kind: 'object' as const, props: objectProps() }
        : fixGuess(guess);
    // A primitive handed to a helper: one other type too, for the helper's type check.
    if (ev.passed && (g.kind === 'number' || g.kind === 'string')) {
      const other: TypeDesc = { kind: g.kind === 'number' ? 'string' : 'number' };
      return {
        kind: 'union',
        options: [g, other, ...(ev.defaulted ? [{ kind: 'undefined' } as TypeDesc] : [])],
      };
    }
    return ev.defaulted && g.kind !== 'unknown' ? { kind: 'union', options: [g, { kind: 'undefined' }] } : g;
  }
  const options: TypeDesc[] = [];
  const add = (t: TypeDesc) => {
    if (!options.some((o) => o.kind === t.kind)) options.push(t);
  };
  // `fn.call(...)` makes the usage guess an object with a `call` property: a callback instead.
  if (guess.kind !== 'unknown' && !(ev.called && guess.kind === 'object')) add(fixGuess(guess));
  for (const k of ev.kinds) {
    if (k === 'object') add({ kind: 'object', props: objectProps() });
    else if (k === 'array') add({ kind: 'array', element: { kind: 'unknown' } });
    else if (k === 'function') add({ kind: 'function', returns: { kind: 'unknown' } });
    else add({ kind: k });
  }
  // One type none of the checks names, for the path where all of them fail.
  const fallback = (['boolean', 'undefined', 'null', 'number', 'string'] as const).find(
    (k) => !ev.kinds.has(k),
  );
  if (fallback) add({ kind: fallback });
  // A type dispatcher (`kindOf`): past its primitive checks come arrays and objects.
  if (ev.kinds.size >= 3 || !fallback) {
    add({ kind: 'array', element: { kind: 'number' } });
    add({ kind: 'object', props: objectProps() });
  }
  if (ev.defaulted) add({ kind: 'undefined' });
  return options.length === 1 ? (options[0] as TypeDesc) : { kind: 'union', options };
}

/** A JSDoc type with open objects (`{Object}`): the properties the body reads, each optional. */
export function withUsageProps(type: TypeDesc, name: string, body: ts.Node | undefined): TypeDesc {
  if (!body) return type;
  const fill = (t: TypeDesc): TypeDesc => {
    if (t.kind === 'object' && t.props.length === 0) {
      const props = [...evidence(name, body).props].filter((p) => !STRINGISH.has(p)).slice(0, 6);
      return {
        kind: 'object',
        props: props.map((p) => ({ name: p, type: { kind: 'unknown' }, optional: true })),
      };
    }
    if (t.kind === 'union') return { kind: 'union', options: t.options.map(fill) };
    return t;
  };
  return fill(type);
}
