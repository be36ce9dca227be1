import type ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { UNDEF, type Value } from '../values.js';

import { Builtins } from './builtins.js';
import type { EV, State } from './types.js';

/** Pieces a symbolic `split` is solved for; strings with more separators are left to search. */
const MAX_SPLIT_PARTS = 4;

/** The characters JS's `trim` removes: ASCII blanks, Unicode spaces, line separators and the BOM. */
function jsBlank(): T.ReTerm {
  return {
    r: 'union',
    parts: [
      { r: 'range', lo: '\t', hi: '\r' },
      { r: 'lit', s: ' ' },
      { r: 'lit', s: '\u00a0' },
      { r: 'lit', s: '\u1680' },
      { r: 'range', lo: '\u2000', hi: '\u200a' },
      { r: 'range', lo: '\u2028', hi: '\u2029' },
      { r: 'lit', s: '\u202f' },
      { r: 'lit', s: '\u205f' },
      { r: 'lit', s: '\u3000' },
      { r: 'lit', s: '\ufeff' },
    ],
  };
}

/**
 * The strings a case or trim method returns as they are. A case method: ASCII without the letters it
 * changes (`'É'.toLowerCase()` and `'ß'.toUpperCase()` change too: other scripts are left to search).
 * A trim method: no blank at either end. Built per call (see `plainJsonString` in builtins.ts).
 */
function unchangedBy(m: string): T.ReTerm {
  const anything: T.ReTerm = { r: 'loop', body: { r: 'any' }, min: 0, max: undefined };
  if (m.includes('Lower') || m.includes('Upper')) {
    const [lo, hi] = m.includes('Lower') ? ['A', 'Z'] : ['a', 'z'];
    const keeps: T.ReTerm = {
      r: 'inter',
      parts: [
        { r: 'range', lo: '\u0000', hi: '\u007f' },
        { r: 'complement', body: { r: 'range', lo: lo as string, hi: hi as string } },
      ],
    };
    return { r: 'loop', body: keeps, min: 0, max: undefined };
  }
  const blank = jsBlank();
  return {
    r: 'complement',
    body: {
      r: 'union',
      parts: [
        { r: 'concat', parts: [blank, anything] },
        { r: 'concat', parts: [anything, blank] },
      ],
    },
  };
}

/** Models of `String.prototype` methods. */
export abstract class StringModels extends Builtins {
  private splits = 0;

  /**
   * `s.split(sep)` with a constant separator: one path per number of pieces, each piece a fresh
   * string in which `sep` first occurs at its end (so overlapping separators split as JS does).
   */
  private async *split(st: State, s: Term, sep: Term): AsyncGenerator<[State, EV]> {
    const id = this.splits++;
    const parts: Term[] = [];
    let rest: Term = s;
    for (let k = 0; k < MAX_SPLIT_PARTS; k++) {
      const p = this.mkVar(`split${id}.${k}`, 'str');
      parts.push(p);
      const clean = T.eq(T.indexOf(T.concat(p, sep), sep), T.strLen(p));
      // Last piece: the rest has no separator.
      for await (const s1 of this.assume(st, T.and(T.eq(rest, p), T.not(T.strPred('contains', p, sep)))))
        yield this.mkArray(
          s1,
          parts.map((term) => ({ t: 'str', term })),
        );
      const tail = this.mkVar(`split${id}.rest${k}`, 'str');
      const more = T.and(T.eq(rest, T.concat(T.concat(p, sep), tail)), clean);
      if (!(await this.feasible([...st.pc, more]))) return;
      st = { ...st, pc: [...st.pc, more] };
      rest = tail;
    }
    yield this.leftToSearch(st, `split into more than ${MAX_SPLIT_PARTS} pieces`, 'split into many pieces');
  }

