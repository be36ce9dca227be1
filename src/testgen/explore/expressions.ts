import ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { type FnLike, NULL, UNDEF, type Value } from '../values.js';

import { ArrayModels } from './builtins-array.js';
import { type EV, type Frame, isThrown, type State, type Thrown } from './types.js';

/** Expressions: literals, member access, conditionals, templates, object and array literals. */
export abstract class Expressions extends ArrayModels {
  protected async *evalAll(
    st: State,
    frame: Frame,
    nodes: readonly ts.Expression[],
  ): AsyncGenerator<[State, Value[] | Thrown]> {
    if (nodes.length === 0) {
      yield [st, []];
      return;
    }
    const [first, ...rest] = nodes;
    const spread = first && ts.isSpreadElement(first);
    for await (const [s1, v] of this.evalExpr(
      st,
      frame,
      spread ? (first as ts.SpreadElement).expression : (first as ts.Expression),
    )) {
      if (isThrown(v)) {
        yield [s1, v];
        continue;
      }
      const heads: [State, Value[]][] = [];
      if (spread) {
        for await (const [s2, arr] of this.concreteArray(s1, v)) heads.push([s2, arr.elems]);
        if (heads.length === 0) heads.push([s1, [{ t: 'opaque', why: 'spread of a non-array' }]]);
      } else heads.push([s1, [v]]);
      for (const [s2, head] of heads) {
        for await (const [s3, tail] of this.evalAll(s2, frame, rest)) {
          if (!Array.isArray(tail)) yield [s3, tail];
          else yield [s3, [...head, ...tail]];
        }
      }
    }
  }

