import { describe, expect, it } from 'vitest';
import {
  accuracyVerdict,
  decide,
  type Evidence,
  formatP,
  latencyVerdict,
} from '../src/compare/stats/verdict.js';
import { usageError } from './helpers.js';

/**
 * Evidence on the badness scale (positive is worse), with a gate at 0.5. Values are dyadic
 * fractions so the growth factors below are exact in floating point.
 */
const ev = (e: Partial<Evidence>): Evidence => ({
  estimate: 0,
  lower: -1,
  upper: 1,
  significant: false,
  z: 0,
  zCritical: 2,
  n: 10,
  regressAt: 0.5,
  improveAt: 0.5,
  ...e,
});

// The four-way rule every metric's verdict goes through (docs/statistics.md).
describe('decide', () => {
  it('a regression needs significance, an estimate at or past the gate and an interval above 0', () => {
    expect(decide(ev({ significant: true, estimate: 0.5, lower: 0.25, upper: 0.75 }))).toEqual({
      outcome: 'regression',
    });
    // Each condition alone is missing: not a regression.
    expect(decide(ev({ significant: false, estimate: 0.5, lower: 0.25, upper: 0.75 })).outcome).toBe(
      'inconclusive',
    );
    expect(decide(ev({ significant: true, estimate: 0.375, lower: 0.25, upper: 0.75 })).outcome).toBe(
      'inconclusive',
    );
    expect(decide(ev({ significant: true, estimate: 0.5, lower: 0, upper: 0.75 })).outcome).toBe(
      'inconclusive',
    );
  });

  it('an improvement mirrors it: estimate at or below -gate and an interval below 0', () => {
    expect(decide(ev({ significant: true, estimate: -0.5, lower: -0.75, upper: -0.25 }))).toEqual({
      outcome: 'improvement',
    });
    expect(decide(ev({ significant: false, estimate: -0.5, lower: -0.75, upper: -0.25 })).outcome).toBe(
      'no change',
    );
    expect(decide(ev({ significant: true, estimate: -0.375, lower: -0.75, upper: -0.25 })).outcome).toBe(
      'no change',
    );
    expect(decide(ev({ significant: true, estimate: -0.5, lower: -0.75, upper: 0 })).outcome).toBe(
      'no change',
    );
  });

  it('no change once the interval rules out a gate-sized regression, the gate itself included', () => {
    expect(decide(ev({ estimate: 0.25, lower: 0, upper: 0.5 }))).toEqual({ outcome: 'no change' });
    // A significant shift below the gate is still no change.
    expect(decide(ev({ significant: true, estimate: 0.25, lower: 0.125, upper: 0.5 }))).toEqual({
      outcome: 'no change',
    });
    expect(decide(ev({ estimate: 0.25, lower: 0, upper: 0.625 })).outcome).toBe('inconclusive');
  });

  it('below the gate: more samples until the interval would shrink under it', () => {
    // growth = ((upper - estimate) / (gate - estimate))^2 = (0.75 / 0.25)^2 = 9: 90 samples, 80 more.
    expect(decide(ev({ estimate: 0.25, lower: -0.5, upper: 1 }))).toEqual({
      outcome: 'inconclusive',
      moreSamples: 80,
    });
  });

  it('at or past the gate: the larger of what the interval and the test need', () => {
    // Interval: ((estimate - lower) / estimate)^2 = (2 / 1)^2 = 4; test: (zCritical / z)^2 = 16.
    expect(decide(ev({ estimate: 1, lower: -1, upper: 3, z: 0.5 }))).toEqual({
      outcome: 'inconclusive',
      moreSamples: 150,
    });
    // Interval: (4 / 1)^2 = 16; test: (2 / 1)^2 = 4.
    expect(decide(ev({ estimate: 1, lower: -3, upper: 3, z: 1 })).moreSamples).toBe(150);
    // The estimate exactly at the gate takes this branch too: interval (1 / 0.5)^2 = 4, test 1.
    expect(decide(ev({ estimate: 0.5, lower: -0.5, upper: 2, z: 2 })).moreSamples).toBe(30);
    // A negative z (the test points the other way) counts by its size.
    expect(decide(ev({ estimate: 1, lower: -1, upper: 3, z: -0.5 })).moreSamples).toBe(150);
  });

  it('up to 100 times the samples is a suggestion; beyond, or with no evidence at all, none', () => {
    // (5 / 0.5)^2 = 100 exactly: 1000 samples, 990 more.
    expect(decide(ev({ estimate: 1, lower: -1, upper: 3, z: 0.5, zCritical: 5 })).moreSamples).toBe(990);
    expect(decide(ev({ estimate: 1, lower: -1, upper: 3, z: 0.25, zCritical: 5 }))).toEqual({
      outcome: 'inconclusive',
    });
    expect(decide(ev({ estimate: 1, lower: -1, upper: 3, z: 0 }))).toEqual({ outcome: 'inconclusive' });
  });

  it('asks for at least one more sample, even when the figures say fewer', () => {
    // Not significant although the interval and z would already suffice (growth 1/4).
    expect(decide(ev({ estimate: 1, lower: 0.5, upper: 1.5, z: 4 })).moreSamples).toBe(1);
  });
});

