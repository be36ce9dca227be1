import './node-globals.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import istanbul from 'istanbul-lib-instrument';
import ts from 'typescript';

/** The global the instrumented code counts into (inside the sandbox's context). */
export const COVERAGE_VAR = '__autoglm_cov';

const PARSER_PLUGINS = [
  'asyncGenerators',
  'bigInt',
  'classProperties',
  'classPrivateProperties',
  'classPrivateMethods',
  'dynamicImport',
  'importMeta',
  'numericSeparator',
  'objectRestSpread',
  'optionalCatchBinding',
  'topLevelAwait',
];

/** One branch arm of the instrumented module (istanbul counts each arm of each branch). */
export interface Arm {
  branch: string;
  arm: number;
  type: string;
  line: number;
}

export interface PreparedModule {
  /** Absolute path of the module under test. */
  file: string;
  /** Module path -> CommonJS code (the entry instrumented), for the sandbox loader. */
  modules: Record<string, string>;
  /** Module path -> source before transpiling (the entry instrumented), for the real test run. */
  sources: Record<string, string>;
  coverage: FileCoverageData;
  /** Branch arms in the order the sandbox reports them. */
  arms: Arm[];
}

interface InstrumenterLike {
  instrumentSync(code: string, filename: string): string;
  lastFileCoverage(): FileCoverageData;
}

function instrumenter(language: 'ts' | 'js', esm: boolean): InstrumenterLike {
  return istanbul.createInstrumenter({
    coverageVariable: COVERAGE_VAR,
    esModules: esm,
    compact: false,
    preserveComments: true,
    produceSourceMap: false,
    parserPlugins: language === 'ts' ? [...PARSER_PLUGINS, 'typescript'] : [...PARSER_PLUGINS, 'jsx'],
  } as Parameters<typeof istanbul.createInstrumenter>[0]) as unknown as InstrumenterLike;
}

/** TS or JS (ESM or CommonJS) to CommonJS for the sandbox's loader (or to ESM for `.mjs` files). */
export function toCommonJs(code: string, file: string, esm = false): string {
  return ts.transpileModule(code, {
    // TypeScript keeps `.mjs`/`.mts` files ESM whatever `module` says: name them `.js` for CommonJS.
    fileName: esm ? file : file.replace(/\.m([jt]s)$/, '.$1'),
    compilerOptions: {
      module: esm ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      allowJs: true,
      sourceMap: false,
      inlineSourceMap: false,
      verbatimModuleSyntax: false,
    },
    reportDiagnostics: false,
  }).outputText;
}

/** Branch arms in a stable order: branch ids numerically, arms in order. */
export function armsOf(coverage: FileCoverageData): Arm[] {
  const arms: Arm[] = [];
  const ids = Object.keys(coverage.branchMap).sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    const b = coverage.branchMap[id] as FileCoverageData['branchMap'][string];
    b.locations.forEach((_, i) => {
      arms.push({ branch: id, arm: i, type: b.type, line: b.loc.start.line });
    });
  }
  return arms;
}

const LOCAL_SPEC = /^\.{1,2}\//;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Resolve a relative import the way TS with NodeNext and bundlers do (`./x.js` may be `./x.ts`). */
export function resolveLocal(
  from: string,
  spec: string,
  exists: (f: string) => boolean = existsSync,
): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?(j|t)sx?$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => stem + e),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ];
  return candidates.find((c) => exists(c) && !c.endsWith('.d.ts'));
}

/** Relative imports and requires of a module (static ones; dynamic specifiers are ignored). */
export function localImports(code: string, file: string): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, false);
  const specs: string[] = [];
  const visit = (n: ts.Node): void => {
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    ) {
      if (!(ts.isImportDeclaration(n) && n.importClause?.isTypeOnly)) specs.push(n.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    ) {
      specs.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs.filter((s) => LOCAL_SPEC.test(s));
}

/** Reads source text: the working tree by default, a git revision for behaviour diffs. */
export type SourceReader = (file: string) => string | undefined;

export const readWorkingTree: SourceReader = (file) =>
  existsSync(file) ? readFileSync(file, 'utf8') : undefined;

/**
 * Instrument the module under test (istanbul, on the original source so branch locations are the
 * source's own) and transpile it and the local modules it imports to CommonJS.
 */
export function prepareModule(
  file: string,
  language: 'ts' | 'js',
  moduleKind: 'esm' | 'cjs',
  read: SourceReader = readWorkingTree,
  maxModules = 50,
): PreparedModule {
  const source = read(file);
  if (source === undefined) throw new Error(`cannot read ${file}`);
  const inst = instrumenter(language, moduleKind === 'esm');
  const instrumented = inst.instrumentSync(source, file);
  const coverage = inst.lastFileCoverage();
  const modules: Record<string, string> = { [file]: toCommonJs(instrumented, file) };
  const sources: Record<string, string> = { [file]: instrumented };
  const queue = localImports(source, file).map((s) => [file, s] as const);
  const exists = (f: string) => read(f) !== undefined;
  while (queue.length > 0 && Object.keys(modules).length < maxModules) {
    const [from, spec] = queue.shift() as readonly [string, string];
    const dep = resolveLocal(from, spec, exists);
    if (!dep || modules[dep] !== undefined) continue;
    const code = read(dep) as string;
    modules[dep] = toCommonJs(code, dep);
    sources[dep] = code;
    for (const s of localImports(code, dep)) queue.push([dep, s]);
  }
  return { file, modules, sources, coverage, arms: armsOf(coverage) };
}
