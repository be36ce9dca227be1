import { describe, expect, it } from 'vitest';
import { changePoints } from '../src/compare/stats/change-points.js';

const run = (level: number, n: number) => Array.from({ length: n }, () => level);

describe('changePoints: inputs, boundaries and which steps are kept', () => {
  it('names each bad option and the bad value', () => {
    expect(() => changePoints([1, Number.NaN])).toThrow('change-point series: value at index 1 is NaN');
    expect(() => changePoints([1], { alpha: 1.5 })).toThrow(
      'change-point alpha: expected a number in (0, 1), got 1.5',
    );
    expect(() => changePoints([1], { minSize: 0 })).toThrow(
      'change-point minSize: expected a positive integer, got 0',
    );
    expect(() => changePoints([1], { maxChangePoints: 0 })).toThrow(
      'change-point maxChangePoints: expected a positive integer, got 0',
    );
    expect(() => changePoints([1], { minRelativeShift: -0.1 })).toThrow(
      'change-point minRelativeShift: expected >= 0, got -0.1',
    );
    expect(() => changePoints([1], { minRelativeShift: Number.NaN })).toThrow('got NaN');
    expect(changePoints([1], { minRelativeShift: 0 })).toEqual([]);
  });

  it('a series of exactly 2 x minSize can split in the middle, each side exactly minSize long', () => {
    const found = changePoints([...run(1, 5), ...run(9, 5)], { alpha: 0.1 });
    expect(found.map((c) => [c.index, c.before, c.after])).toEqual([[5, 1, 9]]);
  });

  it('of two equally strong split points, the first is taken', () => {
    // |U| is 30 after the fifth value and after the sixth (the 5 ties with nothing on either side).
    const found = changePoints([...run(1, 5), 5, ...run(9, 5)], { alpha: 0.1 });
    expect(found.map((c) => c.index)).toEqual([5]);
  });

  it('a step of exactly minRelativeShift is kept', () => {
    const series = [...run(10, 10), ...run(12, 10)];
    expect(changePoints(series, { minRelativeShift: 0.2 }).map((c) => c.relativeShift)).toEqual([0.2]);
    expect(changePoints(series, { minRelativeShift: 0.21 })).toEqual([]);
  });

  it('maxChangePoints keeps the most significant steps, whichever side of the first split they are on', () => {
    // The first split (at 16) leaves a step on each side: a weaker one (5 values against 11) and a
    // stronger one (8 against 8). The second change point kept is the stronger, left or right.
    const strongRight = [...run(0, 5), ...run(10, 11), ...run(20, 8), ...run(30, 8)];
    const opts = { alpha: 0.1 };
    expect(changePoints(strongRight, opts).map((c) => c.index)).toEqual([5, 16, 24]);
    expect(changePoints(strongRight, { ...opts, maxChangePoints: 2 }).map((c) => c.index)).toEqual([16, 24]);
    const strongLeft = [...strongRight].reverse();
    expect(changePoints(strongLeft, opts).map((c) => c.index)).toEqual([8, 16, 27]);
    expect(changePoints(strongLeft, { ...opts, maxChangePoints: 2 }).map((c) => c.index)).toEqual([8, 16]);
    expect(changePoints(strongLeft, { ...opts, maxChangePoints: 1 }).map((c) => c.index)).toEqual([16]);
  });
});
