import ts from 'typescript';
import * as T from '../terms.js';
import { type FnLike, type HeapObj, UNDEF, type Value } from '../values.js';

import { Bindings } from './bindings.js';
import type { EV, State } from './types.js';

/** Property reads and writes, indexing, class members. */
export abstract class Props extends Bindings {
  protected setProp(st: State, target: Value, key: string, v: Value): State {
    const o = this.obj(st, target);
    if (o?.kind !== 'object' || target.t !== 'ref') return st;
    const props = new Map(o.props);
    props.set(key, v);
    return this.setHeap(st, target.id, { ...o, props });
  }

  protected methodOf(o: HeapObj, key: string, self: Value): Value | undefined {
    if (o.kind !== 'object' || !o.cls) return undefined;
    const cls = o.cls.node as ts.ClassLikeDeclaration;
    const m = cls.members.find((x) => ts.isMethodDeclaration(x) && x.name.getText() === key);
    if (m && ts.isMethodDeclaration(m))
      return { t: 'fn', node: m as FnLike, scope: this.fileOf(cls).scope, self, name: key };
    const g = cls.members.find((x) => ts.isGetAccessorDeclaration(x) && x.name.getText() === key);
    if (g) return { t: 'opaque', why: `getter ${key}` };
    return undefined;
  }

  protected async *getProp(
    st: State,
    base: Value,
    key: string,
    node: ts.Node,
    optional = false,
  ): AsyncGenerator<[State, EV]> {
    for await (const [s, b] of this.narrow(st, base)) {
      switch (b.t) {
        case 'undef':
        case 'null':
          if (optional) yield [s, UNDEF];
          // Reading a property of null/undefined throws a TypeError; such paths are not kept.
          continue;
        case 'str':
          if (key === 'length') yield [s, { t: 'num', term: T.strLen(b.term) }];
          else if (key === 'constructor') yield [s, { t: 'native', name: 'String' }];
          else yield [s, { t: 'native', name: `str.${key}`, self: b }];
          continue;
        case 'num':
        case 'bool':
          // `x.constructor.name` (validator's assertString): the primitive's wrapper class.
          if (key === 'constructor') yield [s, { t: 'native', name: b.t === 'num' ? 'Number' : 'Boolean' }];
          else yield [s, { t: 'native', name: `${b.t}.${key}`, self: b }];
          continue;
        case 'regex':
          if (key === 'source') yield [s, { t: 'str', term: T.str(b.source) }];
          else yield [s, { t: 'native', name: `regex.${key}`, self: b }];
          continue;
        case 'native':
          yield [s, this.staticMember(b.name, key)];
          continue;
        case 'class': {
          const cls = b.node as ts.ClassLikeDeclaration;
          const m = cls.members.find(
            (x) =>
              ts.isMethodDeclaration(x) &&
              x.name.getText() === key &&
              ts.getModifiers(x)?.some((y) => y.kind === ts.SyntaxKind.StaticKeyword),
          );
          if (m) yield [s, { t: 'fn', node: m as FnLike, scope: this.fileOf(cls).scope, self: b, name: key }];
          else {
            const p = cls.members.find((x) => ts.isPropertyDeclaration(x) && x.name.getText() === key);
            if (p && ts.isPropertyDeclaration(p) && p.initializer)
              yield* this.evalExpr(s, { scope: this.fileOf(cls).scope, self: b }, p.initializer);
            else yield [s, { t: 'opaque', why: `static ${b.name}.${key}` }];
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
            if (key === 'length') yield [s, { t: 'num', term: o.len }];
            else if (/^\d+$/.test(key)) yield* this.index(s, b, { t: 'num', term: T.num(Number(key)) }, node);
            else yield [s, { t: 'native', name: `arr.${key}`, self: b }];
            continue;
          }
          if (o.kind === 'set' || o.kind === 'map') {
            if (key === 'size') yield [s, { t: 'num', term: T.num(o.entries.length) }];
            else yield [s, { t: 'native', name: `${o.kind}.${key}`, self: b }];
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

  protected staticMember(ns: string, key: string): Value {
    if (ns === 'Number') {
      if (key === 'MAX_SAFE_INTEGER') return { t: 'num', term: T.num(Number.MAX_SAFE_INTEGER) };
      if (key === 'MIN_SAFE_INTEGER') return { t: 'num', term: T.num(Number.MIN_SAFE_INTEGER) };
      if (key === 'EPSILON') return { t: 'num', term: T.num(Number.EPSILON) };
    }
    if (ns === 'Math' && key === 'PI') return { t: 'num', term: T.num(Math.PI) };
    if (key === 'name' && !ns.includes('.')) return { t: 'str', term: T.str(ns) };
    return { t: 'native', name: `${ns}.${key}` };
  }

  protected async *index(st: State, base: Value, key: Value, node: ts.Node): AsyncGenerator<[State, EV]> {
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
          for await (const [s1, inside] of this.branch(s, T.cmp('lt', i, o.len)))
            yield [s1, inside ? (o.elems[i.v] as Value) : UNDEF];
          continue;
        }
        for (let k = 0; k < cap; k++) {
          for await (const s1 of this.assume(s, T.and(T.eq(i, T.num(k)), T.cmp('lt', i, o.len))))
            yield [s1, o.elems[k] as Value];
        }
        for await (const s1 of this.assume(
          s,
          T.or(T.cmp('le', o.len, i), T.cmp('lt', i, T.num(0)), T.not(T.isInt(i))),
        ))
          yield [s1, UNDEF];
        continue;
      }
      if (b.t === 'str' && key.t === 'num') {
        for await (const [s1, inside] of this.branch(
          s,
          T.and(T.cmp('le', T.num(0), key.term), T.cmp('lt', key.term, T.strLen(b.term)), T.isInt(key.term)),
        )) {
          yield [s1, inside ? { t: 'str', term: T.charAt(b.term, key.term) } : UNDEF];
        }
        continue;
      }
      if (o?.kind === 'object' && key.t === 'str') {
        // Computed key over a known set of properties.
        for (const [name, v] of o.props) {
          for await (const s1 of this.assume(s, T.eq(key.term, T.str(name)))) yield [s1, v];
        }
        for await (const s1 of this.assume(
          s,
          T.and(...[...o.props.keys()].map((n) => T.not(T.eq(key.term, T.str(n))))),
        ))
          yield [s1, UNDEF];
        continue;
      }
      this.note('computed property access', node);
      yield [s, { t: 'opaque', why: 'computed property' }];
    }
  }
}