describe('formatP', () => {
  it('two significant digits, and tiny values floored at 0.0001', () => {
    expect(formatP(0.012345)).toBe('p = 0.012');
    expect(formatP(0.5)).toBe('p = 0.5');
    expect(formatP(0.0001)).toBe('p = 0.0001');
    expect(formatP(0.000099)).toBe('p < 0.0001');
    expect(formatP(1)).toBe('p = 1');
  });
});

/** n latencies a, a + step, a + 2 step, ... (deterministic; the bootstrap uses the default seed). */
const ramp = (n: number, a: number, step: number) => Array.from({ length: n }, (_, i) => a + i * step);

// The reason is what a user reads on each finding: every outcome's wording, with its figures.
describe('latencyVerdict reasons', () => {
  const base = ramp(10, 10, 0.1);

  it('regression and improvement: the shift, the medians, the interval, the test and the gate', () => {
    const slow = latencyVerdict(
      base,
      base.map((x) => x * 1.2),
    );
    expect(slow.outcome).toBe('regression');
    expect(slow.reason).toBe(
      'candidate is 20.0% slower (median 12.54 ms vs 10.45 ms; 90% CI +16.6% to +24.0%; Mann-Whitney p < 0.0001, alpha 0.01; gate 5%)',
    );
    const fast = latencyVerdict(
      base,
      base.map((x) => x * 0.8),
    );
    expect(fast.outcome).toBe('improvement');
    expect(fast.reason).toBe(
      'candidate is 20.0% faster (median 8.36 ms vs 10.45 ms; 90% CI -22.3% to -17.3%; Mann-Whitney p < 0.0001, alpha 0.01; gate 5%)',
    );
  });

  it('no change: says whether a smaller shift is significant', () => {
    const b40 = ramp(40, 100, 0.1);
    const small = latencyVerdict(
      b40,
      b40.map((x) => x + 2),
    );
    expect(small.outcome).toBe('no change');
    expect(small.reason).toBe(
      "a 2.0% slower shift is significant but a slowdown of the gate's size is ruled out (median 104 ms vs 102 ms; 90% CI +1.3% to +2.7%; Mann-Whitney p < 0.0001, alpha 0.01; gate 5%)",
    );
    const none = latencyVerdict(
      b40,
      b40.map((x) => x + 0.05),
    );
    expect(none.reason).toBe(
      "no slowdown of the gate's size: the interval stays below it (median 102 ms vs 102 ms; 90% CI -0.6% to +0.7%; Mann-Whitney p = 0.85, alpha 0.01; gate 5%)",
    );
  });

  it('inconclusive: how many more samples per side, or that more will not settle it soon', () => {
    const v = latencyVerdict(ramp(10, 100, 3), ramp(10, 104, 3));
    expect(v).toMatchObject({ outcome: 'inconclusive', moreSamples: 369 });
    expect(v.reason).toBe(
      "3.5% slower by the medians, but the data neither show nor rule out a slowdown of the gate's size (median 117.5 ms vs 113.5 ms; 90% CI -4.3% to +12.9%; Mann-Whitney p = 0.31, alpha 0.01; gate 5%); about 369 more samples per side would likely decide it",
    );
    const wide = latencyVerdict(ramp(8, 100, 10), ramp(8, 105, 10));
    expect(wide.outcome).toBe('inconclusive');
    expect(wide).not.toHaveProperty('moreSamples');
    expect(wide.reason).toBe(
      "3.7% slower by the medians, but the data neither show nor rule out a slowdown of the gate's size (median 140 ms vs 135 ms; 90% CI -16.1% to +26.1%; Mann-Whitney p = 0.72, alpha 0.01; gate 5%); the estimate sits at the gate, so more samples are unlikely to settle it soon",
    );
  });

  it("past the gate, the test's critical z sets how many more samples: about 26 at alpha 0.01", () => {
    const v = latencyVerdict(ramp(10, 100, 3), ramp(10, 106, 3));
    expect(v).toMatchObject({ outcome: 'inconclusive', moreSamples: 26 });
    expect(v.reason).toMatch(
      /5\.3% slower by the medians, .*; about 26 more samples per side would likely decide it$/,
    );
  });

  it('a significant speedup smaller than the gate is no change, not an improvement', () => {
    const b40 = ramp(40, 100, 0.1);
    const v = latencyVerdict(
      b40,
      b40.map((x) => x * 0.98),
    );
    expect(v.outcome).toBe('no change');
    expect(v.reason).toBe(
      "a 2.0% faster shift is significant but a slowdown of the gate's size is ruled out (median 99.91 ms vs 102 ms; 90% CI -2.7% to -1.3%; Mann-Whitney p < 0.0001, alpha 0.01; gate 5%)",
    );
  });

  it('alpha itself is significant (p <= alpha), for the verdict and for the wording', () => {
    const b8 = ramp(8, 10, 0.1);
    const c8 = b8.map((x) => x * 1.2);
    const p = latencyVerdict(b8, c8).test.pValue; // 2 / C(16, 8): fully separated samples
    expect(latencyVerdict(b8, c8, { alpha: p }).outcome).toBe('regression');
    expect(latencyVerdict(b8, c8, { alpha: p * 0.99 })).toMatchObject({
      outcome: 'inconclusive',
      moreSamples: 3,
    });
    const b40 = ramp(40, 100, 0.1);
    const c40 = b40.map((x) => x + 2);
    const q = latencyVerdict(b40, c40).test.pValue;
    expect(latencyVerdict(b40, c40, { alpha: q }).reason).toMatch(/^a 2\.0% slower shift is significant but/);
  });

  it('equal medians read "0.0% slower"; a gate of 0 is allowed and reads "gate 0%"', () => {
    const v = latencyVerdict(ramp(8, 100, 10), [170, 100, 110, 120, 130, 140, 150, 160]);
    expect(v.reason).toMatch(
      /^0\.0% slower by the medians, .*; about 123 more samples per side would likely decide it$/,
    );
    expect(latencyVerdict(base, base, { minEffect: 0 }).reason).toContain(
      'Mann-Whitney p = 1, alpha 0.01; gate 0%); the estimate sits at the gate',
    );
  });

  it('counts the smaller side, and reports the iterations and seed it used', () => {
    const v = latencyVerdict(base.slice(0, 3), base);
    expect(v.reason).toBe(
      'only 3 sample(s) per side (median 10.45 ms vs 10.1 ms); at least 8 are needed to decide',
    );
    const set = latencyVerdict(base, base, { iterations: 500, seed: 3 });
    expect(set.interval).toMatchObject({ iterations: 500, seed: 3 });
  });

  it('rejects a gate of 100% or more and a minSamples that is not a positive integer', () => {
    expect(usageError(() => latencyVerdict(base, base, { minEffect: 1 })).message).toBe(
      'latency verdict minEffect: expected a number in [0, 1), got 1',
    );
    expect(usageError(() => latencyVerdict(base, base, { minSamples: 0 })).message).toContain(
      'latency verdict minSamples',
    );
  });

  it('fewer samples than minSamples: inconclusive, in the given unit, with the samples missing', () => {
    const v = latencyVerdict([10, 10.1, 9.9], [20, 21, 19], { unit: 's' });
    expect(v).toMatchObject({ outcome: 'inconclusive', moreSamples: 5 });
    expect(v.reason).toBe('only 3 sample(s) per side (median 20 s vs 10 s); at least 8 are needed to decide');
    expect(latencyVerdict(base.slice(0, 4), base.slice(0, 4), { minSamples: 4 }).outcome).toBe('no change');
  });
});

