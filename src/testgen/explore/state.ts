import path from 'node:path';
import type ts from 'typescript';
import type { Term } from '../terms.js';
import * as T from '../terms.js';
import type { TypeDesc } from '../types.js';
import type { HeapObj, InputShape, Scope, Value } from '../values.js';
import { loadModuleFile, topLevelOf } from './modules.js';

import {
  type Completion,
  condText,
  type EV,
  type ExploreLimits,
  type Frame,
  type SolverPort,
  type State,
  Stop,
  siteOf,
  type Thrown,
} from './types.js';

/** Path state: the fork/assume machinery over path constraints, the heap and scopes. The layers above
 * (type tags, bindings, properties, calls, builtins, expressions, statements, loops) each add one concern;
 * the abstract declarations below let a lower layer call into a higher one. */
export abstract class PathState {
  protected nextId = 1;
  protected checks = 0;
  protected readonly unsupported = new Set<string>();
  protected readonly vars = new Map<string, Term>();
  protected readonly moduleScope: Scope = { id: 0, parent: undefined };
  protected readonly topLevel = new Map<string, ts.Node>();
  /** Other files' module scopes (calls into them, explore/modules.ts). */
  private readonly fileScopes = new Map<ts.SourceFile, Scope>();
  protected truncated = false;

  constructor(
    protected readonly sf: ts.SourceFile,
    protected readonly solver: SolverPort,
    protected readonly limits: ExploreLimits,
  ) {
    for (const [k, v] of topLevelOf(sf)) this.topLevel.set(k, v);
  }

  /** The module scope and top-level declarations of the file a node is in. */
  protected fileOf(node: ts.Node): { scope: Scope; topLevel: Map<string, ts.Node> } {
    const sf = node.getSourceFile();
    if (!sf || sf === this.sf) return { scope: this.moduleScope, topLevel: this.topLevel };
    let scope = this.fileScopes.get(sf);
    if (!scope) {
      scope = { id: this.fresh(), parent: undefined };
      this.fileScopes.set(sf, scope);
    }
    return { scope, topLevel: loadModuleFile(sf.fileName)?.topLevel ?? new Map() };
  }

  protected note(what: string, node?: ts.Node): void {
    const sf = node?.getSourceFile() ?? this.sf;
    const line = node ? sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 : undefined;
    const where = sf === this.sf ? `line ${line}` : `${path.basename(sf.fileName)}:${line}`;
    this.unsupported.add(line ? `${what} (${where})` : what);
  }

  protected fresh(): number {
    return this.nextId++;
  }

  protected mkVar(name: string, sort: T.Sort): Term {
    const v = T.variable(name, sort);
    this.vars.set(name, v);
    return v;
  }

  protected async feasible(pc: Term[]): Promise<boolean> {
    if (Date.now() > this.limits.deadline || this.checks >= this.limits.maxChecks) throw new Stop();
    this.checks++;
    const r = await this.solver.check(pc);
    return r !== 'unsat';
  }

