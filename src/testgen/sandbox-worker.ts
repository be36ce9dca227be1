/**
 * Source of the sandbox worker, run with `new Worker(source, { eval: true })` so it survives
 * bundling unchanged. It loads the CommonJS modules it is sent into a fresh `vm` context whose
 * `require` hands out inert stand-ins for file system, network and process modules (every use is
 * recorded as a violation and throws), runs the requested calls, and reports each outcome with the
 * branch arms it reached. The worker's own copies of those modules are disabled too, so code that
 * escapes the context still cannot reach them. It is a guard against side effects of the code under
 * test, not a security boundary for hostile code: `worker.terminate()` on the main side enforces
 * the time limit.
 */
import { BUILTIN_INPUTS } from './literal.js';

export const WORKER_SOURCE = String.raw`
const EXPRS = ${JSON.stringify(BUILTIN_INPUTS)};
'use strict';
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
const nodePath = require('node:path');
const util = require('node:util');

const BLOCKED = new Set(['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'dns/promises',
  'child_process', 'cluster', 'worker_threads', 'inspector', 'vm', 'module', 'v8', 'repl', 'readline', 'os', 'process',
  'stream', 'stream/promises', 'zlib', 'tty', 'async_hooks', 'perf_hooks', 'wasi', 'trace_events', 'diagnostics_channel']);
const ALLOWED = new Set(['path', 'util', 'url', 'assert', 'assert/strict', 'events', 'buffer', 'string_decoder', 'querystring', 'crypto', 'punycode']);

let violations = [];
const blockedError = (what) => {
  violations.push(what);
  const e = new Error('autoglm sandbox: ' + what + ' is blocked (file system, network and processes are off while generating tests)');
  e.autoglmBlocked = true;
  return e;
};
const blockedFn = (what) => function blocked() { throw blockedError(what); };

// Disable the worker's own side-effecting modules (defence in depth).
for (const name of ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'cluster']) {
  try {
    const m = require('node:' + name);
    for (const k of Object.keys(m)) {
      if (typeof m[k] === 'function') {
        try { m[k] = blockedFn(name + '.' + k); } catch {}
      }
    }
  } catch {}
}

function blockedModule(name) {
  let keys = [];
  try { keys = BLOCKED.has(name) ? Object.keys(require('node:' + name)) : []; } catch {}
  const target = {};
  return new Proxy(target, {
    get(_, k) {
      if (k === '__esModule') return false;
      if (typeof k === 'symbol') return undefined;
      if (k === 'default') return blockedModule(name);
      if (k === 'then') return undefined;
      return blockedFn(name + '.' + String(k));
    },
    has: () => true,
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_, k) => typeof k === 'string' && keys.includes(k) ? { configurable: true, enumerable: true, writable: false, value: blockedFn(name + '.' + k) } : undefined,
    set() { throw blockedError(name + ' (write)'); },
  });
}

const sets = new Map();
const EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function resolveIn(set, from, spec) {
  const base = nodePath.resolve(nodePath.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?(j|t)sx?$/, '');
  const cands = [base].concat(EXT.map((e) => stem + e), EXT.map((e) => nodePath.join(base, 'index' + e)));
  return cands.find((c) => Object.prototype.hasOwnProperty.call(set.modules, c));
}

const quietConsole = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {}, dir() {}, table() {}, time() {}, timeEnd() {}, assert() {} };

function makeContext(perturb) {
  const proc = {
    env: {}, argv: ['node'], platform: process.platform, arch: process.arch, version: process.version,
    versions: Object.assign({}, process.versions), cwd: () => '/', pid: 1,
    nextTick: (f, ...a) => queueMicrotask(() => f(...a)),
    hrtime: process.hrtime, uptime: () => process.uptime(), memoryUsage: () => process.memoryUsage(),
    exit: blockedFn('process.exit'), kill: blockedFn('process.kill'), binding: blockedFn('process.binding'),
    on() { return proc; }, once() { return proc; }, off() { return proc; }, emitWarning() {},
    stdout: { write: () => true }, stderr: { write: () => true },
  };
  const ctx = vm.createContext({
    console: quietConsole, process: proc, Buffer, URL, URLSearchParams, TextEncoder, TextDecoder,
    setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask,
    structuredClone, atob, btoa, fetch: blockedFn('fetch'), WebSocket: blockedFn('WebSocket'),
    XMLHttpRequest: blockedFn('XMLHttpRequest'),
  });
  vm.runInContext('globalThis.global = globalThis;', ctx);
  // Regexes that strings meet during a call (test, exec, match, replace, split all go through exec):
  // search then draws strings that match them, the way fuzzers feed comparison operands back.
  ctx.__autoglm_res = vm.runInContext('(' + function () {
    const exec = RegExp.prototype.exec;
    const seen = new Map();
    RegExp.prototype.exec = function exec2(s) {
      if (typeof s === 'string' && seen.size < 16) {
        const k = this.flags + '/' + this.source;
        if (!seen.has(k)) seen.set(k, { source: this.source, flags: this.flags, subjects: [] });
        const r = seen.get(k);
        if (r.subjects.length < 4 && s.length <= 256 && !r.subjects.includes(s)) r.subjects.push(s);
      }
      return exec.call(this, s);
    };
    return seen;
  }.toString() + ')()', ctx);
  if (perturb) {
    // Reruns see another clock and another random sequence: results that depend on them differ.
    vm.runInContext('(' + function (p) {
      const D = Date;
      const offset = p * 86400000 * 397 + p * 7777;
      class ShiftedDate extends D {
        constructor(...a) { if (a.length === 0) super(D.now() + offset); else super(...a); }
        static now() { return D.now() + offset; }
      }
      globalThis.Date = ShiftedDate;
      let seed = 12345 + p * 7919;
      Math.random = function random() { seed = (seed * 16807) % 2147483647; return (seed % 1000003) / 1000003; };
    }.toString() + ')(' + Number(perturb) + ')', ctx);
  }
  ctx.__autoglm_clone = vm.runInContext('(' + function clone(v, depth) {
    if (v === null || typeof v !== 'object') return v;
    if (depth > 20) return undefined;
    if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1));
    // A callback input (literal.ts FN_KEY): a function returning a fresh copy of its value.
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '__autoglm_fn') return function () { return clone(v.__autoglm_fn, depth + 1); };
    // A callback shared by the calls of a sequence (literal.ts SHARED_KEY): one function per id and call.
    if (keys.length === 1 && keys[0] === '__autoglm_shared' && Array.isArray(v.__autoglm_shared)) {
      const id = v.__autoglm_shared[0];
      if (!__autoglm_sharedFns.has(id)) {
        const value = v.__autoglm_shared[1];
        __autoglm_sharedFns.set(id, function () { return clone(value, depth + 1); });
      }
      return __autoglm_sharedFns.get(id);
    }
    // A builtin instance (literal.ts EXPR_KEY): one of the fixed expressions, built in this context.
    if (keys.length === 1 && keys[0] === '__autoglm_expr' && EXPRS.includes(v.__autoglm_expr)) return (0, eval)('(' + v.__autoglm_expr + ')');
    // An instance of the class under test (literal.ts NEW_KEY), built from its constructor arguments.
    if (keys.length === 1 && keys[0] === '__autoglm_new' && Array.isArray(v.__autoglm_new) && typeof __autoglm_self === 'function')
      return new __autoglm_self(...clone(v.__autoglm_new[1], depth + 1));
    const o = {};
    for (const k of Object.keys(v)) o[k] = clone(v[k], depth + 1);
    return o;
  }.toString() + ')', ctx);
  vm.runInContext('var EXPRS = ' + JSON.stringify(EXPRS) + ';', ctx);
  return ctx;
}

function loadSet(set, ctx) {
  const cache = new Map();
  const load = (file) => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} };
    cache.set(file, module);
    let script = set.scripts.get(file);
    if (!script) {
      script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + set.modules[file] + '\n})', { filename: file });
      set.scripts.set(file, script);
    }
    const fn = script.runInContext(ctx);
    const req = (spec) => {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolveIn(set, file, spec);
        if (!target) throw new Error('autoglm sandbox: cannot load ' + spec + ' from ' + file);
        return load(target);
      }
      const name = spec.startsWith('node:') ? spec.slice(5) : spec;
      if (ALLOWED.has(name)) return require('node:' + name);
      if (BLOCKED.has(name)) return blockedModule(name);
      return blockedModule('package ' + spec);
    };
    fn.call(module.exports, module.exports, req, module, file, nodePath.dirname(file));
    return module.exports;
  };
  return load(set.entry);
}

function encode(v, ctx, depth, seen) {
  if (v === undefined) return { t: 'undefined' };
  if (v === null) return { t: 'null' };
  switch (typeof v) {
    case 'boolean': return { t: 'boolean', v };
    case 'number':
      if (Number.isNaN(v)) return { t: 'number', v: 'NaN' };
      if (v === Infinity) return { t: 'number', v: 'Infinity' };
      if (v === -Infinity) return { t: 'number', v: '-Infinity' };
      if (Object.is(v, -0)) return { t: 'number', v: '-0' };
      return { t: 'number', v };
    case 'string': return { t: 'string', v };
    case 'bigint': return { t: 'bigint', v: v.toString() };
    case 'symbol': return { t: 'opaque', type: 'symbol' };
    case 'function': return { t: 'opaque', type: 'function' };
    default: break;
  }
  if (depth > 8 || seen.has(v)) return { t: 'opaque', type: 'deep' };
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      if (v.length > 1000) return { t: 'opaque', type: 'array' };
      return { t: 'array', items: Array.from(v, (x) => encode(x, ctx, depth + 1, seen)) };
    }
    const proto = Object.getPrototypeOf(v);
    const tag = Object.prototype.toString.call(v);
    if (tag === '[object Map]') return { t: 'map', entries: Array.from(v.entries(), ([k, x]) => [encode(k, ctx, depth + 1, seen), encode(x, ctx, depth + 1, seen)]) };
    if (tag === '[object Set]') return { t: 'set', items: Array.from(v.values(), (x) => encode(x, ctx, depth + 1, seen)) };
    if (proto === null || proto === ctx.objectProto || proto === Object.prototype) {
      const keys = Object.keys(v);
      if (keys.length > 200) return { t: 'opaque', type: 'object' };
      return { t: 'object', entries: keys.map((k) => [k, encode(v[k], ctx, depth + 1, seen)]) };
    }
    const name = (proto && proto.constructor && proto.constructor.name) || 'object';
    return { t: 'opaque', type: name };
  } finally {
    seen.delete(v);
  }
}

function errorInfo(e) {
  if (e && typeof e === 'object') {
    const name = typeof e.name === 'string' ? e.name : (e.constructor && e.constructor.name) || 'Error';
    const message = typeof e.message === 'string' ? e.message : String(e);
    return { name, message };
  }
  return { name: typeof e, message: String(e) };
}

function hits(ctx, file, nArms) {
  const all = ctx.__autoglm_cov && ctx.__autoglm_cov[file];
  if (!all) return { arms: [], fns: [] };
  const arms = [];
  let i = 0;
  const ids = Object.keys(all.b).sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    for (const c of all.b[id]) { if (c > 0) arms.push(i); i++; }
  }
  const fns = Object.keys(all.f).filter((k) => all.f[k] > 0).map(Number);
  return { arms, fns };
}

function reset(ctx, file) {
  const all = ctx.__autoglm_cov && ctx.__autoglm_cov[file];
  if (!all) return;
  for (const id of Object.keys(all.b)) all.b[id].fill(0);
  for (const id of Object.keys(all.f)) all.f[id] = 0;
  for (const id of Object.keys(all.s)) all.s[id] = 0;
  if (all.bT) for (const id of Object.keys(all.bT)) all.bT[id].fill(0);
}

async function runCall(call, set, state, perturb) {
  violations = [];
  let ctx = state.ctx;
  let exportsObj = state.exportsObj;
  try {
    if (!ctx) {
      ctx = makeContext(perturb);
      ctx.objectProto = vm.runInContext('Object.prototype', ctx);
      exportsObj = loadSet(set, ctx);
      state.ctx = ctx;
      state.exportsObj = exportsObj;
    }
  } catch (e) {
    const v = violations.slice();
    if (v.length) return { outcome: { kind: 'blocked', what: v[0] }, arms: [], fns: [] };
    return { outcome: { kind: 'crash', message: 'module failed to load: ' + errorInfo(e).message }, arms: [], fns: [] };
  }
  reset(ctx, set.entry);
  ctx.__autoglm_res.clear();
  const clone = ctx.__autoglm_clone;
  let async = false;
  let outcome;
  let built = false;
  try {
    let target = call.exportName === 'export=' ? exportsObj : exportsObj[call.exportName];
    if (target === undefined && call.exportName === 'default' && typeof exportsObj === 'function') target = exportsObj;
    if (target === undefined) throw new Error('export ' + call.exportName + ' not found');
    ctx.__autoglm_self = call.kind === 'method' ? target : undefined;
    ctx.__autoglm_sharedFns = new Map();
    const args = clone(call.args, 0);
    let r;
    if (call.kind === 'function') r = target(...args);
    else if (call.kind === 'static') r = target[call.method](...args);
    else {
      // With calls before the method, the emitted test builds the subject outside assert.throws:
      // a constructor that throws there is setup, not the method's behaviour.
      let inst;
      try { inst = new target(...clone(call.ctorArgs || [], 0)); }
      catch (e) { if ((call.before || []).length) throw Object.assign(new Error('setup'), { __autoglmSetup: true }); throw e; }
      built = true;
      for (const b of call.before || []) {
        try { inst[b.method](...clone(b.args, 0)); }
        catch (e) { throw Object.assign(new Error('setup'), { __autoglmSetup: true }); }
      }
      r = inst[call.method](...args);
    }
    if (r && typeof r.then === 'function') { async = true; r = await r; }
    outcome = { kind: 'return', value: encode(r, ctx, 0, new Set()), async };
  } catch (e) {
    // A call before the method under test threw: not a test of that method.
    outcome = e && e.__autoglmSetup ? { kind: 'crash', message: 'a call before the method threw' } : { kind: 'throw', ...errorInfo(e), async };
  }
  if (violations.length) outcome = { kind: 'blocked', what: violations[0] };
  const h = hits(ctx, set.entry);
  const regexes = Array.from(ctx.__autoglm_res.values(), (r) => ({ source: r.source, flags: r.flags, subjects: [...r.subjects] }));
  return { outcome, arms: h.arms, fns: h.fns, ...(regexes.length ? { regexes } : {}), ...(built ? { built } : {}) };
}

parentPort.postMessage({ type: 'ready' });
parentPort.on('message', async (msg) => {
  if (msg.type === 'set') {
    sets.set(msg.id, { modules: msg.modules, entry: msg.entry, scripts: new Map() });
    return;
  }
  if (msg.type === 'run') {
    const set = sets.get(msg.set);
    const state = {};
    for (let i = msg.start; i < msg.calls.length; i++) {
      if (msg.fresh) { state.ctx = undefined; state.exportsObj = undefined; }
      const r = await runCall(msg.calls[i], set, state, msg.perturb);
      parentPort.postMessage({ type: 'result', batch: msg.batch, index: i, result: r });
    }
    parentPort.postMessage({ type: 'done', batch: msg.batch });
  }
});
`;
