import { describe, expect, it } from 'vitest';
import { normalDeviate, seededRng } from '../src/compare/stats/rng.js';

describe('normalDeviate', () => {
  it('draws standard normal values: mean 0, variance 1, 95% within +-1.96 (20,000 seeded draws)', () => {
    const rng = seededRng(1);
    const xs = Array.from({ length: 20_000 }, () => normalDeviate(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const inside = xs.filter((x) => Math.abs(x) <= 1.96).length / xs.length;
    expect(Math.abs(inside - 0.95)).toBeLessThan(0.01);
  });
});
