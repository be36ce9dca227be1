import { describe, expect, it } from 'vitest';
import { classifyAgainstBand, noiseBand } from '../src/compare/stats/noise-band.js';
import { usageError } from './helpers.js';

// A flat history widened by a floor: the band is exactly 10 +- 2, so its edges are exact values.
const flat = noiseBand([10, 10, 10, 10, 10], { minHalfWidth: 2 });
const wild = noiseBand([10, 11, 9, 10, 12, 10, 100]);

describe('noiseBand', () => {
  it('the half-width is the largest of k sigma, the absolute floor and the relative floor', () => {
    const spread = [8, 9, 10, 11, 12]; // MAD 1
    expect(noiseBand(spread).halfWidth).toBeCloseTo(3 * 1.4826, 12);
    expect(noiseBand(spread, { minHalfWidth: 5 }).halfWidth).toBe(5);
    expect(noiseBand(spread, { minRelativeHalfWidth: 0.6 }).halfWidth).toBeCloseTo(6, 12);
    // Relative to |center|: a negative center gives a positive width.
    expect(noiseBand([-100, -100, -100], { minRelativeHalfWidth: 0.05 })).toMatchObject({
      center: -100,
      halfWidth: 5,
      lower: -105,
      upper: -95,
      k: 3,
      n: 3,
    });
    expect(flat).toMatchObject({ center: 10, sigma: 0, halfWidth: 2, lower: 8, upper: 12 });
  });

  it('rejects a negative or infinite k and floors, naming the option and the value', () => {
    expect(usageError(() => noiseBand([1], { k: -1 })).message).toBe(
      'noise band k: expected a number >= 0, got -1',
    );
    expect(usageError(() => noiseBand([1], { minHalfWidth: Number.POSITIVE_INFINITY })).message).toBe(
      'noise band minHalfWidth: expected a number >= 0, got Infinity',
    );
    expect(usageError(() => noiseBand([1], { minRelativeHalfWidth: Number.NaN })).message).toBe(
      'noise band minRelativeHalfWidth: expected a number >= 0, got NaN',
    );
    expect(noiseBand([1], { k: 0, minHalfWidth: 0, minRelativeHalfWidth: 0 }).halfWidth).toBe(0);
  });
});

describe('classifyAgainstBand', () => {
  it('the band edges are inside it: only a value beyond them counts, in the direction that is worse', () => {
    expect(classifyAgainstBand(12, flat, 'lower-is-better')).toMatchObject({
      outcome: 'no change',
      withinNoise: true,
    });
    expect(classifyAgainstBand(8, flat, 'lower-is-better')).toMatchObject({
      outcome: 'no change',
      withinNoise: true,
    });
    expect(classifyAgainstBand(12.5, flat, 'lower-is-better')).toMatchObject({
      outcome: 'regression',
      withinNoise: false,
    });
    expect(classifyAgainstBand(7.5, flat, 'lower-is-better').outcome).toBe('improvement');
    expect(classifyAgainstBand(12.5, flat, 'higher-is-better').outcome).toBe('improvement');
    expect(classifyAgainstBand(7.5, flat, 'higher-is-better')).toMatchObject({
      outcome: 'regression',
      effect: 0.25,
    });
  });

  it('says what decided, with the size and the band', () => {
    expect(classifyAgainstBand(15, wild, 'lower-is-better').reason).toBe(
      '50.0% worse, outside the noise band: 15 vs noise band 10 +- 4.448 (median +- 3 x 1.4826 x MAD of 7 past runs)',
    );
    expect(classifyAgainstBand(5, wild, 'lower-is-better').reason).toBe(
      '50.0% better, outside the noise band: 5 vs noise band 10 +- 4.448 (median +- 3 x 1.4826 x MAD of 7 past runs)',
    );
    expect(classifyAgainstBand(12, wild, 'lower-is-better').reason).toBe(
      'within run-to-run noise: 12 vs noise band 10 +- 4.448 (median +- 3 x 1.4826 x MAD of 7 past runs)',
    );
  });

  it('outside the band but smaller than the gate is no change, and says so; the gate itself counts', () => {
    const worse = classifyAgainstBand(15, wild, 'lower-is-better', { minEffect: 0.6 });
    expect(worse.outcome).toBe('no change');
    expect(worse.reason).toBe(
      'outside the noise band but 50.0% worse is below the 60.0% gate: 15 vs noise band 10 +- 4.448 (median +- 3 x 1.4826 x MAD of 7 past runs)',
    );
    const better = classifyAgainstBand(5, wild, 'lower-is-better', { minEffect: 0.6 });
    expect(better.outcome).toBe('no change');
    expect(better.reason).toContain('outside the noise band but 50.0% better is below the 60.0% gate');
    expect(classifyAgainstBand(15, wild, 'lower-is-better', { minEffect: 0.5 }).outcome).toBe('regression');
    expect(classifyAgainstBand(5, wild, 'lower-is-better', { minEffect: 0.5 }).outcome).toBe('improvement');
  });

  it('too short a history is inconclusive whatever the value; minHistory past runs are enough', () => {
    const short = classifyAgainstBand(15, noiseBand([10, 10, 11]), 'lower-is-better');
    expect(short).toMatchObject({ outcome: 'inconclusive', withinNoise: false, effect: 0.5 });
    expect(short.reason).toBe(
      'only 3 past run(s); the noise band needs at least 5 (15 vs noise band 10 +- 0 (median +- 3 x 1.4826 x MAD of 3 past runs))',
    );
    expect(classifyAgainstBand(15, flat, 'lower-is-better').outcome).toBe('regression');
    expect(classifyAgainstBand(15, flat, 'lower-is-better', { minHistory: 6 }).outcome).toBe('inconclusive');
  });

  it('z is in band sigmas: the half-width over k, or sigma when k is 0; infinite on a zero band', () => {
    expect(
      classifyAgainstBand(13, noiseBand([10, 10, 10, 10, 10], { minHalfWidth: 6 }), 'lower-is-better').z,
    ).toBe(1.5);
    const k0 = noiseBand([8, 9, 10, 11, 12], { k: 0, minHalfWidth: 1 });
    expect(classifyAgainstBand(12, k0, 'lower-is-better').z).toBeCloseTo(2 / 1.4826, 12);
    const zero = noiseBand([10, 10, 10, 10, 10]);
    expect(classifyAgainstBand(11, zero, 'lower-is-better').z).toBe(Number.POSITIVE_INFINITY);
    expect(classifyAgainstBand(9, zero, 'lower-is-better').z).toBe(Number.NEGATIVE_INFINITY);
    expect(classifyAgainstBand(10, zero, 'lower-is-better').z).toBe(0);
  });
});