  async *evalExpr(st: State, frame: Frame, node: ts.Expression): AsyncGenerator<[State, EV]> {
    const e = node;
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e)
    ) {
      yield* this.evalExpr(st, frame, e.expression);
      return;
    }
    if (ts.isNumericLiteral(e)) return yield [st, { t: 'num', term: T.num(Number(e.text)) }];
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
      return yield [st, { t: 'str', term: T.str(e.text) }];
    if (e.kind === ts.SyntaxKind.TrueKeyword) return yield [st, { t: 'bool', term: T.TRUE }];
    if (e.kind === ts.SyntaxKind.FalseKeyword) return yield [st, { t: 'bool', term: T.FALSE }];
    if (e.kind === ts.SyntaxKind.NullKeyword) return yield [st, NULL];
    if (e.kind === ts.SyntaxKind.ThisKeyword) return yield [st, frame.self ?? UNDEF];
    if (ts.isRegularExpressionLiteral(e)) {
      const text = e.text;
      const slash = text.lastIndexOf('/');
      return yield [st, { t: 'regex', source: text.slice(1, slash), flags: text.slice(slash + 1) }];
    }
    if (ts.isIdentifier(e)) return yield* this.lookup(st, frame, e.text, e);
    if (ts.isTemplateExpression(e)) {
      for await (const [s, vs] of this.evalAll(
        st,
        frame,
        e.templateSpans.map((x) => x.expression),
      )) {
        if (!Array.isArray(vs)) {
          yield [s, vs];
          continue;
        }
        let out: Term = T.str(e.head.text);
        let ok = true;
        this.strInts = [];
        e.templateSpans.forEach((span, i) => {
          const part = this.toStr(vs[i] as Value);
          if (part === undefined) ok = false;
          else out = T.concat(T.concat(out, part), T.str(span.literal.text));
        });
        const v: Value = ok ? { t: 'str', term: out } : { t: 'opaque', why: 'template with an object' };
        for await (const s2 of this.takeStrInts(s)) yield [s2, v];
      }
      return;
    }
    if (ts.isArrayLiteralExpression(e)) {
      for await (const [s, vs] of this.evalAll(st, frame, e.elements)) {
        if (!Array.isArray(vs)) yield [s, vs];
        else yield this.mkArray(s, vs);
      }
      return;
    }
    if (ts.isObjectLiteralExpression(e)) {
      yield* this.evalObject(st, frame, e);
      return;
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      return yield [
        st,
        {
          t: 'fn',
          node: e as FnLike,
          scope: frame.scope,
          name: 'callback',
          ...(frame.self ? { self: frame.self } : {}),
        },
      ];
    }
    if (ts.isPrefixUnaryExpression(e)) {
      yield* this.evalPrefix(st, frame, e);
      return;
    }
    if (ts.isPostfixUnaryExpression(e)) {
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
        const updated: Value = {
          t: 'num',
          term: T.arith(e.operator === ts.SyntaxKind.PlusPlusToken ? 'add' : 'sub', n, T.num(1)),
        };
        for await (const [s1] of this.assign(s, frame, e.operand, updated)) yield [s1, { t: 'num', term: n }];
      }
      return;
    }
    if (ts.isBinaryExpression(e)) {
      yield* this.evalBinary(st, frame, e);
      return;
    }
    if (ts.isConditionalExpression(e)) {
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
    if (ts.isTypeOfExpression(e)) {
      for await (const [s, v] of this.evalExpr(st, frame, e.expression)) {
        yield [s, isThrown(v) ? v : { t: 'str', term: this.typeOf(v) }];
      }
      return;
    }
    if (ts.isAwaitExpression(e)) {
      for await (const [s, v] of this.evalExpr(st, frame, e.expression)) {
        if (!isThrown(v) && v.t === 'promise')
          yield [s, v.rejected ? { t: 'thrown', value: v.settled } : v.settled];
        else yield [s, v];
      }
      return;
    }
    if (ts.isPropertyAccessExpression(e)) {
      for await (const [s, base] of this.evalExpr(st, frame, e.expression)) {
        if (isThrown(base)) {
          yield [s, base];
          continue;
        }
        const optional = e.questionDotToken !== undefined || (e.flags & ts.NodeFlags.OptionalChain) !== 0;
        yield* this.getProp(s, base, e.name.text, e, optional);
      }
      return;
    }
    if (ts.isElementAccessExpression(e)) {
      for await (const [s, base] of this.evalExpr(st, frame, e.expression)) {
        if (isThrown(base)) {
          yield [s, base];
          continue;
        }
        for await (const [s1, key] of this.evalExpr(s, frame, e.argumentExpression)) {
          if (isThrown(key)) yield [s1, key];
          else yield* this.index(s1, base, key, e);
        }
      }
      return;
    }
    if (ts.isCallExpression(e)) {
      yield* this.evalCall(st, frame, e);
      return;
    }
    if (ts.isNewExpression(e)) {
      yield* this.evalNew(st, frame, e);
      return;
    }
    if (ts.isVoidExpression(e)) {
      for await (const [s] of this.evalExpr(st, frame, e.expression)) yield [s, UNDEF];
      return;
    }
    this.note(`expression ${ts.SyntaxKind[e.kind]}`, e);
    yield [st, { t: 'opaque', why: ts.SyntaxKind[e.kind] }];
  }

  protected async *evalObject(
    st: State,
    frame: Frame,
    e: ts.ObjectLiteralExpression,
  ): AsyncGenerator<[State, EV]> {
    let states: [State, Map<string, Value> | Thrown][] = [[st, new Map()]];
    for (const p of e.properties) {
      const next: [State, Map<string, Value> | Thrown][] = [];
      for (const [s, props] of states) {
        if (!(props instanceof Map)) {
          next.push([s, props]);
          continue;
        }
        if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) {
          const key = ts.isComputedPropertyName(p.name)
            ? undefined
            : p.name.getText().replace(/^['"]|['"]$/g, '');
          if (key === undefined) {
            this.note('computed key in an object literal', p);
            next.push([s, props]);
            continue;
          }
          const valueExpr = ts.isPropertyAssignment(p) ? p.initializer : p.name;
          for await (const [s1, v] of this.evalExpr(s, frame, valueExpr)) {
            if (isThrown(v)) next.push([s1, v]);
            else next.push([s1, new Map(props).set(key, v)]);
          }
        } else if (ts.isSpreadAssignment(p)) {
          for await (const [s1, v] of this.evalExpr(s, frame, p.expression)) {
            if (isThrown(v)) {
              next.push([s1, v]);
              continue;
            }
            const o = this.obj(s1, v);
            const merged = new Map(props);
            if (o?.kind === 'object') for (const [k, pv] of o.props) merged.set(k, pv);
            else if (v.t !== 'undef' && v.t !== 'null') this.note('spread of a non-object', p);
            next.push([s1, merged]);
          }
        } else if (ts.isMethodDeclaration(p)) {
          next.push([
            s,
            new Map(props).set(p.name.getText(), {
              t: 'fn',
              node: p as FnLike,
              scope: frame.scope,
              name: p.name.getText(),
            }),
          ]);
        } else {
          this.note('accessor in an object literal', p);
          next.push([s, props]);
        }
      }
      states = next;
    }
    for (const [s, props] of states) {
      if (!(props instanceof Map)) yield [s, props];
      else yield this.alloc(s, { kind: 'object', props });
    }
  }
}