  protected async *stringMethod(
    st: State,
    m: string,
    s: Term,
    args: Value[],
    node: ts.Node,
    strArg: (v: Value | undefined) => Term | undefined,
  ): AsyncGenerator<[State, EV]> {
    const [a0, a1] = args;
    // Positions and counts as JS reads them: truncated toward zero, NaN as 0 (`s.slice(1.5)` is
    // `s.slice(1)`; a fraction once reached Z3's substring as it was and took one character less).
    const int = (t: Term | undefined): Term | undefined =>
      t === undefined ? undefined : t.k === 'num' && Number.isNaN(t.v) ? T.num(0) : T.unaryNum('trunc', t);
    const n0 = int(a0 && this.toNum(a0));
    const len = T.strLen(s);
    switch (m) {
      case 'startsWith':
      case 'endsWith':
      case 'includes': {
        const sub = strArg(a0);
        if (sub === undefined || a1) break;
        return yield [
          st,
          {
            t: 'bool',
            term: T.strPred(
              m === 'startsWith' ? 'prefixof' : m === 'endsWith' ? 'suffixof' : 'contains',
              s,
              sub,
            ),
          },
        ];
      }
      case 'indexOf': {
        const sub = strArg(a0);
        if (sub === undefined) break;
        const from = a1 ? int(this.toNum(a1)) : undefined;
        return yield [st, { t: 'num', term: T.indexOf(s, sub, from) }];
      }
      case 'lastIndexOf': {
        const sub = strArg(a0);
        if (sub === undefined || a1) break;
        return yield [st, { t: 'num', term: T.lastIndexOf(s, sub) }];
      }
      case 'charAt':
      case 'at': {
        const i = n0 ?? T.num(0);
        if (m === 'at') {
          // A negative index counts from the end.
          const at = T.ite(T.cmp('lt', i, T.num(0)), T.arith('add', len, i), i);
          for await (const [s1, inside] of this.branch(
            st,
            T.and(T.cmp('le', T.num(0), at), T.cmp('lt', at, len)),
          ))
            yield [s1, inside ? { t: 'str', term: T.charAt(s, at) } : UNDEF];
          return;
        }
        return yield [st, { t: 'str', term: T.charAt(s, i) }];
      }
      case 'charCodeAt':
      case 'codePointAt': {
        const i = n0 ?? T.num(0);
        const code = T.charCode(T.charAt(s, i));
        // codePointAt at a high surrogate reads the pair (left to search); charCodeAt the unit.
        const unit =
          m === 'codePointAt'
            ? T.not(T.and(T.cmp('le', T.num(0xd800), code), T.cmp('le', code, T.num(0xdbff))))
            : T.TRUE;
        for await (const s1 of this.assume(st, T.and(T.cmp('le', T.num(0), i), T.cmp('lt', i, len), unit)))
          yield [s1, { t: 'num', term: code }];
        return;
      }
      case 'toLowerCase':
      case 'toUpperCase':
      case 'toLocaleLowerCase':
      case 'toLocaleUpperCase':
      case 'trim':
      case 'trimStart':
      case 'trimEnd': {
        // Modelled as the identity on strings it does not change: the other inputs are left to search.
        const unchanged = unchangedBy(m);
        for await (const s1 of this.assume(st, T.inRe(s, unchanged))) yield [s1, { t: 'str', term: s }];
        return;
      }
      case 'slice':
      case 'substring':
      case 'substr': {
        const start = n0 ?? T.num(0);
        const endArg = a1 ? int(this.toNum(a1)) : undefined;
        if (start.k !== 'num' || (a1 && endArg === undefined)) break;
        // A constant start (slice and substr count a negative one from the end); a constant or
        // absent end.
        let from: Term =
          start.v < 0 && m !== 'substring'
            ? T.minmax('max', T.arith('add', len, start), T.num(0))
            : T.minmax('min', T.num(Math.max(0, start.v)), len);
        let count: Term;
        if (!endArg) count = T.arith('sub', len, from);
        else if (m === 'substr') count = endArg;
        else if (m === 'substring') {
          // Both ends clamped to [0, length], swapped when the start is past the end.
          const to = T.minmax('min', T.minmax('max', endArg, T.num(0)), len);
          const lo = T.minmax('min', from, to);
          count = T.arith('sub', T.minmax('max', from, to), lo);
          from = lo;
        } else {
          // slice counts a negative end from the end, a symbolic one too (`s.slice(1, n)` at n = -1
          // once read '' for '0000', where JS gives '00').
          const end = T.ite(T.cmp('lt', endArg, T.num(0)), T.arith('add', len, endArg), endArg);
          count = T.minmax('max', T.arith('sub', T.minmax('min', end, len), from), T.num(0));
        }
        if (from.k === 'op' && from.op === 'min' && start.v === 0) from = T.num(0);
        return yield [st, { t: 'str', term: T.substr(s, from, count) }];
      }
      case 'concat': {
        let out = s;
        this.strInts = [];
        for (const a of args) {
          const t = this.toStr(a);
          if (t === undefined) return yield [st, { t: 'opaque', why: 'concat' }];
          out = T.concat(out, t);
        }
        for await (const s2 of this.takeStrInts(st)) yield [s2, { t: 'str', term: out }];
        return;
      }
      case 'repeat': {
        // A constant count (truncated, as above) of 0 to 20 copies. A negative count throws and a
        // larger one is long: both are left to search (20 copies once stood for any larger count,
        // and 2.5 gave 3).
        const n = n0?.k === 'num' ? n0.v : Number.NaN;
        if (!(n >= 0 && n <= 20)) break;
        let out: Term = T.str('');
        for (let i = 0; i < n; i++) out = T.concat(out, s);
        return yield [st, { t: 'str', term: out }];
      }
      case 'toString':
      case 'valueOf':
        return yield [st, { t: 'str', term: s }];
      case 'replace': {
        // String patterns only (a regex's leftmost-greedy match is not Z3's), and a string
        // replacement without `$` patterns.
        const p = a0?.t === 'str' ? a0.term : undefined;
        const r = a1?.t === 'str' ? a1.term : undefined;
        if (p === undefined || r === undefined || args.length > 2) break;
        if (r.k === 'str' && r.v.includes('$')) break;
        if (r.k === 'str') return yield [st, { t: 'str', term: T.replace(s, p, r) }];
        for await (const s1 of this.assume(st, T.not(T.strPred('contains', r, T.str('$')))))
          yield [s1, { t: 'str', term: T.replace(s, p, r) }];
        return;
      }
      case 'split': {
        const sep = strArg(a0);
        // A constant string and separator split as JS splits them, with a constant limit if one is
        // given (the limit was once ignored: 'a,b,c'.split(',', 2)[2] read 'c').
        const limit = a1 === undefined ? undefined : a1.t === 'num' && a1.term.k === 'num' ? a1.term.v : null;
        if (s.k === 'str' && sep?.k === 'str' && limit !== null) {
          return yield this.mkArray(
            st,
            s.v.split(sep.v, limit).map((p) => ({ t: 'str', term: T.str(p) })),
          );
        }
        if (sep?.k === 'str' && sep.v !== '' && !a1) {
          yield* this.split(st, s, sep);
          return;
        }
        break;
      }
      default:
        break;
    }
    this.note(`call string.${m}`, node);
    yield [st, { t: 'opaque', why: `string.${m}` }];
  }
}
