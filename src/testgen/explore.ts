import './node-globals.js';
import ts from 'typescript';
import { regexForTest, UnsupportedRegex } from './regex.js';
import type { Term } from './terms.js';
import * as T from './terms.js';
import type { FunctionInfo, TypeDesc } from './types.js';
import {
  type FnLike,
  type HeapObj,
  type InputShape,
  NULL,
  type Scope,
  UNDEF,
  UNKNOWN_OPTIONS,
  type Value,
} from './values.js';

/** Feasibility checks, answered by the solver (src/testgen/solve.ts) or a test double. */
export interface SolverPort {
  check(pc: Term[]): Promise<'sat' | 'unsat' | 'unknown'>;
}

export interface ExploreLimits {
  /** Complete paths to collect. */
  maxPaths: number;
  /** Solver checks to spend. */
  maxChecks: number;
  /** Iterations a loop is unrolled to. */
  loopBound: number;
  /** Slots of an array parameter (its length ranges over 0..capacity). */
  arrayCapacity: number;
  /** Nested calls inlined. */
  callDepth: number;
  deadline: number;
}

export const DEFAULT_LIMITS: Omit<ExploreLimits, 'deadline'> = {
  maxPaths: 96,
  maxChecks: 1500,
  loopBound: 5,
  arrayCapacity: 4,
  callDepth: 4,
};

/** One explored path: its constraint, its conditions in source words, and whether it is exact. */
export interface PathResult {
  pc: Term[];
  conds: string[];
  /** Branch sides the path takes (`position:side`): paths that add none are not worth solving. */
  decisions: string[];
  /** Why the constraint may not describe the path (approximations, opaque conditions). */
  inexact: string[];
  /** The path ends by throwing (as modelled). */
  throws: boolean;
}

export interface ExploreResult {
  paths: PathResult[];
  /** The inputs as shapes over solver variables: ctor args (methods) then args. */
  ctorShapes: InputShape[];
  argShapes: InputShape[];
  /** All input variables with their sorts, for the model read-out and preferences. */
  vars: Map<string, Term>;
  /** Constructs the explorer could not model (the function is partly analysed). */
  unsupported: string[];
  /** The explorer stopped early (path, check or time limit). */
  truncated: boolean;
  checks: number;
}

interface State {
  vars: Map<string, Value>;
  heap: Map<number, HeapObj>;
  pc: Term[];
  conds: string[];
  inexact: string[];
  /** Branch sides taken (`position:side`), for choosing which paths to solve. */
  decisions: string[];
  /** Nested call depth. */
  depth: number;
}

interface Frame {
  scope: Scope;
  self: Value | undefined;
}

type Thrown = { t: 'thrown'; value: Value };
type EV = Value | Thrown;
type Completion =
  | { type: 'normal' }
  | { type: 'return'; value: Value }
  | { type: 'throw'; value: Value }
  | { type: 'break'; label: string | undefined }
  | { type: 'continue'; label: string | undefined };

const NORMAL: Completion = { type: 'normal' };

/** Longest string input the solver considers. */
const MAX_STRING = 32;

class Stop extends Error {}

const isThrown = (v: EV): v is Thrown => v.t === 'thrown';

function strip(e: ts.Expression): ts.Expression {
  let x = e;
  while (
    ts.isParenthesizedExpression(x) ||
    ts.isAsExpression(x) ||
    ts.isNonNullExpression(x) ||
    ts.isTypeAssertionExpression(x) ||
    ts.isSatisfiesExpression(x)
  ) {
    x = x.expression;
  }
  return x;
}

const NEGATED: Record<string, string> = {
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
  '===': '!==',
  '!==': '===',
  '==': '!=',
  '!=': '==',
};

/** Source text for names: one line, string literals in double quotes (`password !== "Admin@123"`). */
function srcText(node: ts.Node, sf: ts.SourceFile): string {
  return node
    .getText(sf)
    .replace(/\s+/g, ' ')
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_, body: string) => JSON.stringify(body.replace(/\\'/g, "'")));
}

/** The source text of a condition and of its negation, for test names. */
function condText(node: ts.Expression, sf: ts.SourceFile): { pos: string; neg: string } {
  const e = strip(node);
  const pos = srcText(e, sf);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.getText(sf);
    const flipped = NEGATED[op];
    if (flipped) return { pos, neg: `${srcText(e.left, sf)} ${flipped} ${srcText(e.right, sf)}` };
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    return { pos, neg: srcText(strip(e.operand), sf) };
  }
  const simple = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isCallExpression(e);
  return { pos, neg: simple ? `!${pos}` : `!(${pos})` };
}

const ERROR_CLASSES = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
]);

/**
 * Symbolic execution of one function over the TypeScript AST: a nondeterministic interpreter whose
 * states carry a path constraint; every branch forks on what the solver finds feasible.
 */
