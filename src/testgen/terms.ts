/**
 * The symbolic term language the explorer builds and the solver translates to Z3. Numbers are
 * reals (JS doubles without NaN/Infinity), strings are Z3 strings, and regexes a small IR of
 * their own. Constructors fold constants so concrete code never reaches the solver.
 */

export type Sort = 'num' | 'str' | 'bool';

export type ReTerm =
  | { r: 'lit'; s: string }
  | { r: 'range'; lo: string; hi: string }
  | { r: 'any' }
  | { r: 'empty' }
  | { r: 'concat'; parts: ReTerm[] }
  | { r: 'union'; parts: ReTerm[] }
  | { r: 'loop'; body: ReTerm; min: number; max: number | undefined }
  | { r: 'complement'; body: ReTerm }
  | { r: 'inter'; parts: ReTerm[] };

export type Term =
  | { k: 'var'; name: string; sort: Sort; isInt?: boolean }
  | { k: 'num'; v: number; sort: 'num' }
  | { k: 'str'; v: string; sort: 'str' }
  | { k: 'bool'; v: boolean; sort: 'bool' }
  | { k: 'op'; op: Op; args: Term[]; sort: Sort }
  | { k: 'ite'; args: [Term, Term, Term]; sort: Sort }
  | { k: 'inre'; s: Term; re: ReTerm; sort: 'bool' };

export type Op =
  // numbers
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'neg'
  | 'jsmod'
  | 'floor'
  | 'ceil'
  | 'trunc'
  | 'abs'
  | 'min'
  | 'max'
  | 'isint'
  // strings
  | 'len'
  | 'concat'
  | 'at'
  | 'indexof'
  | 'lastindexof'
  | 'substr'
  | 'replace'
  | 'code'
  | 'strtoint'
  | 'inttostr'
  // bool
  | 'lt'
  | 'le'
  | 'eq'
  | 'not'
  | 'and'
  | 'or'
  | 'prefixof'
  | 'suffixof'
  | 'contains';

export const num = (v: number): Term => ({ k: 'num', v, sort: 'num' });
export const str = (v: string): Term => ({ k: 'str', v, sort: 'str' });
export const bool = (v: boolean): Term => ({ k: 'bool', v, sort: 'bool' });
export const TRUE = bool(true);
export const FALSE = bool(false);

export function isConst(t: Term): t is Extract<Term, { k: 'num' | 'str' | 'bool' }> {
  return t.k === 'num' || t.k === 'str' || t.k === 'bool';
}

function op(o: Op, sort: Sort, ...args: Term[]): Term {
  return { k: 'op', op: o, args, sort };
}

const jsMod = (a: number, b: number) => a % b;

export function arith(o: 'add' | 'sub' | 'mul' | 'div' | 'jsmod', a: Term, b: Term): Term {
  if (a.k === 'num' && b.k === 'num') {
    const v =
      o === 'add'
        ? a.v + b.v
        : o === 'sub'
          ? a.v - b.v
          : o === 'mul'
            ? a.v * b.v
            : o === 'div'
              ? a.v / b.v
              : jsMod(a.v, b.v);
    return num(v);
  }
  if (o === 'add' && b.k === 'num' && b.v === 0) return a;
  if (o === 'add' && a.k === 'num' && a.v === 0) return b;
  if (o === 'sub' && b.k === 'num' && b.v === 0) return a;
  if (o === 'mul' && b.k === 'num' && b.v === 1) return a;
  return op(o, 'num', a, b);
}

export function unaryNum(o: 'neg' | 'floor' | 'ceil' | 'trunc' | 'abs', a: Term): Term {
  if (a.k === 'num') {
    const v =
      o === 'neg'
        ? -a.v
        : o === 'floor'
          ? Math.floor(a.v)
          : o === 'ceil'
            ? Math.ceil(a.v)
            : o === 'trunc'
              ? Math.trunc(a.v)
              : Math.abs(a.v);
    return num(v);
  }
  if ((o === 'floor' || o === 'ceil' || o === 'trunc') && a.k === 'var' && a.isInt) return a;
  return op(o, 'num', a);
}

export function minmax(o: 'min' | 'max', a: Term, b: Term): Term {
  if (a.k === 'num' && b.k === 'num') return num(o === 'min' ? Math.min(a.v, b.v) : Math.max(a.v, b.v));
  return op(o, 'num', a, b);
}

/** `s.indexOf(x)` with no start: comparisons against -1 and 0 are containment, far cheaper to solve. */
function plainIndexOf(t: Term): t is Extract<Term, { k: 'op' }> {
  return t.k === 'op' && t.op === 'indexof' && t.args.length === 2;
}

function contains(t: Extract<Term, { k: 'op' }>): Term {
  return strPred('contains', t.args[0] as Term, t.args[1] as Term);
}

export function cmp(o: 'lt' | 'le', a: Term, b: Term): Term {
  if (a.k === 'num' && b.k === 'num') return bool(o === 'lt' ? a.v < b.v : a.v <= b.v);
  if (plainIndexOf(a) && b.k === 'num' && ((o === 'lt' && b.v === 0) || (o === 'le' && b.v === -1)))
    return not(contains(a));
  if (plainIndexOf(b) && a.k === 'num' && ((o === 'le' && a.v === 0) || (o === 'lt' && a.v === -1)))
    return contains(b);
  if (a.k === 'str' && b.k === 'str') return bool(o === 'lt' ? a.v < b.v : a.v <= b.v);
  return op(o, 'bool', a, b);
}

