import type ts from 'typescript';

/** What testgen knows about a value's type: from annotations, JSDoc, defaults or usage. */
export type TypeDesc =
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'undefined' }
  | { kind: 'null' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'union'; options: TypeDesc[] }
  | { kind: 'array'; element: TypeDesc }
  | { kind: 'object'; props: PropDesc[] }
  /** A callback: generated as a function that returns a value of `returns`. */
  | { kind: 'function'; returns: TypeDesc }
  /** `any`/`unknown` with no usage evidence: treated as any primitive. */
  | { kind: 'unknown' };

export interface PropDesc {
  name: string;
  type: TypeDesc;
  optional: boolean;
}

export interface ParamInfo {
  name: string;
  type: TypeDesc;
  /** Optional or defaulted: the generator may omit it. */
  optional: boolean;
  rest: boolean;
  /** Where the type came from (for the report). */
  source: 'annotation' | 'jsdoc' | 'declaration' | 'default' | 'usage' | 'none';
  /** The declared type has parts testgen does not model (functions, methods): TS tests cast the argument. */
  lossy?: boolean;
}

export type FunctionKind = 'function' | 'method' | 'static';

/** An exported function, arrow function or class method that testgen can call. */
export interface FunctionInfo {
  /** Display name: `login`, `Cart.add`. */
  name: string;
  /** Export the test imports (`default` for a default export, `export=` for `module.exports = f`). */
  exportName: string;
  kind: FunctionKind;
  /** Class of a method; its constructor parameters are generated too. */
  className?: string;
  ctorParams?: ParamInfo[];
  ctorNode?: ts.ConstructorDeclaration;
  classNode?: ts.ClassLikeDeclaration;
  params: ParamInfo[];
  isAsync: boolean;
  /** The function-like node whose body is explored. */
  node: ts.SignatureDeclaration & { body?: ts.ConciseBody };
  /** 1-based line of the declaration. */
  line: number;
  /** Source range of the function (1-based lines, inclusive) for changed-function detection. */
  endLine: number;
  /** Declared return type text, when annotated (for readable TS tests). */
  returnType?: string;
}

export interface SourceFileInfo {
  /** Absolute path. */
  file: string;
  language: 'ts' | 'js';
  /** ESM (import/export, .mjs, "type": "module") or CommonJS. */
  moduleKind: 'esm' | 'cjs';
  functions: FunctionInfo[];
  /** Syntax errors (`file:line:col: message`): the file is skipped when present. */
  diagnostics: string[];
  sourceFile: ts.SourceFile;
  /** The declaration file whose parameter types the module's untyped functions took. */
  declarationFile?: string;
}

/** A JS value as sent to the sandbox (structured-clone safe). */
export type InputValue =
  | undefined
  | null
  | boolean
  | number
  | string
  | InputValue[]
  | { [key: string]: InputValue };

/** One call to make: the constructor arguments (methods) and the arguments. */
export interface CallInput {
  ctorArgs?: InputValue[];
  args: InputValue[];
  /** Methods called on the instance, in order, before the method under test (stateful objects). */
  before?: { method: string; args: InputValue[] }[];
}

/** An encoded result value, comparable by its `key` and printable as a literal. */
export type Encoded =
  | { t: 'undefined' }
  | { t: 'null' }
  | { t: 'boolean'; v: boolean }
  | { t: 'number'; v: number | string }
  | { t: 'string'; v: string }
  | { t: 'bigint'; v: string }
  | { t: 'array'; items: Encoded[] }
  | { t: 'object'; entries: [string, Encoded][] }
  | { t: 'map'; entries: [Encoded, Encoded][] }
  | { t: 'set'; items: Encoded[] }
  /** Something with no faithful literal (function, class instance, symbol, Date, cycle). */
  | { t: 'opaque'; type: string };

export type Outcome =
  | { kind: 'return'; value: Encoded; async: boolean }
  | { kind: 'throw'; name: string; message: string; async: boolean }
  | { kind: 'timeout' }
  | { kind: 'blocked'; what: string }
  | { kind: 'crash'; message: string };

/** One executed call with the branch arms and functions it reached. */
export interface Execution {
  outcome: Outcome;
  /** Indices into the module's arm table (see instrument.ts). */
  arms: number[];
  /** istanbul function ids entered. */
  fns: number[];
  /**
   * Regexes that strings were matched against during the call (source and flags), with the first
   * few strings each met: which of a regex's mutants the call tells apart (regex-mutants.ts).
   */
  regexes?: { source: string; flags: string; subjects?: string[] }[];
  /** A method call: its subject was constructed (the constructor arguments work). */
  built?: boolean;
}
