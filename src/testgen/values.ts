import type { Term } from './terms.js';
import type { TypeDesc } from './types.js';

/** A symbolic JS value during exploration. Objects and arrays live in the state's heap. */
export type Value =
  | { t: 'num'; term: Term }
  | { t: 'str'; term: Term }
  | { t: 'bool'; term: Term }
  | { t: 'undef' }
  | { t: 'null' }
  /** One of `alts`, chosen by the integer `tag` (typed unions, optionals, unknowns). */
  | { t: 'union'; tag: Term; alts: Value[] }
  | { t: 'ref'; id: number }
  /** `props`: properties set on the function itself (Babel's `module.exports.default = fn`). */
  | { t: 'fn'; node: FnLike; scope: Scope; self?: Value; name: string; props?: Map<string, Value> }
  | { t: 'class'; name: string; node: unknown }
  | { t: 'native'; name: string; self?: Value }
  | { t: 'regex'; source: string; flags: string }
  | { t: 'promise'; settled: Value; rejected: boolean }
  | { t: 'opaque'; why: string };

export type FnLike = import('typescript').SignatureDeclaration & { body?: import('typescript').ConciseBody };

export interface Scope {
  id: number;
  parent: Scope | undefined;
}

export type HeapObj =
  | { kind: 'object'; props: Map<string, Value>; cls?: { name: string; node: unknown }; error?: string }
  /** `elems` holds `capacity` slots; `len` may be symbolic (parameters) or constant (literals). */
  | { kind: 'array'; len: Term; elems: Value[] }
  | { kind: 'set'; entries: [Value, Value][] }
  | { kind: 'map'; entries: [Value, Value][] };

/** How an input is rebuilt from a solver model. */
export type InputShape =
  | { s: 'num'; v: string }
  | { s: 'str'; v: string }
  | { s: 'bool'; v: string }
  | { s: 'const'; value: undefined | null | boolean | number | string }
  | { s: 'union'; tag: string; alts: InputShape[] }
  | { s: 'array'; len: string; elems: InputShape[] }
  | { s: 'object'; props: { name: string; shape: InputShape; optional: boolean }[] };

export const UNDEF: Value = { t: 'undef' };
export const NULL: Value = { t: 'null' };

export function describeKind(v: Value): string {
  switch (v.t) {
    case 'num':
      return 'number';
    case 'str':
      return 'string';
    case 'bool':
      return 'boolean';
    case 'undef':
      return 'undefined';
    case 'null':
      return 'null';
    default:
      return v.t;
  }
}

/** `unknown` parameters: any primitive. */
export const UNKNOWN_OPTIONS: TypeDesc[] = [
  { kind: 'number' },
  { kind: 'string' },
  { kind: 'boolean' },
  { kind: 'undefined' },
  { kind: 'null' },
];