export function eq(a: Term, b: Term): Term {
  if (isConst(a) && isConst(b)) return bool(a.v === b.v);
  if (plainIndexOf(a) && b.k === 'num' && b.v === -1) return not(contains(a));
  if (plainIndexOf(b) && a.k === 'num' && a.v === -1) return not(contains(b));
  if (a === b) return TRUE;
  return op('eq', 'bool', a, b);
}

export function not(a: Term): Term {
  if (a.k === 'bool') return bool(!a.v);
  if (a.k === 'op' && a.op === 'not') return a.args[0] as Term;
  return op('not', 'bool', a);
}

export function and(...xs: Term[]): Term {
  const args: Term[] = [];
  for (const x of xs) {
    if (x.k === 'bool') {
      if (!x.v) return FALSE;
      continue;
    }
    args.push(x);
  }
  if (args.length === 0) return TRUE;
  if (args.length === 1) return args[0] as Term;
  return op('and', 'bool', ...args);
}

export function or(...xs: Term[]): Term {
  const args: Term[] = [];
  for (const x of xs) {
    if (x.k === 'bool') {
      if (x.v) return TRUE;
      continue;
    }
    args.push(x);
  }
  if (args.length === 0) return FALSE;
  if (args.length === 1) return args[0] as Term;
  return op('or', 'bool', ...args);
}

export function ite(c: Term, t: Term, e: Term): Term {
  if (c.k === 'bool') return c.v ? t : e;
  if (t === e) return t;
  return { k: 'ite', args: [c, t, e], sort: t.sort };
}

export function strLen(s: Term): Term {
  if (s.k === 'str') return num(s.v.length);
  if (s.k === 'op' && s.op === 'concat')
    return arith('add', strLen(s.args[0] as Term), strLen(s.args[1] as Term));
  return op('len', 'num', s);
}

export function concat(a: Term, b: Term): Term {
  if (a.k === 'str' && b.k === 'str') return str(a.v + b.v);
  if (a.k === 'str' && a.v === '') return b;
  if (b.k === 'str' && b.v === '') return a;
  return op('concat', 'str', a, b);
}

export function charAt(s: Term, i: Term): Term {
  if (s.k === 'str' && i.k === 'num') return str(s.v.charAt(i.v));
  return op('at', 'str', s, i);
}

export function strPred(o: 'prefixof' | 'suffixof' | 'contains', s: Term, sub: Term): Term {
  if (s.k === 'str' && sub.k === 'str') {
    return bool(
      o === 'prefixof' ? s.v.startsWith(sub.v) : o === 'suffixof' ? s.v.endsWith(sub.v) : s.v.includes(sub.v),
    );
  }
  return op(o, 'bool', s, sub);
}

export function indexOf(s: Term, sub: Term, from?: Term): Term {
  if (s.k === 'str' && sub.k === 'str' && (!from || from.k === 'num'))
    return num(s.v.indexOf(sub.v, from?.v));
  return from ? op('indexof', 'num', s, sub, from) : op('indexof', 'num', s, sub);
}

export function lastIndexOf(s: Term, sub: Term): Term {
  if (s.k === 'str' && sub.k === 'str') return num(s.v.lastIndexOf(sub.v));
  return op('lastindexof', 'num', s, sub);
}

/** `s.substring(start, end)` for in-range integer bounds (the explorer clamps first). */
export function substr(s: Term, start: Term, length: Term): Term {
  if (s.k === 'str' && start.k === 'num' && length.k === 'num') return str(s.v.substr(start.v, length.v));
  return op('substr', 'str', s, start, length);
}

/**
 * `s.replace(p, r)` with a string pattern: the first occurrence (an empty pattern prepends), as
 * Z3's `str.replace`. The replacement must hold no `$` pattern (the explorer assumes so).
 * (`replaceAll` stays unmodelled: Z3's `str.replace_all` ran into the check time limit on
 * four-character strings.)
 */
export function replace(s: Term, p: Term, r: Term): Term {
  if (s.k === 'str' && p.k === 'str' && r.k === 'str') return str(s.v.replace(p.v, () => r.v));
  return op('replace', 'str', s, p, r);
}

export function charCode(s: Term): Term {
  if (s.k === 'str') return num(s.v.length === 1 ? s.v.charCodeAt(0) : -1);
  return op('code', 'num', s);
}

export function strToInt(s: Term): Term {
  return op('strtoint', 'num', s);
}

export function intToStr(n: Term): Term {
  if (n.k === 'num') return str(String(n.v));
  return op('inttostr', 'str', n);
}

export function isInt(n: Term): Term {
  if (n.k === 'num') return bool(Number.isInteger(n.v));
  if (n.k === 'var' && n.isInt) return TRUE;
  return op('isint', 'bool', n);
}

export function inRe(s: Term, re: ReTerm): Term {
  return { k: 'inre', s, re, sort: 'bool' };
}

export function variable(name: string, sort: Sort, isInteger = false): Term {
  return { k: 'var', name, sort, ...(isInteger ? { isInt: true } : {}) };
}

/** Variables a term mentions (for the model read-out). */
export function collectVars(t: Term, into: Map<string, Term> = new Map()): Map<string, Term> {
  if (t.k === 'var') into.set(t.name, t);
  else if (t.k === 'op' || t.k === 'ite') for (const a of t.args) collectVars(a, into);
  else if (t.k === 'inre') collectVars(t.s, into);
  return into;
}
