import { describe, expect, it } from 'vitest';
import { coverageGateResults } from '../src/compare/coverage-gates.js';
import { verdictOf } from '../src/compare/gates.js';
import { CoverageConfigSchema, coverageGates } from '../src/config/coverage.js';
import type { CoverageResult } from '../src/results/coverage.js';

function section(linesCovered: number, patch?: number): CoverageResult {
  const c = (covered: number) => ({ covered, total: 100 });
  return {
    inputs: [],
    totals: { lines: c(linesCovered), statements: c(linesCovered), functions: c(90), branches: c(70) },
    files: [],
    ignored: { count: 0, files: [] },
    notices: [],
    ...(patch === undefined
      ? {}
      : {
          patch: {
            base: 'main',
            mergeBase: 'a',
            head: 'b',
            lines: { covered: patch, total: 100 },
            files: [],
            notInReport: [],
          },
        }),
  };
}

const gates = (g: Record<string, unknown>) =>
  coverageGates(CoverageConfigSchema.parse({ files: ['x'], gates: g }));

describe('coverage gates through the shared machinery', () => {
  it('max_drop in points against the baseline: a 3-point drop past 1 point blocks', () => {
    const r = coverageGateResults(section(77), section(80), gates({ lines: { max_drop: 1 } }));
    expect(r.findings).toEqual([
      expect.objectContaining({
        metric: 'coverage.lines',
        base: 80,
        current: 77,
        outcome: 'regression',
        mode: 'block',
        rule: 'max_drop 1',
      }),
    ]);
    expect(verdictOf(r.outcomes, r.findings)).toBe('regression');
    expect(r.findings[0]?.reason).toContain('(−3.00 points; allowed drop 1 point)');
  });

  it('a relative max_drop of 5% allows 4 points of an 80% baseline', () => {
    const r = coverageGateResults(section(77), section(80), gates({ lines: { max_drop: '5%' } }));
    expect(r.findings[0]?.outcome).toBe('no change');
  });

  it('patch coverage min gates this change alone; without a diff it is skipped, not failed', () => {
    const low = coverageGateResults(section(80, 40), undefined, gates({ patch: { min: 80, mode: 'warn' } }));
    expect(low.outcomes).toEqual([
      expect.objectContaining({ metric: 'coverage.patch', value: 40, status: 'fail', mode: 'warn' }),
    ]);
    expect(verdictOf(low.outcomes, low.findings)).toBe('warning');
    // Without a diff the gate is listed as not evaluated, with the reason (issue 14), never failed.
    const none = coverageGateResults(section(80), undefined, gates({ patch: { min: 80 } }));
    expect(none.outcomes).toEqual([
      expect.objectContaining({
        metric: 'coverage.patch',
        status: 'not evaluated',
        rule: 'min 80',
        reason: 'no patch coverage: no diff against the base (see the coverage section)',
      }),
    ]);
    expect(verdictOf(none.outcomes, none.findings)).toBe('pass');
  });
});
