import path from 'node:path';
import ts from 'typescript';
import { argumentsUse } from '../analyse.js';
import * as T from '../terms.js';
import { type HeapObj, UNDEF, type Value } from '../values.js';

import { exportSteps, exportsTarget, loadModuleFile, resolveProjectFile } from './modules.js';
import { Props } from './props.js';
import { ERROR_CLASSES, type EV, type Frame, isThrown, type State } from './types.js';

/** Calls into functions and classes of the module (inlined up to the call depth), and `new`. */
export abstract class Calls extends Props {
  protected async *callFn(st: State, fn: Value, args: Value[], top = false): AsyncGenerator<[State, EV]> {
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
    if (argumentsUse(node).uses) {
      // `arguments`: the rest array the driver made for a variadic export, else the arguments given.
      const given =
        top && node.parameters.length === 0 && args.length === 1 && args[0]?.t === 'ref'
          ? (args[0] as Value)
          : undefined;
      const [s0, arr] = given
        ? [states[0]?.[0] as State, given]
        : this.mkArray(states[0]?.[0] as State, args);
      states = [[this.declare(s0, scope, 'arguments', arr), UNDEF]];
    }
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

  protected selfOf(_st: State, fn: Extract<Value, { t: 'fn' }>): Value | undefined {
    return fn.self;
  }

  /** `new C(...)`: field initialisers and the constructor body, symbolically. */
  protected async *construct(
    st: State,
    cls: ts.ClassLikeDeclaration,
    args: Value[],
    name: string,
  ): AsyncGenerator<[State, EV]> {
    if (cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) {
      const base = cls.heritageClauses
        .find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
        ?.types[0]?.expression.getText();
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
    const frame: Frame = { scope: this.newScope(this.fileOf(cls).scope), self };
    for (const m of cls.members) {
      if (
        !ts.isPropertyDeclaration(m) ||
        ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)
      )
        continue;
      const key = m.name.getText();
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
      const scope = this.newScope(this.fileOf(cls).scope);
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

  /** Files whose exports are being built on this stack: a require cycle stays opaque. */
  private readonly building = new Set<string>();

  /**
   * A project file's exports, built by running its export statements (explore/modules.ts):
   * `exports.x = ...`, `module.exports = fn`, Babel's `module.exports.default = ...`, ES exports.
   */
  protected async *moduleValue(st: State, file: string, node: ts.Node): AsyncGenerator<[State, EV]> {
    const mod = loadModuleFile(file);
    if (!mod || this.building.has(file) || st.depth >= this.limits.callDepth) {
      this.note(`module ${path.basename(file)} not explored`, node);
      yield [st, { t: 'opaque', why: `module ${path.basename(file)}` }];
      return;
    }
    this.building.add(file);
    let result: [State, EV];
    try {
      const frame: Frame = { scope: this.fileOf(mod.sf).scope, self: undefined };
      // The exports so far: properties of a fresh object, or what `module.exports = v` put instead.
      let whole: Value | undefined;
      const props = new Map<string, Value>();
      let esModule = false;
      let s = st;
      const exported = (name: string): Value | undefined => {
        if (!whole) return name === '' ? undefined : props.get(name);
        if (name === '') return whole;
        if (whole.t === 'fn') return whole.props?.get(name);
        const o = this.obj(s, whole);
        return o?.kind === 'object' ? o.props.get(name) : undefined;
      };
      for (const step of exportSteps(mod.sf)) {
        if (step.kind === 'esModule') {
          esModule = true;
          continue;
        }
        let v: Value | undefined;
        const read = step.kind === 'expr' ? exportsTarget(step.expr) : undefined;
        if (read !== undefined) v = exported(read);
        else {
          const evaluated =
            step.kind === 'local'
              ? this.lookup(s, frame, step.local, step.at)
              : this.evalExpr(s, frame, step.expr);
          for await (const [s1, x] of evaluated) {
            if (!isThrown(x)) {
              s = s1;
              v = x;
            }
            break;
          }
        }
        if (!v) continue;
        if (step.name === '') whole = v;
        else if (whole?.t === 'fn') whole = { ...whole, props: new Map(whole.props ?? []).set(step.name, v) };
        else if (whole) s = this.setProp(s, whole, step.name, v);
        else props.set(step.name, v);
      }
      if (!whole && esModule) props.set('__esModule', { t: 'bool', term: T.bool(true) });
      result = whole ? [s, whole] : this.alloc(s, { kind: 'object', props });
    } finally {
      // Before yielding: the caller may go on to import another export of the same file.
      this.building.delete(file);
    }
    yield result;
  }

  protected async *evalNew(st: State, frame: Frame, e: ts.NewExpression): AsyncGenerator<[State, EV]> {
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
          this.note(`new ${e.expression.getText()}`, e);
          yield [s1, { t: 'opaque', why: 'new' }];
        }
      }
    }
  }

  protected async *evalCall(st: State, frame: Frame, e: ts.CallExpression): AsyncGenerator<[State, EV]> {
    const spec = e.arguments[0];
    if (
      ts.isIdentifier(e.expression) &&
      e.expression.text === 'require' &&
      e.arguments.length === 1 &&
      spec &&
      ts.isStringLiteral(spec) &&
      !this.findVar(st, frame.scope, 'require')
    ) {
      // `require('./util/assertString')`: a file of the project, explored like the module itself.
      const target = resolveProjectFile(e.getSourceFile().fileName, spec.text);
      if (target) {
        yield* this.moduleValue(st, target, e);
        return;
      }
    }
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
          this.note(`call of ${e.expression.getText()}`, e);
          yield [s1, { t: 'opaque', why: `call ${e.expression.getText()}` }];
        }
      }
    }
  }
}
