import ts from 'typescript';
import { type FnLike, type Scope, UNDEF } from '../values.js';

import { Operators } from './operators.js';
import { type Completion, type Frame, isThrown, NORMAL, type State, Stop, siteOf, srcText } from './types.js';

/** Statements and control flow: blocks, declarations, `if`, `switch`, `try`, `throw`, `return`. */
export abstract class Statements extends Operators {
  protected hoist(st: State, scope: Scope, stmts: readonly ts.Statement[]): State {
    let s = st;
    for (const x of stmts) {
      if (ts.isFunctionDeclaration(x) && x.name)
        s = this.declare(s, scope, x.name.text, { t: 'fn', node: x as FnLike, scope, name: x.name.text });
      if (ts.isClassDeclaration(x) && x.name)
        s = this.declare(s, scope, x.name.text, { t: 'class', name: x.name.text, node: x });
    }
    return s;
  }

  protected async *execBlock(
    st: State,
    frame: Frame,
    block: ts.Block,
    scope?: Scope,
  ): AsyncGenerator<[State, Completion]> {
    const sc = scope ?? this.newScope(frame.scope);
    const inner: Frame = { scope: sc, self: frame.self };
    yield* this.execList(this.hoist(st, sc, block.statements), inner, block.statements, 0);
  }

  protected async *execList(
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

  protected async *exec(st: State, frame: Frame, node: ts.Statement): AsyncGenerator<[State, Completion]> {
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

  protected async *execTry(
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

  protected async *execSwitch(
    st: State,
    frame: Frame,
    node: ts.SwitchStatement,
  ): AsyncGenerator<[State, Completion]> {
    const clauses = node.caseBlock.clauses;
    const scope = this.newScope(frame.scope);
    const inner: Frame = { scope, self: frame.self };
    const runFrom = async function* (
      this: Statements,
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
      const discText = srcText(node.expression);
      // Walk the cases in order; each step forks on "matches this case".
      const walk = async function* (
        this: Statements,
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
          const caseText = srcText(clause.expression);
          const text = {
            pos: `${discText} === ${caseText}`,
            neg: `${discText} !== ${caseText}`,
            site: siteOf(clause),
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
}