/** Paired pass vectors: pass->fail, fail->pass, pass->pass and fail->fail counts, in that order. */
function pairs(pf: number, fp: number, pp: number, ff: number): [boolean[], boolean[]] {
  const base: boolean[] = [];
  const cand: boolean[] = [];
  const kinds: [boolean, boolean, number][] = [
    [true, false, pf],
    [false, true, fp],
    [true, true, pp],
    [false, false, ff],
  ];
  for (const [b, c, count] of kinds) {
    for (let i = 0; i < count; i++) {
      base.push(b);
      cand.push(c);
    }
  }
  return [base, cand];
}

describe('accuracyVerdict options', () => {
  it('names the option it rejects', () => {
    const [b, c] = pairs(1, 1, 8, 0);
    expect(usageError(() => accuracyVerdict(b, c, { alpha: 1 })).message).toMatch(
      /^accuracy verdict alpha: /,
    );
    expect(usageError(() => accuracyVerdict(b, c, { minEffect: 2 })).message).toMatch(
      /^accuracy verdict minEffect: /,
    );
  });

  it('uses the iterations and seed it is given', () => {
    const [b, c] = pairs(6, 2, 30, 2);
    const v = accuracyVerdict(b, c, { iterations: 300, seed: 7 });
    expect(v.interval).toMatchObject({ iterations: 300, seed: 7 });
  });

  it('a McNemar p-value equal to alpha is significant', () => {
    // 5 pass->fail, none back: exact two-sided p = 2 / 2^5 = 0.0625.
    const [b, c] = pairs(5, 0, 5, 0);
    const at = accuracyVerdict(b, c, { alpha: 0.0625 });
    expect(at.test.pValue).toBe(0.0625);
    expect(at.outcome).toBe('regression');
    expect(accuracyVerdict(b, c, { alpha: 0.06 }).outcome).toBe('inconclusive');
  });
});

