import '../node-globals.js';
import ts from 'typescript';
import type { Term } from '../terms.js';
import type { HeapObj, InputShape, Scope, Value } from '../values.js';

/** Feasibility checks, answered by the solver (src/testgen/solve.ts) or a test double. */
export interface SolverPort {
  check(pc: Term[]): Promise<'sat' | 'unsat' | 'unknown'>;
}

export interface ExploreLimits {
  /** Complete paths to collect. */
  maxPaths: number;
  /** Solver checks to spend. */
  maxChecks: number;
  /** Iterations a loop is unrolled to. */
  loopBound: number;
  /** Slots of an array parameter (its length ranges over 0..capacity). */
  arrayCapacity: number;
  /** Nested calls inlined. */
  callDepth: number;
  deadline: number;
}

export const DEFAULT_LIMITS: Omit<ExploreLimits, 'deadline'> = {
  maxPaths: 96,
  maxChecks: 1500,
  loopBound: 5,
  arrayCapacity: 4,
  callDepth: 4,
};

/** One explored path: its constraint, its conditions in source words, and whether it is exact. */
export interface PathResult {
  pc: Term[];
  conds: string[];
  /** Branch sides the path takes (`position:side`): paths that add none are not worth solving. */
  decisions: string[];
  /** Why the constraint may not describe the path (approximations, opaque conditions). */
  inexact: string[];
  /** The path ends by throwing (as modelled). */
  throws: boolean;
  /** What it returns, when that is a primitive: a term over the inputs, or `undefined`/`null`. */
  returns?: Term | 'undefined' | 'null';
}

export interface ExploreResult {
  paths: PathResult[];
  /** The inputs as shapes over solver variables: ctor args (methods) then args. */
  ctorShapes: InputShape[];
  argShapes: InputShape[];
  /** All input variables with their sorts, for the model read-out and preferences. */
  vars: Map<string, Term>;
  /** Constructs the explorer could not model (the function is partly analysed). */
  unsupported: string[];
  /** The explorer stopped early (path, check or time limit). */
  truncated: boolean;
  checks: number;
}

export interface State {
  vars: Map<string, Value>;
  heap: Map<number, HeapObj>;
  pc: Term[];
  conds: string[];
  inexact: string[];
  /** Branch sides taken (`position:side`), for choosing which paths to solve. */
  decisions: string[];
  /** Nested call depth. */
  depth: number;
}

export interface Frame {
  scope: Scope;
  self: Value | undefined;
}

export type Thrown = { t: 'thrown'; value: Value };
export type EV = Value | Thrown;
export type Completion =
  | { type: 'normal' }
  | { type: 'return'; value: Value }
  | { type: 'throw'; value: Value }
  | { type: 'break'; label: string | undefined }
  | { type: 'continue'; label: string | undefined };

export const NORMAL: Completion = { type: 'normal' };

/** Longest string input the solver considers. */
export const MAX_STRING = 32;

export class Stop extends Error {}

export const isThrown = (v: EV): v is Thrown => v.t === 'thrown';

export function strip(e: ts.Expression): ts.Expression {
  let x = e;
  while (
    ts.isParenthesizedExpression(x) ||
    ts.isAsExpression(x) ||
    ts.isNonNullExpression(x) ||
    ts.isTypeAssertionExpression(x) ||
    ts.isSatisfiesExpression(x)
  ) {
    x = x.expression;
  }

  return x;
}

const NEGATED: Record<string, string> = {
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
  '===': '!==',
  '!==': '===',
  '==': '!=',
  '!=': '==',
};

/** Source text for names: one line, string literals in double quotes (`password !== "Admin@123"`). */
export function srcText(node: ts.Node, sf: ts.SourceFile = node.getSourceFile()): string {
  return node
    .getText(sf)
    .replace(/\s+/g, ' ')
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_, body: string) => JSON.stringify(body.replace(/\\'/g, "'")));
}

/** The source text of a condition and of its negation, for test names. */
export function condText(node: ts.Expression, sf: ts.SourceFile): { pos: string; neg: string } {
  const e = strip(node);
  const pos = srcText(e, sf);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.getText(sf);
    const flipped = NEGATED[op];
    if (flipped) return { pos, neg: `${srcText(e.left, sf)} ${flipped} ${srcText(e.right, sf)}` };
  }

  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    return { pos, neg: srcText(strip(e.operand), sf) };
  }

  const simple = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isCallExpression(e);
  return { pos, neg: simple ? `!${pos}` : `!(${pos})` };
}

export const ERROR_CLASSES = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
]);

/** Where a decision is taken, for telling paths apart: file and position (calls reach other files). */
export function siteOf(node: ts.Node): string {
  return `${node.getSourceFile()?.fileName ?? ''}#${node.pos}`;
}
