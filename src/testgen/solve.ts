/**
 * The only module that imports z3-solver: loaded lazily, once per process, and released with
 * `close()` (Z3's threads keep a process alive until killThreads). Translates the explorer's terms
 * to Z3, answers feasibility checks incrementally (push/pop along the depth-first path), and reads
 * models back as JS values, preferring integers and printable ASCII for readable tests.
 */
import type * as Z3Types from 'z3-solver';
import { collectVars, type ReTerm, type Term } from './terms.js';
import { SolverStalled, takeZ3Crashes, watch, z3Crash } from './watchdog.js';

type Z3Module = typeof Z3Types;
// biome-ignore lint/suspicious/noExplicitAny: the high-level API's generic types are unwieldy; checked at the edges
type Ctx = any;
// biome-ignore lint/suspicious/noExplicitAny: Z3 expressions of any sort
type Expr = any;

interface Loaded {
  mod: Z3Module;
  em: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: z3-solver's Context factory
  Context: (name: string) => any;
  /** The context sessions share, until a stalled call leaves it busy on a worker thread. */
  ctx: Ctx | undefined;
}

let loading: Promise<Loaded> | undefined;
/** Contexts made so far (each gets its own name). */
let contexts = 0;

async function loadZ3(): Promise<Loaded> {
  loading ??= (async () => {
    // webpackIgnore keeps ncc from bundling z3-solver: it ships beside dist/ and runs its own workers.
    const imported = (await import(/* webpackIgnore: true */ 'z3-solver')) as Z3Module & {
      default?: Z3Module;
    };
    const mod = (
      'init' in imported && typeof imported.init === 'function' ? imported : imported.default
    ) as Z3Module;
    const { Context, em } = await mod.init();
    takeZ3Crashes(true);
    return { mod, em, Context, ctx: undefined };
  })();
  return loading;
}

/** Release Z3's threads so the process can exit. Safe to call when Z3 was never loaded. */
export async function closeSolver(): Promise<void> {
  if (!loading) return;
  const { mod, em } = await loading;
  loading = undefined;
  takeZ3Crashes(false);
  await (mod as unknown as { killThreads(em: unknown): Promise<void> }).killThreads(em);
}

export type ModelValue = number | string | boolean;

/** Checks after which the next reset() starts a new solver. */
const RENEW_AFTER_CHECKS = 400;

export interface SolverStats {
  checks: number;
  sat: number;
  unsat: number;
  unknown: number;
  ms: number;
}

/** A solver session for one function: incremental checks along the explorer's depth-first path. */
export class Z3Session {
  private readonly vars = new Map<string, Expr>();
  private readonly cache = new WeakMap<Term, Expr>();
  /** The terms currently asserted, one push level each. */
  private stack: Term[] = [];
  readonly stats: SolverStats = { checks: 0, sat: 0, unsat: 0, unknown: 0, ms: 0 };
  private checksAtRenew = 0;

  /** Set when a call overran even its interrupt: the context is busy, nothing may touch it. */
  private stalled = false;
  /** The timeout the solver was last given (the watchdog allows a little more). */
  private limitMs = 0;

  private constructor(
    private readonly z: Ctx,
    private solver: Expr,
    private readonly timeoutMs: number,
    private readonly loaded: Loaded,
  ) {}

  /** A session on the shared context, or on a new one when a stalled call left the last one busy. */
  static async open(timeoutMs = 2000): Promise<Z3Session> {
    const loaded = await loadZ3();
    const crash = z3Crash();
    if (crash) throw new Error(`the Z3 solver crashed earlier in this run (${crash}); search only from here`);
    if (!loaded.ctx) {
      contexts++;
      loaded.ctx = loaded.Context(`autoglm${contexts}`);
    }
    const session = new Z3Session(loaded.ctx, new loaded.ctx.Solver(), timeoutMs, loaded);
    session.setTimeout(timeoutMs);
    return session;
  }

  /** False once a call stalled: the caller opens a new session for the next function. */
  get usable(): boolean {
    return !this.stalled;
  }

  private setTimeout(ms: number): void {
    this.limitMs = ms;
    this.solver.set('timeout', ms);
  }

  /** One solver check under the wall-clock watchdog (Z3's own timeout, then an interrupt). */
  private async guarded(): Promise<'sat' | 'unsat' | 'unknown'> {
    const crash = z3Crash();
    if (this.stalled || crash) {
      this.stalled = true;
      throw new SolverStalled(crash ? `the Z3 solver crashed (${crash})` : 'the Z3 solver stalled earlier');
    }
    try {
      return await watch(
        this.solver.check() as Promise<'sat' | 'unsat' | 'unknown'>,
        this.limitMs + 2000,
        5000,
        () => this.z.interrupt(),
      );
    } catch (e) {
      if (e instanceof SolverStalled) {
        this.stalled = true;
        if (this.loaded.ctx === this.z) this.loaded.ctx = undefined;
      }
      throw e;
    }
  }

