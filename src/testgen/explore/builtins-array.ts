import type ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import { UNDEF, type Value } from '../values.js';

import { StringModels } from './builtins-string.js';
import type { EV, State } from './types.js';

/** Models of `Array.prototype` methods with callbacks. */
export abstract class ArrayModels extends StringModels {
  protected async *arrayMethod(
    st: State,
    m: string,
    self: Value,
    args: Value[],
    node: ts.Node,
  ): AsyncGenerator<[State, EV]> {
    const a0 = args[0];
    const o = this.obj(st, self);
    if (o?.kind !== 'array' || self.t !== 'ref') {
      yield [st, { t: 'opaque', why: `array.${m}` }];
      return;
    }
    // Without a start index (one was once ignored: [2, 0, 0].includes(2, 1) read true).
    if ((m === 'includes' || m === 'indexOf') && a0 && args.length === 1) {
      const hits: Term[] = [];
      for (let i = 0; i < o.elems.length; i++) {
        const eqt = this.strictEq(o.elems[i] as Value, a0);
        if (eqt === undefined) {
          yield [st, { t: 'opaque', why: `array.${m}` }];
          return;
        }
        hits.push(T.and(T.cmp('lt', T.num(i), o.len), eqt));
      }
      if (m === 'includes') return yield [st, { t: 'bool', term: T.or(...hits) }];
      let out: Term = T.num(-1);
      for (let i = hits.length - 1; i >= 0; i--) out = T.ite(hits[i] as Term, T.num(i), out);
      return yield [st, { t: 'num', term: out }];
    }
    for await (const [s, arr] of this.concreteArray(st, self)) {
      const items = arr.elems;
      switch (m) {
        case 'push': {
          const elems = [...items, ...args];
          yield [
            this.setHeap(s, self.id, { kind: 'array', len: T.num(elems.length), elems }),
            { t: 'num', term: T.num(elems.length) },
          ];
          continue;
        }
        case 'pop':
        case 'shift': {
          const elems = m === 'pop' ? items.slice(0, -1) : items.slice(1);
          const v = (m === 'pop' ? items[items.length - 1] : items[0]) ?? UNDEF;
          yield [this.setHeap(s, self.id, { kind: 'array', len: T.num(elems.length), elems }), v];
          continue;
        }
        case 'unshift': {
          const elems = [...args, ...items];
          yield [
            this.setHeap(s, self.id, { kind: 'array', len: T.num(elems.length), elems }),
            { t: 'num', term: T.num(elems.length) },
          ];
          continue;
        }
        case 'slice': {
          const from = a0 ? this.toNum(a0) : T.num(0);
          const to = args[1] ? this.toNum(args[1]) : T.num(items.length);
          if (from?.k === 'num' && to?.k === 'num') {
            yield this.mkArray(s, items.slice(from.v, to.v));
            continue;
          }
          break;
        }
        case 'concat': {
          let all = items.slice();
          let ok = true;
          for (const a of args) {
            const other = this.obj(s, a);
            if (other?.kind === 'array' && other.len.k === 'num') all = all.concat(other.elems);
            else if (other) ok = false;
            else all.push(a);
          }
          if (ok) {
            yield this.mkArray(s, all);
            continue;
          }
          break;
        }
        case 'reverse': {
          const elems = items.slice().reverse();
          const s1 = this.setHeap(s, self.id, { kind: 'array', len: T.num(elems.length), elems });
          yield [s1, self];
          continue;
        }
        case 'join': {
          const sep = a0 ? (a0.t === 'str' ? a0.term : undefined) : T.str(',');
          this.strInts = [];
          const parts = items.map((x) => (x.t === 'undef' || x.t === 'null' ? T.str('') : this.toStr(x)));
          if (sep && parts.every((p) => p !== undefined)) {
            let out: Term = T.str('');
            parts.forEach((p, i) => {
              out = i === 0 ? (p as Term) : T.concat(T.concat(out, sep), p as Term);
            });
            for await (const s2 of this.takeStrInts(s)) yield [s2, { t: 'str', term: out }];
            continue;
          }
          break;
        }
        case 'forEach':
        case 'map':
        case 'filter':
        case 'some':
        case 'every':
        case 'find':
        case 'findIndex':
        case 'reduce': {
          if (a0?.t !== 'fn') break;
          yield* this.iterate(s, m, a0, items, args[1], args.length > 1);
          continue;
        }
        default:
          break;
      }
      this.note(`call array.${m}`, node);
      yield [s, { t: 'opaque', why: `array.${m}` }];
    }
  }
}
