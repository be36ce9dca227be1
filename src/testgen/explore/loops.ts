import ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { UNDEF, type Value } from '../values.js';

import { Statements } from './statements.js';
import { type Completion, type EV, type Frame, isThrown, NORMAL, type State, type Thrown } from './types.js';

/** Loops (unrolled to the loop bound) and iteration over arrays, strings, sets and maps. */
export abstract class Loops extends Statements {
  /** Array methods with callbacks, over an array of known length. */
  protected async *iterate(
    st: State,
    m: string,
    fn: Value,
    items: Value[],
    init: Value | undefined,
    hasInit: boolean,
  ): AsyncGenerator<[State, EV]> {
    type Acc = { s: State; out: Value[]; acc: Value; done?: Value };
    let accs: Acc[] = [];
    let start = 0;
    if (m === 'reduce') {
      if (hasInit) accs = [{ s: st, out: [], acc: init as Value }];
      else if (items.length === 0) {
        yield this.throwError(st, 'TypeError', 'Reduce of empty array with no initial value');
        return;
      } else {
        accs = [{ s: st, out: [], acc: items[0] as Value }];
        start = 1;
      }
    } else accs = [{ s: st, out: [], acc: UNDEF }];
    for (let i = start; i < items.length; i++) {
      const next: Acc[] = [];
      for (const a of accs) {
        if (a.done) {
          next.push(a);
          continue;
        }
        const el = items[i] as Value;
        const callArgs: Value[] =
          m === 'reduce' ? [a.acc, el, { t: 'num', term: T.num(i) }] : [el, { t: 'num', term: T.num(i) }];
        for await (const [s1, r] of this.callFn(a.s, fn, callArgs)) {
          if (isThrown(r)) {
            next.push({ s: s1, out: a.out, acc: a.acc, done: r as unknown as Value });
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
            if (m === 'filter') next.push({ s: s2, out: truth ? [...a.out, el] : a.out, acc: a.acc });
            else if (m === 'some')
              next.push(
                truth
                  ? { s: s2, out: a.out, acc: a.acc, done: { t: 'bool', term: T.TRUE } }
                  : { s: s2, out: a.out, acc: a.acc },
              );
            else if (m === 'every')
              next.push(
                !truth
                  ? { s: s2, out: a.out, acc: a.acc, done: { t: 'bool', term: T.FALSE } }
                  : { s: s2, out: a.out, acc: a.acc },
              );
            else if (m === 'find')
              next.push(
                truth ? { s: s2, out: a.out, acc: a.acc, done: el } : { s: s2, out: a.out, acc: a.acc },
              );
            else
              next.push(
                truth
                  ? { s: s2, out: a.out, acc: a.acc, done: { t: 'num', term: T.num(i) } }
                  : { s: s2, out: a.out, acc: a.acc },
              );
          }
        }
      }
      accs = next;
    }
    for (const a of accs) {
      if (a.done && (a.done as unknown as Thrown).t === 'thrown') {
        yield [a.s, a.done as unknown as Thrown];
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
          yield [a.s, { t: 'bool', term: T.FALSE }];
          break;
        case 'every':
          yield [a.s, { t: 'bool', term: T.TRUE }];
          break;
        case 'findIndex':
          yield [a.s, { t: 'num', term: T.num(-1) }];
          break;
        default:
          yield [a.s, UNDEF];
      }
    }
  }

