import { beforeAll, describe, expect, it } from 'vitest';
import { minimise, withOracleTests } from '../src/testgen/generate.js';
import {
  distinguishingStrings,
  loadRegexMutator,
  regexKills,
  regexMutants,
} from '../src/testgen/regex-mutants.js';
import type { Execution } from '../src/testgen/types.js';

// Weak mutation on regexes: tests that tell a mutated regex from the original are kept, and search
// is fed strings that do. isHexColor's suite went from 31% to 69% of its mutants killed with this.

const HEX = { source: '^#?([0-9a-f]{3}|[0-9a-f]{6})$', flags: 'i' };

const call = (s: string) => {
  const exec: Execution = {
    outcome: {
      kind: 'return',
      value: { t: 'boolean', v: new RegExp(HEX.source, HEX.flags).test(s) },
      async: false,
    },
    arms: [0],
    fns: [0],
    regexes: [{ ...HEX, subjects: [s] }],
  };
  return { input: { args: [s] }, origin: 'search' as const, conds: [], exact: false, exec };
};

beforeAll(() => loadRegexMutator());

describe('regex mutants', () => {
  it('mutates a regex as StrykerJS does: anchors, optional parts, quantifiers, negated classes', () => {
    const sources = regexMutants(HEX.source, HEX.flags).map((r) => r.source);
    expect(sources).toContain('#?([0-9a-f]{3}|[0-9a-f]{6})$');
    expect(sources).toContain('^#([0-9a-f]{3}|[0-9a-f]{6})$');
    expect(sources).toContain('^#?([0-9a-f]{3}|[^0-9a-f]{6})$');
    // The flags stay: `FFF` still matches the mutants case-insensitively.
    expect(regexMutants(HEX.source, HEX.flags).every((r) => r.flags === 'i')).toBe(true);
    expect(regexMutants('(', '')).toEqual([]);
  });

  it('says which mutants a call tells apart, by the strings the regex met', () => {
    const kills = (s: string) =>
      regexKills(call(s).exec).map(
        (k) => regexMutants(HEX.source, HEX.flags)[Number(k.split('#').pop())]?.source,
      );
    // 'abcdef' is the only kind of string the negated 6-class mutant answers differently.
    expect(kills('abcdef')).toContain('^#?([0-9a-f]{3}|[^0-9a-f]{6})$');
    expect(kills('#fff')).not.toContain('^#?([0-9a-f]{3}|[^0-9a-f]{6})$');
    // Without the `#`, the mutant that makes it required answers differently; with it, not.
    expect(kills('fff')).toContain('^#([0-9a-f]{3}|[0-9a-f]{6})$');
    expect(kills('#fff')).not.toContain('^#([0-9a-f]{3}|[0-9a-f]{6})$');
    // No regex met, nothing told apart.
    expect(regexKills({ regexes: [] })).toEqual([]);
  });

  it('keeps the calls that tell new mutants apart, not two that tell the same ones', () => {
    const pool = ['#fff', '#abc', 'abcdef', 'fff', 'x#fff', '#ff', 'ab'].map(call);
    const arms = new Set([0]);
    const cover = minimise(pool, arms);
    expect(cover).toHaveLength(1);
    const picked = withOracleTests(pool, cover, arms);
    const all = new Set(pool.flatMap((c) => regexKills(c.exec)));
    const got = new Set(picked.flatMap((c) => regexKills(c.exec)));
    // Every mutant some candidate tells apart is told apart by the kept tests...
    expect([...all].filter((k) => !got.has(k))).toEqual([]);
    // ...with fewer tests than candidates, and never both of '#fff' and '#abc' (the same answers).
    expect(picked.length).toBeLessThan(pool.length);
    const args = picked.map((c) => c.input.args[0]);
    expect(args.includes('#fff') && args.includes('#abc')).toBe(false);
    expect(args).toContain('abcdef');
  });

  it('draws strings that tell each mutant apart from the original', () => {
    const strings = distinguishingStrings([HEX]);
    const re = new RegExp(HEX.source, HEX.flags);
    for (const m of regexMutants(HEX.source, HEX.flags)) {
      const apart = strings.filter((s) => m.test(s) !== re.test(s));
      expect(apart.length, `a string for ${m.source}`).toBeGreaterThan(0);
    }
  });
});