  /** Fork on a boolean term: yields the feasible sides, recording the condition text when given. */
  protected async *branch(
    st: State,
    cond: Term,
    text?: { pos: string; neg: string; site?: string },
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

  /**
   * A value the models leave to search: opaque, on a path marked inexact, so that testgen solves it
   * after the exact paths and does not name a test after conditions its input may not meet.
   * `note` is the path's inexact note; `why` the value's (the same by default).
   */
  protected leftToSearch(st: State, note: string, why = note): [State, Value] {
    return [
      { ...st, inexact: [...st.inexact, note] },
      { t: 'opaque', why },
    ];
  }

  /** Fork on a value's truthiness; opaque conditions fork without a constraint (inexact). */
  protected async *branchValue(
    st: State,
    v: Value,
    node: ts.Expression | undefined,
  ): AsyncGenerator<[State, boolean]> {
    const text = node ? { ...condText(node, node.getSourceFile()), site: siteOf(node) } : undefined;
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
  protected async *assume(st: State, cond: Term): AsyncGenerator<State> {
    if (cond.k === 'bool') {
      if (cond.v) yield st;
      return;
    }
    const pc = [...st.pc, cond];
    if (await this.feasible(pc)) yield { ...st, pc };
  }

  /** The alternatives of a union that the path allows, each with its tag fixed. */
  protected async *narrow(st: State, v: Value): AsyncGenerator<[State, Value]> {
    if (v.t !== 'union') {
      yield [st, v];
      return;
    }
    for (let i = 0; i < v.alts.length; i++) {
      const alt = v.alts[i] as Value;
      for await (const s of this.assume(st, T.eq(v.tag, T.num(i)))) yield* this.narrow(s, alt);
    }
  }

  protected obj(st: State, v: Value): HeapObj | undefined {
    return v.t === 'ref' ? st.heap.get(v.id) : undefined;
  }

  protected setHeap(st: State, id: number, o: HeapObj): State {
    const heap = new Map(st.heap);
    heap.set(id, o);
    return { ...st, heap };
  }

  protected alloc(st: State, o: HeapObj): [State, Value] {
    const id = this.fresh();
    return [this.setHeap(st, id, o), { t: 'ref', id }];
  }

  protected mkArray(st: State, items: Value[]): [State, Value] {
    return this.alloc(st, { kind: 'array', len: T.num(items.length), elems: items });
  }

  protected mkError(st: State, cls: string, message: Value): [State, Value] {
    return this.alloc(st, {
      kind: 'object',
      props: new Map<string, Value>([
        ['message', message],
        ['name', { t: 'str', term: T.str(cls) }],
      ]),
      error: cls,
    });
  }

  protected throwError(st: State, cls: string, message: string): [State, Thrown] {
    const [s, e] = this.mkError(st, cls, { t: 'str', term: T.str(message) });
    return [s, { t: 'thrown', value: e }];
  }

  /** Fix a symbolic array length to each feasible constant (needed by push, callbacks, spread). */
  protected async *concreteArray(
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

  protected newScope(parent: Scope): Scope {
    return { id: this.fresh(), parent };
  }

  protected declare(st: State, scope: Scope, name: string, v: Value): State {
    const vars = new Map(st.vars);
    vars.set(`${scope.id}:${name}`, v);
    return { ...st, vars };
  }

  protected findVar(st: State, scope: Scope, name: string): string | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const key = `${s.id}:${name}`;
      if (st.vars.has(key)) return key;
    }
    return undefined;
  }

  /** Each feasible integer value of an index below `bound`. */
  protected async *concreteIndex(st: State, i: Term, bound: number): AsyncGenerator<[State, number]> {
    if (i.k === 'num') {
      if (Number.isInteger(i.v) && i.v >= 0) yield [st, i.v];
      return;
    }
    for (let k = 0; k < bound; k++) {
      for await (const s of this.assume(st, T.eq(i, T.num(k)))) yield [s, k];
    }
  }

  // ---------------------------------------------------------------- implemented by the layers above
  protected abstract inputOf(
    name: string,
    type: TypeDesc,
    heap: Map<number, HeapObj>,
    pc: Term[],
    depth?: number,
  ): [Value, InputShape];
  protected abstract truthy(st: State, v: Value): Term | undefined;
  protected abstract typeOf(v: Value): Term;
  protected abstract strictEq(a: Value, b: Value, loose?: boolean): Term | undefined;
  protected abstract toNum(v: Value): Term | undefined;
  protected abstract toStr(v: Value): Term | undefined;
  protected abstract takeStrInts(st: State): AsyncGenerator<State>;
  protected abstract strInts: Term[];
  protected abstract narrowNot(st: State, v: Value, kind: Value['t']): AsyncGenerator<[State, EV]>;
  protected abstract num(v: Value | undefined): Term | undefined;
  protected abstract strNumber(s: Term): Term | undefined;
  protected abstract lookup(
    st: State,
    frame: Frame,
    name: string,
    node: ts.Node,
  ): AsyncGenerator<[State, EV]>;
  protected abstract assign(
    st: State,
    frame: Frame,
    target: ts.Expression,
    v: Value,
  ): AsyncGenerator<[State, EV]>;
  protected abstract bind(
    st: State,
    scope: Scope,
    name: ts.BindingName,
    v: Value,
    frame: Frame,
  ): AsyncGenerator<[State, EV]>;
  protected abstract withDefault(
    st: State,
    frame: Frame,
    v: Value,
    init: ts.Expression | undefined,
  ): AsyncGenerator<[State, EV]>;
  protected abstract setProp(st: State, target: Value, key: string, v: Value): State;
  protected abstract methodOf(o: HeapObj, key: string, self: Value): Value | undefined;
  protected abstract getProp(
    st: State,
    base: Value,
    key: string,
    node: ts.Node,
    optional?: boolean,
  ): AsyncGenerator<[State, EV]>;
  protected abstract staticMember(ns: string, key: string): Value;
  protected abstract index(st: State, base: Value, key: Value, node: ts.Node): AsyncGenerator<[State, EV]>;
  protected abstract callFn(st: State, fn: Value, args: Value[], top?: boolean): AsyncGenerator<[State, EV]>;
  protected abstract selfOf(_st: State, fn: Extract<Value, { t: 'fn' }>): Value | undefined;
  protected abstract construct(
    st: State,
    cls: ts.ClassLikeDeclaration,
    args: Value[],
    name: string,
  ): AsyncGenerator<[State, EV]>;
  protected abstract evalNew(st: State, frame: Frame, e: ts.NewExpression): AsyncGenerator<[State, EV]>;
  protected abstract evalCall(st: State, frame: Frame, e: ts.CallExpression): AsyncGenerator<[State, EV]>;
  protected abstract moduleValue(st: State, file: string, node: ts.Node): AsyncGenerator<[State, EV]>;
  protected abstract callNative(
    st: State,
    frame: Frame,
    f: Extract<Value, { t: 'native' }>,
    args: Value[],
    node: ts.CallExpression,
  ): AsyncGenerator<[State, EV]>;
  protected abstract stringMethod(
    st: State,
    m: string,
    s: Term,
    args: Value[],
    node: ts.Node,
    strArg: (v: Value | undefined) => Term | undefined,
  ): AsyncGenerator<[State, EV]>;
  protected abstract arrayMethod(
    st: State,
    m: string,
    self: Value,
    args: Value[],
    node: ts.Node,
  ): AsyncGenerator<[State, EV]>;
  protected abstract evalAll(
    st: State,
    frame: Frame,
    nodes: readonly ts.Expression[],
  ): AsyncGenerator<[State, Value[] | Thrown]>;
  abstract evalExpr(st: State, frame: Frame, node: ts.Expression): AsyncGenerator<[State, EV]>;
  protected abstract evalObject(
    st: State,
    frame: Frame,
    e: ts.ObjectLiteralExpression,
  ): AsyncGenerator<[State, EV]>;
  protected abstract evalPrefix(
    st: State,
    frame: Frame,
    e: ts.PrefixUnaryExpression,
  ): AsyncGenerator<[State, EV]>;
  protected abstract evalBinary(st: State, frame: Frame, e: ts.BinaryExpression): AsyncGenerator<[State, EV]>;
  protected abstract binop(
    st: State,
    op: ts.SyntaxKind,
    l: Value,
    r: Value,
    node: ts.Node,
  ): AsyncGenerator<[State, EV]>;
  protected abstract binPrim(op: ts.SyntaxKind, a: Value, b: Value, node: ts.Node): Value;
  protected abstract hoist(st: State, scope: Scope, stmts: readonly ts.Statement[]): State;
  protected abstract execBlock(
    st: State,
    frame: Frame,
    block: ts.Block,
    scope?: Scope,
  ): AsyncGenerator<[State, Completion]>;
  protected abstract execList(
    st: State,
    frame: Frame,
    stmts: readonly ts.Statement[],
    i: number,
  ): AsyncGenerator<[State, Completion]>;
  protected abstract exec(st: State, frame: Frame, node: ts.Statement): AsyncGenerator<[State, Completion]>;
  protected abstract execTry(
    st: State,
    frame: Frame,
    node: ts.TryStatement,
  ): AsyncGenerator<[State, Completion]>;
  protected abstract execSwitch(
    st: State,
    frame: Frame,
    node: ts.SwitchStatement,
  ): AsyncGenerator<[State, Completion]>;
  protected abstract iterate(
    st: State,
    m: string,
    fn: Value,
    items: Value[],
    init: Value | undefined,
    hasInit: boolean,
  ): AsyncGenerator<[State, EV]>;
  protected abstract execLoop(
    st: State,
    frame: Frame,
    node: ts.IterationStatement,
    label: string | undefined,
  ): AsyncGenerator<[State, Completion]>;
}
