import { FN_KEY } from '../literal.js';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import type { TypeDesc } from '../types.js';
import { type HeapObj, type InputShape, NULL, UNDEF, UNKNOWN_OPTIONS, type Value } from '../values.js';

import { PathState } from './state.js';
import { type EV, MAX_STRING, type State } from './types.js';

const DIGITS: T.ReTerm = { r: 'loop', body: { r: 'range', lo: '0', hi: '9' }, min: 1, max: 15 };

/** Values and type tags: symbolic inputs from declared types, and the JS coercions and `typeof` over them. */
export abstract class TypeTags extends PathState {
  /** A symbolic value of a declared type plus the shape that rebuilds it from a model. */
  protected inputOf(
    name: string,
    type: TypeDesc,
    heap: Map<number, HeapObj>,
    pc: Term[],
    depth = 0,
  ): [Value, InputShape] {
    switch (type.kind) {
      case 'number': {
        const v = this.mkVar(name, 'num');
        return [
          { t: 'num', term: v },
          { s: 'num', v: name },
        ];
      }
      case 'string': {
        const v = this.mkVar(name, 'str');
        // Bounded strings: realistic inputs, and far easier for Z3's sequence solver.
        pc.push(T.cmp('le', T.strLen(v), T.num(MAX_STRING)));
        return [
          { t: 'str', term: v },
          { s: 'str', v: name },
        ];
      }
      case 'boolean': {
        const v = this.mkVar(name, 'bool');
        return [
          { t: 'bool', term: v },
          { s: 'bool', v: name },
        ];
      }
      case 'undefined':
        return [UNDEF, { s: 'const', value: undefined }];
      case 'function':
        // A callback returning undefined; search varies what it returns.
        return [
          { t: 'native', name: 'input callback' },
          { s: 'const', value: { [FN_KEY]: undefined } as never },
        ];
      case 'null':
        return [NULL, { s: 'const', value: null }];
      case 'literal': {
        const v = type.value;
        const value: Value =
          typeof v === 'number'
            ? { t: 'num', term: T.num(v) }
            : typeof v === 'string'
              ? { t: 'str', term: T.str(v) }
              : { t: 'bool', term: T.bool(v) };
        return [value, { s: 'const', value: v }];
      }
      case 'unknown':
        return this.inputOf(name, { kind: 'union', options: UNKNOWN_OPTIONS }, heap, pc, depth);
      case 'union': {
        // Literal unions of one primitive become one variable constrained to the literals.
        const lits = type.options.filter((o) => o.kind === 'literal') as {
          kind: 'literal';
          value: string | number | boolean;
        }[];
        const rest = type.options.filter((o) => o.kind !== 'literal');
        const allStrings = lits.length > 0 && lits.every((l) => typeof l.value === 'string');
        const allNumbers = lits.length > 0 && lits.every((l) => typeof l.value === 'number');
        const options: TypeDesc[] = [...rest];
        const tag = this.mkVar(`${name}#type`, 'num');
        const values: Value[] = [];
        const shapes: InputShape[] = [];
        if ((allStrings || allNumbers) && lits.length > 1) {
          const v = this.mkVar(name, allStrings ? 'str' : 'num');
          const value: Value = allStrings ? { t: 'str', term: v } : { t: 'num', term: v };
          values.push(value);
          shapes.push({ s: allStrings ? 'str' : 'num', v: name });
          pc.push(
            T.or(
              ...lits.map((l) =>
                T.eq(v, typeof l.value === 'string' ? T.str(l.value) : T.num(l.value as number)),
              ),
            ),
          );
        } else {
          options.unshift(...lits);
        }
        options.forEach((o, i) => {
          const [v, s] = this.inputOf(`${name}|${i}`, o, heap, pc, depth + 1);
          values.push(v);
          shapes.push(s);
        });
        if (values.length === 1) {
          this.vars.delete(`${name}#type`);
          return [values[0] as Value, shapes[0] as InputShape];
        }
        pc.push(T.cmp('le', T.num(0), tag), T.cmp('lt', tag, T.num(values.length)), T.isInt(tag));
        return [
          { t: 'union', tag, alts: values },
          { s: 'union', tag: `${name}#type`, alts: shapes },
        ];
      }
      case 'array': {
        const cap = depth > 1 ? 2 : this.limits.arrayCapacity;
        const len = this.mkVar(`${name}.length`, 'num');
        pc.push(T.cmp('le', T.num(0), len), T.cmp('le', len, T.num(cap)), T.isInt(len));
        const elems: Value[] = [];
        const shapes: InputShape[] = [];
        for (let i = 0; i < cap; i++) {
          const [v, s] = this.inputOf(`${name}[${i}]`, type.element, heap, pc, depth + 1);
          elems.push(v);
          shapes.push(s);
        }
        const id = this.fresh();
        heap.set(id, { kind: 'array', len, elems });
        return [
          { t: 'ref', id },
          { s: 'array', len: `${name}.length`, elems: shapes },
        ];
      }
      case 'object': {
        const props = new Map<string, Value>();
        const shapes: { name: string; shape: InputShape; optional: boolean }[] = [];
        for (const p of type.props) {
          const pt: TypeDesc =
            p.optional && !(p.type.kind === 'union' && p.type.options.some((o) => o.kind === 'undefined'))
              ? { kind: 'union', options: [p.type, { kind: 'undefined' }] }
              : p.type;
          const [v, s] =
            depth > 3
              ? [UNDEF, { s: 'const' as const, value: undefined }]
              : this.inputOf(`${name}.${p.name}`, pt, heap, pc, depth + 1);
          props.set(p.name, v);
          shapes.push({ name: p.name, shape: s, optional: p.optional });
        }
        const id = this.fresh();
        heap.set(id, { kind: 'object', props });
        return [
          { t: 'ref', id },
          { s: 'object', props: shapes },
        ];
      }
    }
  }

