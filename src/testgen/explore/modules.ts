import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Other files of the project, for calls into them (`require('./util/assertString')`, `import { isInt }
// from './isInt.js'`): found next to the file that names them, parsed once, and their top-level
// declarations indexed. Packages (bare specifiers, node_modules) stay out: their code is not the
// project's, and search still runs it.

export interface ModuleFile {
  sf: ts.SourceFile;
  topLevel: Map<string, ts.Node>;
}

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '/index.js', '/index.ts'];
const MAX_BYTES = 256 * 1024;
const parsed = new Map<string, ModuleFile | undefined>();

/** The top-level functions, classes, variables and enums of a file, by name. */
export function topLevelOf(sf: ts.SourceFile): Map<string, ts.Node> {
  const out = new Map<string, ts.Node>();
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) out.set(s.name.text, s);
    else if (ts.isClassDeclaration(s) && s.name) out.set(s.name.text, s);
    else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.set(d.name.text, d);
    } else if (ts.isEnumDeclaration(s)) out.set(s.name.text, s);
  }
  return out;
}

/** The project file a relative specifier names from `from`, if there is one (never node_modules). */
export function resolveProjectFile(from: string, spec: string): string | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  // `./isInt.js` written for a `.ts` source (TypeScript's ESM convention).
  const stems = /\.[cm]?js$/.test(base) ? [base, base.replace(/\.([cm]?)js$/, '.$1ts')] : [base];
  for (const stem of stems)
    for (const ext of EXTENSIONS) {
      const f = stem + ext;
      if (f.split(path.sep).includes('node_modules')) return undefined;
      try {
        const st = existsSync(f) ? statSync(f) : undefined;
        if (st?.isFile() && st.size <= MAX_BYTES && !f.endsWith('.d.ts')) return f;
      } catch {
        // Unreadable: not a module we can look into.
      }
    }
  return undefined;
}

/** A project file, parsed (with parent links, so nodes find their file) and indexed; cached. */
export function loadModuleFile(file: string): ModuleFile | undefined {
  if (parsed.has(file)) return parsed.get(file);
  let mod: ModuleFile | undefined;
  try {
    const kind = /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    mod = { sf, topLevel: topLevelOf(sf) };
  } catch {
    mod = undefined;
  }
  parsed.set(file, mod);
  return mod;
}

/** What an identifier imported with `import` names: the module and the export. */
export function importBinding(
  sf: ts.SourceFile,
  name: string,
): { spec: string; imported: string | '*' } | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.importClause) continue;
    if (s.importClause.isTypeOnly) continue;
    const spec = s.moduleSpecifier.text;
    if (s.importClause.name?.text === name) return { spec, imported: 'default' };
    const b = s.importClause.namedBindings;
    if (!b) continue;
    if (ts.isNamespaceImport(b) && b.name.text === name) return { spec, imported: '*' };
    if (ts.isNamedImports(b))
      for (const el of b.elements)
        if (el.name.text === name && !el.isTypeOnly)
          return { spec, imported: (el.propertyName ?? el.name).text };
  }
  return undefined;
}

/** `exports.x`, `module.exports`, `module.exports.x`: the export it names (`''` for the whole). */
export function exportsTarget(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e) && e.text === 'exports') return '';
  if (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'module' &&
    e.name.text === 'exports'
  )
    return '';
  if (ts.isPropertyAccessExpression(e) && exportsTarget(e.expression) === '') return e.name.text;
  return undefined;
}

const hasExport = (n: ts.Node): boolean =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const hasDefault = (n: ts.Node): boolean =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/**
 * The module's exports as the interpreter builds them, statement by statement: ES exports name a
 * top-level declaration (or an expression, for `export default`); CommonJS ones are assignments.
 */
export type ExportStep =
  | { kind: 'local'; name: string; local: string; at: ts.Node }
  | { kind: 'expr'; name: string; expr: ts.Expression }
  | { kind: 'esModule' };

export function exportSteps(sf: ts.SourceFile): ExportStep[] {
  const out: ExportStep[] = [];
  for (const s of sf.statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && hasExport(s)) {
      const local = s.name?.text;
      if (local) out.push({ kind: 'local', name: hasDefault(s) ? 'default' : local, local, at: s });
    } else if (ts.isVariableStatement(s) && hasExport(s)) {
      for (const d of s.declarationList.declarations)
        if (ts.isIdentifier(d.name))
          out.push({ kind: 'local', name: d.name.text, local: d.name.text, at: d });
    } else if (ts.isExportAssignment(s)) {
      out.push({ kind: 'expr', name: s.isExportEquals ? '' : 'default', expr: s.expression });
    } else if (
      ts.isExportDeclaration(s) &&
      !s.moduleSpecifier &&
      s.exportClause &&
      ts.isNamedExports(s.exportClause)
    ) {
      for (const el of s.exportClause.elements)
        out.push({ kind: 'local', name: el.name.text, local: (el.propertyName ?? el.name).text, at: el });
    } else if (ts.isExpressionStatement(s)) {
      const e = s.expression;
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const name = exportsTarget(e.left);
        if (name !== undefined) out.push({ kind: 'expr', name, expr: e.right });
      } else if (
        ts.isCallExpression(e) &&
        e.expression.getText(sf) === 'Object.defineProperty' &&
        e.arguments[0] &&
        exportsTarget(e.arguments[0]) === '' &&
        e.arguments[1] &&
        ts.isStringLiteral(e.arguments[1]) &&
        e.arguments[1].text === '__esModule'
      )
        out.push({ kind: 'esModule' });
    }
  }
  return out;
}