  protected async *execLoop(
    st: State,
    frame: Frame,
    node: ts.IterationStatement,
    label: string | undefined,
  ): AsyncGenerator<[State, Completion]> {
    const scope = this.newScope(frame.scope);
    const inner: Frame = { scope, self: frame.self };
    const bound = this.limits.loopBound;
    const continues = (c: Completion) =>
      c.type === 'continue' && (c.label === undefined || c.label === label);
    const breaks = (c: Completion) => c.type === 'break' && (c.label === undefined || c.label === label);

    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      for await (const [s0, iterable] of this.evalExpr(st, frame, node.expression)) {
        if (isThrown(iterable)) {
          yield [s0, { type: 'throw', value: iterable.value }];
          continue;
        }
        for await (const [s1, it] of this.narrow(s0, iterable)) {
          let items: { len: Term; elems: Value[] } | undefined;
          const o = this.obj(s1, it);
          if (ts.isForInStatement(node)) {
            if (o?.kind === 'object') {
              const keys = [...o.props.keys()].map((k) => ({ t: 'str', term: T.str(k) }) as Value);
              items = { len: T.num(keys.length), elems: keys };
            }
          } else if (o?.kind === 'array') items = { len: o.len, elems: o.elems };
          else if (o?.kind === 'set')
            items = { len: T.num(o.entries.length), elems: o.entries.map(([k]) => k) };
          else if (it.t === 'str') {
            // Strings iterate by character: unrolled like an array of the string's characters.
            const chars: Value[] = [];
            for (let k = 0; k < bound; k++) chars.push({ t: 'str', term: T.charAt(it.term, T.num(k)) });
            items = { len: T.strLen(it.term), elems: chars };
          }
          if (!items) {
            this.note('loop over a value that is not an array', node);
            yield [{ ...s1, inexact: [...s1.inexact, 'loop'] }, NORMAL];
            continue;
          }
          const init = node.initializer;
          const bindName = ts.isVariableDeclarationList(init)
            ? (init.declarations[0]?.name as ts.BindingName)
            : undefined;
          const itemsOf = items;
          const step = async function* (
            this: Loops,
            s: State,
            k: number,
          ): AsyncGenerator<[State, Completion]> {
            const more = T.cmp('lt', T.num(k), itemsOf.len);
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
              const el = itemsOf.elems[k] as Value;
              const bodyFrame: Frame = { scope: iterScope, self: frame.self };
              const bindings: [State, EV][] = [];
              if (bindName)
                for await (const r of this.bind(s3, iterScope, bindName, el, bodyFrame)) bindings.push(r);
              else {
                for await (const [s4] of this.assign(s3, frame, init as ts.Expression, el))
                  bindings.push([s4, el]);
              }
              for (const [sb] of bindings) {
                s3 = sb;
                for await (const [s4, c] of this.exec(s3, bodyFrame, node.statement)) {
                  if (breaks(c)) yield [s4, NORMAL];
                  else if (c.type === 'normal' || continues(c)) yield* step(s4, k + 1);
                  else yield [s4, c];
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
    const initial: [State, Completion][] = [];
    if (ts.isForStatement(node) && node.initializer) {
      if (ts.isVariableDeclarationList(node.initializer)) {
        let states: [State, Completion][] = [[st, NORMAL]];
        for (const d of node.initializer.declarations) {
          const next: [State, Completion][] = [];
          for (const [s] of states) {
            if (!d.initializer) {
              for await (const [s1] of this.bind(s, scope, d.name, UNDEF, inner)) next.push([s1, NORMAL]);
              continue;
            }
            for await (const [s1, v] of this.evalExpr(s, inner, d.initializer)) {
              if (isThrown(v)) next.push([s1, { type: 'throw', value: v.value }]);
              else for await (const [s2] of this.bind(s1, scope, d.name, v, inner)) next.push([s2, NORMAL]);
            }
          }
          states = next;
        }
        initial.push(...states);
      } else {
        for await (const [s, v] of this.evalExpr(st, inner, node.initializer))
          initial.push([s, isThrown(v) ? { type: 'throw', value: v.value } : NORMAL]);
      }
    } else initial.push([st, NORMAL]);

    const cond = ts.isForStatement(node)
      ? node.condition
      : (node as ts.WhileStatement | ts.DoStatement).expression;
    const incr = ts.isForStatement(node) ? node.incrementor : undefined;
    const isDo = ts.isDoStatement(node);
    const iterate = async function* (
      this: Loops,
      s: State,
      k: number,
      skipCheck: boolean,
    ): AsyncGenerator<[State, Completion]> {
      const checked: State[] = [];
      if (skipCheck || !cond) checked.push(s);
      else {
        for await (const [s1, c] of this.evalExpr(s, inner, cond)) {
          if (isThrown(c)) {
            yield [s1, { type: 'throw', value: c.value }];
            continue;
          }
          for await (const [s2, go] of this.branchValue(s1, c, cond)) {
            if (go) checked.push(s2);
            else yield [s2, NORMAL];
          }
        }
      }
      for (const s1 of checked) {
        if (k >= bound) continue;
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
              if (isThrown(v)) yield [s3, { type: 'throw', value: v.value }];
              else yield* iterate(s3, k + 1, false);
            }
          } else yield* iterate(s2, k + 1, false);
        }
      }
    }.bind(this);
    for (const [s, c] of initial) {
      if (c.type !== 'normal') yield [s, c];
      else yield* iterate(s, 0, isDo);
    }
  }
}