  protected truthy(st: State, v: Value): Term | undefined {
    switch (v.t) {
      case 'num':
        return T.not(T.eq(v.term, T.num(0)));
      case 'str':
        return T.not(T.eq(v.term, T.str('')));
      case 'bool':
        return v.term;
      case 'undef':
      case 'null':
        return T.FALSE;
      case 'union': {
        const parts: Term[] = [];
        for (let i = 0; i < v.alts.length; i++) {
          const t = this.truthy(st, v.alts[i] as Value);
          if (t === undefined) return undefined;
          parts.push(T.and(T.eq(v.tag, T.num(i)), t));
        }
        return T.or(...parts);
      }
      case 'opaque':
        return undefined;
      case 'promise':
        return T.TRUE;
      default:
        return T.TRUE;
    }
  }

  protected typeOf(v: Value): Term {
    switch (v.t) {
      case 'num':
        return T.str('number');
      case 'str':
        return T.str('string');
      case 'bool':
        return T.str('boolean');
      case 'undef':
        return T.str('undefined');
      case 'null':
        return T.str('object');
      case 'fn':
      case 'native':
      case 'class':
        return T.str('function');
      case 'union': {
        let out = this.typeOf(v.alts[v.alts.length - 1] as Value);
        for (let i = v.alts.length - 2; i >= 0; i--)
          out = T.ite(T.eq(v.tag, T.num(i)), this.typeOf(v.alts[i] as Value), out);
        return out;
      }
      default:
        return T.str('object');
    }
  }