  private sync(pc: Term[]): void {
    let common = 0;
    while (common < this.stack.length && common < pc.length && this.stack[common] === pc[common]) common++;
    if (common < this.stack.length) {
      this.solver.pop(this.stack.length - common);
      this.stack = this.stack.slice(0, common);
    }
    for (let i = common; i < pc.length; i++) {
      this.solver.push();
      this.solver.add(this.bool(pc[i] as Term));
      this.stack.push(pc[i] as Term);
    }
  }

  async check(pc: Term[]): Promise<'sat' | 'unsat' | 'unknown'> {
    if (this.stalled) throw new SolverStalled('the Z3 solver stalled earlier');
    const t0 = performance.now();
    this.sync(pc);
    const r = await this.guarded();
    this.stats.checks++;
    this.stats[r]++;
    this.stats.ms += performance.now() - t0;
    return r;
  }

  /**
   * A model of `pc` as variable name -> value, trying readable values first (integers, printable
   * ASCII strings, short strings); undefined when unsatisfiable or unknown, or once a call stalled.
   */
  async model(pc: Term[], vars: Map<string, Term>): Promise<Map<string, ModelValue> | undefined> {
    if (this.stalled) return undefined;
    this.sync(pc);
    const z = this.z;
    const printable = z.Star(z.Range(' ', '~'));
    const word = z.Star(z.Union(z.Range('a', 'z'), z.Range('0', '9')));
    const timed = async () => {
      const t0 = performance.now();
      const r = await this.guarded();
      this.stats.checks++;
      this.stats.ms += performance.now() - t0;
      return r;
    };
    const general: Expr[] = [];
    for (const v of vars.values()) {
      const x = this.expr(v);
      if (v.sort === 'num') general.push(z.IsInt(x), x.ge(-1000000), x.le(1000000));
      if (v.sort === 'str') general.push(z.InRe(x, printable), z.ToReal(x.length()).le(40));
    }
    // Strings the path mentions: lower-case letters and digits where possible.
    const used = new Map<string, Term>();
    for (const t of pc) collectVars(t, used);
    const words = [...used.values()].filter((v) => v.sort === 'str').map((v) => z.InRe(this.expr(v), word));
    // Readability is worth little solver time: short limits for the preferred tiers, then the plain model.
    const tiers = words.length > 0 ? [[...general, ...words], general, []] : [general, []];
    try {
      for (const tier of tiers) {
        const last = tier.length === 0;
        this.setTimeout(last ? this.timeoutMs : Math.min(300, this.timeoutMs));
        this.solver.push();
        try {
          for (const c of tier) this.solver.add(c);
          let r: 'sat' | 'unsat' | 'unknown';
          try {
            r = await timed();
          } catch (e) {
            // A stalled call: no model, and the session answers nothing more (see `usable`).
            if (e instanceof SolverStalled) return undefined;
            throw e;
          }
          if (r !== 'sat') continue;
          let m: Expr;
          try {
            m = this.solver.model();
          } catch {
            // Seen under load: a check answered sat, then Z3 had "no current model". The next tier.
            continue;
          }
          const out = new Map<string, ModelValue>();
          for (const [name, v] of vars) out.set(name, this.read(m.eval(this.expr(v), true), v.sort));
          return out;
        } finally {
          if (!this.stalled) this.solver.pop();
        }
      }
      return undefined;
    } finally {
      if (!this.stalled) this.setTimeout(this.timeoutMs);
    }
  }

  /** Drop the session's assertions (the solver is reused by the next function). */
  reset(): void {
    if (this.stalled) return;
    if (this.stack.length > 0) this.solver.pop(this.stack.length);
    this.stack = [];
    // A fresh solver now and then: Z3's wasm heap grows with interrupted (timed-out) checks.
    if (this.stats.checks - this.checksAtRenew > RENEW_AFTER_CHECKS) {
      this.solver = new this.z.Solver();
      this.setTimeout(this.timeoutMs);
      this.checksAtRenew = this.stats.checks;
    }
  }

  private read(e: Expr, sort: Term['sort']): ModelValue {
    if (sort === 'bool') return String(e.sexpr()) === 'true';
    if (sort === 'str') return decodeZ3String(e.asString());
    if (typeof e.value === 'function') {
      const v = e.value();
      if (typeof v === 'bigint') return Number(v);
      if (v && typeof v === 'object' && 'numerator' in v) return Number(v.numerator) / Number(v.denominator);
    }
    const n = Number(String(e.asDecimal ? e.asDecimal(12) : e.sexpr()).replace(/\?$/, ''));
    return Number.isFinite(n) ? n : 0;
  }

  private bool(t: Term): Expr {
    return this.expr(t);
  }

  private expr(t: Term): Expr {
    const hit = this.cache.get(t);
    if (hit) return hit;
    const e = this.build(t);
    this.cache.set(t, e);
    return e;
  }

