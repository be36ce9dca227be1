import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '../config/suggest.js';
import { UsageError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: an unknown flag is a usage error with a suggestion, never ignored. */
export function parseFlags<T extends OptionSpec>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg)?.[1];
    if (unknown) {
      const hint = didYouMean(unknown.replace(/^-+/, ''), Object.keys(options));
      throw new UsageError(
        `autoglm ${command}: unknown option ${unknown}${hint ? `; did you mean --${hint}?` : ''}`,
        `see autoglm ${command} --help`,
      );
    }
    throw new UsageError(`autoglm ${command}: ${msg.split('\n')[0]}`, `see autoglm ${command} --help`);
  }
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value.trim())) {
    throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export function nonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value.trim())) {
    throw new UsageError(`${flag}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(value.trim()))
    throw new UsageError(`${flag}: expected an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
