import { describe, expect, it } from 'vitest';
import {
  checkPositiveInt,
  checkSample,
  mean,
  medianSorted,
  quantileSorted,
} from '../src/compare/stats/describe.js';

describe('descriptive statistics and their input checks', () => {
  it('a non-finite value is named with its index', () => {
    expect(() => checkSample([1, Number.NaN], 'base latency')).toThrow(
      'base latency: value at index 1 is NaN, expected a finite number',
    );
    expect(() => checkSample([1, 2, Number.POSITIVE_INFINITY], 'x')).toThrow('value at index 2 is Infinity');
    expect(() => checkSample([1, 2], 'x')).not.toThrow();
  });

  it('1 is a positive integer; 0 and 1.5 are not', () => {
    expect(() => checkPositiveInt(1, 'resamples')).not.toThrow();
    expect(() => checkPositiveInt(0, 'resamples')).toThrow('resamples: expected a positive integer, got 0');
    expect(() => checkPositiveInt(1.5, 'resamples')).toThrow('got 1.5');
  });

  it('quantiles interpolate between ranks and reach the ends', () => {
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
    expect(quantileSorted([1, 2, 3], 0)).toBe(1);
    expect(quantileSorted([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(medianSorted([])).toBeNaN();
  });

  it('mean of values; NaN for none', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean(Float64Array.from([-1, 5]))).toBe(2);
    expect(mean([])).toBeNaN();
  });
});
