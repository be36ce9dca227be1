import ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { NULL, UNDEF, type Value } from '../values.js';

import { Expressions } from './expressions.js';
import { type EV, type Frame, isThrown, type State, siteOf, srcText, strip } from './types.js';

/** Unary and binary operators, with JS coercions. */
export abstract class Operators extends Expressions {
  protected async *evalPrefix(
    st: State,
    frame: Frame,
    e: ts.PrefixUnaryExpression,
  ): AsyncGenerator<[State, EV]> {
    const op = e.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) {
      for await (const [s, old] of this.evalExpr(st, frame, e.operand)) {
        if (isThrown(old)) {
          yield [s, old];
          continue;
        }
        const n = this.toNum(old);
        const updated: Value =
          n === undefined
            ? { t: 'opaque', why: 'increment' }
            : { t: 'num', term: T.arith(op === ts.SyntaxKind.PlusPlusToken ? 'add' : 'sub', n, T.num(1)) };
        yield* this.assign(s, frame, e.operand, updated);
      }
      return;
    }
    for await (const [s, v] of this.evalExpr(st, frame, e.operand)) {
      if (isThrown(v)) {
        yield [s, v];
        continue;
      }
      if (op === ts.SyntaxKind.ExclamationToken) {
        const t = this.truthy(s, v);
        yield [s, t === undefined ? { t: 'opaque', why: 'negation' } : { t: 'bool', term: T.not(t) }];
        continue;
      }
      for await (const [s1, nv] of this.narrow(s, v)) {
        const n = nv.t === 'str' ? this.strNumber(nv.term) : this.toNum(nv);
        if (n === undefined) {
          yield [s1, { t: 'opaque', why: 'unary operator on a non-number' }];
          continue;
        }
        if (op === ts.SyntaxKind.MinusToken) yield [s1, { t: 'num', term: T.unaryNum('neg', n) }];
        else if (op === ts.SyntaxKind.PlusToken) yield [s1, { t: 'num', term: n }];
        else {
          this.note('bitwise operator', e);
          yield [s1, { t: 'opaque', why: 'bitwise' }];
        }
      }
    }
  }

  protected async *evalBinary(st: State, frame: Frame, e: ts.BinaryExpression): AsyncGenerator<[State, EV]> {
    const op = e.operatorToken.kind;
    const K = ts.SyntaxKind;
    if (op === K.EqualsToken) {
      for await (const [s, v] of this.evalExpr(st, frame, e.right)) {
        if (isThrown(v)) yield [s, v];
        else yield* this.assign(s, frame, e.left, v);
      }
      return;
    }
    const compound: Partial<Record<ts.SyntaxKind, ts.BinaryOperator>> = {
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
            if (isThrown(v)) yield [s2, v];
            else yield* this.assign(s2, frame, e.left, v);
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
          const nullish = T.or(this.strictEq(l, UNDEF) ?? T.FALSE, this.strictEq(l, NULL) ?? T.FALSE);
          for await (const [s1, isNull] of this.branch(s, nullish, {
            pos: `${srcText(strip(e.left))} == null`,
            neg: `${srcText(strip(e.left))} != null`,
            site: siteOf(e.left),
          })) {
            if (isNull) yield* this.evalExpr(s1, frame, e.right);
            else {
              let v: Value = l;
              if (l.t === 'union') {
                const keep = l.alts.filter((a) => a.t !== 'undef' && a.t !== 'null');
                if (keep.length === 1) v = keep[0] as Value;
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
            if (isThrown(r) || r.t !== 'bool' || r.term.k === 'bool') yield [s2, r];
            else for await (const [s3] of this.branchValue(s2, r, e.right)) yield [s3, r];
          }
        }
      }
      return;
    }
    if (op === K.CommaToken) {
      for await (const [s] of this.evalExpr(st, frame, e.left)) yield* this.evalExpr(s, frame, e.right);
      return;
    }
    for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
      if (isThrown(l)) {
        yield [s, l];
        continue;
      }
      for await (const [s1, r] of this.evalExpr(s, frame, e.right)) {
        if (isThrown(r)) yield [s1, r];
        else yield* this.binop(s1, op, l, r, e);
      }
    }
  }

  protected async *binop(
    st: State,
    op: ts.SyntaxKind,
    l: Value,
    r: Value,
    node: ts.Node,
  ): AsyncGenerator<[State, EV]> {
    const K = ts.SyntaxKind;
    const boolOf = (t: Term | undefined): Value =>
      t === undefined ? { t: 'opaque', why: 'comparison' } : { t: 'bool', term: t };
    switch (op) {
      case K.EqualsEqualsEqualsToken:
        return yield [st, boolOf(this.strictEq(l, r))];
      case K.ExclamationEqualsEqualsToken: {
        const t = this.strictEq(l, r);
        return yield [st, boolOf(t && T.not(t))];
      }
      case K.EqualsEqualsToken:
        return yield [st, boolOf(this.strictEq(l, r, true))];
      case K.ExclamationEqualsToken: {
        const t = this.strictEq(l, r, true);
        return yield [st, boolOf(t && T.not(t))];
      }
      case K.InKeyword: {
        for await (const [s, o] of this.narrow(st, r)) {
          const obj = this.obj(s, o);
          if (obj?.kind === 'object' && l.t === 'str' && l.term.k === 'str') {
            const pv = obj.props.get(l.term.v);
            const present =
              pv === undefined
                ? T.FALSE
                : this.strictEq(pv, UNDEF)
                  ? T.not(this.strictEq(pv, UNDEF) as Term)
                  : T.TRUE;
            yield [s, { t: 'bool', term: present }];
          } else yield [s, { t: 'opaque', why: 'in operator' }];
        }
        return;
      }
      case K.InstanceOfKeyword: {
        for await (const [s, o] of this.narrow(st, l)) {
          const obj = this.obj(s, o);
          const name = r.t === 'class' ? r.name : r.t === 'native' ? r.name : '';
          if (!obj) yield [s, { t: 'bool', term: T.FALSE }];
          else if (obj.kind === 'array')
            yield [s, { t: 'bool', term: T.bool(name === 'Array' || name === 'Object') }];
          else if (obj.kind === 'object')
            yield [
              s,
              {
                t: 'bool',
                term: T.bool(
                  obj.cls?.name === name ||
                    obj.error === name ||
                    (name === 'Error' && !!obj.error) ||
                    name === 'Object',
                ),
              },
            ];
          else yield [s, { t: 'opaque', why: 'instanceof' }];
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
    const numLike = (v: Value) => v.t === 'num' || v.t === 'bool' || v.t === 'null';
    for await (const [s, a] of this.narrow(st, l)) {
      for await (const [s1, b] of this.narrow(s, r)) {
        // `str >= options.min`: the string is converted to a number (digit strings exactly).
        const strSide =
          relational && a.t === 'str' && numLike(b)
            ? a
            : relational && b.t === 'str' && numLike(a)
              ? b
              : undefined;
        const pairs: [State, Value, Value][] = [];
        if (strSide?.t === 'str')
          for await (const [s2, n] of this.digitsToNum(s1, strSide.term, 'comparison'))
            pairs.push(strSide === a ? [s2, n, b] : [s2, a, n]);
        else pairs.push([s1, a, b]);
        for (const [s2, x, y] of pairs) {
          this.strInts = [];
          const v = this.binPrim(op, x, y, node);
          for await (const s3 of this.takeStrInts(s2)) yield [s3, v];
        }
      }
    }
  }

  protected binPrim(op: ts.SyntaxKind, a: Value, b: Value, node: ts.Node): Value {
    const K = ts.SyntaxKind;
    if (op === K.PlusToken && (a.t === 'str' || b.t === 'str')) {
      const x = this.toStr(a);
      const y = this.toStr(b);
      if (x === undefined || y === undefined) return { t: 'opaque', why: 'concatenation with an object' };
      return { t: 'str', term: T.concat(x, y) };
    }
    if ([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken].includes(op)) {
      let x: Term | undefined;
      let y: Term | undefined;
      if (a.t === 'str' && b.t === 'str') {
        x = a.term;
        y = b.term;
      } else {
        x = this.toNum(a);
        y = this.toNum(b);
      }
      if (x === undefined || y === undefined) return { t: 'opaque', why: 'comparison of non-numbers' };
      const t =
        op === K.LessThanToken
          ? T.cmp('lt', x, y)
          : op === K.LessThanEqualsToken
            ? T.cmp('le', x, y)
            : op === K.GreaterThanToken
              ? T.cmp('lt', y, x)
              : T.cmp('le', y, x);
      return { t: 'bool', term: t };
    }
    const x = this.toNum(a);
    const y = this.toNum(b);
    if (x === undefined || y === undefined) return { t: 'opaque', why: 'arithmetic on non-numbers' };
    switch (op) {
      case K.PlusToken:
        return { t: 'num', term: T.arith('add', x, y) };
      case K.MinusToken:
        return { t: 'num', term: T.arith('sub', x, y) };
      case K.AsteriskToken:
        return { t: 'num', term: T.arith('mul', x, y) };
      case K.SlashToken:
        return { t: 'num', term: T.arith('div', x, y) };
      case K.PercentToken:
        return { t: 'num', term: T.arith('jsmod', x, y) };
      case K.AsteriskAsteriskToken:
        if (y.k === 'num' && y.v === 2) return { t: 'num', term: T.arith('mul', x, x) };
        break;
      default:
        break;
    }
    this.note(`operator ${ts.tokenToString(op) ?? ts.SyntaxKind[op]}`, node);
    return { t: 'opaque', why: 'operator' };
  }
}
