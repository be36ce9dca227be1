import { describe, expect, it } from 'vitest';
import { severity } from '../src/compare/stats/severity.js';
import { UsageError } from '../src/errors.js';

const base = { mode: 'block' as const, withinNoise: false };

describe('severity levels at their boundaries', () => {
  it('refuses a NaN effect and a negative or NaN threshold, naming the value', () => {
    expect(() => severity({ ...base, effect: Number.NaN })).toThrow(
      new UsageError('severity: effect is NaN'),
    );
    expect(() => severity({ ...base, effect: 0.1, threshold: -0.01 })).toThrow(
      'severity: threshold must be >= 0, got -0.01',
    );
    expect(() => severity({ ...base, effect: 0.1, threshold: Number.NaN })).toThrow(
      'severity: threshold must be >= 0, got NaN',
    );
    // A zero threshold is allowed: any significant worsening is gate-sized.
    expect(severity({ ...base, effect: 0.001, threshold: 0 })).toBe(5);
  });

  it('no worsening (effect exactly 0) is level 1, even when significant', () => {
    expect(severity({ ...base, effect: 0, pValue: 0 })).toBe(1);
    expect(severity({ ...base, effect: -0.2, pValue: 0 })).toBe(1);
  });

  it('inconclusive: level 2 from exactly the gate, level 1 below it', () => {
    expect(severity({ ...base, effect: 0.05, inconclusive: true })).toBe(2);
    expect(severity({ ...base, effect: 0.0499, inconclusive: true })).toBe(1);
  });

  it('a p-value equal to alpha is significant; just above it is not', () => {
    expect(severity({ ...base, effect: 0.2, pValue: 0.01 })).toBe(5);
    expect(severity({ ...base, effect: 0.2, pValue: 0.0101 })).toBe(2);
    expect(severity({ ...base, effect: 0.2, pValue: 0.05, alpha: 0.05 })).toBe(5);
  });

  it('an effect equal to the gate is gate-sized; equal to twice the gate is large', () => {
    expect(severity({ ...base, effect: 0.05 })).toBe(4);
    expect(severity({ ...base, effect: 0.0499 })).toBe(2);
    expect(severity({ ...base, effect: 0.1 })).toBe(5);
    expect(severity({ ...base, mode: 'warn', effect: 0.05 })).toBe(3);
    expect(severity({ ...base, mode: 'warn', effect: 0.1 })).toBe(4);
    expect(severity({ ...base, mode: 'info', effect: 0.1 })).toBe(3);
    expect(severity({ ...base, effect: 0.1, withinNoise: true })).toBe(1);
  });
});
