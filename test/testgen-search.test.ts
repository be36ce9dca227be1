import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseFiles } from '../src/testgen/analyse.js';
import { callArbitrary, sampleInputs } from '../src/testgen/inputs.js';
import { mutants, rng } from '../src/testgen/mutate.js';
import { matchingStrings } from '../src/testgen/regex-mutants.js';
import { errorKey } from '../src/testgen/select.js';
import { tempDir } from './helpers.js';

describe('how many arguments a call passes', () => {
  const fnOf = (code: string) => {
    const file = path.join(tempDir('autoglm-arity-'), 'm.js');
    writeFileSync(file, code);
    return analyseFiles([file]).infos[0]?.functions[0];
  };

  it('varies the count for a function that reads arguments.length, one past what it names', () => {
    // eventemitter3's emit: `switch (arguments.length)`, a case per count and a default beyond.
    const fn = fnOf(
      'exports.emit = function emit(event, a1, a2) { switch (arguments.length) { case 1: return 1; case 2: return 2; case 3: return 3; default: return 9; } };',
    );
    expect(fn?.params.map((p) => p.name)).toEqual(['event', 'a1', 'a2', 'arg3']);
    const counts = new Set(
      sampleInputs(callArbitrary(fn as NonNullable<typeof fn>), 200, 1).map((c) => c.args.length),
    );
    for (const n of [0, 1, 2, 3, 4]) expect(counts.has(n), `${n} arguments`).toBe(true);
  });

  it('passes every named parameter to a function that does not count them', () => {
    const fn = fnOf('exports.add = function add(a, b) { return typeof a === "number" ? a + b : b; };');
    const counts = new Set(
      sampleInputs(callArbitrary(fn as NonNullable<typeof fn>), 200, 1).map((c) => c.args.length),
    );
    expect([...counts]).toEqual([2]);
  });

  it('now and then passes null or undefined for a JSDoc-typed parameter: nothing enforces JSDoc', () => {
    const fn = fnOf(
      '/** @param {Function} fn */\nexports.off = function off(fn) { if (!fn) return 0; return fn(); };',
    );
    const args = sampleInputs(callArbitrary(fn as NonNullable<typeof fn>), 200, 1).map((c) => c.args[0]);
    expect(args.some((a) => a === undefined || a === null)).toBe(true);
    expect(args.filter((a) => a === undefined || a === null).length).toBeLessThan(60);
  });
});

describe('search inputs from the regexes the code runs', () => {
  const ms =
    /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i;

  it('draws strings that match the regex, flags fast-check refuses (i) included', () => {
    const out = matchingStrings([{ source: ms.source, flags: ms.flags }], 1);
    expect(out.length).toBeGreaterThan(5);
    for (const s of out) expect(ms.test(s), s).toBe(true);
  });

  it("splices the code's literals into matching strings where the result still matches", () => {
    const words = ['years', 'hrs', 'not a unit', 'week'];
    const out = matchingStrings([{ source: ms.source, flags: ms.flags }], 1, words);
    for (const w of ['years', 'hrs', 'week'])
      expect(
        out.some((s) => s.endsWith(w) && ms.test(s)),
        w,
      ).toBe(true);
    expect(out.some((s) => s.includes('not a unit'))).toBe(false);
  });

  it('skips a regex fast-check cannot generate from, without failing', () => {
    expect(matchingStrings([{ source: '(a)\\1(?<=a)', flags: '' }], 1, ['a'])).toEqual([]);
  });
});

describe('behaviour diff mutants', () => {
  it('changes one argument a little, the same way for the same seed', () => {
    const input = { args: ['a@b.c', 3] };
    const dict = { numbers: [0, 1], strings: ['@', '.'] };
    const a = mutants(input, dict, rng(5), 40);
    const b = mutants(input, dict, rng(5), 40);
    expect(a).toEqual(b);
    expect(a.every((m) => m.args.filter((x, i) => x !== input.args[i]).length <= 1)).toBe(true);
    expect(a.some((m) => typeof m.args[0] === 'string' && m.args[0].split('@').length === 3)).toBe(true);
    expect(a.some((m) => m.args[1] !== 3)).toBe(true);
  });
});

describe('kinds of errors', () => {
  const exec = (message: string) => ({
    outcome: { kind: 'throw' as const, name: 'TypeError', message, async: false },
    arms: [],
    fns: [],
  });
  it('blanks the string arguments an error message quotes, and numbers', () => {
    const k1 = errorKey({ input: { args: ['1.2.x'] }, exec: exec('Invalid Version: 1.2.x') });
    const k2 = errorKey({ input: { args: ['abc'] }, exec: exec('Invalid Version: abc') });
    expect(k1).toBe(k2);
    expect(errorKey({ input: { args: ['abc'] }, exec: exec('Too long: 300') })).toBe('TypeError:Too long: #');
    expect(errorKey({ input: { args: ['abc'] }, exec: exec('Invalid Range: abc') })).not.toBe(k1);
  });

  it('blanks whole occurrences only: a one-letter input is not blanked inside the words around it', () => {
    const k1 = errorKey({ input: { ctorArgs: ['a'], args: [] }, exec: exec('Invalid version: a') });
    const k2 = errorKey({
      input: { ctorArgs: ['patchZv'], args: [] },
      exec: exec('Invalid version: patchZv'),
    });
    expect(k1).toBe('TypeError:Invalid version: <arg>');
    expect(k1).toBe(k2);
    // Inputs with regex characters are matched literally.
    expect(errorKey({ input: { args: ['1.2+(x'] }, exec: exec('Invalid version: 1.2+(x') })).toBe(
      'TypeError:Invalid version: <arg>',
    );
  });
});
