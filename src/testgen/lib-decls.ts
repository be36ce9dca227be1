/**
 * The global declarations testgen's analysis compiles against, instead of TypeScript's lib files:
 * parameter types only need the built-in types and the common utility types. Built in, so the
 * bundled CLI needs no lib files beside it, and the program builds in a fraction of the time.
 */
export const LIB_FILE_NAME = '/__autoglm__/lib.autoglm.d.ts';

export const LIB_DECLARATIONS = `
interface Object { constructor: Function; toString(): string; valueOf(): Object; hasOwnProperty(v: PropertyKey): boolean; }
interface Function { apply(this: Function, thisArg: any, argArray?: any): any; call(this: Function, thisArg: any, ...argArray: any[]): any; bind(this: Function, thisArg: any, ...argArray: any[]): any; readonly length: number; readonly name: string; prototype: any; }
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { [index: number]: any; length: number; }
interface Boolean { valueOf(): boolean; }
interface Number { toFixed(fractionDigits?: number): string; toString(radix?: number): string; valueOf(): number; }
interface String {
  readonly length: number; [index: number]: string;
  charAt(pos: number): string; charCodeAt(index: number): number; codePointAt(pos: number): number | undefined; at(index: number): string | undefined;
  concat(...strings: string[]): string; includes(s: string, position?: number): boolean; startsWith(s: string, position?: number): boolean; endsWith(s: string, endPosition?: number): boolean;
  indexOf(s: string, position?: number): number; lastIndexOf(s: string, position?: number): number;
  slice(start?: number, end?: number): string; substring(start: number, end?: number): string; substr(from: number, length?: number): string;
  toLowerCase(): string; toUpperCase(): string; toLocaleLowerCase(): string; toLocaleUpperCase(): string;
  trim(): string; trimStart(): string; trimEnd(): string; padStart(n: number, fill?: string): string; padEnd(n: number, fill?: string): string; repeat(count: number): string;
  split(separator: string | RegExp, limit?: number): string[]; replace(a: string | RegExp, b: string | ((...args: any[]) => string)): string; replaceAll(a: string | RegExp, b: string): string;
  match(r: string | RegExp): RegExpMatchArray | null; search(r: string | RegExp): number; normalize(form?: string): string; localeCompare(that: string): number; toString(): string; valueOf(): string;
}
interface RegExp { test(s: string): boolean; exec(s: string): RegExpExecArray | null; readonly source: string; readonly flags: string; lastIndex: number; }
interface RegExpMatchArray extends Array<string> { index?: number; input?: string; groups?: { [key: string]: string }; }
interface RegExpExecArray extends Array<string> { index: number; input: string; groups?: { [key: string]: string }; }
interface ReadonlyArray<T> {
  readonly length: number; readonly [n: number]: T;
  includes(x: T, fromIndex?: number): boolean; indexOf(x: T, fromIndex?: number): number; lastIndexOf(x: T, fromIndex?: number): number; join(separator?: string): string; slice(start?: number, end?: number): T[];
  map<U>(f: (value: T, index: number, array: readonly T[]) => U): U[]; filter(f: (value: T, index: number, array: readonly T[]) => unknown): T[];
  some(f: (value: T, index: number, array: readonly T[]) => unknown): boolean; every(f: (value: T, index: number, array: readonly T[]) => unknown): boolean;
  find(f: (value: T, index: number, obj: readonly T[]) => unknown): T | undefined; findIndex(f: (value: T, index: number, obj: readonly T[]) => unknown): number;
  forEach(f: (value: T, index: number, array: readonly T[]) => void): void; reduce<U>(f: (acc: U, value: T, index: number, array: readonly T[]) => U, initial: U): U; reduce(f: (acc: T, value: T) => T): T;
  concat(...items: (T | ConcatArray<T>)[]): T[]; at(index: number): T | undefined; [Symbol.iterator](): Iterator<T>;
}
interface ConcatArray<T> { readonly length: number; readonly [n: number]: T; join(separator?: string): string; slice(start?: number, end?: number): T[]; }
interface Array<T> extends ReadonlyArray<T> {
  length: number; [n: number]: T;
  push(...items: T[]): number; pop(): T | undefined; shift(): T | undefined; unshift(...items: T[]): number;
  splice(start: number, deleteCount?: number, ...items: T[]): T[]; reverse(): T[]; sort(compare?: (a: T, b: T) => number): this; fill(value: T, start?: number, end?: number): this;
  map<U>(f: (value: T, index: number, array: T[]) => U): U[]; filter(f: (value: T, index: number, array: T[]) => unknown): T[];
}
interface ArrayConstructor { new <T>(...items: T[]): T[]; isArray(arg: any): arg is any[]; from<T>(iterable: Iterable<T> | ArrayLike<T>): T[]; of<T>(...items: T[]): T[]; readonly prototype: any[]; }
declare var Array: ArrayConstructor;
interface ArrayLike<T> { readonly length: number; readonly [n: number]: T; }
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface SymbolConstructor { readonly iterator: unique symbol; readonly asyncIterator: unique symbol; }
declare var Symbol: SymbolConstructor;
interface Symbol { readonly description: string | undefined; }
type PropertyKey = string | number | symbol;
interface IteratorResult<T> { done?: boolean; value: T; }
interface Iterator<T> { next(...args: any[]): IteratorResult<T>; }
interface Iterable<T> { [Symbol.iterator](): Iterator<T>; }
interface IterableIterator<T> extends Iterator<T> { [Symbol.iterator](): IterableIterator<T>; }
interface AsyncIterator<T> { next(...args: any[]): Promise<IteratorResult<T>>; }
interface AsyncIterable<T> { [Symbol.asyncIterator](): AsyncIterator<T>; }
interface PromiseLike<T> { then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, err?: ((reason: any) => B | PromiseLike<B>) | null): PromiseLike<A | B>; }
interface Promise<T> { then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, err?: ((reason: any) => B | PromiseLike<B>) | null): Promise<A | B>; catch<B = never>(err?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B>; }
interface PromiseConstructor { new <T>(executor: (resolve: (value: T) => void, reject: (reason?: any) => void) => void): Promise<T>; resolve<T>(value: T): Promise<Awaited<T>>; reject<T = never>(reason?: any): Promise<T>; }
declare var Promise: PromiseConstructor;
type Awaited<T> = T extends null | undefined ? T : T extends object & { then(onfulfilled: infer F, ...args: infer _): any } ? F extends (value: infer V, ...args: infer _) => any ? Awaited<V> : never : T;
interface Error { name: string; message: string; stack?: string; cause?: unknown; }
interface ErrorConstructor { new (message?: string, options?: { cause?: unknown }): Error; (message?: string): Error; readonly prototype: Error; }
declare var Error: ErrorConstructor; declare var TypeError: ErrorConstructor; declare var RangeError: ErrorConstructor; declare var SyntaxError: ErrorConstructor; declare var ReferenceError: ErrorConstructor;
interface Date { getTime(): number; toISOString(): string; }
interface DateConstructor { new (value?: number | string): Date; now(): number; }
declare var Date: DateConstructor;
interface Map<K, V> { get(key: K): V | undefined; has(key: K): boolean; set(key: K, value: V): this; delete(key: K): boolean; readonly size: number; }
interface MapConstructor { new <K = any, V = any>(entries?: readonly (readonly [K, V])[] | null): Map<K, V>; }
declare var Map: MapConstructor;
interface ReadonlyMap<K, V> { get(key: K): V | undefined; has(key: K): boolean; readonly size: number; }
interface Set<T> { add(value: T): this; has(value: T): boolean; delete(value: T): boolean; readonly size: number; }
interface SetConstructor { new <T = any>(values?: readonly T[] | null): Set<T>; }
declare var Set: SetConstructor;
interface ReadonlySet<T> { has(value: T): boolean; readonly size: number; }
interface Math { floor(x: number): number; ceil(x: number): number; round(x: number): number; trunc(x: number): number; abs(x: number): number; sign(x: number): number; min(...values: number[]): number; max(...values: number[]): number; random(): number; sqrt(x: number): number; pow(x: number, y: number): number; readonly PI: number; }
declare var Math: Math;
interface NumberConstructor { (value?: any): number; isInteger(n: unknown): boolean; isFinite(n: unknown): boolean; isNaN(n: unknown): boolean; isSafeInteger(n: unknown): boolean; parseFloat(s: string): number; parseInt(s: string, radix?: number): number; readonly MAX_SAFE_INTEGER: number; readonly MIN_SAFE_INTEGER: number; readonly EPSILON: number; readonly NaN: number; readonly POSITIVE_INFINITY: number; readonly NEGATIVE_INFINITY: number; }
declare var Number: NumberConstructor;
interface StringConstructor { (value?: any): string; fromCharCode(...codes: number[]): string; }
declare var String: StringConstructor;
interface BooleanConstructor { <T>(value?: T): boolean; }
declare var Boolean: BooleanConstructor;
interface ObjectConstructor { keys(o: object): string[]; values<T>(o: { [s: string]: T }): T[]; entries<T>(o: { [s: string]: T }): [string, T][]; assign<T extends {}, U>(target: T, source: U): T & U; freeze<T>(o: T): Readonly<T>; }
declare var Object: ObjectConstructor;
interface RegExpConstructor { new (pattern: string | RegExp, flags?: string): RegExp; }
declare var RegExp: RegExpConstructor;
interface JSON { parse(text: string): any; stringify(value: any, replacer?: any, space?: string | number): string; }
declare var JSON: JSON;
declare function parseInt(s: string, radix?: number): number;
declare function parseFloat(s: string): number;
declare function isNaN(n: number): boolean;
declare function isFinite(n: number): boolean;
declare var NaN: number;
declare var Infinity: number;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
`;