describe('accuracyVerdict reasons', () => {
  it('regression and improvement: the rates, the flips, the interval, the test and the gate', () => {
    expect(accuracyVerdict(...pairs(40, 8, 440, 12)).reason).toBe(
      'pass rate 0.8960 vs 0.9600 (-6.4 pts): a significant drop (40 pass->fail, 8 fail->pass of 500; 90% CI -8.8 pts to -4.2 pts; McNemar p < 0.0001, alpha 0.05; gate 1.0 pts)',
    );
    expect(accuracyVerdict(...pairs(8, 40, 440, 12)).reason).toBe(
      'pass rate 0.9600 vs 0.8960 (+6.4 pts): a significant gain (8 pass->fail, 40 fail->pass of 500; 90% CI +4.2 pts to +8.6 pts; McNemar p < 0.0001, alpha 0.05; gate 1.0 pts)',
    );
  });

  it('no change: no flips at all, or a gate-sized drop ruled out', () => {
    expect(accuracyVerdict(...pairs(0, 0, 90, 10)).reason).toBe(
      'pass rate 0.9000 vs 0.9000 (+0.0 pts): no sample changed outcome',
    );
    expect(accuracyVerdict(...pairs(4, 4, 1800, 192)).reason).toBe(
      "pass rate 0.9020 vs 0.9020 (+0.0 pts): a drop of the gate's size is ruled out (4 pass->fail, 4 fail->pass of 2000; 90% CI -0.3 pts to +0.3 pts; McNemar p = 1, alpha 0.05; gate 1.0 pts)",
    );
  });

  it('inconclusive past the gate: the exact McNemar figure', () => {
    const v = accuracyVerdict(...pairs(3, 2, 20, 0), { minEffect: 0.02 });
    expect(v).toMatchObject({ outcome: 'inconclusive', moreSamples: 525 });
    expect(v.reason).toBe(
      "pass rate 0.8800 vs 0.9200 (-4.0 pts): the flips neither show nor rule out a drop of the gate's size (3 pass->fail, 2 fail->pass of 25; 90% CI -20.0 pts to +12.0 pts; McNemar p = 1, alpha 0.05; gate 2.0 pts); at 550 samples (525 more) the exact McNemar test would reach alpha 0.05, if the flips kept their rate (3 pass->fail, 2 fail->pass in 25)",
    );
  });

  it('inconclusive where McNemar gives no figure: the interval-based estimate, or none', () => {
    // Below the gate: no McNemar search; the interval says about 3000 more.
    const below = accuracyVerdict(...pairs(3, 2, 180, 15));
    expect(below).toMatchObject({ outcome: 'inconclusive', moreSamples: 3000 });
    expect(below.reason).toBe(
      "pass rate 0.9100 vs 0.9150 (-0.5 pts): the flips neither show nor rule out a drop of the gate's size (3 pass->fail, 2 fail->pass of 200; 90% CI -2.5 pts to +1.5 pts; McNemar p = 1, alpha 0.05; gate 1.0 pts); about 3000 more samples would likely decide it",
    );
    // Past the gate, but 41 : 39 flips are too close for the McNemar search to finish.
    const close = accuracyVerdict(...pairs(41, 39, 0, 0), { minEffect: 0.02 });
    expect(close.moreSamples).toBe(6067);
    expect(close.reason).toMatch(/; about 6067 more samples would likely decide it$/);
    // A gate of 0.1 point against a +-3 point interval: more samples are no useful suggestion.
    const sits = accuracyVerdict(...pairs(2, 2, 80, 16), { minEffect: 0.001 });
    expect(sits.outcome).toBe('inconclusive');
    expect(sits).not.toHaveProperty('moreSamples');
    expect(sits.reason).toMatch(
      /gate 0\.1 pts\); the estimate sits at the gate, so more samples are unlikely to settle it soon$/,
    );
  });
});
