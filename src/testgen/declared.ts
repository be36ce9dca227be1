/**
 * Parameter types for untyped JavaScript from declaration files: a `.d.ts` beside the module
 * (`index.js` -> `index.d.ts`, `.cjs` -> `.d.cts`, `.mjs` -> `.d.mts`), the `types`/`typings`
 * file its package names for its entry point, or `@types/<package>` in a `node_modules` above it.
 * A declared type replaces a type guessed from use (or none); annotations and JSDoc in the module
 * itself still win. Overloads give the union of their parameter types.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { declaredType } from './params.js';
import type { FunctionInfo, ParamInfo, TypeDesc } from './types.js';

/** The nearest package.json above a file: its folder and its fields, or undefined (none, or unreadable). */
export function packageOf(file: string): { dir: string; json: Record<string, unknown> } | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return { dir, json: JSON.parse(readFileSync(pkg, 'utf8')) as Record<string, unknown> };
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const withoutExt = (f: string): string => f.replace(/\.(c|m)?jsx?$/, '');

/** The declaration file for a JS module, or undefined when there is none. */
export function declarationFileFor(file: string): string | undefined {
  if (!/\.(c|m)?jsx?$/.test(file)) return undefined;
  const flavour = /\.cjs$/.test(file) ? '.d.cts' : /\.mjs$/.test(file) ? '.d.mts' : '.d.ts';
  const beside = withoutExt(file) + flavour;
  if (existsSync(beside)) return beside;
  const pkg = packageOf(file);
  if (!pkg) return undefined;
  // The module's path inside its package, without extension (`index`, `lib/isInt`).
  const inner = withoutExt(path.relative(pkg.dir, file)).split(path.sep).join('/');
  const main = withoutExt(String(pkg.json.main ?? 'index.js').replace(/^\.\//, ''));
  const isEntry = inner === main || inner === `${main}/index`;
  const typesField = pkg.json.types ?? pkg.json.typings;
  if (isEntry && typeof typesField === 'string') {
    const t = path.resolve(pkg.dir, typesField);
    if (existsSync(t)) return t;
  }
  // DefinitelyTyped: @types/name (a scoped @scope/name is @types/scope__name), entry or same path.
  const name = typeof pkg.json.name === 'string' ? pkg.json.name : undefined;
  if (!name) return undefined;
  const typesName = name.startsWith('@') ? name.slice(1).replace('/', '__') : name;
  let dir = pkg.dir;
  for (;;) {
    const base = path.join(
      dir,
      path.basename(dir) === 'node_modules' ? '' : 'node_modules',
      '@types',
      typesName,
    );
    const candidates = isEntry ? [path.join(base, 'index.d.ts')] : [];
    candidates.push(path.join(base, `${inner}.d.ts`), path.join(base, inner, 'index.d.ts'));
    for (const c of candidates) if (existsSync(c)) return c;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

type Sig = ts.SignatureDeclaration;

/**
 * The signatures a declaration file gives, by name: `f`, `Class.method`, `Class.constructor`,
 * and `export=` / `default` for what the module exports as a whole (a function, or a class whose
 * members are then also under `export=.method`).
 */
export function declaredSignatures(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  depth = 0,
): Map<string, Sig[]> {
  const out = new Map<string, Sig[]>();
  const add = (key: string, s: Sig) => (out.get(key) ?? out.set(key, []).get(key))?.push(s);
  const visit = (statements: readonly ts.Statement[], prefix: string): void => {
    for (const s of statements) {
      if (ts.isFunctionDeclaration(s) && s.name) {
        add(prefix + s.name.text, s);
        if (s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) add('default', s);
      } else if (ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) {
        const name = s.name?.text ?? 'default';
        for (const m of s.members) {
          if ((ts.isMethodDeclaration(m) || ts.isMethodSignature(m)) && m.name && ts.isIdentifier(m.name))
            add(`${name}.${m.name.text}`, m);
          if (ts.isConstructorDeclaration(m) || ts.isConstructSignatureDeclaration(m))
            add(`${name}.constructor`, m);
        }
      } else if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.type && ts.isFunctionTypeNode(d.type))
            add(prefix + d.name.text, d.type);
      } else if (ts.isModuleDeclaration(s) && s.body && ts.isModuleBlock(s.body) && ts.isIdentifier(s.name)) {
        visit(s.body.statements, `${s.name.text}.`);
      }
    }
  };
  visit(sf.statements, '');
  for (const s of sf.statements) {
    if (!ts.isExportAssignment(s) || !ts.isIdentifier(s.expression)) continue;
    const target = s.expression.text;
    const key = s.isExportEquals ? 'export=' : 'default';
    for (const sig of out.get(target) ?? []) add(key, sig);
    for (const [k, sigs] of [...out])
      if (k.startsWith(`${target}.`))
        for (const sig of sigs) add(`${key}.${k.slice(target.length + 1)}`, sig);
  }
  // `import x = require('./lib/x'); export = x` and the like: what the checker resolves it to.
  const mod = checker.getSymbolAtLocation(sf);
  for (const key of ['export=', 'default']) {
    if (out.has(key) || !mod) continue;
    const sym = mod.exports?.get(
      key === 'export=' ? ts.InternalSymbolName.ExportEquals : ts.InternalSymbolName.Default,
    );
    if (!sym) continue;
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    for (const d of target.declarations ?? []) {
      if (ts.isFunctionDeclaration(d)) add(key, d);
      if (ts.isSourceFile(d) && d !== sf && depth < 3)
        for (const [k, v] of declaredSignatures(checker, d, depth + 1))
          if (k === key) for (const x of v) add(key, x);
    }
  }
  return out;
}

/** The declared type of parameter `i` over a function's overloads, or undefined when none helps. */
function typeAt(
  checker: ts.TypeChecker,
  sigs: Sig[],
  i: number,
): { type: TypeDesc; lossy: boolean } | undefined {
  const options: TypeDesc[] = [];
  let lossy = false;
  for (const sig of sigs) {
    // A rest parameter at or before `i` stands for this argument too: its element type is not read.
    if (sig.parameters.slice(0, i + 1).some((q) => q.dotDotDotToken)) return undefined;
    const p = sig.parameters[i];
    if (!p) {
      options.push({ kind: 'undefined' });
      continue;
    }
    const d = declaredType(checker, p);
    if (d.type.kind === 'unknown') return undefined;
    lossy ||= d.lossy;
    options.push(d.type);
  }
  const seen = new Set<string>();
  const unique = options.filter((o) => {
    const k = JSON.stringify(o);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length === 0) return undefined;
  return { type: unique.length === 1 ? (unique[0] as TypeDesc) : { kind: 'union', options: unique }, lossy };
}

function applyTo(checker: ts.TypeChecker, params: ParamInfo[], sigs: Sig[] | undefined): ParamInfo[] {
  if (!sigs || sigs.length === 0) return params;
  return params.map((p, i) => {
    if (p.rest || (p.source !== 'usage' && p.source !== 'none')) return p;
    const d = typeAt(checker, sigs, i);
    if (!d) return p;
    const optional =
      p.optional || (d.type.kind === 'union' && d.type.options.some((o) => o.kind === 'undefined'));
    return { ...p, type: d.type, optional, source: 'declaration', ...(d.lossy ? { lossy: true } : {}) };
  });
}

/** Give the functions of a JS module the parameter types its declaration file declares. */
export function applyDeclarations(
  checker: ts.TypeChecker,
  dts: ts.SourceFile,
  fns: FunctionInfo[],
): FunctionInfo[] {
  const sigs = declaredSignatures(checker, dts);
  return fns.map((f) => {
    if (f.className) {
      const method = f.name.slice(f.className.length + 1);
      const owner =
        f.exportName === 'export=' || f.exportName === 'default'
          ? [f.exportName, f.className]
          : [f.className];
      const find = (m: string) => owner.map((o) => sigs.get(`${o}.${m}`)).find((s) => s && s.length > 0);
      return {
        ...f,
        params: applyTo(checker, f.params, find(method)),
        ...(f.ctorParams ? { ctorParams: applyTo(checker, f.ctorParams, find('constructor')) } : {}),
      };
    }
    const keys =
      f.exportName === 'export=' || f.exportName === 'default' ? [f.exportName, f.name] : [f.exportName];
    const found = keys.map((k) => sigs.get(k)).find((s) => s && s.length > 0);
    return { ...f, params: applyTo(checker, f.params, found) };
  });
}
