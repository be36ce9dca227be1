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

describe('coverage max_drop: the boundary, the wording and the severity', () => {
  const lines = (g: Record<string, unknown>, now: CoverageResult, base: CoverageResult | undefined) =>
    coverageGateResults(now, base, gates({ lines: g }));

  it('a drop exactly at the allowance passes; a gain beyond it is an improvement, worded with a plus', () => {
    expect(lines({ max_drop: 2 }, section(78), section(80)).findings[0]).toMatchObject({
      outcome: 'no change',
      reason: '80.00% → 78.00% (−2.00 points; allowed drop 2 points)',
      severity: 1,
    });
    expect(lines({ max_drop: 2 }, section(82), section(80)).findings[0]).toMatchObject({
      outcome: 'no change',
      reason: '80.00% → 82.00% (+2.00 points; allowed drop 2 points)',
    });
    expect(lines({ max_drop: 2 }, section(83), section(80)).findings[0]).toMatchObject({
      outcome: 'improvement',
      worsening: -3 / 80,
      severity: 1,
    });
    // With no allowance at all, any gain is not called an improvement.
    expect(lines({ max_drop: 0 }, section(83), section(80)).findings[0]?.outcome).toBe('no change');
    expect(lines({ max_drop: 0 }, section(80), section(80)).findings[0]?.reason).toBe(
      '80.00% → 80.00% (−0.00 points; allowed drop 0 points)',
    );
  });

  it('a relative allowance is not written in points', () => {
    expect(lines({ max_drop: '5%' }, section(70), section(80)).findings[0]).toMatchObject({
      outcome: 'regression',
      reason: '80.00% → 70.00% (−10.00 points; allowed drop 5%)',
    });
  });

  it('severity weighs the drop against the allowance relative to the baseline', () => {
    // 3 points of 80 against 2 of 80: below twice the gate, 4; 6 points (3x), 5.
    expect(lines({ max_drop: 2 }, section(77), section(80)).findings[0]?.severity).toBe(4);
    expect(lines({ max_drop: 2 }, section(74), section(80)).findings[0]?.severity).toBe(5);
    expect(lines({ max_drop: 2, mode: 'warn' }, section(77), section(80)).findings[0]?.severity).toBe(3);
  });

  it('from a zero baseline nothing can drop: no change, worsening 0', () => {
    expect(lines({ max_drop: 1 }, section(0), section(0)).findings[0]).toMatchObject({
      outcome: 'no change',
      worsening: 0,
      severity: 1,
    });
    expect(lines({ max_drop: '5%' }, section(0), section(0)).findings[0]?.severity).toBe(1);
  });

  it('indirect changes are left out of the drop unless gated, and the reason says so', () => {
    const totals = (covered: number) => ({
      lines: { covered, total: 10 },
      statements: { covered, total: 10 },
      functions: { covered, total: 10 },
      branches: { covered, total: 10 },
    });
    const withIndirect = (gateIndirect: boolean): CoverageResult => ({
      ...section(77),
      comparison: {
        source: 'base.json',
        totals: section(80).totals,
        newFiles: [],
        deletedFiles: [],
        changed: [],
        indirect: [{ path: 'src/flaky.ts', before: totals(10), after: totals(7) }],
        indirectKnown: true,
        gateIndirect,
      },
    });
    const f = lines({ max_drop: 1 }, withIndirect(false), section(80)).findings[0];
    expect(f).toMatchObject({ outcome: 'no change', current: 80 });
    expect(f?.reason).toBe('80.00% → 80.00% (−0.00 points; allowed drop 1 point); indirect changes left out');
    const gated = lines({ max_drop: 1 }, withIndirect(true), section(80)).findings[0];
    expect(gated).toMatchObject({ outcome: 'regression', current: 77 });
    expect(gated?.reason).not.toContain('indirect');
  });

  it('a gate that cannot be judged is a not-evaluated row with the reason, never a finding', () => {
    const none = lines({ min: 50, max_drop: 1 }, section(80), undefined);
    expect(none.findings).toEqual([]);
    expect(none.outcomes.map((o) => [o.rule, o.status, o.reason])).toEqual([
      [undefined, 'pass', undefined],
      ['max_drop 1', 'not evaluated', 'the baseline has no coverage section'],
    ]);
    const told = coverageGateResults(
      section(80),
      undefined,
      gates({ lines: { max_drop: 1 } }),
      'no baseline found',
    );
    expect(told.outcomes[0]?.reason).toBe('no baseline found');
  });

  it('a finding carries the signed delta and the threshold method', () => {
    expect(lines({ max_drop: 1 }, section(77), section(80)).findings[0]).toMatchObject({
      delta: -3,
      method: 'threshold',
    });
  });

  it('a min gate fails only below the minimum', () => {
    expect(lines({ min: 80 }, section(80), undefined).outcomes[0]?.status).toBe('pass');
    expect(lines({ min: 80 }, section(79), undefined).outcomes[0]?.status).toBe('fail');
  });
});
