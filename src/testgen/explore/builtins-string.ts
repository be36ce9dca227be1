import type ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { UNDEF, type Value } from '../values.js';

import { Builtins } from './builtins.js';
import type { EV, State } from './types.js';

/** Pieces a symbolic `split` is solved for; strings with more separators are left to search. */
const MAX_SPLIT_PARTS = 4;

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
    yield [
      { ...st, inexact: [...st.inexact, `split into more than ${MAX_SPLIT_PARTS} pieces`] },
      { t: 'opaque', why: 'split into many pieces' },
    ];
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
    const n0 = a0 && this.toNum(a0);
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
        const from = a1 ? this.toNum(a1) : undefined;
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
        for await (const s1 of this.assume(st, T.and(T.cmp('le', T.num(0), i), T.cmp('lt', i, len))))
          yield [s1, { t: 'num', term: T.charCode(T.charAt(s, i)) }];
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
        const lower = m.includes('Lower');
        const upper = m.includes('Upper');
        const unchanged: T.ReTerm = lower
          ? {
              r: 'loop',
              body: {
                r: 'inter',
                parts: [{ r: 'any' }, { r: 'complement', body: { r: 'range', lo: 'A', hi: 'Z' } }],
              },
              min: 0,
              max: undefined,
            }
          : upper
            ? {
                r: 'loop',
                body: {
                  r: 'inter',
                  parts: [{ r: 'any' }, { r: 'complement', body: { r: 'range', lo: 'a', hi: 'z' } }],
                },
                min: 0,
                max: undefined,
              }
            : {
                r: 'complement',
                body: {
                  r: 'union',
                  parts: [
                    {
                      r: 'concat',
                      parts: [
                        {
                          r: 'union',
                          parts: [
                            { r: 'lit', s: ' ' },
                            { r: 'range', lo: '\t', hi: '\r' },
                          ],
                        },
                        { r: 'loop', body: { r: 'any' }, min: 0, max: undefined },
                      ],
                    },
                    {
                      r: 'concat',
                      parts: [
                        { r: 'loop', body: { r: 'any' }, min: 0, max: undefined },
                        {
                          r: 'union',
                          parts: [
                            { r: 'lit', s: ' ' },
                            { r: 'range', lo: '\t', hi: '\r' },
                          ],
                        },
                      ],
                    },
                  ],
                },
              };
        for await (const s1 of this.assume(st, T.inRe(s, unchanged)))
          yield [
            { ...s1, inexact: s1.inexact },
            { t: 'str', term: s },
          ];
        return;
      }
      case 'slice':
      case 'substring':
      case 'substr': {
        const start = n0 ?? T.num(0);
        const endArg = a1 ? this.toNum(a1) : undefined;
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
          const end =
            endArg.k === 'num' && endArg.v < 0 && m === 'slice' ? T.arith('add', len, endArg) : endArg;
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
      case 'repeat':
        if (n0?.k === 'num') {
          let out: Term = T.str('');
          for (let i = 0; i < n0.v && i < 20; i++) out = T.concat(out, s);
          return yield [st, { t: 'str', term: out }];
        }
        break;
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
        if (s.k === 'str' && sep?.k === 'str') {
          return yield this.mkArray(
            st,
            s.v.split(sep.v).map((p) => ({ t: 'str', term: T.str(p) })),
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
