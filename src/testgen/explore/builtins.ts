import type ts from 'typescript';
import { regexForTest, UnsupportedRegex } from '../regex.js';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { UNDEF, type Value } from '../values.js';

import { Calls } from './calls.js';
import type { EV, Frame, State } from './types.js';

/**
 * Strings JSON.stringify quotes without escaping anything: printable ASCII but `"` and `\\`. Built
 * per call, not held in a module constant: the builtins' mutation test (test/builtins-server.ts)
 * loads this module once, and a constant's mutants would never be live in a row.
 */
function plainJsonString(): T.ReTerm {
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
function protoMethod(name: string): string | undefined {
  const m = /^(?:(Object|String|Array)\.prototype|(obj|str|arr))\.(\w+)$/.exec(name);
  if (!m) return undefined;
  const kind = m[2] ?? { Object: 'obj', String: 'str', Array: 'arr' }[m[1] as 'Object'];
  return `${kind}.${m[3]}`;
}

/** Models of global builtins: `Math`, `Number`, `String`, `JSON`, errors, `Set`/`Map`, regexes. */
export abstract class Builtins extends Calls {
  /** `Object.keys`/`values`/`entries` of the given keys. */
  private listOf(st: State, name: string, props: Map<string, Value>, keys: string[]): [State, EV] {
    let s = st;
    const items: Value[] = [];
    for (const k of keys) {
      const v = props.get(k) as Value;
      if (name === 'Object.keys') items.push({ t: 'str', term: T.str(k) });
      else if (name === 'Object.values') items.push(v);
      else {
        const [s2, pair] = this.mkArray(s, [{ t: 'str', term: T.str(k) }, v]);
        s = s2;
        items.push(pair);
      }
    }
    return this.mkArray(s, items);
  }

  protected async *callNative(
    st: State,
    frame: Frame,
    f: Extract<Value, { t: 'native' }>,
    args: Value[],
    node: ts.CallExpression,
  ): AsyncGenerator<[State, EV]> {
    const name = f.name;
    const self = f.self;
    const a0 = args[0];
    const numRes = (t: Term | undefined): Value =>
      t === undefined ? { t: 'opaque', why: name } : { t: 'num', term: t };
    const boolRes = (t: Term | undefined): Value =>
      t === undefined ? { t: 'opaque', why: name } : { t: 'bool', term: t };
    const strArg = (v: Value | undefined): Term | undefined => (v?.t === 'str' ? v.term : undefined);
    // Arguments that are unions (optional strings, ...) are narrowed first.
    for (let i = 0; i < args.length; i++) {
      if (
        (args[i] as Value).t === 'union' &&
        !name.startsWith('arr.') &&
        name !== 'Array.isArray' &&
        !name.startsWith('set.') &&
        !name.startsWith('map.')
      ) {
        for await (const [s, nv] of this.narrow(st, args[i] as Value)) {
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
        return yield [st, numRes(n && T.unaryNum(name.slice(5) as 'floor', n))];
      }
      case 'Math.round': {
        const n = this.num(a0);
        return yield [st, numRes(n && T.unaryNum('floor', T.arith('add', n, T.num(0.5))))];
      }
      case 'Math.sign': {
        const n = this.num(a0);
        return yield [
          st,
          numRes(
            n &&
              T.ite(T.cmp('lt', T.num(0), n), T.num(1), T.ite(T.cmp('lt', n, T.num(0)), T.num(-1), T.num(0))),
          ),
        ];
      }
      case 'Math.min':
      case 'Math.max': {
        const ns = args.map((a) => this.toNum(a));
        if (ns.length === 0 || ns.some((n) => n === undefined)) return yield [st, { t: 'opaque', why: name }];
        let out = ns[0] as Term;
        for (const n of ns.slice(1)) out = T.minmax(name === 'Math.min' ? 'min' : 'max', out, n as Term);
        return yield [st, { t: 'num', term: out }];
      }
      case 'Math.random':
        return yield [st, { t: 'opaque', why: 'Math.random' }];
      case 'Number.isInteger':
      case 'Number.isSafeInteger': {
        if (a0?.t !== 'num') return yield [st, { t: 'bool', term: T.FALSE }];
        // A safe integer is at most 2^53 - 1 either way (9007199254740992 is an integer, not safe).
        const safe =
          name === 'Number.isSafeInteger'
            ? [T.cmp('le', T.num(-(2 ** 53 - 1)), a0.term), T.cmp('le', a0.term, T.num(2 ** 53 - 1))]
            : [];
        return yield [st, boolRes(T.and(T.isInt(a0.term), ...safe))];
      }
      case 'Number.isFinite':
      case 'Number.isNaN':
        // No coercion: only numbers (never NaN or infinite here) are finite.
        return yield [st, { t: 'bool', term: T.bool((a0?.t === 'num') === (name === 'Number.isFinite')) }];
      case 'isFinite':
      case 'isNaN': {
        if (a0?.t === 'num') return yield [st, { t: 'bool', term: T.bool(name === 'isFinite') }];
        if (a0?.t !== 'str') break;
        // Coerced with Number(): blank and digit strings are finite; other strings are left to search.
        const numeric: T.ReTerm = {
          r: 'union',
          parts: [
            { r: 'loop', body: { r: 'range', lo: '0', hi: '9' }, min: 1, max: 15 },
            { r: 'lit', s: '' },
          ],
        };
        for await (const [s, isNumeric] of this.branch(st, T.inRe(a0.term, numeric))) {
          if (isNumeric) yield [s, { t: 'bool', term: T.bool(name === 'isFinite') }];
          else yield this.leftToSearch(s, `${name} of a non-digit string`);
        }
        return;
      }
      case 'Number':
      case 'parseInt':
      case 'parseFloat': {
        // parseInt in base 10 only (a radix of 16 once read '20' as 20): others are left to search.
        const radix = args[1];
        if (
          name === 'parseInt' &&
          radix &&
          !(radix.t === 'num' && radix.term.k === 'num' && radix.term.v === 10)
        )
          break;
        if (a0?.t === 'num' && name === 'parseInt') {
          // parseInt reads the number as a string: an integer under 1e21 reads as itself; a fraction
          // or an exponent form ('5e-7' reads 5) is left to search.
          const plain = T.and(
            T.isInt(a0.term),
            T.cmp('lt', T.num(-1e21), a0.term),
            T.cmp('lt', a0.term, T.num(1e21)),
          );
          for await (const [s, isPlain] of this.branch(st, plain)) {
            if (isPlain) yield [s, a0];
            else yield this.leftToSearch(s, 'parseInt of a fraction or a large number');
          }
          return;
        }
        if (a0?.t === 'num') return yield [st, a0];
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
        if (!a0 || args.length > 1) break;
        if (a0.t === 'undef') return yield [st, UNDEF];
        if (a0.t === 'num' && a0.term.k === 'num')
          return yield [st, { t: 'str', term: T.str(JSON.stringify(a0.term.v)) }];
        if (a0.t === 'str') {
          for await (const [s, plain] of this.branch(st, T.inRe(a0.term, plainJsonString()))) {
            if (plain) yield [s, { t: 'str', term: T.concat(T.concat(T.str('"'), a0.term), T.str('"')) }];
            else
              yield this.leftToSearch(
                s,
                'JSON.stringify of a string with characters JSON escapes',
                'JSON.stringify of an escaped string',
              );
          }
          return;
        }
        if (a0.t !== 'num' && a0.t !== 'bool' && a0.t !== 'null') break;
        this.strInts = [];
        const t = this.toStr(a0);
        if (!t) break;
        for await (const s2 of this.takeStrInts(st)) yield [s2, { t: 'str', term: t }];
        return;
      }
      case 'String':
        if (a0) {
          this.strInts = [];
          const t = this.toStr(a0);
          if (t) {
            for await (const s2 of this.takeStrInts(st)) yield [s2, { t: 'str', term: t }];
            return;
          }
        }
        break;
      case 'Boolean': {
        const t = a0 ? this.truthy(st, a0) : T.FALSE;
        return yield [st, boolRes(t)];
      }
      case 'Array.isArray': {
        for await (const [s, v] of this.narrow(st, a0 ?? UNDEF))
          yield [s, { t: 'bool', term: T.bool(this.obj(s, v)?.kind === 'array') }];
        return;
      }
      case 'Object.keys':
      case 'Object.values':
      case 'Object.entries': {
        const o = a0 && this.obj(st, a0);
        if (o?.kind === 'object') {
          // An optional input property (a union with undefined) is absent when undefined.
          let states: [State, string[]][] = [[st, []]];
          for (const [k, v] of o.props) {
            const next: [State, string[]][] = [];
            for (const [s0, ks] of states) {
              const absent = v.t === 'union' ? this.strictEq(v, UNDEF) : T.FALSE;
              for await (const [s1, isAbsent] of this.branch(s0, absent ?? T.FALSE))
                next.push([s1, isAbsent ? ks : [...ks, k]]);
            }
            states = next;
          }
          for (const [s0, keys] of states) yield this.listOf(s0, name, o.props, keys);
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
            { t: 'bool', term: pv === undefined ? T.FALSE : T.not(this.strictEq(pv, UNDEF) ?? T.FALSE) },
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
        const hits = o.entries.map(([k]) => this.strictEq(k, a0) ?? T.FALSE);
        if (method === 'has') return yield [st, { t: 'bool', term: T.or(...hits) }];
        for (let i = 0; i < o.entries.length; i++) {
          for await (const s of this.assume(
            st,
            T.and(hits[i] as Term, ...hits.slice(0, i).map((h) => T.not(h))),
          ))
            yield [s, (o.entries[i] as [Value, Value])[1]];
        }
        for await (const s of this.assume(st, T.and(...hits.map((h) => T.not(h))))) yield [s, UNDEF];
        return;
      }
    }
    // A global or sticky regex tests from its lastIndex and moves it (`r.test(s)` twice on 'a0' gives
    // true, then false): left to search.
    if (name === 'regex.test' && self?.t === 'regex' && a0 && !/[gy]/.test(self.flags)) {
      this.strInts = [];
      const s = this.toStr(a0);
      if (s === undefined) return yield [st, { t: 'opaque', why: 'regex test of an object' }];
      try {
        const term = T.inRe(s, regexForTest(self.source, self.flags));
        for await (const s2 of this.takeStrInts(st)) yield [s2, { t: 'bool', term }];
        return;
      } catch (e) {
        if (!(e instanceof UnsupportedRegex)) throw e;
        this.note(`regex /${self.source}/: ${e.message}`, node);
        return yield [st, { t: 'opaque', why: `regex ${e.message}` }];
      }
    }
    if (name === 'num.toString' && self?.t === 'num' && args.length === 0) {
      this.strInts = [];
      const t = this.toStr(self);
      if (t) {
        for await (const s2 of this.takeStrInts(st)) yield [s2, { t: 'str', term: t }];
        return;
      }
    }
    this.note(`call ${name.replace(/^(str|arr|num|bool|regex|set|map|fn)\./, '$1.')}`, node);
    yield [st, { t: 'opaque', why: name }];
  }
}