  /** Strict equality as a term (unions become disjunctions over their tags). */
  protected strictEq(a: Value, b: Value, loose = false): Term | undefined {
    if (a.t === 'union') {
      const parts: Term[] = [];
      for (let i = 0; i < a.alts.length; i++) {
        const e = this.strictEq(a.alts[i] as Value, b, loose);
        if (e === undefined) return undefined;
        parts.push(T.and(T.eq(a.tag, T.num(i)), e));
      }
      return T.or(...parts);
    }
    if (b.t === 'union') return this.strictEq(b, a, loose);
    if (a.t === 'opaque' || b.t === 'opaque') return undefined;
    const nullish = (x: Value) => x.t === 'undef' || x.t === 'null';
    if (loose && nullish(a) && nullish(b)) return T.TRUE;
    if (a.t !== b.t) return T.FALSE;
    switch (a.t) {
      case 'num':
      case 'str':
      case 'bool':
        return T.eq(a.term, (b as { term: Term }).term);
      case 'undef':
      case 'null':
        return T.TRUE;
      case 'ref':
        return T.bool(a.id === (b as { id: number }).id);
      default:
        return T.bool(a === b);
    }
  }

  protected toNum(v: Value): Term | undefined {
    if (v.t === 'num') return v.term;
    if (v.t === 'bool') return T.ite(v.term, T.num(1), T.num(0));
    if (v.t === 'null') return T.num(0);
    return undefined;
  }

  /**
   * A string as a number (`Number(s)`, `s >= 1`): a constant exactly, a digit string as the integer
   * it spells; other strings (signs, decimals, NaN) are left to search (inexact).
   */
  protected async *digitsToNum(st: State, s: Term, why: string): AsyncGenerator<[State, Value]> {
    if (s.k === 'str') {
      yield [
        st,
        {
          t: 'num',
          term: T.num(
            why === 'parseInt'
              ? Number.parseInt(s.v, 10)
              : why === 'parseFloat'
                ? Number.parseFloat(s.v)
                : Number(s.v),
          ),
        },
      ];
      return;
    }
    for await (const [s1, isDigits] of this.branch(st, T.inRe(s, DIGITS))) {
      if (isDigits) yield [s1, { t: 'num', term: T.strToInt(s) }];
      else yield this.leftToSearch(s1, `${why} of a non-digit string`);
    }
  }

  /** `isInt` conditions of the symbolic numbers toStr converted (exact for integers only). */
  protected strInts: Term[] = [];

  /** The state with the conditions toStr needed since the last call (the others are dropped). */
  protected async *takeStrInts(st: State): AsyncGenerator<State> {
    const conds = this.strInts;
    this.strInts = [];
    if (conds.length === 0) yield st;
    else yield* this.assume(st, T.and(...conds));
  }

  protected toStr(v: Value): Term | undefined {
    switch (v.t) {
      case 'str':
        return v.term;
      case 'num':
        if (v.term.k !== 'num') this.strInts.push(T.isInt(v.term));
        return v.term.k === 'num'
          ? T.str(String(v.term.v))
          : T.ite(
              T.cmp('le', T.num(0), v.term),
              T.intToStr(v.term),
              T.concat(T.str('-'), T.intToStr(T.unaryNum('neg', v.term))),
            );
      case 'bool':
        return T.ite(v.term, T.str('true'), T.str('false'));
      case 'undef':
        return T.str('undefined');
      case 'null':
        return T.str('null');
      default:
        return undefined;
    }
  }

  /** The value without the alternatives of kind `kind` (after a check excluded them). */
  protected async *narrowNot(st: State, v: Value, kind: Value['t']): AsyncGenerator<[State, EV]> {
    if (v.t !== 'union') {
      yield [st, v];
      return;
    }
    const keep: number[] = [];
    v.alts.forEach((a, i) => {
      if (a.t !== kind) keep.push(i);
    });
    if (keep.length === 1) {
      yield [st, v.alts[keep[0] as number] as Value];
      return;
    }
    yield [st, v];
  }

  protected num(v: Value | undefined): Term | undefined {
    return v ? this.toNum(v) : undefined;
  }

  /** `Number(s)` for strings of digits only (the explorer constrains the rest away). */
  protected strNumber(s: Term): Term | undefined {
    if (s.k === 'str') {
      const n = Number(s.v);
      return Number.isFinite(n) ? T.num(n) : undefined;
    }
    return undefined;
  }
}
