import './node-globals.js';
import { Loops } from './explore/loops.js';
import {
  type ExploreResult,
  isThrown,
  type PathResult,
  type State,
  Stop,
  type Thrown,
} from './explore/types.js';
import type { Term } from './terms.js';
import type { FunctionInfo } from './types.js';
import type { FnLike, HeapObj, InputShape, Value } from './values.js';
import { SolverStalled } from './watchdog.js';

export {
  DEFAULT_LIMITS,
  type ExploreLimits,
  type ExploreResult,
  type PathResult,
  type SolverPort,
} from './explore/types.js';

function returned(v: Value | Thrown): Pick<PathResult, 'returns'> {
  if (v.t === 'num' || v.t === 'str' || v.t === 'bool') return { returns: v.term };
  if (v.t === 'undef' || v.t === 'null') return { returns: v.t === 'undef' ? 'undefined' : 'null' };
  return {};
}

/**
 * Symbolic execution of one function over the TypeScript AST: a nondeterministic interpreter whose
 * states carry a path constraint; every branch forks on what the solver finds feasible.
 */
export class Explorer extends Loops {
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
            ...returned(result),
          });
          if (paths.length >= this.limits.maxPaths) throw new Stop();
        }
      }
    } catch (e) {
      if (e instanceof SolverStalled) this.unsupported.add(`${e.message}; the paths found so far are kept`);
      else if (!(e instanceof Stop)) throw e;
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
}
