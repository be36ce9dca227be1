import ts from 'typescript';
import * as T from '../terms.js';
import { type FnLike, type Scope, UNDEF, type Value } from '../values.js';

import { importBinding, resolveProjectFile } from './modules.js';
import { TypeTags } from './type-tags.js';
import { ERROR_CLASSES, type EV, type Frame, isThrown, type State, siteOf, srcText, strip } from './types.js';

/** Identifiers, assignment targets, binding patterns and parameter defaults. */
export abstract class Bindings extends TypeTags {
  protected async *lookup(st: State, frame: Frame, name: string, node: ts.Node): AsyncGenerator<[State, EV]> {
    const key = this.findVar(st, frame.scope, name);
    if (key) {
      yield [st, st.vars.get(key) as Value];
      return;
    }
    const file = this.fileOf(node);
    const decl = file.topLevel.get(name) ?? enclosingDeclaration(name, node);
    if (decl) {
      if (ts.isFunctionDeclaration(decl)) {
        yield [st, { t: 'fn', node: decl as FnLike, scope: file.scope, name }];
        return;
      }
      if (ts.isClassDeclaration(decl)) {
        yield [st, { t: 'class', name, node: decl }];
        return;
      }
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        // Module constants: evaluated where first read (they are almost always literals).
        const frame0: Frame = { scope: file.scope, self: undefined };
        for await (const [s, v] of this.evalExpr(st, frame0, decl.initializer)) {
          if (isThrown(v)) {
            yield [s, v];
            continue;
          }
          const vars = new Map(s.vars);
          vars.set(`${file.scope.id}:${name}`, v);
          yield [{ ...s, vars }, v];
        }
        return;
      }
      if (ts.isEnumDeclaration(decl)) {
        const props = new Map<string, Value>();
        let next = 0;
        for (const m of decl.members) {
          const key2 = m.name.getText();
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
    const imported = importBinding(node.getSourceFile(), name);
    const target = imported && resolveProjectFile(node.getSourceFile().fileName, imported.spec);
    if (imported && target) {
      // `import { isInt } from './isInt.js'`: the other file's export, explored like the module's own.
      for await (const [s, m] of this.moduleValue(st, target, node)) {
        if (isThrown(m) || imported.imported === '*') yield [s, m];
        else yield* this.getProp(s, m, imported.imported, node);
      }
      return;
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

  protected async *assign(
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

  protected async *bind(
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
        const key = el.propertyName ? el.propertyName.getText() : el.name.getText();
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
  protected async *withDefault(
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
    const name = owner && 'name' in owner && owner.name ? srcText(owner.name as ts.Node) : 'value';
    const text = { pos: `${name} is undefined`, neg: `${name} is given`, site: siteOf(init) };
    for await (const [s, undef] of this.branch(st, isUndef, text)) {
      if (!undef) {
        yield* this.narrowNot(s, v, 'undef');
        continue;
      }
      yield* this.evalExpr(s, frame, init);
    }
  }
}

/**
 * A declaration in a function around `node` (the helpers and constants of a UMD or IIFE wrapper,
 * which are not top-level): looked up when the scopes the explorer built do not have the name.
 */
function enclosingDeclaration(name: string, node: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    const body = ts.isFunctionLike(n) ? (n as ts.FunctionLikeDeclaration).body : undefined;
    if (!body || !ts.isBlock(body)) continue;
    for (const s of body.statements) {
      if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s;
      if (ts.isClassDeclaration(s) && s.name?.text === name) return s;
      if (ts.isVariableStatement(s))
        for (const d of s.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    }
  }
  return undefined;
}
