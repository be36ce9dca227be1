import { type AST, parseRegExpLiteral } from '@eslint-community/regexpp';
import type { ReTerm } from './terms.js';

/** A regex feature Z3 cannot express (backreference, lookaround, ...): the caller falls back to search. */
export class UnsupportedRegex extends Error {}

const ANY: ReTerm = { r: 'any' };
const ch = (c: number): ReTerm => ({ r: 'lit', s: String.fromCodePoint(c) });
const range = (lo: number, hi: number): ReTerm => ({
  r: 'range',
  lo: String.fromCodePoint(lo),
  hi: String.fromCodePoint(hi),
});
const union = (parts: ReTerm[]): ReTerm =>
  parts.length === 1 ? (parts[0] as ReTerm) : { r: 'union', parts };
const concat = (parts: ReTerm[]): ReTerm =>
  parts.length === 0
    ? { r: 'lit', s: '' }
    : parts.length === 1
      ? (parts[0] as ReTerm)
      : { r: 'concat', parts };
const negate = (set: ReTerm): ReTerm => ({ r: 'inter', parts: [ANY, { r: 'complement', body: set }] });

const DIGIT = range(48, 57);
const WORD = union([range(97, 122), range(65, 90), DIGIT, ch(95)]);
const SPACE = union([ch(32), range(9, 13), ch(0xa0), ch(0xfeff), ch(0x2028), ch(0x2029)]);
const LINE_TERMINATORS = union([ch(10), ch(13), ch(0x2028), ch(0x2029)]);

function caseVariants(c: number): ReTerm {
  const s = String.fromCodePoint(c);
  const lower = s.toLowerCase();
  const upper = s.toUpperCase();
  if (lower === upper || lower.length !== 1 || upper.length !== 1) return ch(c);
  return union([
    { r: 'lit', s: lower },
    { r: 'lit', s: upper },
  ]);
}

function escapeSet(kind: 'digit' | 'space' | 'word', neg: boolean): ReTerm {
  const set = kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
  return neg ? negate(set) : set;
}

interface Ctx {
  flags: AST.Flags;
}

function element(e: AST.Element, ctx: Ctx): ReTerm {
  switch (e.type) {
    case 'Character':
      return ctx.flags.ignoreCase ? caseVariants(e.value) : ch(e.value);
    case 'CharacterSet':
      if (e.kind === 'any') return ctx.flags.dotAll ? ANY : negate(LINE_TERMINATORS);
      if (e.kind === 'digit' || e.kind === 'space' || e.kind === 'word') return escapeSet(e.kind, e.negate);
      throw new UnsupportedRegex(`unicode property escape ${e.raw}`);
    case 'CharacterClass': {
      const parts: ReTerm[] = [];
      for (const c of e.elements) {
        if (c.type === 'Character') parts.push(ctx.flags.ignoreCase ? caseVariants(c.value) : ch(c.value));
        else if (c.type === 'CharacterClassRange') {
          parts.push(range(c.min.value, c.max.value));
          if (ctx.flags.ignoreCase) {
            const lo = String.fromCodePoint(c.min.value);
            const hi = String.fromCodePoint(c.max.value);
            if (/[a-z]/.test(lo) && /[a-z]/.test(hi))
              parts.push(
                range(lo.toUpperCase().codePointAt(0) as number, hi.toUpperCase().codePointAt(0) as number),
              );
            if (/[A-Z]/.test(lo) && /[A-Z]/.test(hi))
              parts.push(
                range(lo.toLowerCase().codePointAt(0) as number, hi.toLowerCase().codePointAt(0) as number),
              );
          }
        } else if (
          c.type === 'CharacterSet' &&
          (c.kind === 'digit' || c.kind === 'space' || c.kind === 'word')
        ) {
          parts.push(escapeSet(c.kind, c.negate));
        } else throw new UnsupportedRegex(`character class element ${c.raw}`);
      }
      const set: ReTerm = parts.length === 0 ? { r: 'empty' } : union(parts);
      return e.negate ? negate(set) : set;
    }
    case 'Group':
    case 'CapturingGroup':
      if (e.type === 'CapturingGroup' && e.references.length > 0) throw new UnsupportedRegex('backreference');
      return union(e.alternatives.map((a) => alternative(a.elements, ctx)));
    case 'Quantifier':
      return {
        r: 'loop',
        body: element(e.element, ctx),
        min: e.min,
        max: Number.isFinite(e.max) ? e.max : undefined,
      };
    case 'Assertion':
      throw new UnsupportedRegex(
        e.kind === 'start' || e.kind === 'end' ? 'anchor inside the pattern' : `${e.kind} assertion`,
      );
    case 'Backreference':
      throw new UnsupportedRegex('backreference');
    default:
      throw new UnsupportedRegex(`regex element ${(e as AST.Node).raw}`);
  }
}

function alternative(elements: AST.Element[], ctx: Ctx): ReTerm {
  return concat(elements.map((e) => element(e, ctx)));
}

/**
 * The language of strings for which `new RegExp(source, flags).test(s)` is true: SMT regexes match
 * the whole string, so unanchored sides get `.*`.
 */
export function regexForTest(source: string, flags: string): ReTerm {
  let ast: AST.RegExpLiteral;
  try {
    ast = parseRegExpLiteral(`/${source}/${flags}`);
  } catch (e) {
    throw new UnsupportedRegex(`invalid regex: ${(e as Error).message}`);
  }
  if (ast.flags.multiline || ast.flags.sticky || ast.flags.unicodeSets)
    throw new UnsupportedRegex(`flag of /${source}/${flags}`);
  const ctx: Ctx = { flags: ast.flags };
  const alts = ast.pattern.alternatives.map((alt) => {
    const els = [...alt.elements];
    const first = els[0];
    const last = els[els.length - 1];
    const startAnchored = first?.type === 'Assertion' && first.kind === 'start';
    if (startAnchored) els.shift();
    const endAnchored =
      last !== first || !startAnchored ? last?.type === 'Assertion' && last.kind === 'end' : false;
    if (endAnchored) els.pop();
    const body = alternative(els, ctx);
    const anyStar: ReTerm = { r: 'loop', body: ANY, min: 0, max: undefined };
    return concat([...(startAnchored ? [] : [anyStar]), body, ...(endAnchored ? [] : [anyStar])]);
  });
  return union(alts);
}