export class Explorer {
  private nextId = 1;
  private checks = 0;
  private readonly unsupported = new Set<string>();
  private readonly vars = new Map<string, Term>();
  private readonly moduleScope: Scope = { id: 0, parent: undefined };
  private readonly topLevel = new Map<string, ts.Node>();
  private truncated = false;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly solver: SolverPort,
    private readonly limits: ExploreLimits,
  ) {
    for (const s of sf.statements) {
      if (ts.isFunctionDeclaration(s) && s.name) this.topLevel.set(s.name.text, s);
      else if (ts.isClassDeclaration(s) && s.name) this.topLevel.set(s.name.text, s);
      else if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations)
          if (ts.isIdentifier(d.name)) this.topLevel.set(d.name.text, d);
      } else if (ts.isEnumDeclaration(s)) this.topLevel.set(s.name.text, s);
    }
  }

  private note(what: string, node?: ts.Node): void {
    const line = node ? this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1 : undefined;
    this.unsupported.add(line ? `${what} (line ${line})` : what);
  }

  private fresh(): number {
    return this.nextId++;
  }

  // ---------------------------------------------------------------- inputs

  private mkVar(name: string, sort: T.Sort): Term {
    const v = T.variable(name, sort);
    this.vars.set(name, v);
    return v;
  }

  /** A symbolic value of a declared type plus the shape that rebuilds it from a model. */
  private inputOf(
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

  // ---------------------------------------------------------------- driver

  async explore(fn: FunctionInfo): Promise<ExploreResult> {
    const heap = new Map<number, HeapObj>();
    const pc: Term[] = [];
    const ctorValues: Value[] = [];
    const ctorShapes: InputShape[] = [];
    for (const p of fn.ctorParams ?? []) {
      const [v, s] = this.inputOf(`new.${p.name}`, p.type, heap, pc);
      ctorValues.push(v);
      ctorShapes.push(s);
    }
    const argValues: Value[] = [];
    const argShapes: InputShape[] = [];
    for (const p of fn.params) {
      const [v, s] = this.inputOf(p.name, p.rest ? { kind: 'array', element: p.type } : p.type, heap, pc);
      argValues.push(v);
      argShapes.push(s);
    }
    const paths: PathResult[] = [];
    const start: State = { vars: new Map(), heap, pc, conds: [], inexact: [], decisions: [], depth: 0 };
    try {
      let self: Value | undefined;
      const states: [State, Value | undefined][] = [];
      if (fn.kind === 'method' && fn.classNode) {
        for await (const [st, inst] of this.construct(start, fn.classNode, ctorValues, fn.className ?? 'C')) {
          if (isThrown(inst)) continue;
          states.push([st, inst]);
        }
      } else if (fn.kind === 'static' && fn.classNode) {
        states.push([start, { t: 'class', name: fn.className ?? 'C', node: fn.classNode }]);
      } else {
        states.push([start, undefined]);
      }
      for (const [st0, inst] of states) {
        self = inst;
        const closure: Value = {
          t: 'fn',
          node: fn.node as FnLike,
          scope: this.moduleScope,
          name: fn.name,
          ...(self ? { self } : {}),
        };
        for await (const [st, result] of this.callFn(st0, closure, argValues, true)) {
          paths.push({
            pc: st.pc,
            conds: st.conds,
            decisions: st.decisions,
            inexact: st.inexact,
            throws: isThrown(result),
          });
          if (paths.length >= this.limits.maxPaths) throw new Stop();
        }
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.truncated = true;
    }
    return {
      paths,
      ctorShapes,
      argShapes,
      vars: this.vars,
      unsupported: [...this.unsupported],
      truncated: this.truncated,
      checks: this.checks,
    };
  }

  private async feasible(pc: Term[]): Promise<boolean> {
    if (Date.now() > this.limits.deadline || this.checks >= this.limits.maxChecks) throw new Stop();
    this.checks++;
    const r = await this.solver.check(pc);
    return r !== 'unsat';
  }

  /** Fork on a boolean term: yields the feasible sides, recording the condition text when given. */
  private async *branch(
    st: State,
    cond: Term,
    text?: { pos: string; neg: string; site?: number },
  ): AsyncGenerator<[State, boolean]> {
    const decided = (side: boolean): State =>
      text?.site === undefined ? st : { ...st, decisions: [...st.decisions, `${text.site}:${side}`] };
    if (cond.k === 'bool') {
      yield [decided(cond.v), cond.v];
      return;
    }
    // Already decided on this path (an operand of && / || forked first): no fork, no new words.
    const negated = (t: Term) => t.k === 'op' && t.op === 'not' && t.args[0] === cond;
    if (st.pc.includes(cond)) {
      yield [decided(true), true];
      return;
    }
    if (st.pc.some(negated)) {
      yield [decided(false), false];
      return;
    }
    for (const side of [true, false]) {
      const c = side ? cond : T.not(cond);
      const pc = [...st.pc, c];
      if (await this.feasible(pc)) {
        const next = decided(side);
        yield [{ ...next, pc, conds: text ? [...st.conds, side ? text.pos : text.neg] : st.conds }, side];
      }
    }
  }

  /** Fork on a value's truthiness; opaque conditions fork without a constraint (inexact). */
  private async *branchValue(
    st: State,
    v: Value,
    node: ts.Expression | undefined,
  ): AsyncGenerator<[State, boolean]> {
    const text = node ? { ...condText(node, this.sf), site: node.pos } : undefined;
    const term = this.truthy(st, v);
    if (term === undefined) {
      const why = v.t === 'opaque' ? v.why : `condition on ${v.t}`;
      this.note(`condition not modelled: ${why}`, node);
      for (const side of [true, false]) {
        yield [
          {
            ...st,
            inexact: [...st.inexact, why],
            conds: text ? [...st.conds, side ? text.pos : text.neg] : st.conds,
            decisions: text ? [...st.decisions, `${text.site}:${side}`] : st.decisions,
          },
          side,
        ];
      }
      return;
    }
    yield* this.branch(st, term, text);
  }

  /** Add an assumption (no fork) if it is feasible. */
  private async *assume(st: State, cond: Term): AsyncGenerator<State> {
    if (cond.k === 'bool') {
      if (cond.v) yield st;
      return;
    }
    const pc = [...st.pc, cond];
    if (await this.feasible(pc)) yield { ...st, pc };
  }

  /** The alternatives of a union that the path allows, each with its tag fixed. */
  private async *narrow(st: State, v: Value): AsyncGenerator<[State, Value]> {
    if (v.t !== 'union') {
      yield [st, v];
      return;
    }
    for (let i = 0; i < v.alts.length; i++) {
      const alt = v.alts[i] as Value;
      for await (const s of this.assume(st, T.eq(v.tag, T.num(i)))) yield* this.narrow(s, alt);
    }
  }

  // ---------------------------------------------------------------- value helpers

  private truthy(st: State, v: Value): Term | undefined {
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

  private typeOf(v: Value): Term {
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
  private strictEq(a: Value, b: Value, loose = false): Term | undefined {
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

  private toNum(v: Value): Term | undefined {
    if (v.t === 'num') return v.term;
    if (v.t === 'bool') return T.ite(v.term, T.num(1), T.num(0));
    if (v.t === 'null') return T.num(0);
    return undefined;
  }

  private toStr(v: Value): Term | undefined {
    switch (v.t) {
      case 'str':
        return v.term;
      case 'num':
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

  private obj(st: State, v: Value): HeapObj | undefined {
    return v.t === 'ref' ? st.heap.get(v.id) : undefined;
  }

  private setHeap(st: State, id: number, o: HeapObj): State {
    const heap = new Map(st.heap);
    heap.set(id, o);
    return { ...st, heap };
  }

  private alloc(st: State, o: HeapObj): [State, Value] {
    const id = this.fresh();
    return [this.setHeap(st, id, o), { t: 'ref', id }];
  }

  private mkArray(st: State, items: Value[]): [State, Value] {
    return this.alloc(st, { kind: 'array', len: T.num(items.length), elems: items });
  }

  private mkError(st: State, cls: string, message: Value): [State, Value] {
    return this.alloc(st, {
      kind: 'object',
      props: new Map<string, Value>([
        ['message', message],
        ['name', { t: 'str', term: T.str(cls) }],
      ]),
      error: cls,
    });
  }

  private throwError(st: State, cls: string, message: string): [State, Thrown] {
    const [s, e] = this.mkError(st, cls, { t: 'str', term: T.str(message) });
    return [s, { t: 'thrown', value: e }];
  }

  /** Fix a symbolic array length to each feasible constant (needed by push, callbacks, spread). */
  private async *concreteArray(
    st: State,
    v: Value,
  ): AsyncGenerator<[State, Extract<HeapObj, { kind: 'array' }>]> {
    const o = this.obj(st, v);
    if (o?.kind !== 'array' || v.t !== 'ref') return;
    if (o.len.k === 'num') {
      yield [st, o];
      return;
    }
    for (let k = 0; k <= o.elems.length; k++) {
      for await (const s of this.assume(st, T.eq(o.len, T.num(k)))) {
        const fixed = { kind: 'array' as const, len: T.num(k), elems: o.elems.slice(0, k) };
        yield [this.setHeap(s, v.id, fixed), fixed];
      }
    }
  }

  // ---------------------------------------------------------------- scopes

  private newScope(parent: Scope): Scope {
    return { id: this.fresh(), parent };
  }

  private declare(st: State, scope: Scope, name: string, v: Value): State {
    const vars = new Map(st.vars);
    vars.set(`${scope.id}:${name}`, v);
    return { ...st, vars };
  }

  private findVar(st: State, scope: Scope, name: string): string | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const key = `${s.id}:${name}`;
      if (st.vars.has(key)) return key;
    }
    return undefined;
  }

  private async *lookup(st: State, frame: Frame, name: string, node: ts.Node): AsyncGenerator<[State, EV]> {
    const key = this.findVar(st, frame.scope, name);
    if (key) {
      yield [st, st.vars.get(key) as Value];
      return;
    }
    const decl = this.topLevel.get(name);
    if (decl) {
      if (ts.isFunctionDeclaration(decl)) {
        yield [st, { t: 'fn', node: decl as FnLike, scope: this.moduleScope, name }];
        return;
      }
      if (ts.isClassDeclaration(decl)) {
        yield [st, { t: 'class', name, node: decl }];
        return;
      }
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        // Module constants: evaluated where first read (they are almost always literals).
        const frame0: Frame = { scope: this.moduleScope, self: undefined };
        for await (const [s, v] of this.evalExpr(st, frame0, decl.initializer)) {
          if (isThrown(v)) {
            yield [s, v];
            continue;
          }
          const vars = new Map(s.vars);
          vars.set(`0:${name}`, v);
          yield [{ ...s, vars }, v];
        }
        return;
      }
      if (ts.isEnumDeclaration(decl)) {
        const props = new Map<string, Value>();
        let next = 0;
        for (const m of decl.members) {
          const key2 = m.name.getText(this.sf);
          if (m.initializer && ts.isNumericLiteral(m.initializer)) next = Number(m.initializer.text);
          if (m.initializer && ts.isStringLiteral(m.initializer))
            props.set(key2, { t: 'str', term: T.str(m.initializer.text) });
          else props.set(key2, { t: 'num', term: T.num(next++) });
        }
        const [s, v] = this.alloc(st, { kind: 'object', props });
        yield [s, v];
        return;
      }
    }
    if (name === 'undefined') yield [st, UNDEF];
    else if (name === 'NaN' || name === 'Infinity') yield [st, { t: 'opaque', why: name }];
    else if (
      [
        'Math',
        'Number',
        'String',
        'Boolean',
        'Array',
        'Object',
        'JSON',
        'parseInt',
        'parseFloat',
        'isNaN',
        'isFinite',
      ].includes(name) ||
      ERROR_CLASSES.has(name) ||
      name === 'RegExp' ||
      name === 'Set' ||
      name === 'Map'
    ) {
      yield [st, { t: 'native', name }];
    } else {
      this.note(`unknown identifier ${name}`, node);
      yield [st, { t: 'opaque', why: name }];
    }
  }

  private async *assign(
    st: State,
    frame: Frame,
    target: ts.Expression,
    v: Value,
  ): AsyncGenerator<[State, EV]> {
    const t = strip(target);
    if (ts.isIdentifier(t)) {
      const key = this.findVar(st, frame.scope, t.text) ?? `0:${t.text}`;
      const vars = new Map(st.vars);
      vars.set(key, v);
      yield [{ ...st, vars }, v];
      return;
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      for await (const [s1, base] of this.evalExpr(st, frame, t.expression)) {
        if (isThrown(base)) {
          yield [s1, base];
          continue;
        }
        const keys: AsyncGenerator<[State, EV]> = ts.isPropertyAccessExpression(t)
          ? (async function* () {
              yield [s1, { t: 'str', term: T.str(t.name.text) }] as [State, EV];
            })()
          : this.evalExpr(s1, frame, t.argumentExpression);
        for await (const [s2, key] of keys) {
          if (isThrown(key)) {
            yield [s2, key];
            continue;
          }
          for await (const [s3, b] of this.narrow(s2, base)) {
            const o = this.obj(s3, b);
            if (!o || b.t !== 'ref') {
              this.note('assignment to a property of a non-object', target);
              yield [s3, v];
              continue;
            }
            if (o.kind === 'object' && key.t === 'str' && key.term.k === 'str') {
              const props = new Map(o.props);
              props.set(key.term.v, v);
              yield [this.setHeap(s3, b.id, { ...o, props }), v];
            } else if (o.kind === 'array' && key.t === 'num') {
              for await (const [s4, arr] of this.concreteArray(s3, b)) {
                for await (const [s5, idx] of this.concreteIndex(s4, key.term, arr.elems.length + 1)) {
                  const elems = arr.elems.slice();
                  while (elems.length < idx) elems.push(UNDEF);
                  elems[idx] = v;
                  yield [this.setHeap(s5, b.id, { kind: 'array', len: T.num(elems.length), elems }), v];
                }
              }
            } else {
              this.note('assignment with a computed key', target);
              yield [s3, v];
            }
          }
        }
      }
      return;
    }
    if (ts.isObjectLiteralExpression(t) || ts.isArrayLiteralExpression(t)) {
      this.note('destructuring assignment', target);
      yield [st, v];
      return;
    }
    this.note(`assignment target ${ts.SyntaxKind[t.kind]}`, target);
    yield [st, v];
  }

  /** Each feasible integer value of an index below `bound`. */
  private async *concreteIndex(st: State, i: Term, bound: number): AsyncGenerator<[State, number]> {
    if (i.k === 'num') {
      if (Number.isInteger(i.v) && i.v >= 0) yield [st, i.v];
      return;
    }
    for (let k = 0; k < bound; k++) {
      for await (const s of this.assume(st, T.eq(i, T.num(k)))) yield [s, k];
    }
  }

  // ---------------------------------------------------------------- binding patterns

  private async *bind(
    st: State,
    scope: Scope,
    name: ts.BindingName,
    v: Value,
    frame: Frame,
  ): AsyncGenerator<[State, EV]> {
    if (ts.isIdentifier(name)) {
      yield [this.declare(st, scope, name.text, v), v];
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      let states: [State, EV][] = [[st, v]];
      for (const el of name.elements) {
        const next: [State, EV][] = [];
        const key = el.propertyName ? el.propertyName.getText(this.sf) : el.name.getText(this.sf);
        for (const [s, cur] of states) {
          if (isThrown(cur)) {
            next.push([s, cur]);
            continue;
          }
          for await (const [s1, pv] of this.getProp(s, v, key, el)) {
            if (isThrown(pv)) {
              next.push([s1, pv]);
              continue;
            }
            for await (const [s2, dv] of this.withDefault(s1, frame, pv, el.initializer)) {
              if (isThrown(dv)) next.push([s2, dv]);
              else for await (const r of this.bind(s2, scope, el.name, dv, frame)) next.push(r);
            }
          }
        }
        states = next;
      }
      yield* states;
      return;
    }
    // Array pattern
    let states: [State, EV][] = [[st, v]];
    let index = 0;
    for (const el of name.elements) {
      const i = index++;
      if (ts.isOmittedExpression(el)) continue;
      const next: [State, EV][] = [];
      for (const [s, cur] of states) {
        if (isThrown(cur)) {
          next.push([s, cur]);
          continue;
        }
        if (el.dotDotDotToken) {
          for await (const [s1, arr] of this.concreteArray(s, v)) {
            const [s2, rest] = this.mkArray(s1, arr.elems.slice(i));
            for await (const r of this.bind(s2, scope, el.name, rest, frame)) next.push(r);
          }
          continue;
        }
        for await (const [s1, ev] of this.index(s, v, { t: 'num', term: T.num(i) }, el)) {
          if (isThrown(ev)) {
            next.push([s1, ev]);
            continue;
          }
          for await (const [s2, dv] of this.withDefault(s1, frame, ev, el.initializer)) {
            if (isThrown(dv)) next.push([s2, dv]);
            else for await (const r of this.bind(s2, scope, el.name, dv, frame)) next.push(r);
          }
        }
      }
      states = next;
    }
    yield* states;
  }

  /** `x = init` defaults: forks on whether the value is undefined. */
  private async *withDefault(
    st: State,
    frame: Frame,
    v: Value,
    init: ts.Expression | undefined,
  ): AsyncGenerator<[State, EV]> {
    if (!init) {
      yield [st, v];
      return;
    }
    const isUndef = this.strictEq(v, UNDEF) ?? T.FALSE;
    const owner = init.parent;
    const name = owner && 'name' in owner && owner.name ? srcText(owner.name as ts.Node, this.sf) : 'value';
    const text = { pos: `${name} is undefined`, neg: `${name} is given`, site: init.pos };
    for await (const [s, undef] of this.branch(st, isUndef, text)) {
      if (!undef) {
        yield* this.narrowNot(s, v, 'undef');
        continue;
      }
      yield* this.evalExpr(s, frame, init);
    }
  }

  /** The value without the alternatives of kind `kind` (after a check excluded them). */
  private async *narrowNot(st: State, v: Value, kind: Value['t']): AsyncGenerator<[State, EV]> {
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

  // ---------------------------------------------------------------- calls

  private async *callFn(st: State, fn: Value, args: Value[], top = false): AsyncGenerator<[State, EV]> {
    if (fn.t !== 'fn') {
      yield [st, { t: 'opaque', why: 'call of a non-function' }];
      return;
    }
    if (!top && st.depth >= this.limits.callDepth) {
      this.note(`call depth limit at ${fn.name}`);
      yield [st, { t: 'opaque', why: `recursion into ${fn.name}` }];
      return;
    }
    const node = fn.node;
    const scope = this.newScope(fn.scope);
    const frame: Frame = { scope, self: ts.isArrowFunction(node) ? this.selfOf(st, fn) : fn.self };
    let states: [State, EV][] = [[{ ...st, depth: st.depth + 1 }, UNDEF]];
    const params = node.parameters;
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as ts.ParameterDeclaration;
      const next: [State, EV][] = [];
      for (const [s] of states) {
        let arg: Value = args[i] ?? UNDEF;
        let s0 = s;
        if (p.dotDotDotToken) {
          if (top && args[i]) arg = args[i] as Value;
          else [s0, arg] = this.mkArray(s, args.slice(i));
        }
        for await (const [s1, dv] of this.withDefault(s0, frame, arg, p.initializer)) {
          if (isThrown(dv)) {
            next.push([s1, dv]);
            continue;
          }
          for await (const r of this.bind(s1, scope, p.name, dv, frame)) next.push(r);
        }
      }
      states = next;
    }
    const isAsync =
      (ts.canHaveModifiers(node) &&
        ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) ??
      false;
    const wrap = (s: State, v: EV): [State, EV] => {
      const out: [State, EV] = [{ ...s, depth: st.depth }, v];
      if (!isAsync || top) return out;
      return [
        out[0],
        isThrown(v)
          ? { t: 'promise', settled: v.value, rejected: true }
          : { t: 'promise', settled: v, rejected: false },
      ];
    };
    for (const [s, v] of states) {
      if (isThrown(v)) {
        yield wrap(s, v);
        continue;
      }
      const body = node.body;
      if (!body) {
        yield wrap(s, { t: 'opaque', why: 'function without body' });
        continue;
      }
      if (!ts.isBlock(body)) {
        for await (const [s1, r] of this.evalExpr(s, frame, body)) yield wrap(s1, r);
        continue;
      }
      for await (const [s1, c] of this.execBlock(s, frame, body, scope)) {
        if (c.type === 'return') yield wrap(s1, c.value);
        else if (c.type === 'throw') yield wrap(s1, { t: 'thrown', value: c.value });
        else yield wrap(s1, UNDEF);
      }
    }
  }

  private selfOf(_st: State, fn: Extract<Value, { t: 'fn' }>): Value | undefined {
    return fn.self;
  }

  /** `new C(...)`: field initialisers and the constructor body, symbolically. */
  private async *construct(
    st: State,
    cls: ts.ClassLikeDeclaration,
    args: Value[],
    name: string,
  ): AsyncGenerator<[State, EV]> {
    if (cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) {
      const base = cls.heritageClauses
        .find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
        ?.types[0]?.expression.getText(this.sf);
      if (base && ERROR_CLASSES.has(base)) {
        const msg = args[0] ?? { t: 'str', term: T.str('') };
        const [s, e] = this.mkError(st, name, msg);
        yield [s, e];
        return;
      }
      this.note(`class ${name} extends another class`, cls);
    }
    const [s0, self] = this.alloc(st, { kind: 'object', props: new Map(), cls: { name, node: cls } });
    let states: [State, EV][] = [[s0, self]];
    const frame: Frame = { scope: this.newScope(this.moduleScope), self };
    for (const m of cls.members) {
      if (
        !ts.isPropertyDeclaration(m) ||
        ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)
      )
        continue;
      const key = m.name.getText(this.sf);
      const next: [State, EV][] = [];
      for (const [s] of states) {
        if (!m.initializer) {
          next.push([this.setProp(s, self, key, UNDEF), self]);
          continue;
        }
        for await (const [s1, v] of this.evalExpr(s, frame, m.initializer)) {
          next.push(isThrown(v) ? [s1, v] : [this.setProp(s1, self, key, v), self]);
        }
      }
      states = next;
    }
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    for (const [s, v] of states) {
      if (isThrown(v) || !ctor?.body) {
        yield [s, v];
        continue;
      }
      const scope = this.newScope(this.moduleScope);
      let bound: [State, EV][] = [[s, self]];
      ctor.parameters.forEach((p, i) => {
        bound = bound.map(([bs]) => {
          let ns = ts.isIdentifier(p.name) ? this.declare(bs, scope, p.name.text, args[i] ?? UNDEF) : bs;
          // Parameter properties: `constructor(private readonly x: number)`.
          if (ts.isParameterPropertyDeclaration(p, ctor) && ts.isIdentifier(p.name)) {
            ns = this.setProp(ns, self, p.name.text, args[i] ?? UNDEF);
          }
          return [ns, self] as [State, EV];
        });
      });
      for (const [bs] of bound) {
        for await (const [s1, c] of this.execBlock(bs, { scope, self }, ctor.body, scope)) {
          if (c.type === 'throw') yield [s1, { t: 'thrown', value: c.value }];
          else yield [s1, self];
        }
      }
    }
  }

  private setProp(st: State, target: Value, key: string, v: Value): State {
    const o = this.obj(st, target);
    if (o?.kind !== 'object' || target.t !== 'ref') return st;
    const props = new Map(o.props);
    props.set(key, v);
    return this.setHeap(st, target.id, { ...o, props });
  }

  private methodOf(o: HeapObj, key: string, self: Value): Value | undefined {
    if (o.kind !== 'object' || !o.cls) return undefined;
    const cls = o.cls.node as ts.ClassLikeDeclaration;
    const m = cls.members.find((x) => ts.isMethodDeclaration(x) && x.name.getText(this.sf) === key);
    if (m && ts.isMethodDeclaration(m))
      return { t: 'fn', node: m as FnLike, scope: this.moduleScope, self, name: key };
    const g = cls.members.find((x) => ts.isGetAccessorDeclaration(x) && x.name.getText(this.sf) === key);
    if (g) return { t: 'opaque', why: `getter ${key}` };
    return undefined;
  }

  // ---------------------------------------------------------------- property access

  private async *getProp(
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
          else yield [s, { t: 'native', name: `str.${key}`, self: b }];
          continue;
        case 'num':
        case 'bool':
          yield [s, { t: 'native', name: `${b.t}.${key}`, self: b }];
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
              x.name.getText(this.sf) === key &&
              ts.getModifiers(x)?.some((y) => y.kind === ts.SyntaxKind.StaticKeyword),
          );
          if (m) yield [s, { t: 'fn', node: m as FnLike, scope: this.moduleScope, self: b, name: key }];
          else {
            const p = cls.members.find((x) => ts.isPropertyDeclaration(x) && x.name.getText(this.sf) === key);
            if (p && ts.isPropertyDeclaration(p) && p.initializer)
              yield* this.evalExpr(s, { scope: this.moduleScope, self: b }, p.initializer);
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
        case 'fn':
          yield [s, { t: 'native', name: `fn.${key}`, self: b }];
          continue;
        default:
          yield [s, { t: 'opaque', why: `property ${key} of ${b.t}` }];
      }
    }
  }

  private staticMember(ns: string, key: string): Value {
    if (ns === 'Number') {
      if (key === 'MAX_SAFE_INTEGER') return { t: 'num', term: T.num(Number.MAX_SAFE_INTEGER) };
      if (key === 'MIN_SAFE_INTEGER') return { t: 'num', term: T.num(Number.MIN_SAFE_INTEGER) };
      if (key === 'EPSILON') return { t: 'num', term: T.num(Number.EPSILON) };
    }
    if (ns === 'Math' && key === 'PI') return { t: 'num', term: T.num(Math.PI) };
    return { t: 'native', name: `${ns}.${key}` };
  }

  private async *index(st: State, base: Value, key: Value, node: ts.Node): AsyncGenerator<[State, EV]> {
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

  // ---------------------------------------------------------------- expressions

  private async *evalAll(
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
        e.templateSpans.forEach((span, i) => {
          const part = this.toStr(vs[i] as Value);
          if (part === undefined) ok = false;
          else out = T.concat(T.concat(out, part), T.str(span.literal.text));
        });
        yield [s, ok ? { t: 'str', term: out } : { t: 'opaque', why: 'template with an object' }];
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

  private async *evalObject(
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
            : p.name.getText(this.sf).replace(/^['"]|['"]$/g, '');
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
            new Map(props).set(p.name.getText(this.sf), {
              t: 'fn',
              node: p as FnLike,
              scope: frame.scope,
              name: p.name.getText(this.sf),
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

  private async *evalPrefix(
    st: State,
    frame: Frame,
    e: ts.PrefixUnaryExpression,
  ): AsyncGenerator<[State, EV]> {
    const op = e.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) {
      for await (const [s, old] of this.evalExpr(st, frame, e.operand)) {
        if (isThrown(old)) {
          yield [s, old];
          continue;
        }
        const n = this.toNum(old);
        const updated: Value =
          n === undefined
            ? { t: 'opaque', why: 'increment' }
            : { t: 'num', term: T.arith(op === ts.SyntaxKind.PlusPlusToken ? 'add' : 'sub', n, T.num(1)) };
        yield* this.assign(s, frame, e.operand, updated);
      }
      return;
    }
    for await (const [s, v] of this.evalExpr(st, frame, e.operand)) {
      if (isThrown(v)) {
        yield [s, v];
        continue;
      }
      if (op === ts.SyntaxKind.ExclamationToken) {
        const t = this.truthy(s, v);
        yield [s, t === undefined ? { t: 'opaque', why: 'negation' } : { t: 'bool', term: T.not(t) }];
        continue;
      }
      for await (const [s1, nv] of this.narrow(s, v)) {
        const n = nv.t === 'str' ? this.strNumber(nv.term) : this.toNum(nv);
        if (n === undefined) {
          yield [s1, { t: 'opaque', why: 'unary operator on a non-number' }];
          continue;
        }
        if (op === ts.SyntaxKind.MinusToken) yield [s1, { t: 'num', term: T.unaryNum('neg', n) }];
        else if (op === ts.SyntaxKind.PlusToken) yield [s1, { t: 'num', term: n }];
        else {
          this.note('bitwise operator', e);
          yield [s1, { t: 'opaque', why: 'bitwise' }];
        }
      }
    }
  }

  /** `Number(s)` for strings of digits only (the explorer constrains the rest away). */
  private strNumber(s: Term): Term | undefined {
    if (s.k === 'str') {
      const n = Number(s.v);
      return Number.isFinite(n) ? T.num(n) : undefined;
    }
    return undefined;
  }

  private async *evalBinary(st: State, frame: Frame, e: ts.BinaryExpression): AsyncGenerator<[State, EV]> {
    const op = e.operatorToken.kind;
    const K = ts.SyntaxKind;
    if (op === K.EqualsToken) {
      for await (const [s, v] of this.evalExpr(st, frame, e.right)) {
        if (isThrown(v)) yield [s, v];
        else yield* this.assign(s, frame, e.left, v);
      }
      return;
    }
    const compound: Partial<Record<ts.SyntaxKind, ts.BinaryOperator>> = {
      [K.PlusEqualsToken]: K.PlusToken,
      [K.MinusEqualsToken]: K.MinusToken,
      [K.AsteriskEqualsToken]: K.AsteriskToken,
      [K.SlashEqualsToken]: K.SlashToken,
      [K.PercentEqualsToken]: K.PercentToken,
    };
    const base = compound[op];
    if (base !== undefined) {
      for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
        if (isThrown(l)) {
          yield [s, l];
          continue;
        }
        for await (const [s1, r] of this.evalExpr(s, frame, e.right)) {
          if (isThrown(r)) {
            yield [s1, r];
            continue;
          }
          for await (const [s2, v] of this.binop(s1, base, l, r, e)) {
            if (isThrown(v)) yield [s2, v];
            else yield* this.assign(s2, frame, e.left, v);
          }
        }
      }
      return;
    }
    if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
      for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
        if (isThrown(l)) {
          yield [s, l];
          continue;
        }
        if (op === K.QuestionQuestionToken) {
          const nullish = T.or(this.strictEq(l, UNDEF) ?? T.FALSE, this.strictEq(l, NULL) ?? T.FALSE);
          for await (const [s1, isNull] of this.branch(s, nullish, {
            pos: `${srcText(strip(e.left), this.sf)} == null`,
            neg: `${srcText(strip(e.left), this.sf)} != null`,
            site: e.left.pos,
          })) {
            if (isNull) yield* this.evalExpr(s1, frame, e.right);
            else {
              let v: Value = l;
              if (l.t === 'union') {
                const keep = l.alts.filter((a) => a.t !== 'undef' && a.t !== 'null');
                if (keep.length === 1) v = keep[0] as Value;
              }
              yield [s1, v];
            }
          }
          continue;
        }
        for await (const [s1, truth] of this.branchValue(s, l, e.left)) {
          const shortCircuit = op === K.AmpersandAmpersandToken ? !truth : truth;
          if (shortCircuit) {
            yield [s1, l];
            continue;
          }
          // The right operand is a condition of its own (istanbul counts it): fork on it with its words.
          for await (const [s2, r] of this.evalExpr(s1, frame, e.right)) {
            if (isThrown(r) || r.t !== 'bool' || r.term.k === 'bool') yield [s2, r];
            else for await (const [s3] of this.branchValue(s2, r, e.right)) yield [s3, r];
          }
        }
      }
      return;
    }
    if (op === K.CommaToken) {
      for await (const [s] of this.evalExpr(st, frame, e.left)) yield* this.evalExpr(s, frame, e.right);
      return;
    }
    for await (const [s, l] of this.evalExpr(st, frame, e.left)) {
      if (isThrown(l)) {
        yield [s, l];
        continue;
      }
      for await (const [s1, r] of this.evalExpr(s, frame, e.right)) {
        if (isThrown(r)) yield [s1, r];
        else yield* this.binop(s1, op, l, r, e);
      }
    }
  }

  private async *binop(
    st: State,
    op: ts.SyntaxKind,
    l: Value,
    r: Value,
    node: ts.Node,
  ): AsyncGenerator<[State, EV]> {
    const K = ts.SyntaxKind;
    const boolOf = (t: Term | undefined): Value =>
      t === undefined ? { t: 'opaque', why: 'comparison' } : { t: 'bool', term: t };
    switch (op) {
      case K.EqualsEqualsEqualsToken:
        return yield [st, boolOf(this.strictEq(l, r))];
      case K.ExclamationEqualsEqualsToken: {
        const t = this.strictEq(l, r);
        return yield [st, boolOf(t && T.not(t))];
      }
      case K.EqualsEqualsToken:
        return yield [st, boolOf(this.strictEq(l, r, true))];
      case K.ExclamationEqualsToken: {
        const t = this.strictEq(l, r, true);
        return yield [st, boolOf(t && T.not(t))];
      }
      case K.InKeyword: {
        for await (const [s, o] of this.narrow(st, r)) {
          const obj = this.obj(s, o);
          if (obj?.kind === 'object' && l.t === 'str' && l.term.k === 'str') {
            const pv = obj.props.get(l.term.v);
            const present =
              pv === undefined
                ? T.FALSE
                : this.strictEq(pv, UNDEF)
                  ? T.not(this.strictEq(pv, UNDEF) as Term)
                  : T.TRUE;
            yield [s, { t: 'bool', term: present }];
          } else yield [s, { t: 'opaque', why: 'in operator' }];
        }
        return;
      }
      case K.InstanceOfKeyword: {
        for await (const [s, o] of this.narrow(st, l)) {
          const obj = this.obj(s, o);
          const name = r.t === 'class' ? r.name : r.t === 'native' ? r.name : '';
          if (!obj) yield [s, { t: 'bool', term: T.FALSE }];
          else if (obj.kind === 'array')
            yield [s, { t: 'bool', term: T.bool(name === 'Array' || name === 'Object') }];
          else if (obj.kind === 'object')
            yield [
              s,
              {
                t: 'bool',
                term: T.bool(
                  obj.cls?.name === name ||
                    obj.error === name ||
                    (name === 'Error' && !!obj.error) ||
                    name === 'Object',
                ),
              },
            ];
          else yield [s, { t: 'opaque', why: 'instanceof' }];
        }
        return;
      }
      default:
        break;
    }
    for await (const [s, a] of this.narrow(st, l)) {
      for await (const [s1, b] of this.narrow(s, r)) {
        yield [s1, this.binPrim(op, a, b, node)];
      }
    }
  }

  private binPrim(op: ts.SyntaxKind, a: Value, b: Value, node: ts.Node): Value {
    const K = ts.SyntaxKind;
    if (op === K.PlusToken && (a.t === 'str' || b.t === 'str')) {
      const x = this.toStr(a);
      const y = this.toStr(b);
      if (x === undefined || y === undefined) return { t: 'opaque', why: 'concatenation with an object' };
      return { t: 'str', term: T.concat(x, y) };
    }
    if ([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken].includes(op)) {
      let x: Term | undefined;
      let y: Term | undefined;
      if (a.t === 'str' && b.t === 'str') {
        x = a.term;
        y = b.term;
      } else {
        x = this.toNum(a);
        y = this.toNum(b);
      }
      if (x === undefined || y === undefined) return { t: 'opaque', why: 'comparison of non-numbers' };
      const t =
        op === K.LessThanToken
          ? T.cmp('lt', x, y)
          : op === K.LessThanEqualsToken
            ? T.cmp('le', x, y)
            : op === K.GreaterThanToken
              ? T.cmp('lt', y, x)
              : T.cmp('le', y, x);
      return { t: 'bool', term: t };
    }
    const x = this.toNum(a);
    const y = this.toNum(b);
    if (x === undefined || y === undefined) return { t: 'opaque', why: 'arithmetic on non-numbers' };
    switch (op) {
      case K.PlusToken:
        return { t: 'num', term: T.arith('add', x, y) };
      case K.MinusToken:
        return { t: 'num', term: T.arith('sub', x, y) };
      case K.AsteriskToken:
        return { t: 'num', term: T.arith('mul', x, y) };
      case K.SlashToken:
        return { t: 'num', term: T.arith('div', x, y) };
      case K.PercentToken:
        return { t: 'num', term: T.arith('jsmod', x, y) };
      case K.AsteriskAsteriskToken:
        if (y.k === 'num' && y.v === 2) return { t: 'num', term: T.arith('mul', x, x) };
        break;
      default:
        break;
    }
    this.note(`operator ${ts.tokenToString(op) ?? ts.SyntaxKind[op]}`, node);
    return { t: 'opaque', why: 'operator' };
  }

  private async *evalNew(st: State, frame: Frame, e: ts.NewExpression): AsyncGenerator<[State, EV]> {
    for await (const [s, callee] of this.evalExpr(st, frame, e.expression)) {
      if (isThrown(callee)) {
        yield [s, callee];
        continue;
      }
      for await (const [s1, args] of this.evalAll(s, frame, e.arguments ?? [])) {
        if (!Array.isArray(args)) {
          yield [s1, args];
          continue;
        }
        if (callee.t === 'native' && ERROR_CLASSES.has(callee.name)) {
          const msg = args[0] ? (this.toStr(args[0]) ?? T.str('')) : T.str('');
          yield this.mkError(s1, callee.name, { t: 'str', term: msg });
        } else if (callee.t === 'native' && callee.name === 'RegExp') {
          const [src, fl] = args;
          if (src?.t === 'str' && src.term.k === 'str' && (!fl || (fl.t === 'str' && fl.term.k === 'str'))) {
            yield [
              s1,
              {
                t: 'regex',
                source: src.term.v,
                flags: fl && fl.t === 'str' && fl.term.k === 'str' ? fl.term.v : '',
              },
            ];
          } else yield [s1, { t: 'opaque', why: 'dynamic RegExp' }];
        } else if (callee.t === 'native' && (callee.name === 'Set' || callee.name === 'Map')) {
          const init = args[0];
          const entries: [Value, Value][] = [];
          if (init) {
            const arrs: [State, Extract<HeapObj, { kind: 'array' }>][] = [];
            for await (const r of this.concreteArray(s1, init)) arrs.push(r);
            for (const [s2, arr] of arrs) {
              const es: [Value, Value][] = [];
              for (const el of arr.elems) {
                if (callee.name === 'Set') es.push([el, el]);
                else {
                  const pair = this.obj(s2, el);
                  if (pair?.kind === 'array' && pair.elems.length === 2)
                    es.push([pair.elems[0] as Value, pair.elems[1] as Value]);
                }
              }
              yield this.alloc(s2, { kind: callee.name === 'Set' ? 'set' : 'map', entries: es });
            }
            continue;
          }
          yield this.alloc(s1, { kind: callee.name === 'Set' ? 'set' : 'map', entries });
        } else if (callee.t === 'class') {
          yield* this.construct(s1, callee.node as ts.ClassLikeDeclaration, args, callee.name);
        } else {
          this.note(`new ${e.expression.getText(this.sf)}`, e);
          yield [s1, { t: 'opaque', why: 'new' }];
        }
      }
    }
  }

  private async *evalCall(st: State, frame: Frame, e: ts.CallExpression): AsyncGenerator<[State, EV]> {
    for await (const [s, callee] of this.evalExpr(st, frame, e.expression)) {
      if (isThrown(callee)) {
        yield [s, callee];
        continue;
      }
      for await (const [s1, args] of this.evalAll(s, frame, e.arguments)) {
        if (!Array.isArray(args)) {
          yield [s1, args];
          continue;
        }
        if ((callee.t === 'undef' || callee.t === 'null') && e.questionDotToken) {
          yield [s1, UNDEF];
          continue;
        }
        if (callee.t === 'fn') {
          yield* this.callFn(s1, callee, args);
        } else if (callee.t === 'native') {
          yield* this.callNative(s1, frame, callee, args, e);
        } else {
          this.note(`call of ${e.expression.getText(this.sf)}`, e);
          yield [s1, { t: 'opaque', why: `call ${e.expression.getText(this.sf)}` }];
        }
      }
    }
  }

  private num(v: Value | undefined): Term | undefined {
    return v ? this.toNum(v) : undefined;
  }

  private async *callNative(
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
        return yield [st, boolRes(T.isInt(a0.term))];
      }
      case 'Number.isFinite':
      case 'isFinite':
        return yield [st, { t: 'bool', term: T.bool(a0?.t === 'num') }];
      case 'Number.isNaN':
      case 'isNaN':
        if (a0?.t === 'num') return yield [st, { t: 'bool', term: T.FALSE }];
        break;
      case 'Number':
      case 'parseInt':
      case 'parseFloat': {
        if (a0?.t === 'num') return yield [st, a0];
        if (a0?.t === 'str') {
          if (a0.term.k === 'str')
            return yield [
              st,
              {
                t: 'num',
                term: T.num(
                  name === 'parseInt'
                    ? Number.parseInt(a0.term.v, 10)
                    : name === 'parseFloat'
                      ? Number.parseFloat(a0.term.v)
                      : Number(a0.term.v),
                ),
              },
            ];
          // Digit strings convert exactly; other strings (NaN, signs, decimals) are left to search.
          const digits: T.ReTerm = { r: 'loop', body: { r: 'range', lo: '0', hi: '9' }, min: 1, max: 15 };
          for await (const [s, isDigits] of this.branch(st, T.inRe(a0.term, digits))) {
            if (isDigits) yield [s, { t: 'num', term: T.strToInt(a0.term) }];
            else
              yield [
                { ...s, inexact: [...s.inexact, `${name} of a non-digit string`] },
                { t: 'opaque', why: `${name} of a non-digit string` },
              ];
          }
          return;
        }
        break;
      }
      case 'String':
        if (a0) {
          const t = this.toStr(a0);
          if (t) return yield [st, { t: 'str', term: t }];
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
          const keys = [...o.props.keys()];
          let s = st;
          const items: Value[] = [];
          for (const k of keys) {
            const v = o.props.get(k) as Value;
            if (name === 'Object.keys') items.push({ t: 'str', term: T.str(k) });
            else if (name === 'Object.values') items.push(v);
            else {
              const [s2, pair] = this.mkArray(s, [{ t: 'str', term: T.str(k) }, v]);
              s = s2;
              items.push(pair);
            }
          }
          return yield this.mkArray(s, items);
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
    if (name === 'regex.test' && self?.t === 'regex' && a0) {
      const s = this.toStr(a0);
      if (s === undefined) return yield [st, { t: 'opaque', why: 'regex test of an object' }];
      try {
        return yield [st, { t: 'bool', term: T.inRe(s, regexForTest(self.source, self.flags)) }];
      } catch (e) {
        if (!(e instanceof UnsupportedRegex)) throw e;
        this.note(`regex /${self.source}/: ${e.message}`, node);
        return yield [st, { t: 'opaque', why: `regex ${e.message}` }];
      }
    }
    if (name === 'num.toString' && self?.t === 'num' && args.length === 0) {
      const t = this.toStr(self);
      if (t) return yield [st, { t: 'str', term: t }];
    }
    this.note(`call ${name.replace(/^(str|arr|num|bool|regex|set|map|fn)\./, '$1.')}`, node);
    yield [st, { t: 'opaque', why: name }];
  }

  private async *stringMethod(
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
          for await (const [s1, inside] of this.branch(
            st,
            T.and(T.cmp('le', T.num(0), i), T.cmp('lt', i, len)),
          ))
            yield [s1, inside ? { t: 'str', term: T.charAt(s, i) } : UNDEF];
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
        // Non-negative constant start; a constant or absent end.
        let from: Term =
          start.v < 0 && m === 'slice'
            ? T.minmax('max', T.arith('add', len, start), T.num(0))
            : T.minmax('min', T.num(Math.max(0, start.v)), len);
        let count: Term;
        if (!endArg) count = T.arith('sub', len, from);
        else if (m === 'substr') count = endArg;
        else {
          const end =
            endArg.k === 'num' && endArg.v < 0 && m === 'slice' ? T.arith('add', len, endArg) : endArg;
          count = T.minmax('max', T.arith('sub', T.minmax('min', end, len), from), T.num(0));
        }
        if (from.k === 'op' && from.op === 'min' && start.v === 0) from = T.num(0);
        return yield [st, { t: 'str', term: T.substr(s, from, count) }];
      }
      case 'concat': {
        let out = s;
        for (const a of args) {
          const t = this.toStr(a);
          if (t === undefined) return yield [st, { t: 'opaque', why: 'concat' }];
          out = T.concat(out, t);
        }
        return yield [st, { t: 'str', term: out }];
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
      case 'split': {
        const sep = strArg(a0);
        if (s.k === 'str' && sep?.k === 'str') {
          return yield this.mkArray(
            st,
            s.v.split(sep.v).map((p) => ({ t: 'str', term: T.str(p) })),
          );
        }
        break;
      }
      default:
        break;
    }
    this.note(`call string.${m}`, node);
    yield [st, { t: 'opaque', why: `string.${m}` }];
  }

  private async *arrayMethod(
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
    if ((m === 'includes' || m === 'indexOf') && a0) {
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
          const parts = items.map((x) => (x.t === 'undef' || x.t === 'null' ? T.str('') : this.toStr(x)));
          if (sep && parts.every((p) => p !== undefined)) {
            let out: Term = T.str('');
            parts.forEach((p, i) => {
              out = i === 0 ? (p as Term) : T.concat(T.concat(out, sep), p as Term);
            });
            yield [s, { t: 'str', term: out }];
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

  /** Array methods with callbacks, over an array of known length. */
  private async *iterate(
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

  // ---------------------------------------------------------------- statements

  private hoist(st: State, scope: Scope, stmts: readonly ts.Statement[]): State {
    let s = st;
    for (const x of stmts) {
      if (ts.isFunctionDeclaration(x) && x.name)
        s = this.declare(s, scope, x.name.text, { t: 'fn', node: x as FnLike, scope, name: x.name.text });
      if (ts.isClassDeclaration(x) && x.name)
        s = this.declare(s, scope, x.name.text, { t: 'class', name: x.name.text, node: x });
    }
    return s;
  }

  private async *execBlock(
    st: State,
    frame: Frame,
    block: ts.Block,
    scope?: Scope,
  ): AsyncGenerator<[State, Completion]> {
    const sc = scope ?? this.newScope(frame.scope);
    const inner: Frame = { scope: sc, self: frame.self };
    yield* this.execList(this.hoist(st, sc, block.statements), inner, block.statements, 0);
  }

  private async *execList(
    st: State,
    frame: Frame,
    stmts: readonly ts.Statement[],
    i: number,
  ): AsyncGenerator<[State, Completion]> {
    if (i >= stmts.length) {
      yield [st, NORMAL];
      return;
    }
    for await (const [s, c] of this.exec(st, frame, stmts[i] as ts.Statement)) {
      if (c.type !== 'normal') yield [s, c];
      else yield* this.execList(s, frame, stmts, i + 1);
    }
  }

  private async *exec(st: State, frame: Frame, node: ts.Statement): AsyncGenerator<[State, Completion]> {
    if (Date.now() > this.limits.deadline) throw new Stop();
    if (ts.isBlock(node)) return yield* this.execBlock(st, frame, node);
    if (ts.isExpressionStatement(node)) {
      for await (const [s, v] of this.evalExpr(st, frame, node.expression))
        yield [s, isThrown(v) ? { type: 'throw', value: v.value } : NORMAL];
      return;
    }
    if (ts.isVariableStatement(node)) {
      let states: [State, Completion][] = [[st, NORMAL]];
      for (const d of node.declarationList.declarations) {
        const next: [State, Completion][] = [];
        for (const [s, c] of states) {
          if (c.type !== 'normal') {
            next.push([s, c]);
            continue;
          }
          if (!d.initializer) {
            for await (const [s1] of this.bind(s, frame.scope, d.name, UNDEF, frame)) next.push([s1, NORMAL]);
            continue;
          }
          for await (const [s1, v] of this.evalExpr(s, frame, d.initializer)) {
            if (isThrown(v)) {
              next.push([s1, { type: 'throw', value: v.value }]);
              continue;
            }
            for await (const [s2, r] of this.bind(s1, frame.scope, d.name, v, frame))
              next.push([s2, isThrown(r) ? { type: 'throw', value: r.value } : NORMAL]);
          }
        }
        states = next;
      }
      yield* states;
      return;
    }
    if (ts.isReturnStatement(node)) {
      if (!node.expression) return yield [st, { type: 'return', value: UNDEF }];
      for await (const [s, v] of this.evalExpr(st, frame, node.expression))
        yield [s, isThrown(v) ? { type: 'throw', value: v.value } : { type: 'return', value: v }];
      return;
    }
    if (ts.isThrowStatement(node)) {
      for await (const [s, v] of this.evalExpr(st, frame, node.expression))
        yield [s, { type: 'throw', value: isThrown(v) ? v.value : v }];
      return;
    }
    if (ts.isIfStatement(node)) {
      for await (const [s, c] of this.evalExpr(st, frame, node.expression)) {
        if (isThrown(c)) {
          yield [s, { type: 'throw', value: c.value }];
          continue;
        }
        for await (const [s1, side] of this.branchValue(s, c, node.expression)) {
          if (side) yield* this.exec(s1, frame, node.thenStatement);
          else if (node.elseStatement) yield* this.exec(s1, frame, node.elseStatement);
          else yield [s1, NORMAL];
        }
      }
      return;
    }
    if (ts.isSwitchStatement(node)) {
      yield* this.execSwitch(st, frame, node);
      return;
    }
    if (
      ts.isForStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isForInStatement(node)
    ) {
      for await (const [s, c] of this.execLoop(st, frame, node, undefined)) yield [s, c];
      return;
    }
    if (ts.isLabeledStatement(node)) {
      const label = node.label.text;
      const body = node.statement;
      const run = ts.isIterationStatement(body, false)
        ? this.execLoop(st, frame, body, label)
        : this.exec(st, frame, body);
      for await (const [s, c] of run) {
        if (c.type === 'break' && c.label === label) yield [s, NORMAL];
        else yield [s, c];
      }
      return;
    }
    if (ts.isBreakStatement(node)) return yield [st, { type: 'break', label: node.label?.text }];
    if (ts.isContinueStatement(node)) return yield [st, { type: 'continue', label: node.label?.text }];
    if (ts.isTryStatement(node)) {
      yield* this.execTry(st, frame, node);
      return;
    }
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEmptyStatement(node)
    ) {
      return yield [st, NORMAL];
    }
    this.note(`statement ${ts.SyntaxKind[node.kind]}`, node);
    yield [{ ...st, inexact: [...st.inexact, ts.SyntaxKind[node.kind]] }, NORMAL];
  }

  private async *execTry(
    st: State,
    frame: Frame,
    node: ts.TryStatement,
  ): AsyncGenerator<[State, Completion]> {
    const afterTry: [State, Completion][] = [];
    for await (const [s, c] of this.execBlock(st, frame, node.tryBlock)) {
      if (c.type === 'throw' && node.catchClause) {
        const scope = this.newScope(frame.scope);
        let s1 = s;
        const decl = node.catchClause.variableDeclaration;
        if (decl && ts.isIdentifier(decl.name)) s1 = this.declare(s1, scope, decl.name.text, c.value);
        for await (const r of this.execBlock(s1, { scope, self: frame.self }, node.catchClause.block, scope))
          afterTry.push(r);
      } else afterTry.push([s, c]);
    }
    for (const [s, c] of afterTry) {
      if (!node.finallyBlock) {
        yield [s, c];
        continue;
      }
      for await (const [s1, fc] of this.execBlock(s, frame, node.finallyBlock))
        yield [s1, fc.type === 'normal' ? c : fc];
    }
  }

  private async *execSwitch(
    st: State,
    frame: Frame,
    node: ts.SwitchStatement,
  ): AsyncGenerator<[State, Completion]> {
    const clauses = node.caseBlock.clauses;
    const scope = this.newScope(frame.scope);
    const inner: Frame = { scope, self: frame.self };
    const runFrom = async function* (
      this: Explorer,
      s: State,
      start: number,
    ): AsyncGenerator<[State, Completion]> {
      const stmts = clauses.slice(start).flatMap((c) => [...c.statements]);
      for await (const [s1, c] of this.execList(this.hoist(s, scope, stmts), inner, stmts, 0)) {
        if (c.type === 'break' && c.label === undefined) yield [s1, NORMAL];
        else yield [s1, c];
      }
    }.bind(this);
    for await (const [s0, disc] of this.evalExpr(st, frame, node.expression)) {
      if (isThrown(disc)) {
        yield [s0, { type: 'throw', value: disc.value }];
        continue;
      }
      const discText = srcText(node.expression, this.sf);
      // Walk the cases in order; each step forks on "matches this case".
      const walk = async function* (
        this: Explorer,
        s: State,
        i: number,
      ): AsyncGenerator<[State, Completion]> {
        if (i >= clauses.length) {
          const d = clauses.findIndex((c) => ts.isDefaultClause(c));
          if (d >= 0) yield* runFrom(s, d);
          else yield [s, NORMAL];
          return;
        }
        const clause = clauses[i] as ts.CaseOrDefaultClause;
        if (ts.isDefaultClause(clause)) {
          yield* walk(s, i + 1);
          return;
        }
        for await (const [s1, cv] of this.evalExpr(s, frame, clause.expression)) {
          if (isThrown(cv)) {
            yield [s1, { type: 'throw', value: cv.value }];
            continue;
          }
          const eqt = this.strictEq(disc, cv);
          const caseText = srcText(clause.expression, this.sf);
          const text = {
            pos: `${discText} === ${caseText}`,
            neg: `${discText} !== ${caseText}`,
            site: clause.pos,
          };
          if (eqt === undefined) {
            this.note('switch on an opaque value', clause);
            for await (const [s2, hit] of this.branchValue(s1, { t: 'opaque', why: 'switch' }, undefined)) {
              if (hit) yield* runFrom({ ...s2, conds: [...s2.conds, text.pos] }, i);
              else yield* walk(s2, i + 1);
            }
            continue;
          }
          for await (const [s2, hit] of this.branch(s1, eqt, text)) {
            if (hit) yield* runFrom(s2, i);
            else yield* walk(s2, i + 1);
          }
        }
      }.bind(this);
      yield* walk(s0, 0);
    }
  }

  private async *execLoop(
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
            this: Explorer,
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
      this: Explorer,
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