  private build(t: Term): Expr {
    const z = this.z;
    switch (t.k) {
      case 'var': {
        let v = this.vars.get(`${t.sort}:${t.name}`);
        if (!v) {
          v =
            t.sort === 'num'
              ? z.Real.const(t.name)
              : t.sort === 'str'
                ? z.String.const(t.name)
                : z.Bool.const(t.name);
          this.vars.set(`${t.sort}:${t.name}`, v);
        }
        return v;
      }
      case 'num':
        return z.Real.val(ratio(t.v));
      case 'str':
        return z.String.val(encodeZ3String(t.v));
      case 'bool':
        return z.Bool.val(t.v);
      case 'ite':
        return z.If(this.expr(t.args[0]), this.expr(t.args[1]), this.expr(t.args[2]));
      case 'inre':
        return z.InRe(this.expr(t.s), this.re(t.re));
      case 'op':
        return this.op(t);
    }
  }

  private op(t: Extract<Term, { k: 'op' }>): Expr {
    const z = this.z;
    const a = t.args.map((x) => this.expr(x));
    const [x, y, w] = a;
    const toInt = (e: Expr) => z.ToInt(e);
    const real = (e: Expr) => z.ToReal(e);
    switch (t.op) {
      case 'add':
        return x.add(y);
      case 'sub':
        return x.sub(y);
      case 'mul':
        return x.mul(y);
      case 'div':
        return x.div(y);
      case 'neg':
        return x.neg();
      case 'floor':
        return real(toInt(x));
      case 'ceil':
        return real(toInt(x.neg())).neg();
      case 'trunc':
        return z.If(x.ge(0), real(toInt(x)), real(toInt(x.neg())).neg());
      case 'abs':
        return z.If(x.ge(0), x, x.neg());
      case 'min':
        return z.If(x.le(y), x, y);
      case 'max':
        return z.If(x.ge(y), x, y);
      case 'jsmod': {
        // JS remainder: the sign of the dividend, a - b * trunc(a / b).
        const q = x.div(y);
        const tq = z.If(q.ge(0), real(toInt(q)), real(toInt(q.neg())).neg());
        return x.sub(y.mul(tq));
      }
      case 'isint':
        return z.IsInt(x);
      case 'len':
        return real(x.length());
      case 'concat':
        return x.concat(y);
      case 'at':
        return x.at(toInt(y));
      case 'indexof':
        return real(w !== undefined ? x.indexOf(y, toInt(w)) : x.indexOf(y));
      case 'lastindexof':
        return real(x.lastIndexOf(y));
      case 'substr':
        return x.extract(toInt(y), toInt(w));
      case 'replace':
        return x.replace(y, w);
      case 'code':
        return real(x.toCode());
      case 'strtoint':
        return real(x.toInt());
      case 'inttostr':
        return z.String.fromInt(toInt(x));
      case 'lt':
        return t.args[0]?.sort === 'str' ? x.lt(y) : x.lt(y);
      case 'le':
        return x.le(y);
      case 'eq':
        return x.eq(y);
      case 'not':
        return z.Not(x);
      case 'and':
        return z.And(...a);
      case 'or':
        return z.Or(...a);
      case 'prefixof':
        // JS s.startsWith(p): p is a prefix of s.
        return y.prefixOf(x);
      case 'suffixof':
        return y.suffixOf(x);
      case 'contains':
        return x.contains(y);
    }
  }

  private re(r: ReTerm): Expr {
    const z = this.z;
    const sort = z.Re.sort(z.String.sort());
    switch (r.r) {
      case 'lit':
        return z.Re.toRe(z.String.val(encodeZ3String(r.s)));
      case 'range':
        return z.Range(encodeZ3String(r.lo), encodeZ3String(r.hi));
      case 'any':
        return z.AllChar(sort);
      case 'empty':
        return z.Empty(sort);
      case 'concat':
        return r.parts.map((p) => this.re(p)).reduce((acc: Expr, p: Expr) => acc.concat(p));
      case 'union':
        return z.Union(...r.parts.map((p) => this.re(p)));
      case 'inter':
        return z.Intersect(...r.parts.map((p) => this.re(p)));
      case 'complement':
        return z.Complement(this.re(r.body));
      case 'loop': {
        const body = this.re(r.body);
        if (r.max === undefined) {
          if (r.min === 0) return z.Star(body);
          if (r.min === 1) return z.Plus(body);
          return z.Loop(body, r.min, r.min).concat(z.Star(body));
        }
        return z.Loop(body, r.min, r.max);
      }
    }
  }
}

/** Exact rational text for a double, so Z3 sees the same number JS has. */
function ratio(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  if (!/e/i.test(s)) {
    const [int, frac = ''] = s.replace('-', '').split('.');
    const den = `1${'0'.repeat(frac.length)}`;
    return `${v < 0 ? '-' : ''}${int}${frac}/${den}`.replace(/^(-?)0+(\d)/, '$1$2');
  }
  return String(Math.round(v * 1e6) / 1e6);
}

/**
 * Z3 reads a string constant's `\u{hex}` escapes: every character but printable ASCII, and `\`
 * itself, is passed that way, one per UTF-16 code unit (as JS counts a string's length). Passed as
 * they were, `'é'` reached Z3 as the two characters of its UTF-8 bytes and `'\u{41}'` as `'A'`.
 */
export function encodeZ3String(s: string): string {
  return s.replace(/[^\x20-\x5b\x5d-\x7e]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Z3 prints non-printable characters as `\u{hex}`. */
export function decodeZ3String(s: string): string {
  return s.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)));
}
