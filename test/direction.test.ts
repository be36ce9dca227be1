import { describe, expect, it } from 'vitest';
import { absoluteRegression, relativeChange, relativeRegression } from '../src/compare/stats/direction.js';

describe('direction-aware changes', () => {
  it('relativeChange divides by |base|: the sign follows cur - base', () => {
    expect(relativeChange(10, 12)).toBeCloseTo(0.2, 14);
    expect(relativeChange(10, 8)).toBeCloseTo(-0.2, 14);
    expect(relativeChange(-10, -8)).toBeCloseTo(0.2, 14);
  });

  it('from a zero base: 0 when still 0, else an unbounded change with its sign', () => {
    expect(relativeChange(0, 0)).toBe(0);
    expect(relativeChange(0, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(relativeChange(0, -5)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('relativeRegression is positive when worse, in either direction', () => {
    expect(relativeRegression(100, 130, 'lower-is-better')).toBeCloseTo(0.3, 14);
    expect(relativeRegression(0.9, 0.81, 'higher-is-better')).toBeCloseTo(0.1, 14);
    expect(relativeRegression(0.9, 0.99, 'higher-is-better')).toBeCloseTo(-0.1, 14);
  });

  it('absoluteRegression is the worsening in the metric units', () => {
    expect(absoluteRegression(100, 130, 'lower-is-better')).toBe(30);
    expect(absoluteRegression(100, 70, 'lower-is-better')).toBe(-30);
    expect(absoluteRegression(0.75, 0.5, 'higher-is-better')).toBe(0.25);
    expect(absoluteRegression(0.5, 0.75, 'higher-is-better')).toBe(-0.25);
  });
});
