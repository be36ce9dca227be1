import './node-globals.js';
import path from 'node:path';
import ts from 'typescript';
import { applyDeclarations, declarationFileFor, packageOf } from './declared.js';
import { LIB_DECLARATIONS, LIB_FILE_NAME } from './lib-decls.js';
import { type FnNode, isFnNode, paramInfo, paramsOf } from './params.js';
import type { FunctionInfo, SourceFileInfo } from './types.js';

export { argumentsUse, describeType, inferFromUsage, usesArguments } from './params.js';

const JS_EXT = /\.(c|m)?jsx?$/;

/** Compiler options for analysis: JS and TS alike, strict null checks so optionals carry `undefined`. */
export const ANALYSIS_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
  noResolve: false,
};

/** A compiler host whose only lib file is testgen's built-in declarations (see lib-decls.ts). */
function analysisHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getDefaultLibFileName = () => LIB_FILE_NAME;
  host.getDefaultLibLocation = () => path.dirname(LIB_FILE_NAME);
  host.fileExists = (f) => f === LIB_FILE_NAME || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) =>
    f === LIB_FILE_NAME
      ? ts.createSourceFile(f, LIB_DECLARATIONS, lang, true)
      : getSourceFile(f, lang, onError, create);
  return host;
}

export function isTestgenSource(file: string): boolean {
  return /\.(c|m)?(t|j)sx?$/.test(file) && !file.endsWith('.d.ts');
}

/** ESM or CommonJS, the way Node decides: extension, then syntax, then the nearest package.json. */
export function moduleKindOf(file: string, sf: ts.SourceFile): 'esm' | 'cjs' {
  if (/\.m(t|j)s$/.test(file)) return 'esm';
  if (/\.c(t|j)s$/.test(file)) return 'cjs';
  const hasEsmSyntax = sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isExportDeclaration(s) ||
      ts.isExportAssignment(s) ||
      (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
  if (hasEsmSyntax) return 'esm';
  if (/\bmodule\.exports\b|\bexports\.\w+\s*=|\brequire\(/.test(sf.text)) return 'cjs';
  return packageOf(file)?.json.type === 'module' ? 'esm' : 'cjs';
}

function location(sf: ts.SourceFile, pos: number): string {
  const { line, character } = sf.getLineAndCharacterOfPosition(pos);
  return `${sf.fileName}:${line + 1}:${character + 1}`;
}

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function functionInfo(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  exportName: string,
  name: string,
  fn: FnNode,
  cls?: { name: string; node: ts.ClassLikeDeclaration; isStatic: boolean },
): FunctionInfo {
  const ctor = cls?.node.members.find(ts.isConstructorDeclaration);
  const isAsync = ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  const start = fn.getStart(sf);
  return {
    name: cls ? `${cls.name}.${name}` : name,
    exportName,
    kind: cls ? (cls.isStatic ? 'static' : 'method') : 'function',
    ...(cls
      ? {
          className: cls.name,
          classNode: cls.node,
          ctorParams: cls.isStatic || !ctor ? [] : ctor.parameters.map((p) => paramInfo(checker, p, ctor)),
          ...(ctor && !cls.isStatic ? { ctorNode: ctor } : {}),
        }
      : {}),
    params: paramsOf(checker, fn),
    isAsync,
    node: fn,
    line: lineOf(sf, start),
    endLine: lineOf(sf, fn.getEnd()),
    ...(fn.type ? { returnType: fn.type.getText(sf) } : {}),
  };
}

function classMethods(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  exportName: string,
  cls: ts.ClassLikeDeclaration,
  clsName: string,
): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.body) continue;
    const mods = ts.getModifiers(m) ?? [];
    if (
      mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)
    )
      continue;
    if (ts.isPrivateIdentifier(m.name) || !ts.isIdentifier(m.name)) continue;
    if (m.asteriskToken) continue;
    const isStatic = mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    out.push(functionInfo(checker, sf, exportName, m.name.text, m, { name: clsName, node: cls, isStatic }));
  }
  return out;
}

/** The function a declaration of an exported symbol stands for, if any. */
function functionOf(
  checker: ts.TypeChecker,
  decl: ts.Declaration,
  depth = 0,
): FnNode | ts.ClassLikeDeclaration | undefined {
  if (ts.isFunctionDeclaration(decl) && decl.body) return decl;
  if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return decl;
  let init: ts.Expression | undefined;
  if (ts.isVariableDeclaration(decl)) init = decl.initializer;
  else if (ts.isPropertyAssignment(decl)) init = decl.initializer;
  else if (ts.isExportAssignment(decl)) init = decl.expression;
  else if (ts.isBinaryExpression(decl)) init = decl.right;
  else if (ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent))
    init = decl.parent.right;
  else if (ts.isShorthandPropertyAssignment(decl)) {
    const local = checker.getShorthandAssignmentValueSymbol(decl);
    const d = local?.valueDeclaration;
    return d ? functionOf(checker, d, depth + 1) : undefined;
  }
  while (
    init &&
    (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))
  )
    init = init.expression;
  if (!init) return undefined;
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  if (ts.isClassExpression(init)) return init;
  // `module.exports = exports.default` (Babel and TS CommonJS output) and `exports.x = y`.
  if (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) {
    const s = checker.getSymbolAtLocation(init);
    const d = s?.valueDeclaration;
    if (d && d !== decl && depth < 8) return functionOf(checker, d, depth + 1);
  }
  return undefined;
}

/** `F.prototype.m = function () {}` and `F.prototype = { m() {} }` methods of a function `F`. */
function prototypeMethods(sf: ts.SourceFile, fn: FnNode): [string, FnNode][] {
  const name = ts.isFunctionDeclaration(fn)
    ? fn.name?.text
    : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
      ? fn.parent.name.text
      : undefined;
  if (!name) return [];
  const out: [string, FnNode][] = [];
  const isProto = (e: ts.Expression) =>
    ts.isPropertyAccessExpression(e) &&
    e.name.text === 'prototype' &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === name;
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression)) continue;
    const { left, right, operatorToken } = st.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    if (ts.isPropertyAccessExpression(left) && isProto(left.expression) && isFnNode(right))
      out.push([left.name.text, right]);
    else if (isProto(left) && ts.isObjectLiteralExpression(right)) {
      for (const p of right.properties) {
        if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name)) out.push([p.name.text, p]);
        else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && isFnNode(p.initializer))
          out.push([p.name.text, p.initializer]);
      }
    }
  }
  return out.filter(([, m]) => !ts.isFunctionLike(m) || !m.asteriskToken);
}

/** Analyse source files: exported functions, arrows and class methods with parameter types. */
export function analyseFiles(files: string[]): { infos: SourceFileInfo[]; program: ts.Program } {
  // Declaration files of JS modules (beside them, their package's `types`, or @types/*).
  const declarations = new Map(files.map((f) => [f, declarationFileFor(f)] as const));
  const roots = [...new Set([...files, ...[...declarations.values()].filter((d): d is string => !!d)])];
  const program = ts.createProgram(roots, ANALYSIS_OPTIONS, analysisHost(ANALYSIS_OPTIONS));
  const checker = program.getTypeChecker();
  const infos: SourceFileInfo[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const language = JS_EXT.test(file) ? 'js' : 'ts';
    const diagnostics = program
      .getSyntacticDiagnostics(sf)
      .map(
        (d) =>
          `${location(sf, d.start ?? 0)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`,
      );
    const info: SourceFileInfo = {
      file,
      language,
      moduleKind: moduleKindOf(file, sf),
      functions: [],
      diagnostics,
      sourceFile: sf,
    };
    infos.push(info);
    if (diagnostics.length > 0) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    const seen = new Set<ts.Node>();
    const exports = checker.getExportsOfModule(moduleSymbol);
    // The symbol table too: Babel output (`exports.default = f; module.exports = exports.default`)
    // hides its exports from getExportsOfModule behind the `export=`.
    const own = [...(moduleSymbol.exports?.values() ?? [])].filter(
      (s) => s.escapedName !== '___esModule' && !exports.includes(s),
    );
    // `module.exports = F` first, so F's methods import it by that and not by an alias (`F.create = F`).
    const all = [
      ...own.filter((s) => s.escapedName === 'export='),
      ...exports,
      ...own.filter((s) => s.escapedName !== 'export='),
    ];
    for (const sym of all) {
      const resolved = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      // An alias the checker cannot resolve (`module.exports = exports.default`): its own declaration.
      const decl =
        resolved.valueDeclaration ??
        resolved.declarations?.[0] ??
        sym.valueDeclaration ??
        sym.declarations?.[0];
      if (!decl || decl.getSourceFile() !== sf) continue;
      const fn = functionOf(checker, decl);
      if (!fn || seen.has(fn)) continue;
      seen.add(fn);
      const exportName = sym.escapedName === ts.InternalSymbolName.ExportEquals ? 'export=' : sym.name;
      if (ts.isClassDeclaration(fn) || ts.isClassExpression(fn)) {
        const clsName = fn.name?.text ?? (exportName === 'default' ? 'Default' : exportName);
        info.functions.push(...classMethods(checker, sf, exportName, fn, clsName));
      } else if (isFnNode(fn)) {
        if (exportName === 'export=' && ts.isObjectLiteralExpression(fn)) continue;
        // An ES5 constructor (`function Stack() {}` with `Stack.prototype.push = function ...`):
        // its prototype methods, called on `new Stack(...)`, not the function called bare.
        const proto = prototypeMethods(sf, fn);
        if (proto.length > 0) {
          const clsName = fn.name?.getText(sf) ?? (exportName === 'default' ? 'Default' : exportName);
          const ctorParams = fn.parameters.map((p) => paramInfo(checker, p, fn));
          for (const [method, m] of proto) {
            const f = functionInfo(checker, sf, exportName, method, m);
            info.functions.push({
              ...f,
              name: `${clsName}.${method}`,
              kind: 'method',
              className: clsName,
              ctorParams,
            });
          }
          continue;
        }
        const display =
          exportName === 'default' || exportName === 'export='
            ? (fn.name?.getText(sf) ?? 'default')
            : exportName;
        info.functions.push(functionInfo(checker, sf, exportName, display, fn));
      }
    }
    info.functions.sort((a, b) => a.line - b.line);
    const dtsFile = declarations.get(file);
    const dts = dtsFile ? program.getSourceFile(dtsFile) : undefined;
    if (dts) {
      info.functions = applyDeclarations(checker, dts, info.functions);
      info.declarationFile = dtsFile;
    }
  }
  return { infos, program };
}

/** A function is analysable when it has a body and its parameters are plain identifiers. */
export function unsupportedReason(fn: FunctionInfo): string | undefined {
  if (!fn.node.body) return 'no body';
  if (ts.isFunctionLike(fn.node) && (fn.node as ts.FunctionLikeDeclaration).asteriskToken)
    return 'generator function';
  return undefined;
}
